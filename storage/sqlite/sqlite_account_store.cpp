// Users, sessions, the audit log and sign-in throttling in SQLite (migrations 3 and 5).
#include <sqlite3.h>

#include "modules/accounts/ports/account_store.hpp"
#include "storage/records.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/sqlite_stores.hpp"

namespace giamngheo::store {
namespace {

using accounts::Role;
using accounts::User;
using sqlite::Database;
using sqlite::Statement;
using sqlite::Transaction;

constexpr const char* kUserColumns = "SELECT username, full_name, role, unit_code, disabled FROM users ";

User read_user(const Statement& s) {
    User u;
    u.username = s.text(0);
    u.full_name = s.text(1);
    u.role = accounts::parse_role(s.text(2)).value_or(Role::viewer);
    u.unit_code = s.text(3);
    u.disabled = s.integer(4) != 0;
    return u;
}

class SqliteAccountStore final : public AccountStore {
public:
    explicit SqliteAccountStore(const std::string& path) : db_(path) {
        db_.exec("PRAGMA journal_mode = WAL");
        db_.exec("PRAGMA synchronous = NORMAL");
    }

    std::optional<User> put_user(const User& user, const std::string& password_hash, const Actor& actor) override {
        Transaction tx(db_);
        const auto before = load(user.username);
        Statement s(db_,
                    "INSERT INTO users (username, full_name, role, unit_code, password_hash, disabled, updated_at) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (username) DO UPDATE SET full_name = ?2, "
                    "role = ?3, unit_code = ?4, password_hash = ?5, disabled = ?6, updated_at = ?7");
        s.bind(1, user.username)
            .bind(2, user.full_name)
            .bind(3, std::string(accounts::to_string(user.role)))
            .bind(4, user.unit_code)
            .bind(5, password_hash)
            .bind(6, user.disabled ? 1 : 0)
            .bind(7, now_utc())
            .run();
        drop_sessions_of(user.username);
        nlohmann::json details = {{"new", accounts::audit_json(user)}, {"password_changed", true}};
        if (before) details["old"] = accounts::audit_json(*before);
        audit_user(actor, before ? "user.update" : "user.create", user.username, details);
        tx.commit();
        return before;
    }

    std::optional<std::pair<User, User>> update_user(const std::string& username, const accounts::UserChanges& c,
                                                     const Actor& actor) override {
        Transaction tx(db_);
        const auto before = load(username);
        if (!before) return std::nullopt;
        Statement s(db_,
                    "UPDATE users SET full_name = COALESCE(?2, full_name), role = COALESCE(?3, role), "
                    "unit_code = COALESCE(?4, unit_code), password_hash = COALESCE(?5, password_hash), "
                    "disabled = COALESCE(?6, disabled), updated_at = ?7 WHERE username = ?1");
        s.bind(1, username)
            .bind(2, c.full_name)
            .bind(3, c.role ? std::optional<std::string>(accounts::to_string(*c.role)) : std::nullopt)
            .bind(4, c.unit_code)
            .bind(5, c.password_hash);
        if (c.disabled)
            s.bind(6, *c.disabled ? 1 : 0);
        else
            s.bind_null(6);
        s.bind(7, now_utc()).run();
        // Any change of role, unit, password or status takes effect at once: existing sessions end.
        drop_sessions_of(username);
        const User after = *load(username);
        audit_user(actor, "user.update", username,
                   {{"old", accounts::audit_json(*before)},
                    {"new", accounts::audit_json(after)},
                    {"password_changed", c.password_hash.has_value()}});
        tx.commit();
        return std::make_pair(*before, after);
    }

    std::optional<StoredUser> find_user(const std::string& username) override {
        Statement s(db_, "SELECT username, full_name, role, unit_code, disabled, password_hash FROM users WHERE "
                         "username = ?1");
        s.bind(1, username);
        if (!s.step()) return std::nullopt;
        return StoredUser{read_user(s), s.text(5)};
    }

