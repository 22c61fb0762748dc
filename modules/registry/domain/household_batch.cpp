#include "modules/registry/domain/household_batch.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <thread>
#include <type_traits>

#include "kernel/vocabulary.hpp"
#include "kernel/errors.hpp"

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

void copy_extras(const ExtraAnswers& from, std::size_t row, StringRemap& names, ExtraAnswers& to) {
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
        if (end < previous) throw_fault("cột văn bản hỏng: vị trí giảm dần");
        previous = end;
    }
    if (previous != bytes.size()) throw_fault("cột văn bản hỏng: độ dài không khớp");
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

namespace {

// Writes column[at[k]] to into[from + k], every k; `into` ends there.
template <class Column>
void gather(const Column& column, const std::vector<std::uint32_t>& at, Column& into, std::size_t from = 0) {
    into.resize(from + at.size());
    for (std::size_t k = 0; k < at.size(); ++k) into[from + k] = column[at[k]];
}

void remap(std::vector<std::int32_t>& column, StringRemap& table, std::size_t from = 0) {
    for (std::size_t k = from; k < column.size(); ++k) column[k] = table(column[k]);
}

// Households `rows` of `from` without members, appended to `into`; an expiring `from` gives
// its ids up instead of having them copied (each is an allocation of its own). Column at a
// time: each gather is a loop of independent loads, so the processor overlaps their cache
// misses (the rows are scattered over the source); a household at a time would touch some
// thirty arrays per row and wait on each.
template <class From>
void append_rows(HouseholdBatch& into, From&& from, const std::vector<std::uint32_t>& rows) {
    const RegistryImage& f = from.image;
    RegistryImage& g = into.image;
    const std::size_t first = g.households();
    StringRemap units(f.units, g.units), villages(f.villages, g.villages), keys(f.override_keys, g.override_keys),
        head_names(from.names, into.names), extras(from.extra_names, into.extra_names);
    // Override bits are positions in the key table: the same keys in the same order keep their
    // bits; otherwise each bit moves to its key's place here.
    std::vector<std::uint32_t> bit_of(f.override_keys.size(), 0);
    bool same_bits = true;
    for (std::size_t key = 1; key < f.override_keys.size(); ++key) {
        const std::int32_t here = keys(static_cast<std::int32_t>(key));
        bit_of[key] = 1u << (here - 1);
        same_bits = same_bits && here == static_cast<std::int32_t>(key);
    }
    auto move_bits = [&](std::uint32_t bits) {
        std::uint32_t out = 0;
        for (std::size_t key = 1; key < bit_of.size(); ++key)
            if (bits & (1u << (key - 1))) out |= bit_of[key];
        return out;
    };

    if constexpr (std::is_rvalue_reference_v<From&&>) {
        g.household_ids.resize(first + rows.size());
        for (std::size_t k = 0; k < rows.size(); ++k) g.household_ids[first + k] = std::move(from.image.household_ids[rows[k]]);
    } else {
        gather(f.household_ids, rows, g.household_ids, first);
    }
    gather(f.unit, rows, g.unit, first);
    remap(g.unit, units, first);
    gather(f.current_unit, rows, g.current_unit, first);
    remap(g.current_unit, units, first);
    gather(f.village, rows, g.village, first);
    remap(g.village, villages, first);
    gather(f.area, rows, g.area, first);
    gather(f.income, rows, g.income, first);
    gather(f.score_a, rows, g.score_a, first);
    gather(f.housing_type, rows, g.housing_type, first);
    gather(f.water_source, rows, g.water_source, first);
    gather(f.latrine, rows, g.latrine, first);
    gather(f.waste_treatment, rows, g.waste_treatment, first);
    gather(f.housing_area_milli_m2, rows, g.housing_area_milli_m2, first);
    gather(f.info_assets, rows, g.info_assets, first);
    gather(f.loudspeaker, rows, g.loudspeaker, first);
    gather(f.override_known, rows, g.override_known, first);
    gather(f.override_value, rows, g.override_value, first);
    if (!same_bits)
        for (std::size_t i = first; i < g.households(); ++i) {
            g.override_known[i] = move_bits(g.override_known[i]);
            g.override_value[i] = move_bits(g.override_value[i]);
        }
    gather(from.head_name, rows, into.head_name, first);
    remap(into.head_name, head_names, first);
    for (const auto i : rows) copy_extras(from.household_extra, i, extras, into.household_extra);
    g.member_begin.resize(g.households() + 1, g.member_begin.back());
}

}  // namespace

void HouseholdBatch::append_households(const HouseholdBatch& from, const std::vector<std::uint32_t>& rows) {
    append_rows(*this, from, rows);
}

void HouseholdBatch::append_households(HouseholdBatch&& from) {
    std::vector<std::uint32_t> all(from.households());
    std::iota(all.begin(), all.end(), 0u);
    append_rows(*this, std::move(from), all);
    from = HouseholdBatch{};
}

