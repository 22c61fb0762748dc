// The unit catalogue's tables in the SQLite backend: the catalogue in force (units, unit_lineage)
// and the earlier ones that rounds were placed with (archived_units, archived_unit_lineage, by
// the change set that imported them). Called inside the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "kernel/units.hpp"
#include "storage/sqlite/database.hpp"

namespace giamngheo::store::sqlite {

// Replaces the catalogue in force by the one imported in `change_set`; the outgoing one is kept
// when a round was placed with it.
void replace_unit_tables(Database& db, const std::vector<UnitVersion>& units, const std::vector<Lineage>& lineage,
                         std::int64_t change_set);
// The catalogue imported in `catalogue` (nullopt: the one in force).
[[nodiscard]] UnitCatalogue load_unit_catalogue(Database& db, std::optional<std::int64_t> catalogue);
// The catalogue round `round_id` was run with; nullopt when that is the one in force.
// not_found when there is no such round.
[[nodiscard]] std::optional<std::int64_t> catalogue_of_round(Database& db, std::int64_t round_id);

}  // namespace giamngheo::store::sqlite
