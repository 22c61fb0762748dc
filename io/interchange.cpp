#include "io/interchange.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <charconv>
#include <cmath>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <thread>

#include "core/vocabulary.hpp"
#include "io/csv.hpp"

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

// Positions of the format's columns in one file, resolved once from its header.
class ColumnMap {
public:
    ColumnMap(const std::vector<std::string>& header, const std::string& source, const std::vector<std::string>& known,
              const std::vector<std::string>& required, std::vector<Problem>& problems)
        : known_(known.size(), kAbsent) {
        for (std::size_t i = 0; i < header.size(); ++i) {
            const std::string name(trim(header[i]));
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
        out.value.append(fields[position]);
    }
    out.close_row();
}

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
        return position < fields_.size() ? trim(fields_[position]) : std::string_view{};
    }

    void problem(const std::string& column, const std::string& message) const {
        problems_.push_back({source_, row_, column, message});
    }
    void problem(std::size_t k, const std::string& message) const { problem(names_[k], message); }

    std::string_view required(std::size_t k) const {
        const std::string_view value = view(k);
        if (value.empty()) problem(k, "bắt buộc nhưng đang để trống");
        return value;
    }

    std::uint8_t code(std::size_t k, CodeField field) const {
        const std::string_view value = view(k);
        if (value.empty()) return 0;
        const std::uint8_t id = code_id(field, value);
        if (id == 0)
            problem(k, "giá trị \"" + std::string(value) + "\" không hợp lệ; cần một trong: " + join(codes_of(field), ", "));
        return id;
    }

    // 0 no, 1 yes, 2 unknown (empty or invalid).
    std::uint8_t boolean_at(std::size_t position, const std::string& column) const {
        const std::string_view value = at(position);
        if (value.empty()) return 2;
        if (value == "1") return 1;
        if (value == "0") return 0;
        problem(column, "giá trị \"" + std::string(value) + "\" không hợp lệ; cần 1 hoặc 0");
        return 2;
    }
    std::uint8_t boolean(std::size_t k) const { return boolean_at(columns_[k], names_[k]); }

    std::int64_t whole_number(std::size_t k) const {
        const std::string_view value = view(k);
        if (value.empty()) return kUnknownNumber;
        std::int64_t number = 0;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
        if (ec != std::errc() || end != value.data() + value.size() || number < 0) {
            problem(k, "giá trị \"" + std::string(value) + "\" không hợp lệ; cần số nguyên không âm (đồng)");
            return kUnknownNumber;
        }
        return number;
    }

    double decimal(std::size_t k) const {
        const std::string_view value = view(k);
        const double unknown = std::numeric_limits<double>::quiet_NaN();
        if (value.empty()) return unknown;
        double number = 0;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
        if (ec != std::errc() || end != value.data() + value.size() || number < 0 || !std::isfinite(number)) {
            problem(k, "giá trị \"" + std::string(value) + "\" không hợp lệ; cần số không âm, dấu thập phân là dấu chấm");
            return unknown;
        }
        return number;
    }

    // Decimal in thousandths, exactly: "8", "23.99", "7.125".
    std::int64_t thousandths(std::size_t k) const {
        const std::string_view value = view(k);
        if (value.empty()) return kUnknownNumber;
        const auto dot = value.find('.');
        const std::string_view whole = value.substr(0, dot);
        const std::string_view fraction = dot == std::string_view::npos ? std::string_view{} : value.substr(dot + 1);
        if (whole.empty() || !all_digits(whole) || !all_digits(fraction) || fraction.size() > 3 || whole.size() > 12 ||
            (dot != std::string_view::npos && fraction.empty())) {
            problem(k, "giá trị \"" + std::string(value) +
                           "\" không hợp lệ; cần số m² không âm, tối đa 3 chữ số thập phân, dấu chấm thập phân");
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

std::string format_problem(const Problem& p) {
    std::string where = p.file;
    if (p.row > 0) where += ", dòng " + std::to_string(p.row);
    if (!p.column.empty()) where += ", cột " + p.column;
    return where + ": " + p.message;
}

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
        return true;
    };
    return stream;
}

RowStream RowStream::csv(std::string_view text, const std::string& source) {
    return std::move(csv_parts(text, source, 1).front());
}

