// Use case: replacing the administrative-unit catalogue from the unit files (both maps, lineage).
#pragma once

#include <string>
#include <vector>

#include "modules/units/ports/unit_store.hpp"
#include "platform/table.hpp"

namespace giamngheo::app {

struct UnitImportResult {
    std::vector<io::Problem> problems;  // nothing was written when not empty
    std::size_t units = 0;
    std::size_t lineage = 0;
};
// Reads every file of `directory` (modules/units/formats/unit_files.hpp); writes all or nothing.
UnitImportResult import_units(store::UnitStore& store, const std::string& directory, const store::Actor& actor);

}  // namespace giamngheo::app
