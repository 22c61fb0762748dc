#include "modules/plans/app/plans.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "kernel/classify.hpp"
#include "kernel/format_vi.hpp"
#include "modules/plans/formats/plan_docx.hpp"
#include "modules/plans/formats/plan_json.hpp"
#include "platform/xlsx.hpp"
#include "kernel/errors.hpp"

namespace giamngheo::app {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr double kPercent = 100.0;
constexpr std::int64_t kMillion = 1'000'000;
// Columns the export adds for readers; the import ignores them.
const std::vector<std::string> kBudgetInfoColumns = {"node_name", "source_name"};
// Columns the import also reads: the amount as printed with its unit ("152.417 triệu đồng"), or in million.
const std::vector<std::string> kBudgetPrintedColumns = {"amount_printed", "amount_million"};
// A line below this many đồng written without a unit is most likely typed in another unit.
constexpr std::int64_t kSmallestPlausibleLine = 1'000'000;

json load_json(const std::string& path) {
    try {
        return json::parse(io::read_file(path));
    } catch (const json::exception& e) {
        throw_invalid_input(path + ": JSON không hợp lệ (" + e.what() + ")");
    }
}

std::string programmes_dir(const Environment& env) { return env.data_dir + "/programmes"; }

// Errors the change brings that the plan did not have before.
std::vector<Finding> new_errors(const std::vector<Finding>& before, const std::vector<Finding>& after) {
    std::set<std::string> known;
    for (const auto& f : before) known.insert(f.code + "\n" + f.message);
    std::vector<Finding> out;
    for (const auto& f : after)
        if (f.severity == Severity::error && !known.count(f.code + "\n" + f.message)) out.push_back(f);
    return out;
}

std::string number_text(std::optional<double> value) {
    constexpr int kDecimals = 4;
    if (!value) return {};
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", kDecimals, *value);
    std::string text = buffer;
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
    return text;
}

std::optional<std::int64_t> parse_integer(std::string text) {
    // Spaces around a cell are as good as none, at either end.
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.erase(0, 1);
    if (text.empty()) return std::nullopt;
    std::size_t used = 0;
    try {
        const long long v = std::stoll(text, &used);
        if (used != text.size()) return std::nullopt;
        return v;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

}  // namespace

PlanCatalogues load_plan_catalogues(const Environment& env, const std::string& programme) {
    // Only a programme of the catalogue: a name is never a path (no "../", no "funding").
    const auto ids = programme_ids(env);
    const std::string path = programmes_dir(env) + "/" + programme + ".json";
    if (std::find(ids.begin(), ids.end(), programme) == ids.end()) {
        std::string known;
        for (const auto& id : ids) known += (known.empty() ? "" : ", ") + id;
        throw_invalid_input("không có chương trình \"" + programme + "\"; các chương trình hiện có: " + known);
    }
    try {
        return {parse_programme(load_json(path)), parse_funding(load_json(programmes_dir(env) + "/funding.json"))};
    } catch (const std::invalid_argument& e) {
        throw_fault(programmes_dir(env) + ": " + e.what());
    }
}

std::vector<std::string> programme_ids(const Environment& env) {
    std::vector<std::string> ids;
    if (fs::exists(programmes_dir(env)))
        for (const auto& entry : fs::directory_iterator(programmes_dir(env)))
            if (entry.path().extension() == ".json" && entry.path().stem() != "funding")
                ids.push_back(entry.path().stem().string());
    std::sort(ids.begin(), ids.end());
    return ids;
}

bool has_errors(const std::vector<Finding>& findings) {
    return std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.severity == Severity::error; });
}

