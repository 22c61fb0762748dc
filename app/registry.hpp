// Use cases on the registry: importing units and households, exporting households.
#pragma once

#include <string>
#include <vector>

#include "app/environment.hpp"
#include "io/interchange.hpp"
#include "store/store.hpp"

namespace giamngheo::app {

struct UnitImportResult {
    std::vector<io::Problem> problems;  // nothing was written when not empty
    std::size_t units = 0;
    std::size_t lineage = 0;
};
UnitImportResult import_units(store::Store& store, const std::string& directory, const store::Actor& actor);

struct HouseholdImportResult {
    std::vector<io::Problem> problems;  // nothing was written when not empty
    std::size_t households = 0;
    std::size_t members = 0;
    store::ImportSummary summary;  // zero on a dry run
    bool dry_run = false;
};
// Reads both files (CSV or XLSX), validates everything, and writes all or nothing.
HouseholdImportResult import_households(store::Store& store, const Environment& env, const std::string& households_path,
                                        const std::string& members_path, bool dry_run, const store::Actor& actor);

// Writes the current registry in the interchange format (CSV or XLSX by extension).
void export_households(store::Store& store, const std::string& households_path, const std::string& members_path);

}  // namespace giamngheo::app
