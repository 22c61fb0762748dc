// What a `store copy` takes (store_copy.hpp): everything, or what lies within one unit on either
// map at the copy's day — a commune's extract out of the province server to work offline, which
// must not carry another commune's households.
#pragma once

#include <string>

#include "kernel/placement.hpp"

namespace giamngheo::store {

class CopyScope {
  public:
    // `unit` empty: everything. Error(invalid_input) when the catalogue has no such unit.
    CopyScope(const UnitCatalogue& units, std::string unit, Date at);

    [[nodiscard]] bool everything() const { return unit_.empty(); }
    // A unit (a plan's, a report's, a request's commune) within the copied one.
    [[nodiscard]] bool takes_unit(const std::string& code) const;
    [[nodiscard]] bool takes_household(const UnitRef& unit) const;
    // A round whose scope shares households with the copied unit; only those households' results go.
    [[nodiscard]] bool takes_round(const std::string& round_scope) const;
    [[nodiscard]] const std::string& unit() const { return unit_; }
    [[nodiscard]] const Placer& placer() const { return placer_; }
    [[nodiscard]] const Date& at() const { return at_; }

  private:
    Placer placer_;
    std::string unit_;
    Date at_;
};

}  // namespace giamngheo::store
