#include "modules/reports/app/chain.hpp"

#include "kernel/errors.hpp"

namespace giamngheo::app {

ReportingChain::ReportingChain(const UnitCatalogue& units, const reports::ReportPeriod& period)
    : units_(units), map_(UnitCatalogue::map_at(period.end())), at_(period.end()) {}

ReportUnit ReportingChain::unit(const std::string& code) const {
    if (code.empty()) return {"", "Toàn quốc", "national", ""};
    const UnitVersion* u = units_.find(code, map_, at_);
    if (!u || u->level == UnitLevel::village)
        throw_not_found("đơn vị \"" + code + "\" không có trên bản đồ hành chính năm " +
                        std::to_string(static_cast<int>(map_)) + " của kỳ báo cáo");
    return {u->code, u->full_name.empty() ? u->name : u->full_name, to_string(u->level),
            units_.ancestor(code, map_, UnitLevel::province).value_or("")};
}

std::vector<ReportUnit> ReportingChain::below(const std::string& code) const {
    std::vector<ReportUnit> out;
    if (code.empty()) {
        for (const auto* u : units_.units(map_, UnitLevel::province, at_)) out.push_back(unit(u->code));
        return out;
    }
    const UnitVersion* self = units_.find(code, map_, at_);
    if (!self || self->level == UnitLevel::commune) return out;
    const UnitLevel next = self->level == UnitLevel::province && map_ == UnitMap::map2024 ? UnitLevel::district : UnitLevel::commune;
    for (const auto* u : units_.units(map_, next, at_))
        if (u->parent_code == code) out.push_back(unit(u->code));
    return out;
}

std::vector<ReportUnit> ReportingChain::communes_within(const std::string& code) const {
    const UnitVersion* self = code.empty() ? nullptr : units_.find(code, map_, at_);
    if (self && self->level == UnitLevel::commune) return {};
    std::vector<ReportUnit> out;
    for (const auto* u : units_.units(map_, UnitLevel::commune, at_))
        if (!self || units_.ancestor(u->code, map_, self->level).value_or("") == code) out.push_back(unit(u->code));
    return out;
}

std::optional<std::string> ReportingChain::parent(const std::string& code) const {
    if (code.empty()) return std::nullopt;
    const UnitVersion* u = units_.find(code, map_, at_);
    if (!u) return std::nullopt;
    return u->level == UnitLevel::province ? std::string() : u->parent_code;
}

reports::Standing ReportingChain::standing(const std::string& user_unit, const std::string& report_unit) const {
    using reports::Standing;
    if (user_unit == report_unit) return Standing::own;
    const auto up = parent(report_unit);
    if (up && *up == user_unit) return Standing::parent;
    const auto up2 = up ? parent(*up) : std::nullopt;
    if (up2 && *up2 == user_unit) return Standing::grandparent;
    return Standing::other;
}

}  // namespace giamngheo::app
