// Users, sessions, failed sign-in throttling and the audit log of the web application, kept in
// the registry's database (migration 3). Passwords are argon2id hashes (libsodium); a session
// is a random token of which only a hash is stored, with its own random CSRF token.
// Thread-safe: one connection behind a mutex (these tables are small and hot rows are cached).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/sqlite.hpp"

namespace giamngheo::server {

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

struct Session {
    std::string token;  // only in memory and in the cookie; the table keeps its hash
    std::string csrf_token;
    User user;
    std::chrono::system_clock::time_point expires;
};

struct AuditEvent {
    std::string at;
    std::string user;
    std::string action;  // household.edit, households.import, round.run, round.approve, user.create ...
    std::string source;
    std::string household_id;
    std::string target;
    nlohmann::json details;  // old → new where it applies
};

struct AuditPage {
    long total = 0;
    std::vector<AuditEvent> items;
};

// Throws std::runtime_error when libsodium cannot start.
void initialise_crypto();
[[nodiscard]] std::string random_token(std::size_t bytes = 32);  // URL-safe base64
[[nodiscard]] std::string hash_password(const std::string& password);
[[nodiscard]] bool verify_password(const std::string& hash, const std::string& password);

class Accounts {
  public:
    // Opens the tables in the SQLite file at `path` (the schema is brought up to date by
    // store::open_sqlite_store, which the caller has already run).
    explicit Accounts(const std::string& path);

    // Creates the user, or replaces every field and the password of an existing one (ending its
    // sessions). Recorded in the audit as done by `actor`.
    void put_user(const User& user, const std::string& password, const std::string& actor);
    [[nodiscard]] std::optional<User> user(const std::string& username);
    [[nodiscard]] std::vector<User> users();
    // Applies the given changes (recorded in the audit as done by `actor`) and ends the user's
    // sessions; returns the user as it was before (nullopt: no such user).
    std::optional<User> update_user(const std::string& username, const std::optional<std::string>& full_name,
                                    const std::optional<Role>& role,
                                    const std::optional<std::string>& unit_code,
                                    const std::optional<std::string>& password,
                                    const std::optional<bool>& disabled, const std::string& actor);

    // A new session for valid credentials of an enabled user; nullopt otherwise (the caller throttles).
    std::optional<Session> sign_in(const std::string& username, const std::string& password);
    [[nodiscard]] std::optional<Session> session(const std::string& token);
    void sign_out(const std::string& token);

    // Sign-in attempts are throttled before the password is checked, by account and address
    // together, by account and by address (SignInPolicy), in the database so that every server
    // process and a restart see the same counts. A claim counts as a failure until
    // sign_in_succeeded says otherwise, so parallel guesses cannot slip past the count.
    struct Claim {
        bool allowed = true;
        long retry_after_seconds = 0;  // when refused
    };
    [[nodiscard]] Claim claim_sign_in(const std::string& username, const std::string& address);
    void sign_in_succeeded(const std::string& username, const std::string& address);
    // Newest first, `page` from 1. Empty `user` / `household`: no restriction by them; `only_users`
    // (when given) keeps events by those users. Writes made outside the web application (the
    // store's change sets, e.g. from the command line) are included.
    [[nodiscard]] AuditPage audit(const std::string& user, const std::string& household,
                                  const std::vector<std::string>* only_users, long page, long page_size);

    static constexpr std::chrono::hours kSessionLifetime{12};

  private:
    // Both expect mutex_ held.
    void drop_sessions_of(const std::string& username);
    void insert_event(const AuditEvent& event, std::optional<std::int64_t> change_set);

    std::mutex mutex_;
    store::sqlite::Database db_;
    std::unordered_map<std::string, Session> cache_;  // by token hash
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

}  // namespace giamngheo::server
