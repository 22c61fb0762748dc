// The persistence boundary. Callers (app/, cli/, server/) see only this interface; the
// SQLite store implements it today and a PostgreSQL store will implement the same contract
// with the same schema. Every method that writes is atomic: it commits whole or not at all.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/household.hpp"
#include "core/household_batch.hpp"
#include "core/units.hpp"

namespace giamngheo::store {

// One entry of the audit log, written in the same transaction as the change it describes, so
// that a change is never stored without its entry nor an entry without its change.
struct AuditNote {
    std::string action;  // household.edit, households.import, round.run, round.approve, user.create ...
    std::string household_id;
    std::string target;
    std::string details;  // a JSON object: old → new where it applies
};

struct Actor {
    Actor() = default;
    Actor(std::string user_name, std::string change_source, std::vector<AuditNote> notes = {})
        : user(std::move(user_name)), source(std::move(change_source)), audit(std::move(notes)) {}

    std::string user = "cli";
    std::string source;            // file, command or request that caused the change
    std::vector<AuditNote> audit;  // what the audit log says of the change (empty: the change set alone)
};

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
    std::string document;
};

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

class Store {
public:
    virtual ~Store() = default;

    // Units: replaces the whole catalogue (all maps, versions and lineage) atomically.
    virtual void replace_units(const std::vector<UnitVersion>& units, const std::vector<Lineage>& lineage,
                               const Actor& actor) = 0;
    [[nodiscard]] virtual UnitCatalogue load_units() = 0;
    virtual void add_village(const std::string& commune_code, const std::string& name, const Actor& actor) = 0;
    [[nodiscard]] virtual std::vector<std::string> villages(const std::string& commune_code) = 0;

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

    // Rounds. `save_round` stores the round and all its results atomically and returns its id.
    virtual std::int64_t save_round(RoundRecord round, const std::vector<ResultRow>& results, const Actor& actor) = 0;
    [[nodiscard]] virtual std::optional<RoundRecord> round(std::int64_t id) = 0;
    [[nodiscard]] virtual std::vector<RoundRecord> rounds() = 0;
    virtual void approve_round(std::int64_t id, const Date& decision_date, const Actor& actor) = 0;
    // A round's results ordered by household id, one at a time (a national round is millions).
    virtual void for_each_round_result(std::int64_t id, const std::function<void(const ResultRow&)>& visit) = 0;
    [[nodiscard]] std::vector<ResultRow> round_results(std::int64_t id) {
        std::vector<ResultRow> out;
        for_each_round_result(id, [&](const ResultRow& row) { out.push_back(row); });
        return out;
    }
    // Results of approved rounds whose reference date is before `before`, oldest round first.
    [[nodiscard]] virtual std::vector<PastRow> approved_results_before(const Date& before) = 0;
};

struct SqliteOptions {
    // How long a statement waits for a lock held by another connection before failing as
    // ErrorKind::busy. The server waits briefly and answers "busy, retry" rather than hold a
    // request for the length of another process's import.
    int busy_timeout_ms = 10000;
    // An import with at least this many households new to the registry stores them as sorted
    // column segments of `segment_households` each (one large value per segment instead of a
    // row per household and member); smaller imports and every later edit are rows.
    std::size_t segment_minimum = 20000;
    std::size_t segment_households = 65536;
};
// Opens (creating when absent) the SQLite store at `path` and brings its schema up to date.
[[nodiscard]] std::unique_ptr<Store> open_sqlite_store(const std::string& path, SqliteOptions options = {});

}  // namespace giamngheo::store