std::vector<RowStream> RowStream::csv_parts(std::string_view text, const std::string& source, std::size_t parts) {
    auto reader = std::make_shared<CsvReader>(text);
    std::vector<RowStream> out(1);
    out[0].source = source;
    try {
        if (!reader->next(out[0].header)) throw std::runtime_error("tệp rỗng, thiếu dòng tiêu đề");
    } catch (const std::runtime_error& e) {
        throw std::runtime_error(source + ": " + e.what());
    }
    // Where the header ends: the rows are what follows its line break.
    const std::size_t header_end = std::min(text.size(), text.find('\n') + 1);
    if (!is_valid_utf8(text.substr(0, header_end))) throw std::runtime_error(source + ": tệp không phải UTF-8 hợp lệ");

    // Part k reads text [bounds[k], bounds[k + 1]); line breaks end rows only without quotes.
    std::vector<std::size_t> bounds = {header_end};
    if (parts > 1 && text.find('"') == std::string_view::npos) {
        for (std::size_t k = 1; k < parts; ++k) {
            const std::size_t target = header_end + (text.size() - header_end) * k / parts;
            const std::size_t line_break = text.find('\n', std::max(target, bounds.back()));
            if (line_break == std::string_view::npos || line_break + 1 >= text.size()) break;
            bounds.push_back(line_break + 1);
        }
    }
    bounds.push_back(text.size());
    out.resize(bounds.size() - 1);
    long first_line = 2;
    for (std::size_t k = 0; k + 1 < bounds.size(); ++k) {
        const std::string_view range = text.substr(bounds[k], bounds[k + 1] - bounds[k]);
        RowStream& part = out[k];
        part.source = source;
        part.text_bytes = range.size();
        part.header = out[0].header;
        // Unsplit, the reader that read the header goes on; split (no quotes, so the header is
        // the first line), each part has a reader of its own range.
        if (bounds.size() > 2) reader = std::make_shared<CsvReader>(range, first_line);
        // UTF-8 is checked on the thread that reads the part, before its first row.
        part.next = [reader, source, range, checked = false](std::vector<std::string_view>& fields, long& number) mutable {
            if (!checked) {
                if (!is_valid_utf8(range)) throw std::runtime_error(source + ": tệp không phải UTF-8 hợp lệ");
                checked = true;
            }
            try {
                do {
                    if (!reader->next(fields)) return false;
                } while (fields.size() == 1 && fields[0].empty());  // blank line
            } catch (const std::runtime_error& e) {
                throw std::runtime_error(source + ": " + e.what());
            }
            number = reader->line();
            return true;
        };
        if (k + 2 < bounds.size()) first_line += static_cast<long>(std::count(range.begin(), range.end(), '\n'));
    }
    return out;
}

ParsedHouseholds parse_interchange(const Table& households_in, const Table& members_in, const InterchangeRules& rules) {
    return parse_interchange(RowStream::of(households_in), RowStream::of(members_in), rules);
}

