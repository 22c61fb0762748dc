#include "modules/statistics/http/routes.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "modules/statistics/app/statistics.hpp"
#include "server/http_helpers.hpp"

namespace giamngheo::app {
namespace {

using namespace server;
using accounts::Session;
using accounts::WebContext;
using C = Capability;

// A round's tables by level and map, and the answers already given, kept while the round's results
// stay as they are: an approved round never changes; a draft's results move when households of it
// are classified again (a survey, a re-check), by this process or another one sharing the database,
// and its record says so (results_change_set, as RoundCache::record knows it: read again on each
// request, or kept until a change is notified when the store has a feed of rounds' changes).
class StatsCache {
  public:
    StatsCache(WebContext& web, RoundCache& rounds) : web_(web), rounds_(rounds) {}

    // The answer's key, so that a request whose figures are at hand is light (not heavy).
    [[nodiscard]] static std::string answer_key(const Request& r) {
        return r.param("id") + "|" + r.query_value("level", "province") + "|" + r.query_value("map") + "|" +
               r.query_value("unit");
    }
    Response stats(Request& r) {
        const Session s = web_.session_of(r);
        const std::int64_t id = id_param(r, "kỳ rà soát");
        const std::string unit = web_.unit_param(r, s);
        UnitLevel level = UnitLevel::province;
        if (!parse_unit_level(r.query_value("level", "province"), level))
            throw ApiError(400, "invalid_input", "cấp (level) phải là province, district, commune hoặc village",
                           {{"field", "level"}});
        const auto requested_map = web_.map_param(r);
        const store::RoundRecord record = rounds_.require_visible(id, s);
        const std::int64_t results_version = record.results_change_set;
        const std::string key = std::to_string(results_version) + "|" + to_string(level) + "|" +
                                (requested_map ? std::to_string(static_cast<int>(*requested_map)) : "") + "|" + unit;
        {
            std::lock_guard lock(mutex_);
            forget_if_moved(id, results_version);
            if (auto it = answers_.find(answer_key(r) + "#" + key); it != answers_.end())
                return Response::json(200, *it->second);
        }
        const UnitMap map = requested_map.value_or(UnitCatalogue::map_at(record.reference_date));
        const auto table = table_of(id, results_version, level, map);
        std::vector<std::size_t> rows;
        for (std::size_t i = 0; i < table->table.rows.size(); ++i) {
            const std::string& code = table->table.rows[i].front();
            if (unit.empty() || ((code != "ALL" && code != "UNPLACED") && web_.scope.unit_within(code, unit)))
                rows.push_back(i);
        }
        // Households of the unit that cannot be placed at this level of this map: shown with
        // their count and reasons, never dropped.
        long not_placed = 0;
        std::set<std::string> reasons;
        for (const auto& u : table->unplaced_units)
            if (unit.empty() || web_.scope.household_within({u.unit_code, u.current_unit_code}, unit)) {
                not_placed += u.households;
                reasons.insert(u.reason);
            }
        json body = {{"round_id", id},
                     {"level", to_string(level)},
                     {"map", static_cast<int>(map)},
                     {"unit", unit},
                     {"rows", table_rows(table->table, rows)},
                     {"unplaced", not_placed},
                     {"unplaced_reasons", reasons}};
        // The unit's own figures (rates do not add up, so they come from the unit's own level):
        // on the map asked for when the unit has figures there, else on the other map (a commune
        // of 2025 whose households cannot be placed on 2024 communes is still the same commune).
        json total = nullptr;
        if (unit.empty()) {
            for (std::size_t i = 0; i < table->table.rows.size(); ++i)
                if (table->table.rows[i].front() == "ALL") total = table_rows(table->table, {i}).front();
        }
        for (UnitMap own_map : {map, map == UnitMap::map2024 ? UnitMap::map2025 : UnitMap::map2024}) {
            const UnitVersion* self = unit.empty() ? nullptr : web_.units.find(unit, own_map);
            if (!total.is_null() || !self || (self->level == UnitLevel::district && own_map == UnitMap::map2025))
                continue;
            const auto own = table_of(id, results_version, self->level, own_map);
            for (std::size_t i = 0; i < own->table.rows.size(); ++i)
                if (own->table.rows[i].front() == unit) total = table_rows(own->table, {i}).front();
        }
        body["total"] = total;
        auto text = std::make_shared<const std::string>(body.dump(-1, ' ', false, json::error_handler_t::replace));
        std::lock_guard lock(mutex_);
        answers_[answer_key(r) + "#" + key] = text;
        light_.insert(answer_key(r));
        return Response::json(200, *text);
    }

