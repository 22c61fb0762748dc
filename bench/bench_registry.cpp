// Registry and review throughput for one province: generate N synthetic households, import
// them into a fresh SQLite store, run and export a review round, compute statistics, export the
// registry. Baseline in the same run: the sqlite3 shell's .import of the same two CSV files
// into bare tables (the cost of merely getting the rows into SQLite).
//
// Usage: bench_registry [--units DIR] [--households N] [--scope CODE|all] [--work DIR] [--import-only 1]
// --import-only stops after the import (for the national sizes, where the later steps take
// minutes and are measured in memory by bench_national).
// Prints a Markdown table for docs/PERFORMANCE.md.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <thread>

#include "modules/registry/app/generate.hpp"
#include "platform/huge_pages.hpp"
#include "bench/bench_util.hpp"
#include "modules/registry/app/import_export.hpp"
#include "modules/units/app/import_units.hpp"
#include "storage/open_store.hpp"
#include "modules/review/app/review.hpp"
#include "modules/statistics/app/statistics.hpp"
#include "platform/table.hpp"

namespace {

using namespace giamngheo;
using Clock = std::chrono::steady_clock;
using bench::seconds;

void row(const char* step, double s, double items, const char* unit, const std::string& note = "") {
    std::printf("| %s | %.3f | %.0f %s/s | %s |\n", step, s, items / s, unit, note.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    giamngheo::app::restart_with_huge_pages(argv);
    std::string units = "../shared/data/admin-units", scope = "38", work = "/tmp/giamngheo-bench";
    long households = 100000;
    bool import_only = false;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i], value = argv[i + 1];
        if (key == "--units") units = value;
        else if (key == "--households") households = std::stol(value);
        else if (key == "--scope") scope = value == "all" ? "" : value;
        else if (key == "--import-only") import_only = value == "1";
        else if (key == "--work") work = value;
    }
    std::filesystem::remove_all(work);
    std::filesystem::create_directories(work);
    const app::Environment env = app::Environment::from_process();
    const store::Actor actor{"bench", "bench_registry"};

    app::GenerateResult generated;
    const double t_generate = seconds([&] {
        generated = app::generate_households(env, {units, households, 42, work + "/data", scope, 2025});
    });
    const std::string h = work + "/data/households.csv", m = work + "/data/members.csv";

    const std::string baseline_db = work + "/baseline.db";
    const std::string baseline_cmd = "sqlite3 '" + baseline_db + "' -cmd '.mode csv' '.import " + h +
                                     " households' '.import " + m + " members' >/dev/null";
    const double t_baseline = seconds([&] {
        if (std::system(baseline_cmd.c_str()) != 0) std::fprintf(stderr, "baseline failed\n");
    });
    // Its gigabytes would otherwise be written back to disk while the import is timed.
    std::filesystem::remove(baseline_db);

    auto store = store::open_store(work + "/bench.db");
    app::import_units(*store, units, actor);
    app::HouseholdImportResult imported;
    double import_peak_gib = 0;
    const double t_import = seconds([&] {
        import_peak_gib = bench::peak_anonymous_gib([&] { imported = app::import_households(*store, env, h, m, false, actor); });
    });
    if (!imported.problems.empty()) {
        std::fprintf(stderr, "import problems: %zu\n", imported.problems.size());
        return 1;
    }
    auto machine = [&] {
        std::printf("Machine: %s, %u cores; %ld households, %ld members, %zu communes%s%s\n\n",
                    bench::cpu_model().c_str(), std::thread::hardware_concurrency(), generated.households,
                    generated.members, generated.communes, scope.empty() ? "" : " of province ", scope.c_str());
        std::printf("| step | seconds | throughput | note |\n|---|---|---|---|\n");
    };
    const double n = static_cast<double>(generated.households);
    char ratio[64];
    std::snprintf(ratio, sizeof ratio, "%.2f× the baseline's time; peak %.2f GiB anonymous", t_import / t_baseline,
                  import_peak_gib);
    if (import_only) {
        machine();
        row("generate CSV", t_generate, n, "households");
        row("baseline: sqlite3 .import of both CSVs", t_baseline, n, "households");
        row("import (validate + versioned write)", t_import, static_cast<double>(generated.members), "member rows", ratio);
        return 0;
    }
    app::RunResult round;
    app::RoundSpec spec;
    spec.year = 2025;
    spec.scope = scope;
    spec.reference_date = {2025, 11, 1};
    spec.standard = "vn-2022";
    const double t_review = seconds([&] { round = app::run_round(*store, env, spec, actor); });
    const double t_export = seconds([&] {
        app::write_results_csv(*store, round.round_id, work + "/results.csv");
    });
    const double t_stats = seconds([&] {
        app::StatsRequest request;
        request.round_id = round.round_id;
        request.level = UnitLevel::commune;
        io::write_table(work + "/stats.csv", app::round_statistics(*store, env, request).table);
    });
    const double t_live = seconds([&] {
        app::LiveStatsRequest live;
        live.request.level = UnitLevel::commune;
        live.reference_date = {2025, 11, 1};
        live.year = 2025;
        io::write_table(work + "/live.csv", app::live_statistics(*store, env, live).table);
    });
    const double t_registry_export = seconds([&] {
        app::export_households(*store, work + "/export-h.csv", work + "/export-m.csv");
    });

    machine();
    row("generate CSV", t_generate, n, "households");
    row("baseline: sqlite3 .import of both CSVs", t_baseline, n, "households");
    row("import (validate + versioned write)", t_import, static_cast<double>(generated.members), "member rows", ratio);
    row("review run (classify + transitions + store)", t_review, n, "households");
    row("results.csv export", t_export, n, "households");
    row("stats by commune", t_stats, n, "households");
    row("live stats by commune (the registry as it is now)", t_live, n, "households");
    row("registry export (both files)", t_registry_export, n, "households");
    return 0;
}
