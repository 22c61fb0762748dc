#include "modules/reports/app/regular_figures.hpp"

#include <algorithm>

namespace giamngheo::app {
namespace {

const char* const kRequestCounts[] = {"received", "decided", "decided_late", "accepted", "refused", "pending", "overdue"};

bool in_period(const Date& day, const Date& start, const Date& end) { return !(day < start) && !(end < day); }

}  // namespace

void add_regular_figures(const std::vector<store::HouseholdRequest>& requests,
                         const std::vector<RegularDecision>& decisions,
                         const std::function<bool(const std::string& unit_code)>& within,
                         const reports::ReportPeriod& period, const Date& today, std::map<std::string, double>& out) {
    const Date start = period.start(), end = period.end(), as_of = std::min(end, today);
    for (const char* name : kRequestCounts) out[std::string("regular.") + name] = 0;
    out["regular.recognised"] = 0;
    const auto count = [&](const std::string& name, const std::string& form) {
        out["regular." + name] += 1;
        out["regular." + name + "." + form] += 1;
    };
    for (const auto& r : requests) {
        if (!within(r.unit_code)) continue;
        if (in_period(r.received, start, end)) count("received", r.form);
        const bool decided_by_then = r.decided_on && !(as_of < *r.decided_on);
        if (r.decided_on && in_period(*r.decided_on, start, end)) {
            count("decided", r.form);
            if (r.due < *r.decided_on) count("decided_late", r.form);
            if (r.decision == "accepted" || r.decision == "refused") count(r.decision, r.form);
        }
        if (!(as_of < r.received) && !decided_by_then) {
            count("pending", r.form);
            if (r.due < as_of) count("overdue", r.form);
        }
    }
    for (const auto& d : decisions) {
        if (!within(d.unit_code) || !in_period(d.decided, start, end)) continue;
        out["regular.recognised"] += 1;
        if (!d.household_class.empty()) out["regular." + d.household_class] += 1;
        if (!d.transition.empty()) out["regular." + d.transition] += 1;
    }
}

}  // namespace giamngheo::app
