#include "storage/postgres/connection.hpp"

#include <memory>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <string_view>
#include <type_traits>

#include "storage/records.hpp"
#include "storage/store.hpp"

namespace giamngheo::store::postgres {
namespace {

// On standard error: the command line's standard output is its data (CSV, JSON).
spdlog::logger& log() {
    static const auto logger = spdlog::stderr_logger_mt("giamngheo.postgresql");
    return *logger;
}

// The URI without its password, for the log.
std::string without_password(const std::string& uri) {
    const auto scheme = uri.find("://");
    const auto at = uri.find('@');
    if (scheme == std::string::npos || at == std::string::npos) return uri;
    const auto colon = uri.find(':', scheme + 3);
    return colon != std::string::npos && colon < at ? uri.substr(0, colon) + ":***" + uri.substr(at) : uri;
}

// The database went away (a restart, the primary lost before a standby takes over): the request
// may succeed in a moment, so the client is told to retry (503), not that the system failed.
[[noreturn]] void throw_unavailable() {
    throw Error(ErrorKind::busy, "database_unavailable",
                "Tạm thời không kết nối được cơ sở dữ liệu; vui lòng thử lại sau ít phút.");
}

}  // namespace

void fail(const PGresult* result, const std::string& sql) {
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const std::string_view code = state ? state : "";
    const std::string message = result ? PQresultErrorMessage(result) : "no result (connection lost?)";
    // The primary message alone: the full one may quote the statement (LINE 1: ...).
    const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    if (code == "40001" || code == "40P01" || code == "55P03" || code == "57014") throw_store_busy();
    // A write to a standby (or a session opened read-only): not a fault of this one, the change
    // belongs on the primary; the same request there succeeds.
    if (code == "25006")
        throw Error(ErrorKind::busy, "read_only",
                    "Máy chủ này chỉ đọc dữ liệu (bản sao dự phòng); thay đổi phải thực hiện trên máy chủ chính.");
    log().error("postgresql {}: {} in: {}", code, message, sql);
    // No SQLSTATE: the client lost the server mid-statement; 08: connection exceptions; 57P0x: the
    // server shutting down or starting up.
    if (code.empty() || code.substr(0, 2) == "08" || code == "57P01" || code == "57P02" || code == "57P03")
        throw_unavailable();
    if (code == "23505")
        throw Error(
            ErrorKind::conflict, "conflict",
            "Dữ liệu vừa được người khác ghi cùng lúc (trùng mã đã có); vui lòng tải lại rồi thử lại.");
    throw_fault("postgresql " + std::string(code) + ": " + (primary ? primary : "connection lost"));
}

Connection::Connection(const std::string& uri, int lock_timeout_ms) : lock_timeout_ms_(lock_timeout_ms) {
    conn_ = PQconnectdb(uri.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
        const std::string message = conn_ ? PQerrorMessage(conn_) : "out of memory";
        PQfinish(conn_);
        conn_ = nullptr;
        log().error("postgresql: cannot connect to {}: {}", without_password(uri), message);
        throw_fault("postgresql: không kết nối được cơ sở dữ liệu " + without_password(uri) + " (" + message +
                    ")");
    }
    // Notices (an index that already exists...) are not for the user's terminal.
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
    open_session();
}

Connection::~Connection() { PQfinish(conn_); }

void Connection::open_session() {
    exec("SET lock_timeout = " + std::to_string(lock_timeout_ms_) + "; SET client_min_messages = warning");
}

void Connection::reconnect_if_lost() {
    if (PQstatus(conn_) == CONNECTION_OK || transactions_ > 0) return;
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) {
        log().error("postgresql: reconnection failed: {}", PQerrorMessage(conn_));
        throw_unavailable();
    }
    log().warn("postgresql: connection lost, opened again");
    open_session();
}

void Connection::exec(const std::string& sql) {
    reconnect_if_lost();
    PGresult* result = PQexec(conn_, sql.c_str());
    const auto status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        struct Clear {
            PGresult* r;
            ~Clear() { PQclear(r); }
        } clear{result};
        fail(result, sql);
    }
    PQclear(result);
}

Statement& Statement::bind(int index, const std::string& value) {
    if (params_.size() < static_cast<std::size_t>(index)) params_.resize(static_cast<std::size_t>(index));
    params_[static_cast<std::size_t>(index - 1)] = value;
    return *this;
}

