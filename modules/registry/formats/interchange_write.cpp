// Writing households back in the interchange format: the rows of both files, the columns a set
// of households needs (deprived_<key>, extra columns, current units) and whole tables. Apart
// from the reader, which it shares only the column lists with, so that an export never pulls in
// the staging of an import.
#include <algorithm>
#include <charconv>

#include "modules/registry/formats/interchange.hpp"
#include "modules/registry/formats/interchange_cells.hpp"

namespace giamngheo::io {

using interchange_detail::join;

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
