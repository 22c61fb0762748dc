#include "modules/procedure/domain/household_case.hpp"

#include <algorithm>

#include "kernel/errors.hpp"

namespace giamngheo::procedure {
namespace {

[[noreturn]] void out_of_order(const std::string& message) { throw Error(ErrorKind::conflict, "out_of_order", message); }

bool contains(const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

void take_meeting(const Procedure& procedure, const Step& step, HouseholdCase& c, const Event& e) {
    if (!e.vote) throw_invalid_input("cuộc họp cần số người dự, số đồng ý và số không đồng ý", "vote");
    const Vote& v = *e.vote;
    if (v.attendees <= 0 || v.agree < 0 || v.disagree < 0)
        throw_invalid_input("số người dự phải lớn hơn 0, số phiếu không được âm", "vote");
    if (v.agree + v.disagree > v.attendees)
        throw_invalid_input("số đồng ý (" + std::to_string(v.agree) + ") và không đồng ý (" + std::to_string(v.disagree) +
                                ") nhiều hơn số người dự (" + std::to_string(v.attendees) + ")",
                            "vote");
    const bool agreed = meeting_agrees(procedure, v);
    c.state = agreed ? step.to : step.back_to;
    if (!agreed) ++c.sent_back;
}

void take_posting(const Step& step, const WorkCalendar& calendar, HouseholdCase& c, const Event& e) {
    if (e.place.empty()) throw_invalid_input("cần nơi niêm yết", "place");
    c.posted_from = e.date;
    // Posted on the day it starts and the working days after, `working_days` in all.
    c.posted_until = step.working_days > 1 ? calendar.add_working_days(e.date, step.working_days - 1) : e.date;
    c.state = step.to;
}

void take_recognition(const Procedure& procedure, const Step& step, HouseholdCase& c, const Event& e) {
    if (c.posted_until && !(*c.posted_until < e.date))
        out_of_order("chưa hết thời gian niêm yết (đến hết ngày " + c.posted_until->vietnamese() +
                     "): chưa thể quyết định công nhận");
    if (e.decision_number.empty()) throw_invalid_input("cần số quyết định công nhận", "decision_number");
    const Recognition& by = procedure.recognising(e.date);
    c.decision_number = e.decision_number;
    c.decision_date = e.date;
    c.recognised_by_level = by.level;
    c.state = step.to;
}

}  // namespace

HouseholdCase apply(const Procedure& procedure, const WorkCalendar& calendar, const HouseholdCase& before,
                    const Event& event) {
    const Step& step = procedure.step(event.step);
    if (!contains(step.roles, event.role))
        throw Error(ErrorKind::forbidden, "forbidden", "vai trò này không được thực hiện bước \"" + step.label_vi + "\"");
    const bool allowed = step.from.empty() ? before.state.empty() : contains(step.from, before.state);
    if (!allowed)
        out_of_order("không thể \"" + step.label_vi + "\" khi hộ đang ở bước \"" + procedure.state_label(before.state) + "\"");
    if (!before.history.empty() && event.date < before.history.back().date)
        out_of_order("ngày " + event.date.vietnamese() + " sớm hơn bước trước (" +
                     before.history.back().date.vietnamese() + ")");
    HouseholdCase c = before;
    switch (step.kind) {
        case StepKind::record:
            if (step.from.empty()) {
                const auto& reasons = procedure.listing_reasons;
                if (std::none_of(reasons.begin(), reasons.end(), [&](const auto& r) { return r.key == event.reason; }))
                    throw_invalid_input("lý do đưa vào danh sách \"" + event.reason + "\" không có", "reason");
                c.listing_reason = event.reason;
            }
            if (!event.household_class.empty()) c.household_class = event.household_class;
            c.state = step.to;
            break;
        case StepKind::meeting: take_meeting(procedure, step, c, event); break;
        case StepKind::posting: take_posting(step, calendar, c, event); break;
        case StepKind::complaint:
            if (c.posted_until && *c.posted_until < event.date)
                out_of_order("thời gian niêm yết đã hết ngày " + c.posted_until->vietnamese() +
                             ": không nhận khiếu nại sau thời hạn");
            if (event.reason.empty()) throw_invalid_input("cần nội dung khiếu nại", "reason");
            if (const Step* recheck = procedure.step_of_kind(StepKind::recheck))
                c.complaint_due = calendar.add_working_days(event.date, recheck->working_days);
            c.state = step.to;
            break;
        case StepKind::recheck:
            if (!event.outcome_class.empty()) c.household_class = event.outcome_class;
            c.complaint_due.reset();
            c.state = step.to;
            break;
        case StepKind::recognition: take_recognition(procedure, step, c, event); break;
        case StepKind::certificate:
            if (c.household_class != "poor" && c.household_class != "near_poor")
                out_of_order("chỉ cấp giấy chứng nhận cho hộ nghèo, hộ cận nghèo đã được công nhận");
            if (event.certificate_number.empty()) throw_invalid_input("cần số giấy chứng nhận", "certificate_number");
            if (event.certificate_code.empty()) throw_invalid_input("cần mã xác minh của giấy chứng nhận", "certificate_code");
            c.certificate_number = event.certificate_number;
            c.certificate_code = event.certificate_code;
            c.certified_on = event.date;
            c.state = step.to;
            break;
    }
    c.history.push_back(event);
    return c;
}

HouseholdCase replay(const Procedure& procedure, const WorkCalendar& calendar, const std::vector<Event>& events) {
    HouseholdCase c;
    for (const auto& e : events) c = apply(procedure, calendar, c, e);
    return c;
}

bool meeting_agrees(const Procedure& procedure, const Vote& vote) {
    // agree / attendees ≥ threshold %, in integers so that exactly half is half.
    return vote.agree * 100 >= procedure.agreement_percent_min * vote.attendees;
}

std::vector<std::string> next_steps(const Procedure& procedure, const HouseholdCase& now, const std::string& role) {
    std::vector<std::string> out;
    for (const auto& step : procedure.steps) {
        const bool here = step.from.empty() ? now.state.empty() : contains(step.from, now.state);
        if (here && contains(step.roles, role)) out.push_back(step.key);
    }
    return out;
}

Date request_due(const Procedure& procedure, const WorkCalendar& calendar, const std::string& form, const Date& received) {
    const RequestKind& kind = procedure.request(form);
    if (kind.working_days) return calendar.add_working_days(received, kind.decide_within);
    return Date::from_days_since_epoch(received.days_since_epoch() + kind.decide_within);
}

}  // namespace giamngheo::procedure
