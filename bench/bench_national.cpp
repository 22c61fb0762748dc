// National-scale review and statistics from the columnar image.
//
//   bench_national --households N [--units DIR] [--work DIR] [--threads T] [--baselines]
//
// 1. N synthetic households for all 3,321 communes of the 2025 map, built in memory.
// 2. Review: the compiled batch classifier on one core and on every core; baseline in the same
//    run: the reference per-household classify() on a sample.
// 3. Aggregation of everything: one pass into the cube (commune × 64 subgroup cells, over the
//    image ordered by commune as a registry keeps it; T threads), then every commune and
//    province, the country, 12 subgroups each, all measures.
//    Baselines in the same run on the same classified households (written to CSV; loading is
//    timed apart): the same aggregation with pandas (bench/baseline_pandas.py) and as SQL
//    GROUP BY in SQLite.
// Prints a Markdown table; peak memory from getrusage.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <algorithm>
#include <map>
#include <type_traits>
#include <thread>

#include "platform/environment.hpp"
#include "platform/huge_pages.hpp"
#include "bench/bench_util.hpp"
#include "kernel/batch_review.hpp"
#include "modules/statistics/domain/cube.hpp"
#include "kernel/placement.hpp"
#include "modules/registry/domain/synthetic.hpp"
#include "kernel/vocabulary.hpp"
#include "modules/units/formats/unit_files.hpp"

namespace {

using namespace giamngheo;
using Clock = std::chrono::steady_clock;
using bench::seconds;

double peak_gib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / (1024.0 * 1024.0);
}

// Runs `command` and returns its wall time; the command prints its own result lines.
double timed_system(const std::string& command) {
    return seconds([&] {
        if (std::system(command.c_str()) != 0) std::fprintf(stderr, "failed: %s\n", command.c_str());
    });
}

}  // namespace

