// Implementation plans of the poverty-reduction programmes: the plan of one unit for one year
// (legal bases, objectives, targets, one section per programme node, budget lines, disbursement,
// agencies, reporting), the programme catalogue and the funding sources it refers to, and the
// checks an officer needs before signing. Pure: no files, no database, no clock.
//
// Money is whole VND (int64). The catalogues are data (data/programmes/*.json); every rule a
// check applies comes from funding.json or the programme file with its legal source.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "kernel/date.hpp"
#include "modules/plans/domain/amount.hpp"
#include "modules/plans/domain/catalogue.hpp"

namespace giamngheo {
class UnitCatalogue;
}

namespace giamngheo {

// ---------------------------------------------------------------- the plan

struct LegalReference {
    std::string kind;    // Nghị định, Quyết định, Thông tư ...
    std::string number;  // 27/2022/NĐ-CP
    std::optional<Date> date;
    std::string issuer;
    std::string title;
    std::string relation;  // căn cứ, thực hiện theo, hướng dẫn ...

    bool operator==(const LegalReference&) const = default;
    // "Nghị định số 27/2022/NĐ-CP ngày 19/4/2022 của Chính phủ quy định ..."
    [[nodiscard]] std::string citation() const;
};

struct Quantity {
    std::optional<double> value;
    std::optional<double> value_min;  // a range ("02 đến 03 dự án")
    std::optional<double> value_max;
    std::string printed;
    std::optional<Date> as_of;

    bool operator==(const Quantity&) const = default;
};

// A planned change: one value, or a range ("giảm 1,5 - 2 điểm %": value_min -2, value_max -1,5;
// `value` is then the bound nearest to no change, the least the plan commits to).
struct Change {
    double value = 0;
    std::optional<double> value_min;
    std::optional<double> value_max;
    std::string unit;  // households | percentage_points | ...
    std::string printed;

    [[nodiscard]] bool is_range() const { return value_min && value_max; }

    bool operator==(const Change&) const = default;
};

// One target (or a reported result) of a unit for a year. Percent values are as printed
// (1.32 means 1,32 %); reductions are negative changes.
struct Target {
    std::string indicator;  // poor_rate, poor_households, near_poor_rate, health_insurance_coverage ...
    std::string kind;       // target | result | qualitative
    std::string unit;       // households | percent | houses | projects_per_year ...
    int year = 0;
    std::string unit_code;   // the unit the target is assigned to; empty = the plan's unit
    std::string assigned_by;  // province | district | self: who set it (part of the target); empty = not printed
    // The unit's households (the base of its rates), to weigh rate points across units.
    std::optional<double> households;
    std::string population;  // ethnic_minority, kinh, or printed text; empty = everyone
    std::optional<Quantity> baseline;
    std::optional<Quantity> target;  // for a result: the value reached
    std::optional<Change> change;
    std::optional<double> actual;         // entered during the year: the level reached
    std::optional<double> actual_change;  // entered during the year: the change reached ("300 hộ thoát nghèo" = -300)
    std::string text_printed;
    std::string note;

    bool operator==(const Target&) const = default;
};

struct FormRef {
    std::string code;  // Mẫu số 01, Biểu số 05
    std::string legal_source;

    bool operator==(const FormRef&) const = default;
};

struct Deadline {
    int day = 0;
    int month = 0;
    std::string comparison;  // before | on
    std::string printed;

    bool operator==(const Deadline&) const = default;
};

struct ReportDuty {
    std::string key;
    std::string from;
    std::vector<std::string> to;
    std::string what;
    std::vector<std::string> periods;  // 6_months, annual, ad_hoc ...
    std::optional<Deadline> deadline;
    std::vector<FormRef> forms;
    std::string printed;
    std::string note;

