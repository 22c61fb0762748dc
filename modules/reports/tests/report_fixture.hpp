// A report store over the fixture units (province 38 and its communes on the 2025 map), with the
// shipped forms, for the tests that run the use cases without a server.
#pragma once

#include <gtest/gtest.h>

#include "modules/reports/app/reports.hpp"
#include "modules/units/app/import_units.hpp"
#include "storage/open_store.hpp"
#include "testing/support.hpp"

namespace giamngheo::app {

class ReportStoreFixture : public ::testing::Test {
  protected:
    void SetUp() override {
        registry = store::open_store(temp.path("r.db"));
        ASSERT_TRUE(import_units(*registry, test::kUnitsFixture, {"test", "fixture"}).problems.empty());
        units = registry->load_units();
        reports = store::open_report_store(temp.path("r.db"));
        catalogue = ReportCatalogue::load(test::test_environment());
    }
    // The use cases' dependencies with `figures` and a fixed today (6/12/2026).
    ReportDeps deps_with(MeasureSource& figures) { return {catalogue, units, *reports, figures, Date{2026, 12, 6}}; }

    test::TempDir temp;
    std::unique_ptr<store::Store> registry;
    std::unique_ptr<store::ReportStore> reports;
    UnitCatalogue units;
    ReportCatalogue catalogue;
};

}  // namespace giamngheo::app
