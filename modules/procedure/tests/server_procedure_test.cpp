// The review procedure through its routes on the demo fixture (Hóa Quỳ 16186, which holds Bình
// Lương 16204 and its villages): a village listed, surveyed, classified, one household sent back
// by its meeting, the village posted, a complaint that changes a class, recognition and
// certificates; the refusals (a role, a step out of order, a household outside the unit); and the
// requests with their deadlines against the fixed clock of the tests (23/11/2026).
#include <regex>

#include <gtest/gtest.h>

#include "platform/zip_reader.hpp"
#include "testing/server_support.hpp"

namespace giamngheo::test {
namespace {

using accounts::Role;
using nlohmann::json;

class ServerProcedure : public ::testing::Test {
  protected:
    void SetUp() override {
        f.add_user("xa", Role::commune_officer, "16186");
        f.add_user("rasoat", Role::reviewer, "16186");
        f.add_user("xa.khac", Role::commune_officer, "06994");
        commune = f.sign_in("xa");
        reviewer = f.sign_in("rasoat");
        other = f.sign_in("xa.khac");
    }
    json cases() { return ApiFixture::body(f.call("GET", "/api/v1/rounds/2/procedure?unit=16186", "", &commune)); }
    server::Response step(const Client& c, json body) { return f.call("POST", "/api/v1/rounds/2/procedure", body.dump(), &c); }
    ApiFixture f{300};
    Client commune, reviewer, other;
};

TEST_F(ServerProcedure, AVillageFromListToCertificates) {
    const json procedure = ApiFixture::body(f.call("GET", "/api/v1/procedure", "", &reviewer));
    EXPECT_EQ(procedure["meeting"]["agreement_percent_min"], 50);
    ASSERT_GE(procedure["steps"].size(), 9u);

    std::vector<std::string> village;
    const json all = cases();
    ASSERT_FALSE(all["cases"].empty()) << all.dump().substr(0, 400);
    for (const auto& c : all["cases"])
        if (c["village"] == "Làng Sao")
            village.push_back(c["household_id"].get<std::string>());
    ASSERT_GE(village.size(), 2u) << all["villages"].dump();
    const std::string first = village[0], second = village[1];

    // A reviewer surveys, the commune lists: the reviewer may not list.
    auto r = step(reviewer, {{"step", "list"}, {"households", village}, {"date", "2026-09-07"}, {"reason", "previous_list"}});
    EXPECT_EQ(r.status, 403) << r.body;
    r = step(commune, {{"step", "list"}, {"households", village}, {"date", "2026-09-07"}, {"reason", "previous_list"}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(ApiFixture::body(r)[0]["state"], "listed");
    EXPECT_EQ(ApiFixture::body(r)[0]["next_steps"], json::array({"survey"}));
    // A commune of another province cannot touch Hóa Quỳ's households.
    r = f.call("POST", "/api/v1/rounds/2/procedure?unit=06994",
               json{{"step", "survey"}, {"households", {first}}, {"date", "2026-09-08"}}.dump(), &other);
    EXPECT_EQ(r.status, 403) << r.body;

    ASSERT_EQ(step(reviewer, {{"step", "survey"}, {"households", village}, {"date", "2026-09-10"}}).status, 200);
    r = step(reviewer, {{"step", "classify"}, {"households", village}, {"date", "2026-09-11"}});
    ASSERT_EQ(r.status, 200) << r.body;
    // The class comes from the round unless the step names one.
    EXPECT_EQ(ApiFixture::body(r)[0]["class"], ApiFixture::body(r)[0]["round_class"]);

    // The meeting: the first household does not reach half of those present and goes back.
    r = step(commune, {{"step", "meeting"}, {"households", {first}}, {"date", "2026-09-18"},
                       {"vote", {{"attendees", 40}, {"agree", 19}, {"disagree", 21}}}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(ApiFixture::body(r)[0]["state"], "listed");
    EXPECT_EQ(ApiFixture::body(r)[0]["sent_back"], 1);
    // More votes than people: refused, and nothing is written for anyone.
    std::vector<std::string> rest(village.begin() + 1, village.end());
    r = step(commune, {{"step", "meeting"}, {"households", rest}, {"date", "2026-09-18"},
                       {"vote", {{"attendees", 40}, {"agree", 39}, {"disagree", 2}}}});
    EXPECT_EQ(r.status, 400) << r.body;
    r = step(commune, {{"step", "meeting"}, {"households", rest}, {"date", "2026-09-18"},
                       {"vote", {{"attendees", 40}, {"agree", 20}, {"disagree", 20}}}});
    ASSERT_EQ(r.status, 200) << r.body;
    // Posting the whole village refuses: the first household is back at the survey.
    r = step(commune, {{"step", "post"}, {"households", village}, {"date", "2026-09-28"}, {"place", "Nhà văn hóa thôn Làng Sao"}});
    EXPECT_EQ(r.status, 409) << r.body;
    EXPECT_NE(r.body.find(first), std::string::npos);
    r = step(commune, {{"step", "post"}, {"households", rest}, {"date", "2026-09-28"}, {"place", "Nhà văn hóa thôn Làng Sao"}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(ApiFixture::body(r)[0]["posted_until"], "2026-09-30");

    // A complaint during the posting; the re-check makes the household near-poor.
    ASSERT_EQ(step(commune, {{"step", "complain"}, {"households", {second}}, {"date", "2026-09-29"},
                             {"complainant", "Hà Văn Sáu"}, {"reason", "Hộ mới mua xe tải"}}).status, 200);
    r = step(commune, {{"step", "recognise"}, {"households", rest}, {"date", "2026-10-06"}, {"decision_number", "125/QĐ-UBND"}});
    EXPECT_EQ(r.status, 409) << "a complaint is open";
    ASSERT_EQ(step(commune, {{"step", "recheck"}, {"households", {second}}, {"date", "2026-10-01"},
                             {"outcome_class", "near_poor"}}).status, 200);
    r = step(commune, {{"step", "recognise"}, {"households", rest}, {"date", "2026-10-06"}, {"decision_number", "125/QĐ-UBND"}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(ApiFixture::body(r)[0]["recognised_by_level"], "commune");
    r = step(commune, {{"step", "certify"}, {"households", {second}}, {"date", "2026-10-07"}, {"certificate_number", "01/GCN-HN.HCN"}});
    ASSERT_EQ(r.status, 200) << r.body;

    const json one = ApiFixture::body(f.call("GET", "/api/v1/rounds/2/procedure/" + second, "", &reviewer));
    EXPECT_EQ(one["state"], "certified");
    const std::string code = one["certificate_code"].get<std::string>();
    EXPECT_EQ(code.size(), 10u);

    // The certificate to sign names the household's members; its code verifies with nothing personal.
    const auto docx = f.call("GET", "/api/v1/rounds/2/procedure/" + second + "/certificate.docx", "", &commune);
    ASSERT_EQ(docx.status, 200) << docx.body.substr(0, 300);
    const std::string document = io::read_zip_entry(docx.body, "word/document.xml", "gcn.docx");
    EXPECT_NE(document.find("GIẤY CHỨNG NHẬN HỘ CẬN NGHÈO"), std::string::npos);
    EXPECT_NE(document.find("125/QĐ-UBND"), std::string::npos);
    EXPECT_NE(document.find(code), std::string::npos);
    EXPECT_EQ(f.call("GET", "/api/v1/rounds/2/procedure/" + first + "/certificate.docx", "", &commune).status, 409);
    const json verified = ApiFixture::body(f.call("GET", "/api/v1/public/certificates/" + code));
    EXPECT_TRUE(verified["valid"].get<bool>());
    EXPECT_EQ(verified["class"], "near_poor");
    EXPECT_EQ(verified["unit_name"], "Xã Hóa Quỳ");
    EXPECT_EQ(verified.dump().find(second), std::string::npos) << "no household id in a public answer";
    EXPECT_FALSE(ApiFixture::body(f.call("GET", "/api/v1/public/certificates/KHONGCOMA"))["found"].get<bool>());
    EXPECT_EQ(one["class"], "near_poor");
    ASSERT_EQ(one["history"].size(), 9u);
    EXPECT_EQ(one["history"][4]["step_label"], "Niêm yết, thông báo công khai");
    // Each step says who recorded it and when: the commune listed, the reviewer classified.
    EXPECT_EQ(one["history"][0]["recorded_by"], "xa");
    EXPECT_EQ(one["history"][2]["recorded_by"], "rasoat");
    EXPECT_EQ(one["history"][2]["step"], "classify");
    EXPECT_TRUE(std::regex_match(one["history"][8]["recorded_at"].get<std::string>(),
                                 std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")))
        << one["history"][8].dump();

    const json board = cases();
    bool found = false;
    for (const auto& v : board["villages"])
        if (v["village"] == "Làng Sao") {
            found = true;
            EXPECT_EQ(v["by_state"]["listed"], 1);
            EXPECT_EQ(v["by_state"]["certified"], 1);
        }
    EXPECT_TRUE(found);
    // Every step is in the audit log.
    const json audit = ApiFixture::body(f.call("GET", "/api/v1/audit?household=" + second, "", &commune));
    EXPECT_NE(audit.dump().find("procedure.recheck"), std::string::npos);
}

// The papers of a village printed from what the procedure recorded: the list, the meeting's
// minutes with the household sent back, the posting notice, the decision with its annexed list.
TEST_F(ServerProcedure, PapersOfAVillage) {
    std::vector<std::string> village;
    const json all = cases();
    for (const auto& c : all["cases"])
        if (c["village"] == "Làng Sao") village.push_back(c["household_id"].get<std::string>());
    ASSERT_GE(village.size(), 2u);
    const std::vector<std::string> rest(village.begin() + 1, village.end());
    const auto paper = [this](const std::string& file, const Client& c) {
        return f.call("GET", "/api/v1/rounds/2/procedure-documents/" + file, "", &c);
    };
    const auto text = [](const server::Response& r) { return io::read_zip_entry(r.body, "word/document.xml", "paper.docx"); };
    const std::string here = "?unit=16186&village=L%C3%A0ng%20Sao";

    EXPECT_EQ(paper("review-list.docx" + here, commune).status, 409) << "nobody listed yet";
    EXPECT_EQ(paper("survey-forms.docx" + here, reviewer).status, 409) << "nobody to survey yet";
    ASSERT_EQ(step(commune, {{"step", "list"}, {"households", village}, {"date", "2026-09-07"}, {"reason", "previous_list"}}).status, 200);
    auto r = paper("review-list.docx" + here, reviewer);
    ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
    const std::string list = text(r);
    EXPECT_NE(list.find("DANH SÁCH HỘ GIA ĐÌNH CẦN RÀ SOÁT NĂM"), std::string::npos);
    EXPECT_NE(list.find("Thuộc danh sách hộ nghèo, hộ cận nghèo đang quản lý"), std::string::npos);
    for (const auto& id : village) EXPECT_NE(list.find(id), std::string::npos) << id;
    EXPECT_EQ(paper("meeting-minutes.docx" + here, commune).status, 409) << "no meeting held";
    r = paper("survey-forms.docx" + here, reviewer);
    ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
    const std::string forms = text(r);
    EXPECT_NE(forms.find("Phiếu A – Phiếu nhận dạng nhanh đặc điểm hộ gia đình"), std::string::npos);
    EXPECT_NE(forms.find("Có thành viên đang hưởng lương hưu"), std::string::npos) << "a sign of Phiếu A, from the data";
    EXPECT_NE(forms.find("Bảo hiểm y tế"), std::string::npos) << "an indicator of the round's standard on B2";
    for (const auto& id : village) EXPECT_NE(forms.find("mã hộ " + id), std::string::npos) << id;

    ASSERT_EQ(step(reviewer, {{"step", "survey"}, {"households", village}, {"date", "2026-09-10"}}).status, 200);
    ASSERT_EQ(step(reviewer, {{"step", "classify"}, {"households", village}, {"date", "2026-09-11"}}).status, 200);
    ASSERT_EQ(step(commune, {{"step", "meeting"}, {"households", {village[0]}}, {"date", "2026-09-18"},
                             {"vote", {{"attendees", 40}, {"agree", 19}, {"disagree", 21}}}}).status, 200);
    ASSERT_EQ(step(commune, {{"step", "meeting"}, {"households", rest}, {"date", "2026-09-18"},
                             {"vote", {{"attendees", 40}, {"agree", 20}, {"disagree", 20}}}}).status, 200);
    r = paper("meeting-minutes.docx" + here, commune);
    ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
    const std::string minutes = text(r);
    EXPECT_NE(minutes.find("BIÊN BẢN HỌP THÔN"), std::string::npos);
    EXPECT_NE(minutes.find("ngày 18 tháng 09 năm 2026"), std::string::npos);
    EXPECT_NE(minutes.find("47,5%"), std::string::npos) << "19 of 40";
    EXPECT_NE(minutes.find("Rà soát lại"), std::string::npos);
    EXPECT_NE(minutes.find(">50%<"), std::string::npos) << "exactly half agrees";
    EXPECT_NE(minutes.find(std::to_string(rest.size()) + " hộ được thống nhất; 1 hộ có dưới 50%"), std::string::npos);
    const std::string again = text(paper("survey-forms.docx" + here, reviewer));
    EXPECT_NE(again.find("mã hộ " + village[0]), std::string::npos) << "sent back to be surveyed again";
    for (const auto& id : rest) EXPECT_EQ(again.find("mã hộ " + id), std::string::npos) << id << " was agreed";

    ASSERT_EQ(step(commune, {{"step", "post"}, {"households", rest}, {"date", "2026-09-28"}, {"place", "Nhà văn hóa thôn Làng Sao"}}).status,
              200);
    r = paper("posting-notice.docx" + here, commune);
    ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
    const std::string notice = text(r);
    EXPECT_NE(notice.find("niêm yết tại Nhà văn hóa thôn Làng Sao từ ngày 28 tháng 09 năm 2026 đến hết ngày 30 tháng 09 năm 2026"),
              std::string::npos);
    EXPECT_EQ(notice.find(village[0]), std::string::npos) << "sent back, not posted";

    EXPECT_EQ(paper("recognition-decision.docx?unit=16186", commune).status, 409) << "no decision yet";
    ASSERT_EQ(step(commune, {{"step", "recognise"}, {"households", rest}, {"date", "2026-10-06"}, {"decision_number", "125/QĐ-UBND"}}).status,
              200);
    r = paper("recognition-decision.docx?unit=16186", commune);
    ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
    const std::string decision = text(r);
    EXPECT_NE(decision.find("Số: 125/QĐ-UBND"), std::string::npos);
    EXPECT_NE(decision.find("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÓA QUỲ"), std::string::npos) << "the commune recognises since July 2025";
    EXPECT_NE(decision.find("Kèm theo Quyết định số 125/QĐ-UBND ngày 06 tháng 10 năm 2026"), std::string::npos);
    for (const auto& id : rest) EXPECT_NE(decision.find(id), std::string::npos) << id;
    EXPECT_EQ(paper("recognition-decision.docx?unit=16186&decision=99/QĐ-UBND", commune).status, 409);

    r = paper("posting-notice.pdf" + here, commune);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body.rfind("%PDF", 0), 0u);
    EXPECT_EQ(paper("minutes.docx" + here, commune).status, 400);
    EXPECT_EQ(paper("review-list.txt" + here, commune).status, 400);
    EXPECT_EQ(f.call("GET", "/api/v1/rounds/2/procedure-documents/review-list.docx?unit=16186", "", &other).status, 403);
}

// A survey corrects a record in the registry: classifying without a class classifies the household
// again in the draft round, and the round's results and the case agree; a complaint that leads to
// a correction does the same at the re-check.
TEST_F(ServerProcedure, ACorrectedRecordIsClassifiedAgainInTheDraftRound) {
    std::string household, before;
    const json all = cases();
    for (const auto& c : all["cases"])
        if (household.empty() && (c["round_class"] == "poor" || c["round_class"] == "near_poor"))
            household = c["household_id"].get<std::string>(), before = c["round_class"].get<std::string>();
    ASSERT_FALSE(household.empty()) << all.dump().substr(0, 600);
    const auto result_class = [&] {
        const auto r = f.call("GET", "/api/v1/rounds/2/results?unit=16186&page_size=500", "", &commune);
        EXPECT_EQ(r.status, 200) << r.body.substr(0, 300);
        const json results = ApiFixture::body(r);
        for (const auto& row : results.value("items", json::array()))
            if (row["household_id"] == household) return row["class"].get<std::string>();
        return std::string("(missing)");
    };
    const auto set_income = [&](const std::string& income) {
        const auto current = f.call("GET", "/api/v1/households/" + household, "", &commune);
        std::string etag;
        for (const auto& [name, value] : current.headers)
            if (name == "ETag") etag = value;
        json edited = ApiFixture::body(current);
        edited["income_per_capita"] = income;
        ASSERT_EQ(f.call("PUT", "/api/v1/households/" + household, edited.dump(), &commune, {{"if-match", etag}}).status, 200);
    };
    const json one = {household};
    ASSERT_EQ(step(commune, {{"step", "list"}, {"households", one}, {"date", "2026-09-07"}, {"reason", "previous_list"}}).status, 200);
    ASSERT_EQ(step(reviewer, {{"step", "survey"}, {"households", one}, {"date", "2026-09-10"}}).status, 200);
    set_income("9000000");
    auto r = step(reviewer, {{"step", "classify"}, {"households", one}, {"date", "2026-09-11"}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(ApiFixture::body(r)[0]["class"], "above_average") << "classified on the corrected income";
    EXPECT_EQ(result_class(), "above_average") << "the draft round's result follows";

    ASSERT_EQ(step(commune, {{"step", "meeting"}, {"households", one}, {"date", "2026-09-18"},
                             {"vote", {{"attendees", 30}, {"agree", 30}, {"disagree", 0}}}}).status, 200);
    ASSERT_EQ(step(commune, {{"step", "post"}, {"households", one}, {"date", "2026-09-28"}, {"place", "Nhà văn hóa"}}).status, 200);
    ASSERT_EQ(step(commune, {{"step", "complain"}, {"households", one}, {"date", "2026-09-29"}, {"complainant", "Hàng xóm"},
                             {"reason", "Thu nhập ghi sai"}}).status, 200);
    set_income("1000000");
    r = step(commune, {{"step", "recheck"}, {"households", one}, {"date", "2026-09-30"}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(ApiFixture::body(r)[0]["class"], before) << "the re-check classifies the corrected record";
    EXPECT_EQ(result_class(), before);
    f.add_user("quantri", Role::admin, "");
    const Client admin = f.sign_in("quantri");
    const json audit = ApiFixture::body(f.call("GET", "/api/v1/audit?household=" + household, "", &admin));
    EXPECT_NE(audit.dump().find("round.reclassify"), std::string::npos) << audit.dump().substr(0, 600);
}

TEST_F(ServerProcedure, RequestsAreDueAndOverdueByTheClock) {
    const std::string household = household_in(f.db, "16204");
    auto r = f.call("POST", "/api/v1/requests",
                    json{{"household_id", household}, {"unit_code", "16204"}, {"form", "mau-04"}, {"received", "2026-11-01"},
                         {"applicant", "Lò Văn Mờ"}}.dump(), &commune);
    ASSERT_EQ(r.status, 201) << r.body;
    const json late = ApiFixture::body(r);
    EXPECT_EQ(late["due"], "2026-11-16");
    EXPECT_TRUE(late["overdue"].get<bool>());
    r = f.call("POST", "/api/v1/requests",
               json{{"household_id", household}, {"unit_code", "16204"}, {"form", "mau-01"}, {"received", "2026-11-20"}}.dump(),
               &commune);
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_FALSE(ApiFixture::body(r)["overdue"].get<bool>());
    EXPECT_EQ(ApiFixture::body(r)["days_left"], 12);

    const std::string decide = "/api/v1/requests/" + std::to_string(late["id"].get<long>()) + "/decision";
    r = f.call("POST", decide, R"({"decision":"refused","date":"2026-11-23"})", &commune);
    EXPECT_EQ(r.status, 400) << "a refusal states its reason";
    r = f.call("POST", decide, R"({"decision":"accepted","date":"2026-11-23"})", &other);
    EXPECT_EQ(r.status, 403);
    r = f.call("POST", decide, R"({"decision":"accepted","date":"2026-11-23"})", &commune);
    ASSERT_EQ(r.status, 200) << r.body;
    r = f.call("POST", decide, R"({"decision":"accepted","date":"2026-11-23"})", &commune);
    EXPECT_EQ(r.status, 409);
    const json list = ApiFixture::body(f.call("GET", "/api/v1/requests?unit=16186", "", &reviewer));
    ASSERT_EQ(list.size(), 2u);
    EXPECT_FALSE(list[1]["overdue"].get<bool>()) << "decided, even if late";
    EXPECT_TRUE(ApiFixture::body(f.call("GET", "/api/v1/requests", "", &other)).empty());
}

}  // namespace
}  // namespace giamngheo::test
