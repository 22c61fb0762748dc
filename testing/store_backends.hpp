// The backends every storage contract test runs on: the same test, written once against the
// ports, is instantiated for each (INSTANTIATE_TEST_SUITE_P(..., kEveryBackend, backend_name));
// a suite that uses PostgreSQL is declared POSTGRES in its CMakeLists (cmake/GiamngheoTests.cmake).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "storage/open_store.hpp"
#include "testing/postgres_support.hpp"
#include "testing/support.hpp"

namespace giamngheo::test {

// SQLite twice: households stored as rows, and bulk-loaded into segments of two households each
// (so that lookups cross segments); PostgreSQL stores rows only.
enum class Backend { sqlite_rows, sqlite_segments, postgresql };

inline const auto kEveryBackend =
    ::testing::Values(Backend::sqlite_rows, Backend::sqlite_segments, Backend::postgresql);
// For the stores that have no households (accounts, plans...): one SQLite layout is enough.
inline const auto kEveryEngine = ::testing::Values(Backend::sqlite_rows, Backend::postgresql);

inline std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
    switch (info.param) {
        case Backend::sqlite_rows:
            return "sqlite_rows";
        case Backend::sqlite_segments:
            return "sqlite_segments";
        case Backend::postgresql:
            return "postgresql";
    }
    return "unknown";
}

// A fresh empty store of one backend, removed at the end of the test.
class FreshStore {
  public:
    explicit FreshStore(Backend backend) : backend_(backend) {
        if (backend == Backend::postgresql) {
            database_.emplace();
            location_ = database_->uri();
        } else {
            location_ = dir_.path("store.db");
        }
    }
    // A connection of its own to the store.
    [[nodiscard]] std::unique_ptr<store::Store> open() const {
        return store::open_store(location_, options());
    }
    [[nodiscard]] store::StoreOptions options() const {
        store::StoreOptions o;
        if (backend_ == Backend::sqlite_segments) {
            o.segment_minimum = 1;
            o.segment_households = 2;
        }
        return o;
    }
    [[nodiscard]] const std::string& location() const { return location_; }

  private:
    Backend backend_;
    TempDir dir_;
    std::optional<PostgresDatabase> database_;
    std::string location_;
};

}  // namespace giamngheo::test
