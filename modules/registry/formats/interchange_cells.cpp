// The format's column lists, the resolution of a header into them and the checks of a personal
// identification number: what interchange_cells.hpp declares and need not be inline.
#include "modules/registry/formats/interchange_cells.hpp"

#include <algorithm>

#include "modules/registry/formats/interchange.hpp"

namespace giamngheo::io {

// Kept in step with HouseholdColumn and MemberColumn (interchange_cells.hpp), which index them.
const std::vector<std::string> kHouseholdColumns = {
    "household_id", "unit_code", "village", "head_name", "area", "income_per_capita", "score_a",
    "housing_type", "housing_area_m2", "water_source", "latrine", "info_assets", "hears_loudspeaker",
    "waste_treatment", "current_unit_code"};
const std::vector<std::string> kMemberColumns = {
    "household_id", "member_id", "full_name", "personal_id", "relation", "sex", "birth_date",
    "ethnicity", "disability", "social_protection", "revolutionary_merit", "health_insurance",
    "employment", "attending_level", "completed_level", "stunted", "underweight", "uses_phone",
    "uses_internet"};

namespace interchange_detail {

ColumnMap::ColumnMap(const std::vector<std::string>& header, InterchangeFile file, const std::string& source,
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

}  // namespace interchange_detail

std::string personal_id_problem(const std::string& id, const Member& member) {
    return interchange_detail::personal_id_reason(id, member.birth_date.year,
                                                  member.sex == Sex::male ? 1 : member.sex == Sex::female ? 2 : 0);
}

}  // namespace giamngheo::io
