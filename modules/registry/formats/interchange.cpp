#include "modules/registry/formats/interchange.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <charconv>
#include <cmath>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <thread>

#include "kernel/date.hpp"
#include "kernel/format_vi.hpp"
#include "kernel/vocabulary.hpp"
#include "platform/ordered_pipeline.hpp"
#include "platform/csv.hpp"
#include "platform/utf8.hpp"
#include "platform/mapped_file.hpp"
#include "platform/spill.hpp"

namespace giamngheo::io {

const std::vector<std::string> kHouseholdColumns = {
    "household_id", "unit_code", "village", "head_name", "area", "income_per_capita", "score_a",
    "housing_type", "housing_area_m2", "water_source", "latrine", "info_assets", "hears_loudspeaker",
    "waste_treatment", "current_unit_code"};
const std::vector<std::string> kMemberColumns = {
    "household_id", "member_id", "full_name", "personal_id", "relation", "sex", "birth_date",
    "ethnicity", "disability", "social_protection", "revolutionary_merit", "health_insurance",
    "employment", "attending_level", "completed_level", "stunted", "underweight", "uses_phone",
    "uses_internet"};

namespace {

std::string join(const std::vector<std::string>& values, const char* separator) {
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "" : separator) + v;
    return out;
}

std::string_view trim(std::string_view text) {
    auto blank = [](char c) { return c == ' ' || c == '\t'; };
    while (!text.empty() && blank(text.front())) text.remove_prefix(1);
    while (!text.empty() && blank(text.back())) text.remove_suffix(1);
    return text;
}

bool all_digits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "36,5" as typed in a Vietnamese spreadsheet is 36.5: one comma and no point is a decimal comma.
std::string with_decimal_point(std::string_view value) {
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
              std::vector<Problem>& problems)
        : known_(known.size(), kAbsent) {
        for (std::size_t i = 0; i < header.size(); ++i) {
            const std::string name = column_key_by_header(file, unneutralised(trim(header[i])));  // as written by to_csv
            if (name.empty()) {
                problems.push_back({source, 1, "cột " + std::to_string(i + 1), "tiêu đề cột để trống"});
                continue;
            }
            if (!by_name_.emplace(name, i).second) problems.push_back({source, 1, name, "tiêu đề cột bị lặp"});
        }
        for (const auto& name : required)
            if (!by_name_.count(name)) problems.push_back({source, 1, name, "thiếu cột bắt buộc"});
        for (std::size_t k = 0; k < known.size(); ++k)
            if (auto it = by_name_.find(known[k]); it != by_name_.end()) known_[k] = it->second;
    }
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
                           const std::string& override_prefix, StringTable& names) {
    std::vector<std::pair<std::size_t, std::string>> ordered;
    for (const auto& [name, position] : columns.by_name()) {
        if (std::find(known.begin(), known.end(), name) != known.end()) continue;
        if (!override_prefix.empty() && name.rfind(override_prefix, 0) == 0) continue;
        ordered.emplace_back(position, name);
    }
    std::sort(ordered.begin(), ordered.end());
    ExtraColumns out;
    for (const auto& [position, name] : ordered) out.emplace_back(position, names.intern(name));
    return out;
}

void append_extras(const std::vector<std::string_view>& fields, const ExtraColumns& columns, ExtraAnswers& out) {
    for (const auto& [position, name] : columns) {
        if (position >= fields.size() || fields[position].empty()) continue;
        out.name.push_back(name);
        out.value.append(unneutralised(fields[position]));
    }
    out.close_row();
}

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

// Row numbers by text key, for duplicate checks over millions of ids: open addressing over
// indices into a column the caller owns, so no key is copied. Each slot keeps 32 bits of the
// key's hash beside the index, so a probe reads the key itself only when those bits agree.
template <class KeyOf>
class KeyIndex {
public:
    // Sized for `expected` keys, so that that many are inserted without growing.
    explicit KeyIndex(KeyOf key_of, std::size_t expected = 512)
        : key_of_(std::move(key_of)), slots_(std::bit_ceil(std::max<std::size_t>(expected, 512) * 4 / 3 + 1), 0) {}

    // Inserts entry `entry` under `key` unless the key is there; returns the entry holding it.
    std::uint32_t insert(std::string_view key, std::uint32_t entry) {
        // At most three slots in four full: the 32-bit tags keep probes cheap, and at national
        // size (94 million member ids) each halving of the load costs a gigabyte.
        if ((size_ + 1) * 4 > slots_.size() * 3) grow();
        const std::uint64_t tag = tag_of(key);
        const std::size_t slot = locate(key, tag);
        if (slots_[slot] != 0) return entry_of(slots_[slot]);
        slots_[slot] = (tag << 32) | (static_cast<std::uint64_t>(entry) + 1);
        ++size_;
        return entry;
    }
    [[nodiscard]] std::optional<std::uint32_t> find(std::string_view key) const {
        const std::size_t slot = locate(key, tag_of(key));
        if (slots_[slot] == 0) return std::nullopt;
        return entry_of(slots_[slot]);
    }

private:
    // The slot holding `key`, or the empty slot where it would go.
    [[nodiscard]] std::size_t locate(std::string_view key, std::uint64_t tag) const {
        std::size_t slot = tag & (slots_.size() - 1);
        while (slots_[slot] != 0 && ((slots_[slot] >> 32) != tag || key_of_(entry_of(slots_[slot])) != key))
            slot = (slot + 1) & (slots_.size() - 1);
        return slot;
    }
    static std::uint64_t tag_of(std::string_view key) { return std::hash<std::string_view>{}(key) >> 32; }
    static std::uint32_t entry_of(std::uint64_t slot) { return static_cast<std::uint32_t>(slot) - 1; }
    void grow() {
        std::vector<std::uint64_t> old(slots_.size() * 2, 0);
        old.swap(slots_);
        for (const auto value : old) {
            if (value == 0) continue;
            std::size_t slot = (value >> 32) & (slots_.size() - 1);
            while (slots_[slot] != 0) slot = (slot + 1) & (slots_.size() - 1);
            slots_[slot] = value;
        }
    }
    KeyOf key_of_;
    std::vector<std::uint64_t> slots_;  // 0 = empty, else hash tag << 32 | (entry + 1)
    std::size_t size_ = 0;
};

std::string personal_id_reason(std::string_view id, int birth_year, std::uint8_t sex) {
    if (id.size() != 12 || !all_digits(id)) return "số định danh cá nhân phải gồm đúng 12 chữ số";
    // Circular 59/2021/TT-BCA, Art. 7: 3 digits place of birth registration (001–096), 1 digit
    // century and sex (0/1 = 20th century male/female, 2/3 = 21st ...), 2 digits year of birth.
    const int place = (id[0] - '0') * 100 + (id[1] - '0') * 10 + (id[2] - '0');
    if (place < 1 || place > 96) return "3 chữ số đầu (mã nơi đăng ký khai sinh) phải từ 001 đến 096";
    const int century_sex = id[3] - '0';
    const int hundreds = 19 + century_sex / 2;  // 0/1 → 19xx, 2/3 → 20xx ...
    if (birth_year / 100 != hundreds)
        return "chữ số thứ 4 (" + std::string(1, id[3]) + ") không khớp với thế kỷ của năm sinh " + std::to_string(birth_year);
    if ((id[4] - '0') * 10 + (id[5] - '0') != birth_year % 100)
        return "chữ số thứ 5–6 (" + std::string(id.substr(4, 2)) + ") không khớp với năm sinh " + std::to_string(birth_year);
    if (sex != 0 && (century_sex % 2 == 1) != (sex == 2))
        return "chữ số thứ 4 (" + std::string(1, id[3]) + ") không khớp với giới tính";
    return {};
}

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

}  // namespace

