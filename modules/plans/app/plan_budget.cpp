// Use cases of a plan's budget: the lines as a table, the XLSX export (lines and the allocation
// table source × fund kind with the central total), the all-or-nothing import of a table with
// amounts as printed, and the finance officer's view (table and counterpart rules applied).
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>

#include "kernel/format_vi.hpp"
#include "modules/plans/app/budget_columns.hpp"
#include "modules/plans/app/plans.hpp"
#include "modules/plans/app/plans_detail.hpp"
#include "platform/xlsx.hpp"

namespace giamngheo::app {
namespace {

namespace fs = std::filesystem;
using namespace detail;

// Columns the export adds for readers; the import ignores them.
const std::vector<std::string> kBudgetInfoColumns = {"node_name", "source_name"};
// Columns the import also reads: the amount as printed with its unit ("152.417 triệu đồng"), or in million.
const std::vector<std::string> kBudgetPrintedColumns = {"amount_printed", "amount_million"};
// A line below this many đồng written without a unit is most likely typed in another unit.
constexpr std::int64_t kSmallestPlausibleLine = 1'000'000;

}  // namespace

BudgetView budget_view(const Plan& plan, const PlanRules& rules) {
    BudgetView view;
    view.table = budget_table(plan, plan.year, rules);
    for (const auto& c : view.table.columns) view.column_titles.push_back(column_title(c, rules));
    for (const auto& r : view.table.rows) view.row_titles.push_back(rules.programme.qualified_title(r.node));
    view.province = plan_province(plan, rules).name;
    for (const auto& check : counterpart_checks(plan, rules)) {
        const CounterpartRule& rule = *check.rule;
        CounterpartRow row;
        row.rule = rule.key;
        row.rule_label = rule.label_vi;
        row.province = rule.province_name;
        row.legal_source = rule.legal_source;
        row.verified = rule.verified;
        row.budget_year = check.budget_year;
        row.node = check.node;
        row.node_label = check.node.empty() ? "" : rules.programme.short_label(check.node);
        for (const auto& s : rule.counterpart_sources) {
            const auto* source = rules.funding.source(s);
            row.counterpart_label += (row.counterpart_label.empty() ? "" : ", ") + (source ? source->name : s);
        }
        if (!rule.counterpart_label_vi.empty()) row.counterpart_label = rule.counterpart_label_vi;
        row.base_label = rule.base_label_vi;
        row.share_percent = rule.share_percent;
        row.rounding = rule.rounding.vietnamese();
        row.base_vnd = check.base_vnd;
        row.exact_minimum_vnd = check.exact_minimum_vnd;
        row.minimum_vnd = check.minimum_vnd;
        row.counterpart_vnd = check.counterpart_vnd;
        row.met = check.met();
        row.text = describe_counterpart_check(plan, check, rules);
        view.counterpart.push_back(std::move(row));
    }
    return view;
}

BudgetView plan_budget_view(store::PlanStore& plans, store::Store& registry, const Environment& env,
                            const store::PlanKey& key) {
    const store::StoredPlan stored = require_plan(plans, key);
    const PlanCatalogues catalogues = load_plan_catalogues(env, key.programme);
    const UnitCatalogue units = registry.load_units();
    return budget_view(stored.plan, catalogues.rules(&units));
}

const std::vector<std::string> kBudgetColumns = {"node",   "source", "fund_kind",   "budget_year", "origin_year", "amount_vnd",
                                                 "stage", "counterpart", "unit_code", "label", "decision", "tranche"};

io::Table budget_lines_table(const Plan& plan, const PlanRules& rules) {
    io::Table table;
    table.source = "budget";
    for (const auto& key : kBudgetColumns) table.header.push_back(budget_column_header(key));
    table.header.push_back(budget_column_header("node_name"));
    for (const auto& l : plan.budget_lines)
        table.rows.push_back({l.node, source_text(rules.funding, l.source), fund_kind_text(rules.funding, l.fund_kind),
                              std::to_string(l.budget_year), std::to_string(l.origin_year), std::to_string(l.amount_vnd),
                              stage_text(l.stage), counterpart_text(l.counterpart), l.unit_code, l.label, l.decision,
                              l.tranche, rules.programme.qualified_title(l.node)});
    return table;
}

void export_budget_xlsx(store::PlanStore& plans, const Environment& env, const store::PlanKey& key, const std::string& path) {
    const store::StoredPlan stored = require_plan(plans, key);
    const PlanCatalogues catalogues = load_plan_catalogues(env, key.programme);
    const PlanRules rules = catalogues.rules();
    const io::Table lines = budget_lines_table(stored.plan, rules);
    // The summary in million VND, as the plan prints it.
    const BudgetTable summary_data = budget_table(stored.plan, key.year, rules);
    io::Table summary;
    summary.header = {"TT", "Mã", "Dự án, tiểu dự án"};
    for (const auto& c : summary_data.columns) summary.header.push_back(column_title(c, rules));
    // The central-budget total of each row (central investment + central recurrent), when the
    // table has other columns.
    const bool central_column = summary_data.total.central > 0 && summary_data.columns.size() > 1;
    if (central_column) summary.header.push_back("Trong đó: ngân sách trung ương");
    summary.header.push_back("Tổng cộng (triệu đồng)");
    const auto in_million = [](std::int64_t vnd) { return number_text(static_cast<double>(vnd) / kMillion); };
    const auto add_row = [&](std::vector<std::string> cells, const BudgetTable::Row& row, bool total_row) {
        for (const auto v : row.by_column) cells.push_back(v || total_row ? in_million(v) : "");
        if (central_column) cells.push_back(row.central || total_row ? in_million(row.central) : "");
        cells.push_back(in_million(row.total));
        summary.rows.push_back(std::move(cells));
    };
    for (std::size_t r = 0; r < summary_data.rows.size(); ++r) {
        const auto& row = summary_data.rows[r];
        add_row({std::to_string(r + 1), row.node, rules.programme.qualified_title(row.node)}, row, false);
    }
    add_row({"", "", "Tổng cộng"}, summary_data.total, true);
    std::set<std::string> summary_numeric(summary.header.begin() + 3, summary.header.end());
    const std::set<std::string> numeric = {budget_column_header("budget_year"), budget_column_header("origin_year"),
                                           budget_column_header("amount_vnd")};
    io::write_xlsx(path, {io::XlsxSheet{"Dòng kinh phí", &lines, numeric, {}},
                          io::XlsxSheet{"Tổng hợp " + std::to_string(key.year), &summary, summary_numeric, {}}});
}

BudgetImportResult import_budget(store::PlanStore& plans, const Environment& env, const store::PlanKey& key,
                                 const std::string& path, bool dry_run, const store::Actor& actor) {
    store::StoredPlan stored = require_plan(plans, key);
    const PlanCatalogues catalogues = load_plan_catalogues(env, key.programme);
    const PlanRules rules = catalogues.rules();
    const io::Table table = io::read_table(path);
    const std::string file = fs::path(path).filename().string();
    BudgetImportResult result;
    auto problem = [&](long row, const std::string& column, const std::string& message) {
        result.problems.push_back({file, row, column, message});
    };
    std::map<std::string, std::size_t> column_of;
    for (std::size_t c = 0; c < table.header.size(); ++c) {
        const std::string name = budget_column_key(table.header[c]);
        const bool known = std::find(kBudgetColumns.begin(), kBudgetColumns.end(), name) != kBudgetColumns.end();
        const bool info = std::find(kBudgetInfoColumns.begin(), kBudgetInfoColumns.end(), name) != kBudgetInfoColumns.end() ||
                          std::find(kBudgetPrintedColumns.begin(), kBudgetPrintedColumns.end(), name) != kBudgetPrintedColumns.end();
        if (!known && !info) problem(1, name, "cột không thuộc bảng kinh phí");
        if (column_of.count(name)) problem(1, name, "cột bị lặp");
        column_of[name] = c;
    }
    for (const char* required : {"node", "source", "fund_kind", "budget_year"})
        if (!column_of.count(required)) problem(1, required, "thiếu cột bắt buộc");
    if (!column_of.count("amount_vnd") && !column_of.count("amount_printed") && !column_of.count("amount_million"))
        problem(1, "amount_vnd", "thiếu cột số tiền (amount_vnd, amount_million hoặc amount_printed)");
    std::vector<Finding> small;
    if (!result.problems.empty()) return result;

    std::vector<BudgetLine> lines;
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const auto& cells = table.rows[r];
        const long row_number = r < table.row_numbers.size() ? table.row_numbers[r] : static_cast<long>(r + 2);
        const auto get = [&](const std::string& name) {
            const auto it = column_of.find(name);
            return it == column_of.end() || it->second >= cells.size() ? std::string() : cells[it->second];
        };
        BudgetLine l;
        l.node = get("node");
        l.source = source_key(rules.funding, get("source"));
        l.fund_kind = fund_kind_key(rules.funding, get("fund_kind"));
        l.programme_level = l.node == key.programme;  // the programme's total before the split
        if (!l.programme_level && !rules.programme.find(l.node))
            problem(row_number, "node", "không có dự án/tiểu dự án \"" + l.node + "\"");
        const auto* source = rules.funding.source(l.source);
        if (!source) problem(row_number, "source", "không có nguồn vốn \"" + l.source + "\"");
        if (!rules.funding.fund_kind(l.fund_kind))
            problem(row_number, "fund_kind", "không có loại vốn \"" + l.fund_kind + "\"");
        else if (source && std::find(source->fund_kinds.begin(), source->fund_kinds.end(), l.fund_kind) == source->fund_kinds.end())
            problem(row_number, "fund_kind", "nguồn " + source->name + " không cấp loại vốn \"" + l.fund_kind + "\"");
        const auto year = parse_integer(get("budget_year"));
        if (!year) problem(row_number, "budget_year", "cần năm, ví dụ 2023");
        l.budget_year = static_cast<int>(year.value_or(0));
        const std::string origin_text = get("origin_year");
        const auto origin = origin_text.empty() ? year : parse_integer(origin_text);
        if (!origin || (year && *origin > *year)) problem(row_number, "origin_year", "cần năm, không sau năm kế hoạch");
        l.origin_year = static_cast<int>(origin.value_or(0));
        // The amount: in đồng, in million or as printed with its unit; all that are given must agree.
        std::optional<PrintedAmount> amount;
        for (const auto& [column, unit] : {std::pair{"amount_vnd", std::int64_t{1}}, std::pair{"amount_million", kMillion},
                                           std::pair{"amount_printed", std::int64_t{0}}}) {
            const std::string text = get(column);
            if (text.find_first_not_of(" \t") == std::string::npos) continue;
            try {
                const PrintedAmount read = parse_printed_amount(text, unit);
                if (amount && amount->vnd != read.vnd)
                    problem(row_number, column, "số tiền " + format_integer_vi(read.vnd) + " đồng khác cột trước (" +
                                                    format_integer_vi(amount->vnd) + " đồng)");
                if (!amount || read.unit_written) amount = read;
            } catch (const std::invalid_argument& e) {
                problem(row_number, column, std::string("số tiền ") + e.what());
                amount = PrintedAmount{};
            }
        }
        if (!amount) problem(row_number, "amount_vnd", "thiếu số tiền; ví dụ 3207000000, hoặc \"3.207 triệu đồng\" ở cột amount_printed");
        l.amount_vnd = amount ? amount->vnd : 0;
        if (amount && amount->unit_written) l.amount_printed = amount;
        if (amount && amount->vnd > 0 && amount->vnd < kSmallestPlausibleLine && !amount->unit_written)
            small.push_back({Severity::warning, "amount_implausibly_small", "budget_lines[" + std::to_string(lines.size()) + "]",
                             file + ", dòng " + std::to_string(row_number) + ": số tiền " + format_integer_vi(amount->vnd) +
                                 " đồng (dưới 1 triệu đồng) không ghi đơn vị; nếu bảng tính theo triệu đồng hãy dùng cột "
                                 "amount_million, hoặc ghi \"" + format_integer_vi(amount->vnd) + " triệu đồng\" ở cột amount_printed"});
        l.stage = stage_key(get("stage"));
        if (!l.stage.empty() && !is_budget_stage(l.stage))
            problem(row_number, "stage", "cần đề xuất, nhu cầu, kế hoạch vốn, được giao hoặc giao điều chỉnh");
        const std::string counterpart = counterpart_key(get("counterpart"));
        if (counterpart != "" && counterpart != "0" && counterpart != "1")
            problem(row_number, "counterpart", "cần Có hoặc Không (1 hoặc 0)");
        l.counterpart = counterpart == "1";
        l.unit_code = get("unit_code");
        l.label = get("label");
        l.decision = get("decision");
        l.tranche = get("tranche");
        // A line the plan already has keeps what the table cannot carry (basis, note).
        for (const auto& old : stored.plan.budget_lines)
            if (old.node == l.node && old.source == l.source && old.fund_kind == l.fund_kind &&
                old.budget_year == l.budget_year && old.origin_year == l.origin_year && old.unit_code == l.unit_code) {
                l.source_basis = old.source_basis;
                l.note = old.note;
            }
        lines.push_back(std::move(l));
    }
    result.lines = lines.size();
    if (!result.problems.empty()) return result;
    const auto before = check_plan(stored.plan, rules);
    stored.plan.budget_lines = std::move(lines);
    const auto after = check_plan(stored.plan, rules);
    result.findings = after;
    result.findings.insert(result.findings.begin(), small.begin(), small.end());
    if (dry_run || !new_errors(before, after).empty()) return result;
    store::Actor source = actor;
    if (source.source.empty()) source.source = path;
    plans.save_plan(stored.plan, source, "plan.budget_import", stored.record.version);
    result.written = true;
    return result;
}

}  // namespace giamngheo::app
