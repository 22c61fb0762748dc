// Internals of the interchange reader shared by its files (not part of the module's interface):
// the format's columns as resolved from a header and the reading of one row's cells, each
// problem worded in Vietnamese against its file, row and column. Apart from the staging so that
// what a cell may hold, and what is said when it does not, is read in one place.
#pragma once

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kernel/format_vi.hpp"
#include "kernel/vocabulary.hpp"
#include "modules/registry/domain/household_batch.hpp"
#include "platform/csv.hpp"
#include "platform/table.hpp"

namespace giamngheo::io::interchange_detail {

inline std::string join(const std::vector<std::string>& values, const char* separator) {
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "" : separator) + v;
    return out;
}

inline std::string_view trim(std::string_view text) {
    auto blank = [](char c) { return c == ' ' || c == '\t'; };
    while (!text.empty() && blank(text.front())) text.remove_prefix(1);
    while (!text.empty() && blank(text.back())) text.remove_suffix(1);
    return text;
}

inline bool all_digits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "36,5" as typed in a Vietnamese spreadsheet is 36.5: one comma and no point is a decimal comma.
inline std::string with_decimal_point(std::string_view value) {
    std::string out(value);
    if (std::count(out.begin(), out.end(), ',') == 1 && out.find('.') == std::string::npos)
        out[out.find(',')] = '.';
    return out;
}

// Positions of the format's columns in one file, resolved once from its header. A header is the
// column's key or its Vietnamese label (the template's, "Mã hộ").
class ColumnMap {
public:
    ColumnMap(const std::vector<std::string>& header, InterchangeFile file, const std::string& source,
              const std::vector<std::string>& known, const std::vector<std::string>& required,
              std::vector<Problem>& problems);
    static constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);
    // Position of known column number `k` (its index in the format's column list).
    [[nodiscard]] std::size_t operator[](std::size_t k) const { return known_[k]; }
    [[nodiscard]] const std::map<std::string, std::size_t>& by_name() const { return by_name_; }

private:
    std::map<std::string, std::size_t> by_name_;
    std::vector<std::size_t> known_;
};

// The columns the format does not know, in file order, kept as extra answers.
using ExtraColumns = std::vector<std::pair<std::size_t, std::int32_t>>;  // position, id in extra_names
ExtraColumns extra_columns(const ColumnMap& columns, const std::vector<std::string>& known,
                           const std::string& override_prefix, StringTable& names);
void append_extras(const std::vector<std::string_view>& fields, const ExtraColumns& columns, ExtraAnswers& out);

// No cell of the format needs more: names, villages and extra answers are short; a longer cell
// is a mistake (a file of another shape) or an attempt to fill the store.
constexpr std::size_t kMaxCellBytes = 1024;

// Reads the cells of one row and records problems against it. Every reader takes the column's
// position in the format's list (kHouseholdColumns / kMemberColumns) and its name for messages.
class RowReader {
public:
    RowReader(const std::vector<std::string_view>& fields, long row, const std::string& source, const ColumnMap& columns,
              const std::vector<std::string>& names, std::vector<Problem>& problems)
        : fields_(fields), row_(row), source_(source), columns_(columns), names_(names), problems_(problems) {}

    [[nodiscard]] long row() const { return row_; }

    // The cell, trimmed, as a view into the row (valid while the row lives).
    [[nodiscard]] std::string_view view(std::size_t k) const { return at(columns_[k]); }
    [[nodiscard]] std::string_view at(std::size_t position) const {
        return position < fields_.size() ? unneutralised(trim(fields_[position])) : std::string_view{};
    }

    void problem(const std::string& column, const std::string& message) const {
        problems_.push_back({source_, row_, column, message});
    }
    void problem(std::size_t k, const std::string& message) const { problem(names_[k], message); }

    // The row has exactly one cell per column of the header, none longer than kMaxCellBytes: a
    // cell too many or too few is never dropped or made up.
    void check_shape(const std::vector<std::string>& header) const {
        const auto count = [](std::size_t n) { return std::to_string(n); };
        if (fields_.size() > header.size())
            problem("thứ " + count(header.size() + 1),
                    "dòng có " + count(fields_.size()) + " ô nhưng dòng tiêu đề có " + count(header.size()) +
                        " cột; một giá trị có dấu phẩy cần đặt trong dấu ngoặc kép");
        else if (fields_.size() < header.size())
            problem(header[fields_.size()], "dòng chỉ có " + count(fields_.size()) + " ô nhưng dòng tiêu đề có " +
                                                count(header.size()) + " cột; thiếu từ cột này");
        for (std::size_t i = 0; i < fields_.size(); ++i)
            if (fields_[i].size() > kMaxCellBytes)
                problem(i < header.size() ? header[i] : "thứ " + count(i + 1),
                        "ô dài " + count(fields_[i].size()) + " byte, quá giới hạn " + count(kMaxCellBytes) + " byte");
    }

    std::string_view required(std::size_t k) const {
        const std::string_view value = view(k);
        if (value.empty()) problem(k, "bắt buộc nhưng đang để trống");
        return value;
    }

