// The public-investment plan of year N+1 ("kế hoạch đầu tư công năm N+1"), a second layout over the
// data of the plan of year N: part A reports year N (allocated, disbursed up to the mid-year day
// of funding.json public_investment_plan, the estimate for the whole year, the results of the
// targets), part B proposes year N+1 (its targets and the money requested and proposed, lines of
// budget year N+1 at the stage requested or proposed). Amounts by source × fund kind.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "modules/plans/domain/plan.hpp"

namespace giamngheo {

// What a row of the layout holds: part A's allocated | disbursed_mid_year | estimated, part B's
// requested | proposed (the stage of the lines of N+1).
inline constexpr const char* kResultMeasures[] = {"allocated", "disbursed_mid_year", "estimated"};
inline constexpr const char* kPlanMeasures[] = {"requested", "proposed"};

struct LayoutRow {
    std::string node;     // empty: the part's total
    bool subtotal = false;  // a node whose sub-projects have rows of their own (the sum of them)
    std::string measure;
    std::vector<std::int64_t> by_column;  // VND per column
    std::int64_t total = 0;

    bool operator==(const LayoutRow&) const = default;
};

struct PublicInvestmentLayout {
    int results_year = 0;  // N: the plan's year
    int plan_year = 0;     // N + 1
    Date results_as_of;    // the mid-year day of N
    std::vector<BudgetColumn> columns;
    // Per node (catalogue order) the rows of each measure, then the part's total rows.
    std::vector<LayoutRow> results;
    std::vector<LayoutRow> plan;
    std::vector<std::size_t> result_targets;  // indices into Plan::targets of year N
    std::vector<std::size_t> plan_targets;    // of year N+1
};

// Throws std::invalid_argument when funding.json has no public_investment_plan day.
[[nodiscard]] PublicInvestmentLayout public_investment_layout(const Plan& plan, const PlanRules& rules);

// "Giải ngân đến 30/6/2025", "Đề xuất kế hoạch năm 2026".
[[nodiscard]] std::string measure_title(const PublicInvestmentLayout& layout, const std::string& measure);

// The row numbers ("TT") of a part whose nodes each have `measures` rows: 1, 2, 2.1, 2.2, 3 — a
// sub-project under the project that sums it is numbered within it; only a node's first row and
// never a total has one.
[[nodiscard]] std::vector<std::string> layout_numbers(const std::vector<LayoutRow>& rows, std::size_t measures,
                                                      const Programme& programme);

// Part A, per node × source × fund kind: the mid-year disbursement within what was allocated,
// the full-year estimate at least the mid-year disbursement and within the allocation.
[[nodiscard]] std::vector<Finding> check_public_investment(const Plan& plan, const PlanRules& rules);

}  // namespace giamngheo
