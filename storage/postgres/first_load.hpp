// The first load into an empty registry (bulk_load.hpp), made straight from the pieces' columns:
// each piece becomes binary COPY data for households, their first versions and their members, without
// a row object per value, so that the client keeps up with the server.
#pragma once

#include <cstdint>

#include "modules/registry/domain/household_batch.hpp"
#include "modules/registry/ports/registry_store.hpp"
#include "storage/postgres/connection.hpp"

namespace giamngheo::store::postgres {

// Writes every household of `pieces` as version 1 under `change_set`, with its members and new
// villages, inside the caller's transaction; adds them to summary.created. Nothing is looked up:
// the registry is empty, a file's ids are unique by its own checks, and a member id repeated
// across households of one province fails the members' key when bulk_load rebuilds it. A
// household named in check.expected_versions is stale (nothing is stored). Each piece is made
// on a second thread while the server stores the previous one.
void write_first_load(Connection& db, const HouseholdPieces& pieces, const WriteCheck& check,
                      std::int64_t change_set, ImportSummary& summary);

}  // namespace giamngheo::store::postgres
