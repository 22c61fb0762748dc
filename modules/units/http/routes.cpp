#include "modules/units/http/routes.hpp"

#include "server/http_helpers.hpp"

namespace giamngheo::app {
namespace {

using namespace server;

json unit_json(const accounts::WebContext& web, const UnitVersion& u) {
    return {{"code", u.code},
            {"name", u.name},
            {"full_name", u.full_name},
            {"type", u.type},
            {"level", to_string(u.level)},
            {"parent_code", u.parent_code},
            {"area", u.level == UnitLevel::commune ? web.options.env.area_rules().area_of(u) : ""},
            {"map", static_cast<int>(u.map)}};
}

Response children(const accounts::WebContext& web, const Request& r) {
    const UnitMap map = web.map_param(r).value_or(UnitCatalogue::map_at(web.options.env.today));
    const std::string parent = r.query_value("parent");
    json out = json::array();
    for (UnitLevel level : {UnitLevel::province, UnitLevel::district, UnitLevel::commune})
        for (const auto* u : web.units.units(map, level, web.options.env.today))
            if (u->parent_code == parent) out.push_back(unit_json(web, *u));
    return json_response(200, out);
}

Response unit_with_ancestors(const accounts::WebContext& web, const Request& r) {
    const std::string code = r.param("code");
    const auto map = web.map_param(r) ? web.map_param(r) : web.units.map_of(code, web.options.env.today);
    const UnitVersion* u = map ? web.units.find(code, *map, web.options.env.today) : nullptr;
    if (!u) not_found("không có đơn vị hành chính \"" + code + "\"");
    json out = unit_json(web, *u);
    out["ancestors"] = json::array();
    for (const UnitVersion* p = web.units.find(u->parent_code, u->map); p; p = web.units.find(p->parent_code, p->map))
        out["ancestors"].insert(out["ancestors"].begin(), unit_json(web, *p));
    return json_response(200, out);
}

}  // namespace

void register_unit_routes(Router& router, accounts::WebContext& web) {
    router.add({"GET", "/api/v1/units", Capability::signed_in,
                "Các đơn vị con của một đơn vị (không có parent: các tỉnh)",
                [&web](Request& r) { return children(web, r); }, kNeverHeavy, false});
    router.add({"GET", "/api/v1/units/{code}", Capability::signed_in, "Một đơn vị và các cấp trên",
                [&web](Request& r) { return unit_with_ancestors(web, r); }, kNeverHeavy, false});
}

}  // namespace giamngheo::app
