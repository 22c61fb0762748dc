// A small validator of the JSON-schema subset that data/api/ uses (OpenAPI 3.0): type, nullable,
// enum, required, properties, additionalProperties (a schema for map values; otherwise open),
// items, oneOf / anyOf / allOf, and $ref to "#/components/schemas/<name>". Enough for the API
// schema test to say where an answer leaves its schema; not a general validator.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace giamngheo::test {

// Each mismatch as "<JSON path>: <what>", e.g. "$.items[3].class: \"rich\" is not one of [...]".
[[nodiscard]] std::vector<std::string> schema_mismatches(const nlohmann::json& value, const nlohmann::json& schema,
                                                         const nlohmann::json& components);

}  // namespace giamngheo::test
