// Who may do what, decided here and nowhere else: the capabilities of each role (every route
// names the capability it asks for), whose personal ids are shown in full, and the unit scope —
// a user's unit and everything under it, on either map (through the unit lineage). Handlers ask
// this module about every unit, household and round they touch. Pure.
#pragma once

#include <string>
#include <vector>

#include "kernel/capability.hpp"
#include "kernel/placement.hpp"
#include "modules/accounts/domain/accounts.hpp"

namespace giamngheo::accounts {

[[nodiscard]] bool has_capability(Role role, Capability capability);
// Officers see personal ids in full; everyone else sees them masked.
[[nodiscard]] bool sees_personal_ids(Role role);
// "038012345623" → "0380******23".
[[nodiscard]] std::string mask_personal_id(const std::string& id);

class Scope {
  public:
    Scope(const UnitCatalogue& units, AreaRules rules, Date today)
        : placer_(units, std::move(rules)), today_(today) {}

    // Whether unit `code` (any level, either map; "<commune>/<village>" for a village) lies within
    // `scope` (empty: everything). A district lies within its province on both maps; a commune
    // within every unit it is placed under on either map.
    [[nodiscard]] bool unit_within(const std::string& code, const std::string& scope) const;
    [[nodiscard]] bool household_within(const UnitRef& unit, const std::string& scope) const;
    // A round is visible when it and the scope overlap (either contains the other).
    [[nodiscard]] bool round_visible(const std::string& round_scope, const std::string& scope) const;

    [[nodiscard]] const Placer& placer() const { return placer_; }
    [[nodiscard]] const UnitCatalogue& units() const { return placer_.units(); }
    [[nodiscard]] Date today() const { return today_; }

  private:
    Placer placer_;
    Date today_;
};

}  // namespace giamngheo::accounts
