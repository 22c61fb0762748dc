#include "app/registry.hpp"

#include <stdexcept>

#include "io/units_files.hpp"
#include "io/xlsx.hpp"

namespace giamngheo::app {

UnitImportResult import_units(store::Store& store, const std::string& directory, const store::Actor& actor) {
    UnitImportResult result;
    io::UnitFiles files = io::read_unit_files(directory);
    result.problems = std::move(files.problems);
    if (!result.problems.empty()) return result;
    store.replace_units(files.units, files.lineage, actor);
    result.units = files.units.size();
    result.lineage = files.lineage.size();
    return result;
}

HouseholdImportResult import_households(store::Store& store, const Environment& env, const std::string& households_path,
                                        const std::string& members_path, bool dry_run, const store::Actor& actor) {
    HouseholdImportResult result;
    result.dry_run = dry_run;
    // CSV files are streamed through validation; an XLSX sheet is read whole.
    auto open = [](const std::string& path, std::string& text, io::Table& table) {
        if (path.ends_with(".xlsx")) {
            table = io::read_table(path);
            return io::RowStream::of(table);
        }
        text = io::read_file(path);
        return io::RowStream::csv(text, path);
    };
    std::string households_text, members_text;
    io::Table households_table, members_table;
    const UnitCatalogue units = store.load_units();
    if (units.version_count() == 0)
        throw std::runtime_error("chưa có danh mục đơn vị hành chính; hãy chạy \"units import\" trước");
    const auto keys = env.all_indicator_keys();
    const io::InterchangeRules rules{[&](const std::string& code) { return units.contains(code); },
                                     {keys.begin(), keys.end()}, env.today};
    io::ParsedHouseholds parsed = io::parse_interchange(open(households_path, households_text, households_table),
                                                        open(members_path, members_text, members_table), rules);
    result.problems = std::move(parsed.problems);
    result.households = parsed.batch.households();
    result.members = parsed.batch.members();
    if (!result.problems.empty() || dry_run) return result;
    store::Actor source = actor;
    if (source.source.empty()) source.source = households_path + " + " + members_path;
    result.summary = store.apply_batch(parsed.batch, source);
    return result;
}

void export_households(store::Store& store, const std::string& households_path, const std::string& members_path) {
    std::vector<Household> households;
    for (auto& stored : store.load_households()) households.push_back(std::move(stored.household));
    const io::Table h = io::households_table(households);
    const io::Table m = io::members_table(households);
    if (households_path.ends_with(".xlsx")) io::write_xlsx_table(households_path, h, "households", io::kHouseholdNumericColumns);
    else io::write_table(households_path, h);
    io::write_table(members_path, m);
}

}  // namespace giamngheo::app
