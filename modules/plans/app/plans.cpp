#include "modules/plans/app/plans.hpp"

#include "modules/plans/app/plans_detail.hpp"

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
using namespace detail;
json load_json(const std::string& path) {
    try {
        return json::parse(io::read_file(path));
    } catch (const json::exception& e) {
        throw_invalid_input(path + ": JSON không hợp lệ (" + e.what() + ")");
    }
}

std::string programmes_dir(const Environment& env) { return env.data_dir + "/programmes"; }

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

void export_plan_docx(store::PlanStore& plans, const Environment& env, const store::PlanKey& key, const std::string& path) {
    const store::StoredPlan stored = require_plan(plans, key);
    const PlanCatalogues catalogues = load_plan_catalogues(env, key.programme);
    io::write_plan_docx(path, stored.plan, catalogues.rules());
}

}  // namespace giamngheo::app
