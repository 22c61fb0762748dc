#include "modules/procedure/app/cases.hpp"

#include <algorithm>
#include <sodium.h>
#include <set>

#include "kernel/errors.hpp"
#include "platform/table.hpp"

namespace giamngheo::app {
namespace {

std::vector<procedure::Event> events_of(const std::vector<store::RecordedStep>& steps) {
    std::vector<procedure::Event> out;
    out.reserve(steps.size());
    for (const auto& s : steps) out.push_back(s.event);
    return out;
}

void require_round(ProcedureDeps& deps, std::int64_t round_id) {
    if (!deps.registry.round(round_id)) throw_not_found("không có kỳ rà soát " + std::to_string(round_id));
}

[[noreturn]] void outside_unit(const std::string& household_id) {
    throw Error(ErrorKind::forbidden, "outside_scope", "hộ \"" + household_id + "\" không thuộc đơn vị bạn được giao");
}

RequestView view_of(const store::HouseholdRequest& r, const Date& today) {
    RequestView v{r};
    v.days_left = r.due.days_since_epoch() - today.days_since_epoch();
    v.overdue = r.decision.empty() && v.days_left < 0;
    return v;
}

}  // namespace

std::string random_certificate_code() {
    static constexpr char kAlphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";  // 31 letters, none alike
    std::string code;
    for (int i = 0; i < 10; ++i) code += kAlphabet[randombytes_uniform(sizeof kAlphabet - 1)];
    return code;
}

procedure::Procedure load_procedure(const Environment& env) {
    const std::string file = env.data_dir + "/procedures/review-qd24-2021.json";
    return procedure::procedure_from_json(io::read_file(file), file);
}

std::vector<CaseRow> round_cases(ProcedureDeps& deps, std::int64_t round_id, const RowFilter& within) {
    require_round(deps, round_id);
    const auto steps = deps.steps.round_steps(round_id);
    std::vector<CaseRow> out;
    deps.registry.for_each_round_result(round_id, [&](const store::ResultRow& row) {
        if (!within(row)) return;
        CaseRow c{row, {}};
        if (const auto it = steps.find(row.household_id); it != steps.end())
            c.now = procedure::replay(deps.procedure, deps.calendar, events_of(it->second));
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
    require_round(deps, round_id);
    std::optional<store::ResultRow> found;
    deps.registry.for_each_round_result(round_id, [&](const store::ResultRow& row) {
        if (row.household_id == household_id) found = row;
    });
    if (!found) throw_not_found("hộ \"" + household_id + "\" không có trong kỳ rà soát " + std::to_string(round_id));
    if (!within(*found)) outside_unit(household_id);
    return {*found, procedure::replay(deps.procedure, deps.calendar, events_of(deps.steps.household_steps(round_id, household_id)))};
}

std::vector<CaseRow> take_step(ProcedureDeps& deps, const StepRequest& request, const RowFilter& within,
                               const store::Actor& actor) {
    if (request.households.empty()) throw_invalid_input("chưa chọn hộ nào", "households");
    if (deps.today < request.event.date)
        throw_invalid_input("ngày " + request.event.date.vietnamese() + " sau hôm nay: chỉ ghi bước đã làm", "date");
    require_round(deps, request.round_id);
    const std::set<std::string> wanted(request.households.begin(), request.households.end());
    std::map<std::string, store::ResultRow> rows;
    deps.registry.for_each_round_result(request.round_id, [&](const store::ResultRow& row) {
        if (!wanted.count(row.household_id)) return;
        if (!within(row)) outside_unit(row.household_id);
        rows.emplace(row.household_id, row);
    });
    const auto all_steps = deps.steps.round_steps(request.round_id);
    std::vector<store::StepAppend> appends;
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
        if (deps.procedure.step(event.step).kind == procedure::StepKind::certificate && event.certificate_code.empty())
            event.certificate_code = deps.new_certificate_code();
        procedure::HouseholdCase now;
        try {
            now = procedure::apply(deps.procedure, deps.calendar, procedure::replay(deps.procedure, deps.calendar, events), event);
        } catch (const Error& e) {
            throw Error(e.kind(), e.code(), "hộ " + id + ": " + e.what(), e.field());
        }
        appends.push_back({id, events.size(), event});
        after.push_back({row->second, std::move(now)});
    }
    deps.steps.append_steps(request.round_id, appends, actor);
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

RequestView receive_request(ProcedureDeps& deps, const NewRequest& request, const store::Actor& actor) {
    if (request.household_id.empty()) throw_invalid_input("cần mã hộ", "household_id");
    if (deps.today < request.received)
        throw_invalid_input("ngày nhận đơn " + request.received.vietnamese() + " sau hôm nay", "received");
    store::HouseholdRequest r;
    r.household_id = request.household_id;
    r.unit_code = request.unit_code;
    r.form = request.form;
    r.received = request.received;
    r.due = procedure::request_due(deps.procedure, deps.calendar, request.form, request.received);
    r.applicant = request.applicant;
    r.note = request.note;
    r.id = deps.steps.add_request(r, actor);
    return view_of(r, deps.today);
}

void decide_request(ProcedureDeps& deps, std::int64_t id, const Date& on, const std::string& decision,
                    const std::string& reason, const store::Actor& actor) {
    if (decision != "accepted" && decision != "refused")
        throw_invalid_input("quyết định phải là accepted (công nhận) hoặc refused (không công nhận)", "decision");
    if (decision == "refused" && reason.empty())
        throw_invalid_input("không công nhận phải trả lời bằng văn bản, nêu rõ lý do", "reason");
    if (deps.today < on) throw_invalid_input("ngày quyết định " + on.vietnamese() + " sau hôm nay", "date");
    deps.steps.decide_request(id, on, decision, reason, actor);
}

std::vector<RequestView> request_list(ProcedureDeps& deps, const std::function<bool(const std::string&)>& unit_within) {
    std::vector<RequestView> out;
    for (const auto& r : deps.steps.requests())
        if (unit_within(r.unit_code)) out.push_back(view_of(r, deps.today));
    return out;
}

}  // namespace giamngheo::app
