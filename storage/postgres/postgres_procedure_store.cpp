// The review procedure's steps and the households' requests in PostgreSQL (migration 5), as the
// SQLite backend keeps them (storage/sqlite/sqlite_procedure_store.cpp).
#include <map>
#include <nlohmann/json.hpp>

#include "kernel/errors.hpp"
#include "modules/procedure/formats/event_json.hpp"
#include "modules/procedure/ports/procedure_store.hpp"
#include "storage/postgres/connection.hpp"
#include "storage/postgres/migrations.hpp"
#include "storage/postgres/postgres_stores.hpp"

namespace giamngheo::store {
namespace {

using postgres::Connection;
using postgres::Statement;
using postgres::Transaction;

constexpr const char* kSteps =
    "SELECT p.household_id, p.event, c.actor, c.at FROM procedure_steps p JOIN change_sets c ON c.id = p.change_set ";

RecordedStep read_step(const Statement& s, int first) {
    return {procedure::event_from_json(nlohmann::json::parse(s.text(first))), s.text(first + 1), s.text(first + 2)};
}

constexpr const char* kRequestColumns =
    "SELECT id, household_id, unit_code, form, received, due, applicant, note, decided_on, decision, decision_reason, round_id "
    "FROM household_requests ";

Date date_of(const std::string& text) {
    const auto date = parse_iso_date(text);
    if (!date) throw_fault("household_requests: bad date " + text);
    return *date;
}

HouseholdRequest read_request(const Statement& s) {
    HouseholdRequest r;
    r.id = s.integer(0);
    r.household_id = s.text(1);
    r.unit_code = s.text(2);
    r.form = s.text(3);
    r.received = date_of(s.text(4));
    r.due = date_of(s.text(5));
    r.applicant = s.text(6);
    r.note = s.text(7);
    if (!s.is_null(8)) r.decided_on = date_of(s.text(8));
    r.decision = s.text(9);
    r.decision_reason = s.text(10);
    r.round_id = s.integer(11);
    return r;
}

class PostgresProcedureStore final : public ProcedureStore {
  public:
    explicit PostgresProcedureStore(const std::string& uri) : db_(uri, StoreOptions{}.busy_timeout_ms) { postgres::migrate(db_); }

    std::map<std::string, std::vector<RecordedStep>> round_steps(std::int64_t round_id) override {
        Statement s(db_, (std::string(kSteps) + "WHERE p.round_id = $1 ORDER BY p.household_id, p.seq"));
        s.bind(1, round_id);
        std::map<std::string, std::vector<RecordedStep>> out;
        while (s.step()) out[s.text(0)].push_back(read_step(s, 1));
        return out;
    }

    std::vector<RecordedStep> household_steps(std::int64_t round_id, const std::string& household_id) override {
        Statement s(db_, (std::string(kSteps) + "WHERE p.round_id = $1 AND p.household_id = $2 ORDER BY p.seq"));
        s.bind(1, round_id).bind(2, household_id);
        std::vector<RecordedStep> out;
        while (s.step()) out.push_back(read_step(s, 1));
        return out;
    }

    void append_steps(std::int64_t round_id, const std::vector<StepAppend>& steps, const Actor& actor) override {
        if (steps.empty()) return;
        Transaction tx(db_);
        append_within(round_id, steps, actor);
        tx.commit();
    }

    void open_request_case(std::int64_t id, std::int64_t round_id, const StepAppend& first_step, const Actor& actor) override {
        Transaction tx(db_);
        const auto before = read_request_by_id(id, true);
        if (!before) throw_not_found("không có đơn số " + std::to_string(id));
        if (!before->decision.empty()) throw_conflict("đơn số " + std::to_string(id) + " đã được giải quyết");
        if (before->round_id) throw_conflict("đơn số " + std::to_string(id) + " đã mở hồ sơ rà soát (kỳ " +
                                             std::to_string(before->round_id) + ")");
        append_within(round_id, {first_step}, actor);
        Statement update(db_, "UPDATE household_requests SET round_id = $2 WHERE id = $1");
        update.bind(1, id).bind(2, round_id).run();
        tx.commit();
    }

    std::optional<HouseholdRequest> request(std::int64_t id) override { return read_request_by_id(id, false); }

