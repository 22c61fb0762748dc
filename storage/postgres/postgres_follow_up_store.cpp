// Follow-up visits in PostgreSQL (migration 7), as the SQLite backend keeps them
// (storage/sqlite/sqlite_follow_up_store.cpp); the contract is modules/followup/ports/follow_up_store.hpp.
#include <nlohmann/json.hpp>

#include "kernel/errors.hpp"
#include "modules/followup/ports/follow_up_store.hpp"
#include "storage/postgres/connection.hpp"
#include "storage/postgres/migrations.hpp"
#include "storage/postgres/postgres_stores.hpp"

namespace giamngheo::store {
namespace {

using postgres::Connection;
using postgres::Statement;
using postgres::Transaction;

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

class PostgresFollowUpStore final : public FollowUpStore {
  public:
    explicit PostgresFollowUpStore(const std::string& uri) : db_(uri, StoreOptions{}.busy_timeout_ms) { postgres::migrate(db_); }

    std::int64_t add_visit(const followup::Visit& v, const Actor& actor) override {
        Transaction tx(db_);
        // The change set takes the counter's row lock: visits are numbered one writer at a time.
        const std::int64_t change_set = postgres::insert_change_set(db_, actor.user, actor.source, "followup.visit");
        const std::int64_t id = postgres::scalar(db_, "SELECT COALESCE(MAX(id), 0) + 1 FROM follow_up_visits");
        Statement insert(db_, "INSERT INTO follow_up_visits (id, household_id, visit_date, visitor, situation, support, note, "
                              "change_set) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
        insert.bind(1, id).bind(2, v.household_id).bind(3, v.date.iso()).bind(4, v.visitor).bind(5, v.situation)
            .bind(6, v.support).bind(7, v.note).bind(8, change_set).run();
        Actor audited = actor;
        audited.audit.push_back({"followup.visit", v.household_id, "visit #" + std::to_string(id),
                                 nlohmann::json{{"date", v.date.iso()}, {"situation", v.situation}, {"support", v.support},
                                                {"note", v.note}}.dump()});
        postgres::insert_audit(db_, change_set, audited);
        tx.commit();
        return id;
    }

    std::vector<followup::Visit> household_visits(const std::string& household_id) override {
        Statement s(db_, std::string(kVisitColumns) + "WHERE v.household_id = $1 ORDER BY v.visit_date, v.id");
        s.bind(1, household_id);
        std::vector<followup::Visit> out;
        while (s.step()) out.push_back(read_visit(s));
        return out;
    }

    std::map<std::string, Latest> latest_visits(const std::vector<std::string>& household_ids) override {
        Statement s(db_, std::string(kVisitColumns) +
                             "WHERE v.household_id = ANY($1::text[]) ORDER BY v.household_id, v.visit_date, v.id");
        s.bind(1, postgres::text_array(household_ids));
        std::map<std::string, Latest> out;
        while (s.step()) {
            Latest& latest = out[s.text(1)];
            latest.visit = read_visit(s);
            ++latest.count;
        }
        return out;
    }

  private:
    Connection db_;
};

}  // namespace

std::unique_ptr<FollowUpStore> open_postgres_follow_up_store(const std::string& uri) {
    return std::make_unique<PostgresFollowUpStore>(uri);
}

}  // namespace giamngheo::store
