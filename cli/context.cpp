#include "cli/context.hpp"

#include <iostream>

#include "kernel/errors.hpp"

namespace giamngheo::cli {

int report_error(const std::exception& error) {
    const auto* typed = dynamic_cast<const Error*>(&error);
    const ErrorKind kind = typed ? typed->kind() : ErrorKind::fault;
    // The operator of the command line runs it on their own machine: a fault's details help them.
    std::cerr << (kind == ErrorKind::fault ? "Lỗi hệ thống: " : "Lỗi: ") << error.what() << "\n";
    switch (kind) {
        case ErrorKind::invalid_input:
            return kExitInvalidInput;
        case ErrorKind::not_found:
            return kExitNotFound;
        case ErrorKind::conflict:
        case ErrorKind::stale_version:
        case ErrorKind::forbidden:
        case ErrorKind::unauthenticated:
            return kExitConflict;
        case ErrorKind::busy:
            return kExitBusy;
        case ErrorKind::fault:
            return kExitFault;
    }
    return kExitFault;
}

}  // namespace giamngheo::cli