std::vector<Finding> keep_entered_actuals(Plan& plan, const Plan& stored) {
    std::vector<Finding> out;
    const auto same = [](const Target& a, const Target& b) {
        return a.indicator == b.indicator && a.kind == b.kind && a.year == b.year && a.unit_code == b.unit_code &&
               a.population == b.population;
    };
    for (std::size_t i = 0; i < plan.targets.size(); ++i) {
        Target& t = plan.targets[i];
        if (t.actual && t.actual_change) continue;
        for (const auto& old : stored.targets) {
            if (!same(t, old)) continue;
            std::string kept;
            if (!t.actual && old.actual) {
                t.actual = old.actual;
                kept = "số thực hiện " + format_decimal_vi(*old.actual, 2);
            }
            if (!t.actual_change && old.actual_change) {
                t.actual_change = old.actual_change;
                kept += (kept.empty() ? "" : " và ") + std::string("mức thay đổi ") + format_decimal_vi(*old.actual_change, 2);
            }
            if (!kept.empty())
                out.push_back({Severity::notice, "entered_actual_kept", "targets[" + std::to_string(i) + "]",
                               "Chỉ tiêu " + std::to_string(i + 1) + " (" + t.indicator + " năm " + std::to_string(t.year) +
                                   "): giữ " + kept + " đã nhập vì tệp nhập lại không có"});
            break;
        }
    }
    return out;
}

PlanImportResult import_plan(store::PlanStore& plans, const Environment& env, const std::string& path, bool dry_run,
                             const store::Actor& actor, const UnitCatalogue* units) {
    Plan plan = io::read_plan_file(path);
    const PlanCatalogues catalogues = load_plan_catalogues(env, plan.programme);
    PlanImportResult result;
    std::vector<Finding> kept;
    if (const auto stored = plans.load_plan({plan.programme, plan.unit_code, plan.year}))
        kept = keep_entered_actuals(plan, stored->plan);
    result.findings = check_plan(plan, catalogues.rules(units));
    result.findings.insert(result.findings.end(), kept.begin(), kept.end());
    if (dry_run || has_errors(result.findings)) return result;
    store::Actor source = actor;
    if (source.source.empty()) source.source = path;
    result.record = plans.save_plan(plan, source, "plan.import");
    result.written = true;
    return result;
}

store::StoredPlan require_plan(store::PlanStore& plans, const store::PlanKey& key) {
    auto stored = plans.load_plan(key);
    if (!stored)
        throw_not_found("không có kế hoạch của đơn vị " + key.unit_code + " năm " + std::to_string(key.year) +
                                 " (" + key.programme + "); nhập bằng: plan import FILE");
    return std::move(*stored);
}

std::vector<Finding> check_stored_plan(store::PlanStore& plans, store::Store& registry, const Environment& env,
                                       const store::PlanKey& key) {
    const store::StoredPlan stored = require_plan(plans, key);
    const PlanCatalogues catalogues = load_plan_catalogues(env, key.programme);
    const UnitCatalogue units = registry.load_units();
    std::vector<Finding> findings = check_plan(stored.plan, catalogues.rules(&units));
    UnitLevel level;
    if (!parse_unit_level(stored.plan.unit_level, level) || level == UnitLevel::commune) return findings;
    // Plans are made on the map of their year; before July 2025 that is the 2024 map. The units
    // directly below compare with the plan; those without a plan are named, not counted as zero.
    const Date at{key.year, 1, 1};
    const UnitMap map = UnitCatalogue::map_at(at);
    std::vector<std::string> expected;
    for (const UnitLevel below : {UnitLevel::district, UnitLevel::commune})
        for (const auto* unit : units.units(map, below, at))
            if (unit->parent_code == key.unit_code) expected.push_back(unit->code);
    std::vector<Plan> children;
    for (const auto& record : plans.list_plans(key.year, "")) {
        if (record.key.programme != key.programme || record.key.unit_code == key.unit_code) continue;
        if (std::find(expected.begin(), expected.end(), record.key.unit_code) != expected.end())
            children.push_back(require_plan(plans, record.key).plan);
    }
    if (!children.empty()) {
        const auto more = compare_with_units(stored.plan, children, catalogues.rules(&units), expected);
        findings.insert(findings.end(), more.begin(), more.end());
    }
    return findings;
}

DisbursementReport plan_disbursement(store::PlanStore& plans, const Environment& env, const store::PlanKey& key,
                                     std::optional<int> budget_year, const Date& as_of) {
    const store::StoredPlan stored = require_plan(plans, key);
    const PlanCatalogues catalogues = load_plan_catalogues(env, key.programme);
    return disbursement_report(stored.plan, budget_year.value_or(key.year), as_of, catalogues.rules());
}

