// The regular review through the routes on the demo fixture, against the fixed clock of the tests
// (23/11/2026): a household's Mẫu 01 request opens a regular round of that household alone, which
// follows the regular procedure (no village meeting), is approved by its recognition on the
// decision's day and accepts the request; the certificate it issues is checked by its code, and a
// later Mẫu 04 case that takes the household out of poverty ends that certificate; the commune's
// monthly report of the regular review counts the requests and decisions.
#include <gtest/gtest.h>

#include "testing/server_support.hpp"

namespace giamngheo::test {
namespace {

using accounts::Role;
using nlohmann::json;

class ServerRegularReview : public ::testing::Test {
  protected:
    void SetUp() override {
        f.add_user("xa", Role::commune_officer, "16186");
        f.add_user("rasoat", Role::reviewer, "16186");
        commune = f.sign_in("xa");
        reviewer = f.sign_in("rasoat");
        household = household_in(f.db, "16204");
    }
    json post(const std::string& path, const json& body, const Client& c, int expected) {
        const auto r = f.call("POST", path, body.dump(), &c);
        EXPECT_EQ(r.status, expected) << path << " " << body.dump() << " → " << r.body.substr(0, 300);
        return r.status == expected ? ApiFixture::body(r) : json();
    }
    // A request received on `received`, its case opened: the regular round's id.
    std::int64_t open_case(const std::string& form, const std::string& received) {
        const json request = post("/api/v1/requests",
                                  {{"household_id", household}, {"unit_code", "16204"}, {"form", form}, {"received", received}},
                                  commune, 201);
        const std::string open = "/api/v1/requests/" + std::to_string(request["id"].get<long>()) + "/case";
        EXPECT_EQ(f.call("POST", open, "{}", &reviewer).status, 403) << "the commune opens the case";
        const json opened = post(open, json::object(), commune, 201);
        EXPECT_EQ(f.call("POST", open, "{}", &commune).status, 409) << "a case is opened once";
        return opened["round_id"].get<std::int64_t>();
    }
    void step(std::int64_t round, json body) {
        body["households"] = {household};
        post("/api/v1/rounds/" + std::to_string(round) + "/procedure", body, commune, 200);
    }
    json round_record(std::int64_t id) {
        for (const auto& r : ApiFixture::body(f.call("GET", "/api/v1/rounds", "", &commune)))
            if (r["id"] == id) return r;
        return json();
    }
    ApiFixture f{200};
    Client commune, reviewer;
    std::string household;
};

TEST_F(ServerRegularReview, ARequestOpensItsOwnRoundAndItsDecisionChangesTheStanding) {
    const std::int64_t round = open_case("mau-01", "2026-11-02");
    const json regular = ApiFixture::body(f.call("GET", "/api/v1/procedure?kind=regular", "", &reviewer));
    EXPECT_EQ(regular["round_kind"], "regular");
    const json cases = ApiFixture::body(f.call("GET", "/api/v1/rounds/" + std::to_string(round) + "/procedure", "", &commune));
    ASSERT_EQ(cases["cases"].size(), 1u) << "the household alone";
    EXPECT_EQ(cases["cases"][0]["state"], "listed");
    EXPECT_EQ(cases["cases"][0]["listing_reason"], "request");
    EXPECT_EQ(round_record(round)["kind"], "regular");

    step(round, {{"step", "survey"}, {"date", "2026-11-03"}});
    step(round, {{"step", "classify"}, {"date", "2026-11-04"}, {"class", "poor"}});
    post("/api/v1/rounds/" + std::to_string(round) + "/procedure",
         {{"step", "meeting"}, {"households", {household}}, {"date", "2026-11-05"}, {"vote", {{"attendees", 9}, {"agree", 9}, {"disagree", 0}}}},
         commune, 400);
    step(round, {{"step", "post"}, {"date", "2026-11-05"}, {"place", "Trụ sở UBND xã Hóa Quỳ"}});
    EXPECT_EQ(round_record(round)["status"], "draft");
    step(round, {{"step", "recognise"}, {"date", "2026-11-10"}, {"decision_number", "40/QĐ-UBND"}});
    const json approved = round_record(round);
    EXPECT_EQ(approved["status"], "approved") << approved.dump();
    EXPECT_EQ(approved["decision_date"], "2026-11-10");
    const json requests = ApiFixture::body(f.call("GET", "/api/v1/requests?unit=16186", "", &commune));
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0]["decision"], "accepted");
    EXPECT_EQ(requests[0]["decided_on"], "2026-11-10");
    EXPECT_EQ(requests[0]["round_id"], round);

