// Use cases on one household for editors (the HTTP API): its fields as interchange columns,
// validation of an edited record, field-by-field differences between versions, and the
// structured explanation of its class in a round.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "app/environment.hpp"
#include "io/interchange.hpp"
#include "store/store.hpp"

namespace giamngheo::app {

// A household as named interchange fields: the household row and one row per member, the
// columns and text of households.csv / members.csv (deprived_<key> and extra columns included).
struct HouseholdFields {
    std::vector<std::pair<std::string, std::string>> household;
    std::vector<std::vector<std::pair<std::string, std::string>>> members;
};
[[nodiscard]] HouseholdFields household_fields(const Household& household);

// Validates an edited household exactly as an import would (every problem with its file,
// column and row, counted from 2 as in a file). Members belong to the household row's
// household_id whatever their own rows say.
struct ValidatedHousehold {
    Household household;
    std::vector<io::Problem> problems;  // the household is meaningless when not empty
};
[[nodiscard]] ValidatedHousehold validate_household(const Environment& env, const UnitCatalogue& units,
                                                    const HouseholdFields& fields);

struct FieldChange {
    std::string field;
    std::string member_id;  // empty for a household field
    std::string old_value;
    std::string new_value;
};
// What changed from `before` to `after`, field by field: a member added or removed shows as
// its fields going from or to "" (and field "member" for the member itself).
[[nodiscard]] std::vector<FieldChange> diff_households(const Household& before, const Household& after);

// Text as searched: lower case, Vietnamese letters without their marks ("Nguyễn Đức" →
// "nguyen duc"), so that officers find a name however it was typed. Other text is kept as is.
[[nodiscard]] std::string search_fold(std::string_view text);

struct IndicatorExplanation {
    std::string key;
    std::string name;
    std::string value;  // "1" deprived, "0" not, "" unknown
    std::string detail;
    std::vector<std::string> members;
    std::vector<std::string> missing;
    bool overridden = false;
};
struct HouseholdExplanation {
    std::string text;  // app::explain
    std::string household_class;
    std::string income_test;
    std::string reason;
    std::vector<IndicatorExplanation> indicators;
};
// Throws std::runtime_error when the round or the household in it does not exist.
[[nodiscard]] HouseholdExplanation explain_household(store::Store& store, std::int64_t round_id,
                                                     const std::string& household_id);

}  // namespace giamngheo::app