std::string personal_id_problem(const std::string& id, const Member& member) {
    return personal_id_reason(id, member.birth_date.year,
                              member.sex == Sex::male ? 1 : member.sex == Sex::female ? 2 : 0);
}

std::vector<Household> ParsedHouseholds::households() const {
    std::vector<Household> out;
    out.reserve(batch.households());
    for (std::size_t i = 0; i < batch.households(); ++i) out.push_back(batch.household(i));
    return out;
}

RowStream RowStream::of(const Table& table) {
    RowStream stream;
    stream.source = table.source;
    stream.header = table.header;
    stream.next = [&table, row = std::size_t{0}](std::vector<std::string_view>& fields, long& number) mutable {
        if (row >= table.rows.size()) return false;
        fields.assign(table.rows[row].begin(), table.rows[row].end());
        number = table.row_numbers[row];
        ++row;
        for (std::size_t c = 0; c < fields.size(); ++c)
            if (const BadByte bad = first_bad_byte(fields[c]); !bad.reason.empty())
                throw FileProblem({table.source, number, c < table.header.size() ? table.header[c] : std::to_string(c + 1),
                                   bad.reason});
        return true;
    };
    return stream;
}

RowStream RowStream::csv(std::string_view text, const std::string& source) {
    return std::move(csv_parts(text, source, 1).front());
}

namespace {

// One part of a CSV file as it is read: its text is checked a block at a time just ahead of
// the rows given out, so that the file is read from disk once, and the file (when mapped) is
// told what the part is about to read.
class CsvPart {
public:
    CsvPart(std::string_view file_text, std::string_view range, long first_line, bool cut, std::string source,
            std::vector<std::string> header, MappedFile* file, std::size_t reader)
        : file_text_(file_text), range_(range), reader_(range, first_line, range.data() == file_text.data()),
          cut_(cut), source_(std::move(source)), header_(std::move(header)), file_(file), file_reader_(reader),
          range_offset_(static_cast<std::size_t>(range.data() - file_text.data())) {
        report_->file_text = file_text;
        report_->file = file;
    }
    bool next(std::vector<std::string_view>& fields, long& number) {
        try {
            do {
                row_start_ = reader_.position();
                if (checked_ == 0 && !range_.empty()) check_to(1);
                if (!reader_.next(fields)) return finish();
            } while (fields.size() == 1 && fields[0].empty());  // blank line
        } catch (const CsvSyntaxError& e) {
            // In a cut file, a quoting error may come from a cut inside a quoted field: the
            // file is then read again as one part, where the error, if real, comes back.
            if (cut_) {
                report_->quote = true;
                return finish();
            }
            fail_at(e.offset(), e.what());
        }
        check_to(reader_.position());
        number = reader_.line();
        return true;
    }
    [[nodiscard]] std::shared_ptr<const CsvPartReport> report() const { return report_; }

private:
    // The first part starts on the line after the header, so its count includes the header's.
    bool finish() {
        check_to(range_.size());
        if (file_) file_->finish(file_reader_);
        report_->line_breaks = reader_.next_line() - 1;
        return false;
    }
    // Checks the text up to `end` at least, in blocks that end after a line break (which no
    // UTF-8 sequence holds).
    void check_to(std::size_t end) {
        constexpr std::size_t kBlock = std::size_t{1} << 20;
        while (checked_ < end) {
            std::size_t stop = std::min(range_.size(), std::max(end, checked_ + kBlock));
            if (file_) file_->advance(file_reader_, range_offset_ + row_start_, range_offset_ + stop);
            if (const std::size_t line_break = range_.find('\n', stop); stop < range_.size())
                stop = line_break == std::string_view::npos ? range_.size() : line_break + 1;
            const std::string_view block = range_.substr(checked_, stop - checked_);
            if (!is_valid_utf8(block) || block.find('\0') != std::string_view::npos) {
                const BadByte bad = first_bad_byte(block);
                fail_at(checked_ + bad.offset, bad.reason);
            }
            report_->quote = report_->quote || block.find('"') != std::string_view::npos;
            checked_ = stop;
        }
    }
    // Stops the file at byte `offset` of the part, naming its line in the whole file and its column.
    [[noreturn]] void fail_at(std::size_t offset, const std::string& message) const {
        const auto before = file_text_.substr(0, range_offset_);
        const long first_line = 1 + static_cast<long>(std::count(before.begin(), before.end(), '\n'));
        throw FileProblem(csv_problem_at(range_, offset, first_line, header_, source_, message));
    }
    std::string_view file_text_;
    std::string_view range_;
    CsvReader reader_;
    bool cut_;
    std::string source_;
    std::vector<std::string> header_;
    MappedFile* file_;
    std::size_t file_reader_;
    std::size_t range_offset_;  // of range_ in the file
    std::size_t checked_ = 0, row_start_ = 0;
    std::shared_ptr<CsvPartReport> report_ = std::make_shared<CsvPartReport>();
};

std::vector<RowStream> cut_csv(std::string_view text, const std::string& source, std::size_t parts, MappedFile* file) {
    std::vector<std::string> header;
    CsvReader header_reader(text);
    try {
        if (!header_reader.next(header)) throw FileProblem({source, 0, "", "tệp rỗng, thiếu dòng tiêu đề"});
    } catch (const CsvSyntaxError& e) {
        throw FileProblem(csv_problem_at(text, e.offset(), 1, {}, source, e.what()));
    }
    const std::string_view header_text = text.substr(0, header_reader.position());
    if (const BadByte bad = first_bad_byte(header_text); !bad.reason.empty())
        throw FileProblem(csv_problem_at(text, bad.offset, 1, {}, source, bad.reason));

    // Part k reads text [bounds[k], bounds[k + 1]), cut after line breaks.
    std::vector<std::size_t> bounds = {header_reader.position()};
    for (std::size_t k = 1; k < parts; ++k) {
        const std::size_t target = bounds.front() + (text.size() - bounds.front()) * k / parts;
        const std::size_t line_break = text.find('\n', std::max(target, bounds.back()));
        if (line_break == std::string_view::npos || line_break + 1 >= text.size()) break;
        bounds.push_back(line_break + 1);
    }
    bounds.push_back(text.size());
    const bool cut = bounds.size() > 2;
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    for (std::size_t k = 0; k + 1 < bounds.size(); ++k) ranges.emplace_back(bounds[k], bounds[k + 1]);
    if (file) file->start_readers(ranges);
    std::vector<RowStream> out(ranges.size());
    for (std::size_t k = 0; k < out.size(); ++k) {
        const std::string_view range = text.substr(ranges[k].first, ranges[k].second - ranges[k].first);
        auto part = std::make_shared<CsvPart>(text, range, k == 0 ? header_reader.next_line() : 1, cut, source, header,
                                              file, k);
        RowStream& stream = out[k];
        stream.source = source;
        stream.header = header;
        stream.text_bytes = range.size();
        stream.report = part->report();
        stream.next = [part](std::vector<std::string_view>& fields, long& number) { return part->next(fields, number); };
    }
    return out;
}

}  // namespace

