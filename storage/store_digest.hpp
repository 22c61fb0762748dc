// What a store holds, counted and hashed without its ids, change sets, versions and timestamps:
// the same registry gives the same digest in SQLite and in PostgreSQL, before a backup and after
// its restore, in a commune's store and in the province's copy of it. What `giamngheo store
// digest`, `backup`, `restore` and `store copy` print and compare.
#pragma once

#include <string>

#include "storage/store.hpp"

namespace giamngheo::store {

struct StoreDigest {
    long units = 0;       // unit versions on both maps
    long lineage = 0;     // old → new unit rows
    long households = 0;  // active
    long members = 0;     // of the active households
    long rounds = 0;
    long results = 0;     // of every round
    // BLAKE2b of the units, then of the active households as their documents; and of the rounds
    // (as run, their status and decision) with their results. The households and results are
    // combined order-free, so that a server's collation cannot change the digest.
    std::string registry_hash;
    std::string rounds_hash;

    bool operator==(const StoreDigest&) const = default;
};

// What makes a unit version, and a round (without its results), the same in two stores: the
// digest hashes these, and `store copy` compares them.
[[nodiscard]] std::string unit_fields(const UnitVersion& unit);
[[nodiscard]] std::string round_fields(const RoundRecord& round);
// A round as it was run, whatever its state since: round_fields without the status and decision.
[[nodiscard]] std::string round_run_fields(const RoundRecord& round);

// Reads the whole store once (a household at a time). Errors as the store's reads.
[[nodiscard]] StoreDigest digest_store(Store& store);

// The digest as the command line prints it: one "name value" line each.
[[nodiscard]] std::string to_text(const StoreDigest& digest);

}  // namespace giamngheo::store
