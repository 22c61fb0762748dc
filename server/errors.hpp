// The errors a handler raises on purpose. The dispatcher (server/api.cpp) is the one place that
// turns them, and every other exception, into an HTTP status and the JSON error body of
// docs/API.md: {"error": {"code", "message" (Vietnamese), "details"?}} plus any extra members.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace giamngheo::server {

class ApiError : public std::runtime_error {
  public:
    ApiError(int status, std::string code, const std::string& message, nlohmann::json extra = nullptr)
        : std::runtime_error(message), status_(status), code_(std::move(code)), extra_(std::move(extra)) {}
    [[nodiscard]] int status() const { return status_; }
    [[nodiscard]] const std::string& code() const { return code_; }
    // Members added beside "error" (e.g. "current" on 412, "problems" on 422).
    [[nodiscard]] const nlohmann::json& extra() const { return extra_; }

  private:
    int status_;
    std::string code_;
    nlohmann::json extra_;
};

[[noreturn]] inline void bad_request(const std::string& message) {
    throw ApiError(400, "invalid_input", message);
}
[[noreturn]] inline void not_found(const std::string& message) { throw ApiError(404, "not_found", message); }
[[noreturn]] inline void forbidden_scope() {
    throw ApiError(403, "outside_scope", "Dữ liệu này nằm ngoài đơn vị bạn được giao.");
}

}  // namespace giamngheo::server
