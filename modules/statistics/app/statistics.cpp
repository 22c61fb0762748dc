#include "modules/statistics/app/statistics.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include "modules/review/app/review.hpp"
#include "kernel/batch_review.hpp"
#include "modules/statistics/domain/cube.hpp"
#include "kernel/labels_vi.hpp"
#include "kernel/vocabulary.hpp"
#include "kernel/placement.hpp"
#include "kernel/errors.hpp"

namespace giamngheo::app {
namespace {

std::string fraction(double value) {
    if (std::isnan(value) || std::isinf(value)) return "";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6f", value);
    return buf;
}

struct Subgroup {
    const char* name;
    int mask;
    int value;
};
const std::vector<Subgroup>& subgroups() {
    static const std::vector<Subgroup> kSubgroups = {
        {"area=urban", 1 << kUrbanBit, 1 << kUrbanBit},
        {"area=rural", 1 << kUrbanBit, 0},
        {"ethnic_minority=1", kEthnicMinority, kEthnicMinority},
        {"ethnic_minority=0", kEthnicMinority, 0},
        {"female_head=1", kFemaleHead, kFemaleHead},
        {"female_head=0", kFemaleHead, 0},
        {"revolutionary_merit=1", kRevolutionaryMerit, kRevolutionaryMerit},
        {"revolutionary_merit=0", kRevolutionaryMerit, 0},
        {"no_labour_capacity=1", kNoLabourCapacity, kNoLabourCapacity},
        {"no_labour_capacity=0", kNoLabourCapacity, 0},
        {"social_protection_only=1", kSocialProtectionOnly, kSocialProtectionOnly},
        {"social_protection_only=0", kSocialProtectionOnly, 0},
    };
    return kSubgroups;
}

// Everything placed on a map: the unit at the requested level → the cube groups it sums.
struct Layout {
    std::map<std::string, std::vector<int>> units;
    long unplaced = 0;
    std::vector<std::string> reasons;
    std::vector<UnplacedUnit> unplaced_units;
};

// A round's results placed on a map: one group per unit at the requested level.
struct PlacedRound {
    store::RoundRecord round;
    Standard standard;
    std::vector<store::ResultRow> rows;
    std::vector<std::int32_t> group;  // per row, −1 when unplaced
    std::vector<std::string> group_codes;
};

// Groups households by the unit they count under and tallies, per recorded unit, those that
// cannot be placed, so that each scope can say how many of its own are "not placed" and why.
class Grouping {
  public:
    Grouping(const Placer& placer, UnitLevel level, UnitMap map, Date at)
        : placer_(placer), level_(level), map_(map), at_(at) {}

    // The group of households recorded on `unit` in `village`, −1 when they cannot be placed.
    std::int32_t place(const UnitRef& unit, const std::string& village) {
        const Placement place = placer_.group(unit, village, level_, map_, at_);
        if (place.commune.empty()) {
            unplaced_[{unit.code, unit.current_code}].reason = place.reason;
            return -1;
        }
        auto [it, inserted] = index_.emplace(place.commune, static_cast<std::int32_t>(codes_.size()));
        if (inserted) codes_.push_back(place.commune);
        return it->second;
    }
    // Counts `households` recorded on `unit` that place() could not place.
    void count_unplaced(const UnitRef& unit, long households) {
        unplaced_[{unit.code, unit.current_code}].households += households;
    }
    [[nodiscard]] const std::vector<std::string>& codes() const { return codes_; }
    [[nodiscard]] Layout layout() const {
        Layout out;
        for (std::size_t g = 0; g < codes_.size(); ++g) out.units[codes_[g]].push_back(static_cast<int>(g));
        std::set<std::string> reasons;
        for (const auto& [unit, entry] : unplaced_) {
            out.unplaced += entry.households;
            reasons.insert(entry.reason);
            out.unplaced_units.push_back({unit.first, unit.second, entry.reason, entry.households});
        }
        out.reasons.assign(reasons.begin(), reasons.end());
        return out;
    }

