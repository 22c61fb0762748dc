// Households and the rows that depend on them (versions, members, round results) are partitioned by the
// province of the household's commune on the 2025 map: declarative LIST partitions on a
// province_code column, one per province of the unit catalogue plus `<table>_unplaced` for a
// commune the catalogue does not place in one province (unknown, or split between two). A
// province's rows are then tables of their own that can be vacuumed, dumped, moved or dropped
// without touching the others (docs/DEPLOYMENT.md § 9).
//
// The key is data of the catalogue, written with it (unit_provinces): a household is written with
// the key of its commune, and a new catalogue makes the partitions of new provinces and moves
// every household whose province changed, with its versions, members and results. A household id and a
// member id stay unique across provinces by the store's checks, made after the change-set counter
// is locked (every write takes it first), since a partitioned table's unique keys hold the
// partition key.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kernel/units.hpp"
#include "storage/postgres/connection.hpp"

namespace giamngheo::store::postgres {

// Writes unit_provinces from `catalogue`, makes each province's partitions and moves every
// household whose key changed. Inside the caller's transaction, after the catalogue's own tables.
void place_households_by_province(Connection& db, const UnitCatalogue& catalogue);

// The partition key of each of `unit_codes` (nullopt: of every unit); a unit without a province is
// absent or "" (the key of the unplaced partitions).
[[nodiscard]] std::unordered_map<std::string, std::string> provinces_of(
    Connection& db, std::optional<std::vector<std::string_view>> unit_codes);

}  // namespace giamngheo::store::postgres