int main(int argc, char** argv) {
    giamngheo::app::restart_with_huge_pages(argv);
    std::string units_dir = "../shared/data/admin-units", work = "/tmp/giamngheo-national";
    long n = 1000000;
    bool baselines = false;
    unsigned aggregation_threads = std::max(1u, std::thread::hardware_concurrency());
    for (int i = 1; i < argc; ++i) {
        const std::string key = argv[i];
        if (key == "--baselines") baselines = true;
        else if (i + 1 < argc && key == "--households") n = std::stol(argv[++i]);
        else if (i + 1 < argc && key == "--units") units_dir = argv[++i];
        else if (i + 1 < argc && key == "--work") work = argv[++i];
        else if (i + 1 < argc && key == "--threads") aggregation_threads = static_cast<unsigned>(std::stoul(argv[++i]));
    }
    std::filesystem::create_directories(work);
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    const app::Environment env = app::Environment::from_process();
    const Standard standard = app::standard_from_document(env.standard_document("vn-2022"));
    const Date reference{2025, 11, 1};

    const io::UnitFiles files = io::read_unit_files(units_dir);
    UnitCatalogue units;
    for (const auto& u : files.units) units.add(u);
    for (const auto& l : files.lineage) units.add_lineage(l);
    const Placer placer(units, env.area_rules());
    const AreaRules area_rules = env.area_rules();
    std::vector<SyntheticCommune> communes;
    for (const UnitVersion* c : units.units(UnitMap::map2025, UnitLevel::commune, reference))
        communes.push_back({c->code, area_rules.area_of(*c), {0.02, 0.025, 0.15}});

    // 1. The image.
    RegistryImage image;
    image.reserve(static_cast<std::size_t>(n), static_cast<std::size_t>(n) * 4);
    SyntheticOptions options;
    options.seed = 2025;
    const SyntheticGenerator generator(communes, options);
    const double t_build = seconds([&] {
        constexpr long kChunk = 8192;
        std::vector<std::vector<Household>> chunks(threads, std::vector<Household>(kChunk));
        for (long first = 0; first < n; first += kChunk * static_cast<long>(threads)) {
            std::vector<std::thread> workers;
            for (unsigned t = 0; t < threads; ++t)
                workers.emplace_back([&, t] {
                    for (long k = 0; k < kChunk; ++k) {
                        const long i = first + static_cast<long>(t) * kChunk + k;
                        if (i < n) generator.generate(static_cast<std::uint64_t>(i), chunks[t][static_cast<std::size_t>(k)]);
                    }
                });
            for (auto& w : workers) w.join();
            for (unsigned t = 0; t < threads; ++t)
                for (long k = 0; k < kChunk; ++k)
                    if (first + static_cast<long>(t) * kChunk + k < n) image.append(chunks[t][static_cast<std::size_t>(k)]);
        }
    });

    // Area and commune of every household, resolved once per distinct unit code.
    std::vector<std::uint8_t> unit_area(image.units.size());
    std::vector<std::int32_t> unit_group(image.units.size(), -1);
    std::vector<std::string> group_codes;
    std::map<std::string, std::int32_t> group_of;
    for (std::size_t u = 1; u < image.units.size(); ++u) {
        const std::string& code = image.units.at(static_cast<std::int32_t>(u));
        unit_area[u] = code_id(CodeField::area, placer.area({code, ""}, "", reference));
        const Placement p = placer.group({code, ""}, "", UnitLevel::commune, UnitMap::map2025, reference);
        if (p.commune.empty()) continue;
        auto [it, inserted] = group_of.emplace(p.commune, static_cast<std::int32_t>(group_codes.size()));
        if (inserted) group_codes.push_back(p.commune);
        unit_group[u] = it->second;
    }
    const std::size_t households = image.households();
    std::vector<std::uint8_t> area(households), urban(households);
    std::vector<std::int32_t> group(households);
    std::vector<std::uint16_t> members(households);
    for (std::size_t i = 0; i < households; ++i) {
        const auto u = static_cast<std::size_t>(image.unit[i]);
        area[i] = image.area[i] ? image.area[i] : unit_area[u];
        urban[i] = area[i] == code_id(CodeField::area, "urban");
        group[i] = unit_group[u];
        members[i] = static_cast<std::uint16_t>(image.member_begin[i + 1] - image.member_begin[i]);
    }

    // 2. Review.
    const BatchClassifier classifier(standard, reference, 2025, image);
    RoundColumns round;
    round.resize(households);
    const double t_review_1 = seconds([&] { classifier.classify(image, area, 0, households, round); });
    const double t_review_all = seconds([&] {
        std::vector<std::thread> workers;
        for (unsigned t = 0; t < threads; ++t)
            workers.emplace_back([&, t] {
                classifier.classify(image, area, households * t / threads, households * (t + 1) / threads, round);
            });
        for (auto& w : workers) w.join();
    });
    const std::size_t sample = std::min<std::size_t>(households, 200000);
    std::vector<Household> objects(sample);
    for (std::size_t i = 0; i < sample; ++i) generator.generate(i, objects[i]);
    long reference_poor = 0;
    const double t_reference = seconds([&] {
        for (std::size_t i = 0; i < sample; ++i) {
            const std::string a = area[i] == 2 ? "urban" : area[i] == 1 ? "rural" : "";
            reference_poor += classify(objects[i], standard, {reference, 2025, a}).household_class == HouseholdClass::poor;
        }
    });

    // 3. Aggregation of everything.
    const int d = classifier.indicator_count();
    const AfOptions af = AfOptions::equal(d, standard.poor_min_deprivations);
    const CubeInput input{households, d, group.data(), round.household_class.data(), round.flags.data(), urban.data(),
                          members.data(), round.deprived.data(), round.unknown.data(), nullptr, nullptr};
    double checksum = 0;
    long outputs = 0;
    std::uint64_t national_poor = 0;
    double national_m0 = 0;
    // For comparison: the pass over the households in generation order (random communes).
    const double t_pass_one = seconds([&] {
        StatsCube cube(static_cast<int>(group_codes.size()), d, af);
        cube.add(input, 0, households);
    });
    // The same pass over the columns ordered by commune, as a registry keeps its households
    // (the store loads them by id, which files group by unit); the reordering is not timed.
    std::vector<std::uint32_t> order(households);
    for (std::size_t i = 0; i < households; ++i) order[i] = static_cast<std::uint32_t>(i);
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return group[a] < group[b]; });
    auto permuted = [&](const auto& column) {
        std::remove_cvref_t<decltype(column)> out(column.size());
        for (std::size_t i = 0; i < households; ++i) out[i] = column[order[i]];
        return out;
    };
    const auto o_group = permuted(group);
    const auto o_class = permuted(round.household_class), o_flags = permuted(round.flags), o_urban = permuted(urban);
    const auto o_members = permuted(members);
    const auto o_deprived = permuted(round.deprived), o_unknown = permuted(round.unknown);
    const CubeInput ordered{households, d, o_group.data(), o_class.data(), o_flags.data(), o_urban.data(),
                            o_members.data(), o_deprived.data(), o_unknown.data(), nullptr, nullptr};
    double t_pass = 0;
    const auto aggregation_start = Clock::now();
    const double t_aggregate = seconds([&] {
        const unsigned threads = aggregation_threads;
        std::vector<StatsCube> cubes(threads, StatsCube(static_cast<int>(group_codes.size()), d, af));
        std::vector<std::thread> workers;
        for (unsigned t = 0; t < threads; ++t)
            workers.emplace_back([&, t] { cubes[t].add(ordered, households * t / threads, households * (t + 1) / threads); });
        for (auto& w : workers) w.join();
        for (unsigned t = 1; t < threads; ++t) cubes[0].merge(cubes[t]);
        const StatsCube& cube = cubes[0];
        // Every commune, every province (roll-up through the 2025 map), the country; each with 12 subgroups.
        std::map<std::string, std::vector<int>> provinces;
        std::vector<std::vector<int>> units_to_report;
        for (std::size_t g = 0; g < group_codes.size(); ++g) {
            units_to_report.push_back({static_cast<int>(g)});
            provinces[units.ancestor(group_codes[g], UnitMap::map2025, UnitLevel::province).value_or("?")].push_back(static_cast<int>(g));
        }
        for (auto& [code, groups] : provinces) units_to_report.push_back(groups);
        std::vector<int> all;
        for (std::size_t g = 0; g < group_codes.size(); ++g) all.push_back(static_cast<int>(g));
        all.push_back(-1);
        units_to_report.push_back(all);
        const int masks[] = {1 << kUrbanBit, kEthnicMinority, kFemaleHead, kRevolutionaryMerit, kNoLabourCapacity,
                             kSocialProtectionOnly};
        t_pass = std::chrono::duration<double>(Clock::now() - aggregation_start).count();
        for (const auto& groups : units_to_report) {
            const StatsCube::Block block = cube.block(groups);
            const Measures m = cube.measures(cube.totals(block));
            checksum += m.M0 + m.poor_rate;
            ++outputs;
            for (int mask : masks)
                for (int value : {0, mask}) {
                    checksum += cube.measures(cube.totals(block, mask, value)).M0;
                    ++outputs;
                }
        }
        const CellTotals national = cube.totals(all);
        national_poor = national.by_class[0];
        national_m0 = cube.measures(national).M0;
    });

    // Baselines on the same classified households.
    double t_write = 0, t_pandas_read = 0, t_pandas = 0, t_sqlite_load = 0, t_sqlite = 0;
    if (baselines) {
        const std::string csv = work + "/classified.csv";
        t_write = seconds([&] {
            std::ofstream out(csv);
            std::string line = "commune,province,flags,urban,members,class,complete";
            for (int j = 0; j < d; ++j) line += ",d" + std::to_string(j);
            out << line << "\n";
            std::vector<std::string> province_of(group_codes.size());
            for (std::size_t g = 0; g < group_codes.size(); ++g)
                province_of[g] = units.ancestor(group_codes[g], UnitMap::map2025, UnitLevel::province).value_or("?");
            std::string buffer;
            for (std::size_t i = 0; i < households; ++i) {
                const bool placed = group[i] >= 0;
                buffer += placed ? group_codes[static_cast<std::size_t>(group[i])] : "UNPLACED";
                buffer += ',';
                buffer += placed ? province_of[static_cast<std::size_t>(group[i])] : "UNPLACED";
                buffer += ',' + std::to_string(round.flags[i] & 31) + ',' + std::to_string(urban[i]) + ',' +
                          std::to_string(members[i]) + ',' + std::to_string(round.household_class[i]) + ',' +
                          ((round.unknown[i] & ((1u << d) - 1)) ? "0" : "1");
                for (int j = 0; j < d; ++j) buffer += (round.deprived[i] >> j) & 1 ? ",1" : ",0";
                buffer += '\n';
                if (buffer.size() > (1 << 20)) {
                    out << buffer;
                    buffer.clear();
                }
            }
            out << buffer;
        });
        const std::string script = std::string(GIAMNGHEO_BENCH_DIR) + "/baseline_pandas.py";
        // Debian's interpreter, which has python3-pandas (another python3 may come first on PATH).
        std::filesystem::remove(work + "/pandas-timing.txt");  // a failed run must not report an older one
        timed_system("/usr/bin/python3 '" + script + "' '" + csv + "' " + std::to_string(d) + " " +
                     std::to_string(standard.poor_min_deprivations) + " '" + work + "/pandas-timing.txt'");
        if (!(std::ifstream(work + "/pandas-timing.txt") >> t_pandas_read >> t_pandas))
            std::fprintf(stderr, "pandas baseline did not finish (see its message above)\n");
        const std::string db = work + "/classified.db";
        std::filesystem::remove(db);
        t_sqlite_load = timed_system("sqlite3 '" + db + "' -cmd '.mode csv' '.import " + csv + " classified' >/dev/null");
        std::string sums;
        for (int j = 0; j < d; ++j)
            sums += ", SUM(complete * d" + std::to_string(j) + "), SUM(complete * poor * d" + std::to_string(j) + ")";
        std::string score = "(0";
        for (int j = 0; j < d; ++j) score += " + d" + std::to_string(j);
        score += ")";
        // Cells by commune × flags × urban, as the engine does, then provinces and the country from the cells.
        const std::string sql =
            "CREATE TEMP TABLE scored AS SELECT *, CASE WHEN complete = 1 AND " + score + " >= " +
            std::to_string(standard.poor_min_deprivations) + " THEN 1 ELSE 0 END AS poor, " + score + " AS score FROM classified;"
            "CREATE TEMP TABLE cells AS SELECT commune, province, flags, urban, COUNT(*) AS households, SUM(members) AS members, "
            "SUM(class = 0) AS c0, SUM(class = 1) AS c1, SUM(class = 2) AS c2, SUM(class = 3) AS c3, SUM(class = 4) AS c4, "
            "SUM(complete) AS af_households, SUM(poor) AS af_poor, SUM(poor * score) AS af_score" + sums +
            " FROM scored GROUP BY commune, province, flags, urban;"
            "SELECT COUNT(*) FROM (SELECT commune, SUM(households), SUM(c0), SUM(af_score) * 1.0 / SUM(af_households) FROM cells GROUP BY commune);"
            "SELECT COUNT(*) FROM (SELECT province, SUM(households), SUM(c0), SUM(af_score) * 1.0 / SUM(af_households) FROM cells GROUP BY province);"
            "SELECT 'sqlite national poor', SUM(c0), 'M0', SUM(af_score) * 1.0 / " + std::to_string(d) + " / SUM(af_households) FROM cells;";
        std::ofstream(work + "/aggregate.sql") << sql;
        t_sqlite = timed_system("sqlite3 '" + db + "' < '" + work + "/aggregate.sql'");
    }

    std::printf("\nMachine: %u cores; %zu households, %zu members, %zu communes; standard %s; checksum %.6f over %ld outputs\n",
                threads, households, image.members(), group_codes.size(), standard.id.c_str(), checksum, outputs);
    std::printf("engine national poor %llu, M0 %.6f; reference sample poor %ld of %zu\n\n",
                static_cast<unsigned long long>(national_poor), national_m0, reference_poor, sample);
    std::printf("| step | seconds | throughput | ratio |\n|---|---|---|---|\n");
    std::printf("| build the image (generate in memory) | %.2f | %.0f households/s | |\n", t_build, households / t_build);
    std::printf("| baseline: reference classify(), one core, %zu households | %.3f | %.0f households/s | 1 |\n", sample,
                t_reference, sample / t_reference);
    std::printf("| review, batch engine, one core | %.3f | %.0f households/s | %.1f× reference |\n", t_review_1,
                households / t_review_1, (households / t_review_1) / (sample / t_reference));
    std::printf("| review, batch engine, %u cores | %.3f | %.0f households/s | |\n", threads, t_review_all,
                households / t_review_all);
    std::printf("| aggregation of everything (%ld unit × subgroup outputs), %u thread(s) | %.3f | %.0f households/s | |\n",
                outputs, aggregation_threads, t_aggregate, households / t_aggregate);
    std::printf("| … of which the pass over households | %.3f | | |\n", t_pass);
    std::printf("| (for comparison: the pass on one core, households in random commune order) | %.3f | %.0f households/s | |\n",
                t_pass_one, households / t_pass_one);
    if (baselines) {
        std::printf("| (write the classified households as CSV for the baselines) | %.2f | | |\n", t_write);
        std::printf("| (baseline: pandas read_csv) | %.2f | | |\n", t_pandas_read);
        std::printf("| baseline: pandas, the same aggregation (after the read) | %.2f | | %.0f× our aggregation |\n",
                    t_pandas, t_pandas / t_aggregate);
        std::printf("| (baseline: sqlite3 .import of the CSV) | %.2f | | |\n", t_sqlite_load);
        std::printf("| baseline: SQLite GROUP BY, the same aggregation | %.2f | | %.0f× our aggregation |\n", t_sqlite,
                    t_sqlite / t_aggregate);
    }
    std::printf("| peak memory | %.2f GiB | | |\n", peak_gib());
    return 0;
}
