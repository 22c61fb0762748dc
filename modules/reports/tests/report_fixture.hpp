// A report store over the fixture units (province 38 and its communes on the 2025 map), with the
// shipped forms, for the tests that run the use cases without a server: on every backend
// (INSTANTIATE_TEST_SUITE_P(..., test::kEveryEngine, test::backend_name)), each test on a fresh store.
#pragma once

#include <gtest/gtest.h>

#include "modules/reports/app/reports.hpp"
#include "modules/units/app/import_units.hpp"
#include "storage/open_store.hpp"
#include "testing/store_backends.hpp"
#include "testing/support.hpp"

namespace giamngheo::app {

class ReportStoreFixture : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        fresh.emplace(GetParam());
        registry = store::open_store(fresh->location());
        ASSERT_TRUE(import_units(*registry, test::kUnitsFixture, {"test", "fixture"}).problems.empty());
        units = registry->load_units();
        reports = store::open_report_store(fresh->location());
        catalogue = ReportCatalogue::load(test::test_environment());
    }
    // The use cases' dependencies with `figures` and a fixed today (6/12/2026).
    ReportDeps deps_with(MeasureSource& figures) { return {catalogue, units, *reports, figures, Date{2026, 12, 6}}; }

    test::TempDir temp;
    std::optional<test::FreshStore> fresh;
    std::unique_ptr<store::Store> registry;
    std::unique_ptr<store::ReportStore> reports;
    UnitCatalogue units;
    ReportCatalogue catalogue;
};

}  // namespace giamngheo::app