    std::uint8_t code(std::size_t k, CodeField field) const {
        const std::string_view value = view(k);
        if (value.empty()) return 0;
        std::uint8_t id = code_id(field, value);
        if (id == 0) id = code_id_by_label(field, trim(value));  // "Kiên cố" as typed in Excel
        if (id == 0)
            problem(k, "giá trị \"" + std::string(value) + "\" không hợp lệ; cần một trong: " + accepted_values(field));
        return id;
    }

    // 0 no, 1 yes, 2 unknown (empty or invalid).
    std::uint8_t boolean_at(std::size_t position, const std::string& column) const {
        const std::string_view value = at(position);
        if (value.empty()) return 2;
        if (value == "1") return 1;
        if (value == "0") return 0;
        if (const auto answer = answer_by_label(value)) return *answer ? 1 : 0;  // "Có" / "Không" from the template
        problem(column, "giá trị \"" + std::string(value) + "\" không hợp lệ; cần Có hoặc Không (1 hoặc 0)");
        return 2;
    }
    std::uint8_t boolean(std::size_t k) const { return boolean_at(columns_[k], names_[k]); }

    std::int64_t whole_number(std::size_t k) const {
        const std::string_view value = view(k);
        if (value.empty()) return kUnknownNumber;
        std::int64_t number = 0;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
        if (ec == std::errc() && end == value.data() + value.size() && number >= 0) return number;
        if (const auto typed = parse_integer_vi(trim(value))) return *typed;  // "1.200.000"
        problem(k, "giá trị \"" + std::string(value) +
                       "\" không hợp lệ; cần số nguyên không âm (đồng), ví dụ 1200000 hoặc 1.200.000");
        return kUnknownNumber;
    }

    double decimal(std::size_t k) const {
        const std::string decimal_point = with_decimal_point(view(k));
        const std::string_view value = decimal_point;
        const double unknown = std::numeric_limits<double>::quiet_NaN();
        if (value.empty()) return unknown;
        double number = 0;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
        if (ec != std::errc() || end != value.data() + value.size() || number < 0 || !std::isfinite(number)) {
            problem(k, "giá trị \"" + std::string(value) + "\" không hợp lệ; cần số không âm, ví dụ 36,5");
            return unknown;
        }
        return number;
    }

    // Decimal in thousandths, exactly: "8", "23.99", "7.125".
    std::int64_t thousandths(std::size_t k) const {
        const std::string decimal_point = with_decimal_point(view(k));
        const std::string_view value = decimal_point;
        if (value.empty()) return kUnknownNumber;
        const auto dot = value.find('.');
        const std::string_view whole = value.substr(0, dot);
        const std::string_view fraction = dot == std::string_view::npos ? std::string_view{} : value.substr(dot + 1);
        if (whole.empty() || !all_digits(whole) || !all_digits(fraction) || fraction.size() > 3 || whole.size() > 12 ||
            (dot != std::string_view::npos && fraction.empty())) {
            problem(k, "giá trị \"" + std::string(value) +
                           "\" không hợp lệ; cần số m² không âm, tối đa 3 chữ số thập phân, ví dụ 36,5");
            return kUnknownNumber;
        }
        std::int64_t number = 0;
        for (char c : whole) number = number * 10 + (c - '0');
        for (std::size_t i = 0; i < 3; ++i) number = number * 10 + (i < fraction.size() ? fraction[i] - '0' : 0);
        return number;
    }

private:
    const std::vector<std::string_view>& fields_;
    long row_;
    const std::string& source_;
    const ColumnMap& columns_;
    const std::vector<std::string>& names_;
    std::vector<Problem>& problems_;
};

// Empty when `id` is a valid personal identification number for a member born in `birth_year`
// of `sex` (0 unknown, 1 male, 2 female), otherwise the reason (Vietnamese).
std::string personal_id_reason(std::string_view id, int birth_year, std::uint8_t sex);

// Positions in kHouseholdColumns / kMemberColumns (interchange_cells.cpp keeps both in step).
enum HouseholdColumn : std::size_t {
    kHouseholdId, kUnitCode, kVillage, kHeadName, kArea, kIncome, kScoreA, kHousingType, kHousingArea, kWaterSource,
    kLatrine, kInfoAssets, kLoudspeaker, kWasteTreatment, kCurrentUnitCode
};
enum MemberColumn : std::size_t {
    kMemberHouseholdId, kMemberId, kFullName, kPersonalId, kRelation, kSex, kBirthDate, kEthnicity, kDisability,
    kSocialProtection, kRevolutionaryMerit, kHealthInsurance, kEmployment, kAttendingLevel, kCompletedLevel, kStunted,
    kUnderweight, kUsesPhone, kUsesInternet
};

// Member columns that are yes/no answers, with their bit in the image.
constexpr std::pair<MemberColumn, std::uint16_t> kMemberFlags[] = {
    {kSocialProtection, kFlagSocialProtection}, {kRevolutionaryMerit, kFlagRevolutionaryMerit},
    {kHealthInsurance, kFlagHealthInsurance},   {kStunted, kFlagStunted},
    {kUnderweight, kFlagUnderweight},           {kUsesPhone, kFlagUsesPhone},
    {kUsesInternet, kFlagUsesInternet}};

}  // namespace giamngheo::io::interchange_detail
