#include "modules/accounts/app/accounts.hpp"

#include <sodium.h>

#include <ctime>

#include "kernel/errors.hpp"

namespace giamngheo::accounts {
namespace {

std::string hex_hash(const std::string& token) {
    unsigned char digest[crypto_generichash_BYTES];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                       nullptr, 0);
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

std::int64_t unix_milliseconds() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

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

Accounts::Accounts(std::unique_ptr<store::AccountStore> store) : store_(std::move(store)) {}

void Accounts::put_user(const User& user, const std::string& password, const std::string& actor) {
    const std::string hash = hash_password(password);
    std::lock_guard lock(mutex_);
    store_->put_user(user, hash, {actor, ""});
    std::erase_if(cache_, [&](const auto& entry) { return entry.second.session.user.username == user.username; });
}

std::optional<User> Accounts::user(const std::string& username) {
    std::lock_guard lock(mutex_);
    const auto found = store_->find_user(username);
    return found ? std::optional<User>(found->user) : std::nullopt;
}

std::vector<User> Accounts::users() {
    std::lock_guard lock(mutex_);
    return store_->users();
}

std::optional<User> Accounts::update_user(const std::string& username, UserChanges changes,
                                          const std::optional<std::string>& password, const std::string& actor) {
    if (password) changes.password_hash = hash_password(*password);
    std::lock_guard lock(mutex_);
    const auto result = store_->update_user(username, changes, {actor, ""});
    if (!result) return std::nullopt;
    std::erase_if(cache_, [&](const auto& entry) { return entry.second.session.user.username == username; });
    return result->first;
}

std::optional<Session> Accounts::sign_in(const std::string& username, const std::string& password) {
    std::optional<store::StoredUser> found;
    {
        std::lock_guard lock(mutex_);
        found = store_->find_user(username);
    }
    // Verify even for an unknown user, so the answer takes as long either way.
    static const std::string kHashOfNoUser = hash_password(random_token());
    const bool valid = verify_password(found ? found->password_hash : kHashOfNoUser, password);
    if (!found || !valid || found->user.disabled) return std::nullopt;
    Session session{random_token(), random_token(), found->user, std::chrono::system_clock::now() + kSessionLifetime};
    std::lock_guard lock(mutex_);
    store_->add_session(hex_hash(session.token), username, session.csrf_token, iso(session.expires));
    cache_[hex_hash(session.token)] = {session, std::chrono::steady_clock::now()};
    return session;
}

std::optional<Session> Accounts::session(const std::string& token) {
    if (token.empty()) return std::nullopt;
    const std::string key = hex_hash(token);
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::system_clock::now();
    if (auto it = cache_.find(key); it != cache_.end()) {
        if (it->second.session.expires <= now) {
            cache_.erase(it);
            return std::nullopt;
        }
        if (std::chrono::steady_clock::now() - it->second.read_at < kSessionRecheck) return it->second.session;
        cache_.erase(it);
    }
    const auto stored = store_->find_session(key);
    if (!stored) return std::nullopt;
    Session session{token, stored->csrf_token, stored->user, parse_iso(stored->expires_at).value_or(now)};
    if (session.expires <= now || session.user.disabled) return std::nullopt;
    cache_[key] = {session, std::chrono::steady_clock::now()};
    return session;
}

void Accounts::sign_out(const std::string& token) {
    const std::string key = hex_hash(token);
    std::lock_guard lock(mutex_);
    cache_.erase(key);
    store_->remove_session(key);
}

SignInClaim Accounts::claim_sign_in(const std::string& username, const std::string& address) {
    std::lock_guard lock(mutex_);
    return store_->claim_sign_in(username, address, unix_milliseconds());
}

void Accounts::sign_in_succeeded(const std::string& username, const std::string& address) {
    std::lock_guard lock(mutex_);
    store_->sign_in_succeeded(username, address);
}

AuditPage Accounts::audit(const AuditQuery& query) {
    std::lock_guard lock(mutex_);
    return store_->audit(query);
}

}  // namespace giamngheo::accounts
