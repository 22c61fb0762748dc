#include "modules/registry/app/household_list.hpp"

#include <algorithm>

#include "kernel/classify.hpp"
#include "kernel/errors.hpp"
#include "modules/registry/app/households.hpp"

namespace giamngheo::app {

bool HouseholdEntry::under(const std::string& unit) const {
    return unit.empty() || unit == unit_code || unit == current_unit_code ||
           std::find(places.begin(), places.end(), unit) != places.end();
}

HouseholdEntry household_entry(const store::StoredHousehold& stored, const Placer& placer, Date today, PlacesMemo* memo) {
    const Household& h = stored.household;
    HouseholdEntry e;
    e.id = h.household_id;
    e.unit_code = h.unit_code;
    e.current_unit_code = h.current_unit_code;
    e.village = h.village;
    e.head_name = h.head_name;
    e.version = stored.version;
    e.members = static_cast<int>(h.members.size());
    e.search = search_fold(h.household_id) + "\n" + search_fold(h.head_name) + "\n";
    for (const auto& m : h.members) {
        e.search += search_fold(m.full_name) + "\n";
        if (!m.personal_id.empty()) e.personal_ids += m.personal_id + "\n";
    }
    const UnitRef ref{h.unit_code, h.current_unit_code};
    auto resolve = [&] {
        return std::array<std::string, 5>{placer.group(ref, "", UnitLevel::commune, UnitMap::map2025, today).commune,
                                          placer.group(ref, "", UnitLevel::province, UnitMap::map2025, today).commune,
                                          placer.group(ref, "", UnitLevel::commune, UnitMap::map2024, today).commune,
                                          placer.group(ref, "", UnitLevel::district, UnitMap::map2024, today).commune,
                                          placer.group(ref, "", UnitLevel::province, UnitMap::map2024, today).commune};
    };
    if (!memo) {
        e.places = resolve();
        return e;
    }
    auto [it, inserted] = memo->try_emplace(h.unit_code + '\x1f' + h.current_unit_code);
    if (inserted) it->second = resolve();
    e.places = it->second;
    return e;
}

HouseholdListPage list_households(const std::vector<HouseholdEntry>& entries, const HouseholdQuery& query,
                                  const RoundResultsView* round) {
    int flag_bit = -1;
    for (int b = 0; b < kHouseholdFlagCount; ++b)
        if (query.flag == kHouseholdFlagKeys[b]) flag_bit = b;
    if (!query.flag.empty() && flag_bit < 0) throw_invalid_input("đặc điểm hộ \"" + query.flag + "\" không hợp lệ", "flag");
    const std::string text = search_fold(query.text);
    const bool by_result = !query.wanted_class.empty() || flag_bit >= 0 || query.recently_escaped;
    std::vector<const HouseholdEntry*> hits;
    for (const auto& e : entries) {
        if (!e.under(query.scope) || !e.under(query.unit)) continue;
        if (!query.village.empty() && e.village != query.village) continue;
        if (!text.empty() && e.search.find(text) == std::string::npos &&
            !(query.search_personal_ids && e.personal_ids.find(text) != std::string::npos))
            continue;
        if (round && by_result) {
            const auto result = round->result(e.id);
            if (!result) continue;
            if (!query.wanted_class.empty() && result->household_class != query.wanted_class) continue;
            if (flag_bit >= 0 && !((result->flags >> flag_bit) & 1)) continue;
            if (query.recently_escaped && !result->recently_escaped) continue;
        }
        hits.push_back(&e);
    }
    if (query.sort == "head_name")
        std::stable_sort(hits.begin(), hits.end(), [](auto* a, auto* b) { return a->head_name < b->head_name; });
    else if (query.sort == "unit_code")
        std::stable_sort(hits.begin(), hits.end(), [](auto* a, auto* b) { return a->unit_code < b->unit_code; });
    else if (query.sort == "-household_id")
        std::reverse(hits.begin(), hits.end());
    else if (query.sort != "household_id")
        throw_invalid_input("sắp xếp theo household_id, -household_id, head_name hoặc unit_code", "sort");
    HouseholdListPage page;
    page.total = hits.size();
    const auto first = static_cast<std::size_t>((query.page - 1) * query.page_size);
    for (std::size_t i = first; i < hits.size() && i < first + static_cast<std::size_t>(query.page_size); ++i)
        page.items.push_back(hits[i]);
    return page;
}

}  // namespace giamngheo::app