    bool operator==(const ReportDuty&) const = default;
};

// The stages of money, in order, and how the plans name them: proposed "đề xuất", requested "nhu
// cầu, đề nghị", planned "kế hoạch vốn", allocated "được giao", adjusted "giao điều chỉnh"
// (disbursed money is in Disbursement, not a line stage).
inline constexpr const char* kBudgetStages[] = {"proposed", "requested", "planned", "allocated", "adjusted"};
[[nodiscard]] bool is_budget_stage(const std::string& stage);
[[nodiscard]] std::string stage_name_vi(const std::string& stage);  // "được giao"; the key when unknown

// A sub-total printed for a node (or, at plan level, a margin of the allocation table): the lines
// of a source (or of every source of a group: central | local) and a fund kind (and sub-kind),
// each part optional, possibly split by origin year (carry-over). A subtotal with no source and
// no group is a fund kind's total over every source.
struct AnnouncedSubtotal {
    std::string source;
    std::string source_group;  // central | local (every local state budget); empty: `source` or all
    std::string fund_kind;
    std::string fund_sub_kind;
    int budget_year = 0;  // 0: the plan's year; the next year's margins (a public-investment plan) name it
    std::int64_t amount_vnd = 0;
    std::optional<PrintedAmount> printed;  // as printed ("hơn 90 tỷ đồng": a lower bound)
    std::map<int, std::int64_t> by_origin_year;  // empty when not split

    bool operator==(const AnnouncedSubtotal&) const = default;
};

// The plan's section for one programme node, or the reason the node does not apply.
struct NodeSection {
    std::string node;
    bool applicable = true;
    std::string reason;  // when not applicable
    bool reason_printed = false;
    std::string heading;
    bool content_in_sub_projects = false;  // a project whose sub-projects carry the content
    std::vector<std::string> objectives;
    std::vector<std::string> beneficiaries;
    std::vector<std::string> content;
    std::optional<std::int64_t> announced_total_vnd;
    std::optional<PrintedAmount> announced_total_printed;
    std::string budget_text;
    std::vector<AnnouncedSubtotal> announced_subtotals;
    std::vector<std::string> lead_agencies;
    std::vector<std::string> coordinating_agencies;
    std::vector<std::string> implementing_agencies;
    std::vector<std::string> assignment;
    std::vector<ReportDuty> reporting_duties;
    std::vector<LegalReference> legal_references;
    std::string support_form;  // community | value_chain | by_task, when the section fixes one
    std::vector<std::string> notes;

    bool operator==(const NodeSection&) const = default;
};

// One allocation: node × source × fund kind × origin year, for the plan's budget year.
struct BudgetLine {
    // A node of the programme, or the programme itself (its id, e.g. "ntp-2021-2025"): a
    // programme-level line is the total of a source and fund kind given before the split to
    // projects; it is an envelope the projects' lines must not exceed, not money added to them.
    std::string node;
    bool programme_level = false;  // node is the programme's id
    std::string source;
    std::string fund_kind;
    std::string fund_sub_kind;  // "sự nghiệp kinh tế" ... (funding.json fund_kinds[].sub_kinds); empty = not printed
    int budget_year = 0;
    int origin_year = 0;  // < budget_year: carried over
    std::int64_t amount_vnd = 0;
    std::optional<PrintedAmount> amount_printed;  // as printed, when the plan gives text ("152.417", "13,508 tỷ")
    // proposed | requested | planned | allocated | adjusted (kBudgetStages). Proposed and requested
    // money is not "giao" (not disbursable, not in the allocated totals of the disbursement view);
    // planned is the plan's budget within the allocation it cites ("Tổng nguồn vốn" under a
    // provincial allocation decision) and counts as allocated; empty = not printed, as allocated.
    std::string stage;
    std::string decision;  // the decision that allocated (or adjusted) the line: "1185/QĐ-UBND ngày 11/4/2023"
    std::string tranche;   // "đợt 1" when the decision allocates in tranches
    bool counterpart = false;
    std::string unit_code;  // a lower unit the line is allocated to; empty = the plan's unit
    // department | locality as printed; empty = locality when unit_code is set, else unknown.
    std::string recipient_class;
    std::string label;
    std::string source_basis;  // printed | inferred
    std::string note;

