#include "modules/review/http/routes.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>

#include "kernel/classify.hpp"
#include "modules/review/app/review.hpp"
#include "modules/review/documents/results_list.hpp"
#include "modules/review/documents/results_sheet.hpp"
#include "platform/printed_sheet.hpp"
#include "platform/xlsx.hpp"
#include "server/http_helpers.hpp"

namespace giamngheo::app {
namespace {

using namespace server;
using accounts::Session;
using accounts::WebContext;
using C = Capability;

std::string status_of(const store::RoundRecord& r) { return r.status == store::RoundStatus::approved ? "approved" : "draft"; }

// A standard named by a request: an id of data/standards, never a path.
std::string standard_param(const std::string& standard, const char* field) {
    if (standard.empty() || standard.find('/') != std::string::npos || standard.find('.') != std::string::npos)
        throw ApiError(400, "invalid_input", "chuẩn nghèo \"" + standard + "\" không hợp lệ (ví dụ vn-2022)",
                       {{"field", field}});
    return standard;
}

Response run(WebContext& web, RoundCache& rounds, Request& r) {
    static std::atomic<double> seconds_per_household{20e-6};  // measured by each run, for the progress estimate
    const Session s = web.session_of(r);
    const json body = parse_body(r);
    RoundSpec spec;
    if (!body.contains("year") || !body["year"].is_number_integer() ||
        body["year"].get<long long>() < kFirstReviewYear || body["year"].get<long long>() > kLastReviewYear)
        throw ApiError(400, "invalid_input",
                       "năm rà soát (year) phải là số nguyên từ " + std::to_string(kFirstReviewYear) + " đến " +
                           std::to_string(kLastReviewYear),
                       {{"field", "year"}});
    spec.year = body["year"].get<int>();
    spec.kind = string_field(body, "kind", "periodic");
    spec.scope = string_field(body, "scope", s.user.unit_code);
    spec.reference_date = date_field(body, "reference_date");
    spec.standard = standard_param(string_field(body, "standard", "vn-2022"), "standard");
    spec.reason = string_field(body, "reason", "");
    if (!spec.scope.empty() && !web.units.contains(spec.scope))
        throw ApiError(400, "invalid_input", "không có đơn vị \"" + spec.scope + "\"", {{"field", "scope"}});
    web.require_unit(s, spec.scope);
    check_new_round(*web.stores.borrow(), web.options.env, spec);
    const long households = web.stores.borrow()->household_count();
    const std::string user = s.user.username;
    return web.jobs.answer(web.jobs.start(
        user, static_cast<double>(households) * seconds_per_household, [&web, &rounds, spec, user, households] {
            const auto started = std::chrono::steady_clock::now();
            store::Actor actor{user, "POST /api/v1/rounds"};
            actor.audit.push_back({"round.run", "", "",
                                   json{{"year", spec.year},
                                        {"scope", spec.scope},
                                        {"standard", spec.standard},
                                        {"reference_date", spec.reference_date.iso()}}
                                       .dump()});
            const auto result = run_round(*web.stores.borrow(), web.options.env, spec, actor);
            const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            if (households > 0) seconds_per_household = took / static_cast<double>(households);
            return json_response(201, rounds.round_json(*rounds.round(result.round_id), ""));
        }));
}

Response approve(WebContext& web, RoundCache& rounds, Request& r) {
    const Session s = web.session_of(r);
    const std::int64_t id = id_param(r, "kỳ rà soát");
    const auto data = rounds.visible(id, s);
    // Approving decides for every household of the round: the round must lie within the user's unit.
    web.require_unit(s, data->record.scope);
    const json body = parse_body(r);
    const Date decision = date_field(body, "decision_date");
    const std::string reason = string_field(body, "reason", "");
    store::Actor actor{s.user.username, "POST /api/v1/rounds/" + std::to_string(id) + "/approve"};
    actor.audit.push_back(
        {"round.approve", "", "round " + std::to_string(id),
         json{{"old", {{"status", "draft"}}}, {"new", {{"status", "approved"}, {"decision_date", decision.iso()}}}}
             .dump()});
    approve_round(*web.stores.borrow(), web.options.env, id, decision, actor, reason);
    rounds.forget(id);
    return json_response(200, rounds.round_json(*rounds.round(id), s.user.unit_code));
}

json result_json(const RoundData& data, const store::ResultRow& row) {
    json item = {{"household_id", row.household_id}, {"unit_code", row.unit_code},
                 {"village", row.village},           {"area", row.area},
                 {"class", row.household_class},     {"income_test", row.income_test},
                 {"deprivation_count", row.deprivation_count}, {"score_b", row.score_b},
                 {"transition", row.transition},     {"members", row.members},
                 {"recently_escaped", row.recently_escaped}};
    for (std::size_t j = 0; j < data.indicator_keys.size() && j < row.indicators.size(); ++j)
        item[data.indicator_keys[j]] = row.indicators[j] == '?' ? "" : std::string(1, row.indicators[j]);
    for (int b = 0; b < kHouseholdFlagCount; ++b) item[kHouseholdFlagKeys[b]] = (row.flags >> b) & 1 ? "1" : "0";
    return item;
}

Response results(WebContext& web, RoundCache& rounds, Request& r) {
    const Session s = web.session_of(r);
    const auto data = rounds.visible(id_param(r, "kỳ rà soát"), s);
    const std::string unit = web.unit_param(r, s), wanted = r.query_value("class");
    const long page = int_param(r, "page", 1, 1, 1000000), page_size = int_param(r, "page_size", 50, 1, 500);
    const auto rows = rounds.rows_within(*data, unit);
    std::vector<std::size_t> hits;
    for (std::size_t i : *rows)
        if (wanted.empty() || data->rows[i].household_class == wanted) hits.push_back(i);
    json items = json::array();
    for (std::size_t k = static_cast<std::size_t>((page - 1) * page_size);
         k < hits.size() && k < static_cast<std::size_t>(page * page_size); ++k)
        items.push_back(result_json(*data, data->rows[hits[k]]));
    return json_response(200, {{"total", hits.size()}, {"page", page}, {"page_size", page_size}, {"items", items}});
}

Response what_if_route(WebContext& web, RoundCache& rounds, Request& r) {
    const Session s = web.session_of(r);
    const std::int64_t id = id_param(r, "kỳ rà soát");
    const auto data = rounds.visible(id, s);
    const std::string standard = standard_param(r.query_value("standard"), "standard");
    const std::string unit = web.unit_param(r, s);
    const auto rows = rounds.rows_within(*data, unit);
    std::unordered_map<std::string, bool> in_scope;
    for (std::size_t i : *rows) in_scope[data->rows[i].household_id] = true;
    const io::Table table = what_if(*web.stores.borrow(), web.options.env, id, standard);
    json out = json::array();
    for (const auto& row : table.rows)
        if (in_scope.count(row[0]))
            out.push_back({{"household_id", row[0]},       {"unit_code", row[1]},         {"class_before", row[2]},
                           {"class_after", row[3]},        {"income_test_before", row[4]}, {"income_test_after", row[5]},
                           {"deprivations_before", row[6]}, {"deprivations_after", row[7]}, {"changes", row[8]}});
    return json_response(200, out);
}

Response export_xlsx(WebContext& web, RoundCache& rounds, Request& r) {
    const Session s = web.session_of(r);
    const std::int64_t id = id_param(r, "kỳ rà soát");
    const auto data = rounds.visible(id, s);
    const std::string unit = web.unit_param(r, s), wanted = r.query_value("class");
    std::unordered_map<std::string, bool> keep;
    const auto rows = rounds.rows_within(*data, unit);
    for (std::size_t i : *rows)
        if (wanted.empty() || data->rows[i].household_class == wanted) keep[data->rows[i].household_id] = true;
    io::Table table = results_table(*web.stores.borrow(), id);
    std::erase_if(table.rows, [&](const auto& row) { return !keep.count(row[0]); });
    const auto dir = web.work.scratch();
    const std::string path = (dir.path / "results.xlsx").string();
    const LabelledResults labelled = labelled_results(table);
    io::write_xlsx_table(path, labelled.table, "Kết quả rà soát", labelled.numeric_columns);
    return attachment(io::read_file(path), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      "ket-qua-ra-soat-" + std::to_string(id) + ".xlsx");
}

// The official list of the unit's poor and near-poor households, ready to print and post.
Response list_xlsx(WebContext& web, RoundCache& rounds, Request& r) {
    const Session s = web.session_of(r);
    const std::int64_t id = id_param(r, "kỳ rà soát");
    rounds.require_visible(id, s);
    const std::string classes = r.query_value("classes");
    const ResultsListRequest request{id, web.unit_param(r, s), listed_classes(classes.empty() ? "poor,near_poor" : classes)};
    const auto sheet = results_list(*web.stores.borrow(), request, [&](const store::ResultRow& row) {
        return web.scope.household_within({row.unit_code, row.current_unit_code}, request.unit);
    });
    const auto dir = web.work.scratch();
    const std::string path = (dir.path / "danh-sach.xlsx").string();
    io::write_printed_xlsx(path, {sheet});
    return attachment(io::read_file(path), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      "danh-sach-ho-ngheo-can-ngheo-" + std::to_string(id) + ".xlsx");
}

Response household_results(WebContext& web, RoundCache& rounds, Request& r) {
    const Session s = web.session_of(r);
    const std::string id = r.param("id");
    (void)web.household_in_scope(*web.stores.borrow(), s, id);
    const auto all = rounds.records();
    json out = json::array();
    for (const auto& record : *all) {
        auto data = rounds.round(record.id);
        auto it = data->by_household.find(id);
        if (it == data->by_household.end()) continue;
        const auto& row = data->rows[it->second];
        json indicators = json::object();
        for (std::size_t k = 0; k < data->indicator_keys.size() && k < row.indicators.size(); ++k)
            indicators[data->indicator_keys[k]] = row.indicators[k] == '?' ? "" : std::string(1, row.indicators[k]);
        out.push_back({{"round_id", record.id},          {"year", record.year},
                       {"kind", record.kind},            {"reference_date", record.reference_date.iso()},
                       {"standard", record.standard_id}, {"status", status_of(record)},
                       {"class", row.household_class},   {"income_test", row.income_test},
                       {"transition", row.transition},   {"deprivation_count", row.deprivation_count},
                       {"score_b", row.score_b},         {"household_version", row.household_version},
                       {"recently_escaped", row.recently_escaped}, {"indicators", indicators}});
    }
    return json_response(200, out);
}

json explanation_json(const HouseholdExplanation& e) {
    json indicators = json::array();
    for (const auto& i : e.indicators)
        indicators.push_back({{"key", i.key},         {"name", i.name},         {"value", i.value},
                              {"detail", i.detail},   {"members", i.members},   {"missing", i.missing},
                              {"overridden", i.overridden}});
    return {{"text", e.text},
            {"class", e.household_class},
            {"income_test", e.income_test},
            {"reason", e.reason},
            {"indicators", indicators}};
}

Response explain(WebContext& web, RoundCache& rounds, Request& r) {
    const Session s = web.session_of(r);
    const std::string id = r.param("id");
    auto lease = web.stores.borrow();
    (void)web.household_in_scope(*lease, s, id);
    std::int64_t round = r.query_value("round").empty() ? 0 : int_param(r, "round", 0, 1, 1L << 40);
    if (round == 0) {
        const auto all = rounds.records();
        for (auto it = all->rbegin(); it != all->rend() && round == 0; ++it)
            if (rounds.round(it->id)->by_household.count(id)) round = it->id;
        if (round == 0) not_found("hộ \"" + id + "\" chưa có trong kỳ rà soát nào");
    }
    const auto data = rounds.visible(round, s);
    if (!data->by_household.count(id)) not_found("hộ \"" + id + "\" không có trong kỳ rà soát " + std::to_string(round));
    const RoundHousehold at_round = reclassify(*lease, round, id);
    json body = explanation_json(explain_household(at_round));
    body["round_id"] = round;
    body["household_version"] = at_round.result.household_version;
    body["current"] = nullptr;
    if (const auto live = explain_current_record(*lease, at_round)) {
        body["current"] = explanation_json(live->explanation);
        body["current"]["household_version"] = live->current_version;
    }
    return json_response(200, body);
}

}  // namespace

void register_review_routes(Router& router, WebContext& web, RoundCache& rounds) {
    router.add({"GET", "/api/v1/rounds", C::read_registry, "Các kỳ rà soát",
                [&web, &rounds](Request& r) {
                    const Session s = web.session_of(r);
                    const std::string unit = web.unit_param(r, s);
                    json out = json::array();
                    for (const auto& record : *rounds.records())
                        if (web.scope.round_visible(record.scope, s.user.unit_code) &&
                            web.scope.round_visible(record.scope, unit))
                        {
                            json round = rounds.round_json(*rounds.round(record.id), unit);
                            // Whether the round holds every household of the unit asked about, and
                            // what this user may do with it: a page offers only that.
                            round["covers_unit"] = record.scope.empty() || web.scope.unit_within(unit, record.scope);
                            round["can_approve"] = record.status == store::RoundStatus::draft &&
                                                   accounts::has_capability(s.user.role, C::approve_round) &&
                                                   web.scope.unit_within(record.scope, s.user.unit_code);
                            out.push_back(std::move(round));
                        }
                    return json_response(200, out);
                },
                kNeverHeavy, true});
    router.add({"POST", "/api/v1/rounds", C::run_round, "Chạy một kỳ rà soát (việc dài: trả về mã công việc)",
                [&web, &rounds](Request& r) { return run(web, rounds, r); }, kNeverHeavy, true});
    router.add({"POST", "/api/v1/rounds/{id}/approve", C::approve_round, "Phê duyệt kỳ rà soát",
                [&web, &rounds](Request& r) { return approve(web, rounds, r); }, kNeverHeavy, true});
    router.add({"GET", "/api/v1/rounds/{id}/results", C::read_registry, "Kết quả của kỳ rà soát (phân trang)",
                [&web, &rounds](Request& r) { return results(web, rounds, r); }, kNeverHeavy, true});
    router.add({"GET", "/api/v1/rounds/{id}/what-if", C::read_registry, "Phân loại lại theo chuẩn khác: các hộ thay đổi",
                [&web, &rounds](Request& r) { return what_if_route(web, rounds, r); }, kAlwaysHeavy, true});
    router.add({"GET", "/api/v1/rounds/{id}/export.xlsx", C::read_registry, "Kết quả kỳ rà soát dạng XLSX",
                [&web, &rounds](Request& r) { return export_xlsx(web, rounds, r); }, kAlwaysHeavy, true});
    router.add({"GET", "/api/v1/rounds/{id}/list.xlsx", C::read_registry,
                "Danh sách hộ nghèo, hộ cận nghèo của đơn vị để niêm yết và kèm quyết định (XLSX in được)",
                [&web, &rounds](Request& r) { return list_xlsx(web, rounds, r); }, kAlwaysHeavy, true});
    router.add({"GET", "/api/v1/households/{id}/results", C::read_registry, "Phân loại của hộ qua các kỳ rà soát",
                [&web, &rounds](Request& r) { return household_results(web, rounds, r); }, kNeverHeavy, true});
    router.add({"GET", "/api/v1/households/{id}/explain", C::read_registry, "Vì sao hộ có phân loại này (tiếng Việt)",
                [&web, &rounds](Request& r) { return explain(web, rounds, r); }, kNeverHeavy, true});
    // The standards are public reference data, not data of a unit. Every page asks for them: read
    // from data/standards (a directory listing and a parse per file) at most every few seconds, so
    // that a standard added there is still offered without a restart.
    struct StandardsAnswer {
        std::mutex mutex;
        std::chrono::steady_clock::time_point read_at;
        std::shared_ptr<const json> body;
    };
    auto standards = std::make_shared<StandardsAnswer>();
    router.add({"GET", "/api/v1/standards", C::signed_in, "Các chuẩn nghèo", [&web, standards](Request&) {
                    constexpr auto kReadAgainAfter = std::chrono::seconds(5);
                    std::unique_lock lock(standards->mutex);
                    const auto now = std::chrono::steady_clock::now();
                    if (!standards->body || now - standards->read_at > kReadAgainAfter) {
                        json out = json::array();
                        for (const auto& id : web.options.env.standard_ids()) {
                            const Standard s = standard_from_document(web.options.env.standard_document(id));
                            json indicators = json::array();
                            for (const auto& rule : s.indicators)
                                indicators.push_back({{"key", rule.key}, {"name", rule.name}, {"dimension", rule.dimension}});
                            out.push_back({{"id", s.id}, {"name", s.name}, {"status", s.status}, {"indicators", indicators}});
                        }
                        standards->body = std::make_shared<const json>(std::move(out));
                        standards->read_at = now;
                    }
                    const auto body = standards->body;
                    lock.unlock();
                    return json_response(200, *body);
                },
                kNeverHeavy});
}

}  // namespace giamngheo::app