io::Table disbursement_table(const DisbursementReport& report) {
    io::Table table;
    table.source = "disbursement";
    table.header = {"level", "key", "name", "allocated_vnd", "disbursed_vnd", "unreported_vnd", "rate", "not_allocated_vnd"};
    const auto add = [&](const char* level, const DisbursementRow& row) {
        const auto rate = row.rate();
        table.rows.push_back({level, row.key, row.name, std::to_string(row.allocated_vnd), std::to_string(row.disbursed_vnd),
                              std::to_string(row.unreported_vnd), rate ? number_text(*rate) : "",
                              std::to_string(row.not_allocated_vnd)});
    };
    for (const auto& row : report.by_node) add("node", row);
    for (const auto& row : report.by_source) add("source", row);
    add("total", report.total);
    return table;
}

namespace {

// The unit's households in the latest approved round whose year passes `year_matches` and that
// covers the unit, counted on the map of the round's reference date.
struct UnitRound {
    store::RoundRecord round;
    std::vector<store::ResultRow> rows;  // the unit's households only
};

std::optional<UnitRound> latest_unit_round(store::Store& registry, const std::string& unit_code,
                                           const std::function<bool(int)>& year_matches) {
    const UnitCatalogue units = registry.load_units();
    std::optional<store::RoundRecord> latest;
    for (const auto& round : registry.rounds()) {
        if (!year_matches(round.year) || round.status != store::RoundStatus::approved) continue;
        const UnitMap map = UnitCatalogue::map_at(round.reference_date);
        const UnitVersion* unit = units.find(unit_code, map, round.reference_date);
        if (!unit) continue;
        const bool covers = round.scope.empty() || round.scope == unit_code ||
                            units.ancestor(unit_code, map, UnitLevel::province) == round.scope ||
                            (unit->level == UnitLevel::commune && units.ancestor(unit_code, map, UnitLevel::district) == round.scope);
        if (covers && (!latest || round.reference_date >= latest->reference_date)) latest = round;
    }
    if (!latest) return std::nullopt;
    const UnitMap map = UnitCatalogue::map_at(latest->reference_date);
    const UnitVersion* unit = units.find(unit_code, map, latest->reference_date);
    UnitRound out{*latest, {}};
    for (auto& row : registry.round_results(latest->id)) {
        const bool inside = unit->level == UnitLevel::commune
                                ? row.unit_code == unit_code || row.current_unit_code == unit_code
                                : units.ancestor(row.unit_code, map, unit->level) == unit_code;
        if (inside) out.rows.push_back(std::move(row));
    }
    return out;
}

long count_class(const std::vector<store::ResultRow>& rows, HouseholdClass wanted) {
    return static_cast<long>(std::count_if(rows.begin(), rows.end(), [&](const store::ResultRow& row) {
        HouseholdClass c;
        return parse_household_class(row.household_class, c) && c == wanted;
    }));
}

}  // namespace

std::vector<MeasuredValue> measured_values(store::Store& registry, const std::string& unit_code, int year) {
    std::vector<MeasuredValue> out;
    const auto found = latest_unit_round(registry, unit_code, [&](int round_year) { return round_year == year; });
    if (!found || found->rows.empty()) return out;
    const double households = static_cast<double>(found->rows.size());
    const long poor = count_class(found->rows, HouseholdClass::poor);
    const long near_poor = count_class(found->rows, HouseholdClass::near_poor);
    out.push_back({"poor_households", unit_code, year, static_cast<double>(poor)});
    out.push_back({"near_poor_households", unit_code, year, static_cast<double>(near_poor)});
    out.push_back({"poor_rate", unit_code, year, kPercent * static_cast<double>(poor) / households});
    out.push_back({"near_poor_rate", unit_code, year, kPercent * static_cast<double>(near_poor) / households});
    return out;
}

