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
        if (level == UnitLevel::province)
            if (auto province = units_.province_on(unit.code, *source, target)) return {*province, {}};
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

}  // namespace giamngheo
