#include "modules/accounts/http/web_context.hpp"

#include "server/http_helpers.hpp"

namespace giamngheo::accounts {

WebContext::WebContext(WebOptions o)
    : options(std::move(o)),
      error_log(options.error_log),
      stores(options.open_store),
      accounts(options.open_account_store()),
      units(stores.borrow()->load_units()),
      extract(stores.borrow()->extract_mark()),
      scope(units, options.env.area_rules(), options.env.today),
      jobs(error_log),
      work(options.work_dir) {}

std::string WebContext::admit(const server::Request& request, const server::Route& route) {
    if (route.capability == Capability::public_access) return {};
    const Session s = session_of(request);
    if (!has_capability(s.user.role, route.capability))
        throw server::ApiError(403, "forbidden_role",
                               "Vai trò " + std::string(vietnamese_name(s.user.role)) + " không được làm việc này.");
    if (server::is_write(request.method) && request.header("x-csrf-token") != s.csrf_token)
        throw server::ApiError(403, "csrf", "Thiếu hoặc sai mã chống giả mạo (X-CSRF-Token); hãy tải lại trang.");
    return s.user.username;
}

Session WebContext::session_of(const server::Request& r) {
    auto s = accounts.session(r.cookie(server::kSessionCookie));
    if (!s) throw server::ApiError(401, "not_signed_in", "Bạn chưa đăng nhập hoặc phiên đăng nhập đã hết hạn.");
    return *s;
}

void WebContext::require_unit(const Session& s, const std::string& unit) const {
    if (!scope.unit_within(unit, s.user.unit_code)) server::forbidden_scope();
}

std::string WebContext::unit_param(const server::Request& r, const Session& s) const {
    const std::string unit = r.query_value("unit");
    if (unit.empty()) return s.user.unit_code;
    if (!units.contains(unit)) server::not_found("không có đơn vị hành chính \"" + unit + "\"");
    require_unit(s, unit);
    return unit;
}

std::optional<UnitMap> WebContext::map_param(const server::Request& r) const {
    const std::string text = r.query_value("map");
    if (text.empty()) return std::nullopt;
    if (text == "2024") return UnitMap::map2024;
    if (text == "2025") return UnitMap::map2025;
    throw server::ApiError(400, "invalid_input", "tham số \"map\" phải là 2024 hoặc 2025", {{"field", "map"}});
}

std::string WebContext::unit_name(const std::string& code) const {
    if (code.empty()) return "Toàn quốc";
    for (UnitMap map : {UnitMap::map2025, UnitMap::map2024})
        if (const auto* u = units.find(code, map)) return u->full_name;
    return code;
}

nlohmann::json WebContext::user_json(const User& u) const {
    return {{"username", u.username},       {"full_name", u.full_name},         {"role", to_string(u.role)},
            {"unit_code", u.unit_code},     {"unit_name", unit_name(u.unit_code)}, {"disabled", u.disabled}};
}

nlohmann::json WebContext::session_json(const User& u, const std::string& csrf_token) const {
    nlohmann::json out = {{"user", user_json(u)}, {"csrf_token", csrf_token}};
    if (extract)
        out["extract"] = {{"unit_code", extract->unit_code}, {"unit_name", unit_name(extract->unit_code)},
                          {"made_at", extract->made_at}};
    return out;
}

store::StoredHousehold WebContext::household_in_scope(store::RegistryStore& registry, const Session& s,
                                                      const std::string& id) const {
    auto stored = registry.load_household(id, std::nullopt);
    if (!stored) server::not_found("không có hộ \"" + id + "\"");
    if (!scope.household_within({stored->household.unit_code, stored->household.current_unit_code}, s.user.unit_code))
        server::forbidden_scope();
    return *stored;
}

std::string WebContext::client_address(const server::Request& r) const {
    std::string address = r.remote_address;
    if (const std::string forwarded = r.header("x-forwarded-for"); options.tls_proxy) {
        const auto last = forwarded.find_first_not_of(' ', forwarded.find_last_of(',') + 1);
        if (last != std::string::npos) address = forwarded.substr(last);
    }
    return address;
}

}  // namespace giamngheo::accounts
