// Administrative units as dated versions on two maps — the 2024 map (province → district →
// commune, before 1 July 2025) and the 2025 map (province → commune) — with the old → new
// lineage, so that a household recorded on either map can be counted on the other.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kernel/date.hpp"

namespace giamngheo {

enum class UnitLevel { province, district, commune, village };
[[nodiscard]] const char* to_string(UnitLevel level);
bool parse_unit_level(const std::string& text, UnitLevel& out);

enum class UnitMap { map2024 = 2024, map2025 = 2025 };

struct UnitVersion {
    std::string code;
    UnitLevel level = UnitLevel::commune;
    std::string parent_code;
    std::string type;  // Vietnamese unit type as GSO writes it: Xã, Phường, Thị trấn, Đặc khu tại hải đảo ...
    std::string name;
    std::string full_name;
    UnitMap map = UnitMap::map2025;
    std::optional<Date> valid_from;  // unset: since before the data begins
    std::optional<Date> valid_to;    // inclusive; unset: still in force
};

struct Lineage {
    std::string old_level;
    std::string old_code;
    std::string new_code;
    bool full = true;  // false: only part of the old unit went into the new one
};

// Where a household ends up on a target map.
struct Placement {
    std::string commune;  // commune code on the target map, empty when unplaced
    std::string reason;   // why it could not be placed (Vietnamese), empty when placed
};

class UnitCatalogue {
public:
    // The first day of the 2025 map (Resolution 202/2025/QH15 and the 34 provincial resolutions).
    static constexpr Date kReformDate{2025, 7, 1};

    void add(UnitVersion version);
    void add_lineage(Lineage row);

    [[nodiscard]] static UnitMap map_at(const Date& date) {
        return date < kReformDate ? UnitMap::map2024 : UnitMap::map2025;
    }

    // The version of `code` on `map` in force at `at` (or the latest one when `at` is unset
    // or outside every version). nullptr when the code is not on that map.
    [[nodiscard]] const UnitVersion* find(const std::string& code, UnitMap map,
                                          std::optional<Date> at = std::nullopt) const;
    // The map a recorded code belongs to, preferring the map in force at `at`.
    [[nodiscard]] std::optional<UnitMap> map_of(const std::string& code, const Date& at) const;
    [[nodiscard]] bool contains(const std::string& code) const;

    // The ancestor of `code` at `level` on `map` (the code itself when it is at that level).
    [[nodiscard]] std::optional<std::string> ancestor(const std::string& code, UnitMap map,
                                                      UnitLevel level) const;

    // Places a commune recorded as `code` on `source` onto `target`. Old → new uses the lineage:
    // a full mapping places directly; a split commune is placed by `current_code` when it is one
    // of the successors, otherwise unplaced. New → old places only a commune with exactly one
    // predecessor.
    [[nodiscard]] Placement place(const std::string& code, UnitMap source, const std::string& current_code,
                                  UnitMap target) const;

    // The unit at `level` (province or district) on `target` of a unit recorded as `code` on
    // `source`, even when the commune itself cannot be placed: every commune it was made from or
    // went into lies in that one unit. nullopt when they lie in several (or `target` has no
    // such level).
    [[nodiscard]] std::optional<std::string> ancestor_on(const std::string& code, UnitMap source, UnitMap target,
                                                         UnitLevel level) const;

    [[nodiscard]] std::vector<const UnitVersion*> units(UnitMap map, UnitLevel level,
                                                        std::optional<Date> at = std::nullopt) const;
    [[nodiscard]] const std::vector<Lineage>& lineage() const { return lineage_; }
    [[nodiscard]] std::size_t version_count() const { return version_count_; }
    // Every version on both maps (2024 first), by code, oldest first: the catalogue to copy or compare.
    [[nodiscard]] std::vector<UnitVersion> all_versions() const;

private:
    // code -> versions on each map, oldest first
    std::map<std::string, std::vector<UnitVersion>> by_code_[2];
    std::vector<Lineage> lineage_;
    std::map<std::string, std::vector<std::size_t>> successors_;    // old code -> lineage rows
    std::map<std::string, std::vector<std::size_t>> predecessors_;  // new code -> lineage rows
    std::size_t version_count_ = 0;
};

// Rural/urban of a commune from its type, with per-unit overrides (configuration data).
struct AreaRules {
    std::map<std::string, std::string> area_by_type;
    std::map<std::string, std::string> area_by_unit;
    [[nodiscard]] std::string area_of(const UnitVersion& commune) const;
};

}  // namespace giamngheo
