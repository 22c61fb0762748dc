// The registry's three stores (units, households, rounds) in PostgreSQL. Every household is a
// row with a household_versions row per version (the document of
// modules/registry/formats/household_document.hpp), as the SQLite backend stores households
// that are not bulk-loaded; there are no segments here.
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "modules/registry/formats/household_document.hpp"
#include "storage/faults.hpp"
#include "storage/postgres/bulk_load.hpp"
#include "storage/postgres/first_load.hpp"
#include "storage/postgres/household_rows.hpp"
#include "storage/postgres/migrations.hpp"
#include "storage/postgres/postgres_stores.hpp"
#include "storage/postgres/province_partitions.hpp"
#include "storage/postgres/tables.hpp"
#include "storage/records.hpp"

namespace giamngheo::store {
namespace {

using postgres::Connection;
using postgres::RowBatch;
using postgres::Statement;
using postgres::text_array;
using postgres::Transaction;

// Active households: id, version and the document of that version.
constexpr const char* kActiveRows =
    "SELECT h.household_id, h.version, v.document FROM households h JOIN household_versions v "
    "ON v.household_id = h.household_id AND v.province_code = h.province_code AND v.version = h.version "
    "WHERE h.removed_change_set IS NULL";

// Rows read from a cursor at a time, so that a national registry is never one result in memory.
constexpr int kFetchRows = 10000;

class PostgresStore final : public Store {
  public:
    PostgresStore(const std::string& uri, const StoreOptions& options)
        : db_(uri, options.busy_timeout_ms), bulk_minimum_(options.segment_minimum),
          round_changes_(options.round_changes) {
        postgres::migrate(db_);
    }

    void replace_units(const std::vector<UnitVersion>& units, const std::vector<Lineage>& lineage,
                       const Actor& actor) override {
        Transaction tx(db_);
        const std::int64_t change_set = new_change_set(actor, "units.import");
        postgres::replace_unit_tables(db_, units, lineage, change_set);
        postgres::place_households_by_province(db_, postgres::load_unit_catalogue(db_, std::nullopt));
        postgres::insert_audit(db_, change_set, actor);
        tx.commit();
    }
    UnitCatalogue load_units() override { return postgres::load_unit_catalogue(db_, std::nullopt); }
    UnitCatalogue units_of_round(std::int64_t round_id) override {
        return postgres::load_unit_catalogue(db_, postgres::catalogue_of_round(db_, round_id));
    }

    void add_village(const std::string& commune_code, const std::string& name, const Actor& actor) override {
        Transaction tx(db_);
        const std::int64_t change_set = new_change_set(actor, "village.add");
        Statement s(db_,
                    "INSERT INTO villages (commune_code, name, change_set) VALUES ($1, $2, $3) ON CONFLICT "
                    "DO NOTHING");
        s.bind(1, commune_code).bind(2, name).bind(3, change_set).run();
        postgres::insert_audit(db_, change_set, actor);
        tx.commit();
    }

    std::vector<std::string> villages(const std::string& commune_code) override {
        Statement s(db_, "SELECT name FROM villages WHERE commune_code = $1 ORDER BY name COLLATE \"C\"");
        s.bind(1, commune_code);
        std::vector<std::string> out;
        while (s.step()) out.push_back(s.text(0));
        return out;
    }

