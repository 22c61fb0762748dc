// Options and results of the statistics of a review round (computed by core/cube.hpp): the
// Alkire–Foster identification and the measures of one set of households.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kernel/classify.hpp"
#include "kernel/standard.hpp"

namespace giamngheo {

// Alkire–Foster identification: weights per indicator (summing to 1) and the cutoff k as a
// share of the total weight. Households are the unit of analysis; a household with any
// unknown indicator is left out of the measures.
struct AfOptions {
    std::vector<double> weights;
    double k = 0;
    // Equal weights and k = `min_deprivations` / indicator count (the national 3-of-12 rule).
    static AfOptions equal(int indicator_count, int min_deprivations);
    // Each dimension weighs 1 / dimensions, shared equally by its indicators (the global MPI
    // convention); k as a share of the total weight.
    static AfOptions nested(const Standard& standard, double k);
};

struct Measures {
    double poor_rate = 0, near_poor_rate = 0, multidimensional_rate = 0, poor_rate_excluding = 0;
    double H = 0, A = 0, M0 = 0;
    std::vector<double> h, hk, contribution;  // contribution in percent; NaN when M0 = 0
};

}  // namespace giamngheo
