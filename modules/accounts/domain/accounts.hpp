// The people who use the system: their role and unit, their sessions, the audit log they leave,
// and how sign-in attempts slow down. Pure.
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace giamngheo::accounts {

enum class Role { admin, province_officer, commune_officer, reviewer, viewer };
inline constexpr Role kRoles[] = {Role::admin, Role::province_officer, Role::commune_officer, Role::reviewer,
                                  Role::viewer};
[[nodiscard]] const char* to_string(Role role);
[[nodiscard]] std::optional<Role> parse_role(const std::string& text);
[[nodiscard]] const char* vietnamese_name(Role role);

struct User {
    std::string username;
    std::string full_name;
    Role role = Role::viewer;
    std::string unit_code;  // empty: the whole country (administrators)
    bool disabled = false;
};
// A user as the audit log records it (without the name, which is the entry's target).
[[nodiscard]] nlohmann::json audit_json(const User& user);

// Changes to a user; nullopt leaves a field as it is.
struct UserChanges {
    std::optional<std::string> full_name;
    std::optional<Role> role;
    std::optional<std::string> unit_code;
    std::optional<std::string> password_hash;
    std::optional<bool> disabled;
};

struct Session {
    std::string token;  // only in memory and in the cookie; the store keeps its hash
    std::string csrf_token;
    User user;
    std::chrono::system_clock::time_point expires;
};
inline constexpr std::chrono::hours kSessionLifetime{12};

struct AuditEvent {
    std::string at;
    std::string user;
    std::string action;  // household.edit, households.import, round.run, round.approve, user.create ...
    std::string source;
    std::string household_id;
    std::string target;
    nlohmann::json details;  // old → new where it applies
};

struct AuditQuery {
    std::string user;       // empty: anyone's
    std::string household;  // empty: about anything
    std::optional<std::vector<std::string>> only_users;  // keep events by these users
    long page = 1;
    long page_size = 50;
};

struct AuditPage {
    long total = 0;
    std::vector<AuditEvent> items;
};

// How sign-in attempts slow down: after `free_failures` failures of one key, each further
// attempt waits 2^(failures - free_failures) seconds, at most `max_delay_seconds`. The delays
// slow a guesser down without ever locking the right password out for long: the real user is
// held back at most a minute by guesses from elsewhere.
struct SignInPolicy {
    const char* key_kind;  // "pair" (account and address), "user", "address"
    int free_failures;
    long max_delay_seconds;
};
inline constexpr SignInPolicy kSignInPolicies[] = {{"pair", 3, 300}, {"user", 10, 60}, {"address", 30, 60}};
[[nodiscard]] std::string throttle_key(const SignInPolicy& policy, const std::string& username,
                                       const std::string& address);
// Seconds the next attempt waits after `failures` failures of a key under `policy`.
[[nodiscard]] long delay_after(const SignInPolicy& policy, std::int64_t failures);

struct SignInClaim {
    bool allowed = true;
    long retry_after_seconds = 0;  // when refused
};

}  // namespace giamngheo::accounts
