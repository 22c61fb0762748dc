// Routes of the session, users, units and standards (docs/API.md).
#include "server/api_state.hpp"

namespace giamngheo::server {

void Api::State::register_session_routes(Api& api) {
    State& st = *this;

    add("GET", "/healthz", "Máy chủ đang chạy", [](Request&) {
        return json_response(200, {{"status", "ok"}});
    });
    add("GET", "/api/v1/openapi.json", "Tài liệu OpenAPI 3 của API này",
        [&api](Request&) { return json_response(200, api.openapi()); });

    // ---- session and users ----
    add("POST", "/api/v1/session", "Đăng nhập", [&st](Request& r) {
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
        const std::string username = string_field(body, "username"),
                          password = string_field(body, "password");
        // Behind the TLS proxy every request comes from the proxy: count the client it names.
        std::string address = r.remote_address;
        if (const std::string forwarded = r.header("x-forwarded-for"); st.options.tls_proxy) {
            const auto last = forwarded.find_first_not_of(' ', forwarded.find_last_of(',') + 1);
            if (last != std::string::npos) address = forwarded.substr(last);
        }
        const auto claim = st.accounts.claim_sign_in(username, address);
        if (!claim.allowed)
            throw ApiError(429, "too_many_attempts",
                           "Đăng nhập sai nhiều lần; vui lòng thử lại sau " + std::to_string(claim.retry_after_seconds) +
                               " giây.",
                           {{"retry_after", claim.retry_after_seconds}});
        auto session = st.accounts.sign_in(username, password);
        if (!session) throw ApiError(401, "invalid_credentials", "Tên đăng nhập hoặc mật khẩu không đúng.");
        st.accounts.sign_in_succeeded(username, address);
        Response out =
            json_response(200, {{"user", st.user_json(session->user)}, {"csrf_token", session->csrf_token}});
        const bool secure = st.options.tls_proxy || lower_ascii(r.header("x-forwarded-proto")) == "https";
        out.headers.emplace_back("Set-Cookie", std::string(kCookie) + "=" + session->token +
                                                   "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                                                   std::to_string(Accounts::kSessionLifetime.count() * 3600) +
                                                   (secure ? "; Secure" : ""));
        out.user = username;
        return out;
    });
    add("DELETE", "/api/v1/session", "Đăng xuất", [&st](Request& r) {
        st.accounts.sign_out(r.cookie(kCookie));
        Response out = Response::no_content();
        out.headers.emplace_back("Set-Cookie",
                                 std::string(kCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        return out;
    });
    add("GET", "/api/v1/me", "Người dùng đang đăng nhập", [&st](Request& r) {
        const Session s = st.session_of(r);
        return json_response(200, {{"user", st.user_json(s.user)}, {"csrf_token", s.csrf_token}});
    });
    add("GET", "/api/v1/users", "Danh sách người dùng (trong đơn vị của bạn)", [&st](Request& r) {
        const Session s = st.session_of(r);
        const std::string unit = st.unit_param(r, s);
        json out = json::array();
        for (const auto& u : st.accounts.users())
            if (unit.empty() || (!u.unit_code.empty() && st.scope->unit_within(u.unit_code, unit)))
                out.push_back(st.user_json(u));
        return json_response(200, out);
    });
    auto check_assignment = [&st](const Session& s, Role role, const std::string& unit) {
        if (role == Role::admin && s.user.role != Role::admin)
            throw ApiError(403, "forbidden_role", "Chỉ quản trị hệ thống mới tạo được tài khoản quản trị.");
        if (unit.empty() && role != Role::admin) bad_request("cần mã đơn vị (unit_code) cho vai trò này");
        if (!unit.empty() && !st.units.contains(unit))
            bad_request("không có đơn vị hành chính \"" + unit + "\"");
        if (unit.empty() ? !s.user.unit_code.empty() : !st.scope->unit_within(unit, s.user.unit_code))
            forbidden_scope();
    };
    auto check_password = [](const std::string& password) {
        if (password.size() < 10) bad_request("mật khẩu cần ít nhất 10 ký tự");
    };
    add("POST", "/api/v1/users", "Tạo người dùng", [&st, check_assignment, check_password](Request& r) {
        const Session s = st.session_of(r);
        const json body = parse_body(r);
        User u;
        u.username = string_field(body, "username");
        if (u.username.size() < 3 || u.username.size() > 32 ||
            !std::all_of(u.username.begin(), u.username.end(), [](char c) {
                return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
            }))
            bad_request("tên đăng nhập gồm 3–32 ký tự a-z, 0-9, dấu chấm, gạch dưới hoặc gạch ngang");
        u.full_name = string_field(body, "full_name");
        const auto role = parse_role(string_field(body, "role"));
        if (!role)
            bad_request("vai trò phải là admin, province_officer, commune_officer, reviewer hoặc viewer");
        u.role = *role;
        u.unit_code = string_field(body, "unit_code");
        check_assignment(s, u.role, u.unit_code);
        const std::string password = string_field(body, "password");
        check_password(password);
        if (st.accounts.user(u.username))
            throw ApiError(409, "conflict", "Tên đăng nhập \"" + u.username + "\" đã có.");
        st.accounts.put_user(u, password, s.user.username);
        return json_response(201, st.user_json(u));
    });
    add("PUT", "/api/v1/users/{username}", "Sửa người dùng",
        [&st, check_assignment, check_password](Request& r) {
            const Session s = st.session_of(r);
            const json body = parse_body(r);
            auto before = st.accounts.user(r.param("username"));
            if (!before) not_found("không có người dùng \"" + r.param("username") + "\"");
            if (before->unit_code.empty() ? !s.user.unit_code.empty()
                                          : !st.scope->unit_within(before->unit_code, s.user.unit_code))
                forbidden_scope();
            std::optional<Role> role;
            if (body.contains("role")) {
                role = parse_role(text_of(body["role"]));
                if (!role) bad_request("vai trò không hợp lệ");
            }
            std::optional<std::string> unit, full_name, password;
            if (body.contains("unit_code")) unit = text_of(body["unit_code"]);
            if (body.contains("full_name")) full_name = text_of(body["full_name"]);
            if (body.contains("password")) check_password(*(password = text_of(body["password"])));
            check_assignment(s, role.value_or(before->role), unit.value_or(before->unit_code));
            std::optional<bool> disabled;
            if (body.contains("disabled"))
                disabled = body["disabled"].is_boolean() ? body["disabled"].get<bool>()
                                                         : text_of(body["disabled"]) == "1";
            st.accounts.update_user(before->username, full_name, role, unit, password, disabled,
                                    s.user.username);
            return json_response(200, st.user_json(*st.accounts.user(before->username)));
        });

    // ---- units and standards ----
    auto unit_json = [&st](const UnitVersion& u) {
        return json{{"code", u.code},
                    {"name", u.name},
                    {"full_name", u.full_name},
                    {"type", u.type},
                    {"level", to_string(u.level)},
                    {"parent_code", u.parent_code},
                    {"area", u.level == UnitLevel::commune ? st.options.env.area_rules().area_of(u) : ""},
                    {"map", static_cast<int>(u.map)}};
    };
    add("GET", "/api/v1/units", "Các đơn vị con của một đơn vị (không có parent: các tỉnh)",
        [&st, unit_json](Request& r) {
            st.session_of(r);
            const UnitMap map = map_param(r).value_or(UnitCatalogue::map_at(st.options.env.today));
            const std::string parent = r.query_value("parent");
            json out = json::array();
            for (UnitLevel level : {UnitLevel::province, UnitLevel::district, UnitLevel::commune})
                for (const auto* u : st.units.units(map, level, st.options.env.today))
                    if (u->parent_code == parent) out.push_back(unit_json(*u));
            return json_response(200, out);
        });
    add("GET", "/api/v1/units/{code}", "Một đơn vị và các cấp trên", [&st, unit_json](Request& r) {
        st.session_of(r);
        const std::string code = r.param("code");
        const auto map = map_param(r) ? map_param(r) : st.units.map_of(code, st.options.env.today);
        const UnitVersion* u = map ? st.units.find(code, *map, st.options.env.today) : nullptr;
        if (!u) not_found("không có đơn vị hành chính \"" + code + "\"");
        json out = unit_json(*u);
        out["ancestors"] = json::array();
        for (const UnitVersion* p = st.units.find(u->parent_code, u->map); p;
             p = st.units.find(p->parent_code, p->map))
            out["ancestors"].insert(out["ancestors"].begin(), unit_json(*p));
        return json_response(200, out);
    });
    add("GET", "/api/v1/standards", "Các chuẩn nghèo", [&st](Request& r) {
        st.session_of(r);
        json out = json::array();
        for (const auto& id : st.options.env.standard_ids()) {
            const Standard s = app::standard_from_document(st.options.env.standard_document(id));
            json indicators = json::array();
            for (const auto& rule : s.indicators)
                indicators.push_back({{"key", rule.key}, {"name", rule.name}, {"dimension", rule.dimension}});
            out.push_back({{"id", s.id}, {"name", s.name}, {"status", s.status}, {"indicators", indicators}});
        }
        return json_response(200, out);
    });
}

}  // namespace giamngheo::server
