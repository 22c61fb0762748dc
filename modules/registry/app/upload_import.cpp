#include "modules/registry/app/upload_import.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "modules/registry/formats/interchange.hpp"
#include "platform/xlsx.hpp"

namespace giamngheo::app {
namespace {

io::Table read_upload(const UploadedFile& file) {
    std::string lower = file.name;
    for (auto& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (lower.ends_with(".xlsx")) return io::read_xlsx_bytes(file.content, file.name);
    return io::parse_csv_table(file.content, file.name);
}

std::string outside(const std::string& household_id, const std::string& unit, const char* where) {
    return "hộ " + household_id + " " + where + " đơn vị " + unit + ", ngoài đơn vị bạn được giao";
}

}  // namespace

UploadImportResult import_upload(store::Store& store, const Environment& env, const UnitCatalogue& units,
                                 const UploadImport& request) {
    UploadImportResult result;
    io::Table households_table, members_table;
    try {
        households_table = read_upload(request.households);
        members_table = read_upload(request.members);
    } catch (const io::FileProblem& e) {
        result.problems.push_back(e.problem());
        return result;
    }
    const auto keys = env.all_indicator_keys();
    const io::InterchangeRules rules{[&](const std::string& code) { return units.contains(code); },
                                     {keys.begin(), keys.end()},
                                     env.today};
    io::ParsedHouseholds parsed = io::parse_interchange(households_table, members_table, rules);
    const HouseholdBatch& batch = parsed.batch;
    const RegistryImage& image = batch.image;
    result.households = batch.households();
    result.members = batch.members();

    std::unordered_map<std::string, long> row_of;
    std::vector<io::Problem> scope_problems;
    for (std::size_t i = 0; i < batch.households(); ++i) {
        const long row = i < parsed.household_rows.size() ? parsed.household_rows[i] : 0;
        row_of[image.household_ids[i]] = row;
        const UnitRef unit{image.units.at(image.unit[i]), image.units.at(image.current_unit[i])};
        if (!request.may_write(unit))
            scope_problems.push_back({households_table.source, row, "unit_code",
                                      outside(image.household_ids[i], unit.code, "ghi trong tệp thuộc")});
    }

    // The registry's side, inside a transaction that is rolled back: refusals, moves and counts.
    std::vector<std::pair<std::string, nlohmann::json>> moves;
    store::WriteCheck check;
    check.dry_run = true;
    check.existing = [&](const Household& stored, const Household& incoming) -> std::string {
        if (!request.may_write({stored.unit_code, stored.current_unit_code}))
            return outside(stored.household_id, stored.unit_code, "đang ở");
        if (stored.unit_code != incoming.unit_code || stored.current_unit_code != incoming.current_unit_code)
            moves.emplace_back(stored.household_id,
                               nlohmann::json{{"old", {{"unit_code", stored.unit_code}, {"current_unit_code", stored.current_unit_code}}},
                                              {"new", {{"unit_code", incoming.unit_code}, {"current_unit_code", incoming.current_unit_code}}}});
        return {};
    };
    result.summary = store.apply_batch(batch, request.actor, check);
    for (const auto& refusal : result.summary.refused)
        scope_problems.push_back({households_table.source, row_of[refusal.household_id], "household_id", refusal.reason});

    result.outside_scope_only = parsed.problems.empty() && !scope_problems.empty();
    result.problems = std::move(scope_problems);
    result.problems.insert(result.problems.end(), parsed.problems.begin(), parsed.problems.end());
    // The households file first, each file in row order, as one reading of both would find them.
    const auto rank = [&](const io::Problem& p) { return std::make_pair(p.file == households_table.source ? 0 : 1, p.row); };
    std::stable_sort(result.problems.begin(), result.problems.end(),
                     [&](const io::Problem& a, const io::Problem& b) { return rank(a) < rank(b); });
    for (const auto& [id, details] : moves) result.moved.push_back(id);
    if (!result.problems.empty() || request.dry_run) return result;

    store::Actor actor = request.actor;
    const nlohmann::json counts = {{"created", result.summary.created},
                                   {"updated", result.summary.updated},
                                   {"unchanged", result.summary.unchanged},
                                   {"files", {request.households.name, request.members.name}}};
    actor.audit.push_back({"households.import", "", "", counts.dump()});
    for (const auto& [id, details] : moves) actor.audit.push_back({"household.move", id, "", details.dump()});
    store::WriteCheck write_check;
    write_check.existing = [&](const Household& stored, const Household&) -> std::string {
        return request.may_write({stored.unit_code, stored.current_unit_code})
                   ? std::string{}
                   : outside(stored.household_id, stored.unit_code, "đang ở");
    };
    result.summary = store.apply_batch(batch, actor, write_check);
    for (const auto& refusal : result.summary.refused)  // another user moved a household in between
        result.problems.push_back({households_table.source, row_of[refusal.household_id], "household_id", refusal.reason});
    if (result.problems.empty()) result.written = image.household_ids;
    return result;
}

}  // namespace giamngheo::app
