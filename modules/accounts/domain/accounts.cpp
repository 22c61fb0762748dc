#include "modules/accounts/domain/accounts.hpp"

#include <algorithm>

namespace giamngheo::accounts {

const char* to_string(Role role) {
    switch (role) {
        case Role::admin:
            return "admin";
        case Role::province_officer:
            return "province_officer";
        case Role::commune_officer:
            return "commune_officer";
        case Role::reviewer:
            return "reviewer";
        case Role::viewer:
            return "viewer";
    }
    return "viewer";
}

std::optional<Role> parse_role(const std::string& text) {
    for (Role r : kRoles)
        if (text == to_string(r)) return r;
    return std::nullopt;
}

const char* vietnamese_name(Role role) {
    switch (role) {
        case Role::admin:
            return "Quản trị hệ thống";
        case Role::province_officer:
            return "Cán bộ cấp tỉnh";
        case Role::commune_officer:
            return "Cán bộ cấp xã";
        case Role::reviewer:
            return "Rà soát viên";
        case Role::viewer:
            return "Người xem";
    }
    return "";
}

nlohmann::json audit_json(const User& u) {
    return {{"full_name", u.full_name}, {"role", to_string(u.role)}, {"unit_code", u.unit_code}, {"disabled", u.disabled}};
}

std::string throttle_key(const SignInPolicy& policy, const std::string& username, const std::string& address) {
    const std::string kind = policy.key_kind;
    if (kind == "pair") return "pair:" + username + "|" + address;
    if (kind == "user") return "user:" + username;
    return "address:" + address;
}

long delay_after(const SignInPolicy& policy, std::int64_t failures) {
    if (failures < policy.free_failures) return 0;
    const auto exponent = std::min<std::int64_t>(failures - policy.free_failures, 30);
    return std::min(policy.max_delay_seconds, 1L << exponent);
}

}  // namespace giamngheo::accounts
