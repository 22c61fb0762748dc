// The unit catalogue's and the review rounds' tables in the PostgreSQL backend, as the SQLite
// backend has them (storage/sqlite/unit_tables.hpp, round_tables.hpp). Called inside the
// caller's transaction where they write.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "kernel/units.hpp"
#include "modules/review/ports/round_store.hpp"
#include "storage/postgres/connection.hpp"

namespace giamngheo::store::postgres {

// Replaces the catalogue in force by the one imported in `change_set`; the outgoing one is kept
// when a round was placed with it.
void replace_unit_tables(Connection& db, const std::vector<UnitVersion>& units,
                         const std::vector<Lineage>& lineage, std::int64_t change_set);
// The catalogue imported in `catalogue` (nullopt: the one in force).
[[nodiscard]] UnitCatalogue load_unit_catalogue(Connection& db, std::optional<std::int64_t> catalogue);
// The catalogue round `round_id` was run with; nullopt when that is the one in force.
// not_found when there is no such round.
[[nodiscard]] std::optional<std::int64_t> catalogue_of_round(Connection& db, std::int64_t round_id);

// The channel on which every transaction that creates or changes a round notifies its id
// (round_listener.hpp listens to it).
inline constexpr const char* kRoundsChannel = "giamngheo_rounds";
// pg_notify on kRoundsChannel, inside the caller's transaction: PostgreSQL delivers it on commit
// only, so a listener never hears of a change it cannot read yet.
void notify_round_changed(Connection& db, std::int64_t round_id);

// Stores the round with every result under `change_set`; returns the round's id.
std::int64_t insert_round(Connection& db, RoundRecord round, const std::vector<ResultRow>& results,
                          const Actor& actor, std::int64_t change_set);
// conflict when the round is not a draft.
void approve_round(Connection& db, std::int64_t id, const Date& decision_date, const Actor& actor,
                   std::int64_t change_set);
// Rounds ordered by id: one (`id`) or all.
[[nodiscard]] std::vector<RoundRecord> select_rounds(Connection& db, std::optional<std::int64_t> id);
void for_each_round_result(Connection& db, std::int64_t id,
                           const std::function<void(const ResultRow&)>& visit);
[[nodiscard]] std::optional<ResultRow> round_result(Connection& db, std::int64_t id, const std::string& household_id);
[[nodiscard]] std::vector<PastRow> approved_results_before(Connection& db, const Date& before);
[[nodiscard]] std::vector<PastRow> household_results_before(Connection& db, const std::string& household_id,
                                                            const Date& before);
void replace_results(Connection& db, std::int64_t round_id, const std::vector<ResultRow>& results, const Actor& actor,
                     std::int64_t change_set);

}  // namespace giamngheo::store::postgres