    // A piece at a time: its stored households and its members' owners are read with one
    // statement each, then its rows are written a table at a time (PieceWriter).
    ImportSummary apply_import(const HouseholdPieces& pieces, const Actor& actor,
                               const WriteCheck& check) override {
        ImportSummary summary;
        Transaction tx(db_);
        summary.change_set = new_change_set(actor, "households.import");
        postgres::BulkLoad bulk(db_, pieces.households(), bulk_minimum_);
        if (bulk.active()) {
            postgres::write_first_load(db_, pieces, check, summary.change_set, summary);
        } else {
            std::unordered_set<std::string> villages_seen;
            std::unordered_set<std::string_view> in_import;
            for (std::size_t at = 0; at < pieces.households(); ++at) in_import.insert(pieces.id(at));
            PieceWriter writer(summary.change_set, villages_seen);
            for (std::size_t k = 0; k < pieces.pieces(); ++k) {
                const HouseholdBatch piece = pieces.piece(k);
                const bool members_new = check_member_owners(piece, in_import);
                const auto stored = stored_households(piece);
                const auto provinces = provinces_of(piece);
                for (std::size_t i = 0; i < piece.households(); ++i) {
                    const Household h = piece.household(i);
                    const auto it = stored.find(h.household_id);
                    apply_row(h, province_of(provinces, h.unit_code), it == stored.end() ? nullptr : &it->second,
                              check, writer, summary);
                }
                writer.write(db_, members_new);
            }
        }
        if (!summary.refused.empty() || check.dry_run || summary.created + summary.updated == 0) {
            summary.change_set = 0;  // the transaction rolls back
            return summary;
        }
        bulk.finish();
        postgres::insert_audit(db_, summary.change_set, actor);
        tx.commit();
        return summary;
    }

    long remove_households(const std::vector<std::string>& household_ids, const Actor& actor) override {
        Transaction tx(db_);
        const std::int64_t change_set = new_change_set(actor, "households.remove");
        Statement remove(db_,
                         "UPDATE households SET removed_change_set = $2 WHERE household_id = $1 "
                         "AND removed_change_set IS NULL");
        Statement members(db_, "DELETE FROM members WHERE household_id = $1");
        long removed = 0;
        for (const auto& id : household_ids) {
            if (remove.bind(1, id).bind(2, change_set).run() != 1) continue;
            ++removed;
            members.bind(1, id).run();
        }
        postgres::insert_audit(db_, change_set, actor);
        tx.commit();
        return removed;
    }

    std::vector<StoredHousehold> load_households() override {
        std::vector<StoredHousehold> out;
        for_each_household([&](const StoredHousehold& h) { out.push_back(h); });
        return out;
    }

    void for_each_household(const std::function<void(const StoredHousehold&)>& visit) override {
        StoredHousehold current;
        for_each_active_row(" ORDER BY h.household_id", [&](const Statement& row) {
            current.household = from_document(row.text(2));
            current.version = row.integer(1);
            visit(current);
        });
    }

    StoredImage load_registry_image() override {
        StoredImage out;
        for_each_active_row("", [&](const Statement& row) {
            out.image.append(from_document(row.text(2)));
            out.version.push_back(row.integer(1));
        });
        return out;
    }

    std::optional<StoredHousehold> load_household(const std::string& household_id,
                                                  std::optional<std::int64_t> version) override {
        Statement s(
            db_,
            version
                ? "SELECT version, document FROM household_versions WHERE household_id = $1 AND version = $2"
                : "SELECT h.version, v.document FROM households h JOIN household_versions v "
                  "ON v.household_id = h.household_id AND v.version = h.version WHERE h.household_id = $1");
        s.bind(1, household_id);
        if (version) s.bind(2, *version);
        if (!s.step()) return std::nullopt;
        return StoredHousehold{from_document(s.text(1)), s.integer(0)};
    }

    std::vector<HistoryEntry> household_history(const std::string& household_id) override {
        std::vector<HistoryEntry> out;
        Statement s(
            db_,
            "SELECT v.version, v.change_set, c.at, c.actor, c.source, v.document FROM household_versions v "
            "JOIN change_sets c ON c.id = v.change_set WHERE v.household_id = $1 ORDER BY v.version");
        s.bind(1, household_id);
        while (s.step())
            out.push_back(
                {s.integer(0), s.integer(1), s.text(2), s.text(3), s.text(4), from_document(s.text(5))});
        return out;
    }

    std::optional<ExtractMark> extract_mark() override {
        Statement s(db_, "SELECT e.unit_code, e.made_from, c.at FROM extract_of e JOIN change_sets c ON c.id = e.change_set");
        if (!s.step()) return std::nullopt;
        return ExtractMark{s.text(0), s.text(1), s.text(2)};
    }

