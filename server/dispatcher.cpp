#include "server/dispatcher.hpp"

#include "server/http_helpers.hpp"
#include "server/static_files.hpp"

namespace giamngheo::server {

Dispatcher::Dispatcher(DispatcherOptions options, Gatekeeper& gate, ErrorLog& log)
    : options_(std::move(options)), gate_(gate), log_(log) {}

void Dispatcher::add_server_routes() {
    router_.add({"GET", "/healthz", Capability::public_access, "Máy chủ đang chạy",
                 [](Request&) { return json_response(200, {{"status", "ok"}}); }});
    router_.add({"GET", "/api/v1/openapi.json", Capability::public_access, "Tài liệu OpenAPI 3 của API này",
                 [this](Request&) { return json_response(200, openapi()); }});
}

Response Dispatcher::handle(Request& request) {
    const std::string id = random_hex(9);
    std::string user;
    Response response;
    try {
        response = dispatch(request, user);
    } catch (...) {
        response = error_response(to_api_error(std::current_exception(), id, request.method + " " + request.path, log_));
    }
    if (response.user.empty()) response.user = user;
    response.headers.emplace_back("X-Request-Id", id);
    if (!response.cacheable) response.headers.emplace_back("Cache-Control", "no-store");
    add_security_headers(response, options_.tls_proxy);
    return response;
}

Response Dispatcher::dispatch(Request& request, std::string& user) {
    const bool api = request.path == "/healthz" || request.path.rfind("/api/", 0) == 0;
    if (!api) {
        if (request.method == "GET" || request.method == "HEAD")
            if (auto file = serve_static(options_.static_dir, request.path)) {
                file->cacheable = true;
                return *file;
            }
        throw ApiError(404, "not_found", "Không tìm thấy trang này.");
    }
    const auto match = router_.match(request);
    if (!match.route) {
        if (match.allowed.empty()) throw ApiError(404, "not_found", "Không có địa chỉ API này.");
        std::string allow;
        for (const auto& method : match.allowed) allow += (allow.empty() ? "" : ", ") + method;
        Response refused =
            error_response(ApiError(405, "method_not_allowed", "Phương thức này không dùng được ở địa chỉ này."));
        refused.headers.emplace_back("Allow", allow);
        return refused;
    }
    user = gate_.admit(request, *match.route);
    return match.route->handler(request);
}

bool Dispatcher::is_heavy(const Request& request) const {
    Request probe = request;  // the router fills in parameters on its own copy
    probe.body.clear();
    const auto match = router_.match(probe);
    return match.route && match.route->heavy && match.route->heavy(probe);
}

json Dispatcher::openapi() const {
    json paths = json::object();
    for (const auto& route : router_.routes()) {
        json operation = {{"summary", route.summary},
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
        paths[route.pattern][lower_ascii(route.method)] = operation;
    }
    return {{"openapi", "3.0.3"},
            {"info",
             {{"title", "giamngheo API"},
              {"version", "1"},
              {"description", "API của hệ thống quản lý giảm nghèo bền vững (docs/API.md)"}}},
            {"paths", paths},
            {"components",
             {{"securitySchemes", {{"cookieAuth", {{"type", "apiKey"}, {"in", "cookie"}, {"name", kSessionCookie}}}}}}}};
}

}  // namespace giamngheo::server