    [[nodiscard]] bool light(const Request& r) {
        std::lock_guard lock(mutex_);
        return light_.count(answer_key(r)) > 0;
    }

  private:
    // Drops what was kept of round `id` for results it no longer has (keys hold the version, so this
    // only frees memory). Called with mutex_ held.
    void forget_if_moved(std::int64_t id, std::int64_t results_version) {
        const auto [seen, fresh] = results_versions_.try_emplace(id, results_version);
        if (fresh || seen->second == results_version) return;
        seen->second = results_version;
        const std::string prefix = std::to_string(id) + "|";
        std::erase_if(tables_, [&](const auto& entry) { return entry.first.starts_with(prefix); });
        std::erase_if(answers_, [&](const auto& entry) { return entry.first.starts_with(prefix); });
    }

    // The key holds the results' version, so that a table computed from results replaced meanwhile
    // is never taken for the new ones.
    std::shared_ptr<const StatsResult> table_of(std::int64_t round, std::int64_t results_version, UnitLevel level,
                                                UnitMap map) {
        const std::string key = std::to_string(round) + "|" + std::to_string(results_version) + "|" + to_string(level) +
                                "|" + std::to_string(static_cast<int>(map));
        auto cached = [&]() -> std::shared_ptr<const StatsResult> {
            std::lock_guard lock(mutex_);
            auto it = tables_.find(key);
            return it == tables_.end() ? nullptr : it->second;
        };
        if (auto found = cached()) return found;
        // One computation at a time: the first requests after a start wait for one.
        std::lock_guard computing(compute_mutex_);
        if (auto found = cached()) return found;
        StatsRequest request;
        request.round_id = round;
        request.level = level;
        request.map = map;
        auto result = std::make_shared<const StatsResult>(round_statistics(*web_.stores.borrow(), web_.options.env, request));
        std::lock_guard lock(mutex_);
        return tables_[key] = result;
    }

    WebContext& web_;
    RoundCache& rounds_;
    std::mutex mutex_, compute_mutex_;
    std::map<std::string, std::shared_ptr<const StatsResult>> tables_;
    std::map<std::string, std::shared_ptr<const std::string>> answers_;  // by request and the user's unit
    std::set<std::string> light_;                                         // requests whose tables are at hand
    std::map<std::int64_t, std::int64_t> results_versions_;  // by round: the results the kept figures are of
};

Response transitions(WebContext& web, RoundCache& rounds, Request& r) {
    const Session s = web.session_of(r);
    const auto data = rounds.visible(id_param(r, "kỳ rà soát"), s);
    const std::string unit = web.unit_param(r, s);
    std::unordered_map<std::string, std::string> previous;
    for (const auto& past : web.stores.borrow()->approved_results_before(data->record.reference_date))
        previous[past.household_id] = past.household_class;
    std::map<std::string, std::map<std::string, long>> matrix;
    std::map<std::string, long> counts;
    const auto rows = rounds.rows_within(*data, unit);
    for (std::size_t i : *rows) {
        const auto& row = data->rows[i];
        auto it = previous.find(row.household_id);
        ++matrix[it == previous.end() ? "none" : it->second][row.household_class];
        ++counts[row.transition];
    }
    return json_response(200, {{"matrix", matrix}, {"counts", counts}});
}

}  // namespace

void register_statistics_routes(Router& router, WebContext& web, RoundCache& rounds) {
    auto cache = std::make_shared<StatsCache>(web, rounds);
    router.add({"GET", "/api/v1/rounds/{id}/stats", C::read_registry,
                "Thống kê của kỳ rà soát theo cấp, trên bản đồ 2024 hoặc 2025",
                [cache](Request& r) { return cache->stats(r); },
                // Heavy only until its figures are at hand: a busy dashboard then reads them lightly.
                [cache](const Request& r) { return !cache->light(r); }, true});
    router.add({"GET", "/api/v1/rounds/{id}/transitions", C::read_registry,
                "Biến động so với các kỳ đã phê duyệt trước",
                [&web, &rounds](Request& r) { return transitions(web, rounds, r); }, kAlwaysHeavy, true});
}

}  // namespace giamngheo::app
