// The errors every layer raises on purpose, by kind. A kind says who must act: the user (bad
// input, something missing, a conflict with someone else's change, a right they lack), or
// nobody they can reach (a fault of the system, or a busy one). The server maps kinds to HTTP
// statuses in one place (server/api.cpp), the command line to exit codes (cli/main.cpp); both
// show `message` to the user only when the kind is not `fault`. A fault's message is for the
// log: it may name SQL, paths and library texts, and never reaches a client.
//
// Anything thrown that is not an Error is a fault too.
#pragma once

#include <stdexcept>
#include <string>

namespace giamngheo {

enum class ErrorKind {
    invalid_input,    // a value or file the user gave is wrong; `field` names it when there is one
    not_found,        // what the user asked for does not exist (or is not theirs to know of)
    conflict,         // the change clashes with the stored state (a duplicate, an order of steps)
    stale_version,    // the user edited an old version of a record
    forbidden,        // the user may not do this, or not on this unit
    unauthenticated,  // nobody is signed in
    busy,             // the system is busy or locked by other work; the same request may succeed later
    fault,            // the system failed: disk, database, a bug
};

[[nodiscard]] const char* to_string(ErrorKind kind);

class Error : public std::runtime_error {
  public:
    // `code`: a stable identifier for programs (snake_case), `message`: Vietnamese for people.
    Error(ErrorKind kind, std::string code, const std::string& message, std::string field = {})
        : std::runtime_error(message), kind_(kind), code_(std::move(code)), field_(std::move(field)) {}

    [[nodiscard]] ErrorKind kind() const { return kind_; }
    [[nodiscard]] const std::string& code() const { return code_; }
    [[nodiscard]] const std::string& field() const { return field_; }

  private:
    ErrorKind kind_;
    std::string code_;
    std::string field_;
};

[[noreturn]] void throw_invalid_input(const std::string& message, const std::string& field = {});
[[noreturn]] void throw_not_found(const std::string& message);
[[noreturn]] void throw_conflict(const std::string& message);
[[noreturn]] void throw_busy(const std::string& message);
// `detail` is for the log only.
[[noreturn]] void throw_fault(const std::string& detail);

}  // namespace giamngheo
