#include "modules/procedure/app/cases.hpp"

#include <algorithm>
#include <map>
#include <sodium.h>
#include <set>

#include "kernel/errors.hpp"
#include "modules/review/app/review.hpp"
#include "platform/table.hpp"

namespace giamngheo::app {
namespace {

// Up to this many households a step looks each up; more are found in one pass over the round.
constexpr std::size_t kLookedUpHouseholds = 64;

std::vector<procedure::Event> events_of(const std::vector<store::RecordedStep>& steps) {
    std::vector<procedure::Event> out;
    out.reserve(steps.size());
    for (const auto& s : steps) out.push_back(s.event);
    return out;
}

store::RoundRecord require_round(ProcedureDeps& deps, std::int64_t round_id) {
    auto round = deps.registry.round(round_id);
    if (!round) throw_not_found("không có kỳ rà soát " + std::to_string(round_id));
    return *round;
}

// A regular round's decision: once every household of it is recognised, the round is approved on
// the decision's day and the requests it was opened for are accepted.
void decide_regular_round(ProcedureDeps& deps, const store::RoundRecord& round, const std::vector<CaseRow>& after,
                          const store::Actor& actor) {
    if (round.kind != "regular" || round.status == store::RoundStatus::approved) return;
    const auto& p = deps.procedures.of(round.kind);
    std::optional<Date> decided;
    for (const auto& c : round_cases(deps, round.id, [](const store::ResultRow&) { return true; })) {
        if (!c.now.decision_date) return;
        decided = std::max(decided.value_or(*c.now.decision_date), *c.now.decision_date);
    }
    if (!decided || after.empty() || p.step_of_kind(procedure::StepKind::recognition) == nullptr) return;
    approve_round(deps.registry, deps.env, round.id, *decided, actor);
    for (const auto& r : deps.steps.requests())
        if (r.round_id == round.id && r.decision.empty()) deps.steps.decide_request(r.id, *decided, "accepted", "", actor);
}

[[noreturn]] void outside_unit(const std::string& household_id) {
    throw Error(ErrorKind::forbidden, "outside_scope", "hộ \"" + household_id + "\" không thuộc đơn vị bạn được giao");
}


}  // namespace

std::string random_certificate_code() {
    static constexpr char kAlphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";  // 31 letters, none alike
    std::string code;
    for (int i = 0; i < 10; ++i) code += kAlphabet[randombytes_uniform(sizeof kAlphabet - 1)];
    return code;
}

const procedure::Procedure& Procedures::of(const std::string& round_kind) const {
    if (round_kind == periodic.round_kind) return periodic;
    if (round_kind == regular.round_kind) return regular;
    throw_invalid_input("không có quy trình cho loại rà soát \"" + round_kind + "\"", "kind");
}

Procedures load_procedures(const Environment& env) {
    const auto read = [&env](const char* name, const char* kind) {
        const std::string file = env.data_dir + "/procedures/" + name;
        procedure::Procedure p = procedure::procedure_from_json(io::read_file(file), file);
        if (p.round_kind != kind) throw_invalid_input(file + ": round_kind phải là " + kind, "procedure");
        return p;
    };
    return {read("review-qd24-2021.json", "periodic"), read("review-regular-qd24-2021.json", "regular")};
}

const procedure::Procedure& procedure_of(ProcedureDeps& deps, std::int64_t round_id) {
    return deps.procedures.of(require_round(deps, round_id).kind);
}

std::vector<CaseRow> round_cases(ProcedureDeps& deps, std::int64_t round_id, const RowFilter& within) {
    const auto& p = procedure_of(deps, round_id);
    const auto steps = deps.steps.round_steps(round_id);
    std::vector<CaseRow> out;
    deps.registry.for_each_round_result(round_id, [&](const store::ResultRow& row) {
        if (!within(row)) return;
        CaseRow c{row, {}, {}};
        if (const auto it = steps.find(row.household_id); it != steps.end())
            c.now = procedure::replay(p, deps.calendar, events_of(it->second));
        out.push_back(std::move(c));
    });
    std::stable_sort(out.begin(), out.end(), [](const CaseRow& a, const CaseRow& b) {
        return std::tie(a.result.unit_code, a.result.village, a.result.household_id) <
               std::tie(b.result.unit_code, b.result.village, b.result.household_id);
    });
    return out;
}

CaseRow household_case(ProcedureDeps& deps, std::int64_t round_id, const std::string& household_id,
                       const RowFilter& within) {
    const auto& p = procedure_of(deps, round_id);
    const auto found = deps.registry.round_result(round_id, household_id);
    if (!found) throw_not_found("hộ \"" + household_id + "\" không có trong kỳ rà soát " + std::to_string(round_id));
    if (!within(*found)) outside_unit(household_id);
    const auto steps = deps.steps.household_steps(round_id, household_id);
    CaseRow row{*found, procedure::replay(p, deps.calendar, events_of(steps)), {}};
    for (const auto& s : steps) row.recorded.push_back({s.by, s.at});
    return row;
}

std::vector<CaseRow> take_step(ProcedureDeps& deps, const StepRequest& request, const RowFilter& within,
                               const store::Actor& actor) {
    if (request.households.empty()) throw_invalid_input("chưa chọn hộ nào", "households");
    if (deps.today < request.event.date)
        throw_invalid_input("ngày " + request.event.date.vietnamese() + " sau hôm nay: chỉ ghi bước đã làm", "date");
    const store::RoundRecord round = require_round(deps, request.round_id);
    const auto& p = deps.procedures.of(round.kind);
    const std::set<std::string> wanted(request.households.begin(), request.households.end());
    std::map<std::string, store::ResultRow> rows;
    const auto take = [&](const store::ResultRow& row) {
        if (!within(row)) outside_unit(row.household_id);
        rows.emplace(row.household_id, row);
    };
    // A few households are looked up; a village's worth is read in one pass over the round.
    if (wanted.size() <= kLookedUpHouseholds) {
        for (const auto& id : wanted)
            if (auto row = deps.registry.round_result(request.round_id, id)) take(*row);
    } else {
        deps.registry.for_each_round_result(request.round_id, [&](const store::ResultRow& row) {
            if (wanted.count(row.household_id)) take(row);
        });
    }
    // A classification or re-check given no class takes what the household's record says now: a
    // record corrected since the round ran (by the survey, or after a complaint) is classified
    // again in the draft round once the step is known to be allowed, so that the round's figures
    // and the case agree.
    const auto kind = p.step(request.event.step).kind;
    const bool takes_class = round.status == store::RoundStatus::draft &&
                             ((request.event.step == "classify" && request.event.household_class.empty()) ||
                              (kind == procedure::StepKind::recheck && request.event.outcome_class.empty()));
    std::set<std::string> corrected;
    if (takes_class)
        for (const auto& [id, row] : rows) {
            const auto now = deps.registry.load_household(id, std::nullopt);
            if (now && now->version != row.household_version) corrected.insert(id);
        }
    const auto all_steps = deps.steps.round_steps(request.round_id);
    std::vector<store::StepAppend> appends;
    std::vector<procedure::HouseholdCase> before;
    std::vector<CaseRow> after;
    for (const auto& id : wanted) {
        const auto row = rows.find(id);
        if (row == rows.end())
            throw_not_found("hộ \"" + id + "\" không có trong kỳ rà soát " + std::to_string(request.round_id));
        const auto recorded = all_steps.find(id);
        const std::vector<procedure::Event> events =
            recorded == all_steps.end() ? std::vector<procedure::Event>{} : events_of(recorded->second);
        procedure::Event event = request.event;
        if (event.step == "classify" && event.household_class.empty()) event.household_class = row->second.household_class;
        if (p.step(event.step).kind == procedure::StepKind::certificate && event.certificate_code.empty())
            event.certificate_code = deps.new_certificate_code();
        procedure::HouseholdCase now;
        before.push_back(procedure::replay(p, deps.calendar, events));
        try {
            now = procedure::apply(p, deps.calendar, before.back(), event);
        } catch (const Error& e) {
            throw Error(e.kind(), e.code(), "hộ " + id + ": " + e.what(), e.field());
        }
        appends.push_back({id, events.size(), event});
        after.push_back({row->second, std::move(now), {}});
    }
    if (!corrected.empty()) {
        std::map<std::string, store::ResultRow> again;
        for (auto& row : classify_again(deps.registry, deps.env, request.round_id, {corrected.begin(), corrected.end()}, actor))
            again.emplace(row.household_id, std::move(row));
        for (std::size_t i = 0; i < appends.size(); ++i) {
            const auto found = again.find(appends[i].household_id);
            if (found == again.end()) continue;
            auto& event = appends[i].event;
            (kind == procedure::StepKind::recheck ? event.outcome_class : event.household_class) = found->second.household_class;
            after[i] = {found->second, procedure::apply(p, deps.calendar, before[i], event), {}};
        }
    }
    deps.steps.append_steps(request.round_id, appends, actor);
    if (p.step(request.event.step).kind == procedure::StepKind::recognition) decide_regular_round(deps, round, after, actor);
    return after;
}

namespace {

CertificateData with_household(ProcedureDeps& deps, CaseRow row, int year) {
    const auto& id = row.result.household_id;
    const auto stored = deps.registry.load_household(id, row.result.household_version);
    if (!stored) throw_fault("certificate: no version " + std::to_string(row.result.household_version) + " of " + id);
    return {std::move(row), stored->household, year};
}

}  // namespace

CertificateData certificate_data(ProcedureDeps& deps, std::int64_t round_id, const std::string& household_id,
                                 const RowFilter& within) {
    CaseRow row = household_case(deps, round_id, household_id, within);
    if (row.now.certificate_number.empty())
        throw Error(ErrorKind::conflict, "no_certificate", "hộ \"" + household_id + "\" chưa được cấp giấy chứng nhận");
    return with_household(deps, std::move(row), deps.registry.round(round_id)->year);
}

std::vector<CertificateData> certificates_data(ProcedureDeps& deps, std::int64_t round_id, const RowFilter& within) {
    const int year = deps.registry.round(round_id).value_or(store::RoundRecord{}).year;
    std::vector<CertificateData> out;
    for (auto& row : round_cases(deps, round_id, within))
        if (!row.now.certificate_number.empty() && row.now.state == "certified")
            out.push_back(with_household(deps, std::move(row), year));
    return out;
}

std::optional<CertificateCheck> check_certificate(ProcedureDeps& deps, const std::string& code) {
    const auto ref = deps.steps.find_certificate(code);
    if (!ref) return std::nullopt;
    const auto c = household_case(deps, ref->round_id, ref->household_id, [](const store::ResultRow&) { return true; });
    CertificateCheck out;
    out.valid = c.now.certificate_code == code && c.now.state == "certified";
    out.household_class = c.now.household_class;
    out.unit_code = c.result.unit_code;
    out.current_unit_code = c.result.current_unit_code;
    out.number = c.now.certificate_number;
    out.decision_number = c.now.decision_number;
    out.decision_date = c.now.decision_date;
    out.issued_on = c.now.certified_on;
    out.year = deps.registry.round(ref->round_id)->year;
    if (!out.valid || !out.issued_on) return out;
    // A later decision that gives the household another class ends the certificate from its day
    // (a regular review on a Mẫu 04 request, or the next yearly review).
    for (const auto& later : deps.registry.rounds()) {
        if (later.id == ref->round_id || later.status != store::RoundStatus::approved || !later.decision_date ||
            !(*out.issued_on < *later.decision_date))
            continue;
        bool changed = false;
        deps.registry.for_each_round_result(later.id, [&](const store::ResultRow& row) {
            if (row.household_id == ref->household_id && row.household_class != out.household_class) changed = true;
        });
        if (changed && (!out.ended_on || *later.decision_date < *out.ended_on)) out.ended_on = later.decision_date;
    }
    out.valid = !out.ended_on;
    return out;
}

std::vector<VillageStanding> village_board(const std::vector<CaseRow>& cases, const Date& today) {
    std::map<std::pair<std::string, std::string>, VillageStanding> by_village;
    for (const auto& c : cases) {
        auto& v = by_village[{c.result.unit_code, c.result.village}];
        v.unit_code = c.result.unit_code;
        v.village = c.result.village;
        ++v.households;
        ++v.by_state[c.now.state];
        if (c.now.state == "complaint") ++v.complaints_open;
        if (c.now.posted_until && c.now.posted_from && !(today < *c.now.posted_from) && !(*c.now.posted_until < today))
            ++v.posted_now;
    }
    std::vector<VillageStanding> out;
    for (auto& [key, v] : by_village) out.push_back(std::move(v));
    return out;
}

}  // namespace giamngheo::app
