// Statistics of a review round: counts and rates by class, and the Alkire–Foster measures
// (H, A, M0, uncensored and censored headcount ratios, contributions), for any grouping of
// households. The round is held as contiguous columns and aggregated in one pass.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/classify.hpp"

namespace giamngheo {

// A round's results as columns; household i is row i.
struct RoundFrame {
    int indicator_count = 0;
    std::vector<std::int32_t> group;       // group index, -1 when the household cannot be placed
    std::vector<std::uint8_t> household_class;
    std::vector<std::uint8_t> flags;       // HouseholdFlag bits
    std::vector<std::int32_t> members;
    std::vector<std::uint8_t> indicators;  // row-major households × indicator_count, Tri values

    [[nodiscard]] std::size_t size() const { return group.size(); }
    void add(std::int32_t group_index, HouseholdClass c, std::uint8_t household_flags, std::int32_t member_count,
             const std::vector<Tri>& values);
};

// Alkire–Foster identification: weights per indicator (summing to 1) and the cutoff k as a
// share of the total weight. Households are the unit of analysis; a household with any
// unknown indicator is left out of the measures.
struct AfOptions {
    std::vector<double> weights;
    double k = 0;
    // Equal weights and k = `min_deprivations` / indicator count (the national 3-of-12 rule).
    static AfOptions equal(int indicator_count, int min_deprivations);
};

struct GroupTotals {
    long households = 0;
    long members = 0;
    long by_class[kHouseholdClassCount] = {};
    long poor_in_excluded = 0;  // poor households in the excluded categories
    long af_households = 0;     // complete households
    long af_poor = 0;
    double af_score_sum = 0;    // sum of the poor households' deprivation scores
    std::vector<long> deprived;  // per indicator, among complete households
    std::vector<long> censored;  // per indicator, among complete poor households

    void merge(const GroupTotals& other);
};

// Totals for groups 0..group_count-1, plus [group_count] = unplaced and [group_count+1] = all.
[[nodiscard]] std::vector<GroupTotals> aggregate(const RoundFrame& frame, int group_count, const AfOptions& af,
                                                 std::uint8_t excluded_flags);

struct Measures {
    double poor_rate = 0, near_poor_rate = 0, multidimensional_rate = 0, poor_rate_excluding = 0;
    double H = 0, A = 0, M0 = 0;
    std::vector<double> h, hk, contribution;  // contribution in percent; NaN when M0 = 0
};

[[nodiscard]] Measures measures(const GroupTotals& totals, const AfOptions& af);

}  // namespace giamngheo