    std::vector<User> users() override {
        Statement s(db_, (std::string(kUserColumns) + "ORDER BY username").c_str());
        std::vector<User> out;
        while (s.step()) out.push_back(read_user(s));
        return out;
    }

    void add_session(const std::string& token_hash, const std::string& username, const std::string& csrf_token,
                     const std::string& expires_at) override {
        Statement s(db_, "INSERT INTO sessions (token_hash, username, csrf_token, created_at, expires_at) "
                         "VALUES (?1, ?2, ?3, ?4, ?5)");
        s.bind(1, token_hash).bind(2, username).bind(3, csrf_token).bind(4, now_utc()).bind(5, expires_at).run();
    }

    std::optional<StoredSession> find_session(const std::string& token_hash) override {
        Statement s(db_, "SELECT u.username, u.full_name, u.role, u.unit_code, u.disabled, s.csrf_token, s.expires_at "
                         "FROM sessions s JOIN users u ON u.username = s.username WHERE s.token_hash = ?1");
        s.bind(1, token_hash);
        if (!s.step()) return std::nullopt;
        return StoredSession{s.text(5), s.text(6), read_user(s)};
    }

    void remove_session(const std::string& token_hash) override {
        Statement s(db_, "DELETE FROM sessions WHERE token_hash = ?1");
        s.bind(1, token_hash).run();
    }

    accounts::SignInClaim claim_sign_in(const std::string& username, const std::string& address,
                                        std::int64_t now) override {
        Transaction tx(db_);
        Statement read(db_, "SELECT failures, next_allowed_at FROM sign_in_throttle WHERE key = ?1");
        accounts::SignInClaim claim;
        std::vector<std::pair<std::string, std::int64_t>> counts;
        for (const auto& policy : accounts::kSignInPolicies) {
            const std::string key = accounts::throttle_key(policy, username, address);
            read.bind(1, key);
            std::int64_t failures = 0;
            if (read.step()) {
                failures = read.integer(0);
                if (read.integer(1) > now) {
                    claim.allowed = false;
                    claim.retry_after_seconds = std::max<long>(claim.retry_after_seconds,
                                                               static_cast<long>((read.integer(1) - now + 999) / 1000));
                }
            }
            read.reset();
            counts.emplace_back(key, failures);
        }
        if (!claim.allowed) return claim;  // rolled back: a refused attempt is not checked and not counted
        Statement write(db_, "INSERT INTO sign_in_throttle (key, failures, next_allowed_at, updated_at) "
                             "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (key) DO UPDATE SET failures = ?2, "
                             "next_allowed_at = ?3, updated_at = ?4");
        for (std::size_t i = 0; i < counts.size(); ++i) {
            const std::int64_t failures = counts[i].second + 1;  // until the password proves right
            write.bind(1, counts[i].first)
                .bind(2, failures)
                .bind(3, now + 1000 * accounts::delay_after(accounts::kSignInPolicies[i], failures))
                .bind(4, now)
                .run();
        }
        // Keys quiet for a day are forgotten, so that guessing names cannot grow the table.
        Statement sweep(db_, "DELETE FROM sign_in_throttle WHERE updated_at < ?1");
        sweep.bind(1, now - 86'400'000).run();
        tx.commit();
        return claim;
    }

    void sign_in_succeeded(const std::string& username, const std::string& address) override {
        const auto& policies = accounts::kSignInPolicies;
        Transaction tx(db_);
        Statement clear(db_, "DELETE FROM sign_in_throttle WHERE key = ?1 OR key = ?2");
        clear.bind(1, accounts::throttle_key(policies[0], username, address))
            .bind(2, accounts::throttle_key(policies[1], username, address))
            .run();
        Statement undo(db_, "UPDATE sign_in_throttle SET failures = MAX(failures - 1, 0) WHERE key = ?1");
        undo.bind(1, accounts::throttle_key(policies[2], username, address)).run();
        tx.commit();
    }

