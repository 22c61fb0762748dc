// The OpenAPI 3 document of the registered routes, with the body schemas of data/api/ (format in
// data/api/README.md). The schemas are data apart from the handlers so that the web can generate
// its types from the same files without a server, and a test checks every answer against them.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "server/router.hpp"

namespace giamngheo::server {

// Joins the schema files into one {"components", "operations"}; a component or an operation
// declared twice is a std::logic_error naming it.
[[nodiscard]] nlohmann::json merge_api_schemas(const std::vector<nlohmann::json>& files);

// Every problem between the routes and the schemas: a route without an operation, an operation
// without a route, an operation without a success answer, a $ref to no component. Empty: none.
[[nodiscard]] std::vector<std::string> api_schema_problems(const std::vector<Route>& routes,
                                                           const nlohmann::json& schemas);

// The OpenAPI 3.0 document; `schemas` null gives the routes with summaries only (a server
// that registers routes of its own, as the server's tests do).
[[nodiscard]] nlohmann::json openapi_document(const std::vector<Route>& routes, const nlohmann::json& schemas);

}  // namespace giamngheo::server