namespace {

// Gives a vector's memory back now rather than when its owner goes.
template <class T>
void release(std::vector<T>& values) {
    std::vector<T>().swap(values);
}
void release(TextColumn& column) { column = TextColumn{}; }

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

// Validates households.csv into the household columns of `out.batch` (head names into its
// name table), indexing the ids in `index`.
void read_households(RowStream& in, const ColumnMap& columns, const ExtraColumns& extras,
                     const std::vector<OverrideColumn>& overrides, const InterchangeRules& rules, ParsedHouseholds& out,
                     HouseholdIndex& index) {
    auto& problems = out.problems;
    HouseholdBatch& batch = out.batch;
    RegistryImage& image = batch.image;
    // Unit codes repeat over millions of rows: decide each one once.
    std::map<std::string, bool, std::less<>> known_units;
    auto unit_known = [&](std::string_view code) {
        auto it = known_units.find(code);
        if (it == known_units.end()) it = known_units.emplace(std::string(code), rules.unit_exists(std::string(code))).first;
        return it->second;
    };
    const auto& asset_codes = codes_of(CodeField::info_assets);
    std::vector<std::string_view> fields;
    long row_number = 0;
    while (in.next(fields, row_number)) {
        const RowReader r(fields, row_number, in.source, columns, kHouseholdColumns, problems);
        const std::string_view id = r.required(kHouseholdId);
        const std::string_view unit = r.required(kUnitCode);
        if (!unit.empty() && !unit_known(unit))
            r.problem(kUnitCode, "mã đơn vị \"" + std::string(unit) + "\" không có trong danh mục đơn vị hành chính");
        const std::string_view current_unit = r.view(kCurrentUnitCode);
        if (!current_unit.empty() && !unit_known(current_unit))
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
                if (const std::uint8_t asset = code_id(CodeField::info_assets, item))
                    assets |= static_cast<std::uint8_t>(1u << asset);
                else
                    r.problem(kInfoAssets, "\"" + std::string(item) + "\" không hợp lệ; cần các giá trị " +
                                               join(asset_codes, ", ") + " cách nhau bởi dấu ;, hoặc none");
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
        const auto row = static_cast<std::uint32_t>(image.household_ids.size());
        image.household_ids.emplace_back(id);
        if (!id.empty()) {
            const std::uint32_t holder = index.insert(id, row);
            if (holder != row) {
                image.household_ids.pop_back();
                r.problem(kHouseholdId, "mã hộ \"" + std::string(id) + "\" bị trùng với dòng " +
                                            std::to_string(out.household_rows[holder]));
                continue;
            }
        }
        out.household_rows.push_back(row_number);
        image.unit.push_back(image.units.intern(unit));
        image.current_unit.push_back(image.units.intern(current_unit));
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

// The members of one part of members.csv in file order, each cell validated, before they are
// matched to households and to each other.
// A members.csv row is rarely shorter: 19 columns, two ids and a date among them.
constexpr std::size_t kMemberRowBytes = 96;

constexpr std::uint32_t kNoHousehold = static_cast<std::uint32_t>(-1);

struct MemberRows {
    HouseholdBatch rows;                 // member columns; names and ethnicities in this part's own tables
    std::vector<std::uint32_t> owner;    // household row in the batch, or kNoHousehold
    // Rows that name a household households.csv does not have, in row order, with the id.
    std::vector<std::pair<std::uint32_t, std::string>> unknown_household;
    // The household ids of rows [0, pending.size()), read before households.csv was and not
    // looked up yet: only those are held as text.
    TextColumn pending;
    std::vector<std::uint32_t> file_row;
    std::vector<Problem> problems;
};

void settle_owner(MemberRows& m, std::uint32_t row, std::string_view household_id, const HouseholdIndex& households) {
    if (household_id.empty()) return;  // already a problem of its own
    if (const auto found = households.find(household_id)) m.owner[row] = *found;
    else m.unknown_household.emplace_back(row, std::string(household_id));
}

void settle_pending(MemberRows& m, const HouseholdIndex& households) {
    for (std::uint32_t row = 0; row < m.pending.size(); ++row) settle_owner(m, row, m.pending[row], households);
    release(m.pending);
}

// Each member's household is looked up as soon as `households_read` says households.csv has
// been read into `households`; until then the ids wait in `pending`.
MemberRows read_members(RowStream& in, const ColumnMap& columns, const ExtraColumns& extras,
                        const InterchangeRules& rules, const HouseholdIndex& households,
                        const std::atomic<bool>& households_read) {
    MemberRows out;
    RegistryImage& a = out.rows.image;
    // Room for as many rows as the text can hardly fail to hold: growing by doubling would
    // write every column twice over into fresh memory, which the kernel must first clear.
    if (const std::size_t rows = in.text_bytes / kMemberRowBytes; rows > 0) {
        a.reserve(0, rows);
        out.rows.member_id.reserve(rows, rows * 16);
        out.rows.personal_id.reserve(rows, rows * 12);
        out.rows.full_name.reserve(rows);
        out.rows.birth_year_only.reserve(rows);
        out.rows.member_extra.end.reserve(rows);
        out.owner.reserve(rows);
        out.file_row.reserve(rows);
    }
    std::vector<std::string_view> fields;
    long row_number = 0;
    bool settled = false;
    while (in.next(fields, row_number)) {
        const RowReader r(fields, row_number, in.source, columns, kMemberColumns, out.problems);
        const std::string_view household_id = r.required(kMemberHouseholdId);
        const std::string_view member_id = r.required(kMemberId);
        const std::int32_t full_name = out.rows.names.intern(r.view(kFullName));
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
            } else {
                r.problem(kBirthDate, "ngày \"" + std::string(birth) + "\" không hợp lệ; cần YYYY-MM-DD (ngày có thật) hoặc YYYY");
            }
            if (birth_date.year != 0 && rules.today.year != 0 &&
                (year_only ? birth_date.year > rules.today.year : rules.today < birth_date))
                r.problem(kBirthDate, "ngày sinh " + std::string(birth) + " sau ngày hiện tại " + rules.today.iso());
        }
        const std::int32_t ethnicity = a.ethnicities.intern(r.view(kEthnicity));
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
        const auto row = static_cast<std::uint32_t>(out.owner.size());
        out.owner.push_back(kNoHousehold);
        if (settled) {
            settle_owner(out, row, household_id, households);
        } else {
            out.pending.append(household_id);
            constexpr std::uint32_t kCheckEvery = 1u << 16;
            if (row % kCheckEvery == 0 && households_read.load(std::memory_order_acquire)) {
                settle_pending(out, households);
                settled = true;
            }
        }
        out.file_row.push_back(static_cast<std::uint32_t>(row_number));
        out.rows.member_id.append(member_id);
        a.birth_year.push_back(static_cast<std::int16_t>(birth_date.year));
        a.birth_month.push_back(static_cast<std::uint8_t>(birth_date.month));
        a.birth_day.push_back(static_cast<std::uint8_t>(birth_date.day));
        a.sex.push_back(sex);
        a.relation.push_back(relation);
        a.disability.push_back(disability);
        a.employment.push_back(employment);
        a.attending_level.push_back(attending);
        a.completed_level.push_back(completed);
        a.ethnicity.push_back(ethnicity);
        a.flag_known.push_back(flag_known);
        a.flag_value.push_back(flag_value);
        out.rows.full_name.push_back(full_name);
        out.rows.personal_id.append(personal_id);
        out.rows.birth_year_only.push_back(year_only ? 1 : 0);
        append_extras(fields, extras, out.rows.member_extra);
    }
    return out;
}

// Ids of `from` as ids of `into`.
std::vector<std::int32_t> intern_all(const StringTable& from, StringTable& into) {
    std::vector<std::int32_t> ids(from.size());
    for (std::size_t id = 0; id < from.size(); ++id) ids[id] = into.intern(from.at(static_cast<std::int32_t>(id)));
    return ids;
}

}  // namespace

