// Plans with their versions and budget lines in PostgreSQL (migration 3), as the SQLite backend
// keeps them (storage/sqlite/sqlite_plan_store.cpp).
#include <nlohmann/json.hpp>

#include "modules/plans/formats/plan_json.hpp"
#include "modules/plans/ports/plan_store.hpp"
#include "storage/postgres/connection.hpp"
#include "storage/postgres/migrations.hpp"
#include "storage/postgres/postgres_stores.hpp"

namespace giamngheo::store {
namespace {

using postgres::Connection;
using postgres::Statement;
using postgres::Transaction;

constexpr const char* kRecordColumns =
    "p.id, p.programme, p.unit_code, p.year, p.unit_level, p.title, p.version, p.change_set, c.at, c.actor, "
    "(SELECT COALESCE(SUM(b.amount_vnd), 0) FROM plan_budget_lines b WHERE b.plan_id = p.id AND b.budget_year = p.year)";

PlanRecord read_record(const Statement& s) {
    PlanRecord r;
    r.id = s.integer(0);
    r.key = {s.text(1), s.text(2), static_cast<int>(s.integer(3))};
    r.unit_level = s.text(4);
    r.title = s.text(5);
    r.version = s.integer(6);
    r.change_set = s.integer(7);
    r.saved_at = s.text(8);
    r.saved_by = s.text(9);
    r.budget_total_vnd = s.integer(10);
    return r;
}

class PostgresPlanStore final : public PlanStore {
public:
    explicit PostgresPlanStore(const std::string& uri) : db_(uri, StoreOptions{}.busy_timeout_ms) { postgres::migrate(db_); }

