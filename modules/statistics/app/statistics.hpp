// Statistics of review rounds by administrative level on either map: stats.csv of the contract,
// subgroup splits, transition counts, a long results frame, and the comparison of two rounds
// (transition matrix and the change of every measure).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/environment.hpp"
#include "kernel/units.hpp"
#include "platform/table.hpp"
#include "storage/store.hpp"

namespace giamngheo::app {

struct StatsRequest {
    std::int64_t round_id = 0;
    UnitLevel level = UnitLevel::commune;
    std::optional<UnitMap> map;             // default: the map in force at the reference date
    std::uint8_t excluded_flags = 1 << 2;   // social_protection_only
    std::optional<int> k;                   // deprivations needed (default: the standard's)
    std::string weights = "equal";          // equal | nested (each dimension equal, shared by its indicators)
    bool by_members = false;                // person-weighted H, A, M0 and rates
};

// Households recorded on one unit that cannot be placed at the requested level of the map, and why.
struct UnplacedUnit {
    std::string unit_code;
    std::string current_unit_code;
    std::string reason;
    long households = 0;
};

struct StatsResult {
    io::Table table;        // the contract's stats.csv: one row per unit, then UNPLACED (if any) and ALL
    io::Table subgroups;    // per unit × subgroup (urban/rural, ethnic minority, female head, ...)
    io::Table transitions;  // per unit: households by transition label, and recently escaped
    io::Table long_frame;   // round, unit, level, subgroup, measure, indicator, value
    long unplaced = 0;      // households that could not be placed on the requested map
    std::vector<std::string> unplaced_reasons;
    std::vector<UnplacedUnit> unplaced_units;
};

[[nodiscard]] StatsResult round_statistics(store::Store& store, const Environment& env, const StatsRequest& request);

// The registry as it is now, classified under `standard` at `reference_date` without storing a
// round: the figures an office watches between reviews ("always current").
struct LiveStatsRequest {
    StatsRequest request;  // round_id is ignored
    std::string standard = "vn-2022";
    Date reference_date;
    int year = 0;
};
[[nodiscard]] StatsResult live_statistics(store::Store& store, const Environment& env, const LiveStatsRequest& request);

struct CompareRequest {
    std::int64_t from_round = 0, to_round = 0;
    UnitLevel level = UnitLevel::commune;
    std::optional<UnitMap> map;  // default: the map of the later round
};

struct CompareResult {
    io::Table matrix;   // per unit: households by (class in from round → class in to round), "absent" included
    io::Table changes;  // per unit and measure: from, to, absolute, relative, annualised absolute and relative
};

[[nodiscard]] CompareResult compare_rounds(store::Store& store, const Environment& env, const CompareRequest& request);

// Vietnamese column headings for spreadsheets.
[[nodiscard]] std::string vietnamese_heading(const std::string& column);

}  // namespace giamngheo::app
