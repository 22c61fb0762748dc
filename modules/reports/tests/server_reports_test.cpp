// The report routes through their handlers on the demo fixture (Thanh Hóa 38, Hóa Quỳ 16186):
// the shapes the web application reads, If-Match, the refusals with their codes, what each role is
// offered, and the printed XLSX read back cell by cell.
#include <gtest/gtest.h>

#include "kernel/format_vi.hpp"
#include "platform/zip_reader.hpp"
#include "testing/server_support.hpp"

namespace giamngheo::test {
namespace {

using accounts::Role;
using nlohmann::json;

const std::string kReport = "/api/v1/reports/bieu-02/2026-H1/16186";

class ServerReports : public ::testing::Test {
  protected:
    void SetUp() override {
        f.add_user("tinh", Role::province_officer, "38");
        f.add_user("xa", Role::commune_officer, "16186");
        f.add_user("xem", Role::viewer, "38");
        province = f.sign_in("tinh");
        commune = f.sign_in("xa");
        viewer = f.sign_in("xem");
    }
    std::map<std::string, std::string> if_match(const Client& c) {
        return {{"if-match", "\"" + std::to_string(ApiFixture::body(f.call("GET", kReport, "", &c))["version"].get<long>()) + "\""}};
    }
    server::Response put(const json& values, const Client& c) {
        return f.call("PUT", kReport, json{{"values", values}}.dump(), &c, if_match(c));
    }
    server::Response step(const std::string& action, const Client& c, const std::string& reason = "") {
        return f.call("POST", kReport + "/" + action, json{{"reason", reason}}.dump(), &c, if_match(c));
    }
    ApiFixture f{200};
    Client province, commune, viewer;
};

TEST_F(ServerReports, FormsPeriodsAndOneReport) {
    const json forms = ApiFixture::body(f.call("GET", "/api/v1/reports/forms", "", &viewer));
    ASSERT_GE(forms.size(), 3u);
    const json periods = ApiFixture::body(f.call("GET", "/api/v1/reports/periods?form=bieu-02", "", &viewer));
    EXPECT_EQ(periods[0]["id"], "2026-H2");  // today is 23/11/2026 in the tests
    const auto got = f.call("GET", kReport, "", &commune);
    ASSERT_EQ(got.status, 200) << got.body;
    const json report = ApiFixture::body(got);
    EXPECT_EQ(report["state"], "not_started");
    EXPECT_EQ(report["deadline"], "2026-05-20");
    EXPECT_EQ(report["form"]["money_unit"], "million_vnd");
    const json& poor = report["form"]["sections"][0]["rows"][1]["cells"];
    EXPECT_EQ(poor["result"]["kind"], "computed");
    EXPECT_EQ(poor["plan"]["kind"], "entered");
    EXPECT_TRUE(poor["plan"]["editable"].get<bool>());
    EXPECT_TRUE(report["can"]["complete"].get<bool>());
    EXPECT_FALSE(report["can"]["approve"].get<bool>());
    // A viewer of the province reads it and is offered nothing.
    const json seen = ApiFixture::body(f.call("GET", kReport, "", &viewer));
    for (const auto& [action, allowed] : seen["can"].items()) EXPECT_FALSE(allowed.get<bool>()) << action;
    EXPECT_EQ(f.call("GET", "/api/v1/reports/nothing/2026-H1/16186", "", &viewer).status, 404);
    EXPECT_EQ(f.call("GET", "/api/v1/reports/bieu-02/2026-07/16186", "", &viewer).status, 404);  // no monthly Biểu 02
}

// A file that is not the form is refused as every route refuses: the Error, its problems beside it,
// and nothing written.
TEST_F(ServerReports, AnImportWithProblemsIsRefusedWithTheErrorAndItsProblems) {
    const auto refused = f.call("POST", kReport + "/import", "không phải tệp Excel", &commune, if_match(commune));
    ASSERT_EQ(refused.status, 422) << refused.body;
    const json body = ApiFixture::body(refused);
    EXPECT_EQ(body["error"]["code"], "invalid_report_sheet") << refused.body;
    EXPECT_FALSE(body["error"]["message"].get<std::string>().empty());
    ASSERT_FALSE(body["problems"].empty()) << refused.body;
    EXPECT_TRUE(body["problems"][0].contains("row")) << refused.body;
    EXPECT_EQ(body["cells"], 0) << refused.body;
    EXPECT_EQ(ApiFixture::body(f.call("GET", kReport, "", &commune))["state"], "not_started");
}

TEST_F(ServerReports, WritesNeedTheVersionAndValidEntries) {
    EXPECT_EQ(f.call("PUT", kReport, R"({"values":{"poor.plan":3}})", &commune).status, 428);
    const auto stale = f.call("PUT", kReport, R"({"values":{"poor.plan":3}})", &commune, {{"if-match", "\"5\""}});
    EXPECT_EQ(stale.status, 412) << stale.body;
    const auto bad = put({{"poor.plan", -2}}, commune);
    EXPECT_EQ(bad.status, 400) << bad.body;
    EXPECT_NE(bad.body.find("poor.plan"), std::string::npos) << bad.body;
    const auto computed = put({{"poor.result", 2}}, commune);
    EXPECT_EQ(computed.status, 400) << computed.body;
    EXPECT_EQ(put({{"poor.plan", 3}}, viewer).status, 403);
    EXPECT_EQ(put({{"poor.plan", 3}}, province).status, 403);  // the province does not fill the commune's report
    const auto saved = put({{"poor.plan", 3}, {"production_households.result", 7}}, commune);
    ASSERT_EQ(saved.status, 200) << saved.body;
    EXPECT_EQ(ApiFixture::body(saved)["state"], "draft");
    EXPECT_EQ(ApiFixture::body(saved)["version"], 1);
}

TEST_F(ServerReports, SendBackNeedsAReasonAndApprovalIsTheProvinces) {
    ASSERT_EQ(put({{"production_households.result", 7}}, commune).status, 200);
    ASSERT_EQ(step("complete", commune).status, 200);
    ASSERT_EQ(step("submit", commune).status, 200);
    EXPECT_EQ(put({{"poor.plan", 4}}, commune).status, 409);  // locked
    const auto no_reason = step("send-back", province);
    EXPECT_EQ(no_reason.status, 409);
    EXPECT_NE(no_reason.body.find("reason_required"), std::string::npos) << no_reason.body;
    EXPECT_EQ(step("approve", commune).status, 403);
    EXPECT_EQ(step("approve", viewer).status, 403);
    const auto sent_back = step("send-back", province, "Thiếu số liệu vốn");
    ASSERT_EQ(sent_back.status, 200) << sent_back.body;
    EXPECT_EQ(ApiFixture::body(sent_back)["history"].back()["reason"], "Thiếu số liệu vốn");
    ASSERT_EQ(step("complete", commune).status, 200);
    ASSERT_EQ(step("submit", commune).status, 200);
    const auto approved = step("approve", province);
    ASSERT_EQ(approved.status, 200) << approved.body;
    EXPECT_EQ(ApiFixture::body(approved)["state"], "approved");
    EXPECT_TRUE(ApiFixture::body(approved)["modified_since_approval"].is_null());
    // The registry changes after approval (a household of Hóa Quỳ leaves it): the approved figures
    // stay, and the report says which cells the data would now give differently.
    const double households_approved =
        ApiFixture::body(approved)["form"]["sections"][0]["rows"][0]["cells"]["result"]["value"].get<double>();
    {
        auto registry = store::open_store(f.db);
        ASSERT_EQ(registry->remove_households({household_in(f.db, "16204")}, {"test", "chuyển đi"}), 1);
    }
    const json after = ApiFixture::body(f.call("GET", kReport, "", &province));
    ASSERT_FALSE(after["modified_since_approval"].is_null()) << after.dump();
    EXPECT_EQ(after["form"]["sections"][0]["rows"][0]["cells"]["result"]["value"].get<double>(), households_approved);
    bool households_changed = false;
    for (const auto& cell : after["modified_since_approval"]["cells"])
        if (cell["id"] == "households.result") {
            households_changed = true;
            EXPECT_EQ(cell["approved"].get<double>(), households_approved);
            EXPECT_EQ(cell["current"].get<double>(), households_approved - 1);
        }
    EXPECT_TRUE(households_changed);
    // The province's own report cannot be completed while its other communes have not reported.
    const auto own = f.call("POST", "/api/v1/reports/bieu-02/2026-H1/38/complete", "{}", &province, {{"if-match", "\"0\""}});
    EXPECT_EQ(own.status, 409);
    EXPECT_NE(own.body.find("units_below_pending"), std::string::npos) << own.body;

    const json board = ApiFixture::body(f.call("GET", "/api/v1/reports/board?unit=38&period=2026-H1&form=bieu-02", "", &province));
    ASSERT_EQ(board["rates"].size(), 1u);
    EXPECT_EQ(board["rates"][0]["submitted"], 1);
    bool found = false;
    for (const auto& row : board["rows"])
        if (row["unit_code"] == "16186") {
            found = true;
            EXPECT_EQ(row["state"], "approved");
            EXPECT_EQ(row["last"]["by"], "tinh");
        }
    EXPECT_TRUE(found);
}

TEST_F(ServerReports, PrintedXlsxHoldsTheCells) {
    ASSERT_EQ(put({{"poor.plan", 1234}, {"production_households.result", 7}}, commune).status, 200);
    const json report = ApiFixture::body(f.call("GET", kReport, "", &commune));
    const auto xlsx = f.call("GET", kReport + "/xlsx", "", &commune);
    ASSERT_EQ(xlsx.status, 200);
    // Every cell is printed text (1.234.567 whatever the reader's locale): the shared strings hold them.
    const std::string text = io::read_zip_entry(xlsx.body, "xl/sharedStrings.xml", "report.xlsx");
    EXPECT_NE(text.find("KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH"), std::string::npos);
    EXPECT_NE(text.find(">1.234<"), std::string::npos);  // printed as officers write it
    const double households = report["form"]["sections"][0]["rows"][0]["cells"]["result"]["value"].get<double>();
    EXPECT_NE(text.find(">" + format_integer_vi(static_cast<std::int64_t>(households)) + "<"), std::string::npos);
    EXPECT_EQ(f.call("GET", "/api/v1/reports/board.xlsx?unit=38&period=2026-H1", "", &province).status, 200);
}

TEST_F(ServerReports, TheMonitoringReportAsADocumentToSign) {
    const std::string report = "/api/v1/reports/mau-01/2026-H1/16186";
    const auto current = f.call("GET", report, "", &commune);
    ASSERT_EQ(current.status, 200) << current.body;
    const auto saved = f.call("PUT", report, R"({"values":{"direction.text":"Ban hành Kế hoạch số 12/KH-UBND.\nThành lập Ban chỉ đạo."}})",
                              &commune, {{"if-match", "\"0\""}});
    ASSERT_EQ(saved.status, 200) << saved.body;
    const auto docx = f.call("GET", report + "/docx", "", &commune);
    ASSERT_EQ(docx.status, 200);
    const std::string xml = io::read_zip_entry(docx.body, "word/document.xml", "mau-01.docx");
    for (const char* expected : {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BÁO CÁO", "6 tháng đầu năm 2026", "Ban hành Kế hoạch số 12/KH-UBND.",
                                 "Thành lập Ban chỉ đạo.", "(chưa có nội dung)", "Tổng số hộ dân cư", "Nơi nhận:", "UBND Tỉnh Thanh Hóa",
                                 "CHỦ TỊCH"})
        EXPECT_NE(xml.find(expected), std::string::npos) << expected;
    const auto pdf = f.call("GET", report + "/pdf", "", &commune);
    ASSERT_EQ(pdf.status, 200) << pdf.body.substr(0, 300);
    EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
    EXPECT_EQ(pdf.content_type, "application/pdf");
}

}  // namespace
}  // namespace giamngheo::test
