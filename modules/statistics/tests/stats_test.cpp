#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "modules/statistics/domain/cube.hpp"

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

// Columns of a hand-made round for the cube.
struct Columns {
    std::vector<std::int32_t> group;
    std::vector<std::uint8_t> cls, flags, urban;
    std::vector<std::uint16_t> members;
    std::vector<std::uint32_t> deprived, unknown;
    void add(int g, HouseholdClass c, std::uint8_t f, int m, const std::vector<Tri>& row, bool is_urban = false) {
        group.push_back(g);
        cls.push_back(static_cast<std::uint8_t>(c));
        flags.push_back(f);
        urban.push_back(is_urban);
        members.push_back(static_cast<std::uint16_t>(m));
        std::uint32_t d = 0, u = 0;
        for (std::size_t j = 0; j < row.size(); ++j) {
            if (row[j] == Tri::yes) d |= 1u << j;
            if (row[j] == Tri::unknown) u |= 1u << j;
        }
        deprived.push_back(d);
        unknown.push_back(u);
    }
    CubeInput input(int d) const {
        return {group.size(), d, group.data(), cls.data(), flags.data(), urban.data(), members.data(),
                deprived.data(), unknown.data(), nullptr, nullptr};
    }
};

TEST(Stats, AlkireFosterEqualsTheNaiveReferenceOnRandomData) {
    std::mt19937_64 random(20261123);
    for (int trial = 0; trial < 20; ++trial) {
        const int d = 12, n = 2000, groups = 7;
        std::vector<double> w(d);
        double total = 0;
        for (auto& x : w) total += (x = 0.5 + std::uniform_real_distribution<double>(0, 1)(random));
        for (auto& x : w) x /= total;
        AfOptions af{w, 0.2 + 0.1 * (trial % 4)};
        Columns columns;
        std::vector<std::vector<std::vector<Tri>>> by_group(groups);
        std::vector<std::vector<Tri>> all;
        for (int i = 0; i < n; ++i) {
            std::vector<Tri> row(d);
            for (auto& t : row) {
                const double u = std::uniform_real_distribution<double>(0, 1)(random);
                t = u < 0.3 ? Tri::yes : u < 0.98 ? Tri::no : Tri::unknown;
            }
            const int g = static_cast<int>(random() % groups);
            columns.add(g, HouseholdClass::poor, static_cast<std::uint8_t>(random() % 32), 4, row, random() % 2);
            by_group[static_cast<std::size_t>(g)].push_back(row);
            all.push_back(row);
        }
        // Split the work as the engine does across threads, then merge.
        StatsCube cube(groups, d, af), second(groups, d, af);
        cube.add(columns.input(d), 0, n / 3);
        second.add(columns.input(d), n / 3, n);
        cube.merge(second);
        const CellTotals everything = cube.total();
        const Naive want = naive(all, w, af.k);
        const Measures got = cube.measures(everything);
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
        // Subgroup decomposition by unit: M0 = Σ (n_g / n) M0_g.
        double decomposed = 0;
        for (int g = 0; g < groups; ++g) {
            const CellTotals part = cube.totals({g});
            const Measures m = cube.measures(part);
            EXPECT_NEAR(m.M0, naive(by_group[static_cast<std::size_t>(g)], w, af.k).M0, 1e-12);
            decomposed += static_cast<double>(part.af_households) / static_cast<double>(everything.af_households) * m.M0;
        }
        EXPECT_NEAR(decomposed, got.M0, 1e-12);
        // And by a subgroup of flags: urban and rural add up.
        const CellTotals urban = cube.total(1 << kUrbanBit, 1 << kUrbanBit), rural = cube.total(1 << kUrbanBit, 0);
        EXPECT_EQ(urban.households + rural.households, everything.households);
        EXPECT_NEAR(static_cast<double>(urban.af_households) / everything.af_households * cube.measures(urban).M0 +
                        static_cast<double>(rural.af_households) / everything.af_households * cube.measures(rural).M0,
                    got.M0, 1e-12);
    }
}

TEST(Stats, RatesUseAllHouseholdsAsDenominator) {
    // Bình Lương, end of 2022: 40 poor households among 729.
    Columns columns;
    for (int i = 0; i < 729; ++i)
        columns.add(0, i < 40 ? HouseholdClass::poor : i < 60 ? HouseholdClass::near_poor : HouseholdClass::above_average,
                    i < 3 ? kSocialProtectionOnly : 0, 3, {Tri::no});
    StatsCube cube(1, 1, AfOptions::equal(1, 1));
    cube.add(columns.input(1), 0, 729);
    const CellTotals t = cube.totals({0});
    const Measures m = cube.measures(t);
    EXPECT_NEAR(m.poor_rate, 40.0 / 729.0, 1e-15);
    char text[32];
    std::snprintf(text, sizeof text, "%.6f", m.poor_rate);
    EXPECT_STREQ(text, "0.054870");
    EXPECT_NEAR(m.multidimensional_rate, 60.0 / 729.0, 1e-15);
    EXPECT_EQ(cube.totals({0}, kSocialProtectionOnly, kSocialProtectionOnly).by_class[0], 3u);
    EXPECT_EQ(t.members, 729u * 3);
}

