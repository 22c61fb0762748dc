// One-pass aggregation for every unit, level, subgroup and measure.
//
// Each household adds to exactly one cell: (unit at the finest level asked for) × (subgroup =
// its five household flags and urban/rural, 64 combinations). A cell holds counts only, so any
// unit of a coarser level, any subgroup split (urban/rural, ethnic minority, female head, ...)
// and the country total are sums of cells, and every measure is computed from such a sum.
// Adding is O(indicators) per household over contiguous columns; cubes of disjoint ranges of
// households merge by addition, so the work splits across threads.
#pragma once

#include <cstdint>
#include <vector>

#include "modules/statistics/domain/measures.hpp"
#include "kernel/transition.hpp"

namespace giamngheo {

inline constexpr int kSubgroupCells = 64;  // 5 flag bits + urban bit
inline constexpr int kUrbanBit = 5;

// The households of a round as columns (row i = household i). Optional columns may be null.
struct CubeInput {
    std::size_t households = 0;
    int indicator_count = 0;
    const std::int32_t* group = nullptr;   // finest unit index, −1 when unplaced
    const std::uint8_t* household_class = nullptr;
    const std::uint8_t* flags = nullptr;   // HouseholdFlag bits
    const std::uint8_t* urban = nullptr;   // 1 urban, 0 otherwise
    const std::uint16_t* members = nullptr;
    const std::uint32_t* deprived = nullptr;
    const std::uint32_t* unknown = nullptr;
    const std::uint8_t* transition = nullptr;        // Transition values, optional
    const std::uint8_t* recently_escaped = nullptr;  // optional
};

// Counts of one cell or of any sum of cells.
struct CellTotals {
    std::uint64_t households = 0, members = 0;
    std::uint64_t by_class[kHouseholdClassCount] = {};
    std::uint64_t members_by_class[kHouseholdClassCount] = {};
    std::uint64_t af_households = 0, af_poor = 0, af_members = 0, af_poor_members = 0;
    double af_score = 0, af_score_members = 0;  // Σ c_i(k) over poor households, unweighted and × members
    std::vector<std::uint64_t> deprived, censored;
    std::uint64_t transitions[kTransitionCount] = {};
    std::uint64_t recently_escaped = 0;
};

class StatsCube {
public:
    StatsCube(int groups, int indicator_count, AfOptions af);
    void add(const CubeInput& input, std::size_t begin, std::size_t end);
    // Takes household `row` of `input` out again: with add(), a household that changed is moved
    // from its old values to its new ones without rebuilding, so live figures stay current.
    void remove(const CubeInput& input, std::size_t row);
    void merge(const StatsCube& other);

    [[nodiscard]] int groups() const { return groups_; }
    [[nodiscard]] int indicator_count() const { return d_; }
    // The 64 subgroup cells of a set of groups (−1 = the unplaced households), summed once so
    // that every subgroup of that set is read from it cheaply.
    struct Block {
        std::vector<std::uint64_t> counts;  // summed cells can exceed 32 bits
        std::vector<double> scores;
    };
    [[nodiscard]] Block block(const std::vector<int>& groups) const;
    // The cells of `block` whose subgroup satisfies (cell & subgroup_mask) == subgroup_value.
    [[nodiscard]] CellTotals totals(const Block& block, int subgroup_mask = 0, int subgroup_value = 0) const;
    [[nodiscard]] CellTotals totals(const std::vector<int>& groups, int subgroup_mask = 0, int subgroup_value = 0) const {
        return totals(block(groups), subgroup_mask, subgroup_value);
    }
    [[nodiscard]] CellTotals total(int subgroup_mask = 0, int subgroup_value = 0) const;  // everything, unplaced too

    // Measures of a sum of cells, households as the unit of analysis (or members when `by_members`).
    [[nodiscard]] Measures measures(const CellTotals& totals, bool by_members = false) const;
    [[nodiscard]] const AfOptions& af() const { return af_; }

private:
    // Layout of a cell's counters.
    enum : int { kHouseholds, kMembers, kClass, kMembersClass = kClass + kHouseholdClassCount,
                 kAfHouseholds = kMembersClass + kHouseholdClassCount, kAfPoor, kAfMembers, kAfPoorMembers,
                 kTransitions, kRecentlyEscaped = kTransitions + kTransitionCount, kDeprived };
    [[nodiscard]] int width() const { return kDeprived + 2 * d_; }
    template <class Count>
    static void add_cell(CellTotals& out, const Count* c, const double* score, int d);
    // Adds (sign +1) or removes (−1) the households [begin, end).
    void apply(const CubeInput& input, std::size_t begin, std::size_t end, int sign);

    int groups_;
    int d_;
    AfOptions af_;
    // With equal weights (the national rule) a household's score is its count of deprivations
    // times the weight, so identification is a popcount; 0 when the weights differ.
    double equal_weight_ = 0;
    int cutoff_count_ = 0;
    // (groups + 1) × 64 cells × width(). One cell never counts more than the country's
    // households or members, so 32 bits suffice and halve the memory the pass touches.
    std::vector<std::uint32_t> counts_;
    std::vector<double> scores_;              // (groups + 1) × 64 cells × 2
};

}  // namespace giamngheo
