// Where a household belongs: its area (rural/urban), whether it falls in a scope, and which
// unit it counts under at a level of either map. Households keep the code they were recorded
// with; placement happens when they are reviewed or counted, never by rewriting them.
#pragma once

#include <optional>
#include <string>

#include "kernel/units.hpp"

namespace giamngheo {

struct UnitRef {
    std::string code;          // commune code as recorded
    std::string current_code;  // 2025 commune when known (resolves split communes)
};

class Placer {
public:
    Placer(const UnitCatalogue& units, AreaRules rules) : units_(units), rules_(std::move(rules)) {}

    // The map a recorded code belongs to at `at` (a commune dissolved before the 2025 reform
    // belongs to the 2024 map). nullopt for an unknown code.
    [[nodiscard]] std::optional<UnitMap> source_map(const std::string& code, const Date& at) const;

    // The commune's rural/urban area at `at`; `explicit_area` wins when given. Empty when unknown.
    [[nodiscard]] std::string area(const UnitRef& unit, const std::string& explicit_area, const Date& at) const;

    // Whether the household falls within `scope` (any unit code of either map; empty = all).
    [[nodiscard]] bool in_scope(const UnitRef& unit, const std::string& scope, const Date& at) const;

    // The unit at `level` of `target` that the household counts under, or the reason it
    // cannot be placed. Villages are "<commune>/<village name>".
    [[nodiscard]] Placement group(const UnitRef& unit, const std::string& village, UnitLevel level, UnitMap target,
                                  const Date& at) const;

    // Whether unit `code` (any level, either map; "<commune>/<village>" for a village) lies within
    // `scope` (empty: everything): a district lies within its province on both maps, a commune
    // within every unit it is placed under on either map at `at`.
    [[nodiscard]] bool unit_within(const std::string& code, const std::string& scope, const Date& at) const;
    // Whether two scopes (unit codes; empty = everything) share households: one lies within the other.
    [[nodiscard]] bool scopes_overlap(const std::string& a, const std::string& b, const Date& at) const;

    [[nodiscard]] const UnitCatalogue& units() const { return units_; }

private:
    const UnitCatalogue& units_;
    AreaRules rules_;
};

}  // namespace giamngheo
