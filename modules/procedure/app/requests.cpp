#include <algorithm>

#include "kernel/errors.hpp"
#include "modules/procedure/app/cases.hpp"
#include "modules/review/app/review.hpp"

namespace giamngheo::app {
namespace {

RequestView view_of(const store::HouseholdRequest& r, const Date& today) {
    RequestView v{r};
    v.days_left = r.due.days_since_epoch() - today.days_since_epoch();
    v.overdue = r.decision.empty() && v.days_left < 0;
    return v;
}

// The standard a review of `year` is run with: the one in force whose review years hold it.
std::string standard_of_year(const Environment& env, int year) {
    for (const auto& id : env.standard_ids()) {
        const Standard s = standard_from_document(env.standard_document(id));
        if (s.status == "in_force" && s.first_review_year <= year && year <= s.last_review_year) return s.id;
    }
    throw_invalid_input("chưa có chuẩn nghèo đang áp dụng cho năm " + std::to_string(year), "year");
}

}  // namespace

RequestView receive_request(ProcedureDeps& deps, const NewRequest& request, const store::Actor& actor) {
    if (request.household_id.empty()) throw_invalid_input("cần mã hộ", "household_id");
    if (deps.today < request.received)
        throw_invalid_input("ngày nhận đơn " + request.received.vietnamese() + " sau hôm nay", "received");
    store::HouseholdRequest r;
    r.household_id = request.household_id;
    r.unit_code = request.unit_code;
    r.form = request.form;
    r.received = request.received;
    r.due = procedure::request_due(deps.procedures.regular, deps.calendar, request.form, request.received);
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

RequestView request_view(ProcedureDeps& deps, std::int64_t id) {
    const auto r = deps.steps.request(id);
    if (!r) throw_not_found("không có đơn số " + std::to_string(id));
    return view_of(*r, deps.today);
}

std::int64_t open_request_case(ProcedureDeps& deps, std::int64_t request_id, const std::string& role,
                               const store::Actor& actor) {
    const store::HouseholdRequest request = request_view(deps, request_id).request;
    const procedure::Procedure& regular = deps.procedures.regular;
    const auto first = std::find_if(regular.steps.begin(), regular.steps.end(), [](const auto& s) { return s.from.empty(); });
    if (first == regular.steps.end()) throw_fault("the regular procedure has no first step");
    procedure::Event listed;
    listed.step = first->key;
    listed.date = request.received;
    listed.role = role;
    listed.reason = regular.request(request.form).listing_reason;
    // Checked as any step (the role may take it) before anything is written.
    (void)procedure::apply(regular, deps.calendar, {}, listed);
    if (!request.decision.empty()) throw_conflict("đơn số " + std::to_string(request_id) + " đã được giải quyết");
    if (request.round_id)
        throw_conflict("đơn số " + std::to_string(request_id) + " đã mở hồ sơ rà soát (kỳ " + std::to_string(request.round_id) + ")");

    RoundSpec spec;
    spec.year = request.received.year;
    spec.kind = regular.round_kind;
    spec.scope = request.unit_code;
    spec.reference_date = request.received;
    spec.standard = standard_of_year(deps.env, spec.year);
    spec.households = {request.household_id};
    const std::int64_t round_id = run_round(deps.registry, deps.env, spec, actor).round_id;
    deps.steps.open_request_case(request_id, round_id, {request.household_id, 0, listed}, actor);
    return round_id;
}

}  // namespace giamngheo::app
