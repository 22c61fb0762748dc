// The PostgreSQL feed of rounds' changes (storage/postgres/round_listener.hpp): every write of a
// round notifies on commit and the listener's generation moves within a second; it is not live
// without a connection, and after losing its connection it listens again and moves the
// generation, as a change may have been missed meanwhile.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <thread>

#include "storage/open_store.hpp"
#include "storage/postgres/connection.hpp"
#include "storage/postgres/round_listener.hpp"
#include "storage/postgres/tables.hpp"
#include "testing/postgres_support.hpp"
#include "testing/support.hpp"

namespace giamngheo::test {
namespace {

using namespace std::chrono_literals;
using store::postgres::Connection;
using store::postgres::RoundListener;

// Whether the listener's generation moves from `before` within a second.
bool moves(const RoundListener& listener, std::optional<std::uint64_t> before) {
    return within(1000ms, [&] { return listener.generation() && listener.generation() != before; });
}

TEST(RoundListener, ANotificationMovesTheGenerationWithinASecond) {
    const PostgresDatabase database;
    const RoundListener listener(database.uri());
    const auto before = listener.generation();
    ASSERT_TRUE(before.has_value()) << "listening once constructed";
    Connection other(database.uri(), 1000);
    other.exec(std::string("SELECT pg_notify('") + store::postgres::kRoundsChannel + "', '7')");
    EXPECT_TRUE(moves(listener, before));
}

TEST(RoundListener, EveryWriteOfARoundNotifiesOnCommit) {
    const PostgresDatabase database;
    const RoundListener listener(database.uri());
    // A store that does not tell the listener itself: only the notifications can move it.
    auto s = store::open_store(database.uri());
    store::RoundRecord round;
    round.year = 2025;
    round.reference_date = {2025, 11, 1};
    round.standard_id = "vn-2022";
    round.standard_document = "{}";
    store::ResultRow result;
    result.household_id = "H1";
    result.household_class = "poor";

    auto before = listener.generation();
    const std::int64_t id = s->save_round(round, {result}, {"alice", "review run"});
    EXPECT_TRUE(moves(listener, before)) << "save_round";

    before = listener.generation();
    result.household_class = "near_poor";
    s->replace_results(id, {result}, {"alice", "survey"});
    EXPECT_TRUE(moves(listener, before)) << "replace_results";

    before = listener.generation();
    s->approve_round(id, {2025, 12, 20}, {"alice", "review approve"});
    EXPECT_TRUE(moves(listener, before)) << "approve_round";
}

TEST(RoundListener, ThisProcesssOwnWriteMovesTheGenerationAtOnce) {
    const PostgresDatabase database;
    RoundListener listener(database.uri());
    const auto before = listener.generation();
    listener.changed();
    EXPECT_NE(listener.generation(), before);
}

TEST(RoundListener, ALostConnectionIsListenedAgainAndMovesTheGeneration) {
    const PostgresDatabase database;
    const RoundListener listener(database.uri());
    const auto before = listener.generation();
    ASSERT_TRUE(before.has_value());
    Connection admin(database.uri(), 1000);
    admin.exec(std::string("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                           "AND application_name = '") +
               RoundListener::kApplicationName + "'");
    // A notification sent while it was away is lost: the generation moves all the same.
    EXPECT_TRUE(within(3000ms, [&] { return listener.generation() && *listener.generation() > *before; }));
    // And it hears again.
    const auto again = listener.generation();
    admin.exec(std::string("SELECT pg_notify('") + store::postgres::kRoundsChannel + "', '1')");
    EXPECT_TRUE(moves(listener, again));
}

TEST(RoundListener, WithoutADatabaseItIsNotLiveAndStopsAtOnce) {
    const auto start = std::chrono::steady_clock::now();
    {
        const RoundListener listener("postgresql://nobody@127.0.0.1:1/none");
        EXPECT_FALSE(listener.generation().has_value());
        std::this_thread::sleep_for(150ms);  // past its first retry
        EXPECT_FALSE(listener.generation().has_value());
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

}  // namespace
}  // namespace giamngheo::test
