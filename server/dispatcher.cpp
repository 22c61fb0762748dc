#include "server/dispatcher.hpp"

#include <stdexcept>

#include "server/http_helpers.hpp"
#include "server/openapi.hpp"
#include "server/static_files.hpp"

namespace giamngheo::server {

Dispatcher::Dispatcher(DispatcherOptions options, Gatekeeper& gate, ErrorLog& log)
    : options_(std::move(options)), gate_(gate), log_(log) {}

void Dispatcher::add_server_routes() {
    router_.add({"GET", "/healthz", Capability::public_access, "Máy chủ đang chạy",
                 [](Request&) { return json_response(200, {{"status", "ok"}}); }, kNeverHeavy, false});
    router_.add({"GET", "/api/v1/openapi.json", Capability::public_access, "Tài liệu OpenAPI 3 của API này",
                 [this](Request&) { return json_response(200, openapi()); }, kNeverHeavy, false});
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

void Dispatcher::use_schemas(nlohmann::json schemas) {
    const auto problems = api_schema_problems(router_.routes(), schemas);
    if (!problems.empty()) {
        std::string text = "the API schemas (data/api/) do not match the routes:";
        for (const auto& problem : problems) text += "\n  " + problem;
        throw std::logic_error(text);
    }
    schemas_ = std::move(schemas);
}

json Dispatcher::openapi() const { return openapi_document(router_.routes(), schemas_); }

}  // namespace giamngheo::server
