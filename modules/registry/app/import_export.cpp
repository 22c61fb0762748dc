#include "modules/registry/app/import_export.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <thread>

#include "platform/csv.hpp"
#include "modules/registry/formats/interchange.hpp"
#include "platform/mapped_file.hpp"
#include "platform/sequential_file.hpp"
#include "platform/xlsx.hpp"
#include "kernel/errors.hpp"

namespace giamngheo::app {

HouseholdImportResult import_households(store::Store& store, const Environment& env, const std::string& households_path,
                                        const std::string& members_path, bool dry_run, const store::Actor& actor) {
    HouseholdImportResult result;
    result.dry_run = dry_run;
    // CSV files are mapped and streamed through validation in one part per core; an XLSX sheet
    // is read whole.
    auto open = [](const std::string& path, std::size_t parts, std::optional<io::MappedFile>& file, io::Table& table) {
        if (path.ends_with(".xlsx")) {
            table = io::read_table(path);
            std::vector<io::RowStream> streams;
            streams.push_back(io::RowStream::of(table));
            return streams;
        }
        file.emplace(path);
        return io::RowStream::csv_parts(*file, path, parts);
    };
    std::optional<io::MappedFile> households_file, members_file;
    io::Table households_table, members_table;
    const UnitCatalogue units = store.load_units();
    if (units.version_count() == 0)
        throw_conflict("chưa có danh mục đơn vị hành chính; hãy chạy \"units import\" trước");
    const auto keys = env.all_indicator_keys();
    const io::InterchangeRules rules{[&](const std::string& code) { return units.contains(code); },
                                     {keys.begin(), keys.end()}, env.today};
    const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
    io::StageOptions options;
    options.keep_members = !dry_run;
    io::StagedImport staged;
    try {
        staged = io::stage_interchange(open(households_path, cores, households_file, households_table),
                                       open(members_path, cores, members_file, members_table), rules, options);
    } catch (const io::FileProblem& e) {  // a file that cannot be read at all: its one problem
        result.problems.push_back(e.problem());
        return result;
    }
    result.problems = std::move(staged.problems);
    result.households = staged.households;
    result.members = staged.members;
    if (!result.problems.empty() || dry_run) return result;
    store::Actor source = actor;
    if (source.source.empty()) source.source = households_path + " + " + members_path;
    result.summary = store.apply_import(*staged.pieces, source);
    return result;
}

void export_households(store::Store& store, const std::string& households_path, const std::string& members_path) {
    if (households_path.ends_with(".xlsx")) {  // a sheet is built whole (and holds at most a million rows)
        std::vector<Household> households;
        for (auto& stored : store.load_households()) households.push_back(std::move(stored.household));
        io::write_xlsx_table(households_path, io::households_table(households), "households", io::kHouseholdNumericColumns);
        io::write_table(members_path, io::members_table(households));
        return;
    }
    // CSV is streamed in two passes over the registry: one to decide the columns, one to write
    // each household with its members.
    io::InterchangeColumns columns;
    store.for_each_household([&](const store::StoredHousehold& stored) { columns.observe(stored.household); });
    io::SequentialFileWriter households(households_path, io::PageCache::use, io::Appearance::when_closed);
    io::SequentialFileWriter members(members_path, io::PageCache::use, io::Appearance::when_closed);
    std::string text;
    io::append_csv_row(text, columns.household_header());
    households.write(text);
    text.clear();
    io::append_csv_row(text, columns.member_header());
    members.write(text);
    store.for_each_household([&](const store::StoredHousehold& stored) {
        const Household& h = stored.household;
        text.clear();
        io::append_csv_row(text, columns.household_row(h));
        households.write(text);
        text.clear();
        for (const auto& m : h.members) io::append_csv_row(text, columns.member_row(h, m));
        members.write(text);
    });
    households.close();
    members.close();
}

}  // namespace giamngheo::app
