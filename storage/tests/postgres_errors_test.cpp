// The PostgreSQL backend's failures as the kinds of kernel/errors.hpp: what a client may be told
// (conflict, busy) and what only the log may hold (a fault never carries the statement).
#include <gtest/gtest.h>

#include "kernel/errors.hpp"
#include "storage/open_store.hpp"
#include "storage/postgres/connection.hpp"
#include "testing/postgres_support.hpp"

namespace giamngheo::test {
namespace {

using store::postgres::Connection;
using store::postgres::Statement;

// The error `action` throws.
Error error_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const Error& e) {
        return e;
    }
    ADD_FAILURE() << "no error";
    return Error(ErrorKind::fault, "none", "");
}

TEST(PostgresErrors, AUniqueKeyTakenIsAConflict) {
    const PostgresDatabase database;
    Connection db(database.uri(), 1000);
    db.exec("CREATE TABLE t (k TEXT PRIMARY KEY)");
    Statement insert(db, "INSERT INTO t (k) VALUES ($1)");
    insert.bind(1, std::string("a")).run();
    const Error e = error_of([&] { insert.bind(1, std::string("a")).run(); });
    EXPECT_EQ(e.kind(), ErrorKind::conflict);
    EXPECT_EQ(std::string(e.what()).find("INSERT"), std::string::npos) << e.what();
}

// A standby's sessions are read-only (here one opened so through the URI): every store opens on
// the schema the primary made and reads; a write is refused as read_only (busy: the same request
// succeeds on the primary) and leaves nothing; a schema older than this program's is not migrated.
TEST(PostgresErrors, AReadOnlySessionReadsAndRefusesWritesAsReadOnly) {
    const PostgresDatabase database;
    Household h;
    h.household_id = "H1";
    h.unit_code = "00002";
    h.head_name = "Lò Văn A";
    Member m;
    m.member_id = "M1";
    m.full_name = h.head_name;
    m.relation = "head";
    m.birth_date = {1980, 1, 1};
    h.members = {m};
    store::open_store(database.uri())->apply_households({h}, {"alice", "a.csv"});
    const std::string read_only = database.uri() + "?options=-c%20default_transaction_read_only%3Don";

    auto s = store::open_store(read_only);
    EXPECT_EQ(s->household_count(), 1);
    EXPECT_EQ(s->load_household("H1", std::nullopt)->household, h);
    auto changed = h;
    changed.village = "Bản Mới";
    const Error e = error_of([&] { (void)s->apply_households({changed}, {"bob", "b.csv"}); });
    EXPECT_EQ(e.kind(), ErrorKind::busy);
    EXPECT_EQ(e.code(), "read_only");
    EXPECT_EQ(store::open_store(database.uri())->load_household("H1", std::nullopt)->version, 1);
    EXPECT_NO_THROW((void)store::open_account_store(read_only)->users());

    Connection(database.uri(), 1000).exec("DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)");
    const Error older = error_of([&] { (void)store::open_store(read_only); });
    EXPECT_EQ(older.kind(), ErrorKind::conflict);
    EXPECT_NE(std::string(older.what()).find("chỉ đọc"), std::string::npos) << older.what();
}

// The server ended the session (a restart, a standby promoted in its place): the next unit of work
// opens it again with its settings; a transaction that lost it fails and is not carried over.
// A database that sorts text by a language's rules would list codes and names in another order
// than the embedded store, without an error: refused when the schema would be made there, with
// how to make it right; nothing is created. One that sorts by code point (C.UTF-8) is accepted.
TEST(PostgresErrors, ADatabaseThatSortsByALanguageIsRefusedBeforeTheSchemaIsMade) {
    const PostgresDatabase by_language("TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'vi'");
    const Error e = error_of([&] { (void)store::open_store(by_language.uri()); });
    EXPECT_EQ(e.kind(), ErrorKind::conflict) << e.what();
    EXPECT_NE(std::string(e.what()).find("--lc-collate C"), std::string::npos) << e.what();
    Connection db(by_language.uri(), 1000);
    EXPECT_EQ(store::postgres::scalar(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), 0);

    const PostgresDatabase by_code_point("TEMPLATE template0 LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'");
    EXPECT_EQ(store::open_store(by_code_point.uri())->household_count(), 0);
}

