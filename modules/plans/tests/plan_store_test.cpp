// Plans through JSON, the SQLite store, the XLSX budget tables and the command line.
#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "storage/open_store.hpp"
#include "modules/plans/app/plans.hpp"
#include "modules/plans/formats/plan_json.hpp"
#include "platform/xlsx.hpp"
#include "storage/sqlite/database.hpp"
#include "testing/store_backends.hpp"
#include "testing/support.hpp"

namespace giamngheo::test {
namespace {

constexpr std::int64_t kMillion = 1'000'000;
const std::string kFixtures = kSourceDir + "/modules/plans/tests/fixtures/";
const char* const kSlugs[] = {"quang-xuong-2023", "kim-bang-2023", "hon-quan-2023", "binh-luong-2024",
                              "phan-rang-thap-cham-2023"};

TEST(PlanJson, WriteThenReadGivesTheSamePlan) {
    for (const char* slug : kSlugs) {
        const Plan plan = io::read_plan_file(kFixtures + slug + ".json");
        EXPECT_EQ(io::plan_from_json(io::plan_to_json(plan)), plan) << slug;
    }
}

TEST(PlanJson, ErrorsNameTheKey) {
    nlohmann::json document = nlohmann::json::parse(io::read_file(kFixtures + "quang-xuong-2023.json"));
    document["budget_lines"][3]["amount_vnd"] = "nhiều";
    try {
        (void)io::plan_from_json(document);
        FAIL() << "no error";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("budget_lines[3].amount_vnd"), std::string::npos) << e.what();
    }
}

// The store's tests run on every backend, each on a fresh empty store.
class PlanStore : public ::testing::TestWithParam<Backend> {};
INSTANTIATE_TEST_SUITE_P(EveryEngine, PlanStore, kEveryEngine, backend_name);

TEST_P(PlanStore, VersionsAndChangeSets) {
    const FreshStore fresh(GetParam());
    const std::string db = fresh.location();
    const app::Environment env = test_environment();
    auto plans = store::open_plan_store(db);
    const store::Actor actor{"test", "fixture"};
    const auto imported = app::import_plan(*plans, env, kFixtures + "hon-quan-2023.json", false, actor);
    ASSERT_TRUE(imported.written);
    EXPECT_EQ(imported.record.version, 1);
    EXPECT_EQ(imported.record.budget_total_vnd, 5539 * kMillion);
    // The same file again changes nothing.
    EXPECT_EQ(app::import_plan(*plans, env, kFixtures + "hon-quan-2023.json", false, actor).record.version, 1);

    const store::PlanKey key{"ntp-2021-2025", "694", 2023};
    Disbursement d;
    d.node = "DA2";
    d.source = "central_recurrent";
    d.budget_year = 2023;
    d.date = Date{2023, 10, 2};
    d.amount_vnd = 975 * kMillion;
    const auto added = app::add_disbursement(*plans, env, key, d, {"test", "disburse"});
    ASSERT_TRUE(added.findings.empty()) << added.findings[0].message;
    EXPECT_EQ(added.record.version, 2);
    const auto report = app::plan_disbursement(*plans, env, key, std::nullopt, Date{2023, 12, 31});
    for (const auto& row : report.by_node)
        if (row.key == "DA2") {
            EXPECT_EQ(row.disbursed_vnd, 975 * kMillion);
        }
    for (const auto& row : report.by_source)
        if (row.key == "central_recurrent") {
            EXPECT_EQ(row.disbursed_vnd, 975 * kMillion);
        }
    // Before the payment date nothing is disbursed.
    EXPECT_EQ(app::plan_disbursement(*plans, env, key, std::nullopt, Date{2023, 9, 30}).total.disbursed_vnd, 0);

    // Too much is refused and nothing is written.
    d.amount_vnd = 2000 * kMillion;
    const auto refused = app::add_disbursement(*plans, env, key, d, {"test", "disburse"});
    ASSERT_FALSE(refused.findings.empty());
    EXPECT_EQ(plans->load_plan(key)->record.version, 2);

    const auto history = plans->plan_history(key);
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0].action, "plan.import");
    EXPECT_EQ(history[1].action, "plan.disbursement");
    EXPECT_EQ(history[1].user, "test");
    EXPECT_EQ(history[1].source, "disburse");
    EXPECT_TRUE(plans->load_plan_version(key, 1)->plan.disbursements.empty());

    // A stale editor loses.
    EXPECT_THROW(plans->save_plan(plans->load_plan(key)->plan, actor, "plan.edit", 1), std::runtime_error);
    // The registry store opens the same database.
    EXPECT_EQ(store::open_store(db)->household_count(), 0);
}

