// The API in process, without sockets: a demo store built from the unit fixtures (Thanh Hóa
// and Quảng Ninh) on a backend (SQLite unless told), one user per role and unit, and requests as
// plain values.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "modules/demo/demo.hpp"
#include "compose/web_api.hpp"
#include "storage/open_store.hpp"
#include "kernel/capability.hpp"
#include "platform/table.hpp"
#include "testing/store_backends.hpp"
#include "testing/support.hpp"

namespace giamngheo::test {

struct Client {
    std::string cookie;  // "giamngheo_session=..."
    std::string csrf;
};

class ApiFixture {
  public:
    static constexpr const char* kPassword = "mat-khau-thu-nghiem";

    explicit ApiFixture(long households = 300, Backend backend = Backend::sqlite_rows)
        : fresh(backend), db(fresh.location()) {
        accounts::initialise_crypto();
        {
            auto store = store::open_store(db);
            app::fill_demo(*store, test_environment(), kUnitsFixture, households, 7);
        }
        compose::WebApiOptions options;
        options.store = db;
        options.env = test_environment();
        options.work_dir = dir.path("work");
        api = std::make_unique<compose::WebApi>(options);
    }

    void add_user(const std::string& username, accounts::Role role, const std::string& unit) {
        api->accounts().put_user({username, username, role, unit, false}, kPassword, "test");
    }

    server::Response call(const std::string& method, const std::string& target, const std::string& body = "",
                          const Client* client = nullptr,
                          std::map<std::string, std::string> headers = {}) const {
        return call_on(*api, method, target, body, client, std::move(headers));
    }

    // A request as a browser sends it, to `web` (this fixture's or another() one).
    static server::Response call_on(compose::WebApi& web, const std::string& method, const std::string& target,
                                    const std::string& body = "", const Client* client = nullptr,
                                    std::map<std::string, std::string> headers = {}) {
        server::Request r;
        r.method = method;
        const auto question = target.find('?');
        r.path = target.substr(0, question);
        if (question != std::string::npos) r.query = server::parse_query(target.substr(question + 1));
        r.body = body;
        r.remote_address = "127.0.0.1";
        r.headers = std::move(headers);
        // As the web application sends its bodies; a test of another type says so.
        if (!body.empty() && !r.headers.count("content-type")) r.headers["content-type"] = "application/json";
        if (client) {
            r.headers["cookie"] = client->cookie;
            if (!r.headers.count("x-csrf-token")) r.headers["x-csrf-token"] = client->csrf;
        }
        return web.handle(r);
    }

    // A second web application on the same store, with its own caches and pools: what another
    // server process behind the same load balancer is.
    [[nodiscard]] std::unique_ptr<compose::WebApi> another(const std::string& name) const {
        compose::WebApiOptions options;
        options.store = db;
        options.env = test_environment();
        options.work_dir = dir.path("work-" + name);
        return std::make_unique<compose::WebApi>(options);
    }

    Client sign_in(const std::string& username, const std::string& password = kPassword) const {
        const auto r = call("POST", "/api/v1/session",
                            nlohmann::json{{"username", username}, {"password", password}}.dump());
        EXPECT_EQ(r.status, 200) << username << ": " << r.body;
        Client c;
        for (const auto& [name, value] : r.headers)
            if (name == "Set-Cookie") c.cookie = value.substr(0, value.find(';'));
        c.csrf = nlohmann::json::parse(r.body).value("csrf_token", "");
        return c;
    }

    static nlohmann::json body(const server::Response& r) { return nlohmann::json::parse(r.body); }

    TempDir dir;
    FreshStore fresh;
    std::string db;
    std::unique_ptr<compose::WebApi> api;
};

// Who may call each route, written down apart from the code that registers the routes
// (testing/fixtures/route_policies.csv): the oracle of the authorisation tests.
struct RoutePolicy {
    std::string method, pattern;
    std::string capability;  // kernel/capability.hpp to_string()
    bool scoped = false;     // data of a unit: the user's scope applies
    bool heavy = false;      // runs on the server's heavy pool
};

inline std::vector<RoutePolicy> route_policies() {
    const io::Table table = io::read_table(kSourceDir + "/testing/fixtures/route_policies.csv");
    std::vector<RoutePolicy> out;
    for (std::size_t row = 0; row < table.rows.size(); ++row)
        out.push_back({cell(table, row, "method"), cell(table, row, "pattern"), cell(table, row, "capability"),
                       cell(table, row, "scoped") == "1", cell(table, row, "heavy") == "1"});
    return out;
}

inline RoutePolicy policy_for(const std::string& method, const std::string& pattern) {
    for (auto& p : route_policies())
        if (p.method == method && p.pattern == pattern) return p;
    ADD_FAILURE() << "no policy for " << method << " " << pattern << " in testing/fixtures/route_policies.csv";
    return {method, pattern, "admin_only", true, false};
}

// The first household (by id) recorded in `unit_code`.
inline std::string household_in(const std::string& db, const std::string& unit_code) {
    auto store = store::open_store(db);
    for (const auto& h : store->load_households())
        if (h.household.unit_code == unit_code) return h.household.household_id;
    return {};
}

}  // namespace giamngheo::test
