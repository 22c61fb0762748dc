// The household list officers search and page through: every active household's entry, with the
// units it counts under on both maps resolved once, so that filtering by unit is a comparison;
// and the query (unit, village, class and flag in a round, text, sort, page). Pure over entries.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "kernel/placement.hpp"
#include "modules/registry/ports/registry_store.hpp"

namespace giamngheo::app {

struct HouseholdEntry {
    std::string id, unit_code, current_unit_code, village, head_name;
    std::string search;                 // id, head and member names (search_fold), one per line
    std::string personal_ids;           // one per line; searched only for roles that see them
    std::array<std::string, 5> places;  // commune, province (2025); commune, district, province (2024)
    std::int64_t version = 0;
    int members = 0;
    // Whether the household counts under `unit` (empty: everything).
    [[nodiscard]] bool under(const std::string& unit) const;
};

// The entry of a stored household. `memo` keeps places already resolved, by recorded unit codes
// (a registry has a few thousand).
using PlacesMemo = std::unordered_map<std::string, std::array<std::string, 5>>;
[[nodiscard]] HouseholdEntry household_entry(const store::StoredHousehold& stored, const Placer& placer, Date today,
                                             PlacesMemo* memo = nullptr);

// A household's result in the round the list shows (the review capability provides them).
struct ListedResult {
    std::string household_class, transition;
    int deprivation_count = 0;
    int flags = 0;
    bool recently_escaped = false;  // left poverty within the follow-up window: to be followed up
};
class RoundResultsView {
  public:
    virtual ~RoundResultsView() = default;
    [[nodiscard]] virtual std::int64_t round_id() const = 0;
    [[nodiscard]] virtual std::optional<ListedResult> result(const std::string& household_id) const = 0;
};

struct HouseholdQuery {
    std::string scope;  // the user's unit: nothing outside it is listed
    std::string unit;   // within the scope; empty: all of it
    std::string village;
    std::string wanted_class;  // needs a round
    std::string flag;          // kHouseholdFlagKeys; needs a round
    bool recently_escaped = false;  // only households that recently left poverty; needs a round
    std::string text;          // as typed; folded here
    bool search_personal_ids = false;  // only for roles that see them: otherwise it would tell whose id it is
    std::string sort = "household_id";  // household_id, -household_id, head_name, unit_code
    long page = 1, page_size = 50;
};

struct HouseholdListPage {
    std::size_t total = 0;
    std::vector<const HouseholdEntry*> items;
};

// Throws Error (invalid_input) naming the field for an unknown flag or sort.
[[nodiscard]] HouseholdListPage list_households(const std::vector<HouseholdEntry>& entries, const HouseholdQuery& query,
                                               const RoundResultsView* round);

}  // namespace giamngheo::app
