#include "core/household_batch.hpp"

#include <cmath>
#include <stdexcept>

#include "core/vocabulary.hpp"

namespace giamngheo {
namespace {

std::string code_text(CodeField field, std::uint8_t id) {
    return id == 0 ? std::string{} : codes_of(field)[id - 1u];
}

std::optional<bool> flag(std::uint16_t known, std::uint16_t value, std::uint16_t bit) {
    if (!(known & bit)) return std::nullopt;
    return (value & bit) != 0;
}

void append_extras(const std::vector<std::pair<std::string, std::string>>& extras, StringTable& names, ExtraAnswers& out) {
    for (const auto& [name, value] : extras) {
        out.name.push_back(names.intern(name));
        out.value.append(value);
    }
    out.close_row();
}

std::vector<std::pair<std::string, std::string>> extras_of(const ExtraAnswers& extras, const StringTable& names,
                                                           std::size_t row) {
    std::vector<std::pair<std::string, std::string>> out;
    for (std::uint32_t k = extras.begin_of(row); k < extras.end[row]; ++k)
        out.emplace_back(names.at(extras.name[k]), std::string(extras.value[k]));
    return out;
}

// Translates ids of one string table into another, interning each string once.
class Remap {
public:
    Remap(const StringTable& from, StringTable& to) : from_(from), to_(to), ids_(from.size(), -1) {}
    std::int32_t operator()(std::int32_t id) {
        auto& mapped = ids_[static_cast<std::size_t>(id)];
        if (mapped < 0) mapped = to_.intern(from_.at(id));
        return mapped;
    }

private:
    const StringTable& from_;
    StringTable& to_;
    std::vector<std::int32_t> ids_;
};

void copy_extras(const ExtraAnswers& from, std::size_t row, Remap& names, ExtraAnswers& to) {
    for (std::uint32_t k = from.begin_of(row); k < from.end[row]; ++k) {
        to.name.push_back(names(from.name[k]));
        to.value.append(from.value[k]);
    }
    to.close_row();
}

}  // namespace

void TextColumn::assign(std::string bytes, std::vector<std::uint64_t> ends) {
    std::uint64_t previous = 0;
    for (const auto end : ends) {
        if (end < previous) throw std::runtime_error("cột văn bản hỏng: vị trí giảm dần");
        previous = end;
    }
    if (previous != bytes.size()) throw std::runtime_error("cột văn bản hỏng: độ dài không khớp");
    bytes_ = std::move(bytes);
    end_ = std::move(ends);
}

void HouseholdBatch::append(const Household& h) {
    image.append(h);
    head_name.push_back(names.intern(h.head_name));
    append_extras(h.extra, extra_names, household_extra);
    for (const auto& m : h.members) {
        member_id.append(m.member_id);
        full_name.push_back(names.intern(m.full_name));
        personal_id.append(m.personal_id);
        birth_year_only.push_back(m.birth_year_only ? 1 : 0);
        append_extras(m.extra, extra_names, member_extra);
    }
}

Household HouseholdBatch::household(std::size_t i) const {
    const RegistryImage& g = image;
    Household h;
    h.household_id = g.household_ids[i];
    h.unit_code = g.units.at(g.unit[i]);
    h.current_unit_code = g.units.at(g.current_unit[i]);
    h.village = g.villages.at(g.village[i]);
    h.head_name = names.at(head_name[i]);
    h.area = code_text(CodeField::area, g.area[i]);
    if (g.income[i] != kUnknownNumber) h.income_per_capita = g.income[i];
    if (!std::isnan(g.score_a[i])) h.score_a = g.score_a[i];
    h.housing_type = code_text(CodeField::housing_type, g.housing_type[i]);
    if (g.housing_area_milli_m2[i] != kUnknownNumber) h.housing_area_milli_m2 = g.housing_area_milli_m2[i];
    h.water_source = code_text(CodeField::water_source, g.water_source[i]);
    h.latrine = code_text(CodeField::latrine, g.latrine[i]);
    if (g.info_assets[i] & 0x80) {
        std::vector<std::string> assets;
        const auto& codes = codes_of(CodeField::info_assets);
        for (std::size_t id = 1; id <= codes.size(); ++id)
            if (g.info_assets[i] & (1u << id)) assets.push_back(codes[id - 1]);
        h.info_assets = std::move(assets);
    }
    if (g.loudspeaker[i] != 2) h.hears_loudspeaker = g.loudspeaker[i] == 1;
    h.waste_treatment = code_text(CodeField::waste_treatment, g.waste_treatment[i]);
    for (std::size_t key = 1; key < g.override_keys.size(); ++key) {
        const std::uint32_t bit = 1u << (key - 1);
        if (g.override_known[i] & bit) h.deprived_override[g.override_keys.at(static_cast<std::int32_t>(key))] = (g.override_value[i] & bit) != 0;
    }
    h.extra = extras_of(household_extra, extra_names, i);
    for (std::uint32_t j = g.member_begin[i]; j < g.member_begin[i + 1]; ++j) {
        Member m;
        m.member_id = member_id[j];
        m.full_name = names.at(full_name[j]);
        m.personal_id = personal_id[j];
        m.relation = code_text(CodeField::relation, g.relation[j]);
        m.sex = g.sex[j] == 1 ? Sex::male : g.sex[j] == 2 ? Sex::female : Sex::unknown;
        m.birth_date = Date{g.birth_year[j], g.birth_month[j], g.birth_day[j]};
        m.birth_year_only = birth_year_only[j] != 0;
        m.ethnicity = g.ethnicities.at(g.ethnicity[j]);
        m.disability = code_text(CodeField::disability, g.disability[j]);
        m.social_protection = flag(g.flag_known[j], g.flag_value[j], kFlagSocialProtection);
        m.revolutionary_merit = flag(g.flag_known[j], g.flag_value[j], kFlagRevolutionaryMerit);
        m.health_insurance = flag(g.flag_known[j], g.flag_value[j], kFlagHealthInsurance);
        m.employment = code_text(CodeField::employment, g.employment[j]);
        m.attending_level = code_text(CodeField::attending_level, g.attending_level[j]);
        m.completed_level = code_text(CodeField::completed_level, g.completed_level[j]);
        m.stunted = flag(g.flag_known[j], g.flag_value[j], kFlagStunted);
        m.underweight = flag(g.flag_known[j], g.flag_value[j], kFlagUnderweight);
        m.uses_phone = flag(g.flag_known[j], g.flag_value[j], kFlagUsesPhone);
        m.uses_internet = flag(g.flag_known[j], g.flag_value[j], kFlagUsesInternet);
        m.extra = extras_of(member_extra, extra_names, j);
        h.members.push_back(std::move(m));
    }
    return h;
}

HouseholdBatch HouseholdBatch::select(const HouseholdBatch& from, const std::vector<std::uint32_t>& rows) {
    const RegistryImage& f = from.image;
    HouseholdBatch out;
    RegistryImage& g = out.image;
    std::size_t member_total = 0;
    for (const auto i : rows) member_total += f.member_begin[i + 1] - f.member_begin[i];
    g.reserve(rows.size(), member_total);
    out.head_name.reserve(rows.size());
    out.full_name.reserve(member_total);
    out.birth_year_only.reserve(member_total);
    out.member_id.reserve(member_total, member_total * 24);
    out.personal_id.reserve(member_total, member_total * 12);
    Remap units(f.units, g.units), villages(f.villages, g.villages), keys(f.override_keys, g.override_keys),
        ethnicities(f.ethnicities, g.ethnicities), names(from.names, out.names),
        extra_names(from.extra_names, out.extra_names);
    // Override bits are positions in the key table: carry every key over in order so they keep their meaning.
    for (std::size_t key = 1; key < f.override_keys.size(); ++key) keys(static_cast<std::int32_t>(key));
    for (const auto i : rows) {
        g.household_ids.push_back(f.household_ids[i]);
        g.unit.push_back(units(f.unit[i]));
        g.current_unit.push_back(units(f.current_unit[i]));
        g.village.push_back(villages(f.village[i]));
        g.area.push_back(f.area[i]);
        g.income.push_back(f.income[i]);
        g.score_a.push_back(f.score_a[i]);
        g.housing_type.push_back(f.housing_type[i]);
        g.water_source.push_back(f.water_source[i]);
        g.latrine.push_back(f.latrine[i]);
        g.waste_treatment.push_back(f.waste_treatment[i]);
        g.housing_area_milli_m2.push_back(f.housing_area_milli_m2[i]);
        g.info_assets.push_back(f.info_assets[i]);
        g.loudspeaker.push_back(f.loudspeaker[i]);
        g.override_known.push_back(f.override_known[i]);
        g.override_value.push_back(f.override_value[i]);
        out.head_name.push_back(names(from.head_name[i]));
        copy_extras(from.household_extra, i, extra_names, out.household_extra);
        for (std::uint32_t j = f.member_begin[i]; j < f.member_begin[i + 1]; ++j) {
            g.birth_year.push_back(f.birth_year[j]);
            g.birth_month.push_back(f.birth_month[j]);
            g.birth_day.push_back(f.birth_day[j]);
            g.sex.push_back(f.sex[j]);
            g.relation.push_back(f.relation[j]);
            g.disability.push_back(f.disability[j]);
            g.employment.push_back(f.employment[j]);
            g.attending_level.push_back(f.attending_level[j]);
            g.completed_level.push_back(f.completed_level[j]);
            g.ethnicity.push_back(ethnicities(f.ethnicity[j]));
            g.flag_known.push_back(f.flag_known[j]);
            g.flag_value.push_back(f.flag_value[j]);
            out.member_id.append(from.member_id[j]);
            out.full_name.push_back(names(from.full_name[j]));
            out.personal_id.append(from.personal_id[j]);
            out.birth_year_only.push_back(from.birth_year_only[j]);
            copy_extras(from.member_extra, j, extra_names, out.member_extra);
        }
        g.member_begin.push_back(static_cast<std::uint32_t>(g.birth_year.size()));
    }
    return out;
}

}  // namespace giamngheo
