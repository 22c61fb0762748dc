#include "storage/copy_scope.hpp"

#include "kernel/errors.hpp"

namespace giamngheo::store {

CopyScope::CopyScope(const UnitCatalogue& units, std::string unit, Date at)
    : placer_(units, AreaRules{}), unit_(std::move(unit)), at_(at) {
    if (!unit_.empty() && !units.contains(unit_))
        throw_invalid_input("danh mục đơn vị không có đơn vị " + unit_ + " để trích xuất", "unit");
}

bool CopyScope::takes_unit(const std::string& code) const { return everything() || placer_.unit_within(code, unit_, at_); }

bool CopyScope::takes_household(const UnitRef& unit) const { return everything() || placer_.in_scope(unit, unit_, at_); }

bool CopyScope::takes_round(const std::string& round_scope) const {
    return everything() || placer_.scopes_overlap(round_scope, unit_, at_);
}

}  // namespace giamngheo::store
