#include "modules/accounts/http/routes.hpp"

#include <algorithm>

#include "server/http_helpers.hpp"

namespace giamngheo::accounts {
namespace {

using namespace server;
using C = Capability;

constexpr std::size_t kMinimumPasswordLength = 10;

void check_password(const std::string& password) {
    if (password.size() < kMinimumPasswordLength)
        throw ApiError(400, "invalid_input",
                       "mật khẩu cần ít nhất " + std::to_string(kMinimumPasswordLength) + " ký tự",
                       {{"field", "password"}});
}

// Who may be given `role` on `unit` by the signed-in user.
void check_assignment(const WebContext& web, const Session& s, Role role, const std::string& unit) {
    if (role == Role::admin && s.user.role != Role::admin)
        throw ApiError(403, "forbidden_role", "Chỉ quản trị hệ thống mới tạo được tài khoản quản trị.");
    if (unit.empty() && role != Role::admin)
        throw ApiError(400, "invalid_input", "cần mã đơn vị (unit_code) cho vai trò này", {{"field", "unit_code"}});
    if (!unit.empty() && !web.units.contains(unit))
        throw ApiError(400, "invalid_input", "không có đơn vị hành chính \"" + unit + "\"", {{"field", "unit_code"}});
    if (unit.empty() ? !s.user.unit_code.empty() : !web.scope.unit_within(unit, s.user.unit_code)) forbidden_scope();
}

Response sign_in(WebContext& web, Request& r) {
    // A form on another site can post text/plain here without the browser asking first: only
    // JSON from this site's own pages signs in (no login CSRF).
    if (lower_ascii(r.header("content-type")).rfind("application/json", 0) != 0)
        throw ApiError(415, "unsupported_media_type", "Đăng nhập cần nội dung dạng application/json.");
    if (const std::string origin = r.header("origin"); !origin.empty()) {
        const std::string host = r.header("host");
        const auto scheme_end = origin.find("://");
        if (host.empty() || scheme_end == std::string::npos || origin.substr(scheme_end + 3) != host)
            throw ApiError(403, "cross_origin", "Không đăng nhập được từ một trang web khác.");
    }
    const json body = parse_body(r);
    const std::string username = string_field(body, "username"), password = string_field(body, "password");
    const std::string address = web.client_address(r);
    const auto claim = web.accounts.claim_sign_in(username, address);
    if (!claim.allowed)
        throw ApiError(429, "too_many_attempts",
                       "Đăng nhập sai nhiều lần; vui lòng thử lại sau " + std::to_string(claim.retry_after_seconds) +
                           " giây.",
                       {{"retry_after", claim.retry_after_seconds}});
    auto session = web.accounts.sign_in(username, password);
    if (!session) throw ApiError(401, "invalid_credentials", "Tên đăng nhập hoặc mật khẩu không đúng.");
    web.accounts.sign_in_succeeded(username, address);
    Response out = json_response(200, web.session_json(session->user, session->csrf_token));
    const bool secure = web.options.tls_proxy || lower_ascii(r.header("x-forwarded-proto")) == "https";
    out.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) + "=" + session->token +
                                               "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                                               std::to_string(kSessionLifetime.count() * 3600) +
                                               (secure ? "; Secure" : ""));
    out.user = username;
    return out;
}

Response create_user(WebContext& web, Request& r) {
    const Session s = web.session_of(r);
    const json body = parse_body(r);
    User u;
    u.username = string_field(body, "username");
    if (u.username.size() < 3 || u.username.size() > 32 || !std::all_of(u.username.begin(), u.username.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        }))
        throw ApiError(400, "invalid_input",
                       "tên đăng nhập gồm 3–32 ký tự a-z, 0-9, dấu chấm, gạch dưới hoặc gạch ngang",
                       {{"field", "username"}});
    u.full_name = string_field(body, "full_name");
    const auto role = parse_role(string_field(body, "role"));
    if (!role)
        throw ApiError(400, "invalid_input",
                       "vai trò phải là admin, province_officer, commune_officer, reviewer hoặc viewer",
                       {{"field", "role"}});
    u.role = *role;
    u.unit_code = string_field(body, "unit_code");
    check_assignment(web, s, u.role, u.unit_code);
    const std::string password = string_field(body, "password");
    check_password(password);
    if (web.accounts.user(u.username)) throw ApiError(409, "conflict", "Tên đăng nhập \"" + u.username + "\" đã có.");
    web.accounts.put_user(u, password, s.user.username);
    return json_response(201, web.user_json(u));
}

