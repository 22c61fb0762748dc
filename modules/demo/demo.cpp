#include "modules/demo/demo.hpp"

#include <nlohmann/json.hpp>
#include <set>
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
    spec.year = 2025;
    spec.reference_date = {2025, 11, 1};
    result.round_2025 = run_round(store, env, spec, actor).round_id;
    result.filled = true;
    return result;
}

}  // namespace giamngheo::app
