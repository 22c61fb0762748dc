// Users, sign-in, sessions and the audit log of the web application, over the accounts store
// (modules/accounts/ports/account_store.hpp). Passwords are argon2id hashes (libsodium); a
// session is a random token of which the store keeps only a hash, with its own CSRF token.
// Thread-safe: the store is used behind a lock; sessions are kept in memory for a few seconds
// and then read again, so that a change made by another server process takes effect.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "modules/accounts/domain/accounts.hpp"
#include "modules/accounts/ports/account_store.hpp"

namespace giamngheo::accounts {

// Throws Error (fault) when libsodium cannot start.
void initialise_crypto();
[[nodiscard]] std::string random_token(std::size_t bytes = 32);  // URL-safe base64
[[nodiscard]] std::string hash_password(const std::string& password);
[[nodiscard]] bool verify_password(const std::string& hash, const std::string& password);

class Accounts {
  public:
    explicit Accounts(std::unique_ptr<store::AccountStore> store);

    // Creates the user, or replaces every field and the password of an existing one (ending its
    // sessions). Audited as done by `actor`.
    void put_user(const User& user, const std::string& password, const std::string& actor);
    [[nodiscard]] std::optional<User> user(const std::string& username);
    [[nodiscard]] std::vector<User> users();
    // Applies the changes (a new password is hashed here) and ends the user's sessions; returns
    // the user as it was before (nullopt: no such user).
    std::optional<User> update_user(const std::string& username, UserChanges changes,
                                    const std::optional<std::string>& password, const std::string& actor);

    // A new session for valid credentials of an enabled user; nullopt otherwise. Takes as long for
    // an unknown name as for a known one.
    std::optional<Session> sign_in(const std::string& username, const std::string& password);
    [[nodiscard]] std::optional<Session> session(const std::string& token);
    void sign_out(const std::string& token);

    // Sign-in attempts are throttled before the password is checked (kSignInPolicies), in the
    // store, so that every server process and a restart see the same counts.
    [[nodiscard]] SignInClaim claim_sign_in(const std::string& username, const std::string& address);
    void sign_in_succeeded(const std::string& username, const std::string& address);

    [[nodiscard]] AuditPage audit(const AuditQuery& query);

  private:
    struct Cached {
        Session session;
        std::chrono::steady_clock::time_point read_at;
    };
    static constexpr std::chrono::seconds kSessionRecheck{5};

    std::mutex mutex_;
    std::unique_ptr<store::AccountStore> store_;
    std::unordered_map<std::string, Cached> cache_;  // by token hash
};

}  // namespace giamngheo::accounts