Statement& Statement::bind_null(int index) {
    if (params_.size() < static_cast<std::size_t>(index)) params_.resize(static_cast<std::size_t>(index));
    params_[static_cast<std::size_t>(index - 1)].reset();
    return *this;
}

void Statement::execute() {
    std::vector<const char*> values;
    values.reserve(params_.size());
    for (const auto& p : params_) values.push_back(p ? p->c_str() : nullptr);
    PQclear(result_);
    connection_.reconnect_if_lost();
    result_ = PQexecParams(connection_.handle(), sql_.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                           nullptr, nullptr, 0);
    const auto status = PQresultStatus(result_);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        PGresult* failed = result_;
        result_ = nullptr;
        struct Clear {
            PGresult* r;
            ~Clear() { PQclear(r); }
        } clear{failed};
        fail(failed, sql_);
    }
    row_ = -1;
}

bool Statement::step() {
    if (!result_) execute();
    ++row_;
    return row_ < PQntuples(result_);
}

long Statement::run() {
    execute();
    const char* tuples = PQcmdTuples(result_);
    const long changed = *tuples ? std::strtol(tuples, nullptr, 10) : 0;
    reset();
    return changed;
}

void Statement::reset() {
    PQclear(result_);
    result_ = nullptr;
    row_ = -1;
    params_.clear();
}

std::string Statement::text(int column) const {
    return {PQgetvalue(result_, row_, column), static_cast<std::size_t>(PQgetlength(result_, row_, column))};
}

std::int64_t Statement::integer(int column) const {
    return std::strtoll(PQgetvalue(result_, row_, column), nullptr, 10);
}

bool Statement::is_null(int column) const { return PQgetisnull(result_, row_, column) != 0; }

void RowBatch::run(Connection& db, const std::string& sql) {
    if (size() == 0) return;
    Statement s(db, sql);
    for (std::size_t i = 0; i < columns_.size(); ++i)
        s.bind(static_cast<int>(i + 1), text_array(columns_[i]));
    s.run();
    for (auto& column : columns_) column.clear();
}

namespace {

// A value in COPY's text format: the separators and the escape character escaped.
void append_copy_value(std::string& out, std::string_view value) {
    std::size_t clean = 0;  // a run of characters that need no escape goes in at once
    for (std::size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        const char* escaped = c == '\\' ? "\\\\" : c == '\t' ? "\\t" : c == '\n' ? "\\n" : c == '\r' ? "\\r" : nullptr;
        if (!escaped) continue;
        out.append(value.substr(clean, i - clean)).append(escaped);
        clean = i + 1;
    }
    out.append(value.substr(clean));
}

class CopyIn {
  public:
    // `what`: "table (column, ...) FROM STDIN ...": starts the COPY.
    CopyIn(Connection& db, const std::string& what) : conn_(db.handle()), sql_("COPY " + what) {
        const std::unique_ptr<PGresult, decltype(&PQclear)> started(PQexec(conn_, sql_.c_str()), PQclear);
        if (PQresultStatus(started.get()) != PGRES_COPY_IN) fail(started.get(), sql_);
    }
    void put(std::string_view data) {
        if (!data.empty() && PQputCopyData(conn_, data.data(), static_cast<int>(data.size())) != 1)
            throw_fault("COPY data: " + std::string(PQerrorMessage(conn_)) + " (" + sql_ + ")");
    }
    void finish() {
        if (PQputCopyEnd(conn_, nullptr) != 1) throw_fault("COPY end: " + std::string(PQerrorMessage(conn_)));
        const std::unique_ptr<PGresult, decltype(&PQclear)> done(PQgetResult(conn_), PQclear);
        // The rest of the results must be read before the connection takes another statement.
        while (PGresult* more = PQgetResult(conn_)) PQclear(more);
        if (PQresultStatus(done.get()) != PGRES_COMMAND_OK) fail(done.get(), sql_);
    }

  private:
    PGconn* conn_;
    std::string sql_;
};

constexpr std::size_t kCopyChunk = 1 << 20;

template <class Integer>
void append_big_endian(std::string& out, Integer value) {
    auto bits = static_cast<std::make_unsigned_t<Integer>>(value);
    char bytes[sizeof(Integer)];
    for (std::size_t i = sizeof(Integer); i-- > 0; bits >>= 8) bytes[i] = static_cast<char>(bits & 0xFF);
    out.append(bytes, sizeof(Integer));
}

}  // namespace