TEST_P(PlanStore, BudgetXlsxRoundTripAndAllOrNothingImport) {
    TempDir temp;
    const app::Environment env = test_environment();
    const FreshStore fresh(GetParam());
    auto plans = store::open_plan_store(fresh.location());
    const store::Actor actor{"test", "fixture"};
    ASSERT_TRUE(app::import_plan(*plans, env, kFixtures + "quang-xuong-2023.json", false, actor).written);
    const store::PlanKey key{"ntp-2021-2025", "406", 2023};
    const std::string xlsx = temp.path("budget.xlsx");
    app::export_budget_xlsx(*plans, env, key, xlsx);
    const io::Table lines = io::read_xlsx_table(xlsx);
    ASSERT_EQ(lines.rows.size(), 9u);
    EXPECT_EQ(cell(lines, 0, "Số tiền (đồng)"), "3207000000");
    EXPECT_EQ(cell(lines, 0, "Nguồn vốn"), "Ngân sách trung ương - vốn sự nghiệp");  // as people read it

    // The exported table imports back to the same lines (no new version).
    const auto same = app::import_budget(*plans, env, key, xlsx, false, actor);
    EXPECT_TRUE(same.problems.empty());
    EXPECT_EQ(plans->load_plan(key)->record.version, 1);

    // Bad cells: every problem with its row and column, and nothing written.
    io::Table bad = lines;
    bad.rows[1][0] = "DA9";
    bad.rows[4][5] = "-5";
    bad.rows[6][2] = "investment";  // central recurrent carries no investment funds
    const std::string bad_path = temp.path("bad.xlsx");
    io::write_xlsx(bad_path, {io::XlsxSheet{"Sheet1", &bad, {"budget_year", "origin_year", "amount_vnd"}, {}}});
    const auto result = app::import_budget(*plans, env, key, bad_path, false, actor);
    ASSERT_EQ(result.problems.size(), 3u);
    EXPECT_EQ(result.problems[0].row, 3);
    EXPECT_EQ(result.problems[0].column, "node");
    EXPECT_EQ(result.problems[1].row, 6);
    EXPECT_EQ(result.problems[1].column, "amount_vnd");
    EXPECT_EQ(result.problems[2].row, 8);
    EXPECT_EQ(result.problems[2].column, "fund_kind");
    EXPECT_FALSE(result.written);

    // Valid cells that break the announced totals are refused too.
    io::Table short_table = lines;
    short_table.rows[0][5] = "3000000000";
    io::write_xlsx(bad_path, {io::XlsxSheet{"Sheet1", &short_table, {"amount_vnd"}, {}}});
    const auto refused = app::import_budget(*plans, env, key, bad_path, false, actor);
    EXPECT_TRUE(refused.problems.empty());
    EXPECT_FALSE(refused.written);
    EXPECT_TRUE(app::has_errors(refused.findings));
    EXPECT_EQ(plans->load_plan(key)->plan.budget_lines[0].amount_vnd, 3207 * kMillion);
}

// Issue 19, point 8: re-importing a plan keeps the actuals entered since (a notice says so);
// an actual in the file wins.
TEST_P(PlanStore, ReimportKeepsEnteredActuals) {
    const app::Environment env = test_environment();
    const FreshStore fresh(GetParam());
    auto plans = store::open_plan_store(fresh.location());
    const store::Actor actor{"test", "fixture"};
    const std::string file = kFixtures + "binh-luong-2024.json";
    ASSERT_TRUE(app::import_plan(*plans, env, file, false, actor).written);
    const store::PlanKey key{"ntp-2021-2025", "16204", 2024};
    std::size_t index = 0;
    const Plan stored = plans->load_plan(key)->plan;
    while (!(stored.targets[index].indicator == "poor_households" && stored.targets[index].year == 2024)) ++index;
    (void)app::enter_target_actual(*plans, key, index, 23, actor);
    (void)app::enter_target_actual(*plans, key, index, -9, actor, true);
    const auto again = app::import_plan(*plans, env, file, false, actor);
    ASSERT_TRUE(again.written);
    const auto kept = std::count_if(again.findings.begin(), again.findings.end(), [](const Finding& f) {
        return f.code == "entered_actual_kept" && f.severity == Severity::notice;
    });
    EXPECT_EQ(kept, 1);
    const Plan after = plans->load_plan(key)->plan;
    EXPECT_EQ(after.targets[index].actual, 23);
    EXPECT_EQ(after.targets[index].actual_change, -9);
}

