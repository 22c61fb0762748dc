// Follow-up of households that left poverty: recording a visit, a household's visits, and the
// list a unit follows — the households an approved review found recently out of poverty, with
// their last visit and whether a later approved round found them poor or near-poor again.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "kernel/placement.hpp"
#include "modules/followup/domain/visit.hpp"
#include "modules/followup/ports/follow_up_store.hpp"
#include "storage/store.hpp"

namespace giamngheo::app {

struct FollowUpDeps {
    store::Store& registry;  // households, rounds and their results
    store::FollowUpStore& visits;
    Date today;
};

// Whether a household (by its recorded and current commune) lies within the caller's reach.
using HouseholdWithin = std::function<bool(const UnitRef&)>;

// Records `visit` (its visitor is the actor's user) and returns it as stored. Errors: not_found
// for a household not in the registry; forbidden (outside_scope) outside `within`; invalid_input
// (check_visit) for a date after today or an unknown situation. Audited with the visit.
followup::Visit record_visit(FollowUpDeps& deps, followup::Visit visit, const HouseholdWithin& within,
                             const store::Actor& actor);
// The household's visits, oldest first. Errors: not_found, forbidden as record_visit.
[[nodiscard]] std::vector<followup::Visit> household_visits(FollowUpDeps& deps, const std::string& household_id,
                                                            const HouseholdWithin& within);

// Where the list reads rounds: `covers(scope)` — the round holds every household of the unit;
// `overlaps(scope)` — it may hold some; `rows(round, visit)` gives the round's results within
// the unit. The server reads them from its round cache, the command line from the store.
struct RoundSource {
    std::function<bool(const std::string& round_scope)> covers, overlaps;
    std::function<void(const store::RoundRecord&, const std::function<void(const store::ResultRow&)>&)> rows;
};

struct FollowUpRow {
    std::string household_id, unit_code, current_unit_code, village, head_name;
    std::string household_class;  // in the last approved round that holds the household
    std::int64_t class_round_id = 0;
    bool relapsed = false;  // poor, or near-poor after leaving near-poverty too, in a later approved round
    std::int64_t relapse_round_id = 0;
    std::optional<followup::Visit> last_visit;  // none: not yet visited
    long visits = 0;
    std::optional<long> days_since_visit;
    bool needs_review = false;  // relapsed, or the last visit found it fallen back
};

struct FollowUpList {
    std::optional<store::RoundRecord> round;  // the latest approved periodic round covering the unit
    int window_months = 0;                     // of its standard: how long an escape is followed
    std::vector<FollowUpRow> rows;             // by unit, village, household
};

// The households the latest approved periodic round covering the unit marks as recently out of
// poverty, and those an approved round of the window (from today back) marked so that a later
// approved round (a regular review too) found poor or near-poor again. Empty, without a round,
// when no approved round covers the unit. Reads the approved rounds of the window once each, the
// unit's rows only when `source` is the server's cache (a national round is millions of rows:
// the command line reads each whole), then the visits of the listed households in one read.
[[nodiscard]] FollowUpList follow_up_list(FollowUpDeps& deps, const RoundSource& source);

}  // namespace giamngheo::app
