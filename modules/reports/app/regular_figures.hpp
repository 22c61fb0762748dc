// The figures of the regular (monthly) review, `{regular.…}` (data/reports/README.md): the
// requests households filed between yearly reviews (Mẫu 01 to be recognised, Mẫu 04 to leave) and
// how they were handled in a period, and what the regular rounds decided in it.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "modules/procedure/ports/procedure_store.hpp"
#include "modules/reports/domain/period.hpp"

namespace giamngheo::app {

// One household's outcome in a regular round approved by a decision.
struct RegularDecision {
    Date decided;
    std::string unit_code;  // the household's commune in the round
    std::string household_class, transition;
};

// Counts, for the households whose commune `within` keeps, over [period start, period end]:
// `received`, `decided`, `decided_late` (after the due day), `accepted`, `refused`, and at the
// period's end (or `today` when sooner) `pending` and `overdue` (pending after the due day); each
// also per request form (`received.mau-01`). Of the decisions in the period: `recognised` (the
// households decided), their classes (`poor`, `near_poor`, …) and transitions (`escaped_poverty`,
// …). Totals are 0, not missing, when nothing happened; a form or class nobody had is missing.
void add_regular_figures(const std::vector<store::HouseholdRequest>& requests,
                         const std::vector<RegularDecision>& decisions,
                         const std::function<bool(const std::string& unit_code)>& within,
                         const reports::ReportPeriod& period, const Date& today, std::map<std::string, double>& out);

}  // namespace giamngheo::app
