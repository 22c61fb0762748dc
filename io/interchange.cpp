#include "io/interchange.hpp"

#include "core/vocabulary.hpp"
#include "io/csv.hpp"

#include <charconv>
#include <memory>
#include <stdexcept>
#include <cmath>
#include <map>
#include <unordered_map>
#include <unordered_set>

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
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

// Reads one row's cells by column name and records problems against the row.
class RowReader {
public:
    RowReader(const std::vector<std::string>& fields, long row, const std::string& source,
              const std::map<std::string, std::size_t>& columns, std::vector<Problem>& problems)
        : fields_(fields), row_(row), source_(source), columns_(columns), problems_(problems) {}

    [[nodiscard]] long row() const { return row_; }

    // The cell, trimmed, as a view into the row (valid while the row lives).
    [[nodiscard]] std::string_view view(const std::string& column) const {
        auto it = columns_.find(column);
        if (it == columns_.end()) return {};
        return it->second < fields_.size() ? trim(fields_[it->second]) : std::string_view{};
    }
    [[nodiscard]] std::string text(const std::string& column) const { return std::string(view(column)); }

    void problem(const std::string& column, const std::string& message) const {
        problems_.push_back({source_, row(), column, message});
    }

    std::string required(const std::string& column) const {
        std::string value = text(column);
        if (value.empty()) problem(column, "bắt buộc nhưng đang để trống");
        return value;
    }

    std::string code(const std::string& column) const {
        const std::string_view value = view(column);
        if (value.empty()) return {};
        CodeField field{};
        code_field_by_name(column, field);
        if (code_id(field, value) == 0) {
            problem(column, "giá trị \"" + std::string(value) + "\" không hợp lệ; cần một trong: " + join(codes_of(field), ", "));
            return {};
        }
        return std::string(value);
    }

    std::optional<bool> boolean(const std::string& column) const {
        const std::string_view value = view(column);
        if (value.empty()) return std::nullopt;
        if (value == "1") return true;
        if (value == "0") return false;
        problem(column, "giá trị \"" + std::string(value) + "\" không hợp lệ; cần 1 hoặc 0");
        return std::nullopt;
    }

    std::optional<std::int64_t> whole_number(const std::string& column) const {
        const std::string_view value = view(column);
        if (value.empty()) return std::nullopt;
        std::int64_t number = 0;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
        if (ec != std::errc() || end != value.data() + value.size() || number < 0) {
            problem(column, "giá trị \"" + std::string(value) + "\" không hợp lệ; cần số nguyên không âm (đồng)");
            return std::nullopt;
        }
        return number;
    }

    std::optional<double> decimal(const std::string& column) const {
        const std::string_view value = view(column);
        if (value.empty()) return std::nullopt;
        double number = 0;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
        if (ec != std::errc() || end != value.data() + value.size() || number < 0 || !std::isfinite(number)) {
            problem(column, "giá trị \"" + std::string(value) + "\" không hợp lệ; cần số không âm, dấu thập phân là dấu chấm");
            return std::nullopt;
        }
        return number;
    }

    // Decimal in thousandths, exactly: "8", "23.99", "7.125".
    std::optional<std::int64_t> thousandths(const std::string& column) const {
        const std::string value = text(column);
        if (value.empty()) return std::nullopt;
        const auto dot = value.find('.');
        const std::string whole = value.substr(0, dot);
        std::string fraction = dot == std::string::npos ? "" : value.substr(dot + 1);
        auto digits = [](const std::string& s) {
            return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
        };
        if (whole.empty() || !digits(whole) || !digits(fraction) || fraction.size() > 3 || whole.size() > 12 ||
            (dot != std::string::npos && fraction.empty())) {
            problem(column, "giá trị \"" + value + "\" không hợp lệ; cần số m² không âm, tối đa 3 chữ số thập phân, dấu chấm thập phân");
            return std::nullopt;
        }
        fraction.resize(3, '0');
        return std::stoll(whole) * 1000 + std::stoll(fraction);
    }

private:
    const std::vector<std::string>& fields_;
    long row_;
    const std::string& source_;
    const std::map<std::string, std::size_t>& columns_;
    std::vector<Problem>& problems_;
};

std::map<std::string, std::size_t> index_header(const std::vector<std::string>& header, const std::string& source,
                                                const std::vector<std::string>& required, std::vector<Problem>& problems) {
    std::map<std::string, std::size_t> columns;
    for (std::size_t i = 0; i < header.size(); ++i) {
        const std::string name(trim(header[i]));
        if (name.empty()) {
            problems.push_back({source, 1, "cột " + std::to_string(i + 1), "tiêu đề cột để trống"});
            continue;
        }
        if (!columns.emplace(name, i).second) problems.push_back({source, 1, name, "tiêu đề cột bị lặp"});
    }
    for (const auto& name : required)
        if (!columns.count(name)) problems.push_back({source, 1, name, "thiếu cột bắt buộc"});
    return columns;
}

