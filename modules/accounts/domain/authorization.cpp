#include "modules/accounts/domain/authorization.hpp"

namespace giamngheo::accounts {

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
                   capability == C::import_households || capability == C::take_procedure_step ||
                   capability == C::record_follow_up;
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
    return placer_.unit_within(code, scope, today_);
}

bool Scope::household_within(const UnitRef& unit, const std::string& scope) const {
    return scope.empty() || placer_.in_scope(unit, scope, today_);
}

bool Scope::round_visible(const std::string& round_scope, const std::string& scope) const {
    return placer_.scopes_overlap(round_scope, scope, today_);
}

}  // namespace giamngheo::accounts