HouseholdBatch HouseholdBatch::select_households(const HouseholdBatch& from, const std::vector<std::uint32_t>& rows) {
    HouseholdBatch out;
    out.append_households(from, rows);
    return out;
}

HouseholdBatch HouseholdBatch::select(const HouseholdBatch& from, const std::vector<std::uint32_t>& rows) {
    const RegistryImage& f = from.image;
    HouseholdBatch out = select_households(from, rows);
    RegistryImage& g = out.image;
    // The members of the rows, in order.
    std::vector<std::uint32_t> members;
    for (std::size_t k = 0; k < rows.size(); ++k) {
        for (std::uint32_t j = f.member_begin[rows[k]]; j < f.member_begin[rows[k] + 1]; ++j) members.push_back(j);
        g.member_begin[k + 1] = static_cast<std::uint32_t>(members.size());
    }
    StringRemap ethnicities(f.ethnicities, g.ethnicities), names(from.names, out.names),
        extra_names(from.extra_names, out.extra_names);
    gather(f.birth_year, members, g.birth_year);
    gather(f.birth_month, members, g.birth_month);
    gather(f.birth_day, members, g.birth_day);
    gather(f.sex, members, g.sex);
    gather(f.relation, members, g.relation);
    gather(f.disability, members, g.disability);
    gather(f.employment, members, g.employment);
    gather(f.attending_level, members, g.attending_level);
    gather(f.completed_level, members, g.completed_level);
    gather(f.ethnicity, members, g.ethnicity);
    remap(g.ethnicity, ethnicities);
    gather(f.flag_known, members, g.flag_known);
    gather(f.flag_value, members, g.flag_value);
    gather(from.full_name, members, out.full_name);
    remap(out.full_name, names);
    gather(from.birth_year_only, members, out.birth_year_only);
    std::size_t member_id_bytes = 0, personal_id_bytes = 0;
    for (const auto j : members) {
        member_id_bytes += from.member_id[j].size();
        personal_id_bytes += from.personal_id[j].size();
    }
    out.member_id.reserve(members.size(), member_id_bytes);
    out.personal_id.reserve(members.size(), personal_id_bytes);
    for (const auto j : members) out.member_id.append(from.member_id[j]);
    for (const auto j : members) out.personal_id.append(from.personal_id[j]);
    for (const auto j : members) copy_extras(from.member_extra, j, extra_names, out.member_extra);
    return out;
}

// Comparing whole strings millions of times is mostly cache misses and memcmp calls; the first
// 16 bytes as two big-endian numbers order almost every pair. Each half is sorted on a thread of
// its own, then the halves are merged.
std::vector<std::uint32_t> rows_in_id_order(const std::vector<std::string>& ids) {
    struct Key {
        std::uint64_t high, low;
        std::uint32_t row;
    };
    auto word = [](const std::string& id, std::size_t from) {
        std::uint64_t value = 0;
        for (std::size_t k = 0; k < 8; ++k)
            value = value << 8 | (from + k < id.size() ? static_cast<unsigned char>(id[from + k]) : 0u);
        return value;
    };
    std::vector<Key> keys(ids.size());
    for (std::uint32_t row = 0; row < ids.size(); ++row) keys[row] = {word(ids[row], 0), word(ids[row], 8), row};
    // Zero bytes pad a short id, so equal keys may still be different ids: then the ids decide,
    // and equal ids stay in row order.
    const auto before = [&](const Key& a, const Key& b) {
        if (a.high != b.high) return a.high < b.high;
        if (a.low != b.low) return a.low < b.low;
        if (const int order = ids[a.row].compare(ids[b.row]); order != 0) return order < 0;
        return a.row < b.row;
    };
    const auto middle = keys.begin() + static_cast<std::ptrdiff_t>(keys.size() / 2);
    {
        std::jthread first([&] { std::sort(keys.begin(), middle, before); });
        std::sort(middle, keys.end(), before);
    }
    std::vector<Key> merged(keys.size());
    std::merge(keys.begin(), middle, middle, keys.end(), merged.begin(), before);
    std::vector<std::uint32_t> rows(ids.size());
    for (std::size_t k = 0; k < merged.size(); ++k) rows[k] = merged[k].row;
    return rows;
}

BatchPieces::BatchPieces(const HouseholdBatch& batch, std::size_t piece_households)
    : batch_(batch), order_(rows_in_id_order(batch.image.household_ids)), piece_households_(piece_households) {}

HouseholdBatch BatchPieces::piece(std::size_t k) const {
    const auto begin = order_.begin() + static_cast<std::ptrdiff_t>(k * piece_households_);
    const auto end = order_.begin() + static_cast<std::ptrdiff_t>(std::min(order_.size(), (k + 1) * piece_households_));
    return HouseholdBatch::select(batch_, std::vector<std::uint32_t>(begin, end));
}

}  // namespace giamngheo
