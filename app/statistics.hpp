// Statistics of a round by administrative level on either map (stats.csv of the contract).
#pragma once

#include <cstdint>
#include <string>

#include "app/environment.hpp"
#include "core/units.hpp"
#include "io/table.hpp"
#include "store/store.hpp"

namespace giamngheo::app {

struct StatsRequest {
    std::int64_t round_id = 0;
    UnitLevel level = UnitLevel::commune;
    std::optional<UnitMap> map;                    // default: the map of the round's reference date
    std::uint8_t excluded_flags = 1 << 2;          // social_protection_only
    std::optional<int> k;                          // deprivations needed (default: the standard's)
};

struct StatsResult {
    io::Table table;     // one row per unit, then UNPLACED (when any) and ALL
    long unplaced = 0;   // households that could not be placed on the requested map
    std::vector<std::string> unplaced_reasons;  // distinct reasons
};

[[nodiscard]] StatsResult round_statistics(store::Store& store, const Environment& env, const StatsRequest& request);

}  // namespace giamngheo::app