// Issue 19, point 6: the budget table takes amounts as printed, with their unit, a space at either
// end, and warns about a line under a million đồng written without a unit (90000 for 90 billion).
TEST_P(PlanStore, BudgetImportReadsPrintedAmounts) {
    TempDir temp;
    const app::Environment env = test_environment();
    const FreshStore fresh(GetParam());
    auto plans = store::open_plan_store(fresh.location());
    const store::Actor actor{"test", "fixture"};
    ASSERT_TRUE(app::import_plan(*plans, env, kFixtures + "quang-xuong-2023.json", false, actor).written);
    const store::PlanKey key{"ntp-2021-2025", "406", 2023};
    const std::string csv = temp.path("budget.csv");
    write_text(csv,
               "node,source,fund_kind,budget_year,amount_vnd,amount_printed,stage\n"
               "DA2,central_recurrent,recurrent,2023,3207000000 ,,allocated\n"
               "DA3.TDA1,central_recurrent,recurrent,2023,,\"1.518 triệu đồng\",allocated\n"
               "DA3.TDA2,central_recurrent,recurrent,2023, 391000000,,allocated\n"
               "DA4.TDA1,central_recurrent,recurrent,2023,,\"1,181 tỷ\",allocated\n"
               "DA4.TDA3,central_recurrent,recurrent,2023,672000000,\"672 triệu\",allocated\n"
               "DA6.TDA1,central_recurrent,recurrent,2023,119000000,,allocated\n"
               "DA6.TDA2,central_recurrent,recurrent,2023,139000000,,allocated\n"
               "DA7.TDA1,central_recurrent,recurrent,2023,362000000,,allocated\n"
               "DA7.TDA2,central_recurrent,recurrent,2023,193000000,,allocated\n");
    const auto read = app::import_budget(*plans, env, key, csv, true, actor);
    EXPECT_TRUE(read.problems.empty()) << (read.problems.empty() ? "" : read.problems[0].column + ": " + read.problems[0].message);
    EXPECT_FALSE(app::has_errors(read.findings));
    // 90000 "đồng" for a 90-billion line: read, but warned; "12,345" with no unit: refused, naming the cell.
    write_text(csv,
               "node,source,fund_kind,budget_year,amount_vnd\n"
               "DA2,central_recurrent,recurrent,2023,90000\n"
               "DA2,provincial,recurrent,2023,\"12,345\"\n");
    const auto odd = app::import_budget(*plans, env, key, csv, true, actor);
    ASSERT_EQ(odd.problems.size(), 1u);
    EXPECT_EQ(odd.problems[0].row, 3);
    EXPECT_EQ(odd.problems[0].column, "amount_vnd");
    EXPECT_NE(odd.problems[0].message.find("\"12,345\" không rõ"), std::string::npos) << odd.problems[0].message;
    write_text(csv, "node,source,fund_kind,budget_year,amount_vnd\nDA2,central_recurrent,recurrent,2023,90000\n");
    const auto small = app::import_budget(*plans, env, key, csv, true, actor);
    ASSERT_TRUE(small.problems.empty());
    ASSERT_FALSE(small.findings.empty());
    EXPECT_EQ(small.findings[0].code, "amount_implausibly_small");
    EXPECT_NE(small.findings[0].message.find("90.000 đồng (dưới 1 triệu đồng) không ghi đơn vị"), std::string::npos)
        << small.findings[0].message;
}

// Issue 19, point 5: money requested (Hớn Quản's DA6 "Tổng nhu cầu vốn") is not shown as "giao".
TEST(PlanDisbursement, RequestedMoneyIsNotAllocated) {
    const auto catalogues = app::load_plan_catalogues(test_environment(), "ntp-2021-2025");
    const Plan plan = io::read_plan_file(kFixtures + "hon-quan-2023.json");
    const DisbursementReport report = disbursement_report(plan, 2023, Date{2023, 12, 31}, catalogues.rules());
    bool found = false;
    for (const auto& row : report.by_node)
        if (row.key == "DA6") {
            found = true;
            EXPECT_EQ(row.allocated_vnd, 0);
            EXPECT_EQ(row.not_allocated_vnd, 177 * kMillion);
        }
    EXPECT_TRUE(found);
    EXPECT_EQ(report.total.allocated_vnd, (5539 - 177) * kMillion);
    EXPECT_EQ(report.total.not_allocated_vnd, 177 * kMillion);
    const std::string line = describe_line(plan, 17, catalogues.rules());
    EXPECT_NE(line.find("nhu cầu, đề nghị, chưa giao"), std::string::npos) << line;
}

