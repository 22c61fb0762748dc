// Storage of the household registry: households with their members, every version of each,
// and the change sets that wrote them. Implemented by every backend (storage/). Every write is
// atomic (whole or nothing) and carries its audit notes in the same transaction.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kernel/actor.hpp"
#include "kernel/household.hpp"
#include "kernel/registry_image.hpp"
#include "modules/registry/domain/household_batch.hpp"

namespace giamngheo::store {

// Conditions a registry write must meet, checked inside its transaction so that another
// process's write between a check and the write cannot slip through.
struct WriteCheck {
    // Each household named here must be stored at exactly this version, else the write fails
    // with ErrorKind::stale_version and nothing is written (optimistic locking of editors).
    std::map<std::string, std::int64_t> expected_versions;
    // Called for every household of the write that the registry already holds, with its stored
    // record: a non-empty reason refuses it (see ImportSummary::refused). Unset: all allowed.
    std::function<std::string(const Household& stored, const Household& incoming)> existing;
    // Roll back at the end: the summary says what the write would have done.
    bool dry_run = false;
};

struct StoredHousehold {
    Household household;
    std::int64_t version = 0;
};

// Active households as columns, with the stored version of each (row i of the image).
struct StoredImage {
    RegistryImage image;
    std::vector<std::int64_t> version;
};

struct Refusal {
    std::string household_id;
    std::string reason;
};

struct ImportSummary {
    long created = 0;
    long updated = 0;
    long unchanged = 0;
    std::int64_t change_set = 0;  // 0 when nothing was written (no change, a dry run, refusals)
    std::vector<Refusal> refused;  // by WriteCheck::existing; when any, nothing was written
};

struct HistoryEntry {
    std::int64_t version = 0;
    std::int64_t change_set = 0;
    std::string at;  // ISO timestamp, UTC
    std::string user;
    std::string source;
    Household household;  // as this version recorded it
};

struct ExtractMark {
    std::string unit_code;
    std::string made_from;  // the store it was copied from, as shown (no password)
    std::string made_at;    // ISO 8601, UTC
};

class RegistryStore {
public:
    virtual ~RegistryStore() = default;

    // Registry. Inserts new households and writes a new version of each changed one (members
    // replaced as given); identical households are left alone. All or nothing, with the actor's
    // audit notes in the same transaction; a write that changes nothing leaves no change set.
    // Pieces are taken one after another (a national import is never whole in memory).
    // Errors: `conflict` when a member id already belongs to a household not in `households`;
    // `stale_version` when WriteCheck::expected_versions does not hold; `busy`; `fault`.
    virtual ImportSummary apply_import(const HouseholdPieces& households, const Actor& actor,
                                       const WriteCheck& check) = 0;
    ImportSummary apply_import(const HouseholdPieces& households, const Actor& actor) {
        return apply_import(households, actor, WriteCheck{});
    }
    ImportSummary apply_batch(const HouseholdBatch& households, const Actor& actor, const WriteCheck& check = {}) {
        return apply_import(BatchPieces(households), actor, check);
    }
    ImportSummary apply_households(const std::vector<Household>& households, const Actor& actor,
                                   const WriteCheck& check = {}) {
        HouseholdBatch batch;
        for (const auto& h : households) batch.append(h);
        return apply_batch(batch, actor, check);
    }
    // Takes households off the registry (moved away, merged, dissolved); their history stays and
    // importing them again brings them back. Returns how many were active.
    virtual long remove_households(const std::vector<std::string>& household_ids, const Actor& actor) = 0;
    // Active households, ordered by id.
    [[nodiscard]] virtual std::vector<StoredHousehold> load_households() = 0;
    // The same, one at a time, so that a national registry never has to fit in memory as objects.
    virtual void for_each_household(const std::function<void(const StoredHousehold&)>& visit) = 0;
    // The active households as columns, in no particular order: what review runs and statistics
    // of the live registry read. A bulk load is taken as its stored columns, not a Household at a time.
    [[nodiscard]] virtual StoredImage load_registry_image() = 0;
    [[nodiscard]] virtual std::optional<StoredHousehold> load_household(const std::string& household_id,
                                                                        std::optional<std::int64_t> version) = 0;
    [[nodiscard]] virtual std::vector<HistoryEntry> household_history(const std::string& household_id) = 0;
    [[nodiscard]] virtual long household_count() = 0;
    [[nodiscard]] virtual long member_count() = 0;
    // A number that grows with every change to the households, their members or the units (it may
    // grow with other changes too, never with a report's): equal numbers mean the same registry,
    // so that figures computed from it can be kept until it changes. Cheap: no household is read.
    [[nodiscard]] virtual std::int64_t registry_generation() = 0;

    // A registry made as a unit's extract (`store copy --unit`) remembers the unit, so that its
    // work goes back to the server within that unit only (storage/store_copy.hpp).
    [[nodiscard]] virtual std::optional<ExtractMark> extract_mark() = 0;
    // Records the mark (replacing any) in one change set audited as `actor`'s "store.extract".
    virtual void mark_extract(const std::string& unit_code, const std::string& made_from, const Actor& actor) = 0;
};

}  // namespace giamngheo::store
