// The command line gives the same answers on every backend: the same units, registry and round,
// stored once in SQLite and once in PostgreSQL, read back as the same figures.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>

#include "kernel/errors.hpp"
#include "platform/table.hpp"
#include "storage/open_store.hpp"
#include "testing/postgres_support.hpp"
#include "testing/support.hpp"

namespace giamngheo::test {
namespace {

// The national catalogue beside the project, else the fixture's (a clone without ../shared).
std::string unit_files() { return std::filesystem::exists(kSharedUnits) ? kSharedUnits : kUnitsFixture; }

struct Outputs {
    std::string units, imported, reimported, round, export_csv, stats_csv, live_csv, households;
};

// Runs the commands of a review on the store at `db`; `dir` holds the generated registry.
Outputs run_review(const std::string& db, const TempDir& dir, const std::string& name) {
    const std::string at = "--db '" + db + "' ";
    auto cli = [&](const std::string& arguments) {
        const auto r = run_cli(at + arguments);
        EXPECT_EQ(r.status, 0) << name << ": " << arguments << "\n" << r.err;
        return r.out;
    };
    Outputs out;
    out.units = cli("units import '" + unit_files() + "'");
    const std::string files = "--households '" + dir.path("gen/households.csv") + "' --members '" +
                              dir.path("gen/members.csv") + "'";
    out.imported = cli("import " + files);
    out.reimported = cli("import " + files);
    std::string round = cli("review run --year 2025 --standard vn-2022 --reference-date 2025-11-01");
    round.erase(round.find_last_not_of('\n') + 1);
    out.round = round;
    out.export_csv = cli("review export --round " + round + " --out -");
    cli("stats --round " + round + " --by commune --map 2025 --out '" + dir.path(name + "-stats.csv") + "'");
    out.stats_csv = io::read_file(dir.path(name + "-stats.csv"));
    cli("stats --live --reference-date 2025-11-01 --by province --map 2025 --out '" +
        dir.path(name + "-live.csv") + "'");
    out.live_csv = io::read_file(dir.path(name + "-live.csv"));
    cli("export --households '" + dir.path(name + "-h.csv") + "' --members '" + dir.path(name + "-m.csv") +
        "'");
    out.households = io::read_file(dir.path(name + "-h.csv")) + io::read_file(dir.path(name + "-m.csv"));
    return out;
}

TEST(BackendCli, AReviewOnPostgreSqlGivesWhatItGivesOnSqlite) {
    TempDir dir;
    const auto generated = run_cli("generate --units '" + unit_files() +
                                   "' --households 1500 --seed 16 --out-dir '" + dir.path("gen") + "'");
    ASSERT_EQ(generated.status, 0) << generated.err;
    const PostgresDatabase database;
    const Outputs sqlite = run_review(dir.path("review.db"), dir, "sqlite");
    const Outputs postgresql = run_review(database.uri(), dir, "postgresql");
    EXPECT_FALSE(sqlite.stats_csv.empty());
    EXPECT_NE(sqlite.export_csv.find('\n'), std::string::npos);
    EXPECT_EQ(postgresql.units, sqlite.units);
    EXPECT_EQ(postgresql.imported, sqlite.imported);
    EXPECT_EQ(postgresql.reimported, sqlite.reimported);
    EXPECT_EQ(postgresql.round, sqlite.round);
    EXPECT_EQ(postgresql.export_csv, sqlite.export_csv);
    EXPECT_EQ(postgresql.stats_csv, sqlite.stats_csv);
    EXPECT_EQ(postgresql.live_csv, sqlite.live_csv);
    EXPECT_EQ(postgresql.households, sqlite.households);
}

// A PostgreSQL import is one transaction too: killed half-way (SIGKILL after 400 of 800
// households were written), the server rolls it back when the connection drops.
TEST(BackendCli, AKilledImportLeavesThePostgreSqlStoreAsItWas) {
    TempDir dir;
    const PostgresDatabase database;
    // The short scheme libpq also takes.
    const std::string uri = "postgres://" + database.uri().substr(database.uri().find("://") + 3);
    const std::string at = "--db '" + uri + "' ";
    auto import = [&](const std::string& name, const std::string& env) {
        return run_cli(at + "import --households '" + dir.path(name + "/households.csv") + "' --members '" +
                           dir.path(name + "/members.csv") + "'",
                       env);
    };
    ASSERT_EQ(run_cli(at + "units import '" + kUnitsFixture + "'").status, 0);
    for (const auto& [name, households] : {std::pair{"first", 200}, std::pair{"second", 800}}) {
        const auto r =
            run_cli("generate --units '" + kUnitsFixture + "' --households " + std::to_string(households) +
                    " --seed " + std::to_string(households) + " --out-dir '" + dir.path(name) + "'");
        ASSERT_EQ(r.status, 0) << r.err;
    }
    ASSERT_EQ(import("first", "").status, 0);
    const long households = store::open_store(database.uri())->household_count();
    const long members = store::open_store(database.uri())->member_count();
    ASSERT_EQ(households, 200);
    EXPECT_EQ(import("second", "GIAMNGHEO_FAULT=import.household:400").status, 128 + SIGKILL);
    EXPECT_EQ(store::open_store(database.uri())->household_count(), households);
    EXPECT_EQ(store::open_store(database.uri())->member_count(), members);
    const auto again = import("second", "");
    EXPECT_EQ(again.status, 0) << again.err;
    EXPECT_EQ(store::open_store(database.uri())->household_count(), 1000);
}

TEST(BackendCli, AnUnknownSchemeIsRefusedInVietnamese) {
    const auto r = run_cli("--db 'mysql://localhost/x' units village --commune 16186 --name 'Thôn 1'");
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_NE(r.err.find("không được hỗ trợ"), std::string::npos) << r.err;
}

// What lives beside a store (the server's scratch directory) goes beside a file, never into a
// path made of a URI.
TEST(StoreLocation, AFileIsSqliteAndAUriADatabaseOnAServer) {
    EXPECT_EQ(store::store_file("data/giamngheo.db"), "data/giamngheo.db");
    EXPECT_EQ(store::store_file("sqlite:/srv/giamngheo.db"), "/srv/giamngheo.db");
    EXPECT_EQ(store::store_file("postgresql://giamngheo@db.local:5432/giamngheo"), std::nullopt);
    EXPECT_EQ(store::store_file("postgres://giamngheo@db.local/giamngheo"), std::nullopt);
    EXPECT_THROW((void)store::store_file("mysql://db.local/giamngheo"), Error);
}

}  // namespace
}  // namespace giamngheo::test
