#include "storage/postgres/round_listener.hpp"

#include <poll.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <string_view>

#include "kernel/errors.hpp"
#include "storage/postgres/postgres_stores.hpp"
#include "storage/postgres/tables.hpp"

namespace giamngheo::store::postgres {
namespace {

spdlog::logger& log() {
    static const auto logger = spdlog::stderr_logger_mt("giamngheo.round-listener");
    return *logger;
}

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// A connection that cannot be opened is tried again after this, doubling up to kRetryMax; a
// standby's, to see whether it has been promoted, every kStandbyRetry.
constexpr std::chrono::milliseconds kRetryFirst{100}, kRetryMax{2000}, kStandbyRetry{10000};

// libpq's message on one line, for the log.
std::string error_of(PGconn* conn) {
    std::string message = conn ? PQerrorMessage(conn) : "out of memory";
    std::replace_if(message.begin(), message.end(), [](char c) { return c == '\n' || c == '\t'; }, ' ');
    while (!message.empty() && message.back() == ' ') message.pop_back();
    return message;
}

}  // namespace

RoundListener::RoundListener(std::string uri) : uri_(std::move(uri)) {
    wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (wake_fd_ < 0) throw_fault("round listener: eventfd failed");
    open();
    thread_ = std::thread([this] { run(); });
}

RoundListener::~RoundListener() {
    stop_ = true;
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto written = write(wake_fd_, &one, sizeof one);
    thread_.join();
    PQfinish(conn_);
    close(wake_fd_);
}

std::optional<std::uint64_t> RoundListener::generation() const {
    const std::int64_t heard = heard_at_ms_.load();
    if (heard == kNever || now_ms() - heard > kSilence.count()) return std::nullopt;
    return generation_.load();
}

bool RoundListener::open() {
    // The URI as given (several hosts, target_session_attrs) with the listener's own name, and
    // a bound on each connection attempt so that a stop is never held by an unreachable host.
    const char* keys[] = {"dbname", "application_name", "connect_timeout", nullptr};
    const char* values[] = {uri_.c_str(), kApplicationName, "2", nullptr};
    conn_ = PQconnectdbParams(keys, values, 1);
    std::unique_ptr<PGresult, decltype(&PQclear)> listening(nullptr, PQclear);
    if (PQstatus(conn_) == CONNECTION_OK) {
        // A standby refuses LISTEN (nothing is notified during recovery): a process serving the
        // read-only routes there reads rounds at each request, as on SQLite; said once.
        listening.reset(PQexec(conn_, "SELECT pg_is_in_recovery()"));
        const bool standby = PQresultStatus(listening.get()) == PGRES_TUPLES_OK &&
                             std::string_view(PQgetvalue(listening.get(), 0, 0)) == "t";
        if (standby && !on_standby_)
            log().info("postgresql: a standby; rounds are read at each request (no LISTEN during recovery)");
        on_standby_ = standby;
        if (standby) {
            PQfinish(conn_);
            conn_ = nullptr;
            return false;
        }
        listening.reset(PQexec(conn_, (std::string("LISTEN ") + kRoundsChannel).c_str()));
    }
    if (PQresultStatus(listening.get()) != PGRES_COMMAND_OK) {
        log().error("postgresql: cannot listen for rounds' changes: {}", error_of(conn_));
        PQfinish(conn_);
        conn_ = nullptr;
        return false;
    }
    // The server's word that it ends the session reaches the log as a lost connection, once.
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
    // What was kept may predate a change made while nobody listened.
    generation_.fetch_add(1);
    heard();
    return true;
}

void RoundListener::lost(const char* why) {
    heard_at_ms_ = kNever;
    log().warn("postgresql: rounds' changes not heard ({}): {}; rounds are read at each request until listening again",
               why, error_of(conn_));
    PQfinish(conn_);
    conn_ = nullptr;
}

void RoundListener::heard() { heard_at_ms_ = now_ms(); }

void RoundListener::run() {
    auto retry = kRetryFirst;
    while (!stop_) {
        if (conn_) {
            listen_until_lost();
            continue;
        }
        if (open()) {
            log().warn("postgresql: listening for rounds' changes again");
            retry = kRetryFirst;
            continue;
        }
        pollfd wake{wake_fd_, POLLIN, 0};
        poll(&wake, 1, static_cast<int>((on_standby_ ? kStandbyRetry : retry).count()));
        retry = std::min(retry * 2, kRetryMax);
    }
}

void RoundListener::listen_until_lost() {
    bool asked = false;  // a SELECT 1 sent and not yet answered
    std::int64_t asked_at = 0;
    while (!stop_) {
        if (!asked && now_ms() - heard_at_ms_.load() >= kBeat.count()) {
            if (!PQsendQuery(conn_, "SELECT 1")) return lost("send");
            asked = true;
            asked_at = now_ms();
        }
        pollfd fds[] = {{PQsocket(conn_), POLLIN, 0}, {wake_fd_, POLLIN, 0}};
        if (poll(fds, 2, static_cast<int>(kBeat.count())) < 0) continue;  // interrupted
        if (stop_) return;
        if ((fds[0].revents & (POLLIN | POLLERR | POLLHUP)) && !PQconsumeInput(conn_)) return lost("read");
        // The answer is read without blocking (its end may come in a later packet); the
        // notifications read with it move the generation before the connection counts as heard,
        // as the server sends what was notified before it answers.
        bool answered = false;
        while (asked && !PQisBusy(conn_)) {
            PGresult* result = PQgetResult(conn_);
            if (!result) {
                asked = false;
                answered = true;
                break;
            }
            const bool ok = PQresultStatus(result) == PGRES_TUPLES_OK;
            PQclear(result);
            if (!ok) return lost("answer");
        }
        bool notified = false;
        while (PGnotify* notice = PQnotifies(conn_)) {
            notified = true;
            PQfreemem(notice);
        }
        if (notified) generation_.fetch_add(1);
        if (notified || answered) heard();
        if (PQstatus(conn_) != CONNECTION_OK) return lost("status");
        if (asked && now_ms() - asked_at > 10 * kSilence.count()) return lost("no answer");
    }
}

}  // namespace giamngheo::store::postgres

namespace giamngheo::store {

std::unique_ptr<RoundChanges> open_postgres_round_changes(const std::string& uri) {
    return std::make_unique<postgres::RoundListener>(uri);
}

}  // namespace giamngheo::store
