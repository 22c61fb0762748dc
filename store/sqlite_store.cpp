#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "store/faults.hpp"
#include "store/household_document.hpp"
#include "store/migrations.hpp"
#include "store/sqlite.hpp"
#include "store/store.hpp"

namespace giamngheo::store {
namespace {

using sqlite::Database;
using sqlite::Statement;
using sqlite::Transaction;
using sqlite::now_utc;

std::optional<std::string> optional_date(const std::optional<Date>& date) {
    return date ? std::optional<std::string>(date->iso()) : std::nullopt;
}
std::optional<Date> read_date(const Statement& s, int column) {
    if (s.is_null(column)) return std::nullopt;
    return parse_iso_date(s.text(column));
}

class SqliteStore final : public Store {
public:
    explicit SqliteStore(const std::string& path) : db_(path) {
        db_.exec("PRAGMA journal_mode = WAL");
        db_.exec("PRAGMA synchronous = NORMAL");
        db_.exec("PRAGMA foreign_keys = ON");
        // A large page cache keeps a whole import in memory until it commits instead of
        // spilling pages to the write-ahead log mid-transaction.
        db_.exec("PRAGMA cache_size = -262144");
        db_.exec("PRAGMA temp_store = MEMORY");
        migrate();
    }

    void replace_units(const std::vector<UnitVersion>& units, const std::vector<Lineage>& lineage,
                       const Actor& actor) override {
        Transaction tx(db_);
        new_change_set(actor, "units.import");
        db_.exec("DELETE FROM units; DELETE FROM unit_lineage;");
        Statement insert(db_,
                         "INSERT INTO units (code, map, version_no, level, parent_code, type, name, full_name, "
                         "valid_from, valid_to) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
        std::unordered_map<std::string, int> version_numbers;
        for (const auto& u : units) {
            const int map = static_cast<int>(u.map);
            const int version = ++version_numbers[u.code + "/" + std::to_string(map)];
            insert.bind(1, u.code).bind(2, map).bind(3, version).bind(4, std::string(to_string(u.level)))
                .bind(5, u.parent_code).bind(6, u.type).bind(7, u.name).bind(8, u.full_name)
                .bind(9, optional_date(u.valid_from)).bind(10, optional_date(u.valid_to));
            insert.run();
        }
        Statement link(db_, "INSERT INTO unit_lineage (old_level, old_code, new_code, kind) VALUES (?1, ?2, ?3, ?4)");
        for (const auto& l : lineage) {
            link.bind(1, l.old_level).bind(2, l.old_code).bind(3, l.new_code).bind(4, std::string(l.full ? "full" : "partial"));
            link.run();
        }
        tx.commit();
    }

    UnitCatalogue load_units() override {
        UnitCatalogue catalogue;
        Statement s(db_,
                    "SELECT code, map, level, parent_code, type, name, full_name, valid_from, valid_to FROM units "
                    "ORDER BY map, code, version_no");
        while (s.step()) {
            UnitVersion u;
            u.code = s.text(0);
            u.map = s.integer(1) == 2024 ? UnitMap::map2024 : UnitMap::map2025;
            parse_unit_level(s.text(2), u.level);
            u.parent_code = s.text(3);
            u.type = s.text(4);
            u.name = s.text(5);
            u.full_name = s.text(6);
            u.valid_from = read_date(s, 7);
            u.valid_to = read_date(s, 8);
            catalogue.add(std::move(u));
        }
        Statement l(db_, "SELECT old_level, old_code, new_code, kind FROM unit_lineage ORDER BY old_code, new_code");
        while (l.step()) catalogue.add_lineage({l.text(0), l.text(1), l.text(2), l.text(3) == "full"});
        return catalogue;
    }

    void add_village(const std::string& commune_code, const std::string& name, const Actor& actor) override {
        Transaction tx(db_);
        const std::int64_t change_set = new_change_set(actor, "village.add");
        Statement s(db_, "INSERT INTO villages (commune_code, name, change_set) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING");
        s.bind(1, commune_code).bind(2, name).bind(3, change_set).run();
        tx.commit();
    }

    std::vector<std::string> villages(const std::string& commune_code) override {
        Statement s(db_, "SELECT name FROM villages WHERE commune_code = ?1 ORDER BY name");
        s.bind(1, commune_code);
        std::vector<std::string> out;
        while (s.step()) out.push_back(s.text(0));
        return out;
    }

    ImportSummary apply_households(const std::vector<Household>& households, const Actor& actor) override {
        ImportSummary summary;
        Transaction tx(db_);
        summary.change_set = new_change_set(actor, "households.import");

        std::unordered_set<std::string> batch;
        for (const auto& h : households) batch.insert(h.household_id);
        {
            Statement owner(db_, "SELECT household_id FROM members WHERE member_id = ?1");
            for (const auto& h : households) {
                for (const auto& m : h.members) {
                    owner.bind(1, m.member_id);
                    if (owner.step() && !batch.count(owner.text(0)) ) {
                        const std::string other = owner.text(0);
                        owner.reset();
                        throw std::runtime_error("thành viên \"" + m.member_id + "\" của hộ \"" + h.household_id +
                                                 "\" đã thuộc hộ \"" + other + "\" trong sổ hộ");
                    }
                    owner.reset();
                }
            }
        }

        Statement current(db_, "SELECT v.version, v.document, h.removed_change_set IS NOT NULL FROM households h "
                               "JOIN household_versions v ON v.household_id = h.household_id AND v.version = h.version "
                               "WHERE h.household_id = ?1");
        Statement insert_household(db_, "INSERT INTO households (household_id, unit_code, village, head_name, version, "
                                        "change_set) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        Statement update_household(db_, "UPDATE households SET unit_code = ?2, village = ?3, head_name = ?4, version = ?5, "
                                        "change_set = ?6, removed_change_set = NULL WHERE household_id = ?1");
        Statement reactivate(db_, "UPDATE households SET removed_change_set = NULL WHERE household_id = ?1 "
                                  "AND removed_change_set IS NOT NULL");
        Statement insert_version(db_, "INSERT INTO household_versions (household_id, version, change_set, document) "
                                      "VALUES (?1, ?2, ?3, ?4)");
        Statement delete_members(db_, "DELETE FROM members WHERE household_id = ?1");
        Statement insert_member(db_, "INSERT INTO members (member_id, household_id, full_name, personal_id) "
                                     "VALUES (?1, ?2, ?3, ?4)");
        Statement add_village(db_, "INSERT INTO villages (commune_code, name, change_set) VALUES (?1, ?2, ?3) "
                                   "ON CONFLICT DO NOTHING");
        for (const auto& h : households) {
            const std::string document = to_document(h);
            current.bind(1, h.household_id);
            std::int64_t version = 0;
            if (current.step()) {
                version = current.integer(0);
                const bool same = current.text(1) == document;
                const bool removed = current.integer(2) != 0;
                current.reset();
                if (same) {
                    if (removed) {
                        reactivate.bind(1, h.household_id).run();
                        for (const auto& m : h.members)
                            insert_member.bind(1, m.member_id).bind(2, h.household_id).bind(3, m.full_name)
                                .bind(4, m.personal_id).run();
                        ++summary.updated;
                    } else {
                        ++summary.unchanged;
                    }
                    continue;
                }
                ++version;
                update_household.bind(1, h.household_id).bind(2, h.unit_code).bind(3, h.village).bind(4, h.head_name)
                    .bind(5, version).bind(6, summary.change_set).run();
                delete_members.bind(1, h.household_id).run();
                ++summary.updated;
            } else {
                current.reset();
                version = 1;
                insert_household.bind(1, h.household_id).bind(2, h.unit_code).bind(3, h.village).bind(4, h.head_name)
                    .bind(5, version).bind(6, summary.change_set).run();
                ++summary.created;
            }
            insert_version.bind(1, h.household_id).bind(2, version).bind(3, summary.change_set).bind(4, document).run();
            for (const auto& m : h.members)
                insert_member.bind(1, m.member_id).bind(2, h.household_id).bind(3, m.full_name).bind(4, m.personal_id).run();
            if (!h.village.empty()) add_village.bind(1, h.unit_code).bind(2, h.village).bind(3, summary.change_set).run();
            fault_point("import.household");
        }
        tx.commit();
        return summary;
    }

    long remove_households(const std::vector<std::string>& household_ids, const Actor& actor) override {
        Transaction tx(db_);
        const std::int64_t change_set = new_change_set(actor, "households.remove");
        Statement remove(db_, "UPDATE households SET removed_change_set = ?2 WHERE household_id = ?1 "
                              "AND removed_change_set IS NULL");
        Statement members(db_, "DELETE FROM members WHERE household_id = ?1");
        long removed = 0;
        for (const auto& id : household_ids) {
            remove.bind(1, id).bind(2, change_set).run();
            if (sqlite3_changes(db_.handle()) == 1) {
                ++removed;
                members.bind(1, id).run();
            }
        }
        tx.commit();
        return removed;
    }

    std::vector<StoredHousehold> load_households() override {
        std::vector<StoredHousehold> out;
        for_each_household([&](const StoredHousehold& h) { out.push_back(h); });
        return out;
    }

    void for_each_household(const std::function<void(const StoredHousehold&)>& visit) override {
        Statement s(db_, "SELECT v.version, v.document FROM households h JOIN household_versions v "
                         "ON v.household_id = h.household_id AND v.version = h.version "
                         "WHERE h.removed_change_set IS NULL ORDER BY h.household_id");
        StoredHousehold current;
        while (s.step()) {
            current.household = from_document(s.text(1));
            current.version = s.integer(0);
            visit(current);
        }
    }

    std::optional<StoredHousehold> load_household(const std::string& household_id,
                                                  std::optional<std::int64_t> version) override {
        Statement s(db_, version ? "SELECT version, document FROM household_versions WHERE household_id = ?1 AND version = ?2"
                                 : "SELECT v.version, v.document FROM households h JOIN household_versions v "
                                   "ON v.household_id = h.household_id AND v.version = h.version WHERE h.household_id = ?1");
        s.bind(1, household_id);
        if (version) s.bind(2, *version);
        if (!s.step()) return std::nullopt;
        return StoredHousehold{from_document(s.text(1)), s.integer(0)};
    }

    std::vector<HistoryEntry> household_history(const std::string& household_id) override {
        Statement s(db_, "SELECT v.version, v.change_set, c.at, c.actor, c.source, v.document FROM household_versions v "
                         "JOIN change_sets c ON c.id = v.change_set WHERE v.household_id = ?1 ORDER BY v.version");
        s.bind(1, household_id);
        std::vector<HistoryEntry> out;
        while (s.step()) out.push_back({s.integer(0), s.integer(1), s.text(2), s.text(3), s.text(4), s.text(5)});
        return out;
    }

    long household_count() override {
        return static_cast<long>(scalar("SELECT COUNT(*) FROM households WHERE removed_change_set IS NULL"));
    }
    long member_count() override { return static_cast<long>(scalar("SELECT COUNT(*) FROM members")); }

    std::int64_t save_round(RoundRecord round, const std::vector<ResultRow>& results, const Actor& actor) override {
        Transaction tx(db_);
        const std::int64_t change_set = new_change_set(actor, "round.run");
        round.id = scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM rounds");
        round.registry_change_set = scalar("SELECT COALESCE(MAX(change_set), 0) FROM household_versions");
        Statement insert(db_, "INSERT INTO rounds (id, year, kind, scope, reference_date, standard_id, standard_document, "
                              "registry_change_set, status, decision_date, created_change_set) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'draft', NULL, ?9)");
        insert.bind(1, round.id).bind(2, round.year).bind(3, round.kind).bind(4, round.scope)
            .bind(5, round.reference_date.iso()).bind(6, round.standard_id).bind(7, round.standard_document)
            .bind(8, round.registry_change_set).bind(9, change_set).run();
        Statement row(db_, "INSERT INTO round_results (round_id, household_id, household_version, unit_code, "
                           "current_unit_code, village, area, class, income_test, deprivation_count, score_b, "
                           "indicators, flags, transition, recently_escaped, members) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)");
        for (const auto& r : results) {
            row.bind(1, round.id).bind(2, r.household_id).bind(3, r.household_version).bind(4, r.unit_code)
                .bind(5, r.current_unit_code).bind(6, r.village).bind(7, r.area).bind(8, r.household_class)
                .bind(9, r.income_test).bind(10, r.deprivation_count).bind(11, r.score_b).bind(12, r.indicators)
                .bind(13, r.flags).bind(14, r.transition).bind(15, r.recently_escaped ? 1 : 0).bind(16, r.members);
            row.run();
        }
        tx.commit();
        return round.id;
    }

    std::optional<RoundRecord> round(std::int64_t id) override {
        auto all = select_rounds("WHERE r.id = ?1", id);
        if (all.empty()) return std::nullopt;
        return all.front();
    }

    std::vector<RoundRecord> rounds() override { return select_rounds("", 0); }

    void approve_round(std::int64_t id, const Date& decision_date, const Actor& actor) override {
        Transaction tx(db_);
        const std::int64_t change_set = new_change_set(actor, "round.approve");
        Statement s(db_, "UPDATE rounds SET status = 'approved', decision_date = ?2, approved_change_set = ?3 "
                         "WHERE id = ?1 AND status = 'draft'");
        s.bind(1, id).bind(2, decision_date.iso()).bind(3, change_set).run();
        if (sqlite3_changes(db_.handle()) != 1) throw std::runtime_error("kỳ rà soát " + std::to_string(id) + " không ở trạng thái nháp");
        tx.commit();
    }

    std::vector<ResultRow> round_results(std::int64_t id) override {
        Statement s(db_, "SELECT household_id, household_version, unit_code, current_unit_code, village, area, class, "
                         "income_test, deprivation_count, score_b, indicators, flags, transition, recently_escaped, members "
                         "FROM round_results WHERE round_id = ?1 ORDER BY household_id");
        s.bind(1, id);
        std::vector<ResultRow> out;
        while (s.step()) {
            ResultRow r;
            r.household_id = s.text(0);
            r.household_version = s.integer(1);
            r.unit_code = s.text(2);
            r.current_unit_code = s.text(3);
            r.village = s.text(4);
            r.area = s.text(5);
            r.household_class = s.text(6);
            r.income_test = s.text(7);
            r.deprivation_count = static_cast<int>(s.integer(8));
            r.score_b = static_cast<int>(s.integer(9));
            r.indicators = s.text(10);
            r.flags = static_cast<int>(s.integer(11));
            r.transition = s.text(12);
            r.recently_escaped = s.integer(13) != 0;
            r.members = static_cast<int>(s.integer(14));
            out.push_back(std::move(r));
        }
        return out;
    }

    std::vector<PastRow> approved_results_before(const Date& before) override {
        Statement s(db_, "SELECT x.household_id, r.id, r.reference_date, r.decision_date, x.class, x.transition "
                         "FROM round_results x JOIN rounds r ON r.id = x.round_id "
                         "WHERE r.status = 'approved' AND r.reference_date < ?1 ORDER BY r.reference_date, r.id");
        s.bind(1, before.iso());
        std::vector<PastRow> out;
        while (s.step())
            out.push_back({s.text(0), s.integer(1), parse_iso_date(s.text(2)).value(), read_date(s, 3), s.text(4), s.text(5)});
        return out;
    }

private:
    void migrate() {
        db_.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
                 "applied_at TEXT NOT NULL)");
        const std::int64_t current = scalar("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
        for (const auto& m : migrations()) {
            if (m.version <= current) continue;
            Transaction tx(db_);
            db_.exec(m.sql);
            Statement s(db_, "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?1, ?2, ?3)");
            s.bind(1, m.version).bind(2, std::string(m.description)).bind(3, now_utc()).run();
            tx.commit();
        }
    }

    std::int64_t new_change_set(const Actor& actor, const std::string& action) {
        return sqlite::insert_change_set(db_, actor.user, actor.source, action);
    }

    std::int64_t scalar(const char* sql) { return sqlite::scalar(db_, sql); }

    std::vector<RoundRecord> select_rounds(const std::string& where, std::int64_t id) {
        const std::string sql =
            "SELECT r.id, r.year, r.kind, r.scope, r.reference_date, r.standard_id, r.standard_document, "
            "r.registry_change_set, r.status, r.decision_date, c.at, a.at FROM rounds r "
            "JOIN change_sets c ON c.id = r.created_change_set LEFT JOIN change_sets a ON a.id = r.approved_change_set " +
            where + " ORDER BY r.id";
        Statement s(db_, sql.c_str());
        if (!where.empty()) s.bind(1, id);
        std::vector<RoundRecord> out;
        while (s.step()) {
            RoundRecord r;
            r.id = s.integer(0);
            r.year = static_cast<int>(s.integer(1));
            r.kind = s.text(2);
            r.scope = s.text(3);
            r.reference_date = parse_iso_date(s.text(4)).value();
            r.standard_id = s.text(5);
            r.standard_document = s.text(6);
            r.registry_change_set = s.integer(7);
            r.status = s.text(8) == "approved" ? RoundStatus::approved : RoundStatus::draft;
            r.decision_date = read_date(s, 9);
            r.created_at = s.text(10);
            r.approved_at = s.text(11);
            out.push_back(std::move(r));
        }
        return out;
    }

    Database db_;
};

}  // namespace

std::unique_ptr<Store> open_sqlite_store(const std::string& path) { return std::make_unique<SqliteStore>(path); }

}  // namespace giamngheo::store
