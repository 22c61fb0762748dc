// Storage of users, sessions, the audit log and sign-in throttling, implemented by every backend
// (storage/). Every write is atomic and writes its audit entry in the same transaction. Not
// thread-safe: one object per thread (the service holds one behind a lock).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kernel/actor.hpp"
#include "modules/accounts/domain/accounts.hpp"

namespace giamngheo::store {

struct StoredUser {
    accounts::User user;
    std::string password_hash;
};

struct StoredSession {
    std::string csrf_token;
    std::string expires_at;  // ISO 8601, UTC
    accounts::User user;
};

class AccountStore {
public:
    virtual ~AccountStore() = default;

    // Creates the user, or replaces every field and the password of an existing one; ends its
    // sessions; audited as user.create / user.update by `actor`. Returns the user as it was.
    virtual std::optional<accounts::User> put_user(const accounts::User& user, const std::string& password_hash,
                                                   const Actor& actor) = 0;
    // Applies `changes`, ends the user's sessions, audited as user.update. nullopt: no such user;
    // otherwise the user as it was and as it is.
    virtual std::optional<std::pair<accounts::User, accounts::User>> update_user(
        const std::string& username, const accounts::UserChanges& changes, const Actor& actor) = 0;
    [[nodiscard]] virtual std::optional<StoredUser> find_user(const std::string& username) = 0;
    [[nodiscard]] virtual std::vector<accounts::User> users() = 0;

    virtual void add_session(const std::string& token_hash, const std::string& username, const std::string& csrf_token,
                             const std::string& expires_at) = 0;
    [[nodiscard]] virtual std::optional<StoredSession> find_session(const std::string& token_hash) = 0;
    virtual void remove_session(const std::string& token_hash) = 0;

    // Counts an attempt against every key of kSignInPolicies for this name and address, unless one
    // of them must still wait (then nothing is counted): one step, whatever other processes do.
    [[nodiscard]] virtual accounts::SignInClaim claim_sign_in(const std::string& username, const std::string& address,
                                                              std::int64_t now_ms) = 0;
    // The attempt was right: the name's keys are cleared, the address's claim taken back.
    virtual void sign_in_succeeded(const std::string& username, const std::string& address) = 0;

    // Newest first. Writes made outside the web application (the store's change sets, e.g. from
    // the command line) are included.
    [[nodiscard]] virtual accounts::AuditPage audit(const accounts::AuditQuery& query) = 0;
    // Appends events recorded in another store, as they were (time, user, source, household,
    // target, details), all in one transaction or none, tied to none of this store's change sets:
    // `store copy` bringing a commune's log along with its households. Not audited itself: the
    // log is what it writes. Does not look for events the log holds already (the caller does).
    virtual void add_audit_events(const std::vector<accounts::AuditEvent>& events) = 0;
};

}  // namespace giamngheo::store