    void mark_extract(const std::string& unit_code, const std::string& made_from, const Actor& actor) override {
        Transaction tx(db_);
        Actor noted = actor;
        noted.audit.push_back({"store.extract", "", unit_code, nlohmann::json{{"made_from", made_from}}.dump()});
        const std::int64_t change_set = new_change_set(actor, "store.extract");
        Statement s(db_,
                    "INSERT INTO extract_of (unit_code, made_from, change_set) VALUES ($1, $2, $3) ON CONFLICT "
                    "(only_row) DO UPDATE SET unit_code = EXCLUDED.unit_code, made_from = EXCLUDED.made_from, "
                    "change_set = EXCLUDED.change_set");
        s.bind(1, unit_code).bind(2, made_from).bind(3, change_set).run();
        postgres::insert_audit(db_, change_set, noted);
        tx.commit();
    }

    // Change set ids are given in commit order (postgres::insert_change_set), so the newest one
    // that is not a report's grows with every committed change and never skips back.
    std::int64_t registry_generation() override {
        return scalar(
            "SELECT COALESCE((SELECT id FROM change_sets WHERE action NOT LIKE 'report.%' ORDER BY id DESC "
            "LIMIT 1), 0)");
    }

    long household_count() override {
        return static_cast<long>(scalar("SELECT COUNT(*) FROM households WHERE removed_change_set IS NULL"));
    }
    long member_count() override { return static_cast<long>(scalar("SELECT COUNT(*) FROM members")); }

    std::int64_t save_round(RoundRecord round, const std::vector<ResultRow>& results,
                            const Actor& actor) override {
        Transaction tx(db_);
        const std::int64_t id =
            postgres::insert_round(db_, std::move(round), results, actor, new_change_set(actor, "round.run"));
        tx.commit();
        round_changed();
        return id;
    }
    std::optional<RoundRecord> round(std::int64_t id) override {
        auto all = postgres::select_rounds(db_, id);
        if (all.empty()) return std::nullopt;
        return all.front();
    }
    std::vector<RoundRecord> rounds() override { return postgres::select_rounds(db_, std::nullopt); }
    void approve_round(std::int64_t id, const Date& decision_date, const Actor& actor) override {
        Transaction tx(db_);
        postgres::approve_round(db_, id, decision_date, actor, new_change_set(actor, "round.approve"));
        tx.commit();
        round_changed();
    }
    void for_each_round_result(std::int64_t id, const std::function<void(const ResultRow&)>& visit) override {
        postgres::for_each_round_result(db_, id, visit);
    }
    std::optional<ResultRow> round_result(std::int64_t id, const std::string& household_id) override {
        return postgres::round_result(db_, id, household_id);
    }
    std::vector<PastRow> approved_results_before(const Date& before) override {
        return postgres::approved_results_before(db_, before);
    }
    std::vector<PastRow> household_results_before(const std::string& household_id, const Date& before) override {
        return postgres::household_results_before(db_, household_id, before);
    }
    void replace_results(std::int64_t round_id, const std::vector<ResultRow>& results, const Actor& actor) override {
        Transaction tx(db_);
        postgres::replace_results(db_, round_id, results, actor, new_change_set(actor, "round.reclassify"));
        tx.commit();
        round_changed();
    }

  private:
    static std::string province_of(const std::unordered_map<std::string, std::string>& provinces,
                                   const std::string& unit_code) {
        const auto it = provinces.find(unit_code);
        return it == provinces.end() ? std::string() : it->second;
    }

    void round_changed() {
        if (round_changes_) round_changes_->changed();
    }

    // A stored household as an import finds it.
    struct Stored {
        std::int64_t version = 0;
        std::string document;
        bool removed = false;
        std::string province;  // its partition's key
    };

    // The households of `piece` the registry holds (active or removed), by id.
    std::unordered_map<std::string, Stored> stored_households(const HouseholdBatch& piece) {
        std::vector<std::string_view> ids(piece.image.household_ids.begin(), piece.image.household_ids.end());
        Statement s(db_,
                    "SELECT h.household_id, h.version, v.document, (h.removed_change_set IS NOT NULL)::int, "
                    "h.province_code FROM households h JOIN household_versions v ON v.household_id = h.household_id "
                    "AND v.province_code = h.province_code AND v.version = h.version "
                    "WHERE h.household_id = ANY($1::text[])");
        s.bind(1, text_array(ids));
        std::unordered_map<std::string, Stored> out;
        while (s.step()) out.emplace(s.text(0), Stored{s.integer(1), s.text(2), s.integer(3) != 0, s.text(4)});
        return out;
    }

