// Surveying through the routes on the demo fixture (Hóa Quỳ 16186, which holds Bình Lương 16204):
// the forms with the round's indicators, Phiếu B written into the registry and classified (the
// household's page, history and audit show it), Phiếu A giving not_poor, and the refusals: a
// reviewer of another commune, a viewer, a stale version, an unknown sign, a survey out of order.
#include <gtest/gtest.h>

#include "testing/server_support.hpp"

namespace giamngheo::test {
namespace {

using accounts::Role;
using nlohmann::json;

class ServerSurvey : public ::testing::Test {
  protected:
    void SetUp() override {
        f.add_user("xa", Role::commune_officer, "16186");
        f.add_user("rasoat", Role::reviewer, "16186");
        f.add_user("rasoat.khac", Role::reviewer, "06994");
        f.add_user("xem", Role::viewer, "16186");
        commune = f.sign_in("xa");
        reviewer = f.sign_in("rasoat");
        other = f.sign_in("rasoat.khac");
        viewer = f.sign_in("xem");
    }
    // Households of Làng Sao, listed by the commune.
    std::vector<std::string> listed_village() {
        std::vector<std::string> village;
        const json all = ApiFixture::body(f.call("GET", "/api/v1/rounds/2/procedure?unit=16186", "", &commune));
        for (const auto& c : all["cases"])
            if (c["village"] == "Làng Sao") village.push_back(c["household_id"].get<std::string>());
        const auto r = f.call("POST", "/api/v1/rounds/2/procedure",
                              json{{"step", "list"}, {"households", village}, {"date", "2026-09-07"}, {"reason", "previous_list"}}.dump(),
                              &commune);
        EXPECT_EQ(r.status, 200) << r.body;
        return village;
    }
    json household(const std::string& id) { return ApiFixture::body(f.call("GET", "/api/v1/households/" + id, "", &commune)); }
    server::Response survey(const Client& c, const std::string& id, json body) {
        return f.call("POST", "/api/v1/rounds/2/procedure/" + id + "/survey", body.dump(), &c);
    }
    ApiFixture f{300};
    Client commune, reviewer, other, viewer;
};

TEST_F(ServerSurvey, FormsPhieuBPhieuAAndRefusals) {
    const json form = ApiFixture::body(f.call("GET", "/api/v1/procedure/survey-form?round=2", "", &viewer));
    ASSERT_EQ(form["b2"]["indicators"].size(), 12u) << form.dump();
    EXPECT_EQ(form["b2"]["indicators"][0]["key"], "employment");
    EXPECT_EQ(form["phieu_a"]["signs"][2]["key"], "car");
    EXPECT_EQ(f.call("GET", "/api/v1/procedure/survey-form?round=99", "", &viewer).status, 404);
    EXPECT_EQ(f.call("GET", "/api/v1/procedure/survey-form", "", &viewer).status, 400);

    const auto village = listed_village();
    ASSERT_GE(village.size(), 2u);
    const std::string first = village[0], second = village[1];
    const long version = household(first)["version"].get<long>();
    json deprived = json::object();
    for (const auto& i : form["b2"]["indicators"]) deprived[i["key"].get<std::string>()] = false;
    deprived["employment"] = deprived["water"] = deprived["latrine"] = true;
    deprived["telecom"] = nullptr;  // from the members
    const json phieu_b = {{"date", "2026-09-10"}, {"version", version}, {"income_per_capita", 1200000}, {"deprived", deprived},
                          {"note", "thu nhập chủ yếu từ làm thuê"}};

    // Outside the commune, or a role that does not survey: refused, nothing written.
    EXPECT_EQ(survey(other, first, phieu_b).status, 403);
    EXPECT_EQ(survey(viewer, first, phieu_b).status, 403);
    auto stale = phieu_b;
    stale["version"] = version - 1;
    auto r = survey(reviewer, first, stale);
    EXPECT_EQ(r.status, 412) << r.body;
    EXPECT_EQ(ApiFixture::body(r)["error"]["code"], "stale_version");
    auto unknown = phieu_b;
    unknown["phieu_a"] = {"boat"};
    r = survey(reviewer, first, unknown);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(ApiFixture::body(r)["error"]["field"], "phieu_a");
    r = survey(reviewer, first, {{"date", "2026-09-10"}, {"version", version}, {"income_per_capita", 1.5}});
    EXPECT_EQ(ApiFixture::body(r)["error"]["field"], "income_per_capita");
    EXPECT_EQ(household(first)["version"], version);

    r = survey(reviewer, first, phieu_b);
    ASSERT_EQ(r.status, 200) << r.body;
    const json out = ApiFixture::body(r);
    EXPECT_EQ(out["class"], "poor");
    EXPECT_FALSE(out["by_phieu_a"].get<bool>());
    EXPECT_GE(out["deprivation_count"].get<int>(), 3);
    EXPECT_EQ(out["household_version"], version + 1);
    EXPECT_EQ(out["case"]["state"], "classified");
    EXPECT_EQ(out["case"]["class"], "poor");
    EXPECT_EQ(out["case"]["history"][1]["note"], "thu nhập chủ yếu từ làm thuê");
    const json now = household(first);
    EXPECT_EQ(now["version"], version + 1);
    EXPECT_EQ(now["income_per_capita"], "1200000");
    EXPECT_EQ(now["deprived_water"], "1");
    EXPECT_EQ(now.value("deprived_telecom", ""), "");  // from the members: no answer recorded
    const json history = ApiFixture::body(f.call("GET", "/api/v1/households/" + first + "/history", "", &commune));
    EXPECT_EQ(history[0]["source"], "survey");
    EXPECT_EQ(history[0]["user"], "rasoat");
    const json audit = ApiFixture::body(f.call("GET", "/api/v1/audit?household=" + first, "", &commune));
    bool audited = false;
    for (const auto& e : audit["items"]) audited = audited || e["action"] == "household.survey";
    EXPECT_TRUE(audited) << audit.dump().substr(0, 600);
    // The household list shows the new record (its index follows the survey's write).
    const json list = ApiFixture::body(f.call("GET", "/api/v1/households?unit=16186&q=" + first, "", &commune));
    ASSERT_EQ(list["items"].size(), 1u) << list.dump().substr(0, 600);
    EXPECT_EQ(list["items"][0]["version"], version + 1);
    // The draft round's result follows the surveyed record (its figures and the case agree).
    const json results = ApiFixture::body(f.call("GET", "/api/v1/rounds/2/results?unit=16186&class=poor&page_size=500", "", &commune));
    bool found = false;
    for (const auto& row : results.value("items", json::array())) found = found || row["household_id"] == first;
    EXPECT_TRUE(found) << "the round's result of " << first << " is poor after the survey";
    const json explained = ApiFixture::body(f.call("GET", "/api/v1/households/" + first + "/explain?round=2", "", &commune));
    EXPECT_EQ(explained["household_version"], version + 1) << "the round classified the surveyed version";
    // Surveyed already: out of order.
    r = survey(commune, first, {{"date", "2026-09-11"}, {"version", version + 1}, {"phieu_a", {"car"}}});
    EXPECT_EQ(r.status, 409) << r.body;

    // Phiếu A: not poor, the registry untouched.
    const long second_version = household(second)["version"].get<long>();
    r = survey(commune, second, {{"date", "2026-09-10"}, {"version", second_version}, {"phieu_a", {"pension", "car"}}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(ApiFixture::body(r)["class"], "not_poor");
    EXPECT_TRUE(ApiFixture::body(r)["score_b"].is_null());
    EXPECT_EQ(ApiFixture::body(r)["case"]["history"][1]["signs"], json::array({"pension", "car"}));
    EXPECT_EQ(household(second)["version"], second_version);
}

}  // namespace
}  // namespace giamngheo::test
