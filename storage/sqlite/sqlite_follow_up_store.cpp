// Follow-up visits in SQLite (migration 10); the contract is modules/followup/ports/follow_up_store.hpp.
#include <nlohmann/json.hpp>

#include "kernel/errors.hpp"
#include "modules/followup/ports/follow_up_store.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/sqlite_stores.hpp"

namespace giamngheo::store {
namespace {

using sqlite::Database;
using sqlite::Statement;
using sqlite::Transaction;

constexpr const char* kVisitColumns =
    "SELECT v.id, v.household_id, v.visit_date, v.visitor, v.situation, v.support, v.note, c.at "
    "FROM follow_up_visits v JOIN change_sets c ON c.id = v.change_set ";

followup::Visit read_visit(const Statement& s) {
    followup::Visit v;
    v.id = s.integer(0);
    v.household_id = s.text(1);
    const auto date = parse_iso_date(s.text(2));
    if (!date) throw_fault("follow_up_visits: bad date " + s.text(2));
    v.date = *date;
    v.visitor = s.text(3);
    v.situation = s.text(4);
    v.support = s.text(5);
    v.note = s.text(6);
    v.recorded_at = s.text(7);
    return v;
}

class SqliteFollowUpStore final : public FollowUpStore {
  public:
    explicit SqliteFollowUpStore(const std::string& path) : db_(path) { db_.exec("PRAGMA foreign_keys = ON"); }

    std::int64_t add_visit(const followup::Visit& v, const Actor& actor) override {
        Transaction tx(db_);
        const std::int64_t change_set = sqlite::insert_change_set(db_, actor.user, actor.source, "followup.visit");
        const std::int64_t id = sqlite::scalar(db_, "SELECT COALESCE(MAX(id), 0) + 1 FROM follow_up_visits");
        Statement insert(db_, "INSERT INTO follow_up_visits (id, household_id, visit_date, visitor, situation, support, note, "
                              "change_set) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        insert.bind(1, id).bind(2, v.household_id).bind(3, v.date.iso()).bind(4, v.visitor).bind(5, v.situation)
            .bind(6, v.support).bind(7, v.note).bind(8, change_set).run();
        Actor audited = actor;
        audited.audit.push_back({"followup.visit", v.household_id, "visit #" + std::to_string(id),
                                 nlohmann::json{{"date", v.date.iso()}, {"situation", v.situation}, {"support", v.support},
                                                {"note", v.note}}.dump()});
        sqlite::insert_audit(db_, change_set, audited);
        tx.commit();
        return id;
    }

    std::vector<followup::Visit> household_visits(const std::string& household_id) override {
        Statement s(db_, (std::string(kVisitColumns) + "WHERE v.household_id = ?1 ORDER BY v.visit_date, v.id").c_str());
        s.bind(1, household_id);
        std::vector<followup::Visit> out;
        while (s.step()) out.push_back(read_visit(s));
        return out;
    }

    std::map<std::string, Latest> latest_visits(const std::vector<std::string>& household_ids) override {
        // The ids as one JSON array parameter (json_each): one statement however many there are.
        Statement s(db_, (std::string(kVisitColumns) +
                          "WHERE v.household_id IN (SELECT value FROM json_each(?1)) ORDER BY v.household_id, v.visit_date, v.id")
                             .c_str());
        s.bind(1, nlohmann::json(household_ids).dump());
        std::map<std::string, Latest> out;
        while (s.step()) {
            Latest& latest = out[s.text(1)];
            latest.visit = read_visit(s);
            ++latest.count;
        }
        return out;
    }

  private:
    Database db_;
};

}  // namespace

std::unique_ptr<FollowUpStore> open_sqlite_follow_up_store(const std::string& path) {
    { const auto migrated = open_sqlite_store(path, {}); }
    return std::make_unique<SqliteFollowUpStore>(path);
}

}  // namespace giamngheo::store