    // The partition key of each commune of `piece` (a commune without one is unplaced).
    std::unordered_map<std::string, std::string> provinces_of(const HouseholdBatch& piece) {
        std::vector<std::string_view> codes;
        for (std::size_t id = 1; id < piece.image.units.size(); ++id)
            codes.emplace_back(piece.image.units.at(static_cast<std::int32_t>(id)));
        return postgres::provinces_of(db_, std::move(codes));
    }

    // A member id may belong to one household of the registry only; a member of another
    // household of the same import may move (that household gives them up in this import).
    // True when no member of the piece is stored yet.
    bool check_member_owners(const HouseholdBatch& piece,
                             const std::unordered_set<std::string_view>& in_import) {
        std::vector<std::string_view> ids;
        for (std::size_t j = 0; j < piece.members(); ++j) ids.push_back(piece.member_id[j]);
        Statement owners(db_,
                         "SELECT member_id, household_id FROM members WHERE member_id = ANY($1::text[])");
        owners.bind(1, text_array(ids));
        std::unordered_map<std::string, std::string> owner;
        while (owners.step()) owner.emplace(owners.text(0), owners.text(1));
        if (owner.empty()) return true;
        for (std::size_t i = 0; i < piece.households(); ++i)
            for (auto j = piece.image.member_begin[i]; j < piece.image.member_begin[i + 1]; ++j) {
                const auto it = owner.find(std::string(piece.member_id[j]));
                if (it == owner.end() || in_import.count(it->second)) continue;
                throw_member_taken(piece.member_id[j], piece.image.household_ids[i], it->second);
            }
        return false;
    }

    // What an import writes of a piece, written at its end a table at a time.
    struct PieceWriter {
        PieceWriter(std::int64_t change_set_id, std::unordered_set<std::string>& villages)
            : change_set(std::to_string(change_set_id)), villages_seen(villages) {}
        void members(const Household& h, const std::string& province) {
            for (const auto& m : h.members) {
                // A member twice in one statement would be refused; the last one wins, as row by row.
                const auto [at, fresh] = member_row.emplace(m.member_id, new_members.size());
                if (fresh)
                    new_members.add({province, m.member_id, h.household_id, m.full_name, m.personal_id});
                else
                    new_members.set(at->second, {province, m.member_id, h.household_id, m.full_name, m.personal_id});
            }
        }
        // New rows go in with COPY; a member already stored (moved from another household) is
        // an upsert, which COPY cannot do: `members_new` says whether the piece has one.
        void write(Connection& db, bool members_new) {
            const std::size_t written = inserted.size() + updated.size() + reactivated.size();
            inserted.copy(db, postgres::kHouseholdsCopyTarget);
            // A household whose commune is now in another province moves partition, its versions and
            // results with it.
            updated.run(
                db,
                "UPDATE households h SET province_code = u.province_code, unit_code = u.unit_code, "
                "village = u.village, head_name = u.head_name, version = u.version, change_set = u.change_set, "
                "removed_change_set = NULL FROM unnest("
                "$1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::bigint[]) "
                "AS u (province_code, household_id, unit_code, village, head_name, version, change_set) "
                "WHERE h.household_id = u.household_id");
            // Results through rounds: each round's are then found by their key (round, household),
            // not by reading every result.
            moved.run(db,
                      "WITH u AS (SELECT * FROM unnest($1::text[], $2::text[]) AS u (province_code, household_id)), "
                      "versions AS (UPDATE household_versions v SET province_code = u.province_code FROM u "
                      "WHERE v.household_id = u.household_id) "
                      "UPDATE round_results x SET province_code = u.province_code FROM u, rounds r "
                      "WHERE x.round_id = r.id AND x.household_id = u.household_id");
            reactivated.run(
                db, "UPDATE households SET removed_change_set = NULL WHERE household_id = ANY($1::text[])");
            replaced_members.run(db, "DELETE FROM members WHERE household_id = ANY($1::text[])");
            versions.copy(db, postgres::kVersionsCopyTarget);
            // A member may come from another household of the same import (check_member_owners
            // allows only that): the row moves with them.
            if (members_new) new_members.copy(db, postgres::kMembersCopyTarget);
            new_members.run(db,
                            "INSERT INTO members (province_code, member_id, household_id, full_name, personal_id) "
                            "SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) "
                            "ON CONFLICT (member_id, province_code) DO UPDATE SET household_id = excluded.household_id, "
                            "full_name = excluded.full_name, personal_id = excluded.personal_id");
            villages.run(db, postgres::kAddVillages);
            member_row.clear();
            // Written, not yet committed: where a crash test kills the import.
            for (std::size_t i = 0; i < written; ++i) fault_point("import.household");
        }
        std::string change_set;
        RowBatch inserted{7}, updated{7}, moved{2}, reactivated{1}, replaced_members{1}, versions{5}, new_members{5},
            villages{3};
        // A village goes to the statement once per import, not once per household of it.
        std::unordered_set<std::string>& villages_seen;

