// A poverty standard (chuẩn nghèo) as data: income lines and bands, the deprivation
// indicators with their rule kind and parameters, and every legal source.
//
// The file format is documented in data/standards/README.md. A standard that changes only
// values or the indicator list is a new JSON file; only a new *kind* of rule needs code.
// A provincial variant names a base standard and carries a JSON merge patch (RFC 7386).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace giamngheo {

enum class RuleKind {
    member_value_in,        // some in-scope member's code field is one of `values`
    member_flag_any,        // some in-scope member has one of `flags` = 1
    member_flag_false,      // some in-scope member has `flags[0]` = 0
    dependant_share,        // dependants are more than `share_above` of the members
    adult_education,        // some member in an age band, not attending, below the band's level
    child_schooling,        // some child attends no level or one below the expected level
    household_value_in,     // the household's code field is one of `values`
    household_value_not_in, // the household's code field is not one of `values`
    area_per_member_below,  // floor area per member below a threshold
    no_member_flag,         // no member has any of `flags` = 1
    no_info_access,         // none of `assets` and the loudspeaker does not reach the home
};

// Ages are completed years at the reference date.
struct AgeScope {
    std::optional<int> from_age;   // inclusive
    std::optional<int> below_age;  // exclusive
    bool working_age = false;
};

struct EducationBand {
    int from_age = 0;  // inclusive
    int to_age = 0;    // inclusive
    std::vector<std::string> accepted_completed_levels;
};

struct ExpectedSchoolLevel {
    int from_school_age = 0;  // school age = review year - birth year
    std::string level;
};

struct IndicatorRule {
    std::string key;
    std::string name;       // Vietnamese, as the law names it
    std::string dimension;  // dimension key
    RuleKind kind = RuleKind::member_value_in;
    AgeScope scope;
    std::string field;
    std::vector<std::string> values;
    std::vector<std::string> flags;
    // dependant_share
    int dependant_below_age = 0;
    int dependant_from_age = 0;
    std::vector<std::string> dependant_disabilities;
    double share_above = 0.5;
    // adult_education
    std::vector<EducationBand> education_bands;
    std::vector<std::string> not_attending_levels;
    // child_schooling
    std::vector<ExpectedSchoolLevel> expected_levels;
    std::map<std::string, int> attending_level_rank;
    // area_per_member_below, in thousandths of m²
    std::int64_t min_milli_m2_per_member = 0;
    // no_info_access
    std::vector<std::string> assets;
    std::string legal_source;
};

struct Dimension {
    std::string key;
    std::string name;
};

struct AreaValues {
    std::optional<double> rural;
    std::optional<double> urban;
    [[nodiscard]] std::optional<double> for_area(const std::string& area) const {
        return area == "rural" ? rural : area == "urban" ? urban : std::nullopt;
    }
};

struct RetirementAge {
    int base_year = 2021;
    int base_months = 0;
    int step_months_per_year = 0;
    int max_months = 0;
    // Statutory retirement age of `year`, in months.
    [[nodiscard]] int months_in(int year) const;
};

struct Standard {
    std::string id;
    std::string name;
    std::string status;  // in_force, provisional, variant ...
    std::string legal_source;
    int first_review_year = 0;
    int last_review_year = 0;

    AreaValues income_line;         // VND/person/month, low income when income <= line
    AreaValues average_band_upper;  // average living standard when line < income <= upper
    AreaValues score_a_line;        // score A equivalent of the income line; unset = not usable
    AreaValues score_a_average_band_upper;

    int poor_min_deprivations = 3;
    int recently_escaped_months = 36;
    int score_b_per_deprivation = 10;

    int working_age_from = 15;
    RetirementAge retirement_male;
    RetirementAge retirement_female;

    std::string majority_ethnicity = "Kinh";
    std::vector<std::string> incapacitating_disabilities;

    std::vector<Dimension> dimensions;
    std::vector<IndicatorRule> indicators;  // in reporting order

    [[nodiscard]] int indicator_index(const std::string& key) const;  // -1 when absent
};

// Builds a standard from its JSON document. Throws std::invalid_argument naming the
// offending key when the document is malformed or names an unknown rule kind or field.
[[nodiscard]] Standard parse_standard(const nlohmann::json& document);

// Applies a provincial variant (`{"id", "base", "overrides": {...}}`) to its base document.
[[nodiscard]] nlohmann::json apply_variant(const nlohmann::json& base, const nlohmann::json& variant);

}  // namespace giamngheo