// The header: signature, flags (no OIDs), no extension area.
BinaryRows::BinaryRows() : data_("PGCOPY\n\xFF\r\n\0", 11) {
    append_big_endian<std::int32_t>(data_, 0);
    append_big_endian<std::int32_t>(data_, 0);
}

BinaryRows& BinaryRows::row(std::int16_t fields) {
    append_big_endian(data_, fields);
    ++rows_;
    return *this;
}

BinaryRows& BinaryRows::text(std::string_view value) {
    append_big_endian(data_, static_cast<std::int32_t>(value.size()));
    data_.append(value);
    return *this;
}

BinaryRows& BinaryRows::int4(std::int32_t value) {
    append_big_endian<std::int32_t>(data_, 4);
    append_big_endian(data_, value);
    return *this;
}

BinaryRows& BinaryRows::int8(std::int64_t value) {
    append_big_endian<std::int32_t>(data_, 8);
    append_big_endian(data_, value);
    return *this;
}

std::string_view BinaryRows::finished() {
    if (!finished_) append_big_endian<std::int16_t>(data_, -1);
    finished_ = true;
    return data_;
}

void copy_rows(Connection& db, const std::string& target, BinaryRows& rows) {
    if (rows.rows() == 0) return;
    CopyIn copy(db, target + " FROM STDIN WITH (FORMAT binary)");
    const std::string_view data = rows.finished();
    for (std::size_t at = 0; at < data.size(); at += kCopyChunk) copy.put(data.substr(at, kCopyChunk));
    copy.finish();
}

void RowBatch::copy(Connection& db, const std::string& target) {
    if (size() == 0) return;
    CopyIn copy(db, target + " FROM STDIN");
    std::string data;
    for (std::size_t row = 0; row < size(); ++row) {
        for (std::size_t c = 0; c < columns_.size(); ++c) {
            if (c > 0) data += '\t';
            append_copy_value(data, columns_[c][row]);
        }
        data += '\n';
        if (data.size() >= kCopyChunk) {
            copy.put(data);
            data.clear();
        }
    }
    copy.put(data);
    copy.finish();
    for (auto& column : columns_) column.clear();
}

Transaction::~Transaction() {
    if (done_) return;
    PQclear(PQexec(connection_.handle(), "ROLLBACK"));
    --connection_.transactions_;
}

std::optional<std::string> date_text(const std::optional<Date>& date) {
    return date ? std::optional<std::string>(date->iso()) : std::nullopt;
}

std::optional<Date> read_date(const Statement& s, int column) {
    if (s.is_null(column)) return std::nullopt;
    return parse_iso_date(s.text(column));
}

std::int64_t scalar(Connection& connection, const std::string& sql) {
    Statement s(connection, sql);
    return s.step() && !s.is_null(0) ? s.integer(0) : 0;
}

std::int64_t insert_change_set(Connection& connection, const std::string& user, const std::string& source,
                               const std::string& action, const std::optional<std::string>& at) {
    const std::int64_t id =
        scalar(connection, "UPDATE change_set_counter SET last = last + 1 RETURNING last");
    Statement s(connection,
                "INSERT INTO change_sets (id, at, actor, source, action) VALUES ($1, $2, $3, $4, $5)");
    s.bind(1, id).bind(2, at.value_or(now_utc())).bind(3, user).bind(4, source).bind(5, action).run();
    return id;
}

void insert_audit(Connection& connection, std::int64_t change_set, const Actor& actor) {
    if (actor.audit.empty()) return;
    Statement s(
        connection,
        "INSERT INTO audit_events (at, actor, action, source, household_id, target, details, change_set) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
    const std::string at = now_utc();
    for (const auto& note : actor.audit)
        s.bind(1, at)
            .bind(2, actor.user)
            .bind(3, note.action)
            .bind(4, actor.source)
            .bind(5, note.household_id)
            .bind(6, note.target)
            .bind(7, note.details.empty() ? std::string("{}") : note.details)
            .bind(8, change_set)
            .run();
}

}  // namespace giamngheo::store::postgres
