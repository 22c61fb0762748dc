#include "kernel/registry_image.hpp"

#include "kernel/vocabulary.hpp"

namespace giamngheo {
namespace {

void set_flag(std::uint16_t bit, const std::optional<bool>& value, std::uint16_t& known, std::uint16_t& set) {
    if (!value) return;
    known |= bit;
    if (*value) set |= bit;
}

}  // namespace

std::uint16_t member_flag_bit(const std::string& name) {
    if (name == "social_protection") return kFlagSocialProtection;
    if (name == "revolutionary_merit") return kFlagRevolutionaryMerit;
    if (name == "health_insurance") return kFlagHealthInsurance;
    if (name == "stunted") return kFlagStunted;
    if (name == "underweight") return kFlagUnderweight;
    if (name == "uses_phone") return kFlagUsesPhone;
    if (name == "uses_internet") return kFlagUsesInternet;
    return 0;
}

std::int32_t StringTable::intern(std::string_view text) {
    if (auto it = ids_.find(text); it != ids_.end()) return it->second;
    const auto id = static_cast<std::int32_t>(strings_.size());
    ids_.emplace(std::string(text), id);
    strings_.emplace_back(text);
    return id;
}

std::int32_t StringTable::find(std::string_view text) const {
    auto it = ids_.find(text);
    return it == ids_.end() ? -1 : it->second;
}

void RegistryImage::reserve(std::size_t h, std::size_t m) {
    for (auto* v : {&unit, &current_unit, &village}) v->reserve(h);
    for (auto* v : {&area, &housing_type, &water_source, &latrine, &waste_treatment, &info_assets, &loudspeaker})
        v->reserve(h);
    income.reserve(h);
    score_a.reserve(h);
    housing_area_milli_m2.reserve(h);
    override_known.reserve(h);
    override_value.reserve(h);
    member_begin.reserve(h + 1);
    household_ids.reserve(h);
    birth_year.reserve(m);
    for (auto* v : {&birth_month, &birth_day, &sex, &relation, &disability, &employment, &attending_level,
                    &completed_level})
        v->reserve(m);
    ethnicity.reserve(m);
    flag_known.reserve(m);
    flag_value.reserve(m);
}

void RegistryImage::append(const Household& h) {
    household_ids.push_back(h.household_id);
    unit.push_back(units.intern(h.unit_code));
    current_unit.push_back(units.intern(h.current_unit_code));
    village.push_back(villages.intern(h.village));
    area.push_back(code_id(CodeField::area, h.area));
    income.push_back(h.income_per_capita.value_or(kUnknownNumber));
    score_a.push_back(h.score_a.value_or(std::numeric_limits<double>::quiet_NaN()));
    housing_type.push_back(code_id(CodeField::housing_type, h.housing_type));
    water_source.push_back(code_id(CodeField::water_source, h.water_source));
    latrine.push_back(code_id(CodeField::latrine, h.latrine));
    waste_treatment.push_back(code_id(CodeField::waste_treatment, h.waste_treatment));
    housing_area_milli_m2.push_back(h.housing_area_milli_m2.value_or(kUnknownNumber));
    std::uint8_t assets = 0;
    if (h.info_assets) {
        assets = 0x80;
        for (const auto& a : *h.info_assets)
            if (const auto id = code_id(CodeField::info_assets, a)) assets |= static_cast<std::uint8_t>(1u << id);
    }
    info_assets.push_back(assets);
    loudspeaker.push_back(h.hears_loudspeaker ? (*h.hears_loudspeaker ? 1 : 0) : 2);
    std::uint32_t known = 0, value = 0;
    for (const auto& [key, deprived] : h.deprived_override) {
        const auto bit = 1u << (override_keys.intern(key) - 1);
        known |= bit;
        if (deprived) value |= bit;
    }
    override_known.push_back(known);
    override_value.push_back(value);
    for (const auto& m : h.members) {
        birth_year.push_back(static_cast<std::int16_t>(m.birth_date.year));
        birth_month.push_back(static_cast<std::uint8_t>(m.birth_date.month));
        birth_day.push_back(static_cast<std::uint8_t>(m.birth_date.day));
        sex.push_back(m.sex == Sex::male ? 1 : m.sex == Sex::female ? 2 : 0);
        relation.push_back(code_id(CodeField::relation, m.relation));
        disability.push_back(code_id(CodeField::disability, m.disability));
        employment.push_back(code_id(CodeField::employment, m.employment));
        attending_level.push_back(code_id(CodeField::attending_level, m.attending_level));
        completed_level.push_back(code_id(CodeField::completed_level, m.completed_level));
        ethnicity.push_back(ethnicities.intern(m.ethnicity));
        std::uint16_t k = 0, v = 0;
        set_flag(kFlagSocialProtection, m.social_protection, k, v);
        set_flag(kFlagRevolutionaryMerit, m.revolutionary_merit, k, v);
        set_flag(kFlagHealthInsurance, m.health_insurance, k, v);
        set_flag(kFlagStunted, m.stunted, k, v);
        set_flag(kFlagUnderweight, m.underweight, k, v);
        set_flag(kFlagUsesPhone, m.uses_phone, k, v);
        set_flag(kFlagUsesInternet, m.uses_internet, k, v);
        flag_known.push_back(k);
        flag_value.push_back(v);
    }
    member_begin.push_back(static_cast<std::uint32_t>(birth_year.size()));
}

void RegistryImage::append(const RegistryImage& other) {
    auto translation = [](const StringTable& from, StringTable& into) {
        std::vector<std::int32_t> ids(from.size());
        for (std::size_t id = 0; id < from.size(); ++id) ids[id] = into.intern(from.at(static_cast<std::int32_t>(id)));
        return ids;
    };
    const auto unit_ids = translation(other.units, units), village_ids = translation(other.villages, villages),
               ethnicity_ids = translation(other.ethnicities, ethnicities),
               key_ids = translation(other.override_keys, override_keys);
    // Override bit b stands for key id b + 1.
    auto override_bits = [&](std::uint32_t bits) {
        std::uint32_t out = 0;
        for (std::size_t key = 1; key < key_ids.size(); ++key)
            if (bits >> (key - 1) & 1u) out |= 1u << (key_ids[key] - 1);
        return out;
    };
    auto append_all = [](auto& into, const auto& from) { into.insert(into.end(), from.begin(), from.end()); };
    auto append_translated = [](std::vector<std::int32_t>& into, const std::vector<std::int32_t>& from,
                                const std::vector<std::int32_t>& ids) {
        into.reserve(into.size() + from.size());
        for (const auto id : from) into.push_back(ids[static_cast<std::size_t>(id)]);
    };
    const std::size_t member_offset = members();
    append_all(household_ids, other.household_ids);
    append_translated(unit, other.unit, unit_ids);
    append_translated(current_unit, other.current_unit, unit_ids);
    append_translated(village, other.village, village_ids);
    append_all(area, other.area);
    append_all(income, other.income);
    append_all(score_a, other.score_a);
    append_all(housing_type, other.housing_type);
    append_all(water_source, other.water_source);
    append_all(latrine, other.latrine);
    append_all(waste_treatment, other.waste_treatment);
    append_all(housing_area_milli_m2, other.housing_area_milli_m2);
    append_all(info_assets, other.info_assets);
    append_all(loudspeaker, other.loudspeaker);
    for (std::size_t i = 0; i < other.households(); ++i) {
        override_known.push_back(override_bits(other.override_known[i]));
        override_value.push_back(override_bits(other.override_value[i]));
        member_begin.push_back(static_cast<std::uint32_t>(member_offset + other.member_begin[i + 1]));
    }
    append_all(birth_year, other.birth_year);
    append_all(birth_month, other.birth_month);
    append_all(birth_day, other.birth_day);
    append_all(sex, other.sex);
    append_all(relation, other.relation);
    append_all(disability, other.disability);
    append_all(employment, other.employment);
    append_all(attending_level, other.attending_level);
    append_all(completed_level, other.completed_level);
    append_translated(ethnicity, other.ethnicity, ethnicity_ids);
    append_all(flag_known, other.flag_known);
    append_all(flag_value, other.flag_value);
}

}  // namespace giamngheo