    accounts::AuditPage audit(const accounts::AuditQuery& q) override {
        // The web application's own events, and every other write of the store (the command
        // line, imports made elsewhere) that no event already describes.
        std::string events =
            "SELECT id AS seq, at, actor, action, source, household_id, target, details FROM audit_events WHERE 1";
        std::string others =
            "SELECT -c.id AS seq, c.at, c.actor, c.action, c.source, ?3 AS household_id, '' AS target, "
            "'{}' AS details FROM change_sets c WHERE c.id NOT IN "
            "(SELECT change_set FROM audit_events WHERE change_set IS NOT NULL)";
        if (!q.user.empty()) {
            events += " AND actor = ?1";
            others += " AND c.actor = ?1";
        }
        if (!q.household.empty()) {
            events += " AND household_id = ?2";
            others += " AND c.id IN (SELECT change_set FROM household_versions WHERE household_id = ?2)";
        }
        if (q.only_users) {
            std::string list;
            for (std::size_t i = 0; i < q.only_users->size(); ++i) list += (i ? ", ?" : "?") + std::to_string(10 + i);
            if (list.empty()) list = "NULL";
            events += " AND actor IN (" + list + ")";
            others += " AND c.actor IN (" + list + ")";
        }
        const std::string all = events + " UNION ALL " + others;
        auto bind = [&](Statement& s) {
            if (!q.user.empty()) s.bind(1, q.user);
            if (!q.household.empty()) s.bind(2, q.household);
            s.bind(3, q.household);
            if (q.only_users)
                for (std::size_t i = 0; i < q.only_users->size(); ++i)
                    s.bind(static_cast<int>(10 + i), (*q.only_users)[i]);
        };
        accounts::AuditPage result;
        {
            const std::string sql = "SELECT COUNT(*) FROM (" + all + ")";
            Statement s(db_, sql.c_str());
            bind(s);
            if (s.step()) result.total = static_cast<long>(s.integer(0));
        }
        const std::string sql = all + " ORDER BY at DESC, seq DESC LIMIT ?4 OFFSET ?5";
        Statement s(db_, sql.c_str());
        bind(s);
        s.bind(4, static_cast<std::int64_t>(q.page_size)).bind(5, static_cast<std::int64_t>((q.page - 1) * q.page_size));
        while (s.step())
            result.items.push_back({s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6),
                                    nlohmann::json::parse(s.text(7), nullptr, false)});
        return result;
    }

    void add_audit_events(const std::vector<accounts::AuditEvent>& events) override {
        Transaction tx(db_);
        Statement s(db_,
                    "INSERT INTO audit_events (id, at, actor, action, source, household_id, target, details) "
                    "VALUES ((SELECT COALESCE(MAX(id), 0) + 1 FROM audit_events), ?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        for (const auto& e : events)
            s.bind(1, e.at)
                .bind(2, e.user)
                .bind(3, e.action)
                .bind(4, e.source)
                .bind(5, e.household_id)
                .bind(6, e.target)
                .bind(7, e.details.dump())
                .run();
        tx.commit();
    }

private:
    std::optional<User> load(const std::string& username) {
        Statement s(db_, (std::string(kUserColumns) + "WHERE username = ?1").c_str());
        s.bind(1, username);
        if (!s.step()) return std::nullopt;
        return read_user(s);
    }

    void drop_sessions_of(const std::string& username) {
        Statement s(db_, "DELETE FROM sessions WHERE username = ?1");
        s.bind(1, username).run();
    }

    // A user's change is audited with its own details, beside the actor's notes.
    void audit_user(const Actor& actor, const std::string& action, const std::string& username,
                    const nlohmann::json& details) {
        Actor noted = actor;
        noted.audit.push_back({action, "", username, details.dump()});
        const std::int64_t change_set = sqlite::insert_change_set(db_, actor.user, actor.source, action);
        sqlite::insert_audit(db_, change_set, noted);
    }

    Database db_;
};

}  // namespace

std::unique_ptr<AccountStore> open_sqlite_account_store(const std::string& path) {
    return std::make_unique<SqliteAccountStore>(path);
}

}  // namespace giamngheo::store