  private:
    struct Entry {
        std::string reason;
        long households = 0;
    };
    const Placer& placer_;
    UnitLevel level_;
    UnitMap map_;
    Date at_;
    std::unordered_map<std::string, std::int32_t> index_;
    std::vector<std::string> codes_;
    std::map<std::pair<std::string, std::string>, Entry> unplaced_;
};

PlacedRound place_round(store::Store& store, std::int64_t round_id, Grouping& grouping) {
    PlacedRound placed;
    placed.round = require_round(store, round_id);
    placed.standard = standard_from_document(placed.round.standard_document);
    placed.rows = store.round_results(round_id);
    // Placed once per (unit, current unit, village); the households not placed counted per key.
    struct Placed {
        std::int32_t group = -1;
        long households = 0;
    };
    std::map<std::tuple<std::string, std::string, std::string>, Placed> memo;
    for (const auto& r : placed.rows) {
        auto [it, inserted] = memo.try_emplace({r.unit_code, r.current_unit_code, r.village});
        if (inserted) it->second.group = grouping.place({r.unit_code, r.current_unit_code}, r.village);
        ++it->second.households;
        placed.group.push_back(it->second.group);
    }
    for (const auto& [key, entry] : memo)
        if (entry.group < 0) grouping.count_unplaced({std::get<0>(key), std::get<1>(key)}, entry.households);
    placed.group_codes = grouping.codes();
    return placed;
}

StatsCube build_cube(const PlacedRound& placed, const AfOptions& af) {
    const std::size_t n = placed.rows.size();
    std::vector<std::uint8_t> cls(n), flags(n), urban(n), transition(n), recent(n);
    std::vector<std::uint16_t> members(n);
    std::vector<std::uint32_t> deprived(n), unknown(n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto& r = placed.rows[i];
        HouseholdClass c = HouseholdClass::unclassified;
        parse_household_class(r.household_class, c);
        cls[i] = static_cast<std::uint8_t>(c);
        flags[i] = static_cast<std::uint8_t>(r.flags);
        urban[i] = r.area == "urban";
        members[i] = static_cast<std::uint16_t>(r.members);
        for (std::size_t j = 0; j < r.indicators.size(); ++j) {
            if (r.indicators[j] == '1') deprived[i] |= 1u << j;
            if (r.indicators[j] == '?') unknown[i] |= 1u << j;
        }
        Transition t = Transition::none;
        parse_transition(r.transition, t);
        transition[i] = static_cast<std::uint8_t>(t);
        recent[i] = r.recently_escaped;
    }
    StatsCube cube(static_cast<int>(placed.group_codes.size()), static_cast<int>(placed.standard.indicators.size()), af);
    const CubeInput input{n, cube.indicator_count(), placed.group.data(), cls.data(), flags.data(), urban.data(),
                          members.data(), deprived.data(), unknown.data(), transition.data(), recent.data()};
    cube.add(input, 0, n);
    return cube;
}

std::string unit_name(const UnitCatalogue& units, const std::string& code, UnitLevel level, UnitMap map, const Date& at) {
    if (level == UnitLevel::village) return code.substr(code.find('/') + 1);
    const UnitVersion* unit = units.find(code, map, at);
    return unit ? unit->full_name : std::string{};
}

AfOptions af_options(const StatsRequest& request, const Standard& standard) {
    const int d = static_cast<int>(standard.indicators.size());
    const int k = request.k.value_or(standard.poor_min_deprivations);
    if (request.weights == "equal") return AfOptions::equal(d, k);
    if (request.weights == "nested") return AfOptions::nested(standard, static_cast<double>(k) / d);
    throw_invalid_input("trọng số \"" + request.weights + "\" không hợp lệ; cần equal hoặc nested");
}

StatsResult build_tables(const StatsCube& cube, const Layout& layout, const Standard& standard,
                         const StatsRequest& request, const UnitCatalogue& units, UnitMap map, const Date& at,
                         const std::string& round_label) {
    const bool by_members = request.by_members;
    StatsResult result;
    result.unplaced = layout.unplaced;
    result.unplaced_reasons = layout.reasons;
    result.unplaced_units = layout.unplaced_units;
    const std::string level = to_string(request.level);

    result.table.source = "stats.csv";
    result.table.header = {"unit_code", "unit_name", "level", "households", "members", "poor", "near_poor", "average",
                           "above_average", "unclassified", "poor_rate", "near_poor_rate", "multidimensional_rate",
                           "poor_rate_excluding", "af_households", "H", "A", "M0"};
    for (const char* prefix : {"h_", "hk_", "contrib_"})
        for (const auto& rule : standard.indicators) result.table.header.push_back(prefix + rule.key);
    result.subgroups.header = {"unit_code", "unit_name", "subgroup", "households", "members", "poor", "near_poor",
                               "poor_rate", "near_poor_rate", "multidimensional_rate", "af_households", "H", "A", "M0",
                               "contrib_M0"};
    result.transitions.header = {"unit_code", "unit_name"};
    for (int t = 1; t < kTransitionCount; ++t) result.transitions.header.push_back(to_string(static_cast<Transition>(t)));
    result.transitions.header.push_back("recently_escaped");
    result.long_frame.header = {"round_id", "unit_code", "level", "subgroup", "measure", "indicator", "value"};

    auto add_unit = [&](const std::string& code, const std::string& name, const std::string& level_name,
                        const std::vector<int>& groups) {
        const StatsCube::Block block = cube.block(groups);
        const CellTotals t = cube.totals(block);
        Measures m = cube.measures(t, by_members);
        const CellTotals excluded = cube.totals(block, request.excluded_flags, request.excluded_flags);
        const double denominator = static_cast<double>(by_members ? t.members : t.households);
        const double poor_excluded = static_cast<double>(by_members ? excluded.members_by_class[0] : excluded.by_class[0]);
        m.poor_rate_excluding = denominator > 0 ? m.poor_rate - poor_excluded / denominator : 0;
        std::vector<std::string> row = {code, name, level_name, std::to_string(t.households), std::to_string(t.members)};
        for (auto count : t.by_class) row.push_back(std::to_string(count));
        for (double v : {m.poor_rate, m.near_poor_rate, m.multidimensional_rate, m.poor_rate_excluding})
            row.push_back(fraction(v));
        row.push_back(std::to_string(by_members ? t.af_members : t.af_households));
        for (double v : {m.H, m.A, m.M0}) row.push_back(fraction(v));
        for (double v : m.h) row.push_back(fraction(v));
        for (double v : m.hk) row.push_back(fraction(v));
        for (double v : m.contribution) row.push_back(fraction(v));
        result.table.rows.push_back(row);

        auto long_row = [&](const std::string& subgroup, const std::string& measure, const std::string& indicator,
                            const std::string& value) {
            result.long_frame.rows.push_back({round_label, code, level_name, subgroup, measure, indicator, value});
        };
        auto long_measures = [&](const std::string& subgroup, const CellTotals& totals, const Measures& ms) {
            long_row(subgroup, "households", "", std::to_string(totals.households));
            long_row(subgroup, "poor_rate", "", fraction(ms.poor_rate));
            long_row(subgroup, "near_poor_rate", "", fraction(ms.near_poor_rate));
            long_row(subgroup, "multidimensional_rate", "", fraction(ms.multidimensional_rate));
            long_row(subgroup, "H", "", fraction(ms.H));
            long_row(subgroup, "A", "", fraction(ms.A));
            long_row(subgroup, "M0", "", fraction(ms.M0));
            for (std::size_t j = 0; j < standard.indicators.size(); ++j) {
                long_row(subgroup, "h", standard.indicators[j].key, fraction(ms.h[j]));
                long_row(subgroup, "hk", standard.indicators[j].key, fraction(ms.hk[j]));
                long_row(subgroup, "contrib", standard.indicators[j].key, fraction(ms.contribution[j]));
            }
        };
        long_measures("all", t, m);
        long_row("all", "poor_rate_excluding", "", fraction(m.poor_rate_excluding));

        for (const Subgroup& sub : subgroups()) {
            const CellTotals part = cube.totals(block, sub.mask, sub.value);
            const Measures pm = cube.measures(part, by_members);
            const double share = t.af_households > 0 && m.M0 > 0
                                     ? 100.0 * static_cast<double>(part.af_households) / t.af_households * pm.M0 / m.M0
                                     : std::nan("");
            result.subgroups.rows.push_back({code, name, sub.name, std::to_string(part.households),
                                             std::to_string(part.members), std::to_string(part.by_class[0]),
                                             std::to_string(part.by_class[1]), fraction(pm.poor_rate),
                                             fraction(pm.near_poor_rate), fraction(pm.multidimensional_rate),
                                             std::to_string(part.af_households), fraction(pm.H), fraction(pm.A),
                                             fraction(pm.M0), fraction(share)});
            long_measures(sub.name, part, pm);
        }
        std::vector<std::string> transitions = {code, name};
        for (int k = 1; k < kTransitionCount; ++k) transitions.push_back(std::to_string(t.transitions[k]));
        transitions.push_back(std::to_string(t.recently_escaped));
        result.transitions.rows.push_back(std::move(transitions));
    };

    for (const auto& [code, groups] : layout.units)
        add_unit(code, unit_name(units, code, request.level, map, at), level, groups);
    if (layout.unplaced > 0) add_unit("UNPLACED", "Không xác định được đơn vị", level, {-1});
    std::vector<int> all;
    for (int g = 0; g < cube.groups(); ++g) all.push_back(g);
    all.push_back(-1);
    add_unit("ALL", "Tổng số", "all", all);
    return result;
}

}  // namespace

StatsResult round_statistics(store::Store& store, const Environment& env, const StatsRequest& request) {
    const auto round = require_round(store, request.round_id);
    const UnitMap map = request.map.value_or(UnitCatalogue::map_at(round.reference_date));
    if (request.level == UnitLevel::district && map == UnitMap::map2025)
        throw_invalid_input("bản đồ 2025 không có cấp huyện; dùng --map 2024 hoặc cấp khác");
    const UnitCatalogue units = store.units_of_round(request.round_id);
    const Placer placer(units, env.area_rules());
    Grouping grouping(placer, request.level, map, round.reference_date);
    const PlacedRound placed = place_round(store, request.round_id, grouping);
    const AfOptions af = af_options(request, placed.standard);
    const StatsCube cube = build_cube(placed, af);
    const Layout layout = grouping.layout();
    return build_tables(cube, layout, placed.standard, request, units, map, round.reference_date,
                        std::to_string(request.round_id));
}

StatsResult live_statistics(store::Store& store, const Environment& env, const LiveStatsRequest& live) {
    const UnitMap map = live.request.map.value_or(UnitCatalogue::map_at(live.reference_date));
    if (live.request.level == UnitLevel::district && map == UnitMap::map2025)
        throw_invalid_input("bản đồ 2025 không có cấp huyện; dùng --map 2024 hoặc cấp khác");
    const Standard standard = standard_from_document(env.standard_document(live.standard));
    const UnitCatalogue units = store.load_units();
    const Placer placer(units, env.area_rules());

    // The live registry as columns, classified by the batch engine.
    const RegistryImage image = store.load_registry_image().image;
    const std::size_t n = image.households();
    std::vector<std::uint8_t> area(n), urban(n);
    std::vector<std::int32_t> group(n, -1);
    std::vector<std::uint16_t> members(n);
    Grouping grouping(placer, live.request.level, map, live.reference_date);
    // Where a household belongs depends only on its units and village: placed once per
    // combination (tens of thousands), not once per household (millions).
    struct Placed {
        std::uint8_t area;
        std::int32_t group;  // -1: unplaced
    };
    std::unordered_map<std::uint64_t, std::unordered_map<std::int32_t, Placed>> placed_by_units;
    std::unordered_map<std::uint64_t, long> unplaced_by_units;
    const std::uint8_t urban_code = code_id(CodeField::area, "urban");
    for (std::size_t i = 0; i < n; ++i) {
        auto& by_village = placed_by_units[image.unit_pair(i)];
        auto found = by_village.find(image.village[i]);
        if (found == by_village.end()) {
            const UnitRef unit{image.units.at(image.unit[i]), image.units.at(image.current_unit[i])};
            const Placed placed{code_id(CodeField::area, placer.area(unit, "", live.reference_date)),
                                grouping.place(unit, image.villages.at(image.village[i]))};
            found = by_village.emplace(image.village[i], placed).first;
        }
        area[i] = image.area[i] ? image.area[i] : found->second.area;
        urban[i] = area[i] == urban_code;
        members[i] = static_cast<std::uint16_t>(image.member_begin[i + 1] - image.member_begin[i]);
        group[i] = found->second.group;
        if (group[i] < 0) ++unplaced_by_units[image.unit_pair(i)];
    }
    for (const auto& [pair, households] : unplaced_by_units)
        grouping.count_unplaced({image.units.at(static_cast<std::int32_t>(pair >> 32)),
                                 image.units.at(static_cast<std::int32_t>(pair & 0xffffffffu))},
                                households);
    const Layout layout = grouping.layout();
    const BatchClassifier classifier(standard, live.reference_date, live.year, image);
    RoundColumns columns;
    columns.resize(n);
    classifier.classify(image, area, 0, n, columns);
    StatsCube cube(static_cast<int>(grouping.codes().size()), classifier.indicator_count(), af_options(live.request, standard));
    cube.add({n, classifier.indicator_count(), group.data(), columns.household_class.data(), columns.flags.data(),
              urban.data(), members.data(), columns.deprived.data(), columns.unknown.data(), nullptr, nullptr},
             0, n);
    return build_tables(cube, layout, standard, live.request, units, map, live.reference_date, "live");
}

CompareResult compare_rounds(store::Store& store, const Environment& env, const CompareRequest& request) {
    const auto later = require_round(store, request.to_round);
    const auto earlier = require_round(store, request.from_round);
    const UnitMap map = request.map.value_or(UnitCatalogue::map_at(later.reference_date));
    // Each round is placed with the units it was run with.
    const UnitCatalogue from_units = store.units_of_round(request.from_round);
    const UnitCatalogue to_units = store.units_of_round(request.to_round);
    const Placer from_placer(from_units, env.area_rules()), to_placer(to_units, env.area_rules());
    Grouping from_grouping(from_placer, request.level, map, earlier.reference_date);
    Grouping to_grouping(to_placer, request.level, map, later.reference_date);
    const PlacedRound from = place_round(store, request.from_round, from_grouping);
    const PlacedRound to = place_round(store, request.to_round, to_grouping);
    const Layout from_layout = from_grouping.layout(), to_layout = to_grouping.layout();

    // Transition matrix: households by class in each round, placed where they are in the later round
    // (or, for those that left, where they were).
    auto class_of = [](const std::string& text) {
        HouseholdClass c = HouseholdClass::unclassified;
        parse_household_class(text, c);
        return static_cast<int>(c);
    };
    constexpr int kAbsent = kHouseholdClassCount;
    std::unordered_map<std::string, std::pair<int, std::string>> before;  // id → (class, unit)
    auto unit_of = [](const PlacedRound& p, std::size_t i) -> const std::string& {
        static const std::string kUnplaced = "UNPLACED";
        return p.group[i] < 0 ? kUnplaced : p.group_codes[static_cast<std::size_t>(p.group[i])];
    };
    for (std::size_t i = 0; i < from.rows.size(); ++i)
        before[from.rows[i].household_id] = {class_of(from.rows[i].household_class), unit_of(from, i)};
    std::map<std::string, std::vector<long>> matrix;  // unit → (from × to) counts, 6 × 6
    auto cell = [&](const std::string& unit, int a, int b) {
        auto& counts = matrix[unit];
        counts.resize((kAbsent + 1) * (kAbsent + 1));
        ++counts[static_cast<std::size_t>(a * (kAbsent + 1) + b)];
        auto& all = matrix["ALL"];
        all.resize((kAbsent + 1) * (kAbsent + 1));
        ++all[static_cast<std::size_t>(a * (kAbsent + 1) + b)];
    };
    for (std::size_t i = 0; i < to.rows.size(); ++i) {
        auto it = before.find(to.rows[i].household_id);
        cell(unit_of(to, i), it == before.end() ? kAbsent : it->second.first, class_of(to.rows[i].household_class));
        if (it != before.end()) before.erase(it);
    }
    for (const auto& [id, previous] : before) cell(previous.second, previous.first, kAbsent);

    CompareResult result;
    result.matrix.header = {"unit_code", "from_class", "to_class", "households"};
    auto class_name = [](int c) { return c == kAbsent ? std::string("absent") : std::string(to_string(static_cast<HouseholdClass>(c))); };
    for (const auto& [unit, counts] : matrix)
        for (int a = 0; a <= kAbsent; ++a)
            for (int b = 0; b <= kAbsent; ++b)
                if (const long n = counts[static_cast<std::size_t>(a * (kAbsent + 1) + b)])
                    result.matrix.rows.push_back({unit, class_name(a), class_name(b), std::to_string(n)});

    // Change of each measure.
    const AfOptions af_from = AfOptions::equal(static_cast<int>(from.standard.indicators.size()), from.standard.poor_min_deprivations);
    const AfOptions af_to = AfOptions::equal(static_cast<int>(to.standard.indicators.size()), to.standard.poor_min_deprivations);
    const StatsCube cube_from = build_cube(from, af_from), cube_to = build_cube(to, af_to);
    const double years = static_cast<double>(later.reference_date.days_since_epoch() - earlier.reference_date.days_since_epoch()) / 365.25;
    result.changes.header = {"unit_code", "measure", "from", "to", "absolute", "relative", "annualised_absolute",
                             "annualised_relative"};
    auto measures_of = [](const StatsCube& cube, const std::vector<int>& groups) {
        const Measures m = cube.measures(cube.totals(groups));
        return std::vector<std::pair<std::string, double>>{{"poor_rate", m.poor_rate}, {"near_poor_rate", m.near_poor_rate},
                                                           {"multidimensional_rate", m.multidimensional_rate},
                                                           {"H", m.H}, {"A", m.A}, {"M0", m.M0}};
    };
    auto add_changes = [&](const std::string& unit, const std::vector<int>& g_from, const std::vector<int>& g_to) {
        const auto a = measures_of(cube_from, g_from), b = measures_of(cube_to, g_to);
        for (std::size_t k = 0; k < a.size(); ++k) {
            const double x = a[k].second, y = b[k].second;
            const double relative = x != 0 ? (y - x) / x : std::nan("");
            const double annual_abs = years > 0 ? (y - x) / years : std::nan("");
            const double annual_rel = years > 0 && x > 0 && y > 0 ? std::pow(y / x, 1.0 / years) - 1 : std::nan("");
            result.changes.rows.push_back({unit, a[k].first, fraction(x), fraction(y), fraction(y - x), fraction(relative),
                                           fraction(annual_abs), fraction(annual_rel)});
        }
    };
    std::set<std::string> all_units;
    for (const auto& [unit, groups] : from_layout.units) all_units.insert(unit);
    for (const auto& [unit, groups] : to_layout.units) all_units.insert(unit);
    static const std::vector<int> kNone;
    for (const auto& unit : all_units) {
        auto f = from_layout.units.find(unit);
        auto t = to_layout.units.find(unit);
        add_changes(unit, f == from_layout.units.end() ? kNone : f->second, t == to_layout.units.end() ? kNone : t->second);
    }
    auto everything = [](const PlacedRound& p) {
        std::vector<int> all;
        for (std::size_t g = 0; g < p.group_codes.size(); ++g) all.push_back(static_cast<int>(g));
        all.push_back(-1);
        return all;
    };
    add_changes("ALL", everything(from), everything(to));
    return result;
}

std::string vietnamese_heading(const std::string& column) {
    static const std::map<std::string, std::string> kHeadings = {
        {"unit_code", "Mã đơn vị"}, {"unit_name", "Tên đơn vị"}, {"level", "Cấp"}, {"households", "Số hộ"},
        {"members", "Số nhân khẩu"}, {"poor", "Hộ nghèo"}, {"near_poor", "Hộ cận nghèo"},
        {"average", "Hộ có mức sống trung bình"}, {"above_average", "Hộ trên mức sống trung bình"},
        {"unclassified", "Chưa phân loại"}, {"poor_rate", "Tỷ lệ hộ nghèo"}, {"near_poor_rate", "Tỷ lệ hộ cận nghèo"},
        {"multidimensional_rate", "Tỷ lệ nghèo đa chiều"},
        {"poor_rate_excluding", "Tỷ lệ hộ nghèo (không tính hộ chỉ gồm đối tượng BTXH)"},
        {"af_households", "Số hộ đủ thông tin (AF)"}, {"H", "H (tỷ lệ nghèo AF)"}, {"A", "A (cường độ)"},
        {"M0", "M0 (chỉ số nghèo đa chiều điều chỉnh)"}, {"subgroup", "Nhóm"}, {"contrib_M0", "Đóng góp vào M0 (%)"},
        {"from_class", "Phân loại kỳ trước"}, {"to_class", "Phân loại kỳ này"}, {"measure", "Chỉ tiêu"},
        {"from", "Kỳ trước"}, {"to", "Kỳ này"}, {"absolute", "Thay đổi tuyệt đối"}, {"relative", "Thay đổi tương đối"},
        {"annualised_absolute", "Thay đổi tuyệt đối bình quân năm"},
        {"annualised_relative", "Thay đổi tương đối bình quân năm"}};
    if (auto it = kHeadings.find(column); it != kHeadings.end()) return it->second;
    if (const std::string transition = label_vi("transition", column); transition != column) return transition;
    if (column.rfind("h_", 0) == 0) return "Tỷ lệ thiếu hụt: " + column.substr(2);
    if (column.rfind("hk_", 0) == 0) return "Tỷ lệ thiếu hụt (kiểm duyệt): " + column.substr(3);
    if (column.rfind("contrib_", 0) == 0) return "Đóng góp vào M0 (%): " + column.substr(8);
    return column;
}

}  // namespace giamngheo::app