  private:
    // `locked`: inside a write, the row is locked until it commits (FOR UPDATE).
    std::optional<HouseholdRequest> read_request_by_id(std::int64_t id, bool locked) {
        Statement s(db_, std::string(kRequestColumns) + "WHERE id = $1" + (locked ? " FOR UPDATE" : ""));
        s.bind(1, id);
        if (!s.step()) return std::nullopt;
        return read_request(s);
    }

    std::size_t step_count(std::int64_t round_id, const std::string& household_id) {
        Statement count(db_, "SELECT COUNT(*) FROM procedure_steps WHERE round_id = $1 AND household_id = $2");
        count.bind(1, round_id).bind(2, household_id);
        return count.step() ? static_cast<std::size_t>(count.integer(0)) : 0;
    }

    void insert_step(std::int64_t round_id, const std::string& household_id, std::size_t seq, const procedure::Event& event,
                     std::int64_t change_set) {
        Statement insert(db_, "INSERT INTO procedure_steps (round_id, household_id, seq, step, event, certificate_code, "
                              "change_set) VALUES ($1, $2, $3, $4, $5, NULLIF($6, ''), $7)");
        insert.bind(1, round_id).bind(2, household_id).bind(3, static_cast<std::int64_t>(seq)).bind(4, event.step)
            .bind(5, procedure::event_to_json(event).dump()).bind(6, event.certificate_code).bind(7, change_set).run();
    }

    // The request's row with its change set and one audit entry, inside the caller's transaction.
    std::int64_t insert_request(const HouseholdRequest& r, const Actor& actor, const std::string& action) {
        const std::int64_t change_set = postgres::insert_change_set(db_, actor.user, actor.source, action);
        const std::int64_t id = postgres::scalar(db_, "SELECT COALESCE(MAX(id), 0) + 1 FROM household_requests");
        Statement insert(db_, "INSERT INTO household_requests (id, household_id, unit_code, form, received, due, applicant, note, "
                              "decided_on, decision, decision_reason, round_id, change_set) "
                              "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULLIF($9, ''), $10, $11, $12, $13)");
        insert.bind(1, id).bind(2, r.household_id).bind(3, r.unit_code).bind(4, r.form).bind(5, r.received.iso())
            .bind(6, r.due.iso()).bind(7, r.applicant).bind(8, r.note).bind(9, r.decided_on ? r.decided_on->iso() : "")
            .bind(10, r.decision).bind(11, r.decision_reason).bind(12, r.round_id).bind(13, change_set).run();
        nlohmann::json details{{"received", r.received.iso()}, {"due", r.due.iso()}};
        if (!r.decision.empty()) details["decision"] = r.decision;
        Actor audited = actor;
        audited.audit.push_back({action, r.household_id, r.form + " #" + std::to_string(id), details.dump()});
        postgres::insert_audit(db_, change_set, audited);
        return id;
    }

    // The steps, their change set and audit entries, inside the caller's transaction.
    void append_within(std::int64_t round_id, const std::vector<StepAppend>& steps, const Actor& actor) {
        Actor audited = actor;
        // Steps of one household follow one another in the order given: each expects the ones before.
        std::map<std::string, std::size_t> earlier;
        for (const auto& a : steps) {
            if (step_count(round_id, a.household_id) + earlier[a.household_id]++ != a.expected_steps)
                throw Error(ErrorKind::stale_version, "stale_version",
                            "hộ " + a.household_id + " vừa được người khác cập nhật quy trình; tải lại rồi làm tiếp");
            const nlohmann::json event = procedure::event_to_json(a.event);
            audited.audit.push_back({"procedure." + a.event.step, a.household_id, "round " + std::to_string(round_id),
                                     event.dump()});
        }
        const std::int64_t change_set = postgres::insert_change_set(db_, actor.user, actor.source, "procedure." + steps.front().event.step);
        for (const auto& a : steps) insert_step(round_id, a.household_id, a.expected_steps + 1, a.event, change_set);
        postgres::insert_audit(db_, change_set, audited);
    }

  public:
    std::optional<CertificateRef> find_certificate(const std::string& code) override {
        Statement s(db_, "SELECT round_id, household_id FROM procedure_steps WHERE certificate_code = $1");
        s.bind(1, code);
        if (!s.step()) return std::nullopt;
        return CertificateRef{s.integer(0), s.text(1)};
    }

