// The security review's findings (issue 13), each reproduced through the API in process: an
// import that crossed units, lost updates with two processes, the sign-in throttle, faults shown
// as client errors, login CSRF, audit with its change, and unbounded inputs.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <sstream>
#include <thread>

#include "platform/zip.hpp"
#include "testing/server_support.hpp"

namespace giamngheo::test {
namespace {

using nlohmann::json;
using accounts::Role;

std::string multipart(const std::string& households, const std::string& members,
                      const std::string& households_name = "h.csv") {
    return "--B\r\nContent-Disposition: form-data; name=\"households\"; filename=\"" + households_name + "\"\r\n\r\n" +
           households + "\r\n--B\r\nContent-Disposition: form-data; name=\"members\"; filename=\"m.csv\"\r\n\r\n" +
           members + "\r\n--B--\r\n";
}
const std::map<std::string, std::string> kMultipart = {{"content-type", "multipart/form-data; boundary=B"}};

// A second web application over the fixture's store: another server process.
compose::WebApiOptions options_for(const std::string& store) {
    compose::WebApiOptions options;
    options.store = store;
    options.env = test_environment();
    return options;
}

std::string header_of(const server::Response& r, const std::string& name) {
    for (const auto& [key, value] : r.headers)
        if (key == name) return value;
    return {};
}

// A household of Vân Đồn (Quảng Ninh, 22): outside every Thanh Hóa user's unit.
Household far_household() {
    Household h;
    h.household_id = "QN-0001";
    h.unit_code = "06994";
    h.village = "Thôn Đông";
    h.head_name = "Phạm Văn Xa";
    h.income_per_capita = 3'000'000;
    for (int i = 1; i <= 6; ++i) {
        Member m;
        m.member_id = "QN-0001-" + std::to_string(i);
        m.full_name = "Thành viên " + std::to_string(i);
        m.personal_id = "0220" + std::to_string(80000000 + i);
        m.birth_date = *parse_iso_date("1980-01-0" + std::to_string(i));
        m.relation = i == 1 ? "head" : "child";
        h.members.push_back(m);
    }
    return h;
}

class Security : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        fixture = new ApiFixture();
        store::open_store(fixture->db)->apply_households({far_household()}, {"test", "setup"});
        fixture->add_user("admin", Role::admin, "");
        fixture->add_user("xa", Role::commune_officer, "16186");
        fixture->add_user("rasoat", Role::reviewer, "16186");
        fixture->add_user("tinh", Role::province_officer, "38");
        officer = fixture->sign_in("xa");
        reviewer = fixture->sign_in("rasoat");
        province = fixture->sign_in("tinh");
        admin = fixture->sign_in("admin");
    }
    static void TearDownTestSuite() { delete fixture; }
    static server::Response get(const std::string& target, const Client& c) {
        return fixture->call("GET", target, "", &c);
    }
    static inline ApiFixture* fixture = nullptr;
    static inline Client officer, reviewer, province, admin;
};

std::vector<std::string> households_in(const std::string& db, const std::string& unit) {
    std::vector<std::string> out;
    for (const auto& h : store::open_store(db)->load_households())
        if (h.household.unit_code == unit) out.push_back(h.household.household_id);
    return out;
}

const std::string kOneMember = "household_id,member_id,full_name,relation,sex,birth_date\n";

// Finding 2: the scope check looked at the unit written in the file only.
TEST_F(Security, AnImportCannotTakeAHouseholdFromAnotherUnit) {
    const std::string body = multipart("household_id,unit_code\nQN-0001,16186\n",
                                       kOneMember + "QN-0001,QN-0001-1,Kẻ Lạ,head,male,1980-01-01\n");
    for (const char* target : {"/api/v1/imports?dry_run=1", "/api/v1/imports"}) {
        const auto r = fixture->call("POST", target, body, &reviewer, kMultipart);
        EXPECT_EQ(r.status, 403) << target << ": " << r.body;
        const json problems = ApiFixture::body(r)["problems"];
        ASSERT_EQ(problems.size(), 1u) << r.body;
        EXPECT_EQ(problems[0]["row"], 2);
        EXPECT_EQ(problems[0]["column"], "household_id");
    }
    const auto stored = store::open_store(fixture->db)->load_household("QN-0001", std::nullopt);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->household.unit_code, "06994");
    EXPECT_EQ(stored->household.members.size(), 6u);
    EXPECT_EQ(stored->version, 1);
}

