#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/stats.hpp"

namespace giamngheo {
namespace {

// The Alkire–Foster measures computed the textbook way, one household at a time, as the
// reference for the one-pass columnar engine.
struct Naive {
    double H = 0, A = 0, M0 = 0;
    std::vector<double> h, hk, contribution;
};

Naive naive(const std::vector<std::vector<Tri>>& g, const std::vector<double>& w, double k) {
    const std::size_t d = w.size();
    std::vector<std::vector<int>> complete;
    for (const auto& row : g) {
        bool ok = true;
        for (Tri t : row) ok = ok && t != Tri::unknown;
        if (!ok) continue;
        std::vector<int> x;
        for (Tri t : row) x.push_back(t == Tri::yes ? 1 : 0);
        complete.push_back(x);
    }
    Naive r;
    r.h.assign(d, 0);
    r.hk.assign(d, 0);
    r.contribution.assign(d, 0);
    const double n = static_cast<double>(complete.size());
    double q = 0, sum = 0;
    for (const auto& x : complete) {
        double c = 0;
        for (std::size_t j = 0; j < d; ++j) c += w[j] * x[j];
        const bool poor = c >= k - 1e-9;
        for (std::size_t j = 0; j < d; ++j) {
            r.h[j] += x[j] / n;
            if (poor) r.hk[j] += x[j] / n;
        }
        if (poor) {
            q += 1;
            sum += c;
        }
    }
    r.H = q / n;
    r.A = q > 0 ? sum / q : 0;
    r.M0 = r.H * r.A;
    for (std::size_t j = 0; j < d; ++j) r.contribution[j] = 100 * w[j] * r.hk[j] / r.M0;
    return r;
}

TEST(Stats, AlkireFosterEqualsTheNaiveReferenceOnRandomData) {
    std::mt19937_64 random(20261123);
    for (int trial = 0; trial < 20; ++trial) {
        const int d = 12, n = 2000, groups = 7;
        std::vector<double> w(d);
        double total = 0;
        for (auto& x : w) total += (x = 0.5 + std::uniform_real_distribution<double>(0, 1)(random));
        for (auto& x : w) x /= total;
        AfOptions af{w, 0.2 + 0.1 * (trial % 4)};
        RoundFrame frame;
        frame.indicator_count = d;
        std::vector<std::vector<std::vector<Tri>>> by_group(groups);
        std::vector<std::vector<Tri>> all;
        for (int i = 0; i < n; ++i) {
            std::vector<Tri> row(d);
            for (auto& t : row) {
                const double u = std::uniform_real_distribution<double>(0, 1)(random);
                t = u < 0.3 ? Tri::yes : u < 0.98 ? Tri::no : Tri::unknown;
            }
            const int g = static_cast<int>(random() % groups);
            frame.add(g, HouseholdClass::poor, 0, 4, row);
            by_group[static_cast<std::size_t>(g)].push_back(row);
            all.push_back(row);
        }
        const auto totals = aggregate(frame, groups, af, 0);
        const Naive want = naive(all, w, af.k);
        const Measures got = measures(totals.back(), af);
        EXPECT_NEAR(got.H, want.H, 1e-12);
        EXPECT_NEAR(got.A, want.A, 1e-12);
        EXPECT_NEAR(got.M0, want.M0, 1e-12);
        double contribution_sum = 0;
        for (int j = 0; j < d; ++j) {
            EXPECT_NEAR(got.h[j], want.h[j], 1e-12);
            EXPECT_NEAR(got.hk[j], want.hk[j], 1e-12);
            EXPECT_NEAR(got.contribution[j], want.contribution[j], 1e-9);
            contribution_sum += got.contribution[j];
        }
        EXPECT_NEAR(contribution_sum, 100.0, 1e-9);
        // Subgroup decomposition: M0 = Σ (n_g / n) M0_g.
        double decomposed = 0;
        for (int g = 0; g < groups; ++g) {
            const Naive part = naive(by_group[static_cast<std::size_t>(g)], w, af.k);
            const Measures m = measures(totals[static_cast<std::size_t>(g)], af);
            EXPECT_NEAR(m.M0, part.M0, 1e-12);
            decomposed += static_cast<double>(totals[static_cast<std::size_t>(g)].af_households) /
                          static_cast<double>(totals.back().af_households) * m.M0;
        }
        EXPECT_NEAR(decomposed, got.M0, 1e-12);
    }
}

TEST(Stats, RatesUseAllHouseholdsAsDenominator) {
    // Bình Lương, end of 2022: 40 poor households among 729.
    RoundFrame frame;
    frame.indicator_count = 1;
    for (int i = 0; i < 729; ++i)
        frame.add(0, i < 40 ? HouseholdClass::poor : i < 60 ? HouseholdClass::near_poor : HouseholdClass::above_average,
                  i < 3 ? kSocialProtectionOnly : 0, 3, {Tri::no});
    const AfOptions af = AfOptions::equal(1, 1);
    const auto totals = aggregate(frame, 1, af, kSocialProtectionOnly);
    const Measures m = measures(totals[0], af);
    EXPECT_NEAR(m.poor_rate, 40.0 / 729.0, 1e-15);
    char text[32];
    std::snprintf(text, sizeof text, "%.6f", m.poor_rate);
    EXPECT_STREQ(text, "0.054870");
    EXPECT_NEAR(m.multidimensional_rate, 60.0 / 729.0, 1e-15);
    EXPECT_NEAR(m.poor_rate_excluding, 37.0 / 729.0, 1e-15);
    EXPECT_EQ(totals[0].members, 729 * 3);
}

TEST(Stats, UnplacedHouseholdsAreCountedSeparatelyAndInTheTotal) {
    RoundFrame frame;
    frame.indicator_count = 1;
    frame.add(0, HouseholdClass::poor, 0, 2, {Tri::yes});
    frame.add(-1, HouseholdClass::poor, 0, 5, {Tri::yes});
    const auto totals = aggregate(frame, 1, AfOptions::equal(1, 1), 0);
    EXPECT_EQ(totals[0].households, 1);
    EXPECT_EQ(totals[1].households, 1);
    EXPECT_EQ(totals[2].households, 2);
    EXPECT_EQ(totals[2].members, 7);
}

}  // namespace
}  // namespace giamngheo
