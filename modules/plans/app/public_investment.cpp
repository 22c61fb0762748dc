#include "modules/plans/app/public_investment.hpp"

#include <algorithm>

#include "modules/plans/app/budget_columns.hpp"
#include "modules/plans/app/plans.hpp"
#include "modules/plans/app/plans_detail.hpp"
#include "modules/plans/formats/plan_docx.hpp"

namespace giamngheo::app {
namespace {

using detail::new_errors;

const LayoutRow* find_row(const std::vector<LayoutRow>& rows, const std::string& node, const std::string& measure) {
    for (const auto& r : rows)
        if (r.node == node && r.measure == measure) return &r;
    return nullptr;
}

std::string in_million(std::int64_t vnd) { return io::million_text(vnd) + " triệu đồng"; }

// Replaces the entries of exactly one cell (node × source × fund kind) of part A by one entry of
// `vnd`: paid by the mid-year day, or the estimate. Returns why it cannot, or nothing.
std::string replace_disbursement(Plan& plan, const PublicInvestmentLayout& layout, const std::string& node,
                                 const BudgetColumn& column, bool estimate, std::int64_t vnd, const PlanRules& rules) {
    const int year = layout.results_year;
    const auto in_cell = [&](const BudgetLine& l) {
        return !l.programme_level && l.budget_year == year && l.node == node && l.source == column.source &&
               l.fund_kind == column.fund_kind && l.amount_vnd > 0;
    };
    if (vnd > 0 && std::none_of(plan.budget_lines.begin(), plan.budget_lines.end(), in_cell))
        return "không có dòng kinh phí năm " + std::to_string(year) + " của " + rules.programme.short_label(node) + " từ " +
               column_title(column, rules) + " để ghi giải ngân";
    // A source of the node whose lines are all of this fund kind: an entry without one is the cell's.
    const bool source_of_one_kind = std::all_of(plan.budget_lines.begin(), plan.budget_lines.end(), [&](const BudgetLine& l) {
        return l.budget_year != year || l.node != node || l.source != column.source || l.fund_kind == column.fund_kind;
    });
    std::vector<std::size_t> exact;
    for (std::size_t i = 0; i < plan.disbursements.size(); ++i) {
        const Disbursement& d = plan.disbursements[i];
        if (d.budget_year != year || d.estimate != estimate || !d.aggregate_of.empty()) continue;
        if (!estimate && d.date && *d.date > layout.results_as_of) continue;
        const bool covers = rules.programme.within(node, d.node) && (d.source.empty() || d.source == column.source) &&
                            (d.fund_kind.empty() || d.fund_kind == column.fund_kind);
        if (!covers) continue;
        const bool own = d.node == node && d.source == column.source &&
                         (d.fund_kind == column.fund_kind || (d.fund_kind.empty() && source_of_one_kind));
        if (!own)
            return "giải ngân số " + std::to_string(i + 1) + " (" + rules.programme.short_label(d.node) +
                   (d.source.empty() ? ", mọi nguồn" : ", " + source_text(rules.funding, d.source)) +
                   ") ghi chung cho nhiều dự án, nguồn vốn hoặc loại vốn; hãy sửa ở mục giải ngân của kế hoạch";
        exact.push_back(i);
    }
    for (auto it = exact.rbegin(); it != exact.rend(); ++it)
        plan.disbursements.erase(plan.disbursements.begin() + static_cast<std::ptrdiff_t>(*it));
    if (vnd == 0) return {};
    Disbursement entry;
    entry.node = node;
    entry.source = column.source;
    entry.fund_kind = column.fund_kind;
    entry.estimate = estimate;
    entry.budget_year = year;
    if (!estimate) entry.date = layout.results_as_of;
    entry.amount_vnd = vnd;
    entry.note = "Nhập từ biểu kế hoạch đầu tư công năm " + std::to_string(layout.plan_year);
    plan.disbursements.push_back(std::move(entry));
    return {};
}

// Sets the money of `stage` for N+1 of one cell: the line that holds it, a new line, or none.
std::string replace_line(Plan& plan, const PublicInvestmentLayout& layout, const std::string& node, const BudgetColumn& column,
                         const std::string& stage, std::int64_t vnd) {
    std::vector<std::size_t> lines;
    for (std::size_t i = 0; i < plan.budget_lines.size(); ++i) {
        const BudgetLine& l = plan.budget_lines[i];
        if (!l.programme_level && l.budget_year == layout.plan_year && l.node == node && l.source == column.source &&
            l.fund_kind == column.fund_kind && l.stage == stage)
            lines.push_back(i);
    }
    if (lines.size() > 1) {
        std::string numbers;
        for (const auto i : lines) numbers += (numbers.empty() ? "" : ", ") + std::to_string(i + 1);
        return "ô này gộp các dòng kinh phí " + numbers + " (khác đơn vị thực hiện hoặc năm nguồn vốn); hãy sửa ở bảng nguồn vốn";
    }
    if (lines.size() == 1) {
        BudgetLine& l = plan.budget_lines[lines.front()];
        if (vnd == 0) plan.budget_lines.erase(plan.budget_lines.begin() + static_cast<std::ptrdiff_t>(lines.front()));
        else {
            l.amount_vnd = vnd;
            l.amount_printed.reset();
        }
        return {};
    }
    BudgetLine l;
    l.node = node;
    l.source = column.source;
    l.fund_kind = column.fund_kind;
    l.budget_year = l.origin_year = layout.plan_year;
    l.amount_vnd = vnd;
    l.stage = stage;
    plan.budget_lines.push_back(std::move(l));
    return {};
}

}  // namespace

AppliedLayout apply_public_investment(const Plan& plan, const io::TypedLayout& typed, const PlanRules& rules) {
    AppliedLayout out{plan, typed.problems, 0};
    const PublicInvestmentLayout before = public_investment_layout(plan, rules);
    const auto problem = [&](const io::TypedLayoutRow& r, std::size_t column, const std::string& message) {
        // column 0 is "Tổng số", 1.. the layout's columns
        out.problems.push_back({typed.file, r.row + 1, io::spreadsheet_column(typed.first_amount_column + static_cast<long>(column)), message});
    };
    for (const auto& t : typed.rows) {
        const LayoutRow* now = find_row(t.part == "results" ? before.results : before.plan, t.node, t.measure);
        if (!now || t.node.empty() || now->subtotal) continue;  // totals are checked once the cells are applied
        for (std::size_t c = 0; c < before.columns.size(); ++c) {
            if (t.by_column[c] == now->by_column[c]) continue;
            ++out.changes;
            std::string why;
            if (t.measure == "allocated")
                why = "kế hoạch vốn được giao là " + in_million(now->by_column[c]) + " theo các dòng kinh phí năm " +
                      std::to_string(before.results_year) + "; sửa ở bảng nguồn vốn, không ở biểu này";
            else if (t.measure == "disbursed_mid_year" || t.measure == "estimated")
                why = replace_disbursement(out.plan, before, t.node, before.columns[c], t.measure == "estimated", t.by_column[c], rules);
            else
                why = replace_line(out.plan, before, t.node, before.columns[c], t.measure, t.by_column[c]);
            if (!why.empty()) problem(t, c + 1, why);
        }
    }
    if (!out.problems.empty()) return out;
    // Both margins: every row as typed against the layout of the plan with the cells applied.
    const PublicInvestmentLayout after = public_investment_layout(out.plan, rules);
    for (const auto& t : typed.rows) {
        const LayoutRow* row = find_row(t.part == "results" ? after.results : after.plan, t.node, t.measure);
        if (!row) continue;
        for (std::size_t c = 0; c < after.columns.size() && c < t.by_column.size(); ++c)
            if (t.by_column[c] != row->by_column[c])
                problem(t, c + 1, "ghi " + in_million(t.by_column[c]) + ", các dòng cộng lại " + in_million(row->by_column[c]));
        if (t.total != row->total)
            problem(t, 0, "Tổng số ghi " + in_million(t.total) + ", các cột nguồn vốn cộng lại " + in_million(row->total));
    }
    return out;
}

PublicInvestmentView public_investment_view(store::PlanStore& plans, const Environment& env, const store::PlanKey& key) {
    const store::StoredPlan stored = require_plan(plans, key);
    const PlanCatalogues catalogues = load_plan_catalogues(env, key.programme);
    const PlanRules rules = catalogues.rules();
    PublicInvestmentView view;
    view.layout = public_investment_layout(stored.plan, rules);
    for (const auto& c : view.layout.columns) view.column_titles.push_back(column_title(c, rules));
    for (const auto& r : view.layout.results)
        if (r.measure == kResultMeasures[0]) view.row_titles.push_back(r.node.empty() ? "Tổng cộng" : rules.programme.qualified_title(r.node));
    view.findings = check_public_investment(stored.plan, rules);
    return view;
}

void export_public_investment_xlsx(store::PlanStore& plans, const Environment& env, const store::PlanKey& key,
                                   const std::string& path) {
    const store::StoredPlan stored = require_plan(plans, key);
    const PlanCatalogues catalogues = load_plan_catalogues(env, key.programme);
    const PlanRules rules = catalogues.rules();
    io::write_printed_xlsx(path, {io::public_investment_sheet(stored.plan, public_investment_layout(stored.plan, rules), rules)});
}

void export_public_investment_docx(store::PlanStore& plans, const Environment& env, const store::PlanKey& key,
                                   const std::string& path) {
    const store::StoredPlan stored = require_plan(plans, key);
    const PlanCatalogues catalogues = load_plan_catalogues(env, key.programme);
    io::write_public_investment_docx(path, stored.plan, catalogues.rules());
}

PublicInvestmentImport import_public_investment(store::PlanStore& plans, const Environment& env, const store::PlanKey& key,
                                                std::string_view bytes, const std::string& source, bool dry_run,
                                                const store::Actor& actor) {
    store::StoredPlan stored = require_plan(plans, key);
    const PlanCatalogues catalogues = load_plan_catalogues(env, key.programme);
    const PlanRules rules = catalogues.rules();
    PublicInvestmentImport result;
    io::TypedLayout typed;
    try {
        typed = io::read_public_investment_sheet(public_investment_layout(stored.plan, rules), io::read_xlsx_grid(bytes, source),
                                                 source, rules);
    } catch (const io::FileProblem& e) {
        result.problems.push_back(e.problem());
        return result;
    }
    result.rows = typed.rows.size();
    AppliedLayout applied = apply_public_investment(stored.plan, typed, rules);
    result.problems = std::move(applied.problems);
    result.changes = applied.changes;
    if (!result.problems.empty()) return result;
    const auto checks = [&](const Plan& plan) {
        auto findings = check_public_investment(plan, rules);
        const auto rest = check_plan(plan, rules);
        findings.insert(findings.end(), rest.begin(), rest.end());
        return findings;
    };
    const auto before = checks(stored.plan);
    result.findings = checks(applied.plan);
    if (dry_run || result.changes == 0 || !new_errors(before, result.findings).empty()) return result;
    store::Actor by = actor;
    if (by.source.empty()) by.source = source;
    plans.save_plan(applied.plan, by, "plan.public_investment_import", stored.record.version);
    result.written = true;
    return result;
}

}  // namespace giamngheo::app