std::vector<RowStream> RowStream::csv_parts(std::string_view text, const std::string& source, std::size_t parts) {
    return cut_csv(text, source, parts, nullptr);
}

std::vector<RowStream> RowStream::csv_parts(MappedFile& file, const std::string& source, std::size_t parts) {
    return cut_csv(file.text(), source, parts, &file);
}

std::vector<long> cut_offsets(const std::vector<RowStream>& parts) {
    std::vector<long> offsets = {0};
    long lines = 0;
    for (std::size_t k = 0; k + 1 < parts.size(); ++k) {
        lines += parts[k].report->line_breaks;
        offsets.push_back(lines);
    }
    return offsets;
}

bool cut_is_sound(const std::vector<RowStream>& parts) {
    if (parts.size() < 2) return true;
    return std::none_of(parts.begin(), parts.end(), [](const RowStream& part) { return part.report->quote; });
}

ParsedHouseholds parse_interchange(const Table& households_in, const Table& members_in, const InterchangeRules& rules) {
    return parse_interchange(RowStream::of(households_in), RowStream::of(members_in), rules);
}

namespace {

// A deprived_<key> column: the household's own answer for one indicator.
struct OverrideColumn {
    std::size_t position;
    std::string column;
    std::uint32_t bit;
};

struct HouseholdIdOf {
    const RegistryImage* image;
    std::string_view operator()(std::uint32_t i) const { return image->household_ids[i]; }
};
using HouseholdIndex = KeyIndex<HouseholdIdOf>;

// A households.csv row is rarely shorter: 14 columns, the id and the unit code among them.
constexpr std::size_t kHouseholdRowBytes = 64;

// Validates (part of) households.csv into the household columns of `out.batch`, whose override
// keys and extra column names are the file's; a repeated id is left to the caller. The columns
// are made room for the rows of `room_bytes` of text: untouched room costs no memory.
void read_households(RowStream& in, const ColumnMap& columns, const ExtraColumns& extras,
                     const std::vector<OverrideColumn>& overrides, const InterchangeRules& rules,
                     std::size_t room_bytes, ParsedHouseholds& out) {
    auto& problems = out.problems;
    HouseholdBatch& batch = out.batch;
    RegistryImage& image = batch.image;
    if (const std::size_t rows = room_bytes / kHouseholdRowBytes; rows > 0) {
        image.reserve(rows, 0);
        out.household_rows.reserve(rows);
        batch.head_name.reserve(rows);
        batch.household_extra.end.reserve(rows);
    }
    // Unit codes repeat over millions of rows: each is interned, and decided once by its id.
    std::vector<std::int8_t> unit_known_by_id;  // -1 until decided
    auto unit_known = [&](std::int32_t id) {
        const auto at = static_cast<std::size_t>(id);
        if (at >= unit_known_by_id.size()) unit_known_by_id.resize(at + 1, -1);
        if (unit_known_by_id[at] < 0) unit_known_by_id[at] = rules.unit_exists(image.units.at(id)) ? 1 : 0;
        return unit_known_by_id[at] == 1;
    };
    std::vector<std::string_view> fields;
    long row_number = 0;
    while (in.next(fields, row_number)) {
        const RowReader r(fields, row_number, in.source, columns, kHouseholdColumns, problems);
        r.check_shape(in.header);
        const std::string_view id = r.required(kHouseholdId);
        const std::string_view unit = r.required(kUnitCode);
        const std::int32_t unit_id = image.units.intern(unit);
        if (!unit.empty() && !unit_known(unit_id))
            r.problem(kUnitCode, "mã đơn vị \"" + std::string(unit) + "\" không có trong danh mục đơn vị hành chính");
        const std::string_view current_unit = r.view(kCurrentUnitCode);
        const std::int32_t current_unit_id = image.units.intern(current_unit);
        if (!current_unit.empty() && !unit_known(current_unit_id))
            r.problem(kCurrentUnitCode,
                      "mã đơn vị \"" + std::string(current_unit) + "\" không có trong danh mục đơn vị hành chính");
        const std::int32_t village = image.villages.intern(r.view(kVillage));
        const std::int32_t head = batch.names.intern(r.view(kHeadName));
        const std::uint8_t area = r.code(kArea, CodeField::area);
        const std::int64_t income = r.whole_number(kIncome);
        const double score_a = r.decimal(kScoreA);
        const std::uint8_t housing_type = r.code(kHousingType, CodeField::housing_type);
        const std::int64_t housing_area = r.thousandths(kHousingArea);
        const std::uint8_t water_source = r.code(kWaterSource, CodeField::water_source);
        const std::uint8_t latrine = r.code(kLatrine, CodeField::latrine);
        std::uint8_t assets = 0;
        if (const std::string_view list = r.view(kInfoAssets); list == "none") {
            assets = 0x80;
        } else if (!list.empty()) {
            assets = 0x80;
            std::size_t start = 0;
            while (start <= list.size()) {
                const auto end = std::min(list.find(';', start), list.size());
                const std::string_view item = trim(list.substr(start, end - start));
                std::uint8_t asset = code_id(CodeField::info_assets, item);
                if (asset == 0) asset = code_id_by_label(CodeField::info_assets, item);
                if (asset)
                    assets |= static_cast<std::uint8_t>(1u << asset);
                else
                    r.problem(kInfoAssets, "\"" + std::string(item) + "\" không hợp lệ; cần các giá trị " +
                                               accepted_values(CodeField::info_assets) + " cách nhau bởi dấu ;, hoặc none");
                start = end + 1;
            }
        }
        const std::uint8_t loudspeaker = r.boolean(kLoudspeaker);
        const std::uint8_t waste_treatment = r.code(kWasteTreatment, CodeField::waste_treatment);
        std::uint32_t override_known = 0, override_value = 0;
        for (const auto& o : overrides) {
            const std::uint8_t value = r.boolean_at(o.position, o.column);
            if (value == 2) continue;
            override_known |= o.bit;
            if (value == 1) override_value |= o.bit;
        }
        image.household_ids.emplace_back(id);
        out.household_rows.push_back(row_number);
        image.unit.push_back(unit_id);
        image.current_unit.push_back(current_unit_id);
        image.village.push_back(village);
        image.area.push_back(area);
        image.income.push_back(income);
        image.score_a.push_back(score_a);
        image.housing_type.push_back(housing_type);
        image.water_source.push_back(water_source);
        image.latrine.push_back(latrine);
        image.waste_treatment.push_back(waste_treatment);
        image.housing_area_milli_m2.push_back(housing_area);
        image.info_assets.push_back(assets);
        image.loudspeaker.push_back(loudspeaker);
        image.override_known.push_back(override_known);
        image.override_value.push_back(override_value);
        batch.head_name.push_back(head);
        append_extras(fields, extras, batch.household_extra);
    }
}

// A members.csv row is rarely shorter: 19 columns, two ids and a date among them.
constexpr std::size_t kMemberRowBytes = 96;
// A member id and a personal id are usually about this long (room is made for them by it).
constexpr std::size_t kMemberIdBytes = 20, kPersonalIdBytes = 12;

constexpr std::uint32_t kNoHousehold = static_cast<std::uint32_t>(-1);

// A personal id: 0 and 12 digits as a number in 5 bytes, or its size + 1 and its text.
void put_personal_id(std::string& out, std::string_view id) {
    if (id.size() == 12 && all_digits(id)) {
        std::uint64_t number = 0;
        for (const char c : id) number = number * 10 + static_cast<std::uint64_t>(c - '0');
        put_varint(out, 0);
        out.append(reinterpret_cast<const char*>(&number), 5);  // 10^12 < 2^40, little-endian
        return;
    }
    put_varint(out, id.size() + 1);
    out.append(id);
}

void append_personal_id(RecordReader& r, TextColumn& into) {
    const auto tag = r.varint();
    if (tag > 0) {
        into.append(r.text_of(static_cast<std::size_t>(tag - 1)));
        return;
    }
    std::uint64_t number = 0;
    r.bytes(&number, 5);
    char digits[12];
    for (int k = 11; k >= 0; --k, number /= 10) digits[k] = static_cast<char>('0' + number % 10);
    into.append(std::string_view(digits, 12));
}

// Run `run` of each writer's runs, one writer after the other, in memory left unzeroed (every
// byte is read into), with where each writer's bytes end.
struct RunOfParts {
    std::unique_ptr<char[]> bytes;
    std::vector<std::size_t> part_end;
    [[nodiscard]] std::size_t size() const { return part_end.empty() ? 0 : part_end.back(); }
};

RunOfParts read_run(const std::vector<const SpillRuns*>& writers, std::size_t run) {
    RunOfParts out;
    std::size_t size = 0;
    for (const auto* writer : writers) size += writer->bytes(run);
    out.bytes = std::make_unique_for_overwrite<char[]>(size);
    std::size_t at = 0;
    for (const auto* writer : writers) {
        writer->read(run, out.bytes.get() + at);
        at += writer->bytes(run);
        out.part_end.push_back(at);
    }
    return out;
}

// The validated households of an import in memory, its members on disk in runs by piece: a
// piece is put together from its households and its run when the store asks for it, so the
// members are never all in memory at once.
//
// A member's record in its piece's run: its size (varint), then the household's row, the
// full name and ethnicity as ids in the part's tables (varints), birth year, month and day,
// the six codes, whether only the year is known, the two flag words, the member id (how many
// of its first bytes are its household's id, then the rest as text), the personal id
// (put_personal_id) and the extra answers (count, then name id and text each). Most member ids
// are their household's id and a number, and most personal ids 12 digits: so written, a record
// of the synthetic registry takes 38 bytes instead of 60 (some 2 GB less for 94 million members).
class StagedPieces final : public HouseholdPieces {
public:
    struct Part {
        StringTable names, ethnicities;
        std::unique_ptr<SpillFile> file;  // one per part: parts that shared a file would queue on its lock
        std::unique_ptr<SpillRuns> members;
    };
    HouseholdBatch household_columns;    // file order, no members
    std::vector<std::uint32_t> order;    // rows in id order
    std::vector<std::uint32_t> position;  // a row's place in `order`
    std::size_t piece_size = 1;
    std::size_t member_count = 0;
    std::vector<Part> parts;

