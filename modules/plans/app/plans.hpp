// Use cases of implementation plans, shared by the command line and (later) the HTTP API:
// every function takes the stores and plain values and returns plain results, never prints.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "platform/environment.hpp"
#include "modules/plans/domain/plan.hpp"
#include "modules/registry/formats/interchange.hpp"
#include "platform/table.hpp"
#include "modules/plans/ports/plan_store.hpp"
#include "storage/store.hpp"

namespace giamngheo::app {

// The programme catalogue and funding sources a plan refers to (data/programmes).
struct PlanCatalogues {
    Programme programme;
    FundingCatalogue funding;
    // `units`: the unit catalogue the issuing unit and its province are checked against.
    [[nodiscard]] PlanRules rules(const UnitCatalogue* units = nullptr) const { return {programme, funding, units}; }
};
// Throws std::runtime_error naming the file when the programme is unknown or a file is malformed.
[[nodiscard]] PlanCatalogues load_plan_catalogues(const Environment& env, const std::string& programme);
[[nodiscard]] std::vector<std::string> programme_ids(const Environment& env);

[[nodiscard]] bool has_errors(const std::vector<Finding>& findings);

struct PlanImportResult {
    std::vector<Finding> findings;  // nothing was written when one is an error
    store::PlanRecord record;       // set when written
    bool written = false;
};
// Reads a plan JSON file, checks it (the issuing unit against `units` when given) and stores it
// (a new version when it already exists). Actuals entered on the stored version are kept for
// the targets the file has without one (a notice names them).
PlanImportResult import_plan(store::PlanStore& plans, const Environment& env, const std::string& path, bool dry_run,
                             const store::Actor& actor, const UnitCatalogue* units = nullptr);
// Copies the actuals entered on `stored` into the same targets of `plan` (indicator, kind, year,
// unit, population) that have none; a notice per kept actual.
[[nodiscard]] std::vector<Finding> keep_entered_actuals(Plan& plan, const Plan& stored);

// Throws std::runtime_error when there is no such plan.
[[nodiscard]] store::StoredPlan require_plan(store::PlanStore& plans, const store::PlanKey& key);

// All checks of the stored plan, and for a district or province plan the comparison with the
// stored plans of its units (found through the registry's unit catalogue).
[[nodiscard]] std::vector<Finding> check_stored_plan(store::PlanStore& plans, store::Store& registry,
                                                     const Environment& env, const store::PlanKey& key);

// Disbursement of the plan's year (or `budget_year`) as of `as_of`.
[[nodiscard]] DisbursementReport plan_disbursement(store::PlanStore& plans, const Environment& env,
                                                   const store::PlanKey& key, std::optional<int> budget_year,
                                                   const Date& as_of);
// The report as a table: level (node | source | total), key, name, allocated, disbursed, unreported, rate.
[[nodiscard]] io::Table disbursement_table(const DisbursementReport& report);

// Measured values of the unit from the latest approved review round of `year` that covers
// it: poor_households, near_poor_households (counts), poor_rate, near_poor_rate (percent).
[[nodiscard]] std::vector<MeasuredValue> measured_values(store::Store& registry, const std::string& unit_code, int year);

// The current situation for a plan of `plan_year`, pulled from the registry: the latest approved
// review round of an earlier year that covers the unit gives the poor and near-poor counts and
// rates, and the main causes of poverty — the indicators most often deprived among the unit's poor
// households, most frequent first. nullopt when no such round holds the unit's households.
[[nodiscard]] std::optional<Situation> registry_situation(store::Store& registry, const std::string& unit_code,
                                                          int plan_year);

struct TargetProgressRow {
    Target target;
    TargetProgress progress;
};
[[nodiscard]] std::vector<TargetProgressRow> plan_targets(store::PlanStore& plans, store::Store& registry,
                                                          const Environment& env, const store::PlanKey& key);
// indicator, year, unit_code, population, kind, unit, baseline, target, actual, actual_source, progress, status.
[[nodiscard]] io::Table targets_table(const std::vector<TargetProgressRow>& rows);

// Records an actual value of the plan's target number `index` (0-based), as entered by an officer:
// the level reached, or with `as_change` the change reached (-300: 300 households fewer).
store::PlanRecord enter_target_actual(store::PlanStore& plans, const store::PlanKey& key, std::size_t index,
                                      double actual, const store::Actor& actor, bool as_change = false);

// What a finance officer reads: the budget of the plan's year as source × fund kind with both
// margins and the central-budget total, and every counterpart rule applied (its base, share,
// rounding and minimum amount), for the province of the issuing unit.
struct CounterpartRow {
    std::string rule;        // key
    std::string rule_label;  // label_vi
    std::string province;    // name
    std::string legal_source;
    bool verified = false;
    int budget_year = 0;
    std::string node;  // empty: the whole year
    std::string node_label;
    std::string counterpart_label;
    std::string base_label;
    double share_percent = 0;
    std::string rounding;  // "làm tròn đến triệu đồng"
    std::int64_t base_vnd = 0;
    double exact_minimum_vnd = 0;
    std::int64_t minimum_vnd = 0;
    std::int64_t counterpart_vnd = 0;
    bool met = false;
    std::string text;  // describe_counterpart_check
};
struct BudgetView {
    BudgetTable table;
    std::vector<std::string> column_titles;  // of table.columns
    std::vector<std::string> row_titles;     // of table.rows
    std::string province;                    // whose rules apply (from the issuing unit when known)
    std::vector<CounterpartRow> counterpart;
};
[[nodiscard]] BudgetView budget_view(const Plan& plan, const PlanRules& rules);
[[nodiscard]] BudgetView plan_budget_view(store::PlanStore& plans, store::Store& registry, const Environment& env,
                                          const store::PlanKey& key);

struct DisbursementEntryResult {
    std::vector<Finding> findings;  // nothing was written when one is an error
    store::PlanRecord record;
};
// Adds a disbursement entry after checking that it names budget lines of the plan and stays
// within their allocation and the programme's deadline.
DisbursementEntryResult add_disbursement(store::PlanStore& plans, const Environment& env, const store::PlanKey& key,
                                         const Disbursement& entry, const store::Actor& actor);

// Budget lines as a table, the columns of kBudgetColumns (amounts in whole VND).
extern const std::vector<std::string> kBudgetColumns;
[[nodiscard]] io::Table budget_lines_table(const Plan& plan, const PlanRules& rules);
// Writes the budget of a stored plan as XLSX: the lines, and the summary by node and source
// (million VND) as the forms print it.
void export_budget_xlsx(store::PlanStore& plans, const Environment& env, const store::PlanKey& key,
                        const std::string& path);

struct BudgetImportResult {
    std::vector<io::Problem> problems;  // file, row, column; nothing was written when not empty
    std::vector<Finding> findings;      // checks of the plan with the new lines
    std::size_t lines = 0;
    bool written = false;
};
// Replaces the plan's budget lines with those of the XLSX (or CSV) table, all or nothing: any
// problem in the file or any error of the checks leaves the plan as it was.
BudgetImportResult import_budget(store::PlanStore& plans, const Environment& env, const store::PlanKey& key,
                                 const std::string& path, bool dry_run, const store::Actor& actor);

void export_plan_docx(store::PlanStore& plans, const Environment& env, const store::PlanKey& key,
                      const std::string& path);

}  // namespace giamngheo::app
