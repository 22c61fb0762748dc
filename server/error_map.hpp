// The one place where an error becomes an HTTP answer. An ApiError carries its own status; an
// Error (core/errors.hpp) is mapped by its kind; anything else, and every `fault`, is a 500 with
// a generic Vietnamese message and the request's id, its details written to the error log only.
// No SQL, path or library text reaches a client.
#pragma once

#include <exception>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>

#include "kernel/errors.hpp"
#include "server/errors.hpp"

namespace giamngheo::server {

// One JSON line per server fault; thread-safe. nullptr: faults are not logged.
class ErrorLog {
  public:
    explicit ErrorLog(std::ostream* out) : out_(out) {}
    void fault(const std::string& request_id, std::string_view where, std::string_view detail);

  private:
    std::ostream* out_;
    std::mutex mutex_;
};

[[nodiscard]] int http_status(ErrorKind kind);

// `where`: what was being done ("GET /api/v1/households/H1", "job import"), for the log.
[[nodiscard]] ApiError to_api_error(const std::exception_ptr& error, const std::string& request_id,
                                    std::string_view where, ErrorLog& log);

inline constexpr const char* kFaultMessage =
    "Lỗi máy chủ; vui lòng thử lại sau. Nếu lỗi lặp lại, hãy báo quản trị hệ thống kèm mã yêu cầu.";

}  // namespace giamngheo::server