Response update_user(WebContext& web, Request& r) {
    const Session s = web.session_of(r);
    const json body = parse_body(r);
    auto before = web.accounts.user(r.param("username"));
    if (!before) not_found("không có người dùng \"" + r.param("username") + "\"");
    if (before->unit_code.empty() ? !s.user.unit_code.empty()
                                  : !web.scope.unit_within(before->unit_code, s.user.unit_code))
        forbidden_scope();
    UserChanges changes;
    if (body.contains("role")) {
        changes.role = parse_role(text_of(body["role"]));
        if (!changes.role) throw ApiError(400, "invalid_input", "vai trò không hợp lệ", {{"field", "role"}});
    }
    std::optional<std::string> password;
    if (body.contains("unit_code")) changes.unit_code = text_of(body["unit_code"]);
    if (body.contains("full_name")) changes.full_name = text_of(body["full_name"]);
    if (body.contains("password")) check_password(*(password = text_of(body["password"])));
    check_assignment(web, s, changes.role.value_or(before->role), changes.unit_code.value_or(before->unit_code));
    if (body.contains("disabled"))
        changes.disabled = body["disabled"].is_boolean() ? body["disabled"].get<bool>() : text_of(body["disabled"]) == "1";
    web.accounts.update_user(before->username, changes, password, s.user.username);
    return json_response(200, web.user_json(*web.accounts.user(before->username)));
}

Response audit(WebContext& web, Request& r) {
    const Session s = web.session_of(r);
    AuditQuery query;
    query.user = r.query_value("user");
    query.household = r.query_value("household");
    query.page = int_param(r, "page", 1, 1, 1000000);
    query.page_size = int_param(r, "page_size", 50, 1, 500);
    const bool full_ids = sees_personal_ids(s.user.role);
    if (!s.user.unit_code.empty()) {
        std::vector<std::string> allowed;
        for (const auto& u : web.accounts.users())
            if (!u.unit_code.empty() && web.scope.unit_within(u.unit_code, s.user.unit_code))
                allowed.push_back(u.username);
        if (!query.user.empty() && std::find(allowed.begin(), allowed.end(), query.user) == allowed.end())
            forbidden_scope();
        // Everything about a household in scope may be seen, whoever wrote it; otherwise only
        // what users of the unit did.
        if (query.household.empty()) query.only_users = std::move(allowed);
    }
    if (!query.household.empty()) (void)web.household_in_scope(*web.stores.borrow(), s, query.household);
    const auto result = web.accounts.audit(query);
    json items = json::array();
    for (const auto& e : result.items) {
        json item = {{"at", e.at}, {"user", e.user}, {"action", e.action}, {"source", e.source}};
        if (!e.household_id.empty()) item["household_id"] = e.household_id;
        if (!e.target.empty()) item["target"] = e.target;
        if (!e.details.is_discarded() && !e.details.empty()) item["details"] = e.details;
        if (!full_ids && item.contains("details") && item["details"].contains("changes"))
            for (auto& change : item["details"]["changes"])
                if (change.value("field", "") == "personal_id")
                    for (const char* side : {"old", "new"}) change[side] = mask_personal_id(change.value(side, ""));
        items.push_back(std::move(item));
    }
    return json_response(200,
                         {{"total", result.total}, {"page", query.page}, {"page_size", query.page_size}, {"items", items}});
}

}  // namespace

void register_routes(Router& router, WebContext& web) {
    router.add({"POST", "/api/v1/session", C::public_access, "Đăng nhập",
                [&web](Request& r) { return sign_in(web, r); }, kNeverHeavy, false});
    router.add({"DELETE", "/api/v1/session", C::signed_in, "Đăng xuất", [&web](Request& r) {
                    web.accounts.sign_out(r.cookie(kSessionCookie));
                    Response out = Response::no_content();
                    out.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) +
                                                               "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
                    return out;
                }, kNeverHeavy, false});
    router.add({"GET", "/api/v1/me", C::signed_in, "Người dùng đang đăng nhập", [&web](Request& r) {
                    const Session s = web.session_of(r);
                    return json_response(200, web.session_json(s.user, s.csrf_token));
                }, kNeverHeavy, false});
    router.add({"GET", "/api/v1/users", C::manage_users, "Danh sách người dùng (trong đơn vị của bạn)",
                [&web](Request& r) {
                    const Session s = web.session_of(r);
                    const std::string unit = web.unit_param(r, s);
                    json out = json::array();
                    for (const auto& u : web.accounts.users())
                        if (unit.empty() || (!u.unit_code.empty() && web.scope.unit_within(u.unit_code, unit)))
                            out.push_back(web.user_json(u));
                    return json_response(200, out);
                },
                kNeverHeavy, true});
    router.add({"POST", "/api/v1/users", C::manage_users, "Tạo người dùng",
                [&web](Request& r) { return create_user(web, r); }, kNeverHeavy, true});
    router.add({"PUT", "/api/v1/users/{username}", C::manage_users, "Sửa người dùng",
                [&web](Request& r) { return update_user(web, r); }, kNeverHeavy, true});
    router.add({"GET", "/api/v1/audit", C::view_audit, "Nhật ký ghi: theo người dùng hoặc theo hộ",
                [&web](Request& r) { return audit(web, r); }, kNeverHeavy, true});
    // A job belongs to the user who started it.
    router.add({"GET", "/api/v1/jobs/{id}", C::signed_in, "Tiến độ một công việc dài", [&web](Request& r) {
                    const Session s = web.session_of(r);
                    const auto job = web.jobs.find(r.param("id"), s.user.username, s.user.role == Role::admin);
                    if (!job) not_found("không có công việc này");
                    return json_response(200, web.jobs.status(*job));
                },
                kNeverHeavy, true});
}

}  // namespace giamngheo::accounts
