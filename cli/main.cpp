// giamngheo: the command line. Each command is a thin adapter over a use case in app/;
// errors become one clear message on standard error and a non-zero exit status.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "platform/environment.hpp"
#include "modules/registry/app/generate.hpp"
#include "platform/huge_pages.hpp"
#include "modules/registry/app/import_export.hpp"
#include "modules/registry/formats/import_template.hpp"
#include "modules/units/app/import_units.hpp"
#include "modules/review/app/review.hpp"
#include "modules/review/documents/results_list.hpp"
#include "platform/printed_sheet.hpp"
#include "modules/statistics/app/statistics.hpp"
#include "cli/context.hpp"
#include "modules/plans/cli/plan_commands.hpp"
#include "modules/followup/cli/followup_commands.hpp"
#include "modules/procedure/cli/procedure_commands.hpp"
#include "modules/reports/cli/report_commands.hpp"
#include "cli/serve_commands.hpp"
#include "cli/store_commands.hpp"
#include "platform/xlsx.hpp"
#include "kernel/errors.hpp"
#include "kernel/placement.hpp"

namespace {

using namespace giamngheo;

using cli::kExitProblems;

std::string default_db() {
    if (const char* db = std::getenv("GIAMNGHEO_DB"); db && *db) return db;
    const char* home = std::getenv("HOME");
    return std::string(home && *home ? home : ".") + "/.local/share/giamngheo/demo.db";
}

Date parse_date_option(const std::string& text, const char* option) {
    auto date = parse_iso_date(text);
    if (!date) throw_invalid_input(std::string(option) + ": ngày \"" + text + "\" không hợp lệ; cần YYYY-MM-DD");
    return *date;
}

int report_problems(const std::vector<io::Problem>& problems, const std::string& what) {
    for (const auto& p : problems) std::cerr << io::format_problem(p) << "\n";
    std::cerr << what << ": " << problems.size() << " lỗi; không có dữ liệu nào được ghi.\n";
    return kExitProblems;
}

void write_output(const std::string& path, const io::Table& table, const std::set<std::string>& numeric = {},
                  const std::set<std::string>& percent = {}) {
    if (path.ends_with(".xlsx")) {
        io::write_xlsx(path, {io::XlsxSheet{"Sheet1", &table, numeric, percent}});
    } else if (path.ends_with(".json")) {
        nlohmann::json rows = nlohmann::json::array();
        for (const auto& row : table.rows) {
            nlohmann::json object = nlohmann::json::object();
            for (std::size_t c = 0; c < table.header.size() && c < row.size(); ++c) object[table.header[c]] = row[c];
            rows.push_back(std::move(object));
        }
        io::write_file_atomically(path, rows.dump(2) + "\n");
    } else if (path == "-") {
        std::cout << io::to_csv(table);
    } else {
        io::write_table(path, table);
    }
}

// Writes several tables: one sheet each in .xlsx (Vietnamese headings, rates as percentages),
// one key each in .json, and in .csv the first table at `path` and the others beside it.
void write_tables(const std::string& path, const std::vector<std::pair<std::string, const io::Table*>>& tables) {
    if (path.ends_with(".xlsx")) {
        std::vector<io::Table> headed;
        headed.reserve(tables.size());
        std::vector<io::XlsxSheet> sheets;
        for (const auto& [name, table] : tables) {
            io::Table copy = *table;
            std::set<std::string> numeric, percent;
            for (auto& column : copy.header) {
                const bool rate = column.find("rate") != std::string::npos || column.starts_with("h_") ||
                                  column.starts_with("hk_") || column == "H" || column == "M0";
                const bool text = column == "unit_code" || column == "unit_name" || column == "level" ||
                                  column == "subgroup" || column == "measure" || column.ends_with("_class");
                column = app::vietnamese_heading(column);
                if (rate) percent.insert(column);
                else if (!text) numeric.insert(column);
            }
            headed.push_back(std::move(copy));
            sheets.push_back({name, &headed.back(), numeric, percent});
        }
        io::write_xlsx(path, sheets);
    } else if (path.ends_with(".json")) {
        nlohmann::json document = nlohmann::json::object();
        for (const auto& [name, table] : tables) {
            nlohmann::json rows = nlohmann::json::array();
            for (const auto& row : table->rows) {
                nlohmann::json object = nlohmann::json::object();
                for (std::size_t c = 0; c < table->header.size() && c < row.size(); ++c) object[table->header[c]] = row[c];
                rows.push_back(std::move(object));
            }
            document[table == tables.front().second ? "table" : name] = std::move(rows);
        }
        io::write_file_atomically(path, document.dump(2) + "\n");
    } else {
        write_output(path, *tables.front().second);
        const auto dot = path.rfind('.');
        const std::string stem = path == "-" ? "" : path.substr(0, dot);
        if (stem.empty()) return;
        for (std::size_t i = 1; i < tables.size(); ++i)
            io::write_table(stem + "-" + std::to_string(i + 1) + ".csv", *tables[i].second);
    }
}

}  // namespace