    [[nodiscard]] std::size_t households() const override { return order.size(); }
    [[nodiscard]] std::size_t members() const override { return member_count; }
    [[nodiscard]] std::string_view id(std::size_t at) const override { return household_columns.image.household_ids[order[at]]; }
    [[nodiscard]] std::size_t piece_households() const override { return piece_size; }
    [[nodiscard]] HouseholdBatch piece(std::size_t k) const override;
};

HouseholdBatch StagedPieces::piece(std::size_t k) const {
    const std::size_t first = k * piece_size, last = std::min(order.size(), first + piece_size);
    HouseholdBatch out = HouseholdBatch::select_households(
        household_columns, std::vector<std::uint32_t>(order.begin() + static_cast<std::ptrdiff_t>(first),
                                               order.begin() + static_cast<std::ptrdiff_t>(last)));
    RegistryImage& g = out.image;
    std::vector<const SpillRuns*> runs;
    for (const auto& part : parts) runs.push_back(part.members.get());
    const RunOfParts run = read_run(runs, k);
    const char* const bytes = run.bytes.get();
    // Where each record's body starts, its part and household; then a counting sort by
    // household, which keeps each household's members in file order.
    std::vector<std::uint32_t> body, slot;
    std::vector<std::uint16_t> part_of;
    std::vector<std::uint32_t>& begin = g.member_begin;
    std::size_t at = 0;
    for (std::uint16_t p = 0; p < parts.size(); ++p) {
        while (at < run.part_end[p]) {
            RecordReader r(bytes + at);
            const auto record_size = static_cast<std::size_t>(r.varint());
            const auto start = static_cast<std::size_t>(r.position() - bytes);
            const std::uint32_t household = position[r.number<std::uint32_t>()] - static_cast<std::uint32_t>(first);
            body.push_back(static_cast<std::uint32_t>(start));
            slot.push_back(household);
            part_of.push_back(p);
            ++begin[household + 1];
            at = start + record_size;
        }
    }
    for (std::size_t i = 0; i + 1 < begin.size(); ++i) begin[i + 1] += begin[i];
    std::vector<std::uint32_t> sorted(body.size()), next(begin.begin(), begin.end() - 1);
    for (std::uint32_t record = 0; record < body.size(); ++record) sorted[next[slot[record]]++] = record;

    std::vector<StringRemap> names, ethnicities;
    for (const auto& part : parts) {
        names.emplace_back(part.names, out.names);
        ethnicities.emplace_back(part.ethnicities, g.ethnicities);
    }
    StringRemap extra_names(household_columns.extra_names, out.extra_names);
    g.reserve(0, body.size());
    out.full_name.reserve(body.size());
    out.birth_year_only.reserve(body.size());
    out.member_id.reserve(body.size(), body.size() * kMemberIdBytes);
    out.personal_id.reserve(body.size(), body.size() * kPersonalIdBytes);
    out.member_extra.end.reserve(body.size());
    // In household order the records are scattered over the run: each is fetched a few records
    // ahead, so that their cache misses overlap instead of following one another.
    constexpr std::size_t kAhead = 8;
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        if (i + kAhead < sorted.size()) {
            const char* ahead = bytes + body[sorted[i + kAhead]];
            __builtin_prefetch(ahead);
            __builtin_prefetch(ahead + 64);
        }
        const std::uint32_t record = sorted[i];
        const std::size_t p = part_of[record];
        RecordReader r(bytes + body[record]);
        r.number<std::uint32_t>();  // the household, placed already
        out.full_name.push_back(names[p](static_cast<std::int32_t>(r.varint())));
        g.ethnicity.push_back(ethnicities[p](static_cast<std::int32_t>(r.varint())));
        g.birth_year.push_back(r.number<std::int16_t>());
        g.birth_month.push_back(r.number<std::uint8_t>());
        g.birth_day.push_back(r.number<std::uint8_t>());
        g.sex.push_back(r.number<std::uint8_t>());
        g.relation.push_back(r.number<std::uint8_t>());
        g.disability.push_back(r.number<std::uint8_t>());
        g.employment.push_back(r.number<std::uint8_t>());
        g.attending_level.push_back(r.number<std::uint8_t>());
        g.completed_level.push_back(r.number<std::uint8_t>());
        out.birth_year_only.push_back(r.number<std::uint8_t>());
        g.flag_known.push_back(r.number<std::uint16_t>());
        g.flag_value.push_back(r.number<std::uint16_t>());
        const std::string& household_id = g.household_ids[slot[record]];
        const auto shared = static_cast<std::size_t>(r.varint());
        out.member_id.append(household_id.substr(0, shared), r.text());
        append_personal_id(r, out.personal_id);
        for (auto extras = r.varint(); extras > 0; --extras) {
            out.member_extra.name.push_back(extra_names(static_cast<std::int32_t>(r.varint())));
            out.member_extra.value.append(r.text());
        }
        out.member_extra.close_row();
    }
    return out;
}