      private:
        std::unordered_map<std::string, std::size_t> member_row;  // of new_members, by member id
    };

    void apply_row(const Household& h, const std::string& province, const Stored* stored, const WriteCheck& check,
                   PieceWriter& w, ImportSummary& summary) {
        std::string document = to_document(h);
        std::int64_t version = 1;
        if (stored) {
            if (!write_allowed(h, stored->document, stored->version, check, summary)) return;
            if (stored->document == document) {
                if (stored->removed) {
                    w.reactivated.add({h.household_id});
                    w.members(h, stored->province);
                    ++summary.updated;
                } else {
                    ++summary.unchanged;
                }
                return;
            }
            version = stored->version + 1;
            w.updated.add({province, h.household_id, h.unit_code, h.village, h.head_name, std::to_string(version),
                           w.change_set});
            if (province != stored->province) w.moved.add({province, h.household_id});
            w.replaced_members.add({h.household_id});
            ++summary.updated;
        } else {
            if (const auto it = check.expected_versions.find(h.household_id);
                it != check.expected_versions.end())
                throw_stale_household(h.household_id, it->second, 0);
            w.inserted.add({province, h.household_id, h.unit_code, h.village, h.head_name, std::to_string(version),
                            w.change_set});
            ++summary.created;
        }
        w.versions.add({province, h.household_id, std::to_string(version), w.change_set, std::move(document)});
        w.members(h, province);
        if (!h.village.empty() && w.villages_seen.insert(h.unit_code + '\x1f' + h.village).second)
            w.villages.add({h.unit_code, h.village, w.change_set});
    }

    // Every active household row (kActiveRows then `order`), read from a cursor in one snapshot.
    template <class Visit>
    void for_each_active_row(const char* order, Visit visit) {
        Transaction tx(db_, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        db_.exec("DECLARE active_rows NO SCROLL CURSOR FOR " + std::string(kActiveRows) + order);
        const std::string fetch = "FETCH " + std::to_string(kFetchRows) + " FROM active_rows";
        for (;;) {
            Statement rows(db_, fetch);
            long count = 0;
            while (rows.step()) {
                visit(rows);
                ++count;
            }
            if (count < kFetchRows) break;
        }
        tx.commit();
    }

    std::int64_t new_change_set(const Actor& actor, const std::string& action) {
        return postgres::insert_change_set(db_, actor.user, actor.source, action);
    }
    std::int64_t scalar(const char* sql) { return postgres::scalar(db_, sql); }

    Connection db_;
    std::size_t bulk_minimum_;  // households of a first load that make it a bulk load (bulk_load.hpp)
    RoundChanges* round_changes_;
};

}  // namespace

std::unique_ptr<Store> open_postgres_store(const std::string& uri, const StoreOptions& options) {
    return std::make_unique<PostgresStore>(uri, options);
}

}  // namespace giamngheo::store