std::optional<Situation> registry_situation(store::Store& registry, const std::string& unit_code, int plan_year) {
    const auto found = latest_unit_round(registry, unit_code, [&](int year) { return year < plan_year; });
    if (!found || found->rows.empty()) return std::nullopt;
    const auto& rows = found->rows;
    const double households = static_cast<double>(rows.size());
    const long poor = count_class(rows, HouseholdClass::poor);
    const long near_poor = count_class(rows, HouseholdClass::near_poor);
    Situation situation;
    situation.as_of = found->round.reference_date;
    situation.source = "Kỳ rà soát " + std::to_string(found->round.id) + " năm " + std::to_string(found->round.year) +
                       " (đã phê duyệt" +
                       (found->round.decision_date ? " ngày " + found->round.decision_date->vietnamese() : std::string()) +
                       "), chuẩn " + found->round.standard_id;
    situation.figures = {{"households", households, "households", ""},
                         {"poor_households", static_cast<double>(poor), "households", ""},
                         {"poor_rate", kPercent * static_cast<double>(poor) / households, "percent", ""},
                         {"near_poor_households", static_cast<double>(near_poor), "households", ""},
                         {"near_poor_rate", kPercent * static_cast<double>(near_poor) / households, "percent", ""}};
    // Main causes: how often each indicator is deprived among the poor households.
    const Standard standard = standard_from_document(found->round.standard_document);
    std::vector<std::pair<long, std::size_t>> deprived(standard.indicators.size());
    for (std::size_t j = 0; j < deprived.size(); ++j) deprived[j].second = j;
    for (const auto& row : rows) {
        HouseholdClass c;
        if (!parse_household_class(row.household_class, c) || c != HouseholdClass::poor) continue;
        for (std::size_t j = 0; j < deprived.size() && j < row.indicators.size(); ++j)
            deprived[j].first += row.indicators[j] == '1';
    }
    std::stable_sort(deprived.begin(), deprived.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& [count, j] : deprived)
        if (count > 0)
            situation.causes_of_poverty.push_back(standard.indicators[j].name + " (" + std::to_string(count) + "/" +
                                                  std::to_string(poor) + " hộ nghèo thiếu hụt)");
    return situation;
}

std::vector<TargetProgressRow> plan_targets(store::PlanStore& plans, store::Store& registry, const Environment& env,
                                            const store::PlanKey& key) {
    const store::StoredPlan stored = require_plan(plans, key);
    std::vector<MeasuredValue> measured;
    std::set<std::pair<std::string, int>> wanted;
    for (const auto& t : stored.plan.targets) wanted.insert({t.unit_code.empty() ? key.unit_code : t.unit_code, t.year});
    for (const auto& [unit, year] : wanted) {
        const auto values = measured_values(registry, unit, year);
        measured.insert(measured.end(), values.begin(), values.end());
    }
    std::vector<TargetProgressRow> out;
    for (const auto& p : target_progress(stored.plan, measured, env.today)) out.push_back({stored.plan.targets[p.index], p});
    return out;
}

io::Table targets_table(const std::vector<TargetProgressRow>& rows) {
    io::Table table;
    table.source = "targets";
    table.header = {"indicator", "year", "unit_code", "population", "kind", "unit", "baseline", "target",
                    "actual", "actual_source", "progress", "status", "status_vi", "measure", "actual_change"};
    for (const auto& r : rows) {
        const Target& t = r.target;
        std::string goal;
        if (t.target) goal = t.target->value ? number_text(t.target->value) : number_text(t.target->value_min);
        if (goal.empty() && t.change) goal = (t.change->value > 0 ? "+" : "") + number_text(t.change->value);
        table.rows.push_back({t.indicator, std::to_string(t.year), t.unit_code, t.population, t.kind, t.unit,
                              t.baseline ? number_text(t.baseline->value) : "", goal, number_text(r.progress.actual),
                              r.progress.actual_source, number_text(r.progress.progress), to_string(r.progress.status),
                              vietnamese_name(r.progress.status), r.progress.measure, number_text(r.progress.achieved_change)});
    }
    return table;
}

store::PlanRecord enter_target_actual(store::PlanStore& plans, const store::PlanKey& key, std::size_t index,
                                      double actual, const store::Actor& actor, bool as_change) {
    store::StoredPlan stored = require_plan(plans, key);
    if (index >= stored.plan.targets.size())
        throw_not_found("kế hoạch có " + std::to_string(stored.plan.targets.size()) + " chỉ tiêu; không có chỉ tiêu " +
                                 std::to_string(index + 1));
    if (as_change) stored.plan.targets[index].actual_change = actual;
    else stored.plan.targets[index].actual = actual;
    return plans.save_plan(stored.plan, actor, "plan.target_actual", stored.record.version);
}

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

