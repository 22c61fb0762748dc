// Review rounds and their results in the SQLite backend (rounds, round_results). Called inside
// the caller's transaction where they write.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "modules/review/ports/round_store.hpp"
#include "storage/sqlite/database.hpp"

namespace giamngheo::store::sqlite {

// Stores the round with every result under `change_set`; returns the round's id.
std::int64_t insert_round(Database& db, RoundRecord round, const std::vector<ResultRow>& results, const Actor& actor,
                          std::int64_t change_set);
// conflict when the round is not a draft.
void approve_round(Database& db, std::int64_t id, const Date& decision_date, const Actor& actor,
                   std::int64_t change_set);
// Rounds ordered by id: one (`id`) or all.
[[nodiscard]] std::vector<RoundRecord> select_rounds(Database& db, std::optional<std::int64_t> id);
void for_each_round_result(Database& db, std::int64_t id, const std::function<void(const ResultRow&)>& visit);
[[nodiscard]] std::optional<ResultRow> round_result(Database& db, std::int64_t id, const std::string& household_id);
[[nodiscard]] std::vector<PastRow> approved_results_before(Database& db, const Date& before);
[[nodiscard]] std::vector<PastRow> household_results_before(Database& db, const std::string& household_id, const Date& before);
void replace_results(Database& db, std::int64_t round_id, const std::vector<ResultRow>& results, const Actor& actor,
                     std::int64_t change_set);

}  // namespace giamngheo::store::sqlite