// A move between two units the user may write is allowed, and is its own entry in the audit.
TEST_F(Security, AMoveWithinTheUnitIsAnAuditedChange) {
    const std::string id = household_in(fixture->db, "16228");
    ASSERT_FALSE(id.empty());
    auto before = *store::open_store(fixture->db)->load_household(id, std::nullopt);
    std::string members = kOneMember;
    for (const auto& m : before.household.members)
        members += id + "," + m.member_id + ",Tên," + (m.relation.empty() ? "other" : m.relation) + ",male," +
                   m.birth_date.iso() + "\n";
    const auto r = fixture->call("POST", "/api/v1/imports",
                                 multipart("household_id,unit_code\n" + id + ",16264\n", members), &province, kMultipart);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(ApiFixture::body(r)["moved"], json::array({id}));
    const json audit = ApiFixture::body(get("/api/v1/audit?household=" + id, admin));
    bool moved = false;
    for (const auto& item : audit["items"])
        if (item["action"] == "household.move") {
            moved = true;
            EXPECT_EQ(item["details"]["old"]["unit_code"], "16228");
            EXPECT_EQ(item["details"]["new"]["unit_code"], "16264");
        }
    EXPECT_TRUE(moved) << audit.dump();
}

// Issue 15's "one pass": the out-of-scope row and a bad value are reported together.
TEST_F(Security, EveryProblemOfAnImportIsReportedInOnePass) {
    const auto r = fixture->call(
        "POST", "/api/v1/imports?dry_run=1",
        multipart("household_id,unit_code,income_per_capita\nA1,06994,1\nA2,16186,nhiều\n",
                  kOneMember + "A1,A1-1,X,head,male,1980\nA2,A2-1,Y,head,male,1980\n"),
        &officer, kMultipart);
    ASSERT_EQ(r.status, 422) << r.body;
    // The Error of every route, with the file's problems beside it.
    EXPECT_EQ(ApiFixture::body(r)["error"]["code"], "invalid_import") << r.body;
    EXPECT_EQ(ApiFixture::body(r)["households"], 2) << r.body;
    const json problems = ApiFixture::body(r)["problems"];
    ASSERT_EQ(problems.size(), 2u) << r.body;
    EXPECT_EQ(problems[0]["row"], 2);
    EXPECT_EQ(problems[1]["row"], 3);
    EXPECT_EQ(problems[1]["column"], "income_per_capita");
}

// Finding 3: a small .xlsx that inflates to a gigabyte was inflated into memory.
TEST_F(Security, AZipBombIsRefusedBeforeItIsInflated) {
    io::ZipWriter zip;
    zip.add("[Content_Types].xml", "<Types/>");
    zip.add("xl/worksheets/sheet1.xml", std::string(std::size_t{330} << 20, ' '));  // past the 320 MiB limit
    const std::string bomb = zip.finish();
    ASSERT_LT(bomb.size(), std::size_t{1} << 20);
    const auto r = fixture->call("POST", "/api/v1/imports?dry_run=1",
                                 multipart(bomb, kOneMember, "h.xlsx"), &officer, kMultipart);
    ASSERT_EQ(r.status, 422) << r.body;
    const std::string message = ApiFixture::body(r)["problems"][0]["message"];
    EXPECT_NE(message.find("quá lớn"), std::string::npos) << message;
    EXPECT_EQ(ApiFixture::body(r)["problems"][0]["file"], "h.xlsx");
}

