// Writes synthetic households.csv and members.csv for the communes of the 2025 map.
#pragma once

#include <cstdint>
#include <string>

#include "platform/environment.hpp"

namespace giamngheo::app {

struct GenerateRequest {
    std::string units_dir;  // admin-units files (units-2025.csv is used)
    long households = 0;
    std::uint64_t seed = 1;
    std::string out_dir;
    std::string scope;  // a 2025 province or commune code; empty = the whole country
    int reference_year = 2025;  // birth years are drawn relative to it, so output never depends on today
};

struct GenerateResult {
    long households = 0;
    long members = 0;
    std::size_t communes = 0;
};

GenerateResult generate_households(const Environment& env, const GenerateRequest& request);

}  // namespace giamngheo::app
