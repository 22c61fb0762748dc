// Use cases on one household for editors (the HTTP API): its fields as interchange columns,
// validation of an edited record, field-by-field differences between versions, and the
// history of its versions.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "platform/environment.hpp"
#include "modules/registry/formats/interchange.hpp"
#include "modules/registry/ports/registry_store.hpp"

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

// The history of a household, newest first: each version with who made it, when, from where,
// and what it changed from the one before. Personal ids are masked unless `full_ids`.
struct HistoryChange {
    std::int64_t version = 0;
    std::string at, user, source;
    std::vector<FieldChange> changes;
};
[[nodiscard]] std::vector<HistoryChange> household_history(const std::vector<store::HistoryEntry>& versions,
                                                           const std::function<std::string(const std::string&)>& mask_id);

}  // namespace giamngheo::app
