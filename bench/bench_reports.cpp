// Reports at national scale: the status board of the whole country (every commune × every form of
// two half-year periods) from the SQLite report store, and the consolidation of a province's
// approved commune reports for every form. Baseline, in the same run: reading the period's report
// rows from the store alone (report_statuses), which the board cannot do without.
//
//   ./build/release/bench/bench_reports [--runs 7]
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "bench/bench_util.hpp"
#include "modules/reports/app/board.hpp"
#include "modules/units/app/import_units.hpp"
#include "storage/open_store.hpp"

using namespace giamngheo;

namespace {

// Figures without a registry: the board and consolidation never read them for the units below.
class ConstantMeasures final : public app::MeasureSource {
  public:
    app::Measures measures(const app::ReportUnit&, const reports::ReportPeriod&, UnitMap, const std::string&,
                           const std::set<std::string>&) override {
        return {{{"registry.households", 1000}, {"registry.poor", 40}, {"registry.near_poor", 60},
                 {"review.households", 1000}, {"review.poor", 40}, {"plan.allocated", 1e9}, {"plan.disbursed", 4e8}},
                {}};
    }
};

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    int runs = 7;
    for (int i = 1; i + 1 < argc; i += 2)
        if (std::string(argv[i]) == "--runs") runs = std::stoi(argv[i + 1]);
    const std::string dir = std::filesystem::temp_directory_path() / ("bench-reports-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string db = dir + "/reports.db";
    app::Environment env;
    env.data_dir = std::string(GIAMNGHEO_BENCH_DIR) + "/../data";
    env.today = {2026, 12, 6};

    auto registry = store::open_store(db);
    const auto imported = app::import_units(*registry, std::string(GIAMNGHEO_BENCH_DIR) + "/../../shared/data/admin-units",
                                            {"bench", "units"});
    if (!imported.problems.empty()) {
        std::cerr << imported.problems.front().message << "\n";
        return 1;
    }
    const UnitCatalogue units = registry->load_units();
    auto reports = store::open_report_store(db);
    const app::ReportCatalogue catalogue = app::ReportCatalogue::load(env);
    ConstantMeasures measures;
    app::ReportDeps deps{catalogue, units, *reports, measures, env.today};

    // Every commune's report of every half-year form, in every state, for two periods.
    const std::vector<std::string> periods = {"2025-H2", "2026-H1"};
    std::vector<const reports::ReportForm*> forms;
    for (const auto& f : catalogue.forms)
        if (std::find(f.period_kinds.begin(), f.period_kinds.end(), "half_year") != f.period_kinds.end()) forms.push_back(&f);
    const auto communes = app::ReportingChain(units, *reports::ReportPeriod::parse("2026-H1")).communes_within("");
    std::mt19937 random(42);
    const reports::ReportState states[] = {reports::ReportState::draft, reports::ReportState::submitted,
                                           reports::ReportState::approved, reports::ReportState::not_reporting};
    std::size_t written = 0;
    const double write_seconds = bench::seconds([&] {
        std::vector<store::ReportWrite> writes;
        for (const auto& period : periods)
            for (const auto* form : forms)
                for (const auto& c : communes) {
                    if (random() % 5 == 0) continue;  // a fifth never started
                    writes.push_back({{form->code, period, c.code}, 0, reports::ReportAction::save, states[random() % 4],
                                      {{"poor.plan", {40.0, ""}}}, reports::CellValues{{"poor.result", {7.0, ""}}}, "", std::nullopt});
                }
        written = writes.size();
        reports->write_reports(writes, {"bench", "bench_reports"});
    });

    std::vector<double> board_times, baseline_times;
    std::size_t rows = 0, stored_rows = 0;
    for (int run = 0; run < runs; ++run) {
        baseline_times.push_back(bench::seconds([&] {
            stored_rows = 0;
            for (const auto& p : periods) stored_rows += reports->report_statuses(p, "").size();
        }));
        board_times.push_back(bench::seconds([&] {
            rows = 0;
            for (const auto& p : periods) rows += app::report_board(deps, {"", p, "", false, true}).rows.size();
        }));
    }

    // A province with 100+ communes, all approved: consolidate every form of its half year.
    const std::string province = "38";
    const auto its_communes = app::ReportingChain(units, *reports::ReportPeriod::parse("2026-H1")).below(province);
    std::vector<store::ReportWrite> approvals;
    for (const auto* form : forms)
        for (const auto& c : its_communes) {
            reports::FillInput input;
            input.measures = measures.measures({}, {}, UnitMap::map2025, "", {}).values;
            const auto values = reports::values_of(reports::fill_report(*form, input));
            approvals.push_back({{form->code, "2026-H1", c.code}, 0, reports::ReportAction::approve,
                                 reports::ReportState::approved, {}, values, "", std::nullopt});
        }
    {
        auto fresh = store::open_report_store(dir + "/province.db");
        fresh->write_reports(approvals, {"bench", "approvals"});
        app::ReportDeps province_deps{catalogue, units, *fresh, measures, env.today};
        std::vector<double> consolidation_times;
        std::size_t cells = 0;
        for (int run = 0; run < runs; ++run)
            consolidation_times.push_back(bench::seconds([&] {
                cells = 0;
                for (const auto* form : forms)
                    cells += app::open_report(province_deps, {form->code, "2026-H1", province}, province).cells.size();
            }));
        std::printf("machine: %s, %u cores\n", bench::cpu_model().c_str(), std::thread::hardware_concurrency());
        std::printf("reports written: %zu (%zu communes × %zu half-year forms × %zu periods, 4/5 started) in %.2f s\n",
                    written, communes.size(), forms.size(), periods.size(), write_seconds);
        std::printf("baseline: read both periods' %zu report rows from the store: median %.1f ms (min %.1f, max %.1f)\n",
                    stored_rows, median(baseline_times) * 1e3, *std::min_element(baseline_times.begin(), baseline_times.end()) * 1e3,
                    *std::max_element(baseline_times.begin(), baseline_times.end()) * 1e3);
        std::printf("board of the whole country, every commune × form, both periods (%zu rows): median %.1f ms (min %.1f, max %.1f), %.2f× the baseline\n",
                    rows, median(board_times) * 1e3, *std::min_element(board_times.begin(), board_times.end()) * 1e3,
                    *std::max_element(board_times.begin(), board_times.end()) * 1e3, median(board_times) / median(baseline_times));
        std::printf("consolidation of %zu communes of province %s for %zu forms (%zu cells): median %.1f ms (min %.1f, max %.1f)\n",
                    its_communes.size(), province.c_str(), forms.size(), cells, median(consolidation_times) * 1e3,
                    *std::min_element(consolidation_times.begin(), consolidation_times.end()) * 1e3,
                    *std::max_element(consolidation_times.begin(), consolidation_times.end()) * 1e3);
    }
    std::filesystem::remove_all(dir);
    return 0;
}
