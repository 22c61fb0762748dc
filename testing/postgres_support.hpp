// The PostgreSQL test cluster for the tests: ctest starts it before any test that requires the
// fixture "postgres" (scripts/pg_test_cluster.sh, cmake/GiamngheoTests.cmake) and stops it after.
#pragma once

#include <string>

namespace giamngheo::test {

// The URI of the cluster's database: $GIAMNGHEO_TEST_POSTGRES, else the one the fixture wrote.
// Throws (the test fails, it is not skipped) when there is neither: the test command always
// starts the cluster, so its absence is a broken run.
[[nodiscard]] std::string postgres_uri();

// A fresh empty database in the cluster for one test, dropped at the end with any connection
// still open to it. `options`: what follows CREATE DATABASE name (a locale, say).
class PostgresDatabase {
  public:
    explicit PostgresDatabase(const std::string& options = "");
    ~PostgresDatabase();
    PostgresDatabase(const PostgresDatabase&) = delete;
    PostgresDatabase& operator=(const PostgresDatabase&) = delete;
    [[nodiscard]] const std::string& uri() const { return uri_; }

  private:
    std::string admin_uri_, name_, uri_;
};

}  // namespace giamngheo::test