    PlanRecord save_plan(const Plan& plan, const Actor& actor, const std::string& action,
                         std::optional<std::int64_t> expected_version) override {
        if (plan.programme.empty() || plan.unit_code.empty() || plan.year == 0)
            throw_invalid_input("kế hoạch thiếu chương trình, mã đơn vị hoặc năm");
        const PlanKey key{plan.programme, plan.unit_code, plan.year};
        const std::string document = io::plan_to_json(plan).dump();
        Transaction tx(db_);
        const auto current = find(key);
        if (expected_version && (current ? current->version : 0) != *expected_version)
            throw Error(ErrorKind::stale_version, "stale_version", "kế hoạch " + describe(key) + " đã được sửa (phiên bản " +
                                     std::to_string(current ? current->version : 0) + ", không phải " +
                                     std::to_string(*expected_version) + "); tải lại rồi sửa tiếp");
        if (current && stored_document(current->id, current->version) == document) return *current;

        const std::int64_t change_set = new_change_set(actor, action);
        std::int64_t id = 0, version = 1;
        if (current) {
            id = current->id;
            version = current->version + 1;
            Statement update(db_, "UPDATE plans SET unit_level = $2, title = $3, version = $4, change_set = $5 WHERE id = $1");
            update.bind(1, id).bind(2, plan.unit_level).bind(3, plan.title).bind(4, version).bind(5, change_set).run();
            Statement clear(db_, "DELETE FROM plan_budget_lines WHERE plan_id = $1");
            clear.bind(1, id).run();
        } else {
            id = scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM plans");
            Statement insert(db_, "INSERT INTO plans (id, programme, unit_code, year, unit_level, title, version, change_set) "
                                  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
            insert.bind(1, id).bind(2, key.programme).bind(3, key.unit_code).bind(4, key.year).bind(5, plan.unit_level)
                .bind(6, plan.title).bind(7, version).bind(8, change_set).run();
        }
        Statement insert_version(db_, "INSERT INTO plan_versions (plan_id, version, change_set, document) VALUES ($1, $2, $3, $4)");
        insert_version.bind(1, id).bind(2, version).bind(3, change_set).bind(4, document).run();
        Statement insert_line(db_, "INSERT INTO plan_budget_lines (plan_id, line_no, node, source, fund_kind, budget_year, "
                                   "origin_year, amount_vnd, stage, unit_code) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)");
        for (std::size_t i = 0; i < plan.budget_lines.size(); ++i) {
            const BudgetLine& l = plan.budget_lines[i];
            insert_line.bind(1, id).bind(2, static_cast<std::int64_t>(i + 1)).bind(3, l.node).bind(4, l.source)
                .bind(5, l.fund_kind).bind(6, l.budget_year).bind(7, l.origin_year).bind(8, l.amount_vnd)
                .bind(9, l.stage).bind(10, l.unit_code).run();
        }
        postgres::insert_audit(db_, change_set, actor);
        tx.commit();
        return *find(key);
    }

    std::optional<StoredPlan> load_plan(const PlanKey& key) override {
        const auto record = find(key);
        if (!record) return std::nullopt;
        return StoredPlan{*record, parse(stored_document(record->id, record->version))};
    }

    std::optional<StoredPlan> load_plan_version(const PlanKey& key, std::int64_t version) override {
        auto record = find(key);
        if (!record) return std::nullopt;
        const std::string document = stored_document(record->id, version);
        if (document.empty()) return std::nullopt;
        record->version = version;
        return StoredPlan{*record, parse(document)};
    }

    std::vector<PlanRecord> list_plans(int year, const std::string& unit_code) override {
        const std::string sql = std::string("SELECT ") + kRecordColumns +
                                " FROM plans p JOIN change_sets c ON c.id = p.change_set "
                                "WHERE ($1 = 0 OR p.year = $1) AND ($2 = '' OR p.unit_code = $2) "
                                "ORDER BY p.year, p.unit_code, p.programme";
        Statement s(db_, sql);
        s.bind(1, year).bind(2, unit_code);
        std::vector<PlanRecord> out;
        while (s.step()) out.push_back(read_record(s));
        return out;
    }

    std::vector<PlanVersion> plan_history(const PlanKey& key) override {
        std::vector<PlanVersion> out;
        const auto record = find(key);
        if (!record) return out;
        Statement s(db_, "SELECT v.version, v.change_set, c.at, c.actor, c.source, c.action FROM plan_versions v "
                         "JOIN change_sets c ON c.id = v.change_set WHERE v.plan_id = $1 ORDER BY v.version");
        s.bind(1, record->id);
        while (s.step()) out.push_back({s.integer(0), s.integer(1), s.text(2), s.text(3), s.text(4), s.text(5)});
        return out;
    }

private:
    static std::string describe(const PlanKey& key) {
        return key.unit_code + " năm " + std::to_string(key.year) + " (" + key.programme + ")";
    }

    static Plan parse(const std::string& document) { return io::plan_from_json(nlohmann::json::parse(document)); }

    std::optional<PlanRecord> find(const PlanKey& key) {
        const std::string sql = std::string("SELECT ") + kRecordColumns +
                                " FROM plans p JOIN change_sets c ON c.id = p.change_set "
                                "WHERE p.programme = $1 AND p.unit_code = $2 AND p.year = $3";
        Statement s(db_, sql);
        s.bind(1, key.programme).bind(2, key.unit_code).bind(3, key.year);
        if (!s.step()) return std::nullopt;
        return read_record(s);
    }

    std::string stored_document(std::int64_t plan_id, std::int64_t version) {
        Statement s(db_, "SELECT document FROM plan_versions WHERE plan_id = $1 AND version = $2");
        s.bind(1, plan_id).bind(2, version);
        return s.step() ? s.text(0) : std::string();
    }

    std::int64_t new_change_set(const Actor& actor, const std::string& action) {
        return postgres::insert_change_set(db_, actor.user, actor.source, action);
    }

    std::int64_t scalar(const char* sql) { return postgres::scalar(db_, sql); }

    Connection db_;
};

}  // namespace

std::unique_ptr<PlanStore> open_postgres_plan_store(const std::string& uri) {
    return std::make_unique<PostgresPlanStore>(uri);
}

}  // namespace giamngheo::store
