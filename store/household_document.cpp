#include "store/household_document.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

namespace giamngheo::store {
namespace {

using nlohmann::json;

void put(json& j, const char* key, const std::string& value) {
    if (!value.empty()) j[key] = value;
}
template <class T>
void put(json& j, const char* key, const std::optional<T>& value) {
    if (value) j[key] = *value;
}
std::string text(const json& j, const char* key) { return j.contains(key) ? j.at(key).get<std::string>() : std::string{}; }
template <class T>
std::optional<T> maybe(const json& j, const char* key) {
    if (!j.contains(key)) return std::nullopt;
    return j.at(key).get<T>();
}

json extras(const std::vector<std::pair<std::string, std::string>>& list) {
    json out = json::array();
    for (const auto& [name, value] : list) out.push_back({name, value});
    return out;
}
std::vector<std::pair<std::string, std::string>> extras(const json& j) {
    std::vector<std::pair<std::string, std::string>> out;
    if (j.contains("extra"))
        for (const auto& pair : j.at("extra")) out.emplace_back(pair.at(0).get<std::string>(), pair.at(1).get<std::string>());
    return out;
}

}  // namespace

std::string to_document(const Household& h) {
    json j;
    j["household_id"] = h.household_id;
    j["unit_code"] = h.unit_code;
    put(j, "current_unit_code", h.current_unit_code);
    put(j, "village", h.village);
    put(j, "head_name", h.head_name);
    put(j, "area", h.area);
    put(j, "income_per_capita", h.income_per_capita);
    put(j, "score_a", h.score_a);
    put(j, "housing_type", h.housing_type);
    put(j, "housing_area_milli_m2", h.housing_area_milli_m2);
    put(j, "water_source", h.water_source);
    put(j, "latrine", h.latrine);
    put(j, "info_assets", h.info_assets);
    put(j, "hears_loudspeaker", h.hears_loudspeaker);
    put(j, "waste_treatment", h.waste_treatment);
    if (!h.deprived_override.empty()) j["deprived"] = h.deprived_override;
    if (!h.extra.empty()) j["extra"] = extras(h.extra);
    json members = json::array();
    for (const auto& m : h.members) {
        json jm;
        jm["member_id"] = m.member_id;
        put(jm, "full_name", m.full_name);
        put(jm, "personal_id", m.personal_id);
        put(jm, "relation", m.relation);
        if (m.sex != Sex::unknown) jm["sex"] = m.sex == Sex::male ? "male" : "female";
        jm["birth_date"] = m.birth_year_only ? std::to_string(m.birth_date.year) : m.birth_date.iso();
        put(jm, "ethnicity", m.ethnicity);
        put(jm, "disability", m.disability);
        put(jm, "social_protection", m.social_protection);
        put(jm, "revolutionary_merit", m.revolutionary_merit);
        put(jm, "health_insurance", m.health_insurance);
        put(jm, "employment", m.employment);
        put(jm, "attending_level", m.attending_level);
        put(jm, "completed_level", m.completed_level);
        put(jm, "stunted", m.stunted);
        put(jm, "underweight", m.underweight);
        put(jm, "uses_phone", m.uses_phone);
        put(jm, "uses_internet", m.uses_internet);
        if (!m.extra.empty()) jm["extra"] = extras(m.extra);
        members.push_back(std::move(jm));
    }
    j["members"] = std::move(members);
    return j.dump();
}

Household from_document(const std::string& document) {
    try {
        const json j = json::parse(document);
        Household h;
        h.household_id = text(j, "household_id");
        h.unit_code = text(j, "unit_code");
        h.current_unit_code = text(j, "current_unit_code");
        h.village = text(j, "village");
        h.head_name = text(j, "head_name");
        h.area = text(j, "area");
        h.income_per_capita = maybe<std::int64_t>(j, "income_per_capita");
        h.score_a = maybe<double>(j, "score_a");
        h.housing_type = text(j, "housing_type");
        h.housing_area_milli_m2 = maybe<std::int64_t>(j, "housing_area_milli_m2");
        h.water_source = text(j, "water_source");
        h.latrine = text(j, "latrine");
        h.info_assets = maybe<std::vector<std::string>>(j, "info_assets");
        h.hears_loudspeaker = maybe<bool>(j, "hears_loudspeaker");
        h.waste_treatment = text(j, "waste_treatment");
        if (j.contains("deprived")) h.deprived_override = j.at("deprived").get<std::map<std::string, bool>>();
        h.extra = extras(j);
        for (const auto& jm : j.at("members")) {
            Member m;
            m.member_id = text(jm, "member_id");
            m.full_name = text(jm, "full_name");
            m.personal_id = text(jm, "personal_id");
            m.relation = text(jm, "relation");
            const std::string sex = text(jm, "sex");
            m.sex = sex == "male" ? Sex::male : sex == "female" ? Sex::female : Sex::unknown;
            const std::string birth = text(jm, "birth_date");
            if (birth.size() == 4) {
                m.birth_date = Date{std::stoi(birth), 7, 1};
                m.birth_year_only = true;
            } else {
                m.birth_date = parse_iso_date(birth).value();
            }
            m.ethnicity = text(jm, "ethnicity");
            m.disability = text(jm, "disability");
            m.social_protection = maybe<bool>(jm, "social_protection");
            m.revolutionary_merit = maybe<bool>(jm, "revolutionary_merit");
            m.health_insurance = maybe<bool>(jm, "health_insurance");
            m.employment = text(jm, "employment");
            m.attending_level = text(jm, "attending_level");
            m.completed_level = text(jm, "completed_level");
            m.stunted = maybe<bool>(jm, "stunted");
            m.underweight = maybe<bool>(jm, "underweight");
            m.uses_phone = maybe<bool>(jm, "uses_phone");
            m.uses_internet = maybe<bool>(jm, "uses_internet");
            m.extra = extras(jm);
            h.members.push_back(std::move(m));
        }
        return h;
    } catch (const std::exception& e) {
        throw std::runtime_error(std::string("hồ sơ hộ lưu trữ bị hỏng: ") + e.what());
    }
}

}  // namespace giamngheo::store