DisbursementEntryResult add_disbursement(store::PlanStore& plans, const Environment& env, const store::PlanKey& key,
                                         const Disbursement& entry, const store::Actor& actor) {
    store::StoredPlan stored = require_plan(plans, key);
    const PlanCatalogues catalogues = load_plan_catalogues(env, key.programme);
    const PlanRules rules = catalogues.rules();
    DisbursementEntryResult result;
    const std::string subject = "disbursements[" + std::to_string(stored.plan.disbursements.size()) + "]";
    if (!entry.amount_vnd && !entry.percent)
        result.findings.push_back({Severity::error, "disbursement_without_amount", subject,
                                   "Giải ngân cần số tiền hoặc tỷ lệ phần trăm"});
    const bool has_lines = std::any_of(stored.plan.budget_lines.begin(), stored.plan.budget_lines.end(), [&](const BudgetLine& l) {
        return l.budget_year == entry.budget_year && rules.programme.within(l.node, entry.node) &&
               (entry.source.empty() || l.source == entry.source);
    });
    if (!has_lines)
        result.findings.push_back({Severity::error, "disbursement_without_lines", subject,
                                   "Giải ngân " + rules.programme.short_label(entry.node) +
                                       (entry.source.empty() ? "" : ", nguồn " + entry.source) + ", năm " +
                                       std::to_string(entry.budget_year) + ": kế hoạch không có dòng kinh phí tương ứng"});
    if (!result.findings.empty()) return result;
    const auto before = check_plan(stored.plan, rules);
    stored.plan.disbursements.push_back(entry);
    result.findings = new_errors(before, check_plan(stored.plan, rules));
    if (!result.findings.empty()) return result;
    result.record = plans.save_plan(stored.plan, actor, "plan.disbursement", stored.record.version);
    return result;
}

const std::vector<std::string> kBudgetColumns = {"node",   "source", "fund_kind",   "budget_year", "origin_year", "amount_vnd",
                                                 "stage", "counterpart", "unit_code", "label", "decision", "tranche"};

io::Table budget_lines_table(const Plan& plan, const PlanRules& rules) {
    io::Table table;
    table.source = "budget";
    table.header = kBudgetColumns;
    table.header.insert(table.header.end(), kBudgetInfoColumns.begin(), kBudgetInfoColumns.end());
    for (const auto& l : plan.budget_lines) {
        const auto* source = rules.funding.source(l.source);
        table.rows.push_back({l.node, l.source, l.fund_kind, std::to_string(l.budget_year), std::to_string(l.origin_year),
                              std::to_string(l.amount_vnd), l.stage, l.counterpart ? "1" : "0", l.unit_code, l.label,
                              l.decision, l.tranche, rules.programme.qualified_title(l.node), source ? source->name : ""});
    }
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
    io::write_xlsx(path, {io::XlsxSheet{"Dòng kinh phí", &lines, {"budget_year", "origin_year", "amount_vnd"}, {}},
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
        const std::string& name = table.header[c];
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
        l.source = get("source");
        l.fund_kind = get("fund_kind");
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
        l.stage = get("stage");
        if (!l.stage.empty() && !is_budget_stage(l.stage))
            problem(row_number, "stage", "cần proposed, requested, planned, allocated hoặc adjusted");
        const std::string counterpart = get("counterpart");
        if (counterpart != "" && counterpart != "0" && counterpart != "1")
            problem(row_number, "counterpart", "cần 0 hoặc 1");
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

void export_plan_docx(store::PlanStore& plans, const Environment& env, const store::PlanKey& key, const std::string& path) {
    const store::StoredPlan stored = require_plan(plans, key);
    const PlanCatalogues catalogues = load_plan_catalogues(env, key.programme);
    io::write_plan_docx(path, stored.plan, catalogues.rules());
}

}  // namespace giamngheo::app
