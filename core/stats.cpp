#include "core/stats.hpp"

#include <cmath>
#include <limits>

namespace giamngheo {

void RoundFrame::add(std::int32_t group_index, HouseholdClass c, std::uint8_t household_flags,
                     std::int32_t member_count, const std::vector<Tri>& values) {
    group.push_back(group_index);
    household_class.push_back(static_cast<std::uint8_t>(c));
    flags.push_back(household_flags);
    members.push_back(member_count);
    for (Tri v : values) indicators.push_back(static_cast<std::uint8_t>(v));
}

AfOptions AfOptions::equal(int indicator_count, int min_deprivations) {
    AfOptions options;
    options.weights.assign(static_cast<std::size_t>(indicator_count), 1.0 / indicator_count);
    options.k = static_cast<double>(min_deprivations) / indicator_count;
    return options;
}

void GroupTotals::merge(const GroupTotals& o) {
    households += o.households;
    members += o.members;
    for (int c = 0; c < kHouseholdClassCount; ++c) by_class[c] += o.by_class[c];
    poor_in_excluded += o.poor_in_excluded;
    af_households += o.af_households;
    af_poor += o.af_poor;
    af_score_sum += o.af_score_sum;
    deprived.resize(std::max(deprived.size(), o.deprived.size()));
    censored.resize(std::max(censored.size(), o.censored.size()));
    for (std::size_t j = 0; j < o.deprived.size(); ++j) deprived[j] += o.deprived[j];
    for (std::size_t j = 0; j < o.censored.size(); ++j) censored[j] += o.censored[j];
}

std::vector<GroupTotals> aggregate(const RoundFrame& frame, int group_count, const AfOptions& af,
                                   std::uint8_t excluded_flags) {
    const auto d = static_cast<std::size_t>(frame.indicator_count);
    std::vector<GroupTotals> totals(static_cast<std::size_t>(group_count) + 2);
    for (auto& t : totals) {
        t.deprived.assign(d, 0);
        t.censored.assign(d, 0);
    }
    // Scores are compared with k at a tolerance far below any weight, so that 3 × (1/12)
    // counts as reaching 3/12 despite rounding.
    const double cutoff = af.k - 1e-9;
    const std::size_t unplaced = static_cast<std::size_t>(group_count);
    for (std::size_t i = 0; i < frame.size(); ++i) {
        GroupTotals& t = totals[frame.group[i] < 0 ? unplaced : static_cast<std::size_t>(frame.group[i])];
        const auto c = frame.household_class[i];
        ++t.households;
        t.members += frame.members[i];
        ++t.by_class[c];
        if (c == static_cast<std::uint8_t>(HouseholdClass::poor) && (frame.flags[i] & excluded_flags)) ++t.poor_in_excluded;
        const std::uint8_t* row = frame.indicators.data() + i * d;
        bool complete = true;
        double score = 0;
        for (std::size_t j = 0; j < d; ++j) {
            complete = complete && row[j] != static_cast<std::uint8_t>(Tri::unknown);
            if (row[j] == static_cast<std::uint8_t>(Tri::yes)) score += af.weights[j];
        }
        if (!complete) continue;
        ++t.af_households;
        const bool poor = score >= cutoff;
        if (poor) {
            ++t.af_poor;
            t.af_score_sum += score;
        }
        for (std::size_t j = 0; j < d; ++j) {
            if (row[j] != static_cast<std::uint8_t>(Tri::yes)) continue;
            ++t.deprived[j];
            if (poor) ++t.censored[j];
        }
    }
    GroupTotals& all = totals.back();
    for (std::size_t g = 0; g + 1 < totals.size(); ++g) all.merge(totals[g]);
    return totals;
}

Measures measures(const GroupTotals& t, const AfOptions& af) {
    Measures m;
    const double n = static_cast<double>(t.households);
    auto count = [&](HouseholdClass c) { return static_cast<double>(t.by_class[static_cast<int>(c)]); };
    if (n > 0) {
        m.poor_rate = count(HouseholdClass::poor) / n;
        m.near_poor_rate = count(HouseholdClass::near_poor) / n;
        m.multidimensional_rate = (count(HouseholdClass::poor) + count(HouseholdClass::near_poor)) / n;
        m.poor_rate_excluding = (count(HouseholdClass::poor) - static_cast<double>(t.poor_in_excluded)) / n;
    }
    const double complete = static_cast<double>(t.af_households);
    const std::size_t d = t.deprived.size();
    m.h.assign(d, 0);
    m.hk.assign(d, 0);
    m.contribution.assign(d, std::numeric_limits<double>::quiet_NaN());
    if (complete > 0) {
        m.H = static_cast<double>(t.af_poor) / complete;
        m.A = t.af_poor > 0 ? t.af_score_sum / static_cast<double>(t.af_poor) : 0;
        m.M0 = t.af_score_sum / complete;
        for (std::size_t j = 0; j < d; ++j) {
            m.h[j] = static_cast<double>(t.deprived[j]) / complete;
            m.hk[j] = static_cast<double>(t.censored[j]) / complete;
            if (m.M0 > 0) m.contribution[j] = 100.0 * af.weights[j] * m.hk[j] / m.M0;
        }
    }
    return m;
}

}  // namespace giamngheo
