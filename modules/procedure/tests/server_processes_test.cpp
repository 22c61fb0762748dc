// Two server processes on one store, as a province runs them behind nginx: each keeps its own
// caches (a round's figures, its results), yet a survey served by one changes the figures the
// other serves within a second, and a session opened or closed on one is opened or closed in
// the store they share. Two web applications in one test stand for the two processes: they share nothing but the
// store, as processes do. On SQLite (one file: the other reads the draft's record at each request)
// and PostgreSQL (the other hears of the change by LISTEN/NOTIFY and keeps the record until then).
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <thread>

#include "storage/postgres/connection.hpp"
#include "storage/postgres/round_listener.hpp"
#include "storage/postgres/tables.hpp"
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

using namespace std::chrono_literals;

long figure(const json& total, const char* column) { return std::stol(total.at(column).get<std::string>()); }

// Commune 16186's figures in draft round 2, as process `web` serves them.
json commune_figures(compose::WebApi& web, const Client& client) {
    const auto r = ApiFixture::call_on(web, "GET", "/api/v1/rounds/2/stats?level=commune&unit=16186", "", &client);
    EXPECT_EQ(r.status, 200) << r.body.substr(0, 300);
    return ApiFixture::body(r)["total"];
}

TEST_P(ServerProcesses, ASurveyThroughOneIsInTheOthersFiguresAtOnce) {
    f.add_user("xa", Role::commune_officer, "16186");
    f.add_user("rasoat", Role::reviewer, "16186");
    const Client commune = f.sign_in("xa"), reviewer = f.sign_in("rasoat");
    const auto other = f.another("b");
    const json before = commune_figures(*other, commune);
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

    json after;
    EXPECT_TRUE(within(1000ms, [&] {
        after = commune_figures(*other, commune);
        return figure(after, "above_average") != figure(before, "above_average");
    })) << "the other process shows the survey within a second";
    EXPECT_EQ(figure(after, before_class.c_str()), figure(before, before_class.c_str()) - 1) << before.dump() << "\n" << after.dump();
    EXPECT_EQ(figure(after, "above_average"), figure(before, "above_average") + 1);
    EXPECT_EQ(figure(after, "households"), figure(before, "households"));

    // The session was opened on the first process and served by the other; closed there, it is
    // closed in the store: a process that reads it now refuses it (one that read it in the last
    // few seconds refuses it once its copy is that old, Accounts::kSessionRecheck).
    ASSERT_EQ(f.call("DELETE", "/api/v1/session", "", &commune).status, 204);
    EXPECT_EQ(ApiFixture::call_on(*f.another("c"), "GET", "/api/v1/me", "", &commune).status, 401);
}

// On PostgreSQL the other process keeps the draft's record until it hears of a change: one made
// in the database behind its back, without a notification, is not seen; notified, it is within
// a second. When its listener's connection is lost it reads the store again at each request.
class ServerProcessesOnPostgres : public ::testing::Test {
  protected:
    ServerProcessesOnPostgres() {
        f.add_user("xa", Role::commune_officer, "16186");
        commune = f.sign_in("xa");
    }
    long above_average_on_other() { return figure(commune_figures(*other, commune), "above_average"); }
    // A household of commune 16186 made above average in round 2, its results' version moved as
    // a survey moves it, in one transaction that notifies or not.
    void reclassify_behind_their_back(bool notify) {
        sql.exec("UPDATE round_results SET class = 'above_average' WHERE round_id = 2 AND household_id = (SELECT "
                 "household_id FROM round_results WHERE round_id = 2 AND unit_code = '16186' AND class <> "
                 "'above_average' ORDER BY household_id LIMIT 1); "
                 "UPDATE rounds SET results_change_set = results_change_set + 1 WHERE id = 2" +
                 (notify ? notify_round_2() : std::string()));
    }
    static std::string notify_round_2() {
        return std::string("; SELECT pg_notify('") + store::postgres::kRoundsChannel + "', '2')";
    }

    ApiFixture f{300, Backend::postgresql};
    Client commune;
    std::unique_ptr<compose::WebApi> other = f.another("b");
    store::postgres::Connection sql{f.db, 1000};
};

TEST_F(ServerProcessesOnPostgres, ADraftsRecordIsKeptUntilAChangeIsNotified) {
    const long before = above_average_on_other();
    reclassify_behind_their_back(false);
    EXPECT_EQ(above_average_on_other(), before) << "the record was read again without a notification";
    sql.exec(notify_round_2().substr(2));
    EXPECT_TRUE(within(1000ms, [&] { return above_average_on_other() == before + 1; }));
}

TEST_F(ServerProcessesOnPostgres, WithItsListenerCutOffAProcessReadsTheStoreAgain) {
    const long before = above_average_on_other();
    sql.exec(std::string("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                         "AND application_name = '") +
             store::postgres::RoundListener::kApplicationName + "'");
    reclassify_behind_their_back(false);
    // Seen either way: read at each request while it is not listening, or read again because
    // it listens again (a notification may have been missed meanwhile).
    EXPECT_TRUE(within(2000ms, [&] { return above_average_on_other() == before + 1; }));
}

TEST_F(ServerProcessesOnPostgres, ItsOwnWriteIsInTheNextAnswerOfTheProcessThatWrote) {
    const long before = above_average_on_other();
    f.add_user("rasoat", Role::reviewer, "16186");
    const Client reviewer = f.sign_in("rasoat");
    const json cases = ApiFixture::body(ApiFixture::call_on(*other, "GET", "/api/v1/rounds/2/procedure?unit=16186", "", &commune));
    std::string household;
    for (const auto& c : cases["cases"])
        if (household.empty() && (c["round_class"] == "poor" || c["round_class"] == "near_poor"))
            household = c["household_id"].get<std::string>();
    ASSERT_FALSE(household.empty());
    ASSERT_EQ(ApiFixture::call_on(*other, "POST", "/api/v1/rounds/2/procedure",
                                  json{{"step", "list"}, {"households", {household}}, {"date", "2026-09-07"},
                                       {"reason", "previous_list"}}.dump(), &commune).status, 200);
    const json form = ApiFixture::body(ApiFixture::call_on(*other, "GET", "/api/v1/procedure/survey-form?round=2", "", &reviewer));
    json deprived = json::object();
    for (const auto& i : form["b2"]["indicators"]) deprived[i["key"].get<std::string>()] = false;
    const long version =
        ApiFixture::body(ApiFixture::call_on(*other, "GET", "/api/v1/households/" + household, "", &commune))["version"].get<long>();
    const auto r = ApiFixture::call_on(*other, "POST", "/api/v1/rounds/2/procedure/" + household + "/survey",
                                       json{{"date", "2026-09-10"}, {"version", version}, {"income_per_capita", 9000000},
                                            {"deprived", deprived}}.dump(), &reviewer);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(above_average_on_other(), before + 1) << "without waiting for its own notification";
}

}  // namespace
}  // namespace giamngheo::test