    [[nodiscard]] bool carried_over() const { return origin_year < budget_year; }
    [[nodiscard]] bool allocated() const { return stage != "proposed" && stage != "requested"; }
    [[nodiscard]] std::string recipient() const {
        return !recipient_class.empty() ? recipient_class : unit_code.empty() ? std::string() : "locality";
    }
    bool operator==(const BudgetLine&) const = default;
};

// Money paid out. Either an amount (with its date) or, as plans report it, a percentage of
// what the node (and source) was allocated; neither means "not reported". An estimate is not
// money paid but what the whole budget year is expected to disburse ("ước giải ngân cả năm",
// reported mid-year by the public-investment plan); it is never added to what was paid.
struct Disbursement {
    std::string node;
    std::string source;     // empty = all sources of the node
    std::string fund_kind;  // empty = every fund kind of the node and source
    bool estimate = false;
    int budget_year = 0;
    std::optional<Date> date;
    std::optional<std::int64_t> amount_vnd;
    std::optional<double> percent;
    std::vector<std::string> aggregate_of;  // a total printed for these sub-nodes (not added again)
    std::string printed;
    std::string note;

    bool operator==(const Disbursement&) const = default;
};

// A production-support project (Project 2 model, Project 3 sub-project 1 ...).
struct ProductionProject {
    std::string name;
    std::string node;
    std::string support_form;  // community | value_chain | by_task
    int budget_year = 0;
    std::int64_t amount_vnd = 0;
    std::optional<int> duration_years;
    std::vector<std::string> villages;
    std::string printed;

    bool operator==(const ProductionProject&) const = default;
};

struct Agency {
    std::string number;  // as printed: 1, 1.1, 12
    std::string name;
    std::vector<std::string> leads_nodes;
    std::vector<std::string> duties;
    bool request = false;  // "Đề nghị ...": asked, not instructed (Fatherland Front, unions)

    bool operator==(const Agency&) const = default;
};

struct Recipient {
    std::string name;
    std::string purpose;  // để b/c, để chỉ đạo ...

    bool operator==(const Recipient&) const = default;
};

struct Signer {
    std::string authority;  // KT. CHỦ TỊCH
    std::string title;      // PHÓ CHỦ TỊCH
    std::string name;

    bool operator==(const Signer&) const = default;
};

struct SituationFigure {
    std::string indicator;
    double value = 0;
    std::string unit;
    std::string printed;

    bool operator==(const SituationFigure&) const = default;
};

struct Situation {
    std::optional<Date> as_of;
    std::vector<SituationFigure> figures;
    std::vector<std::string> causes_of_poverty;
    std::vector<std::string> printed;
    std::string source;  // where the figures come from (a review round, a report)

    bool operator==(const Situation&) const = default;
};

struct TextBlock {
    std::string heading;
    std::vector<std::string> items;

