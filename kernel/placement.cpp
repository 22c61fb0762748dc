#include "kernel/placement.hpp"

namespace giamngheo {

std::optional<UnitMap> Placer::source_map(const std::string& code, const Date& at) const {
    if (auto map = units_.map_of(code, at)) return map;
    if (units_.contains(code)) return UnitMap::map2024;  // only in the lineage: dissolved in early 2025
    return std::nullopt;
}

std::string Placer::area(const UnitRef& unit, const std::string& explicit_area, const Date& at) const {
    if (!explicit_area.empty()) return explicit_area;
    const auto map = source_map(unit.code, at);
    if (!map) return {};
    const UnitVersion* commune = units_.find(unit.code, *map, at);
    if (!commune) {
        const Placement placed = units_.place(unit.code, *map, unit.current_code, UnitMap::map2025);
        if (placed.commune.empty()) return {};
        commune = units_.find(placed.commune, UnitMap::map2025, at);
    }
    return commune ? rules_.area_of(*commune) : std::string{};
}

bool Placer::in_scope(const UnitRef& unit, const std::string& scope, const Date& at) const {
    if (scope.empty()) return true;
    const auto scope_map = units_.map_of(scope, at);
    if (!scope_map) return false;
    const UnitVersion* scope_unit = units_.find(scope, *scope_map, at);
    const Placement placed = group(unit, "", scope_unit->level, *scope_map, at);
    return placed.commune == scope;
}

Placement Placer::group(const UnitRef& unit, const std::string& village, UnitLevel level, UnitMap target,
                        const Date& at) const {
    const auto source = source_map(unit.code, at);
    if (!source) return {{}, "mã đơn vị " + unit.code + " không có trong danh mục"};
    const Placement commune = units_.place(unit.code, *source, unit.current_code, target);
    if (commune.commune.empty()) {
        if (level == UnitLevel::province || level == UnitLevel::district)
            if (auto whole = units_.ancestor_on(unit.code, *source, target, level)) return {*whole, {}};
        if (level == UnitLevel::district && target == UnitMap::map2024)
            return {{}, commune.reason + "; các xã đó thuộc nhiều huyện khác nhau"};
        return commune;
    }
    if (level == UnitLevel::village) {
        if (village.empty()) return {{}, "hộ chưa ghi thôn/tổ dân phố"};
        return {commune.commune + "/" + village, {}};
    }
    if (level == UnitLevel::district && target == UnitMap::map2025) return {{}, "bản đồ 2025 không có cấp huyện"};
    if (auto ancestor = units_.ancestor(commune.commune, target, level)) return {*ancestor, {}};
    return {{}, "không tìm thấy đơn vị cấp " + std::string(to_string(level)) + " của xã " + commune.commune};
}

bool Placer::unit_within(const std::string& code, const std::string& scope, const Date& at) const {
    if (scope.empty()) return true;
    const std::string unit = code.substr(0, code.find('/'));  // a village counts with its commune
    if (unit.empty()) return false;
    if (unit == scope) return true;
    for (UnitMap map : {UnitMap::map2024, UnitMap::map2025}) {
        const UnitVersion* version = units_.find(unit, map);
        if (!version) continue;
        for (UnitLevel level : {UnitLevel::province, UnitLevel::district, UnitLevel::commune})
            if (units_.ancestor(unit, map, level) == scope) return true;
        if (version->level == UnitLevel::commune) {
            if (in_scope({unit, ""}, scope, at)) return true;
        } else {
            const UnitMap other = map == UnitMap::map2024 ? UnitMap::map2025 : UnitMap::map2024;
            if (units_.ancestor_on(unit, map, other, UnitLevel::province) == scope) return true;
        }
    }
    return false;
}

bool Placer::scopes_overlap(const std::string& a, const std::string& b, const Date& at) const {
    return a.empty() || b.empty() || unit_within(a, b, at) || unit_within(b, a, at);
}

}  // namespace giamngheo