int main(int argc, char** argv) {
    giamngheo::app::restart_with_huge_pages(argv);
    CLI::App cli{"giamngheo — quản lý giảm nghèo bền vững: sổ hộ, rà soát hộ nghèo, cận nghèo, thống kê.\n"
                 "Household registry, poverty review and statistics for Vietnam's sustainable poverty-reduction programme."};
    cli.require_subcommand(1);
    cli.footer(cli::kExitStatusHelp);
    cli::Context context{default_db(), app::Environment::from_process(), {}};
    cli.add_option("--db", context.db, "Store: an SQLite file (or sqlite:PATH) or a PostgreSQL URI postgresql://USER@HOST:PORT/DB; default $GIAMNGHEO_DB or ~/.local/share/giamngheo/demo.db");
    if (const char* user = std::getenv("USER"); user && *user) context.actor.user = std::string("cli:") + user;
    register_serve_commands(cli, context);
    register_plan_commands(cli, context);
    register_report_commands(cli, context);
    register_procedure_commands(cli, context);
    register_followup_commands(cli, context);
    register_store_commands(cli, context);
    const std::string& db = context.db;
    const app::Environment& env = context.env;
    store::Actor& actor = context.actor;

    auto* init = cli.add_subcommand("init", "Create the store (or bring its schema up to date)");

    auto* units = cli.add_subcommand("units", "Administrative units");
    units->require_subcommand(1);
    std::string units_dir;
    auto* units_import = units->add_subcommand("import", "Import units-2024.csv, units-2025.csv, the mapping and the changes from DIR");
    units_import->add_option("DIR", units_dir, "Directory with the admin-units files")->required()->check(CLI::ExistingDirectory);
    std::string village_commune, village_name;
    auto* village = units->add_subcommand("village", "Add a village (thôn / tổ dân phố) under a commune");
    village->add_option("--commune", village_commune, "Commune code")->required();
    village->add_option("--name", village_name, "Village name")->required();

    std::string households_path, members_path;
    bool dry_run = false;
    auto* import = cli.add_subcommand("import", "Import households and members (interchange format v1, CSV or XLSX); all or nothing");
    import->add_option("--households", households_path, "households.csv or .xlsx")->required()->check(CLI::ExistingFile);
    import->add_option("--members", members_path, "members.csv or .xlsx")->required()->check(CLI::ExistingFile);
    import->add_flag("--dry-run", dry_run, "Check everything and report, write nothing");

    std::string households_template, members_template;
    auto* import_template = cli.add_subcommand(
        "import-template", "Write the import templates (XLSX with Vietnamese headers, drop-down lists and an example)");
    import_template->add_option("--households", households_template, "Output households template (.xlsx)");
    import_template->add_option("--members", members_template, "Output members template (.xlsx)");

    auto* export_cmd = cli.add_subcommand("export", "Export the registry in the interchange format (CSV or XLSX)");
    export_cmd->add_option("--households", households_path, "Output households file")->required();
    export_cmd->add_option("--members", members_path, "Output members file")->required();

    auto* review = cli.add_subcommand("review", "Review rounds");
    review->require_subcommand(1);
    app::RoundSpec spec;
    std::string reference_date, standard = "vn-2022";
    auto* run = review->add_subcommand("run", "Run a review round on the registry as it is now; prints the new round id");
    run->add_option("--year", spec.year, "Review year")->required();
    run->add_option("--standard", standard, "Poverty standard id (data/standards) or a .json file")->capture_default_str();
    run->add_option("--reference-date", reference_date, "Reference date YYYY-MM-DD (ages are counted at it)")->required();
    run->add_option("--scope", spec.scope, "Unit code (province, district or commune); default: everything");
    run->add_option("--kind", spec.kind, "periodic (định kỳ) or regular (thường xuyên)")->capture_default_str();
    run->add_option("--reason", spec.reason, "Why a second periodic round of the same year and scope is run (audited)");
    std::int64_t round_id = 0;
    std::string decision_date;
    auto* approve = review->add_subcommand("approve", "Approve a round (the commune chairman's recognition decision)");
    approve->add_option("--round", round_id, "Round id")->required();
    approve->add_option("--decision-date", decision_date, "Date of the recognition decision (default: today)");
    std::string approve_reason;
    approve->add_option("--reason", approve_reason,
                        "Why the round is approved while an earlier year's round is still a draft (audited)");
    std::string out_path;
    auto* review_export = review->add_subcommand("export", "Write results.csv of a round");
    review_export->add_option("--round", round_id, "Round id")->required();
    review_export->add_option("--out", out_path, "Output file (.csv, .xlsx, .json, or - for standard output)")->required();
    std::string household_id;
    auto* explain = review->add_subcommand("explain", "Explain, in Vietnamese, why a household got its class");
    explain->add_option("--round", round_id, "Round id")->required();
    explain->add_option("--household", household_id, "Household id")->required();
    std::string what_if_standard;
    auto* what_if = review->add_subcommand("what-if", "Re-classify a round's households under another standard and list the differences");
    what_if->add_option("--round", round_id, "Round id")->required();
    what_if->add_option("--standard", what_if_standard, "Standard to compare with")->required();
    what_if->add_option("--out", out_path, "Output file (default: standard output)");
    auto* review_list = review->add_subcommand("list", "List review rounds");
    std::string list_unit, list_classes = "poor,near_poor";
    auto* official_list = review->add_subcommand(
        "official-list", "The printable list of a unit's poor and near-poor households (XLSX: to post and annex to the decision)");
    official_list->add_option("--round", round_id, "Round id")->required();
    official_list->add_option("--unit", list_unit, "Unit code (a commune, usually)")->required();
    official_list->add_option("--classes", list_classes, "Classes listed, comma-separated")->capture_default_str();
    official_list->add_option("--out", out_path, "Output file (.xlsx)")->required();

    std::string by = "commune", map_text;
    std::optional<int> k;
    auto* stats = cli.add_subcommand("stats", "Statistics of a round by administrative level (stats.csv, .json or .xlsx)");
    stats->add_option("--round", round_id, "Round id");
    bool live = false;
    std::string live_date;
    int live_year = 0;
    stats->add_flag("--live", live, "The registry as it is now, classified without storing a round");
    stats->add_option("--standard", standard, "With --live: the standard")->capture_default_str();
    stats->add_option("--reference-date", live_date, "With --live: the reference date (default: today)");
    stats->add_option("--year", live_year, "With --live: the review year (default: the reference date's)");
    stats->add_option("--by", by, "province | district | commune | village")->capture_default_str()
        ->check(CLI::IsMember({"province", "district", "commune", "village"}));
    stats->add_option("--map", map_text, "2024 or 2025 (default: the map in force at the reference date)")
        ->check(CLI::IsMember({"2024", "2025"}));
    stats->add_option("--k", k, "Alkire–Foster cutoff in deprivations (default: the standard's)");
    std::string weights = "equal", long_path;
    bool by_members = false;
    stats->add_option("--weights", weights, "Alkire–Foster weights: equal, or nested (each dimension equal)")
        ->capture_default_str()->check(CLI::IsMember({"equal", "nested"}));
    stats->add_flag("--by-members", by_members, "Person-weighted rates and H, A, M0");
    stats->add_option("--out", out_path,
                      "Output: .csv (stats.csv of the contract), .json or .xlsx (every table), - for standard output")
        ->required();
    stats->add_option("--long", long_path, "Also write the long results frame (measure, indicator, subgroup, unit, round, value)");

    std::int64_t from_round = 0, to_round = 0;
    auto* compare = cli.add_subcommand("compare", "Compare two rounds: transition matrix and the change of each measure");
    compare->add_option("--from", from_round, "Earlier round id")->required();
    compare->add_option("--to", to_round, "Later round id")->required();
    compare->add_option("--by", by, "province | district | commune | village")->capture_default_str()
        ->check(CLI::IsMember({"province", "district", "commune", "village"}));
    compare->add_option("--map", map_text, "2024 or 2025 (default: the map of the later round)")
        ->check(CLI::IsMember({"2024", "2025"}));
    compare->add_option("--out", out_path, "Output: .xlsx or .json (both tables), or .csv (the changes; the matrix beside it)")
        ->required();

    app::GenerateRequest generate;
    auto* gen = cli.add_subcommand("generate", "Write synthetic households.csv and members.csv (deterministic by seed)");
    gen->add_option("--units", generate.units_dir, "Directory with units-2025.csv")->required()->check(CLI::ExistingDirectory);
    gen->add_option("--households", generate.households, "Number of households")->required();
    gen->add_option("--seed", generate.seed, "Seed")->required();
    gen->add_option("--out-dir", generate.out_dir, "Output directory")->required();
    gen->add_option("--scope", generate.scope, "2025 province or commune code");

    auto* standards = cli.add_subcommand("standards", "List the poverty standards available");
    auto* history = cli.add_subcommand("history", "Show the change history of a household");
    history->add_option("--household", household_id, "Household id")->required();

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e);
    } catch (const std::exception& e) {
        return cli::report_error(e);
    }

    try {
        if (gen->parsed()) {
            const auto result = app::generate_households(env, generate);
            std::cerr << "Đã tạo " << result.households << " hộ, " << result.members << " thành viên trên " << result.communes
                      << " xã vào " << generate.out_dir << "\n";
            return 0;
        }
        if (import_template->parsed()) {
            if (households_template.empty() && members_template.empty())
                throw_invalid_input("cần --households hoặc --members (đường dẫn tệp mẫu .xlsx)");
            if (!households_template.empty()) io::write_import_template(households_template, InterchangeFile::households);
            if (!members_template.empty()) io::write_import_template(members_template, InterchangeFile::members);
            return 0;
        }
        if (standards->parsed()) {
            for (const auto& id : env.standard_ids()) {
                const Standard s = app::standard_from_document(env.standard_document(id));
                std::cout << s.id << "\t" << s.status << "\t" << s.indicators.size() << " chỉ số\t" << s.name << "\n";
            }
            return 0;
        }
        auto store = context.open_store();
        if (init->parsed()) {
            std::cerr << "Cơ sở dữ liệu sẵn sàng: " << store::shown_location(db) << "\n";
        } else if (units_import->parsed()) {
            actor.source = units_dir;
            const auto result = app::import_units(*store, units_dir, actor);
            if (!result.problems.empty()) return report_problems(result.problems, "units import");
            std::cerr << "Đã nhập " << result.units << " phiên bản đơn vị và " << result.lineage << " dòng chuyển đổi\n";
        } else if (village->parsed()) {
            store->add_village(village_commune, village_name, actor);
        } else if (import->parsed()) {
            const auto result = app::import_households(*store, env, households_path, members_path, dry_run, actor);
            if (!result.problems.empty()) return report_problems(result.problems, "import");
            if (dry_run)
                std::cerr << "Kiểm tra xong: " << result.households << " hộ, " << result.members
                          << " thành viên hợp lệ (chạy thử, không ghi dữ liệu)\n";
            else
                std::cerr << "Đã nhập " << result.households << " hộ, " << result.members << " thành viên: "
                          << result.summary.created << " mới, " << result.summary.updated << " cập nhật, "
                          << result.summary.unchanged << " không đổi\n";
        } else if (export_cmd->parsed()) {
            app::export_households(*store, households_path, members_path);
        } else if (run->parsed()) {
            spec.reference_date = parse_date_option(reference_date, "--reference-date");
            spec.standard = standard;
            actor.source = "review run";
            const auto result = app::run_round(*store, env, spec, actor);
            std::cout << result.round_id << "\n";
            std::cerr << "Kỳ rà soát " << result.round_id << ": " << result.households << " hộ; nghèo "
                      << result.by_class[0] << ", cận nghèo " << result.by_class[1] << ", mức sống trung bình "
                      << result.by_class[2] << ", trên trung bình " << result.by_class[3] << ", chưa phân loại "
                      << result.by_class[4] << "\n";
        } else if (approve->parsed()) {
            const Date date = decision_date.empty() ? env.today : parse_date_option(decision_date, "--decision-date");
            app::approve_round(*store, env, round_id, date, actor, approve_reason);
            std::cerr << "Đã phê duyệt kỳ rà soát " << round_id << " (quyết định ngày " << date.vietnamese() << ")\n";
        } else if (review_export->parsed()) {
            if (out_path.ends_with(".csv")) app::write_results_csv(*store, round_id, out_path);
            else write_output(out_path, app::results_table(*store, round_id));
        } else if (explain->parsed()) {
            std::cout << app::explain(*store, round_id, household_id);
        } else if (what_if->parsed()) {
            const auto table = app::what_if(*store, env, round_id, what_if_standard);
            write_output(out_path.empty() ? "-" : out_path, table);
            std::cerr << table.rows.size() << " hộ có thay đổi\n";
        } else if (review_list->parsed()) {
            for (const auto& r : store->rounds())
                std::cout << r.id << "\t" << r.year << "\t" << r.kind << "\t" << (r.scope.empty() ? "*" : r.scope) << "\t"
                          << r.reference_date.iso() << "\t" << r.standard_id << "\t"
                          << (r.status == store::RoundStatus::approved ? "approved " + r.decision_date->iso() : "draft") << "\n";
        } else if (official_list->parsed()) {
            const app::ResultsListRequest request{round_id, list_unit, app::listed_classes(list_classes)};
            const UnitCatalogue units = store->units_of_round(round_id);
            const Placer placer(units, env.area_rules());
            const Date at = app::require_round(*store, round_id).reference_date;
            io::write_printed_xlsx(out_path, {app::results_list(*store, request, [&](const store::ResultRow& row) {
                                       return placer.in_scope({row.unit_code, row.current_unit_code}, list_unit, at);
                                   })});
        } else if (stats->parsed()) {
            app::StatsRequest request;
            request.round_id = round_id;
            parse_unit_level(by, request.level);
            if (!map_text.empty()) request.map = map_text == "2024" ? UnitMap::map2024 : UnitMap::map2025;
            request.k = k;
            request.weights = weights;
            request.by_members = by_members;
            if (live == (round_id != 0))
                throw_invalid_input("cần đúng một trong hai: --round ID hoặc --live");
            app::StatsResult result;
            if (live) {
                const Date date = live_date.empty() ? env.today : parse_date_option(live_date, "--reference-date");
                result = app::live_statistics(*store, env, {request, standard, date, live_year ? live_year : date.year});
            } else {
                result = app::round_statistics(*store, env, request);
            }
            write_tables(out_path, {{"Thống kê", &result.table}, {"Nhóm dân cư", &result.subgroups},
                                    {"Biến động", &result.transitions}});
            if (!long_path.empty()) write_output(long_path, result.long_frame);
            if (result.unplaced > 0) {
                std::cerr << result.unplaced << " hộ không xác định được đơn vị trên bản đồ đã chọn (dòng UNPLACED):\n";
                const std::size_t shown = std::min<std::size_t>(result.unplaced_reasons.size(), 5);
                for (std::size_t r = 0; r < shown; ++r) std::cerr << "  - " << result.unplaced_reasons[r] << "\n";
                if (shown < result.unplaced_reasons.size())
                    std::cerr << "  … và " << result.unplaced_reasons.size() - shown << " lý do tương tự\n";
            }
        } else if (compare->parsed()) {
            app::CompareRequest request{from_round, to_round, UnitLevel::commune, std::nullopt};
            parse_unit_level(by, request.level);
            if (!map_text.empty()) request.map = map_text == "2024" ? UnitMap::map2024 : UnitMap::map2025;
            const auto result = app::compare_rounds(*store, env, request);
            write_tables(out_path, {{"Thay đổi", &result.changes}, {"Ma trận chuyển dịch", &result.matrix}});
        } else if (history->parsed()) {
            for (const auto& entry : store->household_history(household_id))
                std::cout << "phiên bản " << entry.version << "\t" << entry.at << "\t" << entry.user << "\t" << entry.source << "\n";
        }
    } catch (const std::exception& e) {
        return cli::report_error(e);
    }
    return 0;
}
