#include "modules/demo/demo.hpp"

#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>
#include <stdexcept>

#include "modules/registry/app/import_export.hpp"
#include "modules/units/app/import_units.hpp"
#include "modules/review/app/review.hpp"
#include "modules/registry/domain/synthetic.hpp"
#include "platform/table.hpp"
#include "kernel/errors.hpp"

namespace giamngheo::app {
namespace {

// The seed plans' localities on the 2024 map (shared/seeds/README.md).
const std::set<std::string> kSeedDistricts = {"406", "350", "694",
                                              "582"};  // Quảng Xương, Kim Bảng, Hớn Quản, Phan Rang-Tháp Chàm
constexpr const char* kBinhLuong = "16204";
const char* const kBinhLuongVillages[] = {"Quang Trung", "Làng Gió",  "Thảng Lộc",
                                          "Làng Sao",    "Hợp Thành", "Làng Mài"};

// A year of change between the two demo reviews, so that the dashboards, the trend and the
// transitions have something to tell: a third of the poor households earn two and a half times
// as much (they escape poverty), and one in twenty of the others loses half its income (some
// fall into poverty or near-poverty). Deterministic: the same demo every time.
std::vector<Household> a_year_later(const std::vector<store::ResultRow>& results, const std::vector<Household>& all) {
    std::unordered_map<std::string, const store::ResultRow*> result_of;
    for (const auto& r : results) result_of[r.household_id] = &r;
    std::vector<Household> changed;
    long poor_seen = 0, others_seen = 0;
    for (const auto& h : all) {
        const auto it = result_of.find(h.household_id);
        if (it == result_of.end() || !h.income_per_capita) continue;
        Household next = h;
        if (it->second->household_class == "poor") {
            if (poor_seen++ % 3 != 0) continue;
            next.income_per_capita = *h.income_per_capita * 5 / 2;
        } else {
            if (others_seen++ % 20 != 0) continue;
            next.income_per_capita = *h.income_per_capita / 2;
        }
        changed.push_back(std::move(next));
    }
    return changed;
}

}  // namespace

DemoResult fill_demo(store::Store& store, const Environment& env, const std::string& units_dir,
                     long households, std::uint64_t seed) {
    DemoResult result;
    if (store.household_count() > 0) return result;
    const store::Actor actor{"demo", "giamngheo serve --demo"};
    const auto imported = import_units(store, units_dir, actor);
    if (!imported.problems.empty())
        throw_fault(units_dir + ": " + imported.problems.front().message);
    const UnitCatalogue units = store.load_units();
    const AreaRules rules = env.area_rules();

    const auto regions = nlohmann::json::parse(io::read_file(env.data_dir + "/synthetic/regions-2025.json"));
    auto region_of = [&](const std::string& province) {
        for (const auto& [key, region] : regions.at("regions").items())
            for (const auto& p : region.at("provinces"))
                if (p.get<std::string>() == province)
                    return SyntheticRegion{region.at("poor_rate").get<double>(),
                                           region.at("near_poor_rate").get<double>(),
                                           region.at("ethnic_minority_share").get<double>()};
        return SyntheticRegion{0.02, 0.03, 0.1};
    };
    auto commune_of = [&](const UnitVersion& u, UnitMap map) {
        return SyntheticCommune{u.code, rules.area_of(u),
                                region_of(units.ancestor(u.code, map, UnitLevel::province).value_or(""))};
    };

    // Communes of the seed districts as they are on the 2025 map (through the lineage).
    std::set<std::string> old_codes, new_codes;
    for (const auto* c : units.units(UnitMap::map2024, UnitLevel::commune))
        if (kSeedDistricts.count(units.ancestor(c->code, UnitMap::map2024, UnitLevel::district).value_or("")))
            old_codes.insert(c->code);
    for (const auto& l : units.lineage())
        if (old_codes.count(l.old_code)) new_codes.insert(l.new_code);
    std::vector<SyntheticCommune> communes;
    for (const auto& code : new_codes)
        if (const auto* u = units.find(code, UnitMap::map2025))
            communes.push_back(commune_of(*u, UnitMap::map2025));
    if (communes.empty())  // a catalogue without the seed districts (the test fixtures)
        for (const auto* u : units.units(UnitMap::map2025, UnitLevel::commune))
            communes.push_back(commune_of(*u, UnitMap::map2025));

    SyntheticOptions options;
    options.seed = seed;
    options.reference_year = 2025;
    std::vector<Household> all;
    // Bình Lương: 729 households in 2023 by its plan's own figures (40 / 5.49%).
    const long binh_luong = std::min<long>(households / 5, 729);
    if (const auto* u = units.find(kBinhLuong, UnitMap::map2024)) {
        const SyntheticGenerator generator({commune_of(*u, UnitMap::map2024)}, options);
        for (long i = 0; i < binh_luong; ++i) {
            Household h;
            generator.generate(static_cast<std::uint64_t>(i), h);
            h.village = kBinhLuongVillages[i % 6];
            all.push_back(std::move(h));
        }
    }
    const SyntheticGenerator generator(communes, options);
    for (long i = static_cast<long>(all.size()); i < households; ++i) {
        Household h;
        generator.generate(static_cast<std::uint64_t>(i), h);
        all.push_back(std::move(h));
    }
    store.apply_households(all, actor);
    result.households = static_cast<long>(all.size());

    RoundSpec spec;
    spec.year = 2024;
    spec.reference_date = {2024, 11, 1};
    spec.standard = "vn-2022";
    result.round_2024 = run_round(store, env, spec, actor).round_id;
    approve_round(store, env, result.round_2024, {2024, 12, 20}, actor);
    const store::Actor surveyors{"demo", "giamngheo serve --demo: khảo sát năm 2025"};
    store.apply_households(a_year_later(store.round_results(result.round_2024), all), surveyors);
    spec.year = 2025;
    spec.reference_date = {2025, 11, 1};
    result.round_2025 = run_round(store, env, spec, actor).round_id;
    result.filled = true;
    return result;
}

}  // namespace giamngheo::app
