// The five seed plans as fixtures, reproduced through the plan model and its checks.
#include <gtest/gtest.h>

#include <algorithm>

#include "modules/plans/app/plans.hpp"
#include "modules/plans/formats/plan_json.hpp"
#include "testing/support.hpp"

namespace giamngheo::test {
namespace {

constexpr std::int64_t kMillion = 1'000'000;

Plan fixture(const std::string& slug) { return io::read_plan_file(kSourceDir + "/modules/plans/tests/fixtures/" + slug + ".json"); }

const app::PlanCatalogues& catalogues() {
    static const app::PlanCatalogues c = app::load_plan_catalogues(test_environment(), "ntp-2021-2025");
    return c;
}

std::int64_t sum(const Plan& plan, int year, const std::string& node = "", const std::string& source = "",
                 std::optional<int> origin = std::nullopt) {
    std::int64_t total = 0;
    for (const auto& l : plan.budget_lines)
        if (l.budget_year == year && (node.empty() || l.node == node) && (source.empty() || l.source == source) &&
            (!origin || l.origin_year == *origin))
            total += l.amount_vnd;
    return total;
}

const Target& find_target(const Plan& plan, const std::string& indicator, int year, const std::string& kind,
                          const std::string& population = "") {
    for (const auto& t : plan.targets)
        if (t.indicator == indicator && t.year == year && t.kind == kind && t.population == population) return t;
    throw std::runtime_error("no target " + indicator);
}

std::vector<Finding> with_code(const std::vector<Finding>& findings, const std::string& code) {
    std::vector<Finding> out;
    std::copy_if(findings.begin(), findings.end(), std::back_inserter(out), [&](const Finding& f) { return f.code == code; });
    return out;
}

TEST(PlanFixtures, EveryFixturePassesTheChecksWithoutErrors) {
    for (const char* slug : {"quang-xuong-2023", "kim-bang-2023", "hon-quan-2023", "binh-luong-2024", "phan-rang-thap-cham-2023"}) {
        const Plan plan = fixture(slug);
        for (const auto& f : check_plan(plan, catalogues().rules()))
            EXPECT_NE(f.severity, Severity::error) << slug << ": " << f.message;
        EXPECT_EQ(plan.nodes.size(), catalogues().programme.nodes.size()) << slug;
    }
}

TEST(PlanFixtures, QuangXuongNineLinesTotal7782Million) {
    const Plan plan = fixture("quang-xuong-2023");
    EXPECT_EQ(plan.budget_lines.size(), 9u);
    EXPECT_EQ(sum(plan, 2023), 7782 * kMillion);
    EXPECT_EQ(plan.announced_total_vnd, 7782 * kMillion);
    const std::vector<std::pair<std::string, std::int64_t>> expected = {
        {"DA2", 3207}, {"DA3.TDA1", 1518}, {"DA3.TDA2", 391}, {"DA4.TDA1", 1181}, {"DA4.TDA3", 672},
        {"DA6.TDA1", 119}, {"DA6.TDA2", 139}, {"DA7.TDA1", 362}, {"DA7.TDA2", 193}};
    const BudgetTable table = budget_table(plan, 2023, catalogues().rules());
    ASSERT_EQ(table.rows.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(table.rows[i].node, expected[i].first);
        EXPECT_EQ(table.rows[i].total, expected[i].second * kMillion) << expected[i].first;
        EXPECT_EQ(plan.section(expected[i].first)->announced_total_vnd, expected[i].second * kMillion);
    }
    EXPECT_EQ(format_million_vnd(table.total.total), "7.782 triệu đồng");
    EXPECT_EQ(plan.section("DA2")->lead_agencies, std::vector<std::string>{"Phòng Lao động - Thương binh và Xã hội"});
    const Target& poor = find_target(plan, "poor_households", 2023, "target");
    EXPECT_EQ(poor.baseline->value, 876);
    EXPECT_EQ(poor.target->value, 701);
    EXPECT_EQ(poor.change->value, -175);
    EXPECT_EQ(find_target(plan, "poor_rate", 2023, "target").target->value, 1.32);
}

TEST(PlanFixtures, HonQuanSplitBySourceForEveryNode) {
    const Plan plan = fixture("hon-quan-2023");
    // node: central recurrent, central investment, provincial, district (million VND)
    const std::vector<std::tuple<std::string, int, int, int, int, int>> expected = {
        {"DA2", 2243, 1950, 0, 98, 195},    {"DA3.TDA1", 964, 838, 0, 42, 84}, {"DA3.TDA2", 309, 269, 0, 13, 27},
        {"DA4.TDA1", 922, 802, 0, 40, 80},  {"DA4.TDA3", 397, 216, 148, 11, 22}, {"DA6", 177, 154, 0, 8, 15},
        {"DA7", 527, 458, 0, 23, 46}};
    for (const auto& [node, total, recurrent, investment, provincial, district] : expected) {
        EXPECT_EQ(sum(plan, 2023, node), total * kMillion) << node;
        EXPECT_EQ(sum(plan, 2023, node, "central_recurrent"), recurrent * kMillion) << node;
        EXPECT_EQ(sum(plan, 2023, node, "central_investment"), investment * kMillion) << node;
        EXPECT_EQ(sum(plan, 2023, node, "provincial"), provincial * kMillion) << node;
        EXPECT_EQ(sum(plan, 2023, node, "district"), district * kMillion) << node;
        EXPECT_EQ(plan.section(node)->announced_total_vnd, total * kMillion) << node;
    }
    EXPECT_EQ(sum(plan, 2023, "DA4.TDA3", "central_investment", 2022), 33 * kMillion);
    EXPECT_EQ(sum(plan, 2023, "DA4.TDA3", "central_investment", 2023), 115 * kMillion);
    const BudgetTable table = budget_table(plan, 2023, catalogues().rules());
    EXPECT_EQ(table.total.total, 5539 * kMillion);
    EXPECT_EQ(table.carried_over, 33 * kMillion);
    for (const char* node : {"DA1", "DA5", "DA4.TDA2"}) {
        EXPECT_FALSE(plan.section(node)->applicable) << node;
        EXPECT_TRUE(plan.section(node)->reason_printed) << node;
    }
    // Reduce 218 poor households: 162 ethnic minority and 56 Kinh add up.
    EXPECT_EQ(find_target(plan, "poor_households", 2023, "target").change->value, -218);
    EXPECT_EQ(find_target(plan, "poor_households", 2023, "target", "ethnic_minority").change->value, -162);
    EXPECT_TRUE(check_target_cascade(plan).empty());
    std::vector<std::pair<int, int>> deadlines;
    for (const auto& r : plan.reports)
        if (r.deadline) deadlines.emplace_back(r.deadline->day, r.deadline->month);
    EXPECT_NE(std::find(deadlines.begin(), deadlines.end(), std::pair{20, 5}), deadlines.end());
    EXPECT_NE(std::find(deadlines.begin(), deadlines.end(), std::pair{15, 11}), deadlines.end());
    EXPECT_NE(std::find(deadlines.begin(), deadlines.end(), std::pair{25, 11}), deadlines.end());
}

TEST(PlanFixtures, BinhLuongResultsOf2023AndTargetsOf2024) {
    const Plan plan = fixture("binh-luong-2024");
    const Target& rate = find_target(plan, "poor_rate", 2023, "result");
    EXPECT_EQ(rate.baseline->value, 5.49);
    EXPECT_EQ(rate.target->value, 4.39);
    const Target& households = find_target(plan, "poor_households", 2023, "result");
    EXPECT_EQ(households.baseline->value, 40);
    EXPECT_EQ(households.target->value, 32);
    const Target& rate_2024 = find_target(plan, "poor_rate", 2024, "target");
    EXPECT_EQ(rate_2024.baseline->value, 4.39);
    EXPECT_EQ(rate_2024.target->value, 3.02);
    const Target& households_2024 = find_target(plan, "poor_households", 2024, "target");
    EXPECT_EQ(households_2024.baseline->value, 32);
    EXPECT_EQ(households_2024.target->value, 22);

    EXPECT_EQ(sum(plan, 2023, "DA2"), 300 * kMillion);
    EXPECT_EQ(sum(plan, 2023, "DA6.TDA2"), 5 * kMillion);
    EXPECT_EQ(sum(plan, 2023, "DA7.TDA1") + sum(plan, 2023, "DA7.TDA2"), 19 * kMillion);
    EXPECT_EQ(sum(plan, 2024), 276 * kMillion);
    EXPECT_EQ(sum(plan, 2024, "DA2"), 259 * kMillion);
    EXPECT_EQ(sum(plan, 2024, "DA4.TDA3"), 2 * kMillion);
    EXPECT_EQ(sum(plan, 2024, "DA7.TDA2"), 15 * kMillion);

    // 100% disbursed where the seed prints it; Project 2's 300 million is not reported.
    const DisbursementReport report = disbursement_report(plan, 2023, Date{2024, 12, 31}, catalogues().rules());
    for (const auto& row : report.by_node) {
        if (row.key == "DA2") {
            EXPECT_FALSE(row.rate().has_value());
            EXPECT_EQ(row.unreported_vnd, 300 * kMillion);
        } else {
            EXPECT_EQ(row.rate(), 1.0) << row.key;
        }
    }
    EXPECT_EQ(report.total.allocated_vnd, 324 * kMillion);
    EXPECT_EQ(report.total.disbursed_vnd, 24 * kMillion);
    EXPECT_EQ(report.total.rate(), 1.0);

    // Progress: the 2023 results are printed actuals, shown without a verdict (no 2023 target in
    // this plan to judge them by); the 2024 targets wait for data.
    const auto progress = target_progress(plan, {}, Date{2024, 6, 30});
    for (const auto& p : progress) {
        const Target& t = plan.targets[p.index];
        if (t.kind == "result") {
            EXPECT_EQ(p.actual_source, "printed");
            EXPECT_EQ(p.status, TargetStatus::reported);
            EXPECT_FALSE(p.progress.has_value());
        }
    }
    // Measured 24 poor households at mid-2024 (from a review) and the year not over: in progress.
    const auto measured = target_progress(plan, {{"poor_households", plan.unit_code, 2024, 24}}, Date{2024, 6, 30});
    for (const auto& p : measured)
        if (plan.targets[p.index].indicator == "poor_households" && plan.targets[p.index].year == 2024) {
            EXPECT_EQ(p.actual_source, "review");
            EXPECT_EQ(p.status, TargetStatus::in_progress);
            EXPECT_NEAR(*p.progress, 0.8, 1e-9);  // 8 of the 10 households
        }
    // The community project lies within the Thanh Hóa caps.
    ASSERT_EQ(plan.projects.size(), 1u);
    EXPECT_TRUE(check_project_caps(plan, catalogues().rules()).empty());
}

TEST(PlanFixtures, KimBangRateAndCoverageTargets) {
    const Plan plan = fixture("kim-bang-2023");
    const Target& rate = find_target(plan, "poor_rate", 2023, "target");
    EXPECT_EQ(rate.baseline->value, 2.5);
    EXPECT_EQ(rate.target->value, 1.95);
    EXPECT_NEAR(rate.change->value, -0.55, 1e-9);
    std::map<std::string, double> coverage;
    for (const auto& t : plan.targets)
        if (t.indicator.ends_with("_coverage")) coverage[t.indicator] = *t.target->value;
    EXPECT_EQ(coverage.at("health_insurance_coverage"), 100);
    EXPECT_EQ(coverage.at("tuition_support_coverage"), 100);
    EXPECT_EQ(coverage.at("legal_aid_coverage"), 90);
    EXPECT_EQ(coverage.at("staff_training_coverage"), 100);
    ASSERT_TRUE(plan.situation);
    EXPECT_EQ(plan.situation->causes_of_poverty.size(), 3u);
    // Entered actuals after the year: 95% legal aid reaches 90%; 98,5% health insurance misses 100%.
    Plan entered = plan;
    for (auto& t : entered.targets) {
        if (t.indicator == "legal_aid_coverage") t.actual = 95;
        if (t.indicator == "health_insurance_coverage") t.actual = 98.5;
    }
    for (const auto& p : target_progress(entered, {}, Date{2024, 1, 15})) {
        const Target& t = entered.targets[p.index];
        if (t.indicator == "legal_aid_coverage") {
            EXPECT_EQ(p.status, TargetStatus::achieved);
        }
        if (t.indicator == "health_insurance_coverage") {
            EXPECT_EQ(p.status, TargetStatus::not_achieved);
        }
    }
}

TEST(PlanFixtures, PhanRangThapChamTargetsAnd13Houses) {
    const Plan plan = fixture("phan-rang-thap-cham-2023");
    const Target& poor = find_target(plan, "poor_rate", 2023, "target");
    EXPECT_EQ(poor.baseline->value, 1.30);
    EXPECT_EQ(poor.target->value, 1.15);
    EXPECT_EQ(find_target(plan, "poor_households", 2023, "target").change->value, -71);
    const Target& near = find_target(plan, "near_poor_rate", 2023, "target");
    EXPECT_EQ(near.baseline->value, 3.11);
    EXPECT_EQ(near.target->value, 2.91);
    EXPECT_EQ(find_target(plan, "near_poor_households", 2023, "target").change->value, -95);
    EXPECT_EQ(find_target(plan, "new_houses_for_poor_households", 2023, "target").target->value, 13);
    EXPECT_EQ(find_target(plan, "escaped_households_not_relapsing", 2023, "target", "hộ thoát nghèo").target->value, 100);
}

// ------------------------------------------------------------ checks that must refuse or flag

TEST(PlanChecks, BudgetThatDoesNotAddUpNamesTheNodeAndLines) {
    Plan plan = fixture("quang-xuong-2023");
    plan.budget_lines[0].amount_vnd = 3200 * kMillion;  // DA2 printed 3.207
    const auto findings = check_totals(plan, catalogues().rules());
    const auto node = with_code(findings, "node_total_mismatch");
    ASSERT_EQ(node.size(), 1u);
    EXPECT_EQ(node[0].subject, "nodes[DA2]");
    EXPECT_NE(node[0].message.find("Dự án 2"), std::string::npos) << node[0].message;
    EXPECT_NE(node[0].message.find("3.200 triệu đồng"), std::string::npos) << node[0].message;
    EXPECT_NE(node[0].message.find("3.207 triệu đồng"), std::string::npos) << node[0].message;
    EXPECT_NE(node[0].message.find("các dòng: 1"), std::string::npos) << node[0].message;
    const auto total = with_code(findings, "plan_total_mismatch");
    ASSERT_EQ(total.size(), 1u);
    EXPECT_NE(total[0].message.find("lệch 7 triệu đồng"), std::string::npos) << total[0].message;
    EXPECT_TRUE(app::has_errors(findings));
}

TEST(PlanChecks, CarriedOverSplitMustAddUp) {
    Plan plan = fixture("hon-quan-2023");
    for (auto& l : plan.budget_lines)
        if (l.source == "central_investment" && l.origin_year == 2022) l.origin_year = 2023;
    const auto findings = with_code(check_totals(plan, catalogues().rules()), "origin_year_total_mismatch");
    ASSERT_FALSE(findings.empty());
    EXPECT_NE(findings[0].message.find("vốn năm 2022"), std::string::npos) << findings[0].message;
}

TEST(PlanChecks, CounterpartBelowMinimumNamesTheLines) {
    const Plan plan = fixture("quang-xuong-2023");  // Thanh Hóa: 10% of central funds
    const auto findings = check_counterpart(plan, catalogues().rules());
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(findings[0].code, "counterpart_below_minimum");
    EXPECT_NE(findings[0].message.find("7.782 triệu đồng (dòng 1, 2, 3, 4, 5, 6, 7, 8, 9)"), std::string::npos)
        << findings[0].message;
    EXPECT_NE(findings[0].message.find("10%"), std::string::npos);
    // With a 10% district counterpart on every line the warning goes away.
    Plan funded = plan;
    for (const auto& l : plan.budget_lines) {
        BudgetLine c = l;
        c.source = "district";
        c.amount_vnd = l.amount_vnd / 10;
        c.counterpart = true;
        funded.budget_lines.push_back(c);
    }
    funded.announced_total_vnd.reset();
    for (auto& s : funded.nodes) s.announced_total_vnd.reset();
    EXPECT_TRUE(check_counterpart(funded, catalogues().rules()).empty());
    // Bình Phước has no configured ratio: Hớn Quản is not judged.
    EXPECT_TRUE(check_counterpart(fixture("hon-quan-2023"), catalogues().rules()).empty());
}

TEST(PlanChecks, CommunityProjectOverTheProvincialCap) {
    Plan plan = fixture("binh-luong-2024");
    plan.projects[0].amount_vnd = 600 * kMillion;
    plan.projects[0].duration_years = 4;
    const auto findings = check_project_caps(plan, catalogues().rules());
    const auto amount = with_code(findings, "project_over_cap");
    ASSERT_EQ(amount.size(), 1u);
    EXPECT_EQ(amount[0].subject, "projects[0]");
    EXPECT_NE(amount[0].message.find("Mô hình chăn nuôi bò cái sinh sản"), std::string::npos) << amount[0].message;
    EXPECT_NE(amount[0].message.find("600 triệu đồng"), std::string::npos) << amount[0].message;
    EXPECT_NE(amount[0].message.find("500 triệu đồng"), std::string::npos) << amount[0].message;
    EXPECT_EQ(with_code(findings, "project_over_duration").size(), 1u);
    // The same project in another province is not under Thanh Hóa's cap.
    plan.province_code = "70";
    EXPECT_TRUE(check_project_caps(plan, catalogues().rules()).empty());
}

TEST(PlanChecks, FundsOf2021To2025UsedAfter2026AreFlagged) {
    Plan plan = fixture("binh-luong-2024");
    plan.budget_lines[4].budget_year = 2027;
    Disbursement late;
    late.node = "DA7.TDA2";
    late.budget_year = 2024;
    late.date = Date{2027, 1, 5};
    late.amount_vnd = 1 * kMillion;
    plan.disbursements.push_back(late);
    const auto findings = check_fund_deadline(plan, catalogues().rules());
    ASSERT_EQ(findings.size(), 2u);
    EXPECT_NE(findings[0].message.find("Dòng kinh phí 5"), std::string::npos) << findings[0].message;
    EXPECT_NE(findings[0].message.find("31/12/2026"), std::string::npos) << findings[0].message;
    EXPECT_NE(findings[1].message.find("05/01/2027"), std::string::npos) << findings[1].message;
}

TEST(PlanChecks, TargetPartsMustAddUp) {
    Plan plan = fixture("hon-quan-2023");
    for (auto& t : plan.targets)
        if (t.population == "kinh") t.change->value = -50;
    const auto findings = check_target_cascade(plan);
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(findings[0].code, "target_parts_mismatch");
    // Assigned to lower units: two communes with 100 and 110 of the 218.
    Plan assigned = fixture("hon-quan-2023");
    for (const auto& [unit, value] : std::vector<std::pair<std::string, double>>{{"25306", -100}, {"25309", -110}}) {
        Target t = assigned.targets[0];
        t.unit_code = unit;
        t.change->value = value;
        assigned.targets.push_back(t);
    }
    const auto assignment = with_code(check_target_cascade(assigned), "target_assignment_shortfall");
    ASSERT_EQ(assignment.size(), 1u);
    EXPECT_NE(assignment[0].message.find("-210"), std::string::npos) << assignment[0].message;
}

TEST(PlanChecks, DistrictPlanAgainstItsCommunes) {
    const Plan district = fixture("quang-xuong-2023");
    Plan a = district, b = district;
    a.unit_code = "16001";
    b.unit_code = "16002";
    for (auto& l : a.budget_lines) l.amount_vnd /= 2;
    for (auto& l : b.budget_lines) l.amount_vnd -= l.amount_vnd / 2;
    EXPECT_TRUE(with_code(compare_with_units(district, {a, b}, catalogues().rules()), "units_budget_mismatch").empty());
    b.budget_lines[0].amount_vnd -= 7 * kMillion;
    const auto findings = with_code(compare_with_units(district, {a, b}, catalogues().rules()), "units_budget_mismatch");
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_NE(findings[0].message.find("Dự án 2"), std::string::npos) << findings[0].message;
    EXPECT_NE(findings[0].message.find("lệch 7 triệu đồng"), std::string::npos) << findings[0].message;
}

TEST(PlanChecks, DisbursementOverAllocationIsAnError) {
    Plan plan = fixture("binh-luong-2024");
    Disbursement d;
    d.node = "DA7.TDA2";
    d.budget_year = 2024;
    d.date = Date{2024, 9, 1};
    d.amount_vnd = 16 * kMillion;  // allocated 15
    plan.disbursements.push_back(d);
    const auto findings = with_code(check_disbursement(plan, catalogues().rules()), "disbursement_over_allocation");
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_NE(findings[0].message.find("dòng kinh phí 7"), std::string::npos) << findings[0].message;
}

}  // namespace
}  // namespace giamngheo::test