    bool operator==(const TextBlock&) const = default;
};

struct Plan {
    std::string programme;  // ntp-2021-2025
    int year = 0;
    // Issuer: the unit whose plan this is.
    std::string unit_code;
    std::string unit_level;  // province | district | commune
    std::string unit_name;   // "huyện Quảng Xương"
    std::string issuer;      // "Ủy ban nhân dân huyện Quảng Xương"
    std::string province_code;
    std::string province_name;
    // Document.
    std::string document_type = "Kế hoạch";
    std::string number;       // "108/KH-UBND"; empty while unnumbered
    std::string number_suffix = "/KH-UBND";
    std::string place;        // "Quảng Xương"
    std::optional<Date> date;
    std::string title;
    // Content.
    std::vector<LegalReference> legal_bases;
    std::string legal_bases_printed;
    std::vector<std::string> purpose;
    std::vector<std::string> requirements;
    std::vector<std::string> general_objectives;
    std::vector<std::string> specific_objectives;
    std::vector<Target> targets;  // targets of the year and results of earlier years
    std::optional<Situation> situation;
    std::vector<NodeSection> nodes;
    std::optional<std::int64_t> announced_total_vnd;  // printed total of the budget year
    std::optional<PrintedAmount> announced_total_printed;
    // Printed margins of the allocation table of the plan's year: totals by source, by fund kind,
    // by source × fund kind, the central-budget total (group central) ...
    std::vector<AnnouncedSubtotal> announced_totals;
    std::string budget_intro;
    std::vector<BudgetLine> budget_lines;
    std::vector<Disbursement> disbursements;
    std::vector<ProductionProject> projects;
    std::vector<std::string> funding_text;  // section "Kinh phí thực hiện" as printed
    std::vector<TextBlock> solutions;
    std::vector<TextBlock> general_policies;
    std::vector<Agency> agencies;
    std::vector<std::string> reporting_text;
    std::vector<ReportDuty> reports;
    std::vector<Recipient> recipients;
    Signer signer;
    std::vector<std::string> notes;

    bool operator==(const Plan&) const = default;

