#include "app/registry.hpp"

#include <stdexcept>
#include <unordered_map>

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
    const io::Table households = io::read_table(households_path);
    // A members CSV is streamed through validation; an XLSX sheet is read whole.
    const bool stream_members = !members_path.ends_with(".xlsx");
    const std::string members_text = stream_members ? io::read_file(members_path) : std::string{};
    const io::Table members_table = stream_members ? io::Table{} : io::read_table(members_path);
    const UnitCatalogue units = store.load_units();
    if (units.version_count() == 0)
        throw std::runtime_error("chưa có danh mục đơn vị hành chính; hãy chạy \"units import\" trước");
    const auto keys = env.all_indicator_keys();
    // Files repeat a few thousand unit codes over millions of rows: decide each code once.
    std::unordered_map<std::string, bool> known_units;
    io::InterchangeRules rules{[&](const std::string& code) {
                                   auto [it, inserted] = known_units.emplace(code, false);
                                   if (inserted) it->second = units.contains(code);
                                   return it->second;
                               },
                               {keys.begin(), keys.end()}, env.today};
    io::ParsedHouseholds parsed =
        io::parse_interchange(households,
                              stream_members ? io::RowStream::csv(members_text, members_path) : io::RowStream::of(members_table),
                              rules);
    result.problems = std::move(parsed.problems);
    result.households = parsed.households.size();
    for (const auto& h : parsed.households) result.members += h.members.size();
    if (!result.problems.empty() || dry_run) return result;
    store::Actor source = actor;
    if (source.source.empty()) source.source = households_path + " + " + members_path;
    result.summary = store.apply_households(parsed.households, source);
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
