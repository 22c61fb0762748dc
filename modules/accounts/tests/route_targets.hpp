// Every route of the router with a valid request aimed at data of Xã Hóa Quỳ (16186, Thanh Hóa),
// the users who call them (each role in Thanh Hóa and in Quảng Ninh, the administrator,
// nobody) and who of them the route must serve. Shared by the authorisation matrix and the
// API schema test so that a new route needs one target, written once.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <type_traits>

#include "modules/plans/app/plans.hpp"
#include "modules/accounts/domain/authorization.hpp"
#include "testing/server_support.hpp"
#include "testing/store_backends.hpp"

namespace giamngheo::test {

using nlohmann::json;
using accounts::Role;

struct MatrixUser {
    std::string username;
    Role role;
    std::string unit;  // "" = nationwide
    bool covers_target;
    bool anonymous = false;
};

struct Call {
    std::string target;
    std::string body = {};
    std::map<std::string, std::string> headers = {};
};

// On the backend `BackendConstant::value` (std::integral_constant<Backend, …>): each backend its
// own server and store (static state of its own).
template <class BackendConstant>
class RouteTargets : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        f = new ApiFixture(300, BackendConstant::value);
        users = {{"admin", Role::admin, "", true}};
        const std::pair<const char*, bool> realms[] = {{"a", true}, {"b", false}};
        for (const auto& [realm, covers] : realms) {
            const bool a = covers;
            users.push_back({std::string("tinh.") + realm, Role::province_officer, a ? "38" : "22", covers});
            users.push_back(
                {std::string("xa.") + realm, Role::commune_officer, a ? "16186" : "06994", covers});
            users.push_back({std::string("rasoat.") + realm, Role::reviewer, a ? "16186" : "06994", covers});
            users.push_back({std::string("xem.") + realm, Role::viewer, a ? "38" : "22", covers});
        }
        for (const auto& u : users) {
            f->add_user(u.username, u.role, u.unit);
            clients[u.username] = f->sign_in(u.username);
        }
        f->add_user("target.user", Role::viewer, "16186");
        users.push_back({"anonymous", Role::viewer, "", false, true});

