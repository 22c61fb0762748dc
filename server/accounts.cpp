#include "server/accounts.hpp"
#include "core/errors.hpp"

#include <sodium.h>

#include <ctime>
#include <stdexcept>

namespace giamngheo::server {

using store::sqlite::now_utc;
using store::sqlite::Statement;
using store::sqlite::Transaction;

namespace {

std::string hex_hash(const std::string& token) {
    unsigned char digest[crypto_generichash_BYTES];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()),
                       token.size(), nullptr, 0);
    char hex[crypto_generichash_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

std::string iso(std::chrono::system_clock::time_point at) {
    const std::time_t t = std::chrono::system_clock::to_time_t(at);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::optional<std::chrono::system_clock::time_point> parse_iso(const std::string& text) {
    std::tm tm{};
    if (!strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) return std::nullopt;
    return std::chrono::system_clock::from_time_t(timegm(&tm));
}

User read_user(const Statement& s) {
    User u;
    u.username = s.text(0);
    u.full_name = s.text(1);
    u.role = parse_role(s.text(2)).value_or(Role::viewer);
    u.unit_code = s.text(3);
    u.disabled = s.integer(4) != 0;
    return u;
}

nlohmann::json user_json(const User& u) {
    return {{"full_name", u.full_name},
            {"role", to_string(u.role)},
            {"unit_code", u.unit_code},
            {"disabled", u.disabled}};
}

constexpr const char* kUserColumns = "SELECT username, full_name, role, unit_code, disabled FROM users ";

}  // namespace

const char* to_string(Role role) {
    switch (role) {
        case Role::admin:
            return "admin";
        case Role::province_officer:
            return "province_officer";
        case Role::commune_officer:
            return "commune_officer";
        case Role::reviewer:
            return "reviewer";
        case Role::viewer:
            return "viewer";
    }
    return "viewer";
}

std::optional<Role> parse_role(const std::string& text) {
    for (Role r : kRoles)
        if (text == to_string(r)) return r;
    return std::nullopt;
}

const char* vietnamese_name(Role role) {
    switch (role) {
        case Role::admin:
            return "Quản trị hệ thống";
        case Role::province_officer:
            return "Cán bộ cấp tỉnh";
        case Role::commune_officer:
            return "Cán bộ cấp xã";
        case Role::reviewer:
            return "Rà soát viên";
        case Role::viewer:
            return "Người xem";
    }
    return "";
}

void initialise_crypto() {
    if (sodium_init() < 0) throw_fault("không khởi động được thư viện mật mã libsodium");
}

std::string random_token(std::size_t bytes) {
    std::string raw(bytes, '\0');
    randombytes_buf(raw.data(), raw.size());
    std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(out.find('\0'));
    return out;
}

std::string hash_password(const std::string& password) {
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw_fault("không đủ bộ nhớ để băm mật khẩu");
    return hash;
}

bool verify_password(const std::string& hash, const std::string& password) {
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

Accounts::Accounts(const std::string& path) : db_(path) {
    db_.exec("PRAGMA journal_mode = WAL");
    db_.exec("PRAGMA synchronous = NORMAL");
}

void Accounts::put_user(const User& user, const std::string& password, const std::string& actor) {
    const std::string hash = hash_password(password);
    std::lock_guard lock(mutex_);
    const auto before = [&]() -> std::optional<User> {
        Statement s(db_, (std::string(kUserColumns) + "WHERE username = ?1").c_str());
        s.bind(1, user.username);
        if (!s.step()) return std::nullopt;
        return read_user(s);
    }();
    Transaction tx(db_);
    Statement s(
        db_,
        "INSERT INTO users (username, full_name, role, unit_code, password_hash, disabled, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (username) DO UPDATE SET full_name = ?2, role = ?3, "
        "unit_code = ?4, password_hash = ?5, disabled = ?6, updated_at = ?7");
    s.bind(1, user.username)
        .bind(2, user.full_name)
        .bind(3, std::string(to_string(user.role)))
        .bind(4, user.unit_code)
        .bind(5, hash)
        .bind(6, user.disabled ? 1 : 0)
        .bind(7, now_utc())
        .run();
    drop_sessions_of(user.username);
    nlohmann::json details = {{"new", user_json(user)}, {"password_changed", true}};
    if (before) details["old"] = user_json(*before);
    insert_event({now_utc(), actor, before ? "user.update" : "user.create", "", "", user.username, details},
                 std::nullopt);
    tx.commit();
}

std::optional<User> Accounts::user(const std::string& username) {
    std::lock_guard lock(mutex_);
    Statement s(db_, (std::string(kUserColumns) + "WHERE username = ?1").c_str());
    s.bind(1, username);
    if (!s.step()) return std::nullopt;
    return read_user(s);
}

std::vector<User> Accounts::users() {
    std::lock_guard lock(mutex_);
    Statement s(db_, (std::string(kUserColumns) + "ORDER BY username").c_str());
    std::vector<User> out;
    while (s.step()) out.push_back(read_user(s));
    return out;
}

std::optional<User> Accounts::update_user(const std::string& username,
                                          const std::optional<std::string>& full_name,
                                          const std::optional<Role>& role,
                                          const std::optional<std::string>& unit_code,
                                          const std::optional<std::string>& password,
                                          const std::optional<bool>& disabled, const std::string& actor) {
    const auto before = user(username);
    if (!before) return std::nullopt;
    const std::string hash = password ? hash_password(*password) : std::string{};
    std::lock_guard lock(mutex_);
    Transaction tx(db_);
    Statement s(db_,
                "UPDATE users SET full_name = COALESCE(?2, full_name), role = COALESCE(?3, role), "
                "unit_code = COALESCE(?4, unit_code), password_hash = COALESCE(?5, password_hash), "
                "disabled = COALESCE(?6, disabled), updated_at = ?7 WHERE username = ?1");
    s.bind(1, username)
        .bind(2, full_name)
        .bind(3, role ? std::optional<std::string>(to_string(*role)) : std::nullopt)
        .bind(4, unit_code)
        .bind(5, password ? std::optional<std::string>(hash) : std::nullopt);
    if (disabled)
        s.bind(6, *disabled ? 1 : 0);
    else
        s.bind_null(6);
    s.bind(7, now_utc()).run();
    // Any change of role, unit, password or status takes effect at once: existing sessions end.
    drop_sessions_of(username);
    Statement after(db_, (std::string(kUserColumns) + "WHERE username = ?1").c_str());
    after.bind(1, username);
    after.step();
    insert_event({now_utc(),
                  actor,
                  "user.update",
                  "",
                  "",
                  username,
                  {{"old", user_json(*before)},
                   {"new", user_json(read_user(after))},
                   {"password_changed", password.has_value()}}},
                 std::nullopt);
    tx.commit();
    return before;
}

std::optional<Session> Accounts::sign_in(const std::string& username, const std::string& password) {
    std::string hash;
    std::optional<User> found;
    {
        std::lock_guard lock(mutex_);
        Statement s(db_,
                    "SELECT username, full_name, role, unit_code, disabled, password_hash FROM users WHERE "
                    "username = ?1");
        s.bind(1, username);
        if (s.step()) {
            found = read_user(s);
            hash = s.text(5);
        }
    }
    // Verify even for an unknown user, so the answer takes as long either way.
    static const std::string kDummy = hash_password(random_token());
    const bool valid = verify_password(found ? hash : kDummy, password);
    if (!found || !valid || found->disabled) return std::nullopt;
    Session session{random_token(), random_token(), *found,
                    std::chrono::system_clock::now() + kSessionLifetime};
    std::lock_guard lock(mutex_);
    Statement s(db_,
                "INSERT INTO sessions (token_hash, username, csrf_token, created_at, expires_at) VALUES (?1, "
                "?2, ?3, ?4, ?5)");
    s.bind(1, hex_hash(session.token))
        .bind(2, username)
        .bind(3, session.csrf_token)
        .bind(4, now_utc())
        .bind(5, iso(session.expires))
        .run();
    cache_[hex_hash(session.token)] = session;
    return session;
}

std::optional<Session> Accounts::session(const std::string& token) {
    if (token.empty()) return std::nullopt;
    const std::string key = hex_hash(token);
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::system_clock::now();
    if (auto it = cache_.find(key); it != cache_.end()) {
        if (it->second.expires > now) return it->second;
        cache_.erase(it);
        return std::nullopt;
    }
    // Sessions outlive a restart of the server: read it once, then keep it in memory.
    Statement s(db_,
                "SELECT u.username, u.full_name, u.role, u.unit_code, u.disabled, s.csrf_token, s.expires_at "
                "FROM sessions s JOIN users u ON u.username = s.username WHERE s.token_hash = ?1");
    s.bind(1, key);
    if (!s.step()) return std::nullopt;
    Session session{token, s.text(5), read_user(s), parse_iso(s.text(6)).value_or(now)};
    if (session.expires <= now || session.user.disabled) return std::nullopt;
    cache_[key] = session;
    return session;
}

void Accounts::sign_out(const std::string& token) {
    const std::string key = hex_hash(token);
    std::lock_guard lock(mutex_);
    cache_.erase(key);
    Statement s(db_, "DELETE FROM sessions WHERE token_hash = ?1");
    s.bind(1, key).run();
}

void Accounts::drop_sessions_of(const std::string& username) {
    for (auto it = cache_.begin(); it != cache_.end();)
        it = it->second.user.username == username ? cache_.erase(it) : std::next(it);
    Statement s(db_, "DELETE FROM sessions WHERE username = ?1");
    s.bind(1, username).run();
}

void Accounts::insert_event(const AuditEvent& event, std::optional<std::int64_t> change_set) {
    Statement s(
        db_,
        "INSERT INTO audit_events (id, at, actor, action, source, household_id, target, details, change_set) "
        "VALUES ((SELECT COALESCE(MAX(id), 0) + 1 FROM audit_events), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    s.bind(1, event.at.empty() ? now_utc() : event.at)
        .bind(2, event.user)
        .bind(3, event.action)
        .bind(4, event.source)
        .bind(5, event.household_id)
        .bind(6, event.target)
        .bind(7, event.details.is_null() ? std::string("{}") : event.details.dump());
    if (change_set)
        s.bind(8, *change_set);
    else
        s.bind_null(8);
    s.run();
}

AuditPage Accounts::audit(const std::string& user, const std::string& household,
                          const std::vector<std::string>* only_users, long page, long page_size) {
    // The web application's own events, and every other write of the store (the command line,
    // imports made elsewhere) that no event already describes.
    std::string events =
        "SELECT id AS seq, at, actor, action, source, household_id, target, details FROM audit_events WHERE "
        "1";
    std::string others =
        "SELECT -c.id AS seq, c.at, c.actor, c.action, c.source, ?3 AS household_id, '' AS target, "
        "'{}' AS details FROM change_sets c WHERE c.id NOT IN "
        "(SELECT change_set FROM audit_events WHERE change_set IS NOT NULL)";
    if (!user.empty()) {
        events += " AND actor = ?1";
        others += " AND c.actor = ?1";
    }
    if (!household.empty()) {
        events += " AND household_id = ?2";
        others += " AND c.id IN (SELECT change_set FROM household_versions WHERE household_id = ?2)";
    }
    if (only_users) {
        std::string list;
        for (std::size_t i = 0; i < only_users->size(); ++i)
            list += (i ? ", ?" : "?") + std::to_string(10 + i);
        events += " AND actor IN (" + list + ")";
        others += " AND c.actor IN (" + list + ")";
    }
    const std::string all = events + " UNION ALL " + others;
    auto bind = [&](Statement& s) {
        if (!user.empty()) s.bind(1, user);
        if (!household.empty()) s.bind(2, household);
        s.bind(3, household);
        if (only_users)
            for (std::size_t i = 0; i < only_users->size(); ++i)
                s.bind(static_cast<int>(10 + i), (*only_users)[i]);
    };
    std::lock_guard lock(mutex_);
    AuditPage result;
    {
        const std::string sql = "SELECT COUNT(*) FROM (" + all + ")";
        Statement s(db_, sql.c_str());
        bind(s);
        if (s.step()) result.total = static_cast<long>(s.integer(0));
    }
    const std::string sql = all + " ORDER BY at DESC, seq DESC LIMIT ?4 OFFSET ?5";
    Statement s(db_, sql.c_str());
    bind(s);
    s.bind(4, static_cast<std::int64_t>(page_size))
        .bind(5, static_cast<std::int64_t>((page - 1) * page_size));
    while (s.step()) {
        AuditEvent e{s.text(1),
                     s.text(2),
                     s.text(3),
                     s.text(4),
                     s.text(5),
                     s.text(6),
                     nlohmann::json::parse(s.text(7), nullptr, false)};
        result.items.push_back(std::move(e));
    }
    return result;
}

namespace {

std::int64_t unix_milliseconds() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string throttle_key(const SignInPolicy& policy, const std::string& username, const std::string& address) {
    const std::string kind = policy.key_kind;
    if (kind == "pair") return "pair:" + username + "|" + address;
    if (kind == "user") return "user:" + username;
    return "address:" + address;
}

long delay_after(const SignInPolicy& policy, std::int64_t failures) {
    if (failures < policy.free_failures) return 0;
    const auto exponent = std::min<std::int64_t>(failures - policy.free_failures, 30);
    return std::min(policy.max_delay_seconds, 1L << exponent);
}

}  // namespace

Accounts::Claim Accounts::claim_sign_in(const std::string& username, const std::string& address) {
    std::lock_guard lock(mutex_);
    const std::int64_t now = unix_milliseconds();
    Transaction tx(db_);
    Statement read(db_, "SELECT failures, next_allowed_at FROM sign_in_throttle WHERE key = ?1");
    Claim claim;
    std::vector<std::pair<std::string, std::int64_t>> counts;
    for (const auto& policy : kSignInPolicies) {
        const std::string key = throttle_key(policy, username, address);
        read.bind(1, key);
        std::int64_t failures = 0;
        if (read.step()) {
            failures = read.integer(0);
            if (read.integer(1) > now) {
                claim.allowed = false;
                claim.retry_after_seconds =
                    std::max<long>(claim.retry_after_seconds, static_cast<long>((read.integer(1) - now + 999) / 1000));
            }
        }
        read.reset();
        counts.emplace_back(key, failures);
    }
    if (!claim.allowed) return claim;  // rolled back: a refused attempt is not checked and not counted
    Statement write(db_,
                    "INSERT INTO sign_in_throttle (key, failures, next_allowed_at, updated_at) VALUES (?1, ?2, ?3, ?4) "
                    "ON CONFLICT (key) DO UPDATE SET failures = ?2, next_allowed_at = ?3, updated_at = ?4");
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const std::int64_t failures = counts[i].second + 1;  // until the password proves right
        write.bind(1, counts[i].first)
            .bind(2, failures)
            .bind(3, now + 1000 * delay_after(kSignInPolicies[i], failures))
            .bind(4, now)
            .run();
    }
    // Keys quiet for a day are forgotten, so that guessing names cannot grow the table.
    Statement sweep(db_, "DELETE FROM sign_in_throttle WHERE updated_at < ?1");
    sweep.bind(1, now - 86'400'000).run();
    tx.commit();
    return claim;
}

void Accounts::sign_in_succeeded(const std::string& username, const std::string& address) {
    std::lock_guard lock(mutex_);
    Transaction tx(db_);
    Statement clear(db_, "DELETE FROM sign_in_throttle WHERE key = ?1 OR key = ?2");
    clear.bind(1, throttle_key(kSignInPolicies[0], username, address))
        .bind(2, throttle_key(kSignInPolicies[1], username, address))
        .run();
    // The address's claim was not a failure after all.
    Statement undo(db_, "UPDATE sign_in_throttle SET failures = MAX(failures - 1, 0) WHERE key = ?1");
    undo.bind(1, throttle_key(kSignInPolicies[2], username, address)).run();
    tx.commit();
}

}  // namespace giamngheo::server
