#include "modules/followup/http/routes.hpp"

#include "modules/followup/app/follow_up.hpp"
#include "server/http_helpers.hpp"

namespace giamngheo::app {
namespace {

using namespace server;
using accounts::Session;
using accounts::WebContext;
using nlohmann::json;
using C = Capability;

json visit_json(const followup::Visit& v) {
    return {{"id", v.id},           {"household_id", v.household_id}, {"date", v.date.iso()},
            {"visitor", v.visitor}, {"situation", v.situation},       {"support", v.support},
            {"note", v.note},       {"recorded_at", v.recorded_at}};
}

json row_json(const FollowUpRow& r) {
    return {{"household_id", r.household_id},
            {"unit_code", r.unit_code},
            {"village", r.village},
            {"head_name", r.head_name},
            {"class", r.household_class},
            {"class_round_id", r.class_round_id},
            {"relapsed", r.relapsed},
            {"relapse_round_id", r.relapse_round_id ? json(r.relapse_round_id) : json(nullptr)},
            {"visits", r.visits},
            {"last_visit", r.last_visit ? visit_json(*r.last_visit) : json(nullptr)},
            {"days_since_visit", r.days_since_visit ? json(*r.days_since_visit) : json(nullptr)},
            {"needs_review", r.needs_review}};
}

// Everything a request about follow-up needs, borrowed for its length.
struct Borrowed {
    Borrowed(WebContext& web, FollowUpStorePool& pool)
        : registry(web.stores.borrow()), visits(pool.borrow()), deps{*registry, *visits, web.options.env.today} {}
    store::Pool<store::Store>::Lease registry;
    FollowUpStorePool::Lease visits;
    FollowUpDeps deps;
};

}  // namespace

void register_followup_routes(Router& router, WebContext& web, RoundCache& rounds, FollowUpStorePool& follow_up_stores) {
    const auto within = [&web](const Session& s) {
        return HouseholdWithin([&web, unit = s.user.unit_code](const UnitRef& u) { return web.scope.household_within(u, unit); });
    };
    router.add({"GET", "/api/v1/households/{id}/follow-up", C::read_registry,
                "Các lần thăm hộ thoát nghèo: ngày, người thăm, tình trạng, hỗ trợ, ghi chú",
                [&web, &follow_up_stores, within](Request& r) {
                    const Session s = web.session_of(r);
                    Borrowed b(web, follow_up_stores);
                    json out = json::array();
                    for (const auto& v : household_visits(b.deps, r.param("id"), within(s))) out.push_back(visit_json(v));
                    return json_response(200, {{"household_id", r.param("id")}, {"today", web.options.env.today.iso()}, {"visits", out}});
                },
                kNeverHeavy, true});
    router.add({"POST", "/api/v1/households/{id}/follow-up", C::record_follow_up,
                "Ghi một lần thăm hộ thoát nghèo (ngày không sau hôm nay, tình trạng theo danh mục)",
                [&web, &follow_up_stores, within](Request& r) {
                    const Session s = web.session_of(r);
                    const json body = parse_body(r);
                    followup::Visit visit;
                    visit.household_id = r.param("id");
                    visit.date = date_field(body, "date");
                    visit.situation = string_field(body, "situation");
                    visit.support = string_field(body, "support");
                    visit.note = string_field(body, "note");
                    Borrowed b(web, follow_up_stores);
                    const auto stored = record_visit(b.deps, visit, within(s), {s.user.username, r.method + " " + r.path});
                    return json_response(201, visit_json(stored));
                },
                kNeverHeavy, true});
    router.add({"GET", "/api/v1/follow-up", C::read_registry,
                "Danh sách hộ mới thoát nghèo cần theo dõi của đơn vị: lần thăm gần nhất, số ngày, hộ tái nghèo",
                [&web, &rounds, &follow_up_stores](Request& r) {
                    const Session s = web.session_of(r);
                    const std::string unit = web.unit_param(r, s);
                    RoundSource source;
                    source.covers = [&web, &unit](const std::string& scope) {
                        return scope.empty() || web.scope.unit_within(unit, scope);
                    };
                    source.overlaps = [&web, &unit](const std::string& scope) { return web.scope.round_visible(scope, unit); };
                    // The round cache holds the round's rows and which lie within the unit, computed once.
                    // It keeps three large rounds: a list over the window's approved rounds (two or
                    // three at national scale) may push out the round the household list was using,
                    // which its next request loads again.
                    source.rows = [&rounds, &unit](const store::RoundRecord& record,
                                                   const std::function<void(const store::ResultRow&)>& visit) {
                        const auto data = rounds.round(record.id);
                        for (const std::size_t i : *rounds.rows_within(*data, unit)) visit(data->rows[i]);
                    };
                    Borrowed b(web, follow_up_stores);
                    const FollowUpList list = follow_up_list(b.deps, source);
                    json rows = json::array();
                    for (const auto& row : list.rows) rows.push_back(row_json(row));
                    json round = nullptr;
                    if (list.round)
                        round = {{"id", list.round->id},
                                 {"year", list.round->year},
                                 {"reference_date", list.round->reference_date.iso()},
                                 {"decision_date", list.round->decision_date ? json(list.round->decision_date->iso()) : json(nullptr)}};
                    return json_response(200, {{"unit", unit},
                                                {"unit_name", web.unit_name(unit)},
                                                {"today", web.options.env.today.iso()},
                                                {"round", round},
                                                {"window_months", list.window_months},
                                                {"items", rows}});
                },
                kNeverHeavy, true});
}

}  // namespace giamngheo::app
