#include "testing/json_schema.hpp"

namespace giamngheo::test {
namespace {

using nlohmann::json;

bool has_type(const json& value, const std::string& type) {
    if (type == "object") return value.is_object();
    if (type == "array") return value.is_array();
    if (type == "string") return value.is_string();
    if (type == "boolean") return value.is_boolean();
    if (type == "integer") return value.is_number_integer();
    if (type == "number") return value.is_number();
    return false;
}

void check(const json& value, const json& schema, const json& components, const std::string& path,
           std::vector<std::string>& out);

// How many mismatches `value` has against `schema`: oneOf and anyOf need the count per branch.
std::size_t count(const json& value, const json& schema, const json& components, const std::string& path) {
    std::vector<std::string> found;
    check(value, schema, components, path, found);
    return found.size();
}

void check(const json& value, const json& schema, const json& components, const std::string& path,
           std::vector<std::string>& out) {
    if (value.is_null() && schema.value("nullable", false)) return;
    if (auto ref = schema.find("$ref"); ref != schema.end()) {
        const std::string name = ref->get<std::string>().substr(std::string("#/components/schemas/").size());
        if (!components.contains(name)) {
            out.push_back(path + ": $ref to no component " + name);
            return;
        }
        check(value, components[name], components, path, out);
        return;
    }
    // A null meets a schema that says nothing of its type; oneOf and anyOf ask their branches.
    if (value.is_null() && !schema.contains("oneOf") && !schema.contains("anyOf")) {
        if (schema.contains("type") || schema.contains("enum") || schema.contains("allOf"))
            out.push_back(path + ": null where the schema allows none");
        return;
    }
    if (auto all = schema.find("allOf"); all != schema.end())
        for (const auto& part : *all) check(value, part, components, path, out);
    for (const char* choice : {"oneOf", "anyOf"}) {
        auto branches = schema.find(choice);
        if (branches == schema.end()) continue;
        std::size_t matching = 0;
        for (const auto& branch : *branches) matching += count(value, branch, components, path) == 0 ? 1 : 0;
        const bool one = std::string(choice) == "oneOf";
        if (matching == 0 || (one && matching > 1))
            out.push_back(path + ": " + value.dump().substr(0, 80) + " matches " + std::to_string(matching) +
                          " branches of " + choice);
    }
    if (auto type = schema.find("type"); type != schema.end() && !has_type(value, type->get<std::string>())) {
        out.push_back(path + ": " + value.dump().substr(0, 80) + " is not of type " + type->get<std::string>());
        return;
    }
    if (auto allowed = schema.find("enum"); allowed != schema.end()) {
        bool found = false;
        for (const auto& option : *allowed) found = found || option == value;
        if (!found) out.push_back(path + ": " + value.dump() + " is not one of " + allowed->dump());
    }
    if (value.is_object()) {
        for (const auto& name : schema.value("required", json::array()))
            if (!value.contains(name.get<std::string>()))
                out.push_back(path + ": required property " + name.get<std::string>() + " is missing");
        const json properties = schema.value("properties", json::object());
        const auto extra = schema.find("additionalProperties");
        for (const auto& [key, member] : value.items()) {
            if (properties.contains(key))
                check(member, properties[key], components, path + "." + key, out);
            else if (extra != schema.end() && extra->is_object())
                check(member, *extra, components, path + "." + key, out);
            else if (extra != schema.end() && extra->is_boolean() && !extra->get<bool>())
                out.push_back(path + ": property " + key + " is not in the schema");
        }
    }
    if (value.is_array())
        if (auto items = schema.find("items"); items != schema.end())
            for (std::size_t i = 0; i < value.size(); ++i)
                check(value[i], *items, components, path + "[" + std::to_string(i) + "]", out);
}

}  // namespace

std::vector<std::string> schema_mismatches(const json& value, const json& schema, const json& components) {
    std::vector<std::string> out;
    check(value, schema, components, "$", out);
    return out;
}

}  // namespace giamngheo::test