TEST(PlanCli, ImportCheckDisburseAndTargets) {
    TempDir temp;
    const std::string env = "GIAMNGHEO_DB='" + temp.path("cli.db") + "' GIAMNGHEO_DATA='" + kSourceDir + "/data'";
    const auto imported = run_cli("plan import '" + kFixtures + "binh-luong-2024.json'", env);
    ASSERT_EQ(imported.status, 0) << imported.err;
    EXPECT_NE(imported.out.find("counterpart_below_minimum"), std::string::npos);
    const std::string key = " --unit 16204 --year 2024";
    const auto list = run_cli("plan list", env);
    EXPECT_NE(list.out.find("16204\t2024"), std::string::npos) << list.out;
    EXPECT_NE(list.out.find("276 triệu đồng"), std::string::npos) << list.out;
    EXPECT_EQ(run_cli("plan check" + key, env).status, 0);

    const auto disbursed = run_cli("plan disbursement" + key + " --budget-year 2023 --as-of 2024-01-31", env);
    ASSERT_EQ(disbursed.status, 0) << disbursed.err;
    EXPECT_NE(disbursed.out.find("giao 324 triệu đồng\tđã giải ngân 24 triệu đồng\t100%\t(chưa báo cáo 300 triệu đồng)"),
              std::string::npos)
        << disbursed.out;
    const auto paid = run_cli("plan disburse" + key + " --node DA2 --date 2024-08-15 --amount-vnd 100000000", env);
    ASSERT_EQ(paid.status, 0) << paid.err << paid.out;
    const auto too_much = run_cli("plan disburse" + key + " --node DA7.TDA2 --percent 120", env);
    EXPECT_EQ(too_much.status, 3) << too_much.err;
    EXPECT_NE(too_much.out.find("vượt quá 100%"), std::string::npos) << too_much.out;

    const auto targets = run_cli("plan targets" + key, env);
    ASSERT_EQ(targets.status, 0) << targets.err;
    EXPECT_NE(targets.out.find("poor_households,2023,,,result,households,40,32,32,printed"), std::string::npos)
        << targets.out;
    EXPECT_NE(targets.out.find("poor_rate,2024,,,target,percent,4.39,3.02"), std::string::npos) << targets.out;
    EXPECT_EQ(run_cli("plan actual" + key + " --target 2 --value 22", env).status, 0);
    EXPECT_NE(run_cli("plan targets" + key, env).out.find("poor_households,2024,,,target,households,32,22,22,entered,1,achieved"),
              std::string::npos);
}

// The public-investment layout of 2025 from the command line: XLSX and DOCX written, the XLSX read
// back unchanged (nothing to write), a file that is not one refused naming it, with status 3.
TEST(PlanCli, PublicInvestmentExportAndImport) {
    TempDir temp;
    const std::string env = "GIAMNGHEO_DB='" + temp.path("cli.db") + "' GIAMNGHEO_DATA='" + kSourceDir + "/data'";
    ASSERT_EQ(run_cli("plan import '" + kFixtures + "binh-luong-2024.json'", env).status, 0);
    const std::string key = " --unit 16204 --year 2024";
    const auto xlsx = run_cli("plan export-public-investment" + key + " --out '" + temp.path("dtc.xlsx") + "'", env);
    ASSERT_EQ(xlsx.status, 0) << xlsx.err;
    EXPECT_EQ(run_cli("plan export-public-investment" + key + " --out '" + temp.path("dtc.docx") + "'", env).status, 0);
    EXPECT_EQ(io::read_file(temp.path("dtc.docx")).substr(0, 2), "PK");
    EXPECT_NE(run_cli("plan export-public-investment" + key + " --out '" + temp.path("dtc.pdf") + "'", env).status, 0);
    const auto same = run_cli("plan import-public-investment" + key + " '" + temp.path("dtc.xlsx") + "'", env);
    EXPECT_EQ(same.status, 0) << same.err;
    EXPECT_NE(same.err.find("Biểu không khác kế hoạch"), std::string::npos) << same.err;
    write_text(temp.path("not.xlsx"), "không phải tệp Excel");
    const auto refused = run_cli("plan import-public-investment" + key + " --dry-run '" + temp.path("not.xlsx") + "'", env);
    EXPECT_EQ(refused.status, 3) << refused.err;
    EXPECT_NE(refused.err.find("not.xlsx"), std::string::npos) << refused.err;
}

}  // namespace
}  // namespace giamngheo::test