    [[nodiscard]] const NodeSection* section(const std::string& node) const;
};

// ---------------------------------------------------------------- checks

// notice: what the officer should know that is not wrong (no rule configured for a check).
enum class Severity { error, warning, notice };
[[nodiscard]] const char* to_string(Severity severity);  // error | warning | notice
[[nodiscard]] const char* vietnamese_name(Severity severity);  // Lỗi | Cảnh báo | Lưu ý

// What a check found. `subject` points at the part of the plan (budget_lines[3], nodes[DA2],
// targets[1], projects[0], disbursements[2]) so an editor can highlight it.
struct Finding {
    Severity severity = Severity::error;
    std::string code;  // budget_total_mismatch, counterpart_below_minimum, project_over_cap ...
    std::string subject;
    std::string message;  // Vietnamese, names the line
};

// Everything a check reads besides the plan.
struct PlanRules {
    const Programme& programme;
    const FundingCatalogue& funding;
    // The unit catalogue: the issuing unit must be in it, and its province chooses the
    // provincial rules. Null (or empty): the province written in the plan is used, with a notice.
    const UnitCatalogue* units = nullptr;
};

// The province whose rules apply to the plan: that of the issuing unit (unit_code on the map of
// the plan's year) when the catalogue knows it, else the one written in the plan.
struct PlanProvince {
    std::string code;
    std::string name;
    bool from_catalogue = false;
};
[[nodiscard]] PlanProvince plan_province(const Plan& plan, const PlanRules& rules);
// The issuing unit is in the catalogue, at the level the plan says, in the province it says.
[[nodiscard]] std::vector<Finding> check_issuer(const Plan& plan, const PlanRules& rules);

// 7782000000 → "7.782 triệu đồng"; 1500000 → "1,5 triệu đồng".
[[nodiscard]] std::string format_million_vnd(std::int64_t amount_vnd);
// "dòng kinh phí 3 (Dự án 2; Ngân sách tỉnh; vốn sự nghiệp; năm 2023)" — line numbers are 1-based.
[[nodiscard]] std::string describe_line(const Plan& plan, std::size_t index, const PlanRules& rules);

// Nodes, sources and fund kinds exist in the catalogues and fit together; amounts positive.
[[nodiscard]] std::vector<Finding> check_references(const Plan& plan, const PlanRules& rules);
// Budget lines add up to the announced totals: per node (with its sub-projects), per node and
// source × fund kind (and origin year), the plan's margins (announced_totals) and its total.
[[nodiscard]] std::vector<Finding> check_totals(const Plan& plan, const PlanRules& rules);
// One counterpart rule applied to one group of lines (a node, or the whole budget year).
struct CounterpartCheck {
    const CounterpartRule* rule = nullptr;
    int budget_year = 0;
    std::string stage;  // the one unallocated stage weighed (proposed, requested); "" otherwise
    std::string node;  // empty: the whole year
    std::int64_t base_vnd = 0;
    std::vector<std::size_t> base_lines;
    std::int64_t counterpart_vnd = 0;
    std::vector<std::size_t> counterpart_lines;
    double exact_minimum_vnd = 0;     // share × base, unrounded
    std::int64_t minimum_vnd = 0;     // rounded as the rule says
    [[nodiscard]] bool met() const { return counterpart_vnd >= minimum_vnd; }
};
// Every counterpart rule in force for the plan's province (plan_province), level and budget years,
// applied to its groups of lines with a base.
[[nodiscard]] std::vector<CounterpartCheck> counterpart_checks(const Plan& plan, const PlanRules& rules);
// A finding for every check not met (naming the lines, the base, the share, the rounding and the
// minimum amount), and a notice for a budget year with central funds and no rule configured.
[[nodiscard]] std::vector<Finding> check_counterpart(const Plan& plan, const PlanRules& rules);
// "Dự án 2, Ngân sách tỉnh, năm 2023: tối thiểu 98 triệu đồng = 5% × 1.950 triệu đồng vốn sự
// nghiệp ngân sách trung ương (97,5 triệu đồng, làm tròn đến triệu đồng); đã bố trí 98 triệu đồng".
[[nodiscard]] std::string describe_counterpart_check(const Plan& plan, const CounterpartCheck& check,
                                                     const PlanRules& rules);
// Production-support projects against the province's caps (amount and duration per support form).
[[nodiscard]] std::vector<Finding> check_project_caps(const Plan& plan, const PlanRules& rules);
// Programme-level lines (the total by source and fund kind before the split) against the
// projects' lines of the same year, source and fund kind: the projects must not exceed them.
[[nodiscard]] std::vector<Finding> check_programme_envelopes(const Plan& plan, const PlanRules& rules);
// Funds of a programme used (budgeted or disbursed) after the date its funds may be used until.
[[nodiscard]] std::vector<Finding> check_fund_deadline(const Plan& plan, const PlanRules& rules);
// Parts of a target: by population they add up to the whole; assigned to lower units they must
// together commit to at least the whole (a stricter commitment is fine, a shortfall is flagged) —
// counts added, rate points weighted by the units' households.
[[nodiscard]] std::vector<Finding> check_target_cascade(const Plan& plan);
// Baseline, change and target agree (6,20 - 1,5 = 4,70; a range change holds the target).
[[nodiscard]] std::vector<Finding> check_target_arithmetic(const Plan& plan);
// Disbursement within what was allocated.
[[nodiscard]] std::vector<Finding> check_disbursement(const Plan& plan, const PlanRules& rules);
// All of the above.
[[nodiscard]] std::vector<Finding> check_plan(const Plan& plan, const PlanRules& rules);

// A district or province plan against the plans of its units. Each unit's own target must be at
// least what the parent assigned to it (stricter is fine); the units together must not fall
// short of the parent's target (households added, rate points weighted by households). Sums are
// compared only when every unit of `expected_units` has a plan; otherwise a notice names the
// missing ones and only the units present are judged against what they were assigned. Budget per
// node and source likewise. `expected_units` empty: the plans given are all the units.
[[nodiscard]] std::vector<Finding> compare_with_units(const Plan& parent, const std::vector<Plan>& units,
                                                      const PlanRules& rules,
                                                      const std::vector<std::string>& expected_units = {});

// The budget of a year as allocation tables print it: one row per budget node (catalogue order),
// one column per source × fund kind in use (funding.json order), the central-budget total
// (every central source) and the total of the row; the last row is the total of each column.
struct BudgetColumn {
    std::string source;
    std::string fund_kind;
    bool operator==(const BudgetColumn&) const = default;
};
struct BudgetTable {
    int budget_year = 0;
    std::vector<BudgetColumn> columns;
    struct Row {
        std::string node;
        std::vector<std::int64_t> by_column;  // per column, VND
        std::int64_t central = 0;             // of the total, every central source
        std::int64_t total = 0;
    };
    std::vector<Row> rows;
    Row total;  // node empty
    std::int64_t carried_over = 0;  // of the total, funds from earlier years
};
// "Ngân sách tỉnh - Vốn sự nghiệp"; a source of one fund kind by its name alone.
[[nodiscard]] std::string column_title(const BudgetColumn& column, const PlanRules& rules);
// Sorts columns in funding.json order: sources, then fund kinds; unknown keys last.
void sort_budget_columns(std::vector<BudgetColumn>& columns, const PlanRules& rules);
[[nodiscard]] BudgetTable budget_table(const Plan& plan, int budget_year, const PlanRules& rules);

// ---------------------------------------------------------------- execution

struct DisbursementRow {
    std::string key;  // node key, source key or unit code
    std::string name;
    std::int64_t allocated_vnd = 0;    // lines allocated, adjusted or planned ("giao")
    std::int64_t not_allocated_vnd = 0;  // lines proposed or requested: not money to disburse yet
    std::int64_t disbursed_vnd = 0;    // over the lines whose disbursement is reported
    std::int64_t unreported_vnd = 0;   // allocated, nothing reported
    // disbursed / (allocated - unreported); unset when nothing is reported.
    [[nodiscard]] std::optional<double> rate() const;
};

struct DisbursementReport {
    int budget_year = 0;
    std::vector<DisbursementRow> by_node;    // leaf nodes with lines, catalogue order
    std::vector<DisbursementRow> by_source;  // funding.json order
    DisbursementRow total;
};

// Disbursement of the plan's lines of `budget_year` up to and including `as_of` (dated entries
// after it are left out; undated percentages count).
[[nodiscard]] DisbursementReport disbursement_report(const Plan& plan, int budget_year, const Date& as_of,
                                                     const PlanRules& rules);
// One row per plan (its unit): the total of each plan's report.
[[nodiscard]] std::vector<DisbursementRow> disbursement_by_unit(const std::vector<Plan>& plans, int budget_year,
                                                                const Date& as_of, const PlanRules& rules);

// reported: a printed result with no target to judge it by (shown without a verdict).
enum class TargetStatus { achieved, not_achieved, in_progress, no_data, qualitative, reported };
[[nodiscard]] const char* to_string(TargetStatus status);
[[nodiscard]] const char* vietnamese_name(TargetStatus status);

struct TargetProgress {
    std::size_t index = 0;  // into plan.targets
    std::optional<double> actual;
    std::string actual_source;  // review | entered | printed
    std::optional<double> progress;  // share of the planned change reached (1 = reached); of its lower bound for a range
    std::optional<double> achieved_change;  // the change reached, in the target's change unit (rate points for a rate)
    std::optional<double> planned_change;   // the change the target commits to (the bound nearest no change for a range)
    std::string measure;  // level | change | range: how the target is printed and judged
    TargetStatus status = TargetStatus::no_data;
};

// An actual value for an indicator of a unit, measured from an approved review.
struct MeasuredValue {
    std::string indicator;
    std::string unit_code;
    int year = 0;
    double value = 0;
};

// Progress of every target: the measured value where one is given for the indicator, unit and
// year, otherwise the entered one, otherwise a result of the same indicator, year, unit and
// population printed in the plan. A level target is judged on the level, a change (absolute or
// in rate points) on the change reached, a range on its lower bound. A printed result with no
// target is reported without a verdict. A target whose year has not ended by `as_of` and is not
// yet reached is in progress.
[[nodiscard]] std::vector<TargetProgress> target_progress(const Plan& plan, const std::vector<MeasuredValue>& measured,
                                                          const Date& as_of);

}  // namespace giamngheo
