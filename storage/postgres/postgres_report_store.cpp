// Reports, their values and events in PostgreSQL (migration 4), as the SQLite backend keeps them
// (storage/sqlite/sqlite_report_store.cpp).
#include <nlohmann/json.hpp>

#include "kernel/errors.hpp"
#include "modules/reports/formats/report_json.hpp"
#include "modules/reports/ports/report_store.hpp"
#include "storage/postgres/connection.hpp"
#include "storage/postgres/migrations.hpp"
#include "storage/postgres/postgres_stores.hpp"

namespace giamngheo::store {
namespace {

using reports::ReportState;
using postgres::Connection;
using postgres::Statement;
using postgres::Transaction;

// The report's state and its last event, kept on its row so that a board of the whole country is
// one scan of one table; the values only when one report is read.
constexpr const char* kStatusColumns =
    "SELECT form, period, unit_code, state, version, submitted_at, last_action, last_from, last_by, last_at, last_reason";

ReportState state_of(const std::string& text) {
    ReportState state = ReportState::not_started;
    if (!reports::parse_report_state(text, state)) throw_fault("reports: unknown state " + text);
    return state;
}

ReportStatus read_status(const Statement& s) {
    ReportStatus r;
    r.key = {s.text(0), s.text(1), s.text(2)};
    r.state = state_of(s.text(3));
    r.version = s.integer(4);
    r.submitted_at = s.text(5);
    r.last = {r.version, s.text(6), state_of(s.text(7)), r.state, s.text(8), s.text(9), s.text(10)};
    return r;
}

reports::CellValues parse_values(const std::string& text) {
    return reports::cell_values_from_json(nlohmann::json::parse(text));
}

class PostgresReportStore final : public ReportStore {
  public:
    explicit PostgresReportStore(const std::string& uri) : db_(uri, StoreOptions{}.busy_timeout_ms) { postgres::migrate(db_); }

    std::optional<StoredReport> load_report(const ReportKey& key) override {
        Statement s(db_, (std::string(kStatusColumns) + ", entered, snapshot FROM reports WHERE form = $1 AND period = $2 AND unit_code = $3"));
        s.bind(1, key.form).bind(2, key.period).bind(3, key.unit_code);
        if (!s.step()) return std::nullopt;
        return StoredReport{read_status(s), parse_values(s.text(11)), parse_values(s.text(12))};
    }

    std::int64_t write_report(const ReportWrite& write, const Actor& actor) override {
        Transaction tx(db_);
        const std::int64_t version = apply(write, actor);
        tx.commit();
        return version;
    }

    void write_reports(const std::vector<ReportWrite>& writes, const Actor& actor) override {
        Transaction tx(db_);
        for (const auto& w : writes) apply(w, actor);
        tx.commit();
    }

    std::vector<ReportStatus> report_statuses(const std::string& period, const std::string& form) override {
        Statement s(db_, (std::string(kStatusColumns) + " FROM reports WHERE period = $1 AND ($2 = '' OR form = $2)"));
        s.bind(1, period).bind(2, form);
        std::vector<ReportStatus> out;
        while (s.step()) out.push_back(read_status(s));
        return out;
    }

    std::vector<ReportKey> report_keys() override {
        Statement s(db_, "SELECT form, period, unit_code FROM reports ORDER BY form COLLATE \"C\", period COLLATE \"C\", "
                         "unit_code COLLATE \"C\"");
        std::vector<ReportKey> out;
        while (s.step()) out.push_back({s.text(0), s.text(1), s.text(2)});
        return out;
    }

    std::vector<ReportEvent> report_history(const ReportKey& key) override {
        Statement s(db_, "SELECT e.version, e.action, e.from_state, e.to_state, c.actor, c.at, e.reason FROM report_events e "
                         "JOIN change_sets c ON c.id = e.change_set WHERE e.form = $1 AND e.period = $2 AND e.unit_code = $3 "
                         "ORDER BY e.version");
        s.bind(1, key.form).bind(2, key.period).bind(3, key.unit_code);
        std::vector<ReportEvent> out;
        while (s.step())
            out.push_back({s.integer(0), s.text(1), state_of(s.text(2)), state_of(s.text(3)), s.text(4), s.text(5), s.text(6)});
        return out;
    }