// Runs work(p) for every p in [0, count) on a thread each; rethrows the first part's error.
template <class Work>
void on_threads(std::size_t count, Work work) {
    std::vector<std::exception_ptr> errors(count);
    {
        std::vector<std::jthread> threads;
        for (std::size_t p = 0; p < count; ++p)
            threads.emplace_back([&, p] {
                try {
                    work(p);
                } catch (...) {
                    errors[p] = std::current_exception();
                }
            });
    }
    for (const auto& error : errors)
        if (error) std::rethrow_exception(error);
}

// The households' ids indexed on every core: each id falls into one shard by its hash, and each
// shard is filled by a thread of its own (at national size one thread takes seconds).
class ShardedHouseholdIndex {
public:
    ShardedHouseholdIndex(const RegistryImage& image, std::size_t shards) : image_(image) {
        for (std::size_t s = 0; s < shards; ++s) shards_.emplace_back(HouseholdIdOf{&image}, image.households() / shards + 1);
        on_threads(shards, [&](std::size_t s) {
            for (std::uint32_t row = 0; row < image.households(); ++row)
                if (const std::string& id = image.household_ids[row]; !id.empty() && shard_of(id) == s)
                    shards_[s].insert(id, row);
        });
    }
    [[nodiscard]] std::optional<std::uint32_t> find(std::string_view id) const { return shards_[shard_of(id)].find(id); }
    // The same, tried first at the row after `previous` (kNoHousehold: none): a members file
    // usually lists households in the households file's order, and that row costs no search (at
    // national size a search is a few cache misses).
    [[nodiscard]] std::optional<std::uint32_t> find_after(std::uint32_t previous, std::string_view id) const {
        if (const std::uint32_t next = previous + 1;
            previous != kNoHousehold && next < image_.households() && image_.household_ids[next] == id)
            return next;
        return find(id);
    }

private:
    [[nodiscard]] std::size_t shard_of(std::string_view id) const {
        return std::hash<std::string_view>{}(id) % shards_.size();
    }
    const RegistryImage& image_;
    std::vector<HouseholdIndex> shards_;
};

// One part of members.csv, each cell validated and each row matched to its household, as it
// was read: members in their pieces' runs, member ids in runs by hash for the duplicate check
// (text, row, household), and what matching across parts still needs, in row order.
struct MemberPart {
    StagedPieces::Part staged;
    std::unique_ptr<SpillRuns> ids;
    std::vector<std::pair<std::uint32_t, std::string>> unknown_household;  // row, the id it names
    std::vector<std::pair<std::uint32_t, std::uint32_t>> heads;            // row, household
    std::vector<Problem> problems;
};

void put_extras(std::string& out, const std::vector<std::string_view>& fields, const ExtraColumns& columns) {
    std::size_t count = 0;
    for (const auto& [position, name] : columns) count += position < fields.size() && !fields[position].empty();
    put_varint(out, count);
    for (const auto& [position, name] : columns) {
        if (position >= fields.size() || fields[position].empty()) continue;
        put_varint(out, static_cast<std::uint64_t>(name));
        put_text(out, fields[position]);
    }
}

// How many members each household has, counted from several threads: a household's members
// usually follow each other, so each thread adds a run of them at once.
class MemberCounter {
public:
    explicit MemberCounter(std::vector<std::uint32_t>& counts) : counts_(counts) {}
    ~MemberCounter() { flush(); }
    void add(std::uint32_t household) {
        if (household != household_) flush();
        household_ = household;
        ++run_;
    }

private:
    void flush() {
        if (run_ > 0) std::atomic_ref<std::uint32_t>(counts_[household_]).fetch_add(run_, std::memory_order_relaxed);
        run_ = 0;
    }
    std::vector<std::uint32_t>& counts_;
    std::uint32_t household_ = kNoHousehold, run_ = 0;
};

MemberPart read_members(RowStream& in, const ColumnMap& columns, const ExtraColumns& extras, const InterchangeRules& rules,
                        const ShardedHouseholdIndex& households, const StagedPieces& staged,
                        const std::string& spill_directory, bool keep_members, std::size_t id_runs,
                        std::vector<std::uint32_t>& member_counts) {
    MemberPart out;
    out.staged.file = std::make_unique<SpillFile>(spill_directory);
    out.staged.members = std::make_unique<SpillRuns>(*out.staged.file, std::max<std::size_t>(1, staged.pieces()));
    out.ids = std::make_unique<SpillRuns>(*out.staged.file, id_runs);
    MemberCounter counter(member_counts);
    std::string record, last_household_id;
    std::uint32_t last_owner = kNoHousehold;
    std::size_t last_piece = 0;
    std::vector<std::string_view> fields;
    long row_number = 0;
    while (in.next(fields, row_number)) {
        const RowReader r(fields, row_number, in.source, columns, kMemberColumns, out.problems);
        r.check_shape(in.header);
        const std::string_view household_id = r.required(kMemberHouseholdId);
        const std::string_view member_id = r.required(kMemberId);
        const std::int32_t full_name = out.staged.names.intern(r.view(kFullName));
        const std::uint8_t relation = r.code(kRelation, CodeField::relation);
        const std::uint8_t sex = r.code(kSex, CodeField::sex);
        const std::string_view birth = r.required(kBirthDate);
        Date birth_date;
        bool year_only = false;
        if (!birth.empty()) {
            if (birth.size() == 4 && all_digits(birth) && birth != "0000") {
                birth_date = Date{std::stoi(std::string(birth)), 7, 1};
                year_only = true;
            } else if (auto date = parse_iso_date(birth)) {
                birth_date = *date;
            } else if (auto typed = parse_vietnamese_date(birth)) {  // 23/04/1967 as typed in Excel
                birth_date = *typed;
            } else {
                r.problem(kBirthDate, "ngày \"" + std::string(birth) +
                                          "\" không hợp lệ; cần ngày có thật dạng YYYY-MM-DD hoặc DD/MM/YYYY, hoặc chỉ năm YYYY");
            }
            if (birth_date.year != 0 && rules.today.year != 0 &&
                (year_only ? birth_date.year > rules.today.year : rules.today < birth_date))
                r.problem(kBirthDate, "ngày sinh " + std::string(birth) + " sau ngày hiện tại " + rules.today.iso());
        }
        const std::int32_t ethnicity = out.staged.ethnicities.intern(r.view(kEthnicity));
        const std::uint8_t disability = r.code(kDisability, CodeField::disability);
        std::uint16_t flag_known = 0, flag_value = 0;
        for (const auto& [column, bit] : kMemberFlags) {
            const std::uint8_t value = r.boolean(column);
            if (value == 2) continue;
            flag_known |= bit;
            if (value == 1) flag_value |= bit;
        }
        const std::uint8_t employment = r.code(kEmployment, CodeField::employment);
        const std::uint8_t attending = r.code(kAttendingLevel, CodeField::attending_level);
        const std::uint8_t completed = r.code(kCompletedLevel, CodeField::completed_level);
        const std::string_view personal_id = r.view(kPersonalId);
        if (!personal_id.empty() && birth_date.year != 0) {
            const std::string reason = personal_id_reason(personal_id, birth_date.year, sex);
            if (!reason.empty()) r.problem(kPersonalId, reason);
        }

        const auto row = static_cast<std::uint32_t>(row_number);
        std::uint32_t owner = kNoHousehold;
        if (!household_id.empty()) {  // an empty one is already a problem of its own
            // A household's members usually follow each other: its id is looked up once for
            // them all.
            if (household_id != last_household_id) {
                last_household_id.assign(household_id);
                last_owner = households.find_after(last_owner, household_id).value_or(kNoHousehold);
                if (last_owner != kNoHousehold) last_piece = staged.position[last_owner] / staged.piece_size;
            }
            owner = last_owner;
            if (owner == kNoHousehold) out.unknown_household.emplace_back(row, std::string(household_id));
        }
        if (!member_id.empty()) {
            const std::size_t run = std::hash<std::string_view>{}(member_id) % id_runs;
            std::string& ids = out.ids->buffer(run);
            put_text(ids, member_id);
            put_number(ids, row);
            put_number(ids, owner);
            out.ids->added(run);
        }
        if (owner == kNoHousehold) continue;
        counter.add(owner);
        if (relation == 1) out.heads.emplace_back(row, owner);
        if (!keep_members) continue;
        record.clear();
        put_number(record, owner);
        put_varint(record, static_cast<std::uint64_t>(full_name));
        put_varint(record, static_cast<std::uint64_t>(ethnicity));
        put_number(record, static_cast<std::int16_t>(birth_date.year));
        put_number(record, static_cast<std::uint8_t>(birth_date.month));
        put_number(record, static_cast<std::uint8_t>(birth_date.day));
        for (const std::uint8_t code : {sex, relation, disability, employment, attending, completed})
            put_number(record, code);
        put_number(record, static_cast<std::uint8_t>(year_only ? 1 : 0));
        put_number(record, flag_known);
        put_number(record, flag_value);
        const auto shared = static_cast<std::size_t>(
            std::mismatch(member_id.begin(), member_id.end(), household_id.begin(), household_id.end()).first -
            member_id.begin());
        put_varint(record, shared);
        put_text(record, member_id.substr(shared));
        put_personal_id(record, personal_id);
        put_extras(record, fields, extras);
        std::string& run = out.staged.members->buffer(last_piece);
        put_varint(run, record.size());
        run.append(record);
        out.staged.members->added(last_piece);
    }
    out.staged.members->finish();
    out.ids->finish();
    return out;
}