    std::int64_t add_request(const HouseholdRequest& r, const Actor& actor) override {
        HouseholdRequest pending = r;
        pending.decided_on.reset();
        pending.decision.clear();
        pending.decision_reason.clear();
        pending.round_id = 0;
        Transaction tx(db_);
        const std::int64_t id = insert_request(pending, actor, "request.receive");
        tx.commit();
        return id;
    }

    void decide_request(std::int64_t id, const Date& on, const std::string& decision, const std::string& reason,
                        const Actor& actor) override {
        Transaction tx(db_);
        // Locked: of two processes deciding the same request, the second sees the first's decision.
        const auto found = read_request_by_id(id, true);
        if (!found) throw_not_found("không có đơn số " + std::to_string(id));
        const HouseholdRequest& before = *found;
        if (!before.decision.empty()) throw_conflict("đơn số " + std::to_string(id) + " đã được giải quyết");
        const std::int64_t change_set = postgres::insert_change_set(db_, actor.user, actor.source, "request.decide");
        Statement update(db_, "UPDATE household_requests SET decided_on = $2, decision = $3, decision_reason = $4, "
                              "change_set = $5 WHERE id = $1");
        update.bind(1, id).bind(2, on.iso()).bind(3, decision).bind(4, reason).bind(5, change_set).run();
        Actor audited = actor;
        audited.audit.push_back({"request.decide", before.household_id, before.form + " #" + std::to_string(id),
                                 nlohmann::json{{"decision", decision}, {"on", on.iso()}, {"reason", reason}}.dump()});
        postgres::insert_audit(db_, change_set, audited);
        tx.commit();
    }

    void link_request(std::int64_t id, std::int64_t round_id, const Actor& actor) override {
        Transaction tx(db_);
        const auto before = read_request_by_id(id, true);
        if (!before) throw_not_found("không có đơn số " + std::to_string(id));
        if (before->round_id) throw_conflict("đơn số " + std::to_string(id) + " đã mở hồ sơ rà soát (kỳ " +
                                             std::to_string(before->round_id) + ")");
        const std::int64_t change_set = postgres::insert_change_set(db_, actor.user, actor.source, "request.link");
        Statement update(db_, "UPDATE household_requests SET round_id = $2 WHERE id = $1");
        update.bind(1, id).bind(2, round_id).run();
        Actor audited = actor;
        audited.audit.push_back({"request.link", before->household_id, before->form + " #" + std::to_string(id),
                                 nlohmann::json{{"round", round_id}}.dump()});
        postgres::insert_audit(db_, change_set, audited);
        tx.commit();
    }

    std::vector<HouseholdRequest> requests() override {
        Statement s(db_, (std::string(kRequestColumns) + "ORDER BY received DESC, id DESC"));
        std::vector<HouseholdRequest> out;
        while (s.step()) out.push_back(read_request(s));
        return out;
    }

    void copy_steps(std::int64_t round_id, const std::string& household_id, std::size_t held,
                    const std::vector<RecordedStep>& steps, const Actor& actor) override {
        Transaction tx(db_);
        if (step_count(round_id, household_id) != held)
            throw_conflict("hộ " + household_id + " có các bước quy trình khác trong kỳ rà soát " + std::to_string(round_id) +
                           " ở kho đích");
        std::size_t seq = held;
        for (const auto& step : steps)
            insert_step(round_id, household_id, ++seq, step.event,
                        postgres::insert_change_set(db_, step.by, actor.source, "procedure." + step.event.step, step.at));
        const std::int64_t change_set = postgres::insert_change_set(db_, actor.user, actor.source, "procedure.copy");
        Actor audited = actor;
        audited.audit.push_back({"procedure.copy", household_id, "round " + std::to_string(round_id),
                                 nlohmann::json{{"steps", steps.size()}}.dump()});
        postgres::insert_audit(db_, change_set, audited);
        tx.commit();
    }

    std::int64_t copy_request(const HouseholdRequest& r, const Actor& actor) override {
        Transaction tx(db_);
        const std::int64_t id = insert_request(r, actor, "request.copy");
        tx.commit();
        return id;
    }

  private:
    Connection db_;
};

}  // namespace

std::unique_ptr<ProcedureStore> open_postgres_procedure_store(const std::string& uri) {
    return std::make_unique<PostgresProcedureStore>(uri);
}

}  // namespace giamngheo::store
