// The API's contract against the running server: every route is called with the request of
// route_targets.hpp by the first user it serves and by the first it refuses, and each answer is
// checked against the schema data/api/ declares for its status (openapi.json carries them): a
// JSON body against its schema, a file against its media type, any other error against Error.
#include <gtest/gtest.h>

#include "modules/accounts/tests/route_targets.hpp"
#include "server/http_helpers.hpp"
#include "server/openapi.hpp"
#include "testing/json_schema.hpp"

namespace giamngheo::test {
namespace {

// The schemas are the server's, whatever the backend: checked on the embedded one.
class ApiSchemas : public RouteTargets<std::integral_constant<Backend, Backend::sqlite_rows>> {
  protected:
    // The mismatches of one answer with the operation that gave it.
    static std::vector<std::string> answer_mismatches(const json& operation, const server::Response& r,
                                                      const json& components) {
        const std::string status = std::to_string(r.status);
        const json& responses = operation["responses"];
        json declared;
        if (responses.contains(status))
            declared = responses[status];
        else if (r.status >= 400)
            declared = responses["default"];
        else
            return {"status " + status + " is not declared"};
        if (!declared.contains("content"))
            return r.body.empty() ? std::vector<std::string>{} : std::vector<std::string>{"a body where none is declared"};
        const json& content = declared["content"];
        if (!content.contains("application/json")) {
            for (const auto& [media, file] : content.items())
                if (r.content_type.starts_with(media)) return {};
            return {"content type " + r.content_type + ", declared " + content.dump()};
        }
        const json body = json::parse(r.body, nullptr, false);
        if (body.is_discarded()) return {"the body is not JSON: " + r.body.substr(0, 120)};
        return schema_mismatches(body, content["application/json"]["schema"], components);
    }
};

TEST_F(ApiSchemas, EveryAnswerMatchesTheSchemaOfItsRouteAndStatus) {
    const json document = f->api->openapi();
    const json& components = document["components"]["schemas"];
    int successes = 0;
    for (const auto& route : f->api->router().routes()) {
        const MatrixUser* served = nullptr;
        const MatrixUser* refused = nullptr;
        for (const auto& u : users) {
            const MatrixUser*& first = expected_allowed(route, u) ? served : refused;
            if (!first) first = &u;
        }
        for (const MatrixUser* u : {served, refused}) {
            if (!u) continue;
            const auto call = call_for(route, *u);
            ASSERT_TRUE(call) << "no target for " << route.method << " " << route.pattern;
            // Signing out ends a session of its own, not the one the other calls use.
            const Client client = u->anonymous ? Client{}
                                  : route.method == "DELETE" && route.pattern == "/api/v1/session"
                                      ? f->sign_in(u->username)
                                      : clients[u->username];
            const auto r = f->call(route.method, call->target, call->body, u->anonymous ? nullptr : &client, call->headers);
            // The operation that answered: a target may ask for a sibling (a PDF route's DOCX).
            server::Request probe;
            probe.method = route.method;
            probe.path = call->target.substr(0, call->target.find('?'));
            const auto match = f->api->router().match(probe);
            ASSERT_TRUE(match.route) << call->target;
            const json& operation = document["paths"][match.route->pattern][server::lower_ascii(route.method)];
            for (const auto& mismatch : answer_mismatches(operation, r, components))
                ADD_FAILURE() << route.method << " " << match.route->pattern << " → " << r.status << " as "
                              << u->username << ": " << mismatch;
            successes += r.status < 300 ? 1 : 0;
        }
    }
    // Most routes must have been seen succeeding, or the schemas of their answers go unchecked.
    EXPECT_GT(successes, static_cast<int>(f->api->router().routes().size()) * 3 / 4);
}

TEST(ApiSchemaValidator, NamesTheJsonPathOfAMismatch) {
    const json components = {{"Row", {{"type", "object"},
                                      {"required", {"id"}},
                                      {"properties",
                                       {{"id", {{"type", "integer"}}},
                                        {"class", {{"type", "string"}, {"enum", {"poor", "near_poor"}}}},
                                        {"note", {{"type", "string"}, {"nullable", true}}}}}}}};
    const json list = {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/Row"}}}};
    EXPECT_TRUE(schema_mismatches(json::parse(R"([{"id":1,"class":"poor","note":null}])"), list, components).empty());
    EXPECT_EQ(schema_mismatches(json::parse(R"([{"id":1},{"id":"2"}])"), list, components),
              std::vector<std::string>{"$[1].id: \"2\" is not of type integer"});
    EXPECT_EQ(schema_mismatches(json::parse(R"([{"class":"rich"}])"), list, components),
              (std::vector<std::string>{"$[0]: required property id is missing",
                                        "$[0].class: \"rich\" is not one of [\"poor\",\"near_poor\"]"}));
    EXPECT_EQ(schema_mismatches(json::parse(R"({"id":null})"), components["Row"], components),
              std::vector<std::string>{"$.id: null where the schema allows none"});
}

TEST(ApiSchemaFiles, NameEveryRouteAndNoOther) {
    const auto route = [](const std::string& method, const std::string& pattern) {
        server::Route r;
        r.method = method;
        r.pattern = pattern;
        return r;
    };
    const std::vector<server::Route> routes = {route("GET", "/api/v1/a"), route("POST", "/api/v1/b/{id}")};
    const json error = {{"type", "object"}};
    const json schemas = server::merge_api_schemas(
        {{{"components", {{"Error", error}}}},
         {{"operations",
           {{"GET /api/v1/a", {{"name", "a.get"}, {"responses", {{"200", {{"$ref", "#/components/schemas/Thing"}}}}}}},
            {"PUT /api/v1/c", {{"name", "a.get"}, {"responses", {{"204", nullptr}}}}}}}}});
    EXPECT_EQ(server::api_schema_problems(routes, schemas),
              (std::vector<std::string>{"POST /api/v1/b/{id}: no schema in data/api/",
                                        "GET /api/v1/a: $ref #/components/schemas/Thing names no component",
                                        "PUT /api/v1/c: a schema of no registered route",
                                        "PUT /api/v1/c: name \"a.get\" is not group.function or is taken"}));
    EXPECT_THROW((void)server::merge_api_schemas({{{"components", {{"Error", error}}}}, {{"components", {{"Error", error}}}}}),
                 std::logic_error);
}

}  // namespace
}  // namespace giamngheo::test