// A member id met again: the row, the first row with it, the household the row names.
struct Duplicate {
    std::uint32_t row, first_row, household;
    std::string member_id;
};

// The duplicates among the member ids of run `run` of every part, which hold them in file order
// (numbered within their part: `row_offsets` make the numbers the file's).
std::vector<Duplicate> duplicates_in(const std::vector<MemberPart>& parts, const std::vector<long>& row_offsets,
                                     std::size_t run) {
    std::vector<const SpillRuns*> runs;
    for (const auto& part : parts) runs.push_back(part.ids.get());
    const RunOfParts read = read_run(runs, run);
    const char* const bytes = read.bytes.get();
    struct Entry {
        std::string_view id;
        std::uint32_t row, household;
    };
    std::vector<Entry> entries;
    std::size_t p = 0;
    for (RecordReader r(bytes); r.position() < bytes + read.size();) {
        while (static_cast<std::size_t>(r.position() - bytes) >= read.part_end[p]) ++p;
        const std::string_view id = r.text();
        const auto row = r.number<std::uint32_t>() + static_cast<std::uint32_t>(row_offsets[p]);
        entries.push_back({id, row, r.number<std::uint32_t>()});
    }
    KeyIndex index([&](std::uint32_t e) { return entries[e].id; }, entries.size());
    std::vector<Duplicate> out;
    for (std::uint32_t e = 0; e < entries.size(); ++e)
        if (const std::uint32_t first = index.insert(entries[e].id, e); first != e)
            out.push_back({entries[e].row, entries[first].row, entries[e].household, std::string(entries[e].id)});
    return out;
}

// Reads `parts` with read(); should the file have been cut where it cannot be (cut_is_sound),
// reads it again as one part.
template <class Read>
void read_soundly(std::vector<RowStream>& parts, const std::string& source, Read read) {
    try {
        read();
        if (cut_is_sound(parts)) return;
    } catch (const FileProblem&) {
        // A part cut inside a quoted field reads out of step: the file read as one part refuses
        // it where, and for what, one stream would.
        if (parts.size() < 2) throw;
    }
    const CsvPartReport& report = *parts.front().report;
    parts = report.file ? RowStream::csv_parts(*report.file, source, 1) : RowStream::csv_parts(report.file_text, source, 1);
    read();
}

struct Staged {
    std::vector<Problem> problems;
    std::vector<long> household_rows;
    std::unique_ptr<StagedPieces> pieces;
};

