#include "server/api.hpp"

#include "server/api_state.hpp"
#include "server/error_map.hpp"

namespace giamngheo::server {

void Api::State::register_routes(Api& api) {
    register_session_routes(api);
    register_household_routes();
    register_round_routes();
    register_import_routes();
    register_plan_routes();
}

Api::Api(ApiOptions options) : state_(std::make_unique<State>(std::move(options))) {
    state_->register_routes(*this);
    // The household list's index takes seconds for a national registry: build it now rather than
    // on the first officer's request. A failure here is met again, and reported, by that request.
    state_->spawn([st = state_.get()] {
        try {
            st->ensure_index();
        } catch (const std::exception&) {
        }
    });
}

Api::~Api() = default;

const Router& Api::router() const { return state_->router; }

Accounts& Api::accounts() { return state_->accounts; }

bool Api::is_heavy(const Request& request) const {
    Request probe;  // method and path only: the router fills in parameters, and bodies are large
    probe.method = request.method;
    probe.path = request.path;
    const auto match = state_->router.match(probe);
    return match.route && match.route->heavy;
}

Response Api::handle(Request& request) {
    State& st = *state_;
    const std::string request_id = random_token(9);
    std::string user;
    Response response;
    try {
        response = st.dispatch(request, user);
    } catch (...) {
        response = error_response(
            to_api_error(std::current_exception(), request_id, request.method + " " + request.path, st.error_log));
    }
    if (response.user.empty()) response.user = user;
    response.headers.emplace_back("X-Request-Id", request_id);
    if (!response.cacheable) response.headers.emplace_back("Cache-Control", "no-store");
    add_security_headers(response, st.options.tls_proxy);
    return response;
}

Response Api::State::dispatch(Request& request, std::string& user) {
    const bool api = request.path == "/healthz" || request.path.rfind("/api/", 0) == 0;
    if (!api) {
        if (request.method == "GET" || request.method == "HEAD")
            if (auto file = serve_static(options.static_dir, request.path)) {
                file->cacheable = true;
                return *file;
            }
        throw ApiError(404, "not_found", "Không tìm thấy trang này.");
    }
    const auto match = router.match(request);
    if (!match.route) {
        if (match.allowed.empty()) throw ApiError(404, "not_found", "Không có địa chỉ API này.");
        std::string allow;
        for (const auto& method : match.allowed) allow += (allow.empty() ? "" : ", ") + method;
        Response refused = error_response(
            ApiError(405, "method_not_allowed", "Phương thức này không dùng được ở địa chỉ này."));
        refused.headers.emplace_back("Allow", allow);
        return refused;
    }
    const Route& route = *match.route;
    std::optional<Session> session;
    if (route.capability != Capability::public_access) {
        session = session_of(request);
        user = session->user.username;
        if (!has_capability(session->user.role, route.capability))
            throw ApiError(403, "forbidden_role",
                           "Vai trò " + std::string(vietnamese_name(session->user.role)) + " không được làm việc này.");
        if (is_write(request.method) && request.header("x-csrf-token") != session->csrf_token)
            throw ApiError(403, "csrf", "Thiếu hoặc sai mã chống giả mạo (X-CSRF-Token); hãy tải lại trang.");
    }
    struct Current {
        explicit Current(const Session* s) { t_session = s; }
        ~Current() { t_session = nullptr; }
    } current(session ? &*session : nullptr);
    return route.handler(request);
}

json Api::openapi() const {
    json paths = json::object();
    for (const auto& route : state_->router.routes()) {
        json operation = {
            {"summary", route.summary},
            {"x-capability", to_string(route.capability)},
            {"responses", {{"200", {{"description", "OK"}}}, {"default", {{"description", "Lỗi"}}}}}};
        json parameters = json::array();
        std::size_t at = 0;
        while ((at = route.pattern.find('{', at)) != std::string::npos) {
            const auto end = route.pattern.find('}', at);
            parameters.push_back({{"name", route.pattern.substr(at + 1, end - at - 1)},
                                  {"in", "path"},
                                  {"required", true},
                                  {"schema", {{"type", "string"}}}});
            at = end;
        }
        if (!parameters.empty()) operation["parameters"] = parameters;
        if (route.capability != Capability::public_access)
            operation["security"] = json::array({{{"cookieAuth", json::array()}}});
        std::string method = route.method;
        for (auto& c : method) c = static_cast<char>(c - 'A' + 'a');
        paths[route.pattern][method] = operation;
    }
    return {
        {"openapi", "3.0.3"},
        {"info",
         {{"title", "giamngheo API"},
          {"version", "1"},
          {"description", "API của hệ thống quản lý giảm nghèo bền vững (docs/API.md)"}}},
        {"paths", paths},
        {"components",
         {{"securitySchemes", {{"cookieAuth", {{"type", "apiKey"}, {"in", "cookie"}, {"name", kCookie}}}}}}}};
}

}  // namespace giamngheo::server
