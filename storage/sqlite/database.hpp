// A thin RAII layer over the SQLite C API, shared by the SQLite stores.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "kernel/date.hpp"
#include "kernel/errors.hpp"

namespace giamngheo::store {
struct Actor;
}

namespace giamngheo::store::sqlite {

// An SQLite failure as a typed error: a database locked by other work is `busy` (the same
// request may succeed later), anything else a `fault` whose text is for the log only.
[[noreturn]] void fail(int rc, const std::string& detail);

class Database {
public:
    explicit Database(const std::string& path) {
        if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                            nullptr) != SQLITE_OK) {
            const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
            const int rc = db_ ? sqlite3_errcode(db_) : SQLITE_NOMEM;
            sqlite3_close(db_);
            fail(rc, path + ": không mở được cơ sở dữ liệu (" + message + ")");
        }
        sqlite3_busy_timeout(db_, 10000);
    }
    ~Database() { sqlite3_close_v2(db_); }
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(const std::string& sql) {
        char* error = nullptr;
        if (const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error); rc != SQLITE_OK) {
            const std::string message = error ? error : "unknown error";
            sqlite3_free(error);
            fail(rc, "sqlite: " + message + " in: " + sql.substr(0, 200));
        }
    }
    [[nodiscard]] sqlite3* handle() const { return db_; }

private:
    sqlite3* db_ = nullptr;
};

class Statement {
public:
    Statement(Database& db, const char* sql) : db_(db.handle()) {
        if (const int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr); rc != SQLITE_OK)
            fail(rc, std::string("sqlite: ") + sqlite3_errmsg(db_) + " in: " + sql);
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, const std::string& value) {
        check(sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT));
        return *this;
    }
    Statement& bind(int index, std::int64_t value) {
        check(sqlite3_bind_int64(stmt_, index, value));
        return *this;
    }
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    // The bytes must outlive the statement's next step.
    Statement& bind_blob(int index, std::string_view value) {
        check(sqlite3_bind_blob64(stmt_, index, value.data(), value.size(), SQLITE_STATIC));
        return *this;
    }
    Statement& bind_null(int index) {
        check(sqlite3_bind_null(stmt_, index));
        return *this;
    }
    Statement& bind(int index, const std::optional<std::string>& value) {
        return value ? bind(index, *value) : bind_null(index);
    }
    // Returns true while a row is available.
    bool step() {
        const int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        fail(rc, std::string("sqlite: ") + sqlite3_errmsg(db_) + " in: " + sqlite3_sql(stmt_));
    }
    void run() {
        step();
        reset();
    }
    void reset() {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }
    [[nodiscard]] std::string text(int column) const {
        const auto* value = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
        return value ? std::string(value, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string{};
    }
    // Valid until the next step or reset.
    [[nodiscard]] std::string_view blob(int column) const {
        const auto* value = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
        return value ? std::string_view(value, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
                     : std::string_view{};
    }
    [[nodiscard]] std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }
    [[nodiscard]] bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

private:
    void check(int rc) {
        if (rc != SQLITE_OK) fail(rc, std::string("sqlite: ") + sqlite3_errmsg(db_));
    }
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

// Rolls back unless committed, so that an exception leaves the store as it was.
class Transaction {
public:
    explicit Transaction(Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }
    ~Transaction() {
        if (!done_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
    void commit() {
        db_.exec("COMMIT");
        done_ = true;
    }

private:
    Database& db_;
    bool done_ = false;
};

// Dates are stored as YYYY-MM-DD text, NULL when unset.
[[nodiscard]] std::optional<std::string> date_text(const std::optional<Date>& date);
[[nodiscard]] std::optional<Date> read_date(const Statement& s, int column);

// The first column of the first row of `sql` (0 when there is no row).
std::int64_t scalar(Database& db, const char* sql);

// Records who changed what, from where; every write of every store belongs to one change set.
// `at`: when, if not now (a copy keeps the time of the change it copies).
std::int64_t insert_change_set(Database& db, const std::string& user, const std::string& source,
                               const std::string& action, const std::optional<std::string>& at = std::nullopt);
// The actor's audit notes as audit_events of `change_set`; to be called inside the change's own
// transaction.
void insert_audit(Database& db, std::int64_t change_set, const Actor& actor);

}  // namespace giamngheo::store::sqlite
