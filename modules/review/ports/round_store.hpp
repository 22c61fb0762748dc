// Storage of review rounds: each round with the standard it used and every household's result,
// a snapshot that later edits of the registry never change. Implemented by every backend
// (storage/); writes are atomic.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "kernel/actor.hpp"
#include "kernel/date.hpp"
#include "kernel/units.hpp"

namespace giamngheo::store {

enum class RoundStatus { draft, approved };

struct RoundRecord {
    std::int64_t id = 0;
    int year = 0;
    std::string kind = "periodic";  // periodic | regular
    std::string scope;              // unit code, empty = everything
    Date reference_date;
    std::string standard_id;
    std::string standard_document;  // the standard as used, so the round never changes later
    std::int64_t registry_change_set = 0;
    RoundStatus status = RoundStatus::draft;
    std::optional<Date> decision_date;
    // The change set that last replaced results of this draft (replace_results); 0 as run. Whoever
    // keeps a draft's results in memory reads them again when it moves.
    std::int64_t results_change_set = 0;
    std::string created_at;
    std::string approved_at;
};

// One household's stored result in a round. `indicators` holds one character per indicator
// of the round's standard: '1' deprived, '0' not, '?' unknown.
struct ResultRow {
    std::string household_id;
    std::int64_t household_version = 0;
    std::string unit_code;
    std::string current_unit_code;
    std::string village;
    std::string area;
    std::string household_class;
    std::string income_test;
    int deprivation_count = 0;
    int score_b = 0;
    std::string indicators;
    int flags = 0;
    std::string transition;
    bool recently_escaped = false;
    int members = 0;
};

// A household's result in an approved round, for transitions.
struct PastRow {
    std::string household_id;
    std::int64_t round_id = 0;
    Date reference_date;
    std::optional<Date> decision_date;
    std::string household_class;
    std::string transition;
};

class RoundStore {
public:
    virtual ~RoundStore() = default;

    // Rounds. `save_round` stores the round and all its results atomically and returns its id.
    virtual std::int64_t save_round(RoundRecord round, const std::vector<ResultRow>& results, const Actor& actor) = 0;
    [[nodiscard]] virtual std::optional<RoundRecord> round(std::int64_t id) = 0;
    [[nodiscard]] virtual std::vector<RoundRecord> rounds() = 0;
    virtual void approve_round(std::int64_t id, const Date& decision_date, const Actor& actor) = 0;
    // A round's results ordered by household id, one at a time (a national round is millions).
    virtual void for_each_round_result(std::int64_t id, const std::function<void(const ResultRow&)>& visit) = 0;
    // One household's result in the round (an index lookup, whatever the round's size); nothing when
    // the household is not in it.
    [[nodiscard]] virtual std::optional<ResultRow> round_result(std::int64_t id, const std::string& household_id) = 0;
    [[nodiscard]] std::vector<ResultRow> round_results(std::int64_t id) {
        std::vector<ResultRow> out;
        for_each_round_result(id, [&](const ResultRow& row) { out.push_back(row); });
        return out;
    }
    // The unit catalogue the round placed its households with: the one in force when it was run,
    // kept when units are imported again later, so a round's figures by unit never move.
    // not_found when there is no such round.
    [[nodiscard]] virtual UnitCatalogue units_of_round(std::int64_t id) = 0;
    // Results of approved rounds whose reference date is before `before`, oldest round first.
    [[nodiscard]] virtual std::vector<PastRow> approved_results_before(const Date& before) = 0;
    // The same for one household (a round of a few households reads only theirs).
    [[nodiscard]] virtual std::vector<PastRow> household_results_before(const std::string& household_id,
                                                                        const Date& before) = 0;
    // Replaces the results of the households `results` names in a draft round: a household surveyed
    // again during the procedure is classified again on its corrected record. One transaction with
    // the actor's audit entries: Error(conflict) when the round is approved (its results are the
    // decision's and never change), Error(not_found) when the round or a household in it is
    // missing; then nothing is written.
    virtual void replace_results(std::int64_t round_id, const std::vector<ResultRow>& results, const Actor& actor) = 0;
};

}  // namespace giamngheo::store