        {
            auto plans = store::open_plan_store(f->db);
            ASSERT_TRUE(app::import_plan(*plans, test_environment(),
                                         kSourceDir + "/modules/plans/tests/fixtures/binh-luong-2024.json", false,
                                         {"test", "fixture"})
                            .written);
        }
        household = household_in(f->db, "16204");
        outside_household = household_in(f->db, "06994");
        ASSERT_FALSE(household.empty());
        ASSERT_FALSE(outside_household.empty());
        const Client& admin = clients["admin"];
        const auto draft = f->call("POST", "/api/v1/rounds",
                                   R"({"year":2025,"scope":"16186","reference_date":"2025-11-02","reason":"kỳ của một xã để thử phân quyền"})", &admin);
        ASSERT_EQ(draft.status, 201) << draft.body;
        scoped_round = std::to_string(ApiFixture::body(draft)["id"].get<long>());
        // A job of the commune officer of Hóa Quỳ: a job is its owner's alone (and the administrators').
        job_owner = "xa.a";
        job = make_job(clients[job_owner]);
    }
    static void TearDownTestSuite() {
        delete f;
        f = nullptr;
        clients.clear();
    }

    // Runs a round; its job stays readable at the Location of the answer, finished or not.
    static std::string make_job(const Client& c) {
        const auto r = f->call("POST", "/api/v1/rounds",
                               R"({"year":2025,"scope":"16186","reference_date":"2025-11-03","reason":"việc của một người dùng"})", &c);
        EXPECT_TRUE(r.status == 201 || r.status == 202) << r.body;
        for (const auto& [name, value] : r.headers)
            if (name == "Location") return value.substr(value.rfind('/') + 1);
        ADD_FAILURE() << "no Location for the round's job";
        return {};
    }

    // The request for each route, aimed at data of Hóa Quỳ (16186).
    static std::optional<Call> call_for(const server::Route& route, const MatrixUser& u) {
        const std::string& p = route.pattern;
        const std::string m = route.method;
        const std::string h = "/api/v1/households/" + household;
        if (p == "/healthz" || p == "/api/v1/openapi.json") return Call{p};
        if (p == "/api/v1/session" && m == "POST")
            return Call{p, json{{"username", u.anonymous ? "target.user" : u.username},
                                {"password", ApiFixture::kPassword}}
                               .dump()};
        if (p == "/api/v1/session" && m == "DELETE") return Call{p};
        if (p == "/api/v1/me") return Call{p};
        if (p == "/api/v1/users" && m == "GET") return Call{p + "?unit=16186"};
        if (p == "/api/v1/users" && m == "POST")
            return Call{p, json{{"username", "new." + u.username},
                                {"full_name", "Người mới"},
                                {"role", "viewer"},
                                {"unit_code", "16186"},
                                {"password", "mat-khau-dai-du"}}
                               .dump()};
        if (p == "/api/v1/users/{username}")
            return Call{"/api/v1/users/target.user", R"({"full_name":"Tên mới"})"};
        if (p == "/api/v1/units") return Call{p + "?parent=38"};
        if (p == "/api/v1/units/{code}") return Call{"/api/v1/units/16186"};
        if (p == "/api/v1/standards") return Call{p};
        if (p == "/api/v1/households") return Call{p + "?unit=16186&page_size=500"};
        if (p == "/api/v1/households/{id}" && m == "GET") return Call{h};
        if (p == "/api/v1/households/{id}" && m == "PUT") {
            const auto current = f->call("GET", h, "", &clients["admin"]);
            return Call{h,
                        current.body,
                        {{"if-match",
                          "\"" + std::to_string(ApiFixture::body(current)["version"].get<long>()) + "\""}}};
        }
        if (p == "/api/v1/households/{id}/history") return Call{h + "/history"};
        if (p == "/api/v1/households/{id}/results") return Call{h + "/results"};
        if (p == "/api/v1/households/{id}/explain") return Call{h + "/explain?round=2"};
        if (p == "/api/v1/households/{id}/follow-up" && m == "GET") return Call{h + "/follow-up"};
        if (p == "/api/v1/households/{id}/follow-up" && m == "POST")
            return Call{h + "/follow-up", R"({"date":"2026-11-20","situation":"stable","support":"Vay vốn","note":"Kiểm tra quyền"})"};
        if (p == "/api/v1/follow-up") return Call{p + "?unit=16186"};
        if (p == "/api/v1/rounds" && m == "GET") return Call{p + "?unit=16186"};
        if (p == "/api/v1/rounds" && m == "POST")
            return Call{p, R"({"year":2025,"scope":"16186","reference_date":"2025-11-01"})"};
        if (p == "/api/v1/rounds/{id}/approve")
            return Call{"/api/v1/rounds/" + scoped_round + "/approve", R"({"decision_date":"2025-12-20"})"};
        if (p == "/api/v1/rounds/{id}/results")
            return Call{"/api/v1/rounds/2/results?unit=16186&page_size=500"};
        if (p == "/api/v1/rounds/{id}/stats") return Call{"/api/v1/rounds/2/stats?level=village&unit=16186"};
        if (p == "/api/v1/rounds/{id}/transitions") return Call{"/api/v1/rounds/2/transitions?unit=16186"};
        if (p == "/api/v1/rounds/{id}/what-if")
            return Call{"/api/v1/rounds/2/what-if?standard=vn-2027&unit=16186"};
        if (p == "/api/v1/rounds/{id}/export.xlsx") return Call{"/api/v1/rounds/2/export.xlsx?unit=16186"};
        if (p == "/api/v1/rounds/{id}/list.xlsx") return Call{"/api/v1/rounds/2/list.xlsx?unit=16186"};
        if (p == "/api/v1/imports/templates/{file}") return Call{"/api/v1/imports/templates/households.xlsx"};
        if (p == "/api/v1/imports")
            return Call{
                p + "?dry_run=1",
                "--B\r\nContent-Disposition: form-data; name=\"households\"; filename=\"h.csv\"\r\n\r\n"
                "household_id,unit_code\nMX1,16186\n\r\n--B\r\nContent-Disposition: form-data; "
                "name=\"members\"; "
                "filename=\"m.csv\"\r\n\r\nhousehold_id,member_id,full_name,relation,sex,birth_date\n"
                "MX1,MX1-1,Lò Văn Mờ,head,male,1980-01-01\n\r\n--B--\r\n",
                {{"content-type", "multipart/form-data; boundary=B"}}};
        // The plan of Bình Lương (16204), which lies within Hóa Quỳ.
        const std::string plan = "/api/v1/plans/16204/2024";
        if (p == "/api/v1/plans") return Call{p + "?unit=16186&year=2024"};
        if (p == "/api/v1/plans/{unit}/{year}" && m == "GET") return Call{plan};
        if (p == "/api/v1/plans/{unit}/{year}" && m == "PUT") {
            const auto current = f->call("GET", plan, "", &clients["admin"]);
            return Call{plan,
                        current.body,
                        {{"if-match",
                          "\"" + std::to_string(ApiFixture::body(current)["version"].get<long>()) + "\""}}};
        }
        if (p == "/api/v1/plans/{unit}/{year}/check") return Call{plan + "/check"};
        if (p == "/api/v1/plans/{unit}/{year}/disbursement") return Call{plan + "/disbursement"};
        if (p == "/api/v1/plans/{unit}/{year}/disbursements")
            return Call{plan + "/disbursements",
                        R"({"node":"DA2","source":"central_recurrent","date":"2024-06-01","amount_vnd":1000000})"};
        if (p == "/api/v1/plans/{unit}/{year}/targets") return Call{plan + "/targets"};
        if (p == "/api/v1/plans/{unit}/{year}/targets/{index}/actual")
            return Call{plan + "/targets/0/actual", R"({"actual":3.5})"};
        if (p == "/api/v1/plans/{unit}/{year}/document.docx") return Call{plan + "/document.docx"};
        if (p == "/api/v1/plans/{unit}/{year}/budget.xlsx") return Call{plan + "/budget.xlsx"};
        if (p == "/api/v1/plans/{unit}/{year}/public-investment.xlsx") return Call{plan + "/public-investment.xlsx"};
        if (p == "/api/v1/plans/{unit}/{year}/public-investment.docx") return Call{plan + "/public-investment.docx"};
        if (p == "/api/v1/plans/{unit}/{year}/public-investment")
            return Call{plan + "/public-investment?dry_run=1", "không phải tệp Excel"};
        // Reports of Hóa Quỳ's half year; a write goes to the user's own unit (its standing on the
        // reporting chain is the workflow's business), or to Hóa Quỳ when the user does not cover it.
        const std::string report = "/api/v1/reports/bieu-02/2026-H1/";
        const std::string own = u.covers_target ? (u.unit.empty() ? "VN" : u.unit) : "16186";
        const auto versioned = [&](const std::string& target, const std::string& body) {
            const auto current = f->call("GET", report + own, "", &clients["admin"]);
            return Call{target, body,
                        {{"if-match", "\"" + std::to_string(ApiFixture::body(current)["version"].get<long>()) + "\""}}};
        };
        if (p == "/api/v1/reports/forms") return Call{p};
        if (p == "/api/v1/reports/periods") return Call{p + "?form=bieu-02"};
        if (p == "/api/v1/reports/board" || p == "/api/v1/reports/board.xlsx") return Call{p + "?unit=16186&period=2026-H1"};
        if (p == "/api/v1/reports/due") return Call{p + "?unit=16186"};
        if (p == "/api/v1/reports/{form}/{period}/{unit}" && m == "GET") return Call{report + "16186"};
        if (p == "/api/v1/reports/{form}/{period}/{unit}" && m == "PUT")
            return versioned(report + own, R"({"values":{"poor.plan":3}})");
        if (p == "/api/v1/reports/{form}/{period}/{unit}/{action}") return versioned(report + own + "/complete", "{}");
        if (p == "/api/v1/reports/{form}/{period}/{unit}/import")
            return versioned(report + own + "/import?dry_run=1", "không phải tệp Excel");
        if (p == "/api/v1/reports/{form}/{period}/{unit}/below/not-reporting")
            return Call{report + own + "/below/not-reporting", R"({"reason":"kiểm tra quyền"})"};
        if (p == "/api/v1/reports/{form}/{period}/{unit}/xlsx") return Call{report + "16186/xlsx"};
        if (p == "/api/v1/reports/{form}/{period}/{unit}/docx") return Call{report + "16186/docx"};
        if (p == "/api/v1/reports/{form}/{period}/{unit}/pdf") return Call{report + "16186/pdf"};
        if (p == "/api/v1/procedure") return Call{p};
        if (p == "/api/v1/rounds/{id}/procedure" && m == "GET") return Call{"/api/v1/rounds/2/procedure?unit=16186"};
        if (p == "/api/v1/rounds/{id}/procedure/{household}") return Call{"/api/v1/rounds/2/procedure/" + household};
        if (p == "/api/v1/rounds/{id}/procedure" && m == "POST")
            return Call{"/api/v1/rounds/2/procedure?unit=16186",
                        json{{"step", "list"}, {"households", {household}}, {"date", "2026-09-07"}, {"reason", "previous_list"}}.dump()};
        if (p == "/api/v1/procedure/survey-form") return Call{p + "?round=2"};
        // Phiếu B of the household the list step above put on the list (a new registry version).
        if (p == "/api/v1/rounds/{id}/procedure/{household}/survey") {
            const auto current = f->call("GET", h, "", &clients["admin"]);
            return Call{"/api/v1/rounds/2/procedure/" + household + "/survey",
                        json{{"date", "2026-09-08"},
                             {"version", ApiFixture::body(current)["version"]},
                             {"income_per_capita", 1200000},
                             {"deprived", {{"water", true}, {"latrine", nullptr}}}}
                            .dump()};
        }
        if (p == "/api/v1/rounds/{id}/procedure/{household}/certificate.docx" ||
            p == "/api/v1/rounds/{id}/procedure/{household}/certificate.pdf")
            return Call{"/api/v1/rounds/2/procedure/" + household + "/certificate.docx"};
        if (p == "/api/v1/rounds/{id}/certificates.docx" || p == "/api/v1/rounds/{id}/certificates.pdf")
            return Call{"/api/v1/rounds/2/certificates.docx?unit=16186"};
        if (p == "/api/v1/rounds/{id}/procedure-documents/{file}")
            return Call{"/api/v1/rounds/2/procedure-documents/review-list.docx?unit=16186"};
        if (p == "/api/v1/public/certificates/{code}") return Call{"/api/v1/public/certificates/KHONGCOMA"};
        if (p == "/api/v1/requests" && m == "GET") return Call{p + "?unit=16186"};
        if (p == "/api/v1/requests" && m == "POST")
            return Call{p, json{{"household_id", household}, {"unit_code", "16204"}, {"form", "mau-04"}, {"received", "2026-11-20"}}.dump()};
        if (p == "/api/v1/requests/{id}/decision") return Call{"/api/v1/requests/1/decision", R"({"decision":"accepted","date":"2026-11-23"})"};
        if (p == "/api/v1/requests/{id}/case") return Call{"/api/v1/requests/1/case", "{}"};
        if (p == "/api/v1/audit") return Call{p + "?household=" + household};
        if (p == "/api/v1/jobs/{id}") return Call{"/api/v1/jobs/" + job};
        return std::nullopt;
    }

    static bool expected_allowed(const server::Route& route, const MatrixUser& u) {
        const RoutePolicy policy = policy_for(route.method, route.pattern);
        if (policy.capability == "public") return true;
        if (u.anonymous) return false;
        if (!accounts::has_capability(u.role, route.capability) ||
            to_string(route.capability) != policy.capability)
            return false;
        if (route.pattern == "/api/v1/jobs/{id}") return u.username == job_owner || u.role == Role::admin;
        // Listing a household for review is the commune's step (data/procedures: its roles).
        if ((route.pattern == "/api/v1/rounds/{id}/procedure" && route.method == "POST") ||
            route.pattern == "/api/v1/requests/{id}/case")
            return u.role == Role::commune_officer && u.covers_target;
        // Surveying is the commune's and its reviewers' step.
        if (route.pattern == "/api/v1/rounds/{id}/procedure/{household}/survey")
            return (u.role == Role::commune_officer || u.role == Role::reviewer) && u.covers_target;
        return !policy.scoped || u.covers_target;
    }

    static inline ApiFixture* f = nullptr;
    static inline std::vector<MatrixUser> users;
    static inline std::map<std::string, Client> clients;
    static inline std::string household, outside_household, scoped_round, job, job_owner;
};

}  // namespace giamngheo::test
