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

TEST(PostgresErrors, AnyOtherFailureIsAFaultWithoutItsStatement) {
    const PostgresDatabase database;
    Connection db(database.uri(), 1000);
    const Error e = error_of([&] { Statement(db, "SELECT secret_column FROM no_such_table").step(); });
    EXPECT_EQ(e.kind(), ErrorKind::fault);
    EXPECT_EQ(std::string(e.what()).find("SELECT"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("42P01"), std::string::npos) << e.what();  // the SQLSTATE, for the log
}

TEST(PostgresErrors, AServerThatCannotBeReachedIsAFault) {
    // Port 1 on the loopback: nothing listens there.
    const Error e = error_of([] { (void)store::open_store("postgresql://postgres:secret@127.0.0.1:1/giamngheo"); });
    EXPECT_EQ(e.kind(), ErrorKind::fault);
    EXPECT_EQ(std::string(e.what()).find("secret"), std::string::npos) << e.what();
}

}  // namespace
}  // namespace giamngheo::test
