// The authorisation matrix: every route of the router × every role × a scope that covers the
// target data or not × the route's method. The targets live in Xã Hóa Quỳ (16186, Thanh Hóa);
// users of Quảng Ninh (22, Vân Đồn 06994) must be refused by every route, users of Thanh Hóa and
// Hóa Quỳ served when their role allows it, and no answer may carry a household of a unit
// outside the user's scope. The cases come from the router's route table: a new route without
// a target in route_targets.hpp fails the test instead of going unchecked. Run on each backend.
#include "modules/accounts/tests/route_targets.hpp"

namespace giamngheo::test {
namespace {

template <class BackendConstant>
class ServerMatrix : public RouteTargets<BackendConstant> {};

using Backends = ::testing::Types<std::integral_constant<Backend, Backend::sqlite_rows>,
                                  std::integral_constant<Backend, Backend::postgresql>>;
struct BackendNames {
    template <class T>
    static std::string GetName(int) {
        return T::value == Backend::postgresql ? "postgresql" : "sqlite";
    }
};
TYPED_TEST_SUITE(ServerMatrix, Backends, BackendNames);

TYPED_TEST(ServerMatrix, EveryRoleScopeRouteAndMethod) {
    int checked = 0;
    for (const auto& route : TestFixture::f->api->router().routes()) {
        for (const auto& u : TestFixture::users) {
            const auto call = TestFixture::call_for(route, u);
            ASSERT_TRUE(call) << "no matrix target for " << route.method << " " << route.pattern
                              << ": add one to call_for() so the route's authorisation is checked";
            Client client;
            if (!u.anonymous)
                client = route.method == "DELETE" && route.pattern == "/api/v1/session"
                             ? TestFixture::f->sign_in(u.username)
                             : TestFixture::clients[u.username];
            const auto r = TestFixture::f->call(route.method, call->target, call->body, u.anonymous ? nullptr : &client,
                                   call->headers);
            const bool allowed = TestFixture::expected_allowed(route, u);
            const std::string what = route.method + " " + call->target + " as " + u.username + " (" +
                                     accounts::to_string(u.role) + ", " + (u.unit.empty() ? "*" : u.unit) + ")";
            if (allowed) {
                EXPECT_TRUE(r.status != 401 && r.status != 403 && r.status != 404)
                    << what << " → " << r.status << " " << r.body;
            } else {
                const int refused = u.anonymous ? 401 : route.pattern == "/api/v1/jobs/{id}" ? 404 : 403;
                EXPECT_EQ(r.status, refused) << what << " → " << r.body.substr(0, 300);
            }
            // Nothing outside the user's unit, ever: Vân Đồn's households for those of Thanh Hóa,
            // Hóa Quỳ's for those of Quảng Ninh.
            if (!u.anonymous && !u.unit.empty() && r.status < 300) {
                const std::string& foreign = u.covers_target ? TestFixture::outside_household : TestFixture::household;
                EXPECT_EQ(r.body.find(foreign), std::string::npos) << what << " shows " << foreign;
            }
            ++checked;
        }
    }
    EXPECT_EQ(checked, static_cast<int>(TestFixture::f->api->router().routes().size() * TestFixture::users.size()));
}

TYPED_TEST(ServerMatrix, ListsWithoutAUnitShowOnlyTheUsersOwnData) {
    for (const auto& u : TestFixture::users) {
        if (u.anonymous || u.unit.empty()) continue;
        for (const char* target :
             {"/api/v1/households?page_size=500", "/api/v1/rounds/2/results?page_size=500",
              "/api/v1/rounds/2/stats?level=commune", "/api/v1/audit"}) {
            const auto r = TestFixture::f->call("GET", target, "", &TestFixture::clients[u.username]);
            if (r.status == 403) continue;  // the role may not read it at all
            ASSERT_EQ(r.status, 200) << target << " as " << u.username << ": " << r.body;
            const std::string& foreign = u.covers_target ? TestFixture::outside_household : TestFixture::household;
            EXPECT_EQ(r.body.find(foreign), std::string::npos) << target << " as " << u.username;
            if (std::string(target).find("stats") != std::string::npos) {
                EXPECT_EQ(r.body.find(u.covers_target ? "\"06994\"" : "\"16186\""), std::string::npos)
                    << u.username;
            }
        }
    }
}

}  // namespace
}  // namespace giamngheo::test
