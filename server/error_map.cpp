#include "server/error_map.hpp"

#include <nlohmann/json.hpp>

namespace giamngheo::server {

void ErrorLog::fault(const std::string& request_id, std::string_view where, std::string_view detail) {
    if (!out_) return;
    const nlohmann::json line = {{"level", "error"}, {"request_id", request_id}, {"where", where}, {"detail", detail}};
    const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    std::lock_guard lock(mutex_);
    *out_ << text << std::flush;
}

int http_status(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::invalid_input:
            return 400;
        case ErrorKind::not_found:
            return 404;
        case ErrorKind::conflict:
            return 409;
        case ErrorKind::stale_version:
            return 412;
        case ErrorKind::forbidden:
            return 403;
        case ErrorKind::unauthenticated:
            return 401;
        case ErrorKind::busy:
            return 503;
        case ErrorKind::fault:
            return 500;
    }
    return 500;
}

ApiError to_api_error(const std::exception_ptr& error, const std::string& request_id, std::string_view where,
                      ErrorLog& log) {
    auto fault = [&](std::string_view detail) {
        log.fault(request_id, where, detail);
        return ApiError(500, "internal", kFaultMessage, {{"request_id", request_id}});
    };
    try {
        std::rethrow_exception(error);
    } catch (const ApiError& e) {
        return e;
    } catch (const Error& e) {
        if (e.kind() == ErrorKind::fault) return fault(e.what());
        nlohmann::json extra = nlohmann::json::object();
        if (!e.field().empty()) extra["field"] = e.field();
        return ApiError(http_status(e.kind()), e.code() == "invalid_input" ? "invalid_input" : e.code(), e.what(),
                        extra.empty() ? nlohmann::json(nullptr) : extra);
    } catch (const nlohmann::json::exception& e) {
        // A body of the wrong shape is the client's doing, but the library's text is not for them.
        log.fault(request_id, where, e.what());
        return ApiError(400, "invalid_input", "Dữ liệu JSON không hợp lệ hoặc có trường sai kiểu.");
    } catch (const std::exception& e) {
        return fault(e.what());
    } catch (...) {
        return fault("unknown exception");
    }
}

}  // namespace giamngheo::server