// Finding 15: a file that is not a spreadsheet said "không đọc được tệp Excel ()".
TEST_F(Security, ANonZipSpreadsheetGetsAReason) {
    const auto r = fixture->call("POST", "/api/v1/imports?dry_run=1",
                                 multipart("household_id,unit_code\n", kOneMember, "h.xlsx"), &officer, kMultipart);
    ASSERT_EQ(r.status, 422) << r.body;
    const std::string message = ApiFixture::body(r)["problems"][0]["message"];
    EXPECT_NE(message.find("không phải tệp ZIP"), std::string::npos) << message;
    EXPECT_EQ(r.body.find("/tmp"), std::string::npos);
}

// Finding 6: the version check ran under an in-process lock, so two server processes on one
// store both accepted the same version. Two Api objects stand for two processes.
TEST_F(Security, TwoProcessesNeverBothAcceptTheSameVersion) {
    auto other = std::make_unique<compose::WebApi>(options_for(fixture->db));
    const std::string id = household_in(fixture->db, "16186");
    const json record = ApiFixture::body(get("/api/v1/households/" + id, officer));
    const std::string version = "\"" + std::to_string(record["version"].get<long>()) + "\"";
    std::atomic<int> saved{0}, stale{0}, other_status{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 16; ++i)
        threads.emplace_back([&, i] {
            json edited = record;
            // Never a village the household may already have (demo villages are "Thôn N"): an
            // edit that changes nothing is accepted without a new version.
            edited["village"] = "Thôn thử đồng thời " + std::to_string(i);
            server::Request r;
            r.method = "PUT";
            r.path = "/api/v1/households/" + id;
            r.body = edited.dump();
            r.remote_address = "127.0.0.1";
            r.headers = {{"cookie", officer.cookie}, {"x-csrf-token", officer.csrf}, {"if-match", version},
                         {"content-type", "application/json"}};
            const auto answer = (i % 2 ? *other : *fixture->api).handle(r);
            if (answer.status == 200) ++saved;
            else if (answer.status == 412) ++stale;
            else other_status = answer.status;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(saved, 1);
    EXPECT_EQ(stale + saved, 16) << "another status: " << other_status;
}

// Finding 14: a PUT that changes nothing created an empty change set.
TEST_F(Security, AnEditThatChangesNothingWritesNothing) {
    const std::string id = households_in(fixture->db, "16186").at(1);
    const auto current = get("/api/v1/households/" + id, officer);
    const auto audit_before = ApiFixture::body(get("/api/v1/audit?household=" + id, admin))["total"];
    const auto history_before = store::open_store(fixture->db)->household_history(id).size();
    const auto r = fixture->call("PUT", "/api/v1/households/" + id, current.body, &officer,
                                 {{"if-match", header_of(current, "ETag")}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(header_of(r, "ETag"), header_of(current, "ETag"));
    EXPECT_EQ(ApiFixture::body(get("/api/v1/audit?household=" + id, admin))["total"], audit_before);
    EXPECT_EQ(store::open_store(fixture->db)->household_history(id).size(), history_before);
}

// An edit and its audit entry are one transaction: the entry names the edit's change set.
TEST_F(Security, AnEditAndItsAuditEntryAreWrittenTogether) {
    const std::string id = households_in(fixture->db, "16186").at(2);
    const auto current = get("/api/v1/households/" + id, officer);
    json edited = ApiFixture::body(current);
    edited["head_name"] = "Tên Sửa Mới";
    ASSERT_EQ(fixture->call("PUT", "/api/v1/households/" + id, edited.dump(), &officer,
                            {{"if-match", header_of(current, "ETag")}})
                  .status,
              200);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(fixture->db.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db,
                       "SELECT COUNT(*) FROM audit_events a JOIN household_versions v ON v.change_set = a.change_set "
                       "AND v.household_id = a.household_id WHERE a.action = 'household.edit' AND a.household_id = ?1",
                       -1, &s, nullptr);
    sqlite3_bind_text(s, 1, id.c_str(), -1, SQLITE_TRANSIENT);
    ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int(s, 0), 1);
    sqlite3_finalize(s);
    sqlite3_close(db);
}

server::Response sign_in_from(compose::WebApi& api, const std::string& user, const std::string& password,
                              const std::string& address) {
    server::Request r;
    r.method = "POST";
    r.path = "/api/v1/session";
    r.body = json{{"username", user}, {"password", password}}.dump();
    r.remote_address = address;
    r.headers = {{"content-type", "application/json"}};
    return api.handle(r);
}

// Finding 7: five wrong passwords locked the right one out for 15 minutes, parallel guesses got
// past the limit, and a restart forgot it all.
TEST_F(Security, TheSignInThrottleSlowsGuessersWithoutLockingTheOwnerOut) {
    fixture->add_user("chu.tk", Role::viewer, "38");
    // Another process on the same store (or this one restarted).
    compose::WebApi other(options_for(fixture->db));
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(sign_in_from(*fixture->api, "chu.tk", "sai-mat-khau", "10.0.0.66").status, 401);
    // Slowed, not locked: even the right password waits its turn from the guesser's address...
    const auto slowed = sign_in_from(other, "chu.tk", ApiFixture::kPassword, "10.0.0.66");
    EXPECT_EQ(slowed.status, 429);
    EXPECT_EQ(header_of(slowed, "Retry-After"), "1");
    // ...while the owner, elsewhere, signs in.
    EXPECT_EQ(sign_in_from(*fixture->api, "chu.tk", ApiFixture::kPassword, "10.0.0.7").status, 200);
    // Forty guesses at once: only as many as the policy lets through are checked.
    fixture->add_user("chu.song.song", Role::viewer, "38");
    std::atomic<int> checked{0}, refused{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 40; ++i)
        threads.emplace_back([&] {
            const int status = sign_in_from(*fixture->api, "chu.song.song", "sai", "10.0.0.99").status;
            (status == 401 ? checked : refused) += 1;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(checked, accounts::kSignInPolicies[0].free_failures);
    EXPECT_EQ(refused, 40 - accounts::kSignInPolicies[0].free_failures);
}

// Finding 13: sign-in took text/plain from any site (login CSRF).
TEST_F(Security, SignInTakesJsonFromThisSiteOnly) {
    server::Request r;
    r.method = "POST";
    r.path = "/api/v1/session";
    r.body = json{{"username", "xa"}, {"password", ApiFixture::kPassword}}.dump();
    r.remote_address = "127.0.0.1";
    r.headers = {{"content-type", "text/plain"}};
    EXPECT_EQ(fixture->api->handle(r).status, 415);
    r.headers = {{"content-type", "application/json"}, {"origin", "https://evil.example"}, {"host", "giamngheo.vn"}};
    EXPECT_EQ(fixture->api->handle(r).status, 403);
    r.headers = {{"content-type", "application/json"}, {"origin", "https://giamngheo.vn"}, {"host", "giamngheo.vn"}};
    EXPECT_EQ(fixture->api->handle(r).status, 200);
}

// Finding 13: no Content-Security-Policy, and 405 without Allow.
TEST_F(Security, EveryAnswerCarriesTheSecurityHeadersAnd405SaysWhatIsAllowed) {
    const auto r = fixture->call("DELETE", "/api/v1/me", "", &officer);
    EXPECT_EQ(r.status, 405);
    EXPECT_EQ(header_of(r, "Allow"), "GET");
    for (const auto& answer : {r, get("/api/v1/me", officer), fixture->call("GET", "/healthz")}) {
        EXPECT_NE(header_of(answer, "Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
        EXPECT_EQ(header_of(answer, "X-Content-Type-Options"), "nosniff");
        EXPECT_FALSE(header_of(answer, "X-Request-Id").empty());
    }
}

// Finding 12: a round's year was not validated.
TEST_F(Security, ARoundsYearIsBounded) {
    for (const char* year : {"99999999999", "-5", "20255"}) {
        const auto r = fixture->call(
            "POST", "/api/v1/rounds",
            std::string(R"({"year":)") + year + R"(,"scope":"16186","reference_date":"2025-11-01"})", &officer);
        EXPECT_EQ(r.status, 400) << year;
        EXPECT_EQ(ApiFixture::body(r)["error"]["field"], "year");
    }
}

// Finding 10: a plan's programme parameter walked the data folder and returned library texts.
TEST_F(Security, AProgrammeIsANameFromTheCatalogueNeverAPath) {
    for (const char* programme : {"funding", "..%2Fstandards%2Fvn-2022", "../standards/vn-2022"}) {
        const auto r = get(std::string("/api/v1/plans/16186/2024?programme=") + programme, officer);
        EXPECT_TRUE(r.status == 400 || r.status == 404) << programme << " " << r.status;
        EXPECT_EQ(r.body.find("json.exception"), std::string::npos) << r.body;
        EXPECT_EQ(r.body.find("/data"), std::string::npos) << r.body;
    }
    // A body of the wrong types is a client error without the library's words.
    const auto typed = fixture->call("POST", "/api/v1/rounds", R"({"year":2025,"reference_date":7})", &officer);
    EXPECT_EQ(typed.status, 400);
    EXPECT_EQ(typed.body.find("json.exception"), std::string::npos) << typed.body;
}

// Finding 10 and the architecture issue: a fault of the store is a 500 with a generic message and
// a request id; SQL, paths and exception texts go to the log only.
TEST(SecurityFaults, AStoreFaultIsA500WithoutInternals) {
    ApiFixture fixture;
    std::ostringstream log;
    fixture.api.reset();
    compose::WebApiOptions options = options_for(fixture.db);
    options.error_log = &log;
    fixture.api = std::make_unique<compose::WebApi>(options);
    fixture.add_user("xa", Role::commune_officer, "16186");
    const Client officer = fixture.sign_in("xa");
    const std::string id = household_in(fixture.db, "16186");
    const auto current = fixture.call("GET", "/api/v1/households/" + id, "", &officer);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(fixture.db.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "DROP TABLE audit_events", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    json edited = ApiFixture::body(current);
    edited["village"] = "Thôn Khác";
    std::string etag;
    for (const auto& [name, value] : current.headers)
        if (name == "ETag") etag = value;
    const auto r = fixture.call("PUT", "/api/v1/households/" + id, edited.dump(), &officer, {{"if-match", etag}});
    ASSERT_EQ(r.status, 500) << r.body;
    const json body = ApiFixture::body(r);
    EXPECT_EQ(body["error"]["code"], "internal");
    const std::string request_id = body["error"]["request_id"];
    EXPECT_FALSE(request_id.empty());
    for (const char* secret : {"sqlite", "audit_events", "INSERT", fixture.db.c_str(), "/tmp"})
        EXPECT_EQ(r.body.find(secret), std::string::npos) << secret << " in " << r.body;
    EXPECT_NE(log.str().find(request_id), std::string::npos);
    EXPECT_NE(log.str().find("audit_events"), std::string::npos) << log.str();
    // Nothing was written: the edit and its audit entry are one transaction.
    EXPECT_EQ(ApiFixture::body(fixture.call("GET", "/api/v1/households/" + id, "", &officer))["village"],
              ApiFixture::body(current)["village"]);
    // Invalid input still names its field.
    const auto bad = fixture.call("POST", "/api/v1/rounds", R"({"year":2025,"reference_date":"2025-13-01"})", &officer);
    EXPECT_EQ(bad.status, 400);
}

}  // namespace
}  // namespace giamngheo::test