Staged stage(std::vector<RowStream> household_parts, std::vector<RowStream> member_parts, const InterchangeRules& rules,
             const StageOptions& options) {
    Staged result;
    result.pieces = std::make_unique<StagedPieces>();
    StagedPieces& staged = *result.pieces;
    ParsedHouseholds households_read;  // the households, their rows and problems
    auto& problems = households_read.problems;
    HouseholdBatch& households = households_read.batch;
    RegistryImage& image = households.image;
    const std::string households_source = household_parts.front().source;
    const std::string members_source = member_parts.front().source;
    const ColumnMap hcols(household_parts.front().header, InterchangeFile::households, households_source, kHouseholdColumns,
                          {"household_id", "unit_code"}, problems);
    const ColumnMap mcols(member_parts.front().header, InterchangeFile::members, members_source, kMemberColumns,
                          {"household_id", "member_id", "birth_date"}, problems);
    if (!problems.empty()) {
        result.problems = std::move(problems);
        return result;
    }
    const ExtraColumns household_extras = extra_columns(hcols, kHouseholdColumns, "deprived_", households.extra_names);
    const ExtraColumns member_extras = extra_columns(mcols, kMemberColumns, "", households.extra_names);
    std::vector<OverrideColumn> overrides;
    for (const auto& [name, position] : hcols.by_name()) {
        if (name.rfind("deprived_", 0) != 0) continue;
        const std::string key = name.substr(9);
        if (!rules.indicator_keys.count(key)) {
            std::vector<std::string> known(rules.indicator_keys.begin(), rules.indicator_keys.end());
            problems.push_back({households_source, 1, name, "không có chỉ số \"" + key + "\"; các chỉ số: " + join(known, ", ")});
        } else {
            overrides.push_back({position, name, 1u << (image.override_keys.intern(key) - 1)});
        }
    }

    // Households first, each part on a thread of its own: a member's piece is its household's
    // place in id order. The first part's columns have room for the whole file, so that the
    // others' are added to them instead of all being copied into new ones (at national size,
    // fresh memory costs more than the copy).
    std::vector<ParsedHouseholds> household_reads;
    auto read_household_parts = [&] {
        std::size_t file_bytes = 0;
        for (const auto& part : household_parts) file_bytes += part.text_bytes;
        household_reads.assign(household_parts.size(), {});
        on_threads(household_parts.size(), [&](std::size_t p) {
            ParsedHouseholds& part = household_reads[p];
            part.batch.image.override_keys = image.override_keys;
            part.batch.extra_names = households.extra_names;
            read_households(household_parts[p], hcols, household_extras, overrides, rules,
                            p == 0 ? file_bytes : household_parts[p].text_bytes, part);
        });
    };
    read_soundly(household_parts, households_source, read_household_parts);
    const std::vector<long> household_offsets = cut_offsets(household_parts);
    for (std::size_t p = 0; p < household_reads.size(); ++p) {
        ParsedHouseholds& part = household_reads[p];
        for (auto& problem : part.problems) {
            problem.row += household_offsets[p];
            problems.push_back(std::move(problem));
        }
        if (p == 0) {
            households_read.household_rows = std::move(part.household_rows);
            households = std::move(part.batch);
        } else {
            for (const long row : part.household_rows) households_read.household_rows.push_back(row + household_offsets[p]);
            households.append_households(std::move(part.batch));
        }
        part = ParsedHouseholds{};
    }
    // A repeated id, found next to its first row in id order, is reported and left out.
    staged.order = rows_in_id_order(image.household_ids);
    std::vector<Problem> repeated;
    std::vector<std::uint8_t> left_out;
    for (std::size_t k = 1, first = 0; k < staged.order.size(); ++k) {
        const std::uint32_t row = staged.order[k], first_row = staged.order[first];
        const std::string& id = image.household_ids[row];
        if (id.empty() || id != image.household_ids[first_row]) {
            first = k;
            continue;
        }
        if (left_out.empty()) left_out.resize(image.household_ids.size(), 0);
        left_out[row] = 1;
        repeated.push_back({households_source, households_read.household_rows[row], kHouseholdColumns[kHouseholdId],
                            "mã hộ \"" + id + "\" bị trùng với dòng " + std::to_string(households_read.household_rows[first_row])});
    }
    if (!repeated.empty()) {
        std::sort(repeated.begin(), repeated.end(), [](const Problem& a, const Problem& b) { return a.row < b.row; });
        const auto cells = static_cast<std::ptrdiff_t>(problems.size());
        problems.insert(problems.end(), repeated.begin(), repeated.end());
        std::inplace_merge(problems.begin(), problems.begin() + cells, problems.end(),
                           [](const Problem& a, const Problem& b) { return a.row < b.row; });
        std::vector<std::uint32_t> kept;
        std::vector<long> kept_rows;
        for (std::uint32_t row = 0; row < left_out.size(); ++row)
            if (!left_out[row]) {
                kept.push_back(row);
                kept_rows.push_back(households_read.household_rows[row]);
            }
        households = HouseholdBatch::select_households(households, kept);
        households_read.household_rows = std::move(kept_rows);
        staged.order = rows_in_id_order(image.household_ids);
    }
    const std::size_t household_count = image.household_ids.size();
    staged.position.resize(household_count);
    for (std::uint32_t k = 0; k < household_count; ++k) staged.position[staged.order[k]] = k;
    staged.piece_size = options.piece_households > 0 ? options.piece_households : std::max<std::size_t>(1, household_count);
    const ShardedHouseholdIndex household_index(image, std::max(1u, std::thread::hardware_concurrency()));

    // Then each part of the members file on a thread of its own.
    std::size_t member_bytes = 0;
    for (const auto& part : member_parts) member_bytes += part.text_bytes;
    const std::size_t id_runs = std::max<std::size_t>(1, member_bytes / kMemberRowBytes / options.id_run_members);
    std::vector<std::uint32_t> member_counts(household_count, 0);
    std::vector<MemberPart> parts;
    auto read_member_parts = [&] {
        std::fill(member_counts.begin(), member_counts.end(), 0);
        parts.clear();
        parts.resize(member_parts.size());
        on_threads(member_parts.size(), [&](std::size_t p) {
            parts[p] = read_members(member_parts[p], mcols, member_extras, rules, household_index, staged,
                                    options.spill_directory, options.keep_members, id_runs, member_counts);
        });
    };
    read_soundly(member_parts, members_source, read_member_parts);
    const std::vector<long> member_offsets = cut_offsets(member_parts);
    for (std::size_t p = 0; p < parts.size(); ++p) {
        const auto offset = static_cast<std::uint32_t>(member_offsets[p]);
        for (auto& problem : parts[p].problems) problem.row += offset;
        for (auto& [row, id] : parts[p].unknown_household) row += offset;
        for (auto& [row, household] : parts[p].heads) row += offset;
    }

    // What a member's row says about other rows, found as one stream in file order would: a
    // duplicate member id (the row then counts for nothing else), a household the file lacks,
    // a second head.
    std::vector<Duplicate> duplicates;
    make_in_rounds<std::vector<Duplicate>>(
        id_runs, std::max(1u, std::thread::hardware_concurrency()),
        [&](std::size_t run, std::vector<Duplicate>& found) { found = duplicates_in(parts, member_offsets, run); },
        [&](std::size_t, std::vector<Duplicate>& found) { duplicates.insert(duplicates.end(), found.begin(), found.end()); });
    std::sort(duplicates.begin(), duplicates.end(), [](const Duplicate& a, const Duplicate& b) { return a.row < b.row; });
    auto duplicate = [&](std::uint32_t row) {
        return std::binary_search(duplicates.begin(), duplicates.end(), Duplicate{row, 0, 0, {}},
                                  [](const Duplicate& a, const Duplicate& b) { return a.row < b.row; });
    };
    std::vector<Problem> matching;
    for (const auto& d : duplicates) {
        matching.push_back({members_source, d.row, kMemberColumns[kMemberId],
                            "mã thành viên \"" + d.member_id + "\" bị trùng với dòng " + std::to_string(d.first_row)});
        if (d.household != kNoHousehold) --member_counts[d.household];
    }
    std::vector<std::uint8_t> heads(household_count, 0);
    for (const auto& part : parts) {
        for (const auto& [row, id] : part.unknown_household)
            if (!duplicate(row))
                matching.push_back({members_source, row, kMemberColumns[kMemberHouseholdId],
                                    "hộ \"" + id + "\" không có trong " + households_source});
        for (const auto& [row, household] : part.heads)
            if (!duplicate(row) && ++heads[household] == 2)
                matching.push_back({members_source, row, kMemberColumns[kRelation],
                                    "hộ \"" + image.household_ids[household] + "\" có nhiều hơn một chủ hộ"});
    }
    std::sort(matching.begin(), matching.end(), [](const Problem& a, const Problem& b) { return a.row < b.row; });
    // Each list is in row order; a row's own cells come before what it says about other rows.
    const auto member_problems = static_cast<std::ptrdiff_t>(problems.size());
    for (auto& part : parts) problems.insert(problems.end(), part.problems.begin(), part.problems.end());
    const auto matching_problems = static_cast<std::ptrdiff_t>(problems.size());
    problems.insert(problems.end(), matching.begin(), matching.end());
    std::inplace_merge(problems.begin() + member_problems, problems.begin() + matching_problems, problems.end(),
                       [](const Problem& a, const Problem& b) { return a.row < b.row; });
    for (std::size_t i = 0; i < household_count; ++i) {
        staged.member_count += member_counts[i];
        if (member_counts[i] == 0 && !image.household_ids[i].empty())
            problems.push_back({households_source, households_read.household_rows[i], "household_id",
                                "hộ \"" + image.household_ids[i] + "\" không có thành viên nào trong " + members_source});
    }

    result.problems = std::move(problems);
    result.household_rows = std::move(households_read.household_rows);
    staged.household_columns = std::move(households_read.batch);
    for (auto& part : parts) staged.parts.push_back(std::move(part.staged));
    return result;
}

}  // namespace

