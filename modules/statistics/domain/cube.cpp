#include "modules/statistics/domain/cube.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace giamngheo {

StatsCube::StatsCube(int groups, int indicator_count, AfOptions af)
    : groups_(groups), d_(indicator_count), af_(std::move(af)) {
    if (!af_.weights.empty() &&
        std::all_of(af_.weights.begin(), af_.weights.end(), [&](double w) { return w == af_.weights.front(); })) {
        equal_weight_ = af_.weights.front();
        cutoff_count_ = static_cast<int>(std::ceil(af_.k / equal_weight_ - 1e-9));
    }
    const std::size_t cells = static_cast<std::size_t>(groups_ + 1) * kSubgroupCells;
    counts_.assign(cells * static_cast<std::size_t>(width()), 0);
    scores_.assign(cells * 2, 0.0);
}

void StatsCube::add(const CubeInput& in, std::size_t begin, std::size_t end) { apply(in, begin, end, 1); }

void StatsCube::remove(const CubeInput& in, std::size_t row) { apply(in, row, row + 1, -1); }

void StatsCube::apply(const CubeInput& in, std::size_t begin, std::size_t end, int sign) {
    // Unsigned counters wrap, so adding the two's complement removes exactly what was added.
    const std::uint32_t one = sign > 0 ? 1u : ~0u;
    const std::size_t w = static_cast<std::size_t>(width());
    const double cutoff = af_.k - 1e-9;
    const double* weights = af_.weights.data();
    const std::uint32_t all_bits = d_ >= 32 ? 0xFFFFFFFFu : (1u << d_) - 1u;
    for (std::size_t i = begin; i < end; ++i) {
        const std::int32_t g = in.group[i] < 0 ? groups_ : in.group[i];
        const std::size_t cell = static_cast<std::size_t>(g) * kSubgroupCells +
                                 (in.flags[i] & 31u) + (static_cast<std::size_t>(in.urban[i] & 1u) << kUrbanBit);
        std::uint32_t* c = counts_.data() + cell * w;
        const std::uint32_t members = in.members[i] * one;
        const std::uint8_t cls = in.household_class[i];
        c[kHouseholds] += one;
        c[kMembers] += members;
        c[kClass + cls] += one;
        c[kMembersClass + cls] += members;
        if (in.transition) c[kTransitions + in.transition[i]] += one;
        if (in.recently_escaped) c[kRecentlyEscaped] += in.recently_escaped[i] * one;
        if (in.unknown[i] & all_bits) continue;
        c[kAfHouseholds] += one;
        c[kAfMembers] += members;
        const std::uint32_t bits = in.deprived[i] & all_bits;
        double score = 0;
        bool poor = false;
        if (equal_weight_ > 0) {
            const int count = __builtin_popcount(bits);
            score = count * equal_weight_;
            poor = count >= cutoff_count_;
        } else {
            for (std::uint32_t b = bits; b; b &= b - 1) score += weights[__builtin_ctz(b)];
            poor = score >= cutoff;
        }
        for (std::uint32_t b = bits; b; b &= b - 1) c[kDeprived + __builtin_ctz(b)] += one;
        if (!poor) continue;
        c[kAfPoor] += one;
        c[kAfPoorMembers] += members;
        for (std::uint32_t b = bits; b; b &= b - 1) c[kDeprived + d_ + __builtin_ctz(b)] += one;
        scores_[cell * 2] += sign * score;
        scores_[cell * 2 + 1] += sign * score * static_cast<double>(in.members[i]);
    }
}

void StatsCube::merge(const StatsCube& other) {
    for (std::size_t k = 0; k < counts_.size(); ++k) counts_[k] += other.counts_[k];
    for (std::size_t k = 0; k < scores_.size(); ++k) scores_[k] += other.scores_[k];
}

