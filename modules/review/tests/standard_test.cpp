#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "platform/environment.hpp"
#include "kernel/classify.hpp"
#include "platform/table.hpp"
#include "testing/support.hpp"

namespace giamngheo {
namespace {

using nlohmann::json;

json load(const std::string& id) { return json::parse(test::test_environment().standard_document(id)); }

TEST(Standard, ShippedStandardsParseWithTheirLegalSources) {
    const Standard s22 = parse_standard(load("vn-2022"));
    EXPECT_EQ(s22.indicators.size(), 12u);
    EXPECT_EQ(*s22.income_line.rural, 1500000);
    EXPECT_EQ(*s22.average_band_upper.urban, 3000000);
    EXPECT_NE(s22.legal_source.find("07/2021/NĐ-CP"), std::string::npos);
    for (const auto& rule : s22.indicators) EXPECT_FALSE(rule.legal_source.empty()) << rule.key;
    const Standard s27 = parse_standard(load("vn-2027"));
    EXPECT_EQ(s27.status, "provisional");
    EXPECT_EQ(s27.indicator_index("info_access"), -1);
    EXPECT_GE(s27.indicator_index("digital_services"), 0);
    EXPECT_GE(s27.indicator_index("waste"), 0);
    EXPECT_FALSE(s27.score_a_line.rural);
}

TEST(Standard, RetirementAgeRisesByTheLabourCodeSchedule) {
    const Standard s = parse_standard(load("vn-2022"));
    EXPECT_EQ(s.retirement_male.months_in(2021), 60 * 12 + 3);
    EXPECT_EQ(s.retirement_male.months_in(2024), 61 * 12);
    EXPECT_EQ(s.retirement_male.months_in(2028), 62 * 12);
    EXPECT_EQ(s.retirement_male.months_in(2040), 62 * 12);
    EXPECT_EQ(s.retirement_female.months_in(2024), 56 * 12 + 4);
    EXPECT_EQ(s.retirement_female.months_in(2035), 60 * 12);
}

TEST(Standard, ProvincialVariantOverridesValuesWithoutCode) {
    test::TempDir dir;
    test::write_text(dir.path("vn-2022-thanh-hoa.json"),
                     R"J({"id": "vn-2022-thanh-hoa", "base": "vn-2022", "name": "Chuẩn nghèo Thanh Hóa (thử)",
                         "legal_source": "Nghị quyết HĐND tỉnh (ví dụ)",
                         "overrides": {"income": {"lines": {"rural": 1800000}},
                                       "indicators": {"housing_area": {"params": {"min_m2_per_member": 10}}}}})J");
    const Standard v = parse_standard(json::parse(test::test_environment().standard_document(dir.path("vn-2022-thanh-hoa.json"))));
    EXPECT_EQ(v.id, "vn-2022-thanh-hoa");
    EXPECT_EQ(v.status, "variant");
    EXPECT_EQ(*v.income_line.rural, 1800000);
    EXPECT_EQ(*v.income_line.urban, 2000000);
    EXPECT_EQ(v.indicators[static_cast<std::size_t>(v.indicator_index("housing_area"))].min_milli_m2_per_member, 10000);

    Household h;
    h.household_id = "H";
    h.income_per_capita = 1700000;
    Member m;
    m.member_id = "M";
    m.birth_date = {1980, 1, 1};
    h.members.push_back(m);
    const ReviewContext context{{2024, 11, 1}, 2024, "rural"};
    EXPECT_EQ(classify(h, parse_standard(load("vn-2022")), context).income_test, IncomeTest::average_band);
    EXPECT_EQ(classify(h, v, context).income_test, IncomeTest::low_income);
}

TEST(Standard, AnIndicatorListChangeIsDataOnly) {
    json doc = load("vn-2022");
    doc["id"] = "vn-test";
    doc["indicators"]["phone"] = {{"name", "Điện thoại"}, {"dimension", "information"}, {"rule", "no_member_flag"},
                                  {"params", {{"flags", {"uses_phone"}}}}};
    doc["indicator_order"].push_back("phone");
    const Standard s = parse_standard(doc);
    EXPECT_EQ(s.indicators.size(), 13u);
    Household h;
    Member m;
    m.member_id = "M";
    m.birth_date = {1980, 1, 1};
    m.uses_phone = false;
    h.members.push_back(m);
    EXPECT_EQ(classify(h, s, {{2024, 11, 1}, 2024, "rural"}).indicators.back().value, Tri::yes);
}

TEST(Standard, MalformedDocumentsAreRejectedNamingTheKey) {
    json doc = load("vn-2022");
    doc["indicators"]["water"]["rule"] = "magic";
    try {
        (void)parse_standard(doc);
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("indicators.water"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("magic"), std::string::npos);
    }
    doc = load("vn-2022");
    doc["indicators"]["employment"]["params"]["field"] = "salary";
    EXPECT_THROW((void)parse_standard(doc), std::invalid_argument);
}

}  // namespace
}  // namespace giamngheo
