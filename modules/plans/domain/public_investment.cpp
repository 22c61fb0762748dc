// The public-investment layout computed from the plan's lines and disbursements, and its checks.
// Every amount is taken per budget line and rounded to the đồng before it is added, so that the
// rows, the subtotals and the totals of the layout always add up exactly (both margins close).
#include "modules/plans/domain/public_investment.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>

#include "modules/plans/domain/plan_detail.hpp"

namespace giamngheo {
using namespace plan_detail;
namespace {

constexpr Date kEndOfTime{9999, 12, 31};

// The amount of each budget line under one measure (0 for lines the measure does not take).
struct LineAmounts {
    std::map<std::string, std::vector<std::int64_t>> by_measure;
    std::vector<bool> estimate_reported;  // per line: an estimate names it
};

LineAmounts line_amounts(const Plan& plan, const PublicInvestmentLayout& layout, const PlanRules& rules) {
    const std::size_t n = plan.budget_lines.size();
    LineAmounts out;
    for (const char* m : kResultMeasures) out.by_measure[m].assign(n, 0);
    for (const char* m : kPlanMeasures) out.by_measure[m].assign(n, 0);
    const LineExecution paid = execute(plan, layout.results_year, layout.results_as_of, rules.programme);
    const LineExecution estimated = execute(plan, layout.results_year, kEndOfTime, rules.programme, true);
    out.estimate_reported = estimated.reported;
    for (std::size_t i = 0; i < n; ++i) {
        const BudgetLine& l = plan.budget_lines[i];
        if (l.programme_level) continue;
        if (l.budget_year == layout.results_year) {
            if (l.allocated()) out.by_measure["allocated"][i] = l.amount_vnd;
            out.by_measure["disbursed_mid_year"][i] = std::llround(paid.disbursed[i]);
            out.by_measure["estimated"][i] = std::llround(estimated.disbursed[i]);
        }
        if (l.budget_year == layout.plan_year && (l.stage == "requested" || l.stage == "proposed"))
            out.by_measure[l.stage][i] = l.amount_vnd;
    }
    return out;
}

// The row of `measure` over the lines `take` accepts.
template <class Take>
LayoutRow row_of(const Plan& plan, const PublicInvestmentLayout& layout, const LineAmounts& amounts,
                 const std::string& node, bool subtotal, const std::string& measure, Take take) {
    LayoutRow row{node, subtotal, measure, std::vector<std::int64_t>(layout.columns.size(), 0), 0};
    const auto& values = amounts.by_measure.at(measure);
    for (std::size_t i = 0; i < plan.budget_lines.size(); ++i) {
        const BudgetLine& l = plan.budget_lines[i];
        if (!values[i] || !take(l)) continue;
        const auto c = static_cast<std::size_t>(
            std::find(layout.columns.begin(), layout.columns.end(), BudgetColumn{l.source, l.fund_kind}) - layout.columns.begin());
        if (c == layout.columns.size()) continue;
        row.by_column[c] += values[i];
        row.total += values[i];
    }
    return row;
}

}  // namespace

PublicInvestmentLayout public_investment_layout(const Plan& plan, const PlanRules& rules) {
    const PublicInvestmentSchedule& schedule = rules.funding.public_investment;
    if (!schedule.results_month || !schedule.results_day)
        throw std::invalid_argument("danh mục nguồn vốn chưa có ngày báo cáo kết quả của kế hoạch đầu tư công (public_investment_plan)");
    PublicInvestmentLayout layout;
    layout.results_year = plan.year;
    layout.plan_year = plan.year + 1;
    layout.results_as_of = Date{plan.year, schedule.results_month, schedule.results_day};
    std::set<std::string> used_nodes;
    for (const auto& l : plan.budget_lines) {
        if (l.programme_level || (l.budget_year != layout.results_year && l.budget_year != layout.plan_year)) continue;
        if (l.budget_year == layout.plan_year && l.stage != "requested" && l.stage != "proposed") continue;
        if (std::find(layout.columns.begin(), layout.columns.end(), BudgetColumn{l.source, l.fund_kind}) == layout.columns.end())
            layout.columns.push_back({l.source, l.fund_kind});
        used_nodes.insert(l.node);
    }
    sort_budget_columns(layout.columns, rules);
    // Catalogue order; a node the catalogue does not know stays visible, after the others.
    std::vector<std::string> nodes;
    for (const auto& n : rules.programme.nodes) {
        const bool has_rows = used_nodes.count(n.key) > 0;
        const bool has_parts = std::any_of(used_nodes.begin(), used_nodes.end(), [&](const std::string& u) {
            return u != n.key && rules.programme.within(u, n.key);
        });
        if (has_rows || has_parts) nodes.push_back(n.key);
    }
    for (const auto& u : used_nodes)
        if (!rules.programme.find(u)) nodes.push_back(u);
    const LineAmounts amounts = line_amounts(plan, layout, rules);
    for (const auto& node : nodes) {
        const bool subtotal = std::any_of(used_nodes.begin(), used_nodes.end(), [&](const std::string& u) {
            return u != node && rules.programme.within(u, node);
        });
        const auto take = [&](const BudgetLine& l) { return subtotal ? rules.programme.within(l.node, node) : l.node == node; };
        for (const char* m : kResultMeasures) layout.results.push_back(row_of(plan, layout, amounts, node, subtotal, m, take));
        for (const char* m : kPlanMeasures) layout.plan.push_back(row_of(plan, layout, amounts, node, subtotal, m, take));
    }
    const auto all = [](const BudgetLine&) { return true; };
    for (const char* m : kResultMeasures) layout.results.push_back(row_of(plan, layout, amounts, "", false, m, all));
    for (const char* m : kPlanMeasures) layout.plan.push_back(row_of(plan, layout, amounts, "", false, m, all));
    for (std::size_t i = 0; i < plan.targets.size(); ++i) {
        if (plan.targets[i].year == layout.results_year) layout.result_targets.push_back(i);
        if (plan.targets[i].year == layout.plan_year) layout.plan_targets.push_back(i);
    }
    return layout;
}

std::string measure_title(const PublicInvestmentLayout& layout, const std::string& measure) {
    const std::string n = std::to_string(layout.results_year);
    const std::string next = std::to_string(layout.plan_year);
    if (measure == "allocated") return "Kế hoạch vốn năm " + n + " được giao";
    if (measure == "disbursed_mid_year")
        return "Giải ngân đến " + std::to_string(layout.results_as_of.day) + "/" + std::to_string(layout.results_as_of.month) +
               "/" + n;
    if (measure == "estimated") return "Ước giải ngân cả năm " + n;
    if (measure == "requested") return "Nhu cầu vốn năm " + next;
    if (measure == "proposed") return "Đề xuất kế hoạch năm " + next;
    return measure;
}

std::vector<std::string> layout_numbers(const std::vector<LayoutRow>& rows, std::size_t measures, const Programme& programme) {
    std::vector<std::string> out(rows.size());
    int number = 0, sub = 0;
    std::string parent;  // the subtotal node the next rows may lie under
    for (std::size_t i = 0; i < rows.size(); i += measures) {
        const LayoutRow& r = rows[i];
        if (r.node.empty()) continue;
        if (!parent.empty() && programme.within(r.node, parent)) {
            out[i] = std::to_string(number) + "." + std::to_string(++sub);
            continue;
        }
        out[i] = std::to_string(++number);
        parent = r.subtotal ? r.node : "";
        sub = 0;
    }
    return out;
}

std::vector<Finding> check_public_investment(const Plan& plan, const PlanRules& rules) {
    std::vector<Finding> out;
    const PublicInvestmentLayout layout = public_investment_layout(plan, rules);
    const LineAmounts amounts = line_amounts(plan, layout, rules);
    // Per node (the lines' own node) and column: allocated, paid by mid-year, estimated.
    struct Cell {
        std::int64_t allocated = 0, paid = 0, estimated = 0;
        bool estimate_reported = false;
    };
    std::map<std::pair<std::string, std::size_t>, Cell> cells;
    std::vector<std::string> order;
    for (std::size_t i = 0; i < plan.budget_lines.size(); ++i) {
        const BudgetLine& l = plan.budget_lines[i];
        if (l.programme_level || l.budget_year != layout.results_year) continue;
        const auto c = static_cast<std::size_t>(
            std::find(layout.columns.begin(), layout.columns.end(), BudgetColumn{l.source, l.fund_kind}) - layout.columns.begin());
        if (std::find(order.begin(), order.end(), l.node) == order.end()) order.push_back(l.node);
        Cell& cell = cells[{l.node, c}];
        cell.allocated += amounts.by_measure.at("allocated")[i];
        cell.paid += amounts.by_measure.at("disbursed_mid_year")[i];
        cell.estimated += amounts.by_measure.at("estimated")[i];
        cell.estimate_reported = cell.estimate_reported || amounts.estimate_reported[i];
    }
    const std::string paid_title = measure_title(layout, "disbursed_mid_year");
    const std::string estimate_title = measure_title(layout, "estimated");
    for (const auto& node : order)
        for (std::size_t c = 0; c < layout.columns.size(); ++c) {
            const auto it = cells.find({node, c});
            if (it == cells.end()) continue;
            const Cell& cell = it->second;
            const std::string what = rules.programme.short_label(node) + ", " + column_title(layout.columns[c], rules) +
                                     ", năm " + std::to_string(layout.results_year) + ": ";
            const std::string subject = "nodes[" + node + "]";
            const std::string allocated = "kế hoạch vốn được giao " + format_million_vnd(cell.allocated);
            if (cell.paid > cell.allocated)
                out.push_back({Severity::error, "mid_year_disbursement_over_allocation", subject,
                               what + paid_title + " là " + format_million_vnd(cell.paid) + ", vượt " + allocated});
            if (!cell.estimate_reported) continue;
            if (cell.estimated < cell.paid)
                out.push_back({Severity::error, "estimate_below_mid_year_disbursement", subject,
                               what + estimate_title + " là " + format_million_vnd(cell.estimated) + ", thấp hơn " +
                                   paid_title + " (" + format_million_vnd(cell.paid) + ")"});
            if (cell.estimated > cell.allocated)
                out.push_back({Severity::error, "estimate_over_allocation", subject,
                               what + estimate_title + " là " + format_million_vnd(cell.estimated) + ", vượt " + allocated});
        }
    return out;
}

}  // namespace giamngheo