TEST(PostgresErrors, ALostConnectionIsOpenedAgainBetweenUnitsOfWork) {
    const PostgresDatabase database;
    Connection db(database.uri(), 1234), killer(database.uri(), 1000);
    const auto terminate = [&] {
        killer.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid()");
    };
    db.exec("CREATE TABLE t (k TEXT PRIMARY KEY)");
    terminate();
    // The first statement after the loss may see it (the server said so) or not (reset at once).
    try {
        db.exec("INSERT INTO t VALUES ('a')");
    } catch (const Error&) {
        db.exec("INSERT INTO t VALUES ('a')");
    }
    Statement timeout(db, "SHOW lock_timeout");
    ASSERT_TRUE(timeout.step());
    EXPECT_EQ(timeout.text(0), "1234ms");

    {
        store::postgres::Transaction tx(db, "BEGIN");
        db.exec("INSERT INTO t VALUES ('b')");
        terminate();
        const Error lost = error_of([&] { db.exec("INSERT INTO t VALUES ('c')"); });
        EXPECT_EQ(lost.kind(), ErrorKind::busy) << "a client may retry it";
        EXPECT_EQ(lost.code(), "database_unavailable");
    }
    EXPECT_EQ(store::postgres::scalar(db, "SELECT count(*) FROM t"), 1) << "nothing of the lost transaction";
}

TEST(PostgresErrors, ALockHeldPastTheTimeoutIsBusy) {
    const PostgresDatabase database;
    Connection holder(database.uri(), 1000), waiter(database.uri(), 100);
    holder.exec("CREATE TABLE t (k TEXT PRIMARY KEY); INSERT INTO t VALUES ('a')");
    holder.exec("BEGIN; SELECT k FROM t FOR UPDATE");
    const Error e = error_of([&] { waiter.exec("UPDATE t SET k = 'b'"); });
    EXPECT_EQ(e.kind(), ErrorKind::busy);
    holder.exec("ROLLBACK");
    waiter.exec("UPDATE t SET k = 'b'");
}

// The store's writes are one at a time: one waits for another's transaction, and past its
// timeout gives up as busy, writing nothing.
TEST(PostgresErrors, AWriteWaitingPastTheTimeoutForAnotherIsBusy) {
    const PostgresDatabase database;
    store::StoreOptions patient;
    patient.busy_timeout_ms = 200;
    auto s = store::open_store(database.uri(), patient);
    Household h;
    h.household_id = "H1";
    h.unit_code = "16186";
    Member m;
    m.member_id = "M1";
    m.birth_date = {1980, 1, 1};
    h.members = {m};
    Connection other(database.uri(), 1000);
    other.exec(
        "BEGIN; SELECT last FROM change_set_counter FOR UPDATE");  // as another process's write holds it
    const std::int64_t before = s->registry_generation();
    EXPECT_EQ(error_of([&] { s->apply_households({h}, {"alice", "h.csv"}); }).kind(), ErrorKind::busy);
    other.exec("ROLLBACK");
    EXPECT_EQ(s->household_count(), 0);
    EXPECT_EQ(s->registry_generation(), before);
    EXPECT_EQ(s->apply_households({h}, {"alice", "h.csv"}).created, 1);
    EXPECT_GT(s->registry_generation(), before);
}

TEST(PostgresErrors, AnyOtherFailureIsAFaultWithoutItsStatement) {
    const PostgresDatabase database;
    Connection db(database.uri(), 1000);
    const Error e = error_of([&] { Statement(db, "SELECT secret_column FROM no_such_table").step(); });
    EXPECT_EQ(e.kind(), ErrorKind::fault);
    EXPECT_EQ(std::string(e.what()).find("SELECT"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("42P01"), std::string::npos)
        << e.what();  // the SQLSTATE, for the log
}

TEST(PostgresErrors, AServerThatCannotBeReachedIsAFault) {
    // Port 1 on the loopback: nothing listens there.
    const Error e =
        error_of([] { (void)store::open_store("postgresql://postgres:secret@127.0.0.1:1/giamngheo"); });
    EXPECT_EQ(e.kind(), ErrorKind::fault);
    EXPECT_EQ(std::string(e.what()).find("secret"), std::string::npos) << e.what();
}

}  // namespace
}  // namespace giamngheo::test