ParsedHouseholds parse_interchange(RowStream households_in, RowStream members_in, const InterchangeRules& rules) {
    std::vector<RowStream> parts;
    parts.push_back(std::move(members_in));
    return parse_interchange(std::move(households_in), std::move(parts), rules);
}

ParsedHouseholds parse_interchange(RowStream households_in, std::vector<RowStream> member_parts,
                                   const InterchangeRules& rules) {
    ParsedHouseholds out;
    auto& problems = out.problems;
    HouseholdBatch& batch = out.batch;
    RegistryImage& image = batch.image;
    const std::string& members_source = member_parts.front().source;
    const ColumnMap hcols(households_in.header, households_in.source, kHouseholdColumns, {"household_id", "unit_code"},
                          problems);
    const ColumnMap mcols(member_parts.front().header, members_source, kMemberColumns,
                          {"household_id", "member_id", "birth_date"}, problems);
    if (!problems.empty()) return out;
    const ExtraColumns household_extras = extra_columns(hcols, kHouseholdColumns, "deprived_", batch.extra_names);
    const ExtraColumns member_extras = extra_columns(mcols, kMemberColumns, "", batch.extra_names);

    std::vector<OverrideColumn> overrides;
    for (const auto& [name, position] : hcols.by_name()) {
        if (name.rfind("deprived_", 0) != 0) continue;
        const std::string key = name.substr(9);
        if (!rules.indicator_keys.count(key)) {
            std::vector<std::string> known(rules.indicator_keys.begin(), rules.indicator_keys.end());
            problems.push_back({households_in.source, 1, name, "không có chỉ số \"" + key + "\"; các chỉ số: " + join(known, ", ")});
        } else {
            overrides.push_back({position, name, 1u << (image.override_keys.intern(key) - 1)});
        }
    }

    // Households here, each part of the members file on a thread of its own.
    HouseholdIndex household_index(HouseholdIdOf{&image});
    std::atomic<bool> households_read{false};
    std::vector<MemberRows> parts(member_parts.size());
    {
        std::vector<std::exception_ptr> errors(member_parts.size() + 1);
        std::vector<std::jthread> readers;
        for (std::size_t p = 0; p < member_parts.size(); ++p)
            readers.emplace_back([&, p] {
                try {
                    parts[p] = read_members(member_parts[p], mcols, member_extras, rules, household_index, households_read);
                } catch (...) {
                    errors[p + 1] = std::current_exception();
                }
            });
        try {
            read_households(households_in, hcols, household_extras, overrides, rules, out, household_index);
            households_read.store(true, std::memory_order_release);
        } catch (...) {
            errors[0] = std::current_exception();
        }
        readers.clear();
        for (const auto& error : errors)
            if (error) std::rethrow_exception(error);
    }
    for (auto& part : parts) settle_pending(part, household_index);  // parts read before households.csv was
    const std::size_t household_count = image.household_ids.size();

    // Member j of the whole file is member j − first_of_part[p] of part p.
    std::vector<std::uint32_t> first_of_part = {0};
    for (const auto& part : parts) first_of_part.push_back(first_of_part.back() + static_cast<std::uint32_t>(part.file_row.size()));
    const std::uint32_t total = first_of_part.back();
    auto locate = [&](std::uint32_t j) {  // part, row in part
        std::uint32_t p = 0;
        while (j >= first_of_part[p + 1]) ++p;
        return std::pair{p, j - first_of_part[p]};
    };

    // Duplicate member ids: one index over every part.
    constexpr std::uint32_t kNone = kNoHousehold;
    std::vector<std::uint32_t> duplicate_of(total, kNone), owner;
    owner.reserve(total);
    for (auto& part : parts) {
        owner.insert(owner.end(), part.owner.begin(), part.owner.end());
        release(part.owner);
    }
    {
        KeyIndex member_index(
            [&](std::uint32_t j) {
                const auto [p, l] = locate(j);
                return parts[p].rows.member_id[l];
            },
            total);
        for (std::size_t p = 0; p < parts.size(); ++p)
            for (std::uint32_t l = 0; l < parts[p].file_row.size(); ++l) {
                const std::uint32_t j = first_of_part[p] + l;
                if (const std::string_view id = parts[p].rows.member_id[l]; !id.empty())
                    if (const std::uint32_t holder = member_index.insert(id, j); holder != j) duplicate_of[j] = holder;
            }
    }

    // What a member's row says about other rows, in file order, as one stream would find it.
    std::vector<Problem> matching;
    std::vector<std::uint8_t> heads(household_count, 0);
    std::vector<std::uint32_t> members_of(household_count + 1, 0);
    for (std::size_t p = 0; p < parts.size(); ++p) {
        const MemberRows& part = parts[p];
        auto unknown = part.unknown_household.begin();
        for (std::uint32_t l = 0; l < part.file_row.size(); ++l) {
            const std::uint32_t j = first_of_part[p] + l;
            const long row = part.file_row[l];
            const bool names_unknown_household = unknown != part.unknown_household.end() && unknown->first == l;
            if (names_unknown_household) ++unknown;
            if (duplicate_of[j] != kNone) {
                const auto [holder_part, holder_row] = locate(duplicate_of[j]);
                matching.push_back({members_source, row, kMemberColumns[kMemberId],
                                    "mã thành viên \"" + std::string(part.rows.member_id[l]) + "\" bị trùng với dòng " +
                                        std::to_string(parts[holder_part].file_row[holder_row])});
                owner[j] = kNone;
                continue;
            }
            if (names_unknown_household) {
                matching.push_back({members_source, row, kMemberColumns[kMemberHouseholdId],
                                    "hộ \"" + std::prev(unknown)->second + "\" không có trong " + households_in.source});
                continue;
            }
            if (owner[j] == kNone) continue;  // no household id: a problem of the row's own
            if (part.rows.image.relation[l] == 1 && ++heads[owner[j]] == 2)
                matching.push_back({members_source, row, kMemberColumns[kRelation],
                                    "hộ \"" + image.household_ids[owner[j]] + "\" có nhiều hơn một chủ hộ"});
            ++members_of[owner[j] + 1];
        }
    }
    // Each list is in row order; a row's own cells come before what it says about other rows.
    const auto member_problems = static_cast<std::ptrdiff_t>(problems.size());
    for (auto& part : parts) problems.insert(problems.end(), part.problems.begin(), part.problems.end());
    const auto matching_problems = static_cast<std::ptrdiff_t>(problems.size());
    problems.insert(problems.end(), matching.begin(), matching.end());
    std::inplace_merge(problems.begin() + member_problems, problems.begin() + matching_problems, problems.end(),
                       [](const Problem& a, const Problem& b) { return a.row < b.row; });

    // Counting sort by household keeps each household's members in file order.
    for (std::size_t i = 0; i < household_count; ++i) members_of[i + 1] += members_of[i];
    image.member_begin = members_of;
    std::vector<std::uint32_t> order(members_of.back());
    for (std::uint32_t j = 0; j < total; ++j)
        if (owner[j] != kNone) order[members_of[owner[j]]++] = j;
    std::vector<std::vector<std::int32_t>> name_ids, ethnicity_ids;
    for (const auto& part : parts) {
        name_ids.push_back(intern_all(part.rows.names, batch.names));
        ethnicity_ids.push_back(intern_all(part.rows.image.ethnicities, image.ethnicities));
    }
    for (auto& part : parts) {  // what only the matching above needed
        release(part.file_row);
        part.unknown_household.clear();
        part.unknown_household.shrink_to_fit();
    }
    // Column by column, each part's column released once gathered, so that the members are
    // held about once, not twice; the coded answers on a second thread, the text here.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> source(order.size());  // part, row in part
    for (std::size_t k = 0; k < order.size(); ++k) source[k] = locate(order[k]);
    release(order);
    auto gather = [&](auto column_of, auto& into, auto translate) {
        into.resize(source.size());
        for (std::size_t k = 0; k < source.size(); ++k) {
            const auto [p, l] = source[k];
            into[k] = translate(p, column_of(parts[p])[l]);
        }
        for (auto& part : parts) release(column_of(part));
    };
    const auto as_is = [](std::uint32_t, auto value) { return value; };
    std::jthread answers([&] {
        RegistryImage& g = image;
        gather([](MemberRows& m) -> auto& { return m.rows.image.birth_year; }, g.birth_year, as_is);
        gather([](MemberRows& m) -> auto& { return m.rows.image.birth_month; }, g.birth_month, as_is);
        gather([](MemberRows& m) -> auto& { return m.rows.image.birth_day; }, g.birth_day, as_is);
        gather([](MemberRows& m) -> auto& { return m.rows.image.sex; }, g.sex, as_is);
        gather([](MemberRows& m) -> auto& { return m.rows.image.relation; }, g.relation, as_is);
        gather([](MemberRows& m) -> auto& { return m.rows.image.disability; }, g.disability, as_is);
        gather([](MemberRows& m) -> auto& { return m.rows.image.employment; }, g.employment, as_is);
        gather([](MemberRows& m) -> auto& { return m.rows.image.attending_level; }, g.attending_level, as_is);
        gather([](MemberRows& m) -> auto& { return m.rows.image.completed_level; }, g.completed_level, as_is);
        gather([](MemberRows& m) -> auto& { return m.rows.image.ethnicity; }, g.ethnicity,
               [&](std::uint32_t p, std::int32_t id) { return ethnicity_ids[p][static_cast<std::size_t>(id)]; });
        gather([](MemberRows& m) -> auto& { return m.rows.image.flag_known; }, g.flag_known, as_is);
        gather([](MemberRows& m) -> auto& { return m.rows.image.flag_value; }, g.flag_value, as_is);
    });
    gather([](MemberRows& m) -> auto& { return m.rows.full_name; }, batch.full_name,
           [&](std::uint32_t p, std::int32_t id) { return name_ids[p][static_cast<std::size_t>(id)]; });
    gather([](MemberRows& m) -> auto& { return m.rows.birth_year_only; }, batch.birth_year_only, as_is);
    auto gather_text = [&](auto column_of, TextColumn& into) {
        std::size_t bytes = 0;
        for (auto& part : parts) bytes += column_of(part).bytes().size();
        into.reserve(source.size(), bytes);
        for (const auto& [p, l] : source) into.append(column_of(parts[p])[l]);
        for (auto& part : parts) column_of(part) = TextColumn{};
    };
    gather_text([](MemberRows& m) -> auto& { return m.rows.member_id; }, batch.member_id);
    gather_text([](MemberRows& m) -> auto& { return m.rows.personal_id; }, batch.personal_id);
    for (const auto& [p, l] : source) {
        const ExtraAnswers& extra = parts[p].rows.member_extra;
        for (std::uint32_t k = extra.begin_of(l); k < extra.end[l]; ++k) {
            batch.member_extra.name.push_back(extra.name[k]);
            batch.member_extra.value.append(extra.value[k]);
        }
        batch.member_extra.close_row();
    }
    answers.join();
    for (std::size_t i = 0; i < household_count; ++i)
        if (image.member_begin[i] == image.member_begin[i + 1] && !image.household_ids[i].empty())
            problems.push_back({households_in.source, out.household_rows[i], "household_id",
                                "hộ \"" + image.household_ids[i] + "\" không có thành viên nào trong " + members_source});
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
