// Two server processes on one store, as a province runs them behind nginx: each keeps its own
// caches (a round's figures, its results), yet a survey served by one changes the figures the
// other serves on its next request, and a session opened or closed on one is opened or closed in
// the store they share. Two web applications in one test stand for the two processes: they share nothing but the
// store, as processes do. On SQLite (one file) and PostgreSQL.
#include <gtest/gtest.h>

#include "testing/server_support.hpp"

namespace giamngheo::test {
namespace {

using accounts::Role;
using nlohmann::json;

class ServerProcesses : public ::testing::TestWithParam<Backend> {
  protected:
    ApiFixture f{300, GetParam()};
};

INSTANTIATE_TEST_SUITE_P(EveryEngine, ServerProcesses, kEveryEngine, backend_name);

long figure(const json& total, const char* column) { return std::stol(total.at(column).get<std::string>()); }

TEST_P(ServerProcesses, ASurveyThroughOneIsInTheOthersFiguresAtOnce) {
    f.add_user("xa", Role::commune_officer, "16186");
    f.add_user("rasoat", Role::reviewer, "16186");
    const Client commune = f.sign_in("xa"), reviewer = f.sign_in("rasoat");
    const auto other = f.another("b");
    const auto stats_on_other = [&] {
        const auto r = ApiFixture::call_on(*other, "GET", "/api/v1/rounds/2/stats?level=commune&unit=16186", "", &commune);
        EXPECT_EQ(r.status, 200) << r.body.substr(0, 300);
        return ApiFixture::body(r)["total"];
    };
    const json before = stats_on_other();
    ASSERT_TRUE(before.is_object()) << before.dump();

    std::string household, before_class;
    const json cases = ApiFixture::body(f.call("GET", "/api/v1/rounds/2/procedure?unit=16186", "", &commune));
    for (const auto& c : cases["cases"])
        if (household.empty() && (c["round_class"] == "poor" || c["round_class"] == "near_poor"))
            household = c["household_id"].get<std::string>(), before_class = c["round_class"].get<std::string>();
    ASSERT_FALSE(household.empty()) << cases.dump().substr(0, 600);
    auto r = f.call("POST", "/api/v1/rounds/2/procedure",
                    json{{"step", "list"}, {"households", {household}}, {"date", "2026-09-07"}, {"reason", "previous_list"}}.dump(),
                    &commune);
    ASSERT_EQ(r.status, 200) << r.body;
    const json form = ApiFixture::body(f.call("GET", "/api/v1/procedure/survey-form?round=2", "", &reviewer));
    json deprived = json::object();
    for (const auto& i : form["b2"]["indicators"]) deprived[i["key"].get<std::string>()] = false;
    const long version = ApiFixture::body(f.call("GET", "/api/v1/households/" + household, "", &commune))["version"].get<long>();
    r = f.call("POST", "/api/v1/rounds/2/procedure/" + household + "/survey",
               json{{"date", "2026-09-10"}, {"version", version}, {"income_per_capita", 9000000}, {"deprived", deprived}}.dump(),
               &reviewer);
    ASSERT_EQ(r.status, 200) << r.body;

    const json after = stats_on_other();
    EXPECT_EQ(figure(after, before_class.c_str()), figure(before, before_class.c_str()) - 1) << before.dump() << "\n" << after.dump();
    EXPECT_EQ(figure(after, "above_average"), figure(before, "above_average") + 1);
    EXPECT_EQ(figure(after, "households"), figure(before, "households"));

    // The session was opened on the first process and served by the other; closed there, it is
    // closed in the store: a process that reads it now refuses it (one that read it in the last
    // few seconds refuses it once its copy is that old, Accounts::kSessionRecheck).
    ASSERT_EQ(f.call("DELETE", "/api/v1/session", "", &commune).status, 204);
    EXPECT_EQ(ApiFixture::call_on(*f.another("c"), "GET", "/api/v1/me", "", &commune).status, 401);
}

}  // namespace
}  // namespace giamngheo::test
