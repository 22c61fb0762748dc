// store::RoundChanges over PostgreSQL's LISTEN/NOTIFY: a connection of its own listens on
// kRoundsChannel (tables.hpp), where every transaction that creates or changes a round notifies
// on commit, and a thread moves the generation at each notification. It vouches for what it has
// heard only while the server answers: a lost connection, or one silent for longer than
// kSilence, is "not live" (nullopt) until it is open and listening again, and a reconnection
// moves the generation, as notifications may have been missed meanwhile.
#pragma once

#include <libpq-fe.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>

#include "modules/review/ports/round_changes.hpp"

namespace giamngheo::store::postgres {

class RoundListener final : public RoundChanges {
  public:
    // The application_name of its connection, so that an administrator (or a test) can find it
    // in pg_stat_activity.
    static constexpr const char* kApplicationName = "giamngheo-round-listener";
    // How often an idle connection is asked to answer, and how long an unanswered one is trusted.
    static constexpr std::chrono::milliseconds kBeat{200}, kSilence{1000};

    // Listens before it returns when the database answers; otherwise the thread keeps trying.
    explicit RoundListener(std::string uri);
    // Stops the thread at once (it waits on its socket and on a wake-up descriptor).
    ~RoundListener() override;
    RoundListener(const RoundListener&) = delete;
    RoundListener& operator=(const RoundListener&) = delete;

    [[nodiscard]] std::optional<std::uint64_t> generation() const override;
    void changed() override { generation_.fetch_add(1); }

  private:
    bool open();   // connects and listens; false (logged) when it cannot
    void lost(const char* why);
    void run();
    void listen_until_lost();
    void heard();

    std::string uri_;
    PGconn* conn_ = nullptr;  // the thread's only, once started
    bool on_standby_ = false;  // the server is a standby: no LISTEN there until it is promoted
    int wake_fd_ = -1;        // an eventfd the destructor writes to
    std::atomic<bool> stop_{false};
    std::atomic<std::uint64_t> generation_{0};
    // When the server last answered (steady clock, ms); kNever while there is no connection.
    static constexpr std::int64_t kNever = -1;
    std::atomic<std::int64_t> heard_at_ms_{kNever};
    std::thread thread_;
};

}  // namespace giamngheo::store::postgres
