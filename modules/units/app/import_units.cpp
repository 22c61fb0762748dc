#include "modules/units/app/import_units.hpp"

#include "modules/units/formats/unit_files.hpp"

namespace giamngheo::app {

UnitImportResult import_units(store::UnitStore& store, const std::string& directory, const store::Actor& actor) {
    UnitImportResult result;
    io::UnitFiles files = io::read_unit_files(directory);
    result.problems = std::move(files.problems);
    if (!result.problems.empty()) return result;
    store.replace_units(files.units, files.lineage, actor);
    result.units = files.units.size();
    result.lineage = files.lineage.size();
    return result;
}

}  // namespace giamngheo::app
