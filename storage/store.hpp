// The registry's stores as one object, for use cases that read and write units, households and
// rounds together. Each capability owns the interface of its storage (modules/<name>/ports/); a
// backend (storage/<engine>/) implements every one of them over one database; open_store.hpp
// opens one.
#pragma once

#include <cstddef>

#include "modules/registry/ports/registry_store.hpp"
#include "modules/review/ports/round_changes.hpp"
#include "modules/review/ports/round_store.hpp"
#include "modules/units/ports/unit_store.hpp"

namespace giamngheo::store {

// The registry's three stores over one database: what the review and statistics use cases read
// and write together.
class Store : public UnitStore, public RegistryStore, public RoundStore {};

struct StoreOptions {
    // How long a statement waits for a lock held by another connection before failing as
    // ErrorKind::busy. The server waits briefly and answers "busy, retry" rather than hold a
    // request for the length of another process's import.
    int busy_timeout_ms = 10000;
    // An import with at least this many households new to the registry stores them as sorted
    // column segments of `segment_households` each (one large value per segment instead of a
    // row per household and member); smaller imports and every later edit are rows. On
    // PostgreSQL, the first import of at least that many households into an empty registry is a
    // bulk load (storage/postgres/bulk_load.hpp).
    std::size_t segment_minimum = 20000;
    std::size_t segment_households = 65536;
    // Told by a PostgreSQL store after each commit that creates or changes a round, so that the
    // process that wrote reads its own write at once (open_round_changes); nullptr: nobody is.
    RoundChanges* round_changes = nullptr;
};

}  // namespace giamngheo::store