// The columns the format does not know, in file order, kept as extra answers.
using ExtraColumns = std::vector<std::pair<std::size_t, std::string>>;
ExtraColumns extra_columns(const std::map<std::string, std::size_t>& columns, const std::vector<std::string>& known,
                           const std::string& override_prefix) {
    ExtraColumns ordered;
    for (const auto& [name, position] : columns) {
        if (std::find(known.begin(), known.end(), name) != known.end()) continue;
        if (!override_prefix.empty() && name.rfind(override_prefix, 0) == 0) continue;
        ordered.emplace_back(position, name);
    }
    std::sort(ordered.begin(), ordered.end());
    return ordered;
}

std::vector<std::pair<std::string, std::string>> extras(const std::vector<std::string>& fields, const ExtraColumns& columns) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [position, name] : columns)
        if (position < fields.size() && !fields[position].empty()) out.emplace_back(name, fields[position]);
    return out;
}

bool all_digits(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

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

std::string format_problem(const Problem& p) {
    std::string where = p.file;
    if (p.row > 0) where += ", dòng " + std::to_string(p.row);
    if (!p.column.empty()) where += ", cột " + p.column;
    return where + ": " + p.message;
}

std::string personal_id_problem(const std::string& id, const Member& member) {
    if (id.size() != 12 || !all_digits(id)) return "số định danh cá nhân phải gồm đúng 12 chữ số";
    // Circular 59/2021/TT-BCA, Art. 7: 3 digits place of birth registration (001–096), 1 digit
    // century and sex (0/1 = 20th century male/female, 2/3 = 21st ...), 2 digits year of birth.
    const int place = std::stoi(id.substr(0, 3));
    if (place < 1 || place > 96) return "3 chữ số đầu (mã nơi đăng ký khai sinh) phải từ 001 đến 096";
    const int century_sex = id[3] - '0';
    const int hundreds = 19 + century_sex / 2;  // 0/1 → 19xx, 2/3 → 20xx ...
    const int year = member.birth_date.year;
    if (year / 100 != hundreds)
        return "chữ số thứ 4 (" + std::string(1, id[3]) + ") không khớp với thế kỷ của năm sinh " + std::to_string(year);
    if (std::stoi(id.substr(4, 2)) != year % 100)
        return "chữ số thứ 5–6 (" + id.substr(4, 2) + ") không khớp với năm sinh " + std::to_string(year);
    if (member.sex != Sex::unknown && (century_sex % 2 == 1) != (member.sex == Sex::female))
        return "chữ số thứ 4 (" + std::string(1, id[3]) + ") không khớp với giới tính";
    return {};
}

RowStream RowStream::of(const Table& table) {
    RowStream stream;
    stream.source = table.source;
    stream.header = table.header;
    stream.next = [&table, row = std::size_t{0}](std::vector<std::string>& fields, long& number) mutable {
        if (row >= table.rows.size()) return false;
        fields = table.rows[row];
        number = table.row_numbers[row];
        ++row;
        return true;
    };
    return stream;
}

RowStream RowStream::csv(std::string_view text, const std::string& source) {
    if (!is_valid_utf8(text)) throw std::runtime_error(source + ": tệp không phải UTF-8 hợp lệ");
    auto reader = std::make_shared<CsvReader>(text);
    RowStream stream;
    stream.source = source;
    try {
        if (!reader->next(stream.header)) throw std::runtime_error("tệp rỗng, thiếu dòng tiêu đề");
    } catch (const std::runtime_error& e) {
        throw std::runtime_error(source + ": " + e.what());
    }
    stream.next = [reader, source](std::vector<std::string>& fields, long& number) {
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
    return stream;
}

ParsedHouseholds parse_interchange(const Table& households_in, const Table& members_in, const InterchangeRules& rules) {
    return parse_interchange(households_in, RowStream::of(members_in), rules);
}

ParsedHouseholds parse_interchange(const Table& households_in, RowStream members_in, const InterchangeRules& rules) {
    ParsedHouseholds out;
    auto& problems = out.problems;
    const auto hcols = index_header(households_in.header, households_in.source, {"household_id", "unit_code"}, problems);
    const auto mcols = index_header(members_in.header, members_in.source, {"household_id", "member_id", "birth_date"}, problems);
    if (!problems.empty()) return out;
    const ExtraColumns household_extras = extra_columns(hcols, kHouseholdColumns, "deprived_");
    const ExtraColumns member_extras = extra_columns(mcols, kMemberColumns, "");

    std::vector<std::string> override_keys;
    for (const auto& [name, position] : hcols) {
        if (name.rfind("deprived_", 0) != 0) continue;
        const std::string key = name.substr(9);
        if (!rules.indicator_keys.count(key)) {
            std::vector<std::string> known(rules.indicator_keys.begin(), rules.indicator_keys.end());
            problems.push_back({households_in.source, 1, name, "không có chỉ số \"" + key + "\"; các chỉ số: " + join(known, ", ")});
        } else {
            override_keys.push_back(key);
        }
    }

    std::unordered_map<std::string, std::size_t> household_index;
    household_index.reserve(households_in.rows.size());
    std::vector<long> household_rows;
    out.households.reserve(households_in.rows.size());
    for (std::size_t i = 0; i < households_in.rows.size(); ++i) {
        RowReader r(households_in.rows[i], households_in.row_numbers[i], households_in.source, hcols, problems);
        Household h;
        h.household_id = r.required("household_id");
        h.unit_code = r.required("unit_code");
        if (!h.unit_code.empty() && !rules.unit_exists(h.unit_code))
            r.problem("unit_code", "mã đơn vị \"" + h.unit_code + "\" không có trong danh mục đơn vị hành chính");
        h.current_unit_code = r.text("current_unit_code");
        if (!h.current_unit_code.empty() && !rules.unit_exists(h.current_unit_code))
            r.problem("current_unit_code", "mã đơn vị \"" + h.current_unit_code + "\" không có trong danh mục đơn vị hành chính");
        h.village = r.text("village");
        h.head_name = r.text("head_name");
        h.area = r.code("area");
        h.income_per_capita = r.whole_number("income_per_capita");
        h.score_a = r.decimal("score_a");
        h.housing_type = r.code("housing_type");
        h.housing_area_milli_m2 = r.thousandths("housing_area_m2");
        h.water_source = r.code("water_source");
        h.latrine = r.code("latrine");
        const std::string assets = r.text("info_assets");
        if (assets == "none") {
            h.info_assets = std::vector<std::string>{};
        } else if (!assets.empty()) {
            std::vector<std::string> list;
            std::size_t start = 0;
            while (start <= assets.size()) {
                const auto end = std::min(assets.find(';', start), assets.size());
                const std::string item(trim(std::string_view(assets).substr(start, end - start)));
                const auto& allowed = codes_of(CodeField::info_assets);
                if (std::find(allowed.begin(), allowed.end(), item) == allowed.end())
                    r.problem("info_assets", "\"" + item + "\" không hợp lệ; cần các giá trị " + join(allowed, ", ") +
                                                 " cách nhau bởi dấu ;, hoặc none");
                else if (std::find(list.begin(), list.end(), item) == list.end())
                    list.push_back(item);
                start = end + 1;
            }
            h.info_assets = std::move(list);
        }
        h.hears_loudspeaker = r.boolean("hears_loudspeaker");
        h.waste_treatment = r.code("waste_treatment");
        for (const auto& key : override_keys)
            if (auto value = r.boolean("deprived_" + key)) h.deprived_override[key] = *value;
        h.extra = extras(households_in.rows[i], household_extras);
        if (!h.household_id.empty()) {
            auto [it, inserted] = household_index.emplace(h.household_id, out.households.size());
            if (!inserted) {
                r.problem("household_id", "mã hộ \"" + h.household_id + "\" bị trùng với dòng " +
                                              std::to_string(household_rows[it->second]));
                continue;
            }
        }
        household_rows.push_back(r.row());
        out.households.push_back(std::move(h));
    }

    std::unordered_map<std::string, long> member_rows;
    member_rows.reserve(households_in.rows.size() * 4);
    std::vector<int> heads(out.households.size(), 0);
    std::vector<std::string> fields;
    long row_number = 0;
    while (members_in.next(fields, row_number)) {
        RowReader r(fields, row_number, members_in.source, mcols, problems);
        Member m;
        const std::string household_id = r.required("household_id");
        m.member_id = r.required("member_id");
        m.full_name = r.text("full_name");
        m.relation = r.code("relation");
        const std::string sex = r.code("sex");
        m.sex = sex == "male" ? Sex::male : sex == "female" ? Sex::female : Sex::unknown;
        const std::string birth = r.required("birth_date");
        if (!birth.empty()) {
            if (birth.size() == 4 && all_digits(birth) && std::stoi(birth) >= 1) {
                m.birth_date = Date{std::stoi(birth), 7, 1};
                m.birth_year_only = true;
            } else if (auto date = parse_iso_date(birth)) {
                m.birth_date = *date;
            } else {
                r.problem("birth_date", "ngày \"" + birth + "\" không hợp lệ; cần YYYY-MM-DD (ngày có thật) hoặc YYYY");
            }
            if (m.birth_date.year != 0 && rules.today.year != 0 &&
                (m.birth_year_only ? m.birth_date.year > rules.today.year : rules.today < m.birth_date))
                r.problem("birth_date", "ngày sinh " + birth + " sau ngày hiện tại " + rules.today.iso());
        }
        m.ethnicity = r.text("ethnicity");
        m.disability = r.code("disability");
        m.social_protection = r.boolean("social_protection");
        m.revolutionary_merit = r.boolean("revolutionary_merit");
        m.health_insurance = r.boolean("health_insurance");
        m.employment = r.code("employment");
        m.attending_level = r.code("attending_level");
        m.completed_level = r.code("completed_level");
        m.stunted = r.boolean("stunted");
        m.underweight = r.boolean("underweight");
        m.uses_phone = r.boolean("uses_phone");
        m.uses_internet = r.boolean("uses_internet");
        m.personal_id = r.text("personal_id");
        if (!m.personal_id.empty() && m.birth_date.year != 0) {
            const std::string reason = personal_id_problem(m.personal_id, m);
            if (!reason.empty()) r.problem("personal_id", reason);
        }
        m.extra = extras(fields, member_extras);
        if (!m.member_id.empty()) {
            auto [it, inserted] = member_rows.emplace(m.member_id, r.row());
            if (!inserted) {
                r.problem("member_id", "mã thành viên \"" + m.member_id + "\" bị trùng với dòng " + std::to_string(it->second));
                continue;
            }
        }
        if (household_id.empty()) continue;
        auto owner = household_index.find(household_id);
        if (owner == household_index.end()) {
            r.problem("household_id", "hộ \"" + household_id + "\" không có trong " + households_in.source);
            continue;
        }
        if (m.relation == "head" && ++heads[owner->second] == 2)
            r.problem("relation", "hộ \"" + household_id + "\" có nhiều hơn một chủ hộ");
        out.households[owner->second].members.push_back(std::move(m));
    }
    for (std::size_t i = 0; i < out.households.size(); ++i)
        if (out.households[i].members.empty() && !out.households[i].household_id.empty())
            problems.push_back({households_in.source, household_rows[i], "household_id",
                                "hộ \"" + out.households[i].household_id + "\" không có thành viên nào trong " + members_in.source});
    return out;
}

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

Table households_table(const std::vector<Household>& households) {
    Table table;
    table.source = "households";
    std::vector<std::string> override_keys;
    std::vector<std::string> extra_names;
    for (const auto& h : households) {
        for (const auto& [key, value] : h.deprived_override)
            if (std::find(override_keys.begin(), override_keys.end(), key) == override_keys.end()) override_keys.push_back(key);
        for (const auto& [name, value] : h.extra)
            if (std::find(extra_names.begin(), extra_names.end(), name) == extra_names.end()) extra_names.push_back(name);
    }
    std::sort(override_keys.begin(), override_keys.end());
    // current_unit_code is this system's addition to the format: written only when used.
    const bool with_current = std::any_of(households.begin(), households.end(),
                                          [](const Household& h) { return !h.current_unit_code.empty(); });
    table.header = kHouseholdColumns;
    if (!with_current) table.header.pop_back();
    for (const auto& key : override_keys) table.header.push_back("deprived_" + key);
    for (const auto& name : extra_names) table.header.push_back(name);
    table.rows.reserve(households.size());
    for (const auto& h : households) {
        std::vector<std::string> row = household_fields(h);
        if (!with_current) row.pop_back();
        for (const auto& key : override_keys) {
            auto it = h.deprived_override.find(key);
            row.push_back(it == h.deprived_override.end() ? "" : it->second ? "1" : "0");
        }
        for (const auto& name : extra_names) {
            auto it = std::find_if(h.extra.begin(), h.extra.end(), [&](const auto& e) { return e.first == name; });
            row.push_back(it == h.extra.end() ? "" : it->second);
        }
        table.rows.push_back(std::move(row));
    }
    return table;
}

Table members_table(const std::vector<Household>& households) {
    Table table;
    table.source = "members";
    std::vector<std::string> extra_names;
    for (const auto& h : households)
        for (const auto& m : h.members)
            for (const auto& [name, value] : m.extra)
                if (std::find(extra_names.begin(), extra_names.end(), name) == extra_names.end()) extra_names.push_back(name);
    table.header = kMemberColumns;
    for (const auto& name : extra_names) table.header.push_back(name);
    for (const auto& h : households) {
        for (const auto& m : h.members) {
            std::vector<std::string> row = member_fields(h, m);
            for (const auto& name : extra_names) {
                auto it = std::find_if(m.extra.begin(), m.extra.end(), [&](const auto& e) { return e.first == name; });
                row.push_back(it == m.extra.end() ? "" : it->second);
            }
            table.rows.push_back(std::move(row));
        }
    }
    return table;
}

}  // namespace giamngheo::io
