// Use cases on the registry: importing and exporting households in the interchange format.
#pragma once

#include <string>
#include <vector>

#include "platform/environment.hpp"
#include "modules/registry/formats/interchange.hpp"
#include "storage/store.hpp"

namespace giamngheo::app {

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