TEST(Stats, UnplacedHouseholdsAreCountedSeparatelyAndInTheTotal) {
    Columns columns;
    columns.add(0, HouseholdClass::poor, 0, 2, {Tri::yes});
    columns.add(-1, HouseholdClass::poor, 0, 5, {Tri::yes});
    StatsCube cube(1, 1, AfOptions::equal(1, 1));
    cube.add(columns.input(1), 0, 2);
    EXPECT_EQ(cube.totals({0}).households, 1u);
    EXPECT_EQ(cube.totals({-1}).households, 1u);
    EXPECT_EQ(cube.total().households, 2u);
    EXPECT_EQ(cube.total().members, 7u);
}

TEST(Stats, ALiveCubeFollowsChangedHouseholdsExactlyAsARebuild) {
    std::mt19937_64 random(3);
    auto row = [&]() {
        std::vector<Tri> r(12);
        for (auto& t : r) t = static_cast<Tri>(random() % 3 == 0 ? 1 : random() % 10 == 0 ? 2 : 0);
        return r;
    };
    Columns before, after;
    for (int i = 0; i < 3000; ++i) {
        const int g = static_cast<int>(random() % 5) - 1;
        const auto cls = static_cast<HouseholdClass>(random() % 5);
        const auto flags = static_cast<std::uint8_t>(random() % 32);
        const auto r = row();
        before.add(g, cls, flags, 1 + static_cast<int>(random() % 6), r, random() % 2);
        after.add(g, cls, flags, before.members.back(), r, before.urban.back());
    }
    // 300 households change: other answers, class, flags, unit.
    std::vector<std::size_t> changed;
    for (int k = 0; k < 300; ++k) {
        const std::size_t i = random() % 3000;
        changed.push_back(i);
        Columns one;
        one.add(static_cast<int>(random() % 5) - 1, static_cast<HouseholdClass>(random() % 5),
                static_cast<std::uint8_t>(random() % 32), 1 + static_cast<int>(random() % 6), row(), random() % 2);
        after.group[i] = one.group[0];
        after.cls[i] = one.cls[0];
        after.flags[i] = one.flags[0];
        after.members[i] = one.members[0];
        after.deprived[i] = one.deprived[0];
        after.unknown[i] = one.unknown[0];
        after.urban[i] = one.urban[0];
    }
    const AfOptions af = AfOptions::equal(12, 3);
    StatsCube live(4, 12, af), rebuilt(4, 12, af);
    live.add(before.input(12), 0, 3000);
    Columns current = before;
    for (std::size_t i : changed) {
        live.remove(current.input(12), i);
        current.group[i] = after.group[i];
        current.cls[i] = after.cls[i];
        current.flags[i] = after.flags[i];
        current.members[i] = after.members[i];
        current.deprived[i] = after.deprived[i];
        current.unknown[i] = after.unknown[i];
        current.urban[i] = after.urban[i];
        live.add(current.input(12), i, i + 1);
    }
    rebuilt.add(after.input(12), 0, 3000);
    for (int g = -1; g < 4; ++g) {
        const CellTotals a = live.totals({g}), b = rebuilt.totals({g});
        EXPECT_EQ(a.households, b.households);
        EXPECT_EQ(a.members, b.members);
        EXPECT_EQ(a.af_poor, b.af_poor);
        EXPECT_EQ(a.deprived, b.deprived);
        EXPECT_EQ(a.censored, b.censored);
        EXPECT_NEAR(live.measures(a).M0, rebuilt.measures(b).M0, 1e-12);
        EXPECT_EQ(live.totals({g}, kFemaleHead, kFemaleHead).households, rebuilt.totals({g}, kFemaleHead, kFemaleHead).households);
    }
}

TEST(Stats, NestedWeightsGiveEachDimensionTheSameWeight) {
    Standard s;
    s.dimensions = {{"a", "A"}, {"b", "B"}};
    for (const char* dimension : {"a", "a", "a", "b"}) {
        IndicatorRule rule;
        rule.dimension = dimension;
        s.indicators.push_back(rule);
    }
    const AfOptions af = AfOptions::nested(s, 1.0 / 3);
    EXPECT_NEAR(af.weights[0], 1.0 / 6, 1e-15);
    EXPECT_NEAR(af.weights[3], 0.5, 1e-15);
}

}  // namespace
}  // namespace giamngheo