    step(round, {{"step", "certify"}, {"date", "2026-11-11"}, {"certificate_number", "07/GCN-HN.HCN"}});
    const json one = ApiFixture::body(f.call("GET", "/api/v1/rounds/" + std::to_string(round) + "/procedure/" + household, "", &commune));
    const std::string code = one["certificate_code"].get<std::string>();
    json check = ApiFixture::body(f.call("GET", "/api/v1/public/certificates/" + code));
    EXPECT_TRUE(check["valid"].get<bool>()) << check.dump();
    EXPECT_EQ(check["class"], "poor");

    // Mẫu 04: the household asks to leave; once recognised as no longer poor, the certificate ends.
    const std::int64_t leaving = open_case("mau-04", "2026-11-12");
    ASSERT_NE(leaving, round);
    const json listed = ApiFixture::body(f.call("GET", "/api/v1/rounds/" + std::to_string(leaving) + "/procedure", "", &commune));
    EXPECT_EQ(listed["cases"][0]["listing_reason"], "request_leave");
    step(leaving, {{"step", "survey"}, {"date", "2026-11-12"}});
    step(leaving, {{"step", "classify"}, {"date", "2026-11-12"}, {"class", "average"}});
    step(leaving, {{"step", "post"}, {"date", "2026-11-13"}, {"place", "Nhà văn hóa thôn"}});
    post("/api/v1/rounds/" + std::to_string(leaving) + "/procedure",
         {{"step", "recognise"}, {"households", {household}}, {"date", "2026-11-17"}, {"decision_number", "41/QĐ-UBND"}}, commune, 409);
    step(leaving, {{"step", "recognise"}, {"date", "2026-11-18"}, {"decision_number", "41/QĐ-UBND"}});
    check = ApiFixture::body(f.call("GET", "/api/v1/public/certificates/" + code));
    EXPECT_FALSE(check["valid"].get<bool>()) << check.dump();
    EXPECT_EQ(check["ended_on"], "2026-11-18");

    // The commune's monthly report of the regular review counts both requests and both decisions.
    const json report = ApiFixture::body(f.call("GET", "/api/v1/reports/regular-review/2026-11/16186", "", &commune));
    std::map<std::string, double> cells;
    for (const auto& section : report["form"]["sections"])
        for (const auto& row : section["rows"])
            for (const auto& [column, cell] : row["cells"].items())
                if (cell.contains("value") && cell["value"].is_number()) cells[row["key"].get<std::string>() + "." + column] = cell["value"];
    EXPECT_EQ(cells["received.to_enter"], 1);
    EXPECT_EQ(cells["received.to_leave"], 1);
    EXPECT_EQ(cells["decided.total"], 2);
    EXPECT_EQ(cells["accepted.total"], 2);
    EXPECT_EQ(cells["pending.total"], 0);
    EXPECT_EQ(cells["recognised.total"], 2);
    const json october = ApiFixture::body(f.call("GET", "/api/v1/reports/regular-review/2026-10/16186", "", &commune));
    EXPECT_EQ(october["form"]["sections"][0]["rows"][0]["cells"]["total"]["value"], 0) << "nothing received in October";
}

}  // namespace
}  // namespace giamngheo::test
