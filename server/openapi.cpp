#include "server/openapi.hpp"

#include <set>
#include <stdexcept>

#include "server/http_helpers.hpp"

namespace giamngheo::server {
namespace {

using nlohmann::json;

constexpr std::string_view kComponentRef = "#/components/schemas/";

// The member `key` of `object`, or an empty object; a reference, so that a loop over its items
// does not outlive a temporary (as a loop over json::value(...).items() would).
const json& part_of(const json& object, const std::string& key) {
    static const json empty = json::object();
    const auto it = object.find(key);
    return it == object.end() ? empty : *it;
}

std::string operation_key(const Route& route) { return route.method + " " + route.pattern; }

// Every $ref below `schema` that names no component.
void missing_refs(const json& schema, const json& components, const std::string& where,
                  std::vector<std::string>& out) {
    if (schema.is_object()) {
        if (auto ref = schema.find("$ref"); ref != schema.end()) {
            const std::string text = ref->get<std::string>();
            if (!text.starts_with(kComponentRef) || !components.contains(text.substr(kComponentRef.size())))
                out.push_back(where + ": $ref " + text + " names no component");
        }
        for (const auto& [key, value] : schema.items()) missing_refs(value, components, where, out);
    } else if (schema.is_array()) {
        for (const auto& value : schema) missing_refs(value, components, where, out);
    }
}

json path_parameters(const std::string& pattern) {
    json parameters = json::array();
    std::size_t at = 0;
    while ((at = pattern.find('{', at)) != std::string::npos) {
        const auto end = pattern.find('}', at);
        parameters.push_back({{"name", pattern.substr(at + 1, end - at - 1)},
                              {"in", "path"},
                              {"required", true},
                              {"schema", {{"type", "string"}}}});
        at = end;
    }
    return parameters;
}

// A file answer: one media type, or several when the request chooses (DOCX or PDF).
json binary_content(const json& media) {
    json content = json::object();
    for (const auto& type : media.is_array() ? media : json::array({media}))
        content[type.get<std::string>()] = {{"schema", {{"type", "string"}, {"format", "binary"}}}};
    return content;
}

// The request body, answers and query parameters of one operation of data/api/.
void add_bodies(json& operation, const json& declared) {
    operation["operationId"] = declared.value("name", "");
    if (declared.contains("description")) operation["description"] = declared["description"];
    json content = json::object();
    if (declared.contains("request")) content["application/json"] = {{"schema", declared["request"]}};
    for (const auto& [media, schema] : part_of(declared, "request_media").items())
        content[media] = {{"schema", schema}};
    if (!content.empty()) operation["requestBody"] = {{"required", true}, {"content", content}};
    for (const auto& [name, schema] : part_of(declared, "query").items())
        operation["parameters"].push_back({{"name", name}, {"in", "query"}, {"schema", schema}});
    json responses = json::object();
    for (const auto& [status, schema] : part_of(declared, "responses").items()) {
        responses[status] = {{"description", status}};
        if (!schema.is_null()) responses[status]["content"] = {{"application/json", {{"schema", schema}}}};
    }
    for (const auto& [status, media] : part_of(declared, "files").items())
        responses[status] = {{"description", status}, {"content", binary_content(media)}};
    responses["default"] = {{"description", "Lỗi"},
                            {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
    operation["responses"] = responses;
}

}  // namespace

json merge_api_schemas(const std::vector<json>& files) {
    json merged = {{"components", json::object()}, {"operations", json::object()}};
    for (const auto& file : files)
        for (const char* part : {"components", "operations"})
            for (const auto& [key, value] : part_of(file, part).items()) {
                if (merged[part].contains(key)) throw std::logic_error(std::string(part) + " " + key + " is declared twice");
                merged[part][key] = value;
            }
    return merged;
}

std::vector<std::string> api_schema_problems(const std::vector<Route>& routes, const json& schemas) {
    std::vector<std::string> out;
    const json& operations = schemas["operations"];
    const json& components = schemas["components"];
    std::set<std::string> registered;
    for (const auto& route : routes) {
        registered.insert(operation_key(route));
        if (!operations.contains(operation_key(route)))
            out.push_back(operation_key(route) + ": no schema in data/api/");
    }
    std::set<std::string> names;
    for (const auto& [key, operation] : operations.items()) {
        if (!registered.count(key)) out.push_back(key + ": a schema of no registered route");
        // The name is the web client's function (api.rounds.procedure): one per operation.
        const std::string name = operation.value("name", "");
        if (name.find('.') == std::string::npos || !names.insert(name).second)
            out.push_back(key + ": name \"" + name + "\" is not group.function or is taken");
        bool success = false;
        for (const char* part : {"responses", "files"})
            for (const auto& [status, body] : part_of(operation, part).items())
                success = success || status.starts_with('2');
        if (!success) out.push_back(key + ": no success answer declared");
        missing_refs(operation, components, key, out);
    }
    for (const auto& [name, schema] : components.items()) missing_refs(schema, components, "component " + name, out);
    if (!components.contains("Error")) out.push_back("no Error component");
    return out;
}

json openapi_document(const std::vector<Route>& routes, const json& schemas) {
    json paths = json::object();
    for (const auto& route : routes) {
        json operation = {{"summary", route.summary}, {"x-capability", to_string(route.capability)},
                          {"parameters", path_parameters(route.pattern)}};
        if (schemas.is_object() && schemas["operations"].contains(operation_key(route)))
            add_bodies(operation, schemas["operations"][operation_key(route)]);
        else
            operation["responses"] = {{"200", {{"description", "OK"}}}, {"default", {{"description", "Lỗi"}}}};
        if (operation["parameters"].empty()) operation.erase("parameters");
        if (route.capability != Capability::public_access)
            operation["security"] = json::array({{{"cookieAuth", json::array()}}});
        paths[route.pattern][lower_ascii(route.method)] = operation;
    }
    json components = {
        {"securitySchemes", {{"cookieAuth", {{"type", "apiKey"}, {"in", "cookie"}, {"name", kSessionCookie}}}}}};
    if (schemas.is_object()) components["schemas"] = schemas["components"];
    return {{"openapi", "3.0.3"},
            {"info",
             {{"title", "giamngheo API"},
              {"version", "1"},
              {"description", "API của hệ thống quản lý giảm nghèo bền vững (docs/API.md)"}}},
            {"paths", paths},
            {"components", components}};
}

}  // namespace giamngheo::server
