// Classifies one household under one standard: every indicator (deprived / not / unknown,
// with the members, numbers and missing inputs that decided it), the income test, scores,
// the class and the household flags. Pure: the same inputs always give the same result.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kernel/date.hpp"
#include "kernel/household.hpp"
#include "kernel/standard.hpp"

namespace giamngheo {

enum class Tri : std::uint8_t { no = 0, yes = 1, unknown = 2 };

enum class HouseholdClass : std::uint8_t { poor, near_poor, average, above_average, unclassified };
inline constexpr int kHouseholdClassCount = 5;

enum class IncomeTest : std::uint8_t { low_income, average_band, above, unknown };

[[nodiscard]] const char* to_string(HouseholdClass c);
[[nodiscard]] const char* to_string(IncomeTest t);
[[nodiscard]] const char* vietnamese_name(HouseholdClass c);
bool parse_household_class(const std::string& text, HouseholdClass& out);
bool parse_income_test(const std::string& text, IncomeTest& out);

struct IndicatorOutcome {
    Tri value = Tri::unknown;
    Tri computed = Tri::unknown;  // before a deprived_<key> override
    bool overridden = false;
    std::vector<std::string> deciding_members;  // members whose answers satisfy the rule
    std::vector<std::string> missing;           // "M01.health_insurance", "housing_type", ...
    std::string detail;                         // the numbers, in Vietnamese
};

enum HouseholdFlag : std::uint8_t {
    kEthnicMinority = 1 << 0,
    kRevolutionaryMerit = 1 << 1,
    kSocialProtectionOnly = 1 << 2,
    kNoLabourCapacity = 1 << 3,
    kFemaleHead = 1 << 4,
};
inline constexpr const char* kHouseholdFlagKeys[] = {"ethnic_minority", "revolutionary_merit",
                                                     "social_protection_only", "no_labour_capacity",
                                                     "female_head"};
inline constexpr int kHouseholdFlagCount = 5;
// The keys of the flags set in `flags`, in kHouseholdFlagKeys order.
[[nodiscard]] inline std::vector<std::string> household_flag_keys(int flags) {
    std::vector<std::string> keys;
    for (int f = 0; f < kHouseholdFlagCount; ++f)
        if (flags & (1 << f)) keys.emplace_back(kHouseholdFlagKeys[f]);
    return keys;
}

struct ReviewContext {
    Date reference_date;
    int year = 0;
    std::string area;  // rural / urban as resolved for the household; empty when unknown
};

struct Classification {
    std::string area;
    IncomeTest income_test = IncomeTest::unknown;
    HouseholdClass household_class = HouseholdClass::unclassified;
    int deprivation_count = 0;  // known deprivations
    int unknown_count = 0;
    int score_b = 0;
    std::vector<IndicatorOutcome> indicators;  // in the standard's order
    std::uint8_t flags = 0;
    std::string reason;  // why this class, in Vietnamese
};

[[nodiscard]] Classification classify(const Household& household, const Standard& standard,
                                      const ReviewContext& context);

// Whether `member` is of working age in `context`: yes / no, or unknown when the sex is
// unknown and the age lies between the two retirement ages.
[[nodiscard]] Tri working_age(const Member& member, const Standard& standard, const ReviewContext& context);

}  // namespace giamngheo
