// A thin RAII layer over libpq, shared by the PostgreSQL stores: the same shape as the SQLite
// backend's (storage/sqlite/database.hpp), so that the two backends read alike. Parameters go
// as text through PQexecParams ($1, $2, ...); a result is held whole and read a row at a time.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/date.hpp"
#include "kernel/errors.hpp"

namespace giamngheo::store {
struct Actor;
}

namespace giamngheo::store::postgres {

// A failed statement as a typed error: a unique key taken by a concurrent write is `conflict`,
// a lock wait over the timeout, a deadlock or a serialization failure `busy` (the same request
// may succeed later), anything else a `fault`. The statement's text goes to the log only.
[[noreturn]] void fail(const PGresult* result, const std::string& sql);

class Connection {
  public:
    // `uri`: a libpq connection URI (postgresql://user@host:port/database). A statement waits at
    // most `lock_timeout_ms` for a lock held by another connection.
    Connection(const std::string& uri, int lock_timeout_ms);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // One or more statements without parameters.
    void exec(const std::string& sql);
    [[nodiscard]] PGconn* handle() const { return conn_; }
    // Before a statement: a connection lost between two units of work (the server restarted, a
    // standby promoted in its place) is opened again, with the same URI (a multi-host URI with
    // target_session_attrs=read-write finds the new primary) and settings. Inside a transaction
    // a lost connection stays lost: the transaction is gone and its statement fails.
    void reconnect_if_lost();

  private:
    friend class Transaction;
    void open_session();
    PGconn* conn_ = nullptr;
    int lock_timeout_ms_ = 0;
    int transactions_ = 0;  // open Transaction objects on this connection
};

class Statement {
  public:
    Statement(Connection& connection, std::string sql) : connection_(connection), sql_(std::move(sql)) {}
    ~Statement() { PQclear(result_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, const std::string& value);
    Statement& bind(int index, std::int64_t value) { return bind(index, std::to_string(value)); }
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, const std::optional<std::string>& value) {
        return value ? bind(index, *value) : bind_null(index);
    }
    Statement& bind_null(int index);

    // Runs the statement at the first call; true while a row is available.
    bool step();
    // Runs the statement and resets it; returns the rows it changed.
    long run();
    // Forgets the result and the parameters.
    void reset();

    [[nodiscard]] std::string text(int column) const;
    [[nodiscard]] std::int64_t integer(int column) const;
    [[nodiscard]] bool is_null(int column) const;

  private:
    void execute();
    Connection& connection_;
    std::string sql_;
    std::vector<std::optional<std::string>> params_;
    PGresult* result_ = nullptr;
    int row_ = -1;
};

// A PostgreSQL array literal of `values` (any strings): for `= ANY($n)` and unnest($n), so that
// one statement looks up or writes a whole piece.
template <class Strings>
std::string text_array(const Strings& values) {
    std::string out = "{";
    for (const auto& value : values) {
        if (out.size() > 1) out += ',';
        out += '"';
        for (const char c : std::string_view(value)) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

// The rows of one COPY in PostgreSQL's binary format (no escapes to add or to parse): each
// row's fields in the order of the target's columns, with the types of those columns.
class BinaryRows {
  public:
    BinaryRows();
    BinaryRows& row(std::int16_t fields);
    BinaryRows& text(std::string_view value);
    BinaryRows& int4(std::int32_t value);
    BinaryRows& int8(std::int64_t value);
    [[nodiscard]] std::size_t rows() const { return rows_; }
    // The whole COPY data, trailer included (appended once, however often this is asked); no row
    // may follow.
    [[nodiscard]] std::string_view finished();

  private:
    std::string data_;
    std::size_t rows_ = 0;
    bool finished_ = false;
};

// COPY `target` ("table (column, ...)") FROM STDIN of `rows`, inside the caller's transaction;
// nothing is sent for no row. A refused row fails the whole COPY (a typed error as fail()), and
// the transaction with it.
void copy_rows(Connection& db, const std::string& target, BinaryRows& rows);

// Rows of one table sent as an array per column to a statement that unnests them: one statement
// for thousands of rows instead of one per row (a round trip each).
class RowBatch {
  public:
    explicit RowBatch(std::size_t columns) : columns_(columns) {}
    void add(std::initializer_list<std::string> row) {
        std::size_t i = 0;
        for (const auto& value : row) columns_[i++].push_back(value);
    }
    // Replaces row `at` (as add() numbered it from 0).
    void set(std::size_t at, std::initializer_list<std::string> row) {
        std::size_t i = 0;
        for (const auto& value : row) columns_[i++][at] = value;
    }
    [[nodiscard]] std::size_t size() const { return columns_.front().size(); }
    // Runs `sql` with the columns as $1, $2, ... and empties the batch.
    void run(Connection& db, const std::string& sql);
    // Streams the rows into `target` ("table (column, ...)") with COPY FROM STDIN and empties the
    // batch: for rows that are all new, several times lighter on the server than one statement
    // over unnested arrays. Inside the caller's transaction; a refused row fails the whole COPY.
    void copy(Connection& db, const std::string& target);

  private:
    std::vector<std::vector<std::string>> columns_;
};

// Rolls back unless committed, so that an exception leaves the store as it was.
class Transaction {
  public:
    // A write. It holds the change-set counter's row lock from its start, so that the database's
    // writes are one at a time as SQLite's (BEGIN IMMEDIATE) are: what a write checks before it
    // writes (a stored version, a member's household) still holds when it commits.
    explicit Transaction(Connection& connection) : Transaction(connection, "BEGIN") {
        connection_.exec("SELECT last FROM change_set_counter FOR UPDATE");
    }
    // `begin` as given: BEGIN ISOLATION LEVEL ... for a read in one snapshot, or before the
    // counter exists.
    Transaction(Connection& connection, const std::string& begin) : connection_(connection) {
        connection_.exec(begin);
        ++connection_.transactions_;
    }
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit() {
        connection_.exec("COMMIT");
        done_ = true;
        --connection_.transactions_;
    }

  private:
    Connection& connection_;
    bool done_ = false;
};

// Dates are stored as YYYY-MM-DD text, NULL when unset, as in the SQLite backend, so that both
// order and compare them alike.
[[nodiscard]] std::optional<std::string> date_text(const std::optional<Date>& date);
[[nodiscard]] std::optional<Date> read_date(const Statement& s, int column);

// The first column of the first row of `sql` (0 when there is no row or it is NULL).
std::int64_t scalar(Connection& connection, const std::string& sql);

// Records who changed what, from where; inside a write Transaction. Change set ids come from the
// one-row counter that transaction holds locked, so ids are given in commit order: a reader never
// sees change set n+1 before n, and registry_generation() cannot miss a change committed late.
// `at`: when, if not now (a copy keeps the time of the change it copies).
std::int64_t insert_change_set(Connection& connection, const std::string& user, const std::string& source,
                               const std::string& action, const std::optional<std::string>& at = std::nullopt);
// The actor's audit notes as audit_events of `change_set`, inside the change's own transaction.
void insert_audit(Connection& connection, std::int64_t change_set, const Actor& actor);

}  // namespace giamngheo::store::postgres
