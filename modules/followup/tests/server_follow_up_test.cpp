// Follow-up through the routes on the demo fixture of every engine (300 households, the 2025
// round approved here), against the fixed clock of the tests (23/11/2026): the list agrees with
// the household list's recently-escaped filter, a visit recorded by a reviewer appears as the last
// visit, and who may not record one is refused.
#include <gtest/gtest.h>

#include <set>

#include "testing/server_support.hpp"

namespace giamngheo::test {
namespace {

using accounts::Role;
using nlohmann::json;

class ServerFollowUp : public ::testing::TestWithParam<Backend> {
  protected:
    ServerFollowUp() : f(300, GetParam()) {}
    void SetUp() override {
        f.add_user("admin", Role::admin, "");
        admin = f.sign_in("admin");
        const auto approved = f.call("POST", "/api/v1/rounds/2/approve", R"({"decision_date":"2025-12-20"})", &admin);
        ASSERT_EQ(approved.status, 200) << approved.body;
        // The commune of a household that left poverty in 2025, and users of it and of another.
        const json escaped = ApiFixture::body(f.call("GET", "/api/v1/households?round=2&recently_escaped=1", "", &admin));
        ASSERT_FALSE(escaped["items"].empty());
        unit = escaped["items"][0]["unit_code"].get<std::string>();
        f.add_user("rasoat", Role::reviewer, unit);
        f.add_user("xem", Role::viewer, unit);
        f.add_user("xa.khac", Role::commune_officer, unit == "06994" ? "16186" : "06994");
        reviewer = f.sign_in("rasoat");
        viewer = f.sign_in("xem");
        other = f.sign_in("xa.khac");
    }
    std::string unit;
    ApiFixture f;
    Client admin, reviewer, viewer, other;
};
INSTANTIATE_TEST_SUITE_P(EveryEngine, ServerFollowUp, kEveryEngine, backend_name);

TEST_P(ServerFollowUp, ListVisitsAndWhoMayRecord) {
    const auto listed = f.call("GET", "/api/v1/follow-up?unit=" + unit, "", &reviewer);
    ASSERT_EQ(listed.status, 200) << listed.body;
    const json list = ApiFixture::body(listed);
    EXPECT_EQ(list["round"]["id"], 2);
    EXPECT_EQ(list["window_months"], 36);
    const json escaped =
        ApiFixture::body(f.call("GET", "/api/v1/households?unit=" + unit + "&round=2&recently_escaped=1&page_size=500", "", &reviewer));
    ASSERT_GT(escaped["total"].get<long>(), 0) << "the demo has households that left poverty in 2025";
    std::set<std::string> expected, got;
    for (const auto& h : escaped["items"]) expected.insert(h["household_id"].get<std::string>());
    for (const auto& h : list["items"]) {
        got.insert(h["household_id"].get<std::string>());
        EXPECT_TRUE(h["last_visit"].is_null());
        EXPECT_FALSE(h["relapsed"].get<bool>());
    }
    EXPECT_EQ(got, expected) << "no later approved round: the followed are the round's recently escaped";

    const std::string household = *expected.begin();
    const std::string path = "/api/v1/households/" + household + "/follow-up";
    const json body = {{"date", "2026-11-20"}, {"situation", "at_risk"}, {"support", "Vay vốn chăn nuôi"}, {"note", "Mất mùa"}};
    EXPECT_EQ(f.call("POST", path, body.dump(), &viewer).status, 403) << "a viewer reads only";
    EXPECT_EQ(f.call("POST", path, body.dump(), &other).status, 403) << "another commune's officer";
    EXPECT_EQ(f.call("GET", path, "", &other).status, 403);
    EXPECT_EQ(f.call("POST", path, json{{"date", "2026-11-24"}, {"situation", "stable"}}.dump(), &reviewer).status, 400);
    EXPECT_EQ(f.call("POST", path, json{{"date", "2026-11-20"}, {"situation", "tot"}}.dump(), &reviewer).status, 400);
    EXPECT_EQ(f.call("POST", "/api/v1/households/KHONG-CO/follow-up", body.dump(), &reviewer).status, 404);

    const auto recorded = f.call("POST", path, body.dump(), &reviewer);
    ASSERT_EQ(recorded.status, 201) << recorded.body;
    EXPECT_EQ(ApiFixture::body(recorded)["visitor"], "rasoat");
    const auto visits = f.call("GET", path, "", &viewer);
    ASSERT_EQ(visits.status, 200);
    ASSERT_EQ(ApiFixture::body(visits)["visits"].size(), 1u);
    EXPECT_EQ(ApiFixture::body(visits)["visits"][0]["support"], "Vay vốn chăn nuôi");

    for (const auto& h : ApiFixture::body(f.call("GET", "/api/v1/follow-up?unit=" + unit, "", &viewer))["items"])
        if (h["household_id"] == household) {
            EXPECT_EQ(h["last_visit"]["situation"], "at_risk");
            EXPECT_EQ(h["days_since_visit"], 3);
            EXPECT_EQ(h["visits"], 1);
        }
    EXPECT_EQ(f.call("GET", "/api/v1/follow-up?unit=" + unit, "", &other).status, 403) << "outside the officer's unit";
    const json audit = ApiFixture::body(f.call("GET", "/api/v1/audit?household=" + household, "", &admin));
    ASSERT_FALSE(audit["items"].empty());
    EXPECT_EQ(audit["items"][0]["action"], "followup.visit");
}

}  // namespace
}  // namespace giamngheo::test