  private:
    std::int64_t apply(const ReportWrite& w, const Actor& actor) {
        const auto current = load_report(w.key);
        const std::int64_t stored_version = current ? current->status.version : 0;
        if (stored_version != w.expected_version)
            throw Error(ErrorKind::stale_version, "stale_version",
                        "báo cáo đã được người khác thay đổi (phiên bản " + std::to_string(stored_version) +
                            ", không phải " + std::to_string(w.expected_version) + "); tải lại rồi làm tiếp");
        const ReportState from = current ? current->status.state : ReportState::not_started;
        const std::int64_t version = stored_version + 1;
        const std::int64_t change_set =
            postgres::insert_change_set(db_, actor.user, actor.source, std::string("report.") + reports::to_string(w.action));
        const std::string approved = reports::cell_values_to_json(
            w.snapshot ? *w.snapshot : current ? current->snapshot : reports::CellValues{}).dump();
        const std::string at = change_set_time(change_set);
        const std::string submitted_at =
            submitted_at_after(w, from, current ? current->status.submitted_at : std::string(), at);
        Statement upsert(db_, "INSERT INTO reports (form, period, unit_code, state, version, entered, snapshot, submitted_at, "
                              "change_set, last_action, last_from, last_by, last_at, last_reason) "
                              "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) "
                              "ON CONFLICT (form, period, unit_code) DO UPDATE SET "
                              "state = excluded.state, version = excluded.version, entered = excluded.entered, "
                              "snapshot = excluded.snapshot, submitted_at = excluded.submitted_at, change_set = excluded.change_set, "
                              "last_action = excluded.last_action, last_from = excluded.last_from, last_by = excluded.last_by, "
                              "last_at = excluded.last_at, last_reason = excluded.last_reason");
        upsert.bind(1, w.key.form).bind(2, w.key.period).bind(3, w.key.unit_code).bind(4, std::string(reports::to_string(w.to)))
            .bind(5, version).bind(6, reports::cell_values_to_json(w.entered).dump()).bind(7, approved)
            .bind(8, submitted_at).bind(9, change_set).bind(10, std::string(reports::to_string(w.action)))
            .bind(11, std::string(reports::to_string(from))).bind(12, actor.user).bind(13, at).bind(14, w.reason).run();
        Statement event(db_, "INSERT INTO report_events (form, period, unit_code, version, action, from_state, to_state, reason, change_set) "
                             "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
        event.bind(1, w.key.form).bind(2, w.key.period).bind(3, w.key.unit_code).bind(4, version)
            .bind(5, std::string(reports::to_string(w.action))).bind(6, std::string(reports::to_string(from)))
            .bind(7, std::string(reports::to_string(w.to)))
            .bind(8, w.reason).bind(9, change_set).run();
        store::Actor audited = actor;
        const nlohmann::json details = {{"from", reports::to_string(from)}, {"to", reports::to_string(w.to)}, {"reason", w.reason}};
        audited.audit.push_back({std::string("report.") + reports::to_string(w.action), "",
                                 w.key.form + "/" + w.key.period + "/" + (w.key.unit_code.empty() ? "VN" : w.key.unit_code),
                                 details.dump()});
        postgres::insert_audit(db_, change_set, audited);
        return version;
    }

    std::string change_set_time(std::int64_t change_set) {
        Statement s(db_, "SELECT at FROM change_sets WHERE id = $1");
        s.bind(1, change_set);
        return s.step() ? s.text(0) : std::string();
    }

    Connection db_;
};

}  // namespace

std::unique_ptr<ReportStore> open_postgres_report_store(const std::string& uri) {
    return std::make_unique<PostgresReportStore>(uri);
}

}  // namespace giamngheo::store
