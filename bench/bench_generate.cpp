// Synthetic registry generation: `giamngheo generate` of N households to CSV. Baseline in the
// same run: `cp` of the two files it wrote (the cost of merely writing that many bytes through
// the file system, with the text already made).
//
// Usage: bench_generate [--units DIR] [--households N] [--scope CODE] [--work DIR]
// Prints a Markdown table for docs/PERFORMANCE.md.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "modules/registry/app/generate.hpp"
#include "bench/bench_util.hpp"

int main(int argc, char** argv) {
    using namespace giamngheo;
    std::string units = "../shared/data/admin-units", scope, work = "/tmp/giamngheo-bench-generate";
    long households = 5000000;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i], value = argv[i + 1];
        if (key == "--units") units = value;
        else if (key == "--households") households = std::stol(value);
        else if (key == "--scope") scope = value;
        else if (key == "--work") work = value;
    }
    std::filesystem::remove_all(work);
    std::filesystem::create_directories(work + "/copy");
    const app::Environment env = app::Environment::from_process();

    app::GenerateResult generated;
    const double t_generate = bench::seconds([&] {
        generated = app::generate_households(env, {units, households, 42, work + "/data", scope, 2025});
    });
    const auto bytes = std::filesystem::file_size(work + "/data/households.csv") +
                       std::filesystem::file_size(work + "/data/members.csv");
    const std::string copy = "cp '" + work + "/data/households.csv' '" + work + "/data/members.csv' '" + work + "/copy/'";
    const double t_copy = bench::seconds([&] {
        if (std::system(copy.c_str()) != 0) std::fprintf(stderr, "baseline failed\n");
    });

    std::printf("Machine: %s, %u cores; %ld households, %ld members, %zu communes%s%s; %.2f GB of CSV\n\n",
                bench::cpu_model().c_str(), std::thread::hardware_concurrency(), generated.households, generated.members,
                generated.communes, scope.empty() ? "" : " of ", scope.c_str(), static_cast<double>(bytes) / 1e9);
    std::printf("| step | seconds | throughput | note |\n|---|---|---|---|\n");
    std::printf("| baseline: cp of both files | %.3f | %.0f MB/s | |\n", t_copy, static_cast<double>(bytes) / 1e6 / t_copy);
    std::printf("| generate CSV | %.3f | %.0f households/s | %.2f× the baseline's time |\n", t_generate,
                static_cast<double>(generated.households) / t_generate, t_generate / t_copy);
    std::filesystem::remove_all(work);
}
