// The budget as allocation tables print it: source × fund kind, with both margins (per node and
// per column) and the central-budget total, and the check that the lines add up to every total
// the plan prints.
#include <algorithm>
#include <set>

#include "modules/plans/domain/plan.hpp"
#include "modules/plans/domain/plan_detail.hpp"

namespace giamngheo {
using namespace plan_detail;
namespace {

// Whether the lines' sum agrees with a printed total: equal, or on the right side of a printed bound.
bool agrees(std::int64_t sum, std::int64_t announced, const std::optional<PrintedAmount>& printed) {
    return printed ? printed->admits(sum) && (printed->bound != "exact" || sum == announced) : sum == announced;
}

std::string mismatch_message(const std::string& what, int year, const LineSum& sum, std::int64_t announced,
                             const std::optional<PrintedAmount>& printed = std::nullopt) {
    const bool bound = printed && printed->bound != "exact";
    std::string out = what + ": các dòng kinh phí năm " + std::to_string(year) + " cộng lại " +
                      format_million_vnd(sum.amount) + (bound ? ", không khớp tổng " : ", khác tổng ") +
                      (bound ? printed->bound_vi() : std::string()) + format_million_vnd(announced) +
                      " ghi trong kế hoạch" + (printed ? " (in là \"" + printed->printed + "\")" : std::string()) +
                      " (lệch " + format_million_vnd(std::llabs(sum.amount - announced)) + ")";
    out += sum.lines.empty() ? "; không có dòng nào" : "; các dòng: " + list_numbers(sum.lines);
    return out;
}

bool in_group(const PlanRules& rules, const std::string& group, const std::string& source_key) {
    const auto* source = rules.funding.source(source_key);
    if (!source) return false;
    if (group == "central") return source->is_central();
    if (group == "local") return source->is_local_budget();
    return false;
}

// Whether the line belongs to the subtotal's source (or group), fund kind and sub-kind.
bool matches(const PlanRules& rules, const AnnouncedSubtotal& sub, const BudgetLine& l) {
    if (!sub.source.empty() && l.source != sub.source) return false;
    if (!sub.source_group.empty() && !in_group(rules, sub.source_group, l.source)) return false;
    if (!sub.fund_kind.empty() && l.fund_kind != sub.fund_kind) return false;
    if (!sub.fund_sub_kind.empty() && l.fund_sub_kind != sub.fund_sub_kind) return false;
    return true;
}

// "Ngân sách tỉnh, Vốn sự nghiệp (sự nghiệp kinh tế)"; "Ngân sách trung ương" for the group.
std::string subtotal_name(const PlanRules& rules, const AnnouncedSubtotal& sub) {
    std::string out;
    if (!sub.source.empty()) out = source_name(rules, sub.source);
    if (sub.source_group == "central") out = "Ngân sách trung ương";
    if (sub.source_group == "local") out = "Ngân sách địa phương";
    if (!sub.fund_kind.empty()) {
        const auto* source = rules.funding.source(sub.source);
        // A source of one fund kind already says it ("Ngân sách trung ương - vốn sự nghiệp").
        if (!source || source->fund_kinds.size() != 1) out += (out.empty() ? "" : ", ") + fund_kind_name(rules, sub.fund_kind);
        if (!sub.fund_sub_kind.empty()) {
            const auto* kind = rules.funding.fund_kind(sub.fund_kind);
            const auto* sub_kind = kind ? kind->sub_kind(sub.fund_sub_kind) : nullptr;
            out += " (" + (sub_kind ? sub_kind->name : sub.fund_sub_kind) + ")";
        }
    }
    return out.empty() ? "mọi nguồn" : out;
}

void check_subtotal(const Plan& plan, const PlanRules& rules, const AnnouncedSubtotal& sub, const std::string& node,
                    const std::string& subject, std::vector<Finding>& out) {
    const int year = sub.budget_year ? sub.budget_year : plan.year;
    const std::string what = (node.empty() ? std::string("Tổng kế hoạch") : rules.programme.short_label(node)) + ", " +
                             subtotal_name(rules, sub);
    const auto take = [&](const BudgetLine& l) {
        return l.budget_year == year && matches(rules, sub, l) && (node.empty() || rules.programme.within(l.node, node));
    };
    const LineSum sum = sum_lines(plan, take);
    if (!agrees(sum.amount, sub.amount_vnd, sub.printed))
        out.push_back({Severity::error, node.empty() ? "plan_margin_mismatch" : "source_total_mismatch", subject,
                       mismatch_message(what, year, sum, sub.amount_vnd, sub.printed)});
    for (const auto& [origin, amount] : sub.by_origin_year) {
        const LineSum part = sum_lines(plan, [&, origin = origin](const BudgetLine& l) { return take(l) && l.origin_year == origin; });
        if (part.amount != amount)
            out.push_back({Severity::error, "origin_year_total_mismatch", subject,
                           mismatch_message(what + ", vốn năm " + std::to_string(origin), year, part, amount)});
    }
}

}  // namespace

std::vector<Finding> check_totals(const Plan& plan, const PlanRules& rules) {
    std::vector<Finding> out;
    const int year = plan.year;
    for (const NodeSection& section : plan.nodes) {
        if (!section.applicable) continue;
        const std::string subject = "nodes[" + section.node + "]";
        if (section.announced_total_vnd) {
            const LineSum sum = sum_lines(plan, [&](const BudgetLine& l) {
                return l.budget_year == year && rules.programme.within(l.node, section.node);
            });
            if (!agrees(sum.amount, *section.announced_total_vnd, section.announced_total_printed))
                out.push_back({Severity::error, "node_total_mismatch", subject,
                               mismatch_message(rules.programme.short_label(section.node), year, sum,
                                                *section.announced_total_vnd, section.announced_total_printed)});
        }
        for (const auto& sub : section.announced_subtotals) check_subtotal(plan, rules, sub, section.node, subject, out);
    }
    for (std::size_t i = 0; i < plan.announced_totals.size(); ++i)
        check_subtotal(plan, rules, plan.announced_totals[i], "", "announced_totals[" + std::to_string(i) + "]", out);
    if (plan.announced_total_vnd) {
        const LineSum sum = sum_lines(plan, [&](const BudgetLine& l) { return l.budget_year == year; });
        if (!agrees(sum.amount, *plan.announced_total_vnd, plan.announced_total_printed))
            out.push_back({Severity::error, "plan_total_mismatch", "budget_lines",
                           mismatch_message("Tổng kinh phí kế hoạch", year, sum, *plan.announced_total_vnd,
                                            plan.announced_total_printed)});
    }
    return out;
}

std::string column_title(const BudgetColumn& column, const PlanRules& rules) {
    const auto* source = rules.funding.source(column.source);
    if (source && source->fund_kinds.size() == 1 && source->fund_kinds.front() == column.fund_kind) return source->name;
    return source_name(rules, column.source) + " - " + fund_kind_name(rules, column.fund_kind);
}

void sort_budget_columns(std::vector<BudgetColumn>& columns, const PlanRules& rules) {
    const auto rank = [&](const BudgetColumn& c) {
        std::size_t s = rules.funding.sources.size(), k = rules.funding.fund_kinds.size();
        for (std::size_t i = 0; i < rules.funding.sources.size(); ++i)
            if (rules.funding.sources[i].key == c.source) s = i;
        for (std::size_t i = 0; i < rules.funding.fund_kinds.size(); ++i)
            if (rules.funding.fund_kinds[i].key == c.fund_kind) k = i;
        return std::tuple{s, k, c.source, c.fund_kind};
    };
    std::sort(columns.begin(), columns.end(), [&](const BudgetColumn& a, const BudgetColumn& b) { return rank(a) < rank(b); });
}

BudgetTable budget_table(const Plan& plan, int budget_year, const PlanRules& rules) {
    BudgetTable table;
    table.budget_year = budget_year;
    std::vector<BudgetColumn> used;
    std::set<std::string> used_nodes;
    for (const auto& l : plan.budget_lines)
        if (l.budget_year == budget_year && !l.programme_level) {
            if (std::find(used.begin(), used.end(), BudgetColumn{l.source, l.fund_kind}) == used.end())
                used.push_back({l.source, l.fund_kind});
            used_nodes.insert(l.node);
        }
    sort_budget_columns(used, rules);
    table.columns = used;
    std::vector<std::string> nodes;
    for (const auto& n : rules.programme.nodes)
        if (used_nodes.erase(n.key)) nodes.push_back(n.key);
    nodes.insert(nodes.end(), used_nodes.begin(), used_nodes.end());
    table.total.by_column.assign(table.columns.size(), 0);
    for (const auto& node : nodes) {
        BudgetTable::Row row{node, std::vector<std::int64_t>(table.columns.size(), 0), 0, 0};
        for (const auto& l : plan.budget_lines) {
            if (l.budget_year != budget_year || l.node != node || l.programme_level) continue;
            const auto column = static_cast<std::size_t>(
                std::find(table.columns.begin(), table.columns.end(), BudgetColumn{l.source, l.fund_kind}) -
                table.columns.begin());
            const auto* source = rules.funding.source(l.source);
            const bool central = source && source->is_central();
            row.by_column[column] += l.amount_vnd;
            row.total += l.amount_vnd;
            table.total.by_column[column] += l.amount_vnd;
            table.total.total += l.amount_vnd;
            if (central) {
                row.central += l.amount_vnd;
                table.total.central += l.amount_vnd;
            }
            if (l.carried_over()) table.carried_over += l.amount_vnd;
        }
        table.rows.push_back(std::move(row));
    }
    return table;
}

}  // namespace giamngheo
