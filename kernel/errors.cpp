#include "kernel/errors.hpp"

namespace giamngheo {

const char* to_string(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::invalid_input:
            return "invalid_input";
        case ErrorKind::not_found:
            return "not_found";
        case ErrorKind::conflict:
            return "conflict";
        case ErrorKind::stale_version:
            return "stale_version";
        case ErrorKind::forbidden:
            return "forbidden";
        case ErrorKind::unauthenticated:
            return "unauthenticated";
        case ErrorKind::busy:
            return "busy";
        case ErrorKind::fault:
            return "fault";
    }
    return "fault";
}

void throw_invalid_input(const std::string& message, const std::string& field) {
    throw Error(ErrorKind::invalid_input, "invalid_input", message, field);
}
void throw_not_found(const std::string& message) { throw Error(ErrorKind::not_found, "not_found", message); }
void throw_conflict(const std::string& message) { throw Error(ErrorKind::conflict, "conflict", message); }
void throw_busy(const std::string& message) { throw Error(ErrorKind::busy, "busy", message); }
void throw_fault(const std::string& detail) { throw Error(ErrorKind::fault, "internal", detail); }

}  // namespace giamngheo
