#include <gtest/gtest.h>

#include "io/table.hpp"
#include "support.hpp"

namespace giamngheo::test {
namespace {

TEST(Generate, IsDeterministicBySeedAndValidAgainstTheFormat) {
    TempDir dir;
    auto generate = [&](const std::string& name, int seed) {
        const auto r = run_cli("generate --units '" + kUnitsFixture + "' --households 40000 --seed " + std::to_string(seed) +
                               " --out-dir '" + dir.path(name) + "'");
        EXPECT_EQ(r.status, 0) << r.err;
        return io::read_file(dir.path(name) + "/households.csv") + io::read_file(dir.path(name) + "/members.csv");
    };
    const std::string a = generate("a", 5), b = generate("b", 5), c = generate("c", 6);
    EXPECT_EQ(a, b);
    EXPECT_NE(a, c);
    // The output imports without a single problem.
    const auto r = run_cli("--db '" + dir.path("g.db") + "' units import '" + kUnitsFixture + "'");
    ASSERT_EQ(r.status, 0);
    const auto dry = run_cli("--db '" + dir.path("g.db") + "' import --dry-run --households '" + dir.path("a") +
                             "/households.csv' --members '" + dir.path("a") + "/members.csv'");
    EXPECT_EQ(dry.status, 0) << dry.err.substr(0, 2000);
}

TEST(Generate, ScopeLimitsTheCommunes) {
    TempDir dir;
    const auto r = run_cli("generate --units '" + kUnitsFixture + "' --households 500 --seed 1 --scope 22 --out-dir '" +
                           dir.path() + "'");
    ASSERT_EQ(r.status, 0) << r.err;
    const io::Table households = io::read_table(dir.path("households.csv"));
    for (const auto& row : households.rows) EXPECT_EQ(row[1], "06994");
    EXPECT_EQ(run_cli("generate --units '" + kUnitsFixture + "' --households 5 --seed 1 --scope 99 --out-dir '" +
                      dir.path() + "'").status, 1);
}

}  // namespace
}  // namespace giamngheo::test
