// Deterministic synthetic households for tests, demos and benchmarks. Household i depends
// only on (seed, i, the commune list), so any slice can be regenerated and generation can be
// streamed. The spread follows per-region rates (data/synthetic/regions-2025.json).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "kernel/household.hpp"

namespace giamngheo {

struct SyntheticRegion {
    double poor_rate = 0;
    double near_poor_rate = 0;
    double ethnic_minority_share = 0;
};

struct SyntheticCommune {
    std::string code;  // must need no CSV quoting (no comma, double quote or line break)
    std::string area;  // rural / urban
    SyntheticRegion region;
};

struct SyntheticOptions {
    std::uint64_t seed = 1;
    double missing_answer_rate = 0.01;
    int reference_year = 2025;  // ages are drawn relative to it
};

class SyntheticGenerator {
public:
    // Throws std::invalid_argument when a commune code would need CSV quoting.
    SyntheticGenerator(std::vector<SyntheticCommune> communes, SyntheticOptions options);
    // Fills `out` with household number `index` (0-based).
    void generate(std::uint64_t index, Household& out) const;
    // Appends household number `index` as one households.csv row (the interchange columns
    // without current_unit_code) and its members as members.csv rows, into two different
    // strings; returns the number of members. The text is byte for byte what
    // io::append_csv_row writes for the fields of generate()'s Household: no generated value
    // needs quoting, so none is quoted. Allocates nothing beyond the growth of the strings.
    int append_csv(std::uint64_t index, std::string& households_csv, std::string& members_csv) const;

private:
    std::vector<SyntheticCommune> communes_;
    SyntheticOptions options_;
};

}  // namespace giamngheo
