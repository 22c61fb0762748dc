// The columnar engine must classify exactly like the reference classify(), household by
// household: on every golden case, on synthetic data and on random households built to hit
// unknowns, overrides and age boundaries.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>

#include "platform/environment.hpp"
#include "kernel/batch_review.hpp"
#include "modules/registry/domain/synthetic.hpp"
#include "kernel/vocabulary.hpp"
#include "modules/registry/formats/interchange.hpp"
#include "testing/support.hpp"

namespace giamngheo {
namespace {

Standard standard(const std::string& id) {
    return app::standard_from_document(test::test_environment().standard_document(id));
}

// Compares both engines on `households` and returns how many were compared.
void expect_same(const std::vector<Household>& households, const Standard& s, const Date& reference, int year) {
    RegistryImage image;
    std::vector<std::uint8_t> area;
    for (const auto& h : households) {
        image.append(h);
        area.push_back(code_id(CodeField::area, h.area.empty() ? (h.unit_code.back() % 2 ? "rural" : "urban") : h.area));
    }
    RoundColumns columns;
    columns.resize(image.households());
    const BatchClassifier batch(s, reference, year, image);
    batch.classify(image, area, 0, image.households(), columns);
    for (std::size_t i = 0; i < households.size(); ++i) {
        const std::string area_text = codes_of(CodeField::area)[area[i] - 1];
        const Classification want = classify(households[i], s, {reference, year, area_text});
        std::uint32_t deprived = 0, unknown = 0;
        for (std::size_t j = 0; j < want.indicators.size(); ++j) {
            if (want.indicators[j].value == Tri::yes) deprived |= 1u << j;
            if (want.indicators[j].value == Tri::unknown) unknown |= 1u << j;
        }
        ASSERT_EQ(columns.deprived[i], deprived) << households[i].household_id << " " << s.id << " " << reference.iso();
        ASSERT_EQ(columns.unknown[i], unknown) << households[i].household_id << " " << s.id;
        ASSERT_EQ(columns.household_class[i], static_cast<std::uint8_t>(want.household_class)) << households[i].household_id;
        ASSERT_EQ(columns.income_test[i], static_cast<std::uint8_t>(want.income_test)) << households[i].household_id;
        ASSERT_EQ(columns.flags[i], want.flags) << households[i].household_id;
    }
}

const std::vector<std::pair<Date, int>> kDates = {
    {{2022, 11, 1}, 2022}, {{2024, 11, 1}, 2024}, {{2026, 4, 30}, 2026}, {{2027, 12, 31}, 2027}};

TEST(BatchReview, AgreesWithTheReferenceOnEveryGoldenCase) {
    namespace fs = std::filesystem;
    std::vector<Household> all;
    for (const auto& entry : fs::recursive_directory_iterator(test::kSourceDir + "/modules/review/tests/golden")) {
        if (entry.path().filename() != "households.csv") continue;
        const std::string dir = entry.path().parent_path().string();
        const auto parsed = io::parse_interchange(io::read_table(dir + "/households.csv"),
                                                  io::read_table(dir + "/members.csv"),
                                                  {[](const std::string&) { return true; },
                                                   {"employment", "dependants", "nutrition", "health_insurance",
                                                    "adult_education", "child_schooling", "housing_quality",
                                                    "housing_area", "water", "latrine", "telecom", "info_access",
                                                    "digital_services", "waste"},
                                                   Date{2026, 11, 23}});
        ASSERT_TRUE(parsed.ok()) << dir;
        const auto households = parsed.households();
        all.insert(all.end(), households.begin(), households.end());
    }
    ASSERT_GT(all.size(), 100u);
    for (const char* id : {"vn-2022", "vn-2027"})
        for (const auto& [date, year] : kDates) expect_same(all, standard(id), date, year);
}

TEST(BatchReview, AgreesWithTheReferenceOnSyntheticHouseholds) {
    std::vector<SyntheticCommune> communes = {{"16186", "rural", {0.09, 0.06, 0.6}}, {"14797", "urban", {0.02, 0.03, 0.05}}};
    SyntheticOptions options;
    options.seed = 11;
    options.missing_answer_rate = 0.05;
    const SyntheticGenerator generator(communes, options);
    std::vector<Household> households(20000);
    for (std::size_t i = 0; i < households.size(); ++i) generator.generate(i, households[i]);
    for (const char* id : {"vn-2022", "vn-2027"})
        for (const auto& [date, year] : kDates) expect_same(households, standard(id), date, year);
}

TEST(BatchReview, AgreesWithTheReferenceOnRandomHouseholds) {
    std::mt19937_64 random(7);
    auto pick = [&](CodeField field) {
        const auto& codes = codes_of(field);
        const std::size_t k = random() % (codes.size() + 1);
        return k == codes.size() ? std::string() : codes[k];
    };
    auto tri = [&]() -> std::optional<bool> {
        const auto k = random() % 3;
        return k == 2 ? std::nullopt : std::optional<bool>(k == 1);
    };
    const std::vector<std::string> keys = {"employment", "water", "info_access", "waste", "telecom"};
    const std::vector<std::string> ethnicities = {"", "Kinh", "kinh", "Tày", "H'Mông"};
    std::vector<Household> households(20000);
    for (std::size_t i = 0; i < households.size(); ++i) {
        Household& h = households[i];
        h.household_id = "R" + std::to_string(i);
        h.unit_code = std::to_string(10000 + random() % 10);
        h.area = pick(CodeField::area);
        if (random() % 4) h.income_per_capita = 1000000 + static_cast<std::int64_t>(random() % 4000000);
        if (random() % 2) h.score_a = static_cast<double>(100 + random() % 120);
        h.housing_type = pick(CodeField::housing_type);
        h.water_source = pick(CodeField::water_source);
        h.latrine = pick(CodeField::latrine);
        h.waste_treatment = pick(CodeField::waste_treatment);
        if (random() % 4) h.housing_area_milli_m2 = static_cast<std::int64_t>(random() % 60000);
        if (random() % 3) {
            std::vector<std::string> assets;
            for (const auto& a : codes_of(CodeField::info_assets))
                if (random() % 3 == 0) assets.push_back(a);
            h.info_assets = assets;
        }
        h.hears_loudspeaker = tri();
        if (random() % 5 == 0) h.deprived_override[keys[random() % keys.size()]] = random() % 2;
        const int n = static_cast<int>(random() % 7);
        for (int k = 0; k < n; ++k) {
            Member m;
            m.member_id = h.household_id + "-" + std::to_string(k);
            m.relation = pick(CodeField::relation);
            m.sex = static_cast<Sex>(random() % 3);
            // Birth dates cluster around the age boundaries of the reference dates.
            const int age = static_cast<int>(random() % 70);
            m.birth_date = {2024 - age, 1 + static_cast<int>(random() % 12), 1 + static_cast<int>(random() % 28)};
            if (random() % 10 == 0) m.birth_date = {2024 - age, 11, 1};
            m.ethnicity = ethnicities[random() % ethnicities.size()];
            m.disability = pick(CodeField::disability);
            m.employment = pick(CodeField::employment);
            m.attending_level = pick(CodeField::attending_level);
            m.completed_level = pick(CodeField::completed_level);
            m.social_protection = tri();
            m.revolutionary_merit = tri();
            m.health_insurance = tri();
            m.stunted = tri();
            m.underweight = tri();
            m.uses_phone = tri();
            m.uses_internet = tri();
            h.members.push_back(m);
        }
    }
    for (const char* id : {"vn-2022", "vn-2027"})
        for (const auto& [date, year] : kDates) expect_same(households, standard(id), date, year);
}

}  // namespace
}  // namespace giamngheo
