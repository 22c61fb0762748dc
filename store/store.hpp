// The persistence boundary. Callers (app/, cli/, server/) see only this interface; the
// SQLite store implements it today and a PostgreSQL store will implement the same contract
// with the same schema. Every method that writes is atomic: it commits whole or not at all.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/household.hpp"
#include "core/household_batch.hpp"
#include "core/units.hpp"

namespace giamngheo::store {

struct Actor {
    std::string user = "cli";
    std::string source;  // file, command or request that caused the change
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

struct ImportSummary {
    long created = 0;
    long updated = 0;
    long unchanged = 0;
    std::int64_t change_set = 0;
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
    // replaced as given); identical households are left alone. All or nothing. Pieces are taken
    // one after another (a national import is never whole in memory).
    // Throws std::runtime_error when a member id already belongs to a household not in `households`.
    virtual ImportSummary apply_import(const HouseholdPieces& households, const Actor& actor) = 0;
    ImportSummary apply_batch(const HouseholdBatch& households, const Actor& actor) {
        return apply_import(BatchPieces(households), actor);
    }
    ImportSummary apply_households(const std::vector<Household>& households, const Actor& actor) {
        HouseholdBatch batch;
        for (const auto& h : households) batch.append(h);
        return apply_batch(batch, actor);
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
    // An import with at least this many households new to the registry stores them as sorted
    // column segments of `segment_households` each (one large value per segment instead of a
    // row per household and member); smaller imports and every later edit are rows.
    std::size_t segment_minimum = 20000;
    std::size_t segment_households = 65536;
};
// Opens (creating when absent) the SQLite store at `path` and brings its schema up to date.
[[nodiscard]] std::unique_ptr<Store> open_sqlite_store(const std::string& path, SqliteOptions options = {});

}  // namespace giamngheo::store
