#include "storage/store_copy.hpp"

#include <deque>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "kernel/errors.hpp"
#include "modules/plans/formats/plan_json.hpp"
#include "modules/registry/formats/household_document.hpp"
#include "storage/audit_copy.hpp"
#include "storage/copy_scope.hpp"
#include "storage/procedure_copy.hpp"
#include "storage/store_digest.hpp"
#include "storage/user_copy.hpp"

namespace giamngheo::store {
namespace {

// A round as it was run, with its number of results, whatever its state since, and without the
// ids and change sets a copy gives it anew: a round the target holds as a draft is the same round
// when the source approved it after an earlier copy.
std::string round_key(const RoundRecord& r, long results) { return round_run_fields(r) + std::to_string(results); }

bool approved_since(const RoundRecord& source, const RoundRecord& target) {
    return source.status == RoundStatus::approved && source.decision_date && target.status != RoundStatus::approved;
}

// An extract holds a wider round's results of its own unit only: its approval there cannot stand
// for the others' (the commune chairman recognises his commune's households, not the province's).
void refuse_wide_approval(const RoundRecord& round, const std::string& unit) {
    throw_conflict("kỳ rà soát năm " + std::to_string(round.year) + " (ngày tham chiếu " + round.reference_date.vietnamese() +
                   ") đã được phê duyệt ở bản trích xuất của đơn vị " + unit + ", nhưng kỳ gồm cả các đơn vị khác: "
                   "hãy phê duyệt nó trên máy chủ; không ghi gì");
}

bool takes_household(const CopyScope& scope, const Household& household) {
    return scope.takes_household({household.unit_code, household.current_unit_code});
}

bool takes_result(const CopyScope& scope, const ResultRow& row) {
    return scope.takes_household({row.unit_code, row.current_unit_code});
}

// The results of the round that the copy takes.
long result_count(Store& store, std::int64_t round, const CopyScope& scope) {
    long count = 0;
    store.for_each_round_result(round, [&](const ResultRow& row) { count += takes_result(scope, row); });
    return count;
}

bool same_units(const UnitCatalogue& a, const UnitCatalogue& b) {
    const auto versions_a = a.all_versions(), versions_b = b.all_versions();
    if (versions_a.size() != versions_b.size() || a.lineage().size() != b.lineage().size()) return false;
    for (std::size_t i = 0; i < versions_a.size(); ++i)
        if (unit_fields(versions_a[i]) != unit_fields(versions_b[i])) return false;
    for (std::size_t i = 0; i < a.lineage().size(); ++i) {
        const auto &x = a.lineage()[i], &y = b.lineage()[i];
        if (x.old_level != y.old_level || x.old_code != y.old_code || x.new_code != y.new_code || x.full != y.full)
            return false;
    }
    return true;
}

// Every active household of `from` that the copy takes is in `to` as `from` has it (the target
// may hold others).
void verify_copy(Store& from, Store& to, const CopyScope& scope) {
    std::unordered_map<std::string, std::size_t> in_target;
    to.for_each_household([&](const StoredHousehold& stored) {
        in_target[stored.household.household_id] = std::hash<std::string>{}(to_document(stored.household));
    });
    from.for_each_household([&](const StoredHousehold& stored) {
        if (!takes_household(scope, stored.household)) return;
        const auto it = in_target.find(stored.household.household_id);
        if (it == in_target.end() || it->second != std::hash<std::string>{}(to_document(stored.household)))
            throw_fault("store copy: household " + stored.household.household_id + " differs in the target after the copy");
    });
}

// The rounds the copy takes, matched (`match`), and the target's drafts among them that the source
// approved since, with the source's decision date (`approvals`).
struct RoundsMatched {
    RoundMatch match;
    std::map<std::int64_t, Date> approvals;
};

// The rounds the copy takes (an extract: those with results of households within its unit, each
// counted by those results, on both sides).
RoundsMatched match_rounds(Store& from, Store& to, const CopyScope& scope) {
    const auto taken = [&](Store& store, const RoundRecord& round) -> std::optional<long> {
        if (!scope.takes_round(round.scope)) return std::nullopt;
        const long results = result_count(store, round.id, scope);
        if (results == 0 && !scope.everything()) return std::nullopt;
        return results;
    };
    std::map<std::string, std::deque<std::int64_t>> held;
    std::map<std::int64_t, RoundRecord> target;
    for (const auto& round : to.rounds())
        if (const auto results = taken(to, round)) {
            held[round_key(round, *results)].push_back(round.id);
            target[round.id] = round;
        }
    RoundsMatched rounds;
    for (const auto& round : from.rounds()) {
        const auto results = taken(from, round);
        if (!results) continue;
        auto& same = held[round_key(round, *results)];
        rounds.match[round.id] = same.empty() ? 0 : same.front();
        if (same.empty()) continue;
        if (approved_since(round, target[same.front()])) {
            if (!scope.takes_unit(round.scope)) refuse_wide_approval(round, scope.unit());
            rounds.approvals[same.front()] = *round.decision_date;
        }
        same.pop_front();
    }
    return rounds;
}

// Rounds `to` does not hold yet, each with its results pointed at the versions the households
// have in `to`, and approved when it was; `match` then names each one in `to`. A round `to` holds
// as a draft that `from` approved since is approved as `from` did.
void copy_rounds(Store& from, Store& to, RoundsMatched& rounds, const CopyScope& scope, const CopyRun& run,
                 CopySummary& summary) {
    RoundMatch& match = rounds.match;
    std::unordered_map<std::string, std::int64_t> version;
    to.for_each_household([&](const StoredHousehold& stored) { version[stored.household.household_id] = stored.version; });
    summary.rounds_approved = static_cast<long>(rounds.approvals.size());
    if (run.writing)
        for (const auto& [held, decision_date] : rounds.approvals) to.approve_round(held, decision_date, run.actor);
    for (const auto& round : from.rounds()) {
        if (!match.count(round.id)) continue;
        if (match[round.id] != 0) {
            ++summary.rounds_present;
            continue;
        }
        ++summary.rounds_copied;
        if (!run.writing) continue;
        std::vector<ResultRow> results;
        from.for_each_round_result(round.id, [&](const ResultRow& row) {
            if (takes_result(scope, row)) results.push_back(row);
        });
        for (auto& row : results)
            if (const auto v = version.find(row.household_id); v != version.end()) row.household_version = v->second;
        RoundRecord copy = round;
        copy.status = RoundStatus::draft;
        copy.decision_date.reset();
        copy.registry_change_set = to.registry_generation();
        copy.results_change_set = 0;
        const std::int64_t id = to.save_round(copy, results, run.actor);
        if (round.status == RoundStatus::approved && round.decision_date) to.approve_round(id, *round.decision_date, run.actor);
        match[round.id] = id;
    }
}

// "2026-12-08T00:02:17Z" as "08/12/2026 00:02 UTC".
std::string vietnamese_time(const std::string& iso) {
    if (iso.size() < 16) return iso;
    return iso.substr(8, 2) + '/' + iso.substr(5, 2) + '/' + iso.substr(0, 4) + ' ' + iso.substr(11, 5) + " UTC";
}

// The unit the copy is limited to: the one asked for, or the source's as its extract.
std::string copied_unit(Store& from, const CopyRun& run, CopySummary& summary) {
    const auto mark = from.extract_mark();
    if (!mark) return run.unit;
    if (run.unit.empty()) {
        summary.unit_from_mark = true;
        return mark->unit_code;
    }
    if (run.unit != mark->unit_code)
        throw_conflict("kho nguồn là bản trích xuất của đơn vị " + mark->unit_code + " (chép từ " + mark->made_from +
                       " ngày " + vietnamese_time(mark->made_at) + "); hãy chép với --unit " + mark->unit_code +
                       " hoặc bỏ --unit");
    return run.unit;
}

std::string plan_document(const std::optional<StoredPlan>& stored) {
    return stored ? io::plan_to_json(stored->plan).dump() : std::string();
}

void copy_plans(PlanStore& from, PlanStore& to, const CopyScope& scope, const CopyRun& run, CopySummary& summary) {
    for (const auto& record : from.list_plans(0, "")) {
        if (!scope.takes_unit(record.key.unit_code)) continue;
        const auto source = from.load_plan(record.key);
        const std::string document = plan_document(source);
        if (plan_document(to.load_plan(record.key)) == document) {
            ++summary.plans_present;
            continue;
        }
        ++summary.plans_copied;
        if (!run.writing) continue;
        (void)to.save_plan(source->plan, run.actor, "plan.copy");
        if (plan_document(to.load_plan(record.key)) != document)
            throw_fault("store copy: plan " + record.key.programme + "/" + record.key.unit_code + "/" +
                        std::to_string(record.key.year) + " differs in the target after the copy");
    }
}

// A visit as recorded, without the id and the time of recording that a copy gives it anew.
std::string visit_key(const followup::Visit& v) {
    return v.date.iso() + '\x1f' + v.visitor + '\x1f' + v.situation + '\x1f' + v.support + '\x1f' + v.note;
}

void copy_visits(FollowUpStore& from, FollowUpStore& to, const std::vector<std::string>& household_ids,
                 const CopyRun& run, CopySummary& summary) {
    // The households with any visit, found with one statement.
    for (const auto& visited : from.latest_visits(household_ids)) {
        const std::string& household_id = visited.first;
        const auto visits = from.household_visits(household_id);
        std::map<std::string, long> present;
        for (const auto& visit : to.household_visits(household_id)) ++present[visit_key(visit)];
        for (const auto& visit : visits) {
            if (auto it = present.find(visit_key(visit)); it != present.end() && it->second > 0) {
                --it->second;
                ++summary.visits_present;
                continue;
            }
            ++summary.visits_copied;
            if (run.writing) (void)to.add_visit(visit, run.actor);
        }
        if (!run.writing) continue;
        std::map<std::string, long> copied;
        for (const auto& visit : to.household_visits(household_id)) ++copied[visit_key(visit)];
        for (const auto& visit : visits)
            if (copied[visit_key(visit)]-- <= 0)
                throw_fault("store copy: a follow-up visit of household " + household_id + " is missing in the target");
    }
}

// A report as it stands, without its version and events.
bool same_report(const std::optional<StoredReport>& a, const StoredReport& b) {
    return a && a->status.state == b.status.state && a->status.submitted_at == b.status.submitted_at &&
           a->entered == b.entered && a->snapshot == b.snapshot;
}

void copy_reports(ReportStore& from, ReportStore& to, const CopyScope& scope, const CopyRun& run,
                  CopySummary& summary) {
    for (const auto& key : from.report_keys()) {
        if (!scope.takes_unit(key.unit_code)) continue;
        const auto source = from.load_report(key);
        const auto target = to.load_report(key);
        if (same_report(target, *source)) {
            ++summary.reports_present;
            continue;
        }
        ++summary.reports_copied;
        if (!run.writing) continue;
        ReportWrite write{key, target ? target->status.version : 0, reports::ReportAction::copy, source->status.state,
                          source->entered, source->snapshot, "", source->status.submitted_at};
        (void)to.write_report(write, run.actor);
        if (!same_report(to.load_report(key), *source))
            throw_fault("store copy: report " + key.form + "/" + key.period + "/" + key.unit_code +
                        " differs in the target after the copy");
    }
}

}  // namespace

CopySummary copy_store(const CopiedStores& source, const CopiedStores& target, const CopyRun& run) {
    Store& from = source.registry;
    Store& to = target.registry;
    CopySummary summary;
    const UnitCatalogue units = from.load_units(), target_units = to.load_units();
    const bool target_has_units = target_units.version_count() > 0;
    summary.unit = copied_unit(from, run, summary);
    const CopyScope scope(units, summary.unit, run.today);
    const bool target_was_empty = to.household_count() == 0;
    if (target_has_units && !same_units(units, target_units))
        throw_conflict("kho đích có danh mục đơn vị hành chính khác với kho nguồn; hãy nhập cùng một danh mục vào cả hai");

    HouseholdBatch households;
    std::set<std::string> communes;
    from.for_each_household([&](const StoredHousehold& stored) {
        if (!takes_household(scope, stored.household)) return;
        households.append(stored.household);
        communes.insert(stored.household.unit_code);
    });
    // An extract's cases are its households'; a whole copy's, every case (of households taken off
    // the registry too).
    std::unordered_set<std::string> extract;
    if (!scope.everything()) extract.insert(households.image.household_ids.begin(), households.image.household_ids.end());
    const CaseFilter copies_case = [&](const std::string& household_id) {
        return scope.everything() || extract.count(household_id) > 0;
    };
    const std::set<std::string> travelling = travelling_users(source.accounts, communes, scope);
    // The log of what people did (not of earlier copies); an extract's: the events about its
    // households, and its own officers' about none.
    const auto takes_event = [&](const accounts::AuditEvent& event) {
        if (event.source == kCopySource) return false;
        if (scope.everything()) return true;
        return event.household_id.empty() ? travelling.count(event.user) > 0 : extract.count(event.household_id) > 0;
    };
    const AuditCopy audit = missing_audit(source.accounts, target.accounts, takes_event);
    summary.audit_copied = static_cast<long>(audit.missing.size());
    summary.audit_present = audit.present;
    WriteCheck dry_run;
    dry_run.dry_run = true;
    summary.households = to.apply_batch(households, run.actor, dry_run);
    RoundsMatched rounds = match_rounds(from, to, scope);
    if (run.writing) {
        // A case, a request or a user that went another way in the target: found by their dry
        // run, before anything is written.
        CopyRun trial = run;
        trial.writing = false;
        CopySummary unused;
        copy_procedure(source.procedures, target.procedures, rounds.match, copies_case, scope, trial, unused);
        copy_users(source.accounts, target.accounts, travelling, trial, unused);
    }
    summary.units_copied = !target_has_units && units.version_count() > 0;
    if (run.writing) {
        if (summary.units_copied) to.replace_units(units.all_versions(), units.lineage(), run.actor);
        summary.households = to.apply_batch(households, run.actor);
    }
    copy_rounds(from, to, rounds, scope, run, summary);
    if (run.writing) verify_copy(from, to, scope);
    copy_procedure(source.procedures, target.procedures, rounds.match, copies_case, scope, run, summary);
    copy_plans(source.plans, target.plans, scope, run, summary);
    copy_visits(source.follow_ups, target.follow_ups, households.image.household_ids, run, summary);
    copy_reports(source.reports, target.reports, scope, run, summary);
    copy_users(source.accounts, target.accounts, travelling, run, summary);
    if (run.writing) write_audit(source.accounts, target.accounts, takes_event, audit);
    if (!summary.unit.empty()) {
        const auto mark = to.extract_mark();
        const bool marked_already = mark && mark->unit_code == summary.unit;
        summary.target_marked = target_was_empty || marked_already;
        if (run.writing && summary.target_marked && !marked_already) to.mark_extract(summary.unit, run.source_name, run.actor);
    }
    return summary;
}

}  // namespace giamngheo::store
