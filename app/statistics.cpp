#include "app/statistics.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <stdexcept>

#include "app/review.hpp"
#include "core/placement.hpp"
#include "core/stats.hpp"

namespace giamngheo::app {
namespace {

std::string fraction(double value) {
    if (std::isnan(value)) return "";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6f", value);
    return buf;
}

Tri tri_of(char c) { return c == '1' ? Tri::yes : c == '0' ? Tri::no : Tri::unknown; }

}  // namespace

StatsResult round_statistics(store::Store& store, const Environment& env, const StatsRequest& request) {
    const auto round = require_round(store, request.round_id);
    const Standard standard = standard_from_document(round.standard_document);
    const UnitCatalogue units = store.load_units();
    const Placer placer(units, env.area_rules());
    const UnitMap map = request.map.value_or(UnitCatalogue::map_at(round.reference_date));
    if (request.level == UnitLevel::district && map == UnitMap::map2025)
        throw std::runtime_error("bản đồ 2025 không có cấp huyện; dùng --map 2024 hoặc cấp khác");

    StatsResult result;
    std::map<std::string, std::int32_t> group_index;
    std::vector<std::string> group_codes;
    std::set<std::string> reasons;
    RoundFrame frame;
    frame.indicator_count = static_cast<int>(standard.indicators.size());
    std::vector<Tri> values(standard.indicators.size());
    for (const auto& r : store.round_results(request.round_id)) {
        const Placement place = placer.group({r.unit_code, r.current_unit_code}, r.village, request.level, map,
                                             round.reference_date);
        std::int32_t g = -1;
        if (!place.commune.empty()) {
            auto [it, inserted] = group_index.emplace(place.commune, static_cast<std::int32_t>(group_codes.size()));
            if (inserted) group_codes.push_back(place.commune);
            g = it->second;
        } else {
            ++result.unplaced;
            reasons.insert(place.reason);
        }
        for (std::size_t j = 0; j < values.size(); ++j) values[j] = tri_of(r.indicators[j]);
        HouseholdClass c = HouseholdClass::unclassified;
        parse_household_class(r.household_class, c);
        frame.add(g, c, static_cast<std::uint8_t>(r.flags), r.members, values);
    }
    result.unplaced_reasons.assign(reasons.begin(), reasons.end());

    const AfOptions af = AfOptions::equal(frame.indicator_count, request.k.value_or(standard.poor_min_deprivations));
    const auto totals = aggregate(frame, static_cast<int>(group_codes.size()), af, request.excluded_flags);

    io::Table& table = result.table;
    table.source = "stats.csv";
    table.header = {"unit_code", "unit_name", "level", "households", "members", "poor", "near_poor", "average",
                    "above_average", "unclassified", "poor_rate", "near_poor_rate", "multidimensional_rate",
                    "poor_rate_excluding", "af_households", "H", "A", "M0"};
    for (const auto& rule : standard.indicators) table.header.push_back("h_" + rule.key);
    for (const auto& rule : standard.indicators) table.header.push_back("hk_" + rule.key);
    for (const auto& rule : standard.indicators) table.header.push_back("contrib_" + rule.key);

    auto add_row = [&](const std::string& code, const std::string& name, const std::string& level, const GroupTotals& t) {
        const Measures m = measures(t, af);
        std::vector<std::string> row = {code, name, level, std::to_string(t.households), std::to_string(t.members)};
        for (long count : t.by_class) row.push_back(std::to_string(count));
        for (double v : {m.poor_rate, m.near_poor_rate, m.multidimensional_rate, m.poor_rate_excluding})
            row.push_back(fraction(v));
        row.push_back(std::to_string(t.af_households));
        for (double v : {m.H, m.A, m.M0}) row.push_back(fraction(v));
        for (double v : m.h) row.push_back(fraction(v));
        for (double v : m.hk) row.push_back(fraction(v));
        for (double v : m.contribution) row.push_back(fraction(v));
        table.rows.push_back(std::move(row));
    };

    std::vector<std::size_t> order(group_codes.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return group_codes[a] < group_codes[b]; });
    for (std::size_t g : order) {
        const std::string& code = group_codes[g];
        std::string name;
        if (request.level == UnitLevel::village) {
            name = code.substr(code.find('/') + 1);
        } else if (const UnitVersion* unit = units.find(code, map, round.reference_date)) {
            name = unit->full_name;
        }
        add_row(code, name, to_string(request.level), totals[g]);
    }
    if (result.unplaced > 0) add_row("UNPLACED", "Không xác định được đơn vị", to_string(request.level), totals[group_codes.size()]);
    add_row("ALL", "Tổng số", "all", totals.back());
    return result;
}

}  // namespace giamngheo::app