StagedImport stage_interchange(std::vector<RowStream> household_parts, std::vector<RowStream> member_parts,
                               const InterchangeRules& rules, const StageOptions& options) {
    Staged staged = stage(std::move(household_parts), std::move(member_parts), rules, options);
    StagedImport out;
    out.problems = std::move(staged.problems);
    out.households = staged.pieces->households();
    out.members = staged.pieces->members();
    if (out.ok() && options.keep_members) out.pieces = std::move(staged.pieces);
    return out;
}

ParsedHouseholds parse_interchange(RowStream households_in, RowStream members_in, const InterchangeRules& rules) {
    std::vector<RowStream> parts;
    parts.push_back(std::move(members_in));
    return parse_interchange(std::move(households_in), std::move(parts), rules);
}

// One piece of everything, put back in file order.
ParsedHouseholds parse_interchange(RowStream households_in, std::vector<RowStream> member_parts,
                                   const InterchangeRules& rules) {
    StageOptions options;
    options.piece_households = 0;
    std::vector<RowStream> household_parts;
    household_parts.push_back(std::move(households_in));
    Staged staged = stage(std::move(household_parts), std::move(member_parts), rules, options);
    ParsedHouseholds out;
    out.problems = std::move(staged.problems);
    out.household_rows = std::move(staged.household_rows);
    const StagedPieces& pieces = *staged.pieces;
    if (!out.ok()) {
        out.batch = pieces.household_columns;
        out.batch.image.member_begin.assign(out.batch.households() + 1, 0);
    } else if (pieces.households() > 0) {
        out.batch = HouseholdBatch::select(pieces.piece(0), pieces.position);
    }
    return out;
}

namespace {

std::string format_thousandths(std::int64_t value) {
    std::string text = std::to_string(value / 1000);
    std::int64_t fraction = value % 1000;
    if (fraction == 0) return text;
    std::string digits = std::to_string(fraction);
    digits.insert(0, 3 - digits.size(), '0');
    while (digits.back() == '0') digits.pop_back();
    return text + "." + digits;
}

std::string format_number(double value) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    return std::string(buf, end);
}

std::string boolean_text(const std::optional<bool>& value) { return value ? (*value ? "1" : "0") : ""; }

}  // namespace

std::vector<std::string> household_fields(const Household& h) {
    return {h.household_id, h.unit_code, h.village, h.head_name, h.area,
            h.income_per_capita ? std::to_string(*h.income_per_capita) : "",
            h.score_a ? format_number(*h.score_a) : "",
            h.housing_type,
            h.housing_area_milli_m2 ? format_thousandths(*h.housing_area_milli_m2) : "",
            h.water_source, h.latrine,
            h.info_assets ? (h.info_assets->empty() ? "none" : join(*h.info_assets, ";")) : "",
            boolean_text(h.hears_loudspeaker), h.waste_treatment, h.current_unit_code};
}

std::vector<std::string> member_fields(const Household& h, const Member& m) {
    return {h.household_id, m.member_id, m.full_name, m.personal_id, m.relation,
            m.sex == Sex::male ? "male" : m.sex == Sex::female ? "female" : "",
            m.birth_year_only ? std::to_string(m.birth_date.year) : m.birth_date.iso(),
            m.ethnicity, m.disability, boolean_text(m.social_protection), boolean_text(m.revolutionary_merit),
            boolean_text(m.health_insurance), m.employment, m.attending_level, m.completed_level,
            boolean_text(m.stunted), boolean_text(m.underweight), boolean_text(m.uses_phone),
            boolean_text(m.uses_internet)};
}

void InterchangeColumns::observe(const Household& h) {
    for (const auto& [key, value] : h.deprived_override)
        if (std::find(override_keys_.begin(), override_keys_.end(), key) == override_keys_.end()) {
            override_keys_.push_back(key);
            std::sort(override_keys_.begin(), override_keys_.end());
        }
    for (const auto& [name, value] : h.extra)
        if (std::find(household_extras_.begin(), household_extras_.end(), name) == household_extras_.end())
            household_extras_.push_back(name);
    for (const auto& m : h.members)
        for (const auto& [name, value] : m.extra)
            if (std::find(member_extras_.begin(), member_extras_.end(), name) == member_extras_.end())
                member_extras_.push_back(name);
    with_current_unit_ = with_current_unit_ || !h.current_unit_code.empty();
}

std::vector<std::string> InterchangeColumns::household_header() const {
    std::vector<std::string> header = kHouseholdColumns;
    // current_unit_code is this system's addition to the format: written only when used.
    if (!with_current_unit_) header.pop_back();
    for (const auto& key : override_keys_) header.push_back("deprived_" + key);
    header.insert(header.end(), household_extras_.begin(), household_extras_.end());
    return header;
}

std::vector<std::string> InterchangeColumns::member_header() const {
    std::vector<std::string> header = kMemberColumns;
    header.insert(header.end(), member_extras_.begin(), member_extras_.end());
    return header;
}

namespace {

std::string extra_answer(const std::vector<std::pair<std::string, std::string>>& extra, const std::string& name) {
    auto it = std::find_if(extra.begin(), extra.end(), [&](const auto& e) { return e.first == name; });
    return it == extra.end() ? std::string{} : it->second;
}

}  // namespace

std::vector<std::string> InterchangeColumns::household_row(const Household& h) const {
    std::vector<std::string> row = household_fields(h);
    if (!with_current_unit_) row.pop_back();
    for (const auto& key : override_keys_) {
        auto it = h.deprived_override.find(key);
        row.push_back(it == h.deprived_override.end() ? "" : it->second ? "1" : "0");
    }
    for (const auto& name : household_extras_) row.push_back(extra_answer(h.extra, name));
    return row;
}

std::vector<std::string> InterchangeColumns::member_row(const Household& h, const Member& m) const {
    std::vector<std::string> row = member_fields(h, m);
    for (const auto& name : member_extras_) row.push_back(extra_answer(m.extra, name));
    return row;
}

Table households_table(const std::vector<Household>& households) {
    InterchangeColumns columns;
    for (const auto& h : households) columns.observe(h);
    Table table;
    table.source = "households";
    table.header = columns.household_header();
    table.rows.reserve(households.size());
    for (const auto& h : households) table.rows.push_back(columns.household_row(h));
    return table;
}

Table members_table(const std::vector<Household>& households) {
    InterchangeColumns columns;
    for (const auto& h : households) columns.observe(h);
    Table table;
    table.source = "members";
    table.header = columns.member_header();
    for (const auto& h : households)
        for (const auto& m : h.members) table.rows.push_back(columns.member_row(h, m));
    return table;
}

}  // namespace giamngheo::io
