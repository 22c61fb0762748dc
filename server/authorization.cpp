#include "server/authorization.hpp"

#include <stdexcept>

namespace giamngheo::server {

const std::vector<RoutePolicy>& route_policies() {
    using C = Capability;
    // Columns: method, pattern, capability, scoped, heavy (on the server's heavy pool).
    static const std::vector<RoutePolicy> kPolicies = {
        {"GET", "/healthz", C::public_access, false},
        {"GET", "/api/v1/openapi.json", C::public_access, false},
        {"POST", "/api/v1/session", C::public_access, false},
        {"DELETE", "/api/v1/session", C::signed_in, false},
        {"GET", "/api/v1/me", C::signed_in, false},
        {"GET", "/api/v1/users", C::manage_users, true},
        {"POST", "/api/v1/users", C::manage_users, true},
        {"PUT", "/api/v1/users/{username}", C::manage_users, true},
        // The unit catalogue and the standards are public reference data, not data of a unit.
        {"GET", "/api/v1/units", C::signed_in, false},
        {"GET", "/api/v1/units/{code}", C::signed_in, false},
        {"GET", "/api/v1/standards", C::signed_in, false},
        {"GET", "/api/v1/households", C::read_registry, true},
        {"GET", "/api/v1/households/{id}", C::read_registry, true},
        {"PUT", "/api/v1/households/{id}", C::edit_household, true},
        {"GET", "/api/v1/households/{id}/history", C::read_registry, true},
        {"GET", "/api/v1/households/{id}/results", C::read_registry, true},
        {"GET", "/api/v1/households/{id}/explain", C::read_registry, true},
        {"GET", "/api/v1/rounds", C::read_registry, true},
        {"POST", "/api/v1/rounds", C::run_round, true},
        {"POST", "/api/v1/rounds/{id}/approve", C::approve_round, true},
        {"GET", "/api/v1/rounds/{id}/results", C::read_registry, true},
        {"GET", "/api/v1/rounds/{id}/stats", C::read_registry, true, true},
        {"GET", "/api/v1/rounds/{id}/transitions", C::read_registry, true, true},
        {"GET", "/api/v1/rounds/{id}/what-if", C::read_registry, true, true},
        {"GET", "/api/v1/rounds/{id}/export.xlsx", C::read_registry, true, true},
        {"POST", "/api/v1/imports", C::import_households, true, true},
        // Implementation plans: data of the plan's unit.
        {"GET", "/api/v1/plans", C::read_registry, true},
        {"GET", "/api/v1/plans/{unit}/{year}", C::read_registry, true},
        {"PUT", "/api/v1/plans/{unit}/{year}", C::edit_plan, true},
        {"GET", "/api/v1/plans/{unit}/{year}/check", C::read_registry, true},
        {"GET", "/api/v1/plans/{unit}/{year}/disbursement", C::read_registry, true},
        {"POST", "/api/v1/plans/{unit}/{year}/disbursements", C::edit_plan, true},
        {"GET", "/api/v1/plans/{unit}/{year}/targets", C::read_registry, true},
        {"PUT", "/api/v1/plans/{unit}/{year}/targets/{index}/actual", C::edit_plan, true},
        {"GET", "/api/v1/plans/{unit}/{year}/document.docx", C::read_registry, true, true},
        {"GET", "/api/v1/plans/{unit}/{year}/budget.xlsx", C::read_registry, true, true},
        {"GET", "/api/v1/audit", C::view_audit, true},
        // A job belongs to the user who started it.
        {"GET", "/api/v1/jobs/{id}", C::signed_in, true},
    };
    return kPolicies;
}

const RoutePolicy& policy_for(const std::string& method, const std::string& pattern) {
    for (const auto& p : route_policies())
        if (method == p.method && pattern == p.pattern) return p;
    throw std::logic_error("no authorisation policy for " + method + " " + pattern);
}

bool has_capability(Role role, Capability capability) {
    using C = Capability;
    if (capability == C::public_access || capability == C::signed_in) return true;
    switch (role) {
        case Role::admin:
            return true;
        case Role::province_officer:
            return true;
        case Role::commune_officer:
            return capability != C::manage_users;
        // A reviewer collects and corrects household records; deciding rounds is the officers' job.
        case Role::reviewer:
            return capability == C::read_registry || capability == C::edit_household ||
                   capability == C::import_households;
        case Role::viewer:
            return capability == C::read_registry;
    }
    return false;
}

bool sees_personal_ids(Role role) {
    return role == Role::admin || role == Role::province_officer || role == Role::commune_officer;
}

std::string mask_personal_id(const std::string& id) {
    if (id.size() <= 6) return std::string(id.size(), '*');
    return id.substr(0, 4) + std::string(id.size() - 6, '*') + id.substr(id.size() - 2);
}

bool Scope::unit_within(const std::string& code, const std::string& scope) const {
    if (scope.empty()) return true;
    const std::string unit = code.substr(0, code.find('/'));  // a village counts with its commune
    if (unit.empty()) return false;
    if (unit == scope) return true;
    const auto& units = placer_.units();
    for (UnitMap map : {UnitMap::map2024, UnitMap::map2025}) {
        const UnitVersion* version = units.find(unit, map);
        if (!version) continue;
        for (UnitLevel level : {UnitLevel::province, UnitLevel::district, UnitLevel::commune})
            if (units.ancestor(unit, map, level) == scope) return true;
        if (version->level == UnitLevel::commune) {
            if (placer_.in_scope({unit, ""}, scope, today_)) return true;
        } else {
            const UnitMap other = map == UnitMap::map2024 ? UnitMap::map2025 : UnitMap::map2024;
            if (units.province_on(unit, map, other) == scope) return true;
        }
    }
    return false;
}

bool Scope::household_within(const UnitRef& unit, const std::string& scope) const {
    return scope.empty() || placer_.in_scope(unit, scope, today_);
}

bool Scope::round_visible(const std::string& round_scope, const std::string& scope) const {
    return scope.empty() || round_scope.empty() || unit_within(round_scope, scope) ||
           unit_within(scope, round_scope);
}

}  // namespace giamngheo::server
