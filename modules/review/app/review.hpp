// Use cases of a review round: run it as a snapshot, approve it, export, explain, compare.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/environment.hpp"
#include "kernel/classify.hpp"
#include "platform/table.hpp"
#include "storage/store.hpp"

namespace giamngheo::app {

// The programme's yearly reviews began under Decision 24/2021/QĐ-TTg; the upper bound keeps a
// typing mistake (20255) from becoming a round.
inline constexpr int kFirstReviewYear = 2021;
inline constexpr int kLastReviewYear = 2100;

struct RoundSpec {
    int year = 0;
    std::string kind = "periodic";  // periodic (định kỳ) | regular (thường xuyên)
    std::string scope;              // unit code; empty = the whole registry
    Date reference_date;
    std::string standard;           // id or path
    // Why a second periodic round of the same year and scope is run (required then, audited).
    std::string reason;
    // Only these households of the scope (a regular review opened by a request); empty: all.
    std::vector<std::string> households;
};

// The error code of a conflict that a written reason lifts (a second round of a year, an
// approval out of turn): the interface then asks for the reason.
inline constexpr const char* kReasonRequired = "reason_required";

struct RunResult {
    std::int64_t round_id = 0;
    long households = 0;
    long by_class[5] = {};
};

// Classifies every household of the scope as it is now and stores the results with the
// household versions and the standard used, so later edits never change the round.
// conflict when a periodic round of the same year overlaps the scope and no reason is given
// (check_new_round, which a caller may ask first).
RunResult run_round(store::Store& store, const Environment& env, const RoundSpec& spec, const store::Actor& actor);
void check_new_round(store::Store& store, const Environment& env, const RoundSpec& spec);

// Classifies the named households of a draft round again on their records as they stand now
// (after a survey or a re-check corrected them), under the round's standard, reference date and
// placement, and stores the new results (audited, all or nothing). Returns them, in the order
// named. Errors: not_found for no such round or a household not in it or not in the registry,
// conflict when the round is approved (its results are the decision's).
std::vector<store::ResultRow> classify_again(store::Store& store, const Environment& env, std::int64_t round_id,
                                             const std::vector<std::string>& household_ids, const store::Actor& actor);

// conflict when the round is approved already, when another periodic round of its year that
// overlaps it is approved, or when an earlier year's overlapping periodic round is still a draft
// and no reason is given for leaving it (the reason goes into the audit).
void approve_round(store::Store& store, const Environment& env, std::int64_t round_id, const Date& decision_date,
                   const store::Actor& actor, const std::string& reason = {});

// results.csv of the contract, rows ordered by household_id.
[[nodiscard]] io::Table results_table(store::Store& store, std::int64_t round_id);
// The same as CSV written a household at a time (a national round does not fit as a table), into
// place when whole.
void write_results_csv(store::Store& store, std::int64_t round_id, const std::string& path);

// A household's result in a round, recomputed from exactly the record version and standard the
// round used (the pure classification is cheap; storing every explanation is not).
struct RoundHousehold {
    store::RoundRecord round;
    Standard standard;
    store::ResultRow result;
    Household household;
    Classification classification;
};
// Throws std::runtime_error when the round or the household in it does not exist.
[[nodiscard]] RoundHousehold reclassify(store::Store& store, std::int64_t round_id, const std::string& household_id);

// Why the household got its class in the round, in Vietnamese.
[[nodiscard]] std::string explain(store::Store& store, std::int64_t round_id, const std::string& household_id);
[[nodiscard]] std::string explanation_text(const RoundHousehold& household);

// Re-classifies the round's households (the same versions) under another standard and lists,
// household by household, what changes: class, income test and each indicator.
[[nodiscard]] io::Table what_if(store::Store& store, const Environment& env, std::int64_t round_id,
                                const std::string& standard);

[[nodiscard]] store::RoundRecord require_round(store::Store& store, std::int64_t round_id);

// Why a household got its class in a round, structured for the household page.
struct IndicatorExplanation {
    std::string key;
    std::string name;
    std::string value;  // "1" deprived, "0" not, "" unknown
    std::string detail;
    std::vector<std::string> members;
    std::vector<std::string> missing;
    bool overridden = false;
};
struct HouseholdExplanation {
    std::string text;  // app::explain
    std::string household_class;
    std::string income_test;
    std::string reason;
    std::vector<IndicatorExplanation> indicators;
};
// Errors: not_found when the round or the household in it does not exist.
[[nodiscard]] HouseholdExplanation explain_household(store::Store& store, std::int64_t round_id,
                                                     const std::string& household_id);
[[nodiscard]] HouseholdExplanation explain_household(const RoundHousehold& at_round);

// The household's record as it is now, classified under the round's standard, reference date
// and area: what the round would say if it were run again. The round's own result stays the
// snapshot. `at_round` is the household as the round classified it (reclassify). nullopt when the
// record has not changed since the round (or was removed).
struct LiveExplanation {
    std::int64_t current_version = 0;  // the record version now
    HouseholdExplanation explanation;
};
[[nodiscard]] std::optional<LiveExplanation> explain_current_record(store::Store& store,
                                                                    const RoundHousehold& at_round);

}  // namespace giamngheo::app