template <class Count>
void StatsCube::add_cell(CellTotals& out, const Count* c, const double* score, int d) {
    out.households += c[kHouseholds];
    out.members += c[kMembers];
    for (int k = 0; k < kHouseholdClassCount; ++k) {
        out.by_class[k] += c[kClass + k];
        out.members_by_class[k] += c[kMembersClass + k];
    }
    out.af_households += c[kAfHouseholds];
    out.af_poor += c[kAfPoor];
    out.af_members += c[kAfMembers];
    out.af_poor_members += c[kAfPoorMembers];
    for (int t = 0; t < kTransitionCount; ++t) out.transitions[t] += c[kTransitions + t];
    out.recently_escaped += c[kRecentlyEscaped];
    for (int j = 0; j < d; ++j) {
        out.deprived[static_cast<std::size_t>(j)] += c[kDeprived + j];
        out.censored[static_cast<std::size_t>(j)] += c[kDeprived + d + j];
    }
    out.af_score += score[0];
    out.af_score_members += score[1];
}

StatsCube::Block StatsCube::block(const std::vector<int>& groups) const {
    const std::size_t w = static_cast<std::size_t>(width());
    Block b;
    b.counts.assign(kSubgroupCells * w, 0);
    b.scores.assign(kSubgroupCells * 2, 0.0);
    for (int g : groups) {
        const std::size_t first = static_cast<std::size_t>(g < 0 ? groups_ : g) * kSubgroupCells;
        const std::uint32_t* c = counts_.data() + first * w;
        for (std::size_t k = 0; k < kSubgroupCells * w; ++k) b.counts[k] += c[k];
        const double* s = scores_.data() + first * 2;
        for (std::size_t k = 0; k < kSubgroupCells * 2; ++k) b.scores[k] += s[k];
    }
    return b;
}

CellTotals StatsCube::totals(const Block& b, int mask, int value) const {
    CellTotals out;
    out.deprived.assign(static_cast<std::size_t>(d_), 0);
    out.censored.assign(static_cast<std::size_t>(d_), 0);
    const std::size_t w = static_cast<std::size_t>(width());
    for (int cell = 0; cell < kSubgroupCells; ++cell)
        if ((cell & mask) == value)
            add_cell(out, b.counts.data() + static_cast<std::size_t>(cell) * w, b.scores.data() + cell * 2, d_);
    return out;
}

CellTotals StatsCube::total(int mask, int value) const {
    std::vector<int> all(static_cast<std::size_t>(groups_) + 1);
    for (int g = 0; g < groups_; ++g) all[static_cast<std::size_t>(g)] = g;
    all.back() = -1;
    return totals(all, mask, value);
}

Measures StatsCube::measures(const CellTotals& t, bool by_members) const {
    Measures m;
    const double n = static_cast<double>(by_members ? t.members : t.households);
    const auto* classes = by_members ? t.members_by_class : t.by_class;
    auto count = [&](HouseholdClass c) { return static_cast<double>(classes[static_cast<int>(c)]); };
    if (n > 0) {
        m.poor_rate = count(HouseholdClass::poor) / n;
        m.near_poor_rate = count(HouseholdClass::near_poor) / n;
        m.multidimensional_rate = (count(HouseholdClass::poor) + count(HouseholdClass::near_poor)) / n;
    }
    const double complete = static_cast<double>(by_members ? t.af_members : t.af_households);
    const double poor = static_cast<double>(by_members ? t.af_poor_members : t.af_poor);
    const double score = by_members ? t.af_score_members : t.af_score;
    const std::size_t d = static_cast<std::size_t>(d_);
    m.h.assign(d, 0);
    m.hk.assign(d, 0);
    m.contribution.assign(d, std::numeric_limits<double>::quiet_NaN());
    if (complete > 0) {
        m.H = poor / complete;
        m.A = poor > 0 ? score / poor : 0;
        m.M0 = score / complete;
        for (std::size_t j = 0; j < d; ++j) {
            // Per-indicator ratios are household-based (the cube keeps household counts per indicator).
            const double households = static_cast<double>(t.af_households);
            m.h[j] = households > 0 ? static_cast<double>(t.deprived[j]) / households : 0;
            m.hk[j] = households > 0 ? static_cast<double>(t.censored[j]) / households : 0;
            if (!by_members && m.M0 > 0) m.contribution[j] = 100.0 * af_.weights[j] * m.hk[j] / m.M0;
        }
    }
    return m;
}

}  // namespace giamngheo
