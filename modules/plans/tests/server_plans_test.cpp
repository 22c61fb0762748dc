// The plan routes of the HTTP API through their handlers: a seed plan (Bình Lương 2024,
// commune 16204, within Hóa Quỳ 16186 after 2025) imported with app::import_plan, then read,
// checked, disbursed against, its targets filled in, edited with If-Match and downloaded, and its
// public-investment layout downloaded, filled in and uploaded back.
#include <gtest/gtest.h>

#include "modules/plans/app/plans.hpp"
#include "modules/plans/formats/public_investment_xlsx.hpp"
#include "testing/server_support.hpp"

namespace giamngheo::test {
namespace {

using nlohmann::json;
using accounts::Role;

constexpr std::int64_t kMillion = 1000000;
const std::string kPlan = "/api/v1/plans/16204/2024";

class ServerPlans : public ::testing::Test {
  protected:
    void SetUp() override {
        auto plans = store::open_plan_store(f.db);
        const auto imported = app::import_plan(*plans, test_environment(),
                                               kSourceDir + "/modules/plans/tests/fixtures/binh-luong-2024.json", false,
                                               {"test", "fixture"});
        ASSERT_TRUE(imported.written);
        f.add_user("tinh", Role::province_officer, "38");
        f.add_user("xa.hoaquy", Role::commune_officer, "16186");
        f.add_user("xa.vandon", Role::commune_officer, "06994");
        f.add_user("xem", Role::viewer, "38");
        province = f.sign_in("tinh");
    }
    ApiFixture f{30};
    Client province;
};

TEST_F(ServerPlans, ListGetAndCheck) {
    const auto list = f.call("GET", "/api/v1/plans?year=2024", "", &province);
    ASSERT_EQ(list.status, 200) << list.body;
    const json plans = ApiFixture::body(list);
    ASSERT_EQ(plans.size(), 1u);
    EXPECT_EQ(plans[0]["unit_code"], "16204");
    EXPECT_EQ(plans[0]["version"], 1);
    EXPECT_EQ(ApiFixture::body(f.call("GET", "/api/v1/plans?year=2023", "", &province)).size(), 0u);

    const auto plan = f.call("GET", kPlan, "", &province);
    ASSERT_EQ(plan.status, 200) << plan.body;
    const json document = ApiFixture::body(plan);
    EXPECT_EQ(document["year"], 2024);
    EXPECT_FALSE(document["budget_lines"].empty());
    bool etag = false;
    for (const auto& [name, value] : plan.headers) etag = etag || (name == "ETag" && value == "\"1\"");
    EXPECT_TRUE(etag);
    EXPECT_EQ(f.call("GET", "/api/v1/plans/16204/2031", "", &province).status, 404);

    const auto check = f.call("GET", kPlan + "/check", "", &province);
    ASSERT_EQ(check.status, 200) << check.body;
    const json checked = ApiFixture::body(check);
    EXPECT_FALSE(checked["errors"].get<bool>());
    // Issue 19: the budget as source × fund kind with its margins, and the counterpart rule applied
    // for the province of the issuing unit (Thanh Hóa: 10% of 276 = 27,6 → 28 million).
    const json& table = checked["budget_table"];
    EXPECT_EQ(table["budget_year"], 2024);
    ASSERT_EQ(table["columns"].size(), 1u);
    EXPECT_EQ(table["columns"][0]["title"], "Ngân sách trung ương - vốn sự nghiệp");
    EXPECT_EQ(table["total"]["total"], 276 * kMillion);
    EXPECT_EQ(table["total"]["central"], 276 * kMillion);
    EXPECT_EQ(checked["counterpart"]["province"], "Thanh Hóa");
    bool year_2024 = false;
    for (const auto& c : checked["counterpart"]["checks"])
        if (c["budget_year"] == 2024) {
            year_2024 = true;
            EXPECT_EQ(c["minimum_vnd"], 28 * kMillion);
            EXPECT_DOUBLE_EQ(c["exact_minimum_vnd"].get<double>(), 27.6 * kMillion);
            EXPECT_EQ(c["rounding"], "làm tròn đến triệu đồng");
            EXPECT_FALSE(c["met"].get<bool>());
        }
    EXPECT_TRUE(year_2024) << checked.dump();
}

TEST_F(ServerPlans, DisbursementEntryAndReport) {
    // More than the 259 million allocated to Project 2 in 2024 is refused, with a Vietnamese reason.
    const auto refused = f.call(
        "POST", kPlan + "/disbursements",
        json{{"node", "DA2"}, {"source", "central_recurrent"}, {"date", "2024-10-01"}, {"amount_vnd", 300 * kMillion}}
            .dump(),
        &province);
    ASSERT_EQ(refused.status, 422) << refused.body;
    const json reason = ApiFixture::body(refused);
    EXPECT_EQ(reason["error"]["code"], "disbursement_refused");
    EXPECT_FALSE(reason["findings"].empty());
    EXPECT_EQ(ApiFixture::body(f.call("GET", kPlan, "", &province))["version"], 1);

    const auto added = f.call(
        "POST", kPlan + "/disbursements",
        json{{"node", "DA2"}, {"source", "central_recurrent"}, {"date", "2024-10-01"}, {"amount_vnd", 100 * kMillion}}
            .dump(),
        &province);
    ASSERT_EQ(added.status, 201) << added.body;
    EXPECT_EQ(ApiFixture::body(added)["record"]["version"], 2);

    const auto report = f.call("GET", kPlan + "/disbursement?as_of=2024-12-31", "", &province);
    ASSERT_EQ(report.status, 200) << report.body;
    const json body = ApiFixture::body(report);
    EXPECT_EQ(body["budget_year"], 2024);
    bool found = false;
    for (const auto& row : body["by_node"])
        if (row["key"] == "DA2") {
            found = true;
            EXPECT_EQ(row["disbursed_vnd"], 100 * kMillion);
            EXPECT_EQ(row["allocated_vnd"], 259 * kMillion);
        }
    EXPECT_TRUE(found) << body.dump();
    // A viewer reads but does not write.
    const Client viewer = f.sign_in("xem");
    EXPECT_EQ(f.call("GET", kPlan + "/disbursement", "", &viewer).status, 200);
    EXPECT_EQ(f.call("POST", kPlan + "/disbursements", R"({"node":"DA2","amount_vnd":1})", &viewer).status, 403);
}

TEST_F(ServerPlans, TargetActualAndEditWithIfMatch) {
    const auto targets = f.call("GET", kPlan + "/targets", "", &province);
    ASSERT_EQ(targets.status, 200) << targets.body;
    const json rows = ApiFixture::body(targets);
    ASSERT_FALSE(rows.empty());
    EXPECT_EQ(rows[0]["indicator"], "poor_rate");
    const auto actual = f.call("PUT", kPlan + "/targets/0/actual", R"({"actual": 3.1})", &province);
    ASSERT_EQ(actual.status, 200) << actual.body;
    const json after = ApiFixture::body(f.call("GET", kPlan + "/targets", "", &province));
    // The fixture's approved 2024 review holds Bình Lương's households, so the rate measured by the
    // review wins over the entered 3.1 (issue 5: computed from the review where possible).
    double measured = -1;
    auto registry = store::open_store(f.db);
    for (const auto& m : app::measured_values(*registry, "16204", 2024))
        if (m.indicator == "poor_rate") measured = m.value;
    ASSERT_GE(measured, 0.0);
    EXPECT_EQ(after[0]["actual_source"], "review");
    EXPECT_DOUBLE_EQ(after[0]["actual"].get<double>(), measured);
    EXPECT_FALSE(after[0]["status"].get<std::string>().empty());
    EXPECT_EQ(f.call("PUT", kPlan + "/targets/999/actual", R"({"actual": 1})", &province).status, 404);

    // Edit: a budget line changed against the announced totals is refused with findings naming it.
    json plan = ApiFixture::body(f.call("GET", kPlan, "", &province));
    const std::string version = "\"" + std::to_string(plan["version"].get<long>()) + "\"";
    EXPECT_EQ(f.call("PUT", kPlan, plan.dump(), &province).status, 428);
    json broken = plan;
    std::size_t line = 0;
    while (broken["budget_lines"][line]["budget_year"] != 2024) ++line;
    broken["budget_lines"][line]["amount_vnd"] = -5;
    const auto refused = f.call("PUT", kPlan, broken.dump(), &province, {{"if-match", version}});
    ASSERT_EQ(refused.status, 422) << refused.body;
    EXPECT_FALSE(ApiFixture::body(refused)["findings"].empty());
    EXPECT_NE(refused.body.find("budget_lines[" + std::to_string(line) + "]"), std::string::npos) << refused.body;
    // The unchanged plan saves; a stale version is refused.
    const auto saved = f.call("PUT", kPlan, plan.dump(), &province, {{"if-match", version}});
    ASSERT_EQ(saved.status, 200) << saved.body;
    EXPECT_EQ(f.call("PUT", kPlan, plan.dump(), &province, {{"if-match", "\"1\""}}).status, 412);

    // A plan for a year the unit has none of is created with If-Match "0", once.
    json next = plan;
    next["year"] = 2025;
    json lines = json::array();
    for (auto l : next["budget_lines"])
        if (l["budget_year"] == 2024) {
            l["budget_year"] = 2025;
            lines.push_back(l);
        }
    next["budget_lines"] = lines;
    next["disbursements"] = json::array();
    const std::string next_plan = "/api/v1/plans/16204/2025";
    EXPECT_EQ(f.call("PUT", next_plan, next.dump(), &province, {{"if-match", "\"3\""}}).status, 412);
    const auto created = f.call("PUT", next_plan, next.dump(), &province, {{"if-match", "\"0\""}});
    ASSERT_EQ(created.status, 201) << created.body.substr(0, 600);
    EXPECT_EQ(ApiFixture::body(created)["record"]["version"], 1);
    EXPECT_EQ(f.call("PUT", next_plan, next.dump(), &province, {{"if-match", "\"0\""}}).status, 412);
    EXPECT_EQ(ApiFixture::body(f.call("GET", next_plan, "", &province))["year"], 2025);
}

TEST_F(ServerPlans, DownloadsAndScope) {
    const auto docx = f.call("GET", kPlan + "/document.docx", "", &province);
    ASSERT_EQ(docx.status, 200) << docx.body.substr(0, 300);
    EXPECT_GT(docx.body.size(), 1000u);
    EXPECT_EQ(docx.body.substr(0, 2), "PK");
    const auto xlsx = f.call("GET", kPlan + "/budget.xlsx", "", &province);
    ASSERT_EQ(xlsx.status, 200);
    EXPECT_EQ(xlsx.body.substr(0, 2), "PK");

    // The commune officer of Hóa Quỳ (Bình Lương's successor) sees the plan; Vân Đồn's does not.
    const Client own = f.sign_in("xa.hoaquy"), other = f.sign_in("xa.vandon");
    EXPECT_EQ(f.call("GET", kPlan, "", &own).status, 200);
    EXPECT_EQ(f.call("GET", kPlan, "", &other).status, 403);
    EXPECT_EQ(f.call("GET", kPlan + "/targets", "", &other).status, 403);
    EXPECT_EQ(f.call("PUT", kPlan + "/targets/0/actual", R"({"actual": 1})", &other).status, 403);
    EXPECT_EQ(ApiFixture::body(f.call("GET", "/api/v1/plans", "", &other)).size(), 0u);
    EXPECT_EQ(ApiFixture::body(f.call("GET", "/api/v1/plans", "", &own)).size(), 1u);
}

// The layout of 2025 over the plan of 2024: downloaded as XLSX and DOCX; the same XLSX back changes
// nothing; one filled with an estimate for Dự án 2 is checked (dry run: nothing written), then
// written into the same plan; a unit out of scope may not upload.
TEST_F(ServerPlans, PublicInvestmentDownloadAndUpload) {
    const auto xlsx = f.call("GET", kPlan + "/public-investment.xlsx", "", &province);
    ASSERT_EQ(xlsx.status, 200) << xlsx.body.substr(0, 300);
    EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
    EXPECT_EQ(f.call("GET", kPlan + "/public-investment.docx", "", &province).status, 200);
    const auto same = f.call("POST", kPlan + "/public-investment", xlsx.body, &province);
    ASSERT_EQ(same.status, 200) << same.body;
    EXPECT_EQ(ApiFixture::body(same)["changes"], 0);
    EXPECT_FALSE(ApiFixture::body(same)["written"].get<bool>());

    // The officer's file: the plan with a full-year estimate of 200 million for Dự án 2.
    auto plans = store::open_plan_store(f.db);
    Plan filled = plans->load_plan({"ntp-2021-2025", "16204", 2024})->plan;
    Disbursement estimate;
    estimate.node = "DA2";
    estimate.source = "central_recurrent";
    estimate.budget_year = 2024;
    estimate.estimate = true;
    estimate.amount_vnd = 200 * kMillion;
    filled.disbursements.push_back(estimate);
    const auto catalogues = app::load_plan_catalogues(test_environment(), "ntp-2021-2025");
    const PlanRules rules = catalogues.rules();
    TempDir temp;
    io::write_printed_xlsx(temp.path("filled.xlsx"), {io::public_investment_sheet(filled, public_investment_layout(filled, rules), rules)});
    const std::string bytes = io::read_file(temp.path("filled.xlsx"));
    const auto dry = f.call("POST", kPlan + "/public-investment?dry_run=1", bytes, &province);
    ASSERT_EQ(dry.status, 200) << dry.body;
    EXPECT_EQ(ApiFixture::body(dry)["changes"], 1);
    EXPECT_FALSE(ApiFixture::body(dry)["written"].get<bool>());
    EXPECT_EQ(ApiFixture::body(f.call("GET", kPlan, "", &province)).dump().find("\"estimate\""), std::string::npos);
    const auto written = f.call("POST", kPlan + "/public-investment", bytes, &province);
    ASSERT_EQ(written.status, 200) << written.body;
    EXPECT_TRUE(ApiFixture::body(written)["written"].get<bool>());
    const auto stored = plans->load_plan({"ntp-2021-2025", "16204", 2024})->plan;
    ASSERT_EQ(stored.disbursements.size(), filled.disbursements.size());
    EXPECT_TRUE(stored.disbursements.back().estimate);
    EXPECT_EQ(stored.disbursements.back().amount_vnd, 200 * kMillion);
    EXPECT_EQ(stored.disbursements.back().fund_kind, "recurrent");

    const auto refused = f.call("POST", kPlan + "/public-investment", "không phải tệp Excel", &province);
    EXPECT_EQ(refused.status, 422);
    EXPECT_EQ(ApiFixture::body(refused)["error"]["code"], "invalid_public_investment") << refused.body;
    EXPECT_FALSE(ApiFixture::body(refused)["problems"].empty()) << refused.body;
    const Client other = f.sign_in("xa.vandon");
    EXPECT_EQ(f.call("POST", kPlan + "/public-investment?dry_run=1", bytes, &other).status, 403);
}

}  // namespace
}  // namespace giamngheo::test
