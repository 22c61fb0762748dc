// Routes of review rounds: list, run (as a job), approve, results, statistics, transitions, what-if, export.
#include "server/api_state.hpp"

namespace giamngheo::server {

void Api::State::register_round_routes() {
    State& st = *this;
    add("GET", "/api/v1/rounds", "Các kỳ rà soát", [&st](Request& r) {
        const Session s = st.session_of(r);
        const std::string unit = st.unit_param(r, s);
        json out = json::array();
        for (const auto& record : st.stores.borrow()->rounds()) {
            if (!st.scope->round_visible(record.scope, s.user.unit_code) ||
                !st.scope->round_visible(record.scope, unit))
                continue;
            out.push_back(st.round_json(*st.round_data(record.id), unit));
        }
        return json_response(200, out);
    });
    add("POST", "/api/v1/rounds", "Chạy một kỳ rà soát (việc dài: trả về mã công việc)", [&st](Request& r) {
        const Session s = st.session_of(r);
        const json body = parse_body(r);
        app::RoundSpec spec;
        if (!body.contains("year") || !body["year"].is_number_integer() ||
            body["year"].get<long long>() < app::kFirstReviewYear || body["year"].get<long long>() > app::kLastReviewYear)
            throw ApiError(400, "invalid_input",
                           "năm rà soát (year) phải là số nguyên từ " + std::to_string(app::kFirstReviewYear) +
                               " đến " + std::to_string(app::kLastReviewYear),
                           {{"field", "year"}});
        spec.year = body["year"].get<int>();
        spec.kind = string_field(body, "kind", "periodic");
        spec.scope = string_field(body, "scope", s.user.unit_code);
        spec.reference_date = date_field(body, "reference_date");
        spec.standard = string_field(body, "standard", "vn-2022");
        if (spec.standard.find('/') != std::string::npos || spec.standard.find('.') != std::string::npos)
            bad_request("chuẩn nghèo \"" + spec.standard + "\" không hợp lệ");
        if (!spec.scope.empty() && !st.units.contains(spec.scope))
            bad_request("không có đơn vị \"" + spec.scope + "\"");
        st.require_unit(s, spec.scope);
        const long households = st.stores.borrow()->household_count();
        const std::string user = s.user.username;
        const auto job = st.start_job(
            user, static_cast<double>(households) * st.seconds_per_household,
            [&st, spec, user, households] {
                const auto started = std::chrono::steady_clock::now();
                auto lease = st.stores.borrow();
                store::Actor actor{user, "POST /api/v1/rounds", {}};
                actor.audit.push_back({"round.run", "", "",
                                       json{{"year", spec.year},
                                            {"scope", spec.scope},
                                            {"standard", spec.standard},
                                            {"reference_date", spec.reference_date.iso()}}
                                           .dump()});
                const auto result = app::run_round(*lease, st.options.env, spec, actor);
                const double took =
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
                if (households > 0) st.seconds_per_household = took / static_cast<double>(households);
                return json_response(201, st.round_json(*st.round_data(result.round_id), ""));
            });
        return st.answer_job(job);
    });
    add("POST", "/api/v1/rounds/{id}/approve", "Phê duyệt kỳ rà soát", [&st](Request& r) {
        const Session s = st.session_of(r);
        const std::int64_t id = id_param(r, "kỳ rà soát");
        const auto data = st.visible_round(id, s);
        // Approving decides for every household of the round: the round must lie within the user's unit.
        st.require_unit(s, data->record.scope);
        const Date decision = date_field(parse_body(r), "decision_date");
        store::Actor actor{s.user.username, "POST /api/v1/rounds/" + std::to_string(id) + "/approve", {}};
        actor.audit.push_back({"round.approve", "", "round " + std::to_string(id),
                               json{{"old", {{"status", "draft"}}},
                                    {"new", {{"status", "approved"}, {"decision_date", decision.iso()}}}}
                                   .dump()});
        app::approve_round(*st.stores.borrow(), id, decision, actor);
        st.forget_round(id);
        return json_response(200, st.round_json(*st.round_data(id), s.user.unit_code));
    });
    add("GET", "/api/v1/rounds/{id}/results", "Kết quả của kỳ rà soát (phân trang)", [&st](Request& r) {
        const Session s = st.session_of(r);
        const auto data = st.visible_round(id_param(r, "kỳ rà soát"), s);
        const std::string unit = st.unit_param(r, s), wanted = r.query_value("class");
        const long page = int_param(r, "page", 1, 1, 1000000),
                   page_size = int_param(r, "page_size", 50, 1, 500);
        const auto rows = st.rows_within(*data, unit);
        std::vector<std::size_t> hits;
        for (std::size_t i : *rows)
            if (wanted.empty() || data->rows[i].household_class == wanted) hits.push_back(i);
        json items = json::array();
        for (std::size_t k = static_cast<std::size_t>((page - 1) * page_size);
             k < hits.size() && k < static_cast<std::size_t>(page * page_size); ++k) {
            const auto& row = data->rows[hits[k]];
            json item = {{"household_id", row.household_id},
                         {"unit_code", row.unit_code},
                         {"village", row.village},
                         {"area", row.area},
                         {"class", row.household_class},
                         {"income_test", row.income_test},
                         {"deprivation_count", row.deprivation_count},
                         {"score_b", row.score_b},
                         {"transition", row.transition},
                         {"members", row.members}};
            for (std::size_t j = 0; j < data->indicator_keys.size() && j < row.indicators.size(); ++j)
                item[data->indicator_keys[j]] =
                    row.indicators[j] == '?' ? "" : std::string(1, row.indicators[j]);
            for (int b = 0; b < kHouseholdFlagCount; ++b)
                item[kHouseholdFlagKeys[b]] = (row.flags >> b) & 1 ? "1" : "0";
            items.push_back(std::move(item));
        }
        return json_response(
            200, {{"total", hits.size()}, {"page", page}, {"page_size", page_size}, {"items", items}});
    });
    add("GET", "/api/v1/rounds/{id}/stats", "Thống kê của kỳ rà soát theo cấp, trên bản đồ 2024 hoặc 2025",
        [&st](Request& r) {
            const Session s = st.session_of(r);
            const std::int64_t id = id_param(r, "kỳ rà soát");
            const std::string unit = st.unit_param(r, s);
            UnitLevel level = UnitLevel::province;
            if (!parse_unit_level(r.query_value("level", "province"), level))
                bad_request("cấp (level) phải là province, district, commune hoặc village");
            const auto requested_map = map_param(r);
            const std::string key = std::to_string(id) + "|" + to_string(level) + "|" +
                                    (requested_map ? std::to_string(static_cast<int>(*requested_map)) : "") +
                                    "|" + unit;
            st.require_round_visible(id, s);
            {
                std::lock_guard lock(st.cache_mutex);
                if (auto it = st.stats.find(key); it != st.stats.end())
                    return Response::json(200, *it->second);
            }
            const UnitMap map =
                requested_map.value_or(UnitCatalogue::map_at(st.record_of(id).reference_date));
            const auto table = st.stats_table(id, level, map);
            std::vector<std::size_t> rows;
            for (std::size_t i = 0; i < table->table.rows.size(); ++i) {
                const std::string& code = table->table.rows[i].front();
                if (unit.empty() ||
                    ((code != "ALL" && code != "UNPLACED") && st.scope->unit_within(code, unit)))
                    rows.push_back(i);
            }
            json body = {{"round_id", id},
                         {"level", to_string(level)},
                         {"map", static_cast<int>(map)},
                         {"unit", unit},
                         {"rows", table_rows(table->table, rows)},
                         {"unplaced", unit.empty() ? table->unplaced : 0}};
            // The unit's own figures (rates do not add up, so they come from the unit's own level).
            json total = nullptr;
            const UnitVersion* self = unit.empty() ? nullptr : st.units.find(unit, map);
            if (unit.empty()) {
                for (std::size_t i = 0; i < table->table.rows.size(); ++i)
                    if (table->table.rows[i].front() == "ALL") total = table_rows(table->table, {i}).front();
            } else if (self && !(self->level == UnitLevel::district && map == UnitMap::map2025)) {
                const auto own = st.stats_table(id, self->level, map);
                for (std::size_t i = 0; i < own->table.rows.size(); ++i)
                    if (own->table.rows[i].front() == unit) total = table_rows(own->table, {i}).front();
            }
            body["total"] = total;
            auto text = std::make_shared<const std::string>(
                body.dump(-1, ' ', false, json::error_handler_t::replace));
            std::lock_guard lock(st.cache_mutex);
            st.stats[key] = text;
            return Response::json(200, *text);
        });
    add("GET", "/api/v1/rounds/{id}/transitions", "Biến động so với các kỳ đã phê duyệt trước",
        [&st](Request& r) {
            const Session s = st.session_of(r);
            const auto data = st.visible_round(id_param(r, "kỳ rà soát"), s);
            const std::string unit = st.unit_param(r, s);
            std::unordered_map<std::string, std::string> previous;
            for (const auto& past : st.stores.borrow()->approved_results_before(data->record.reference_date))
                previous[past.household_id] = past.household_class;
            std::map<std::string, std::map<std::string, long>> matrix;
            std::map<std::string, long> counts;
            for (std::size_t i : *st.rows_within(*data, unit)) {
                const auto& row = data->rows[i];
                auto it = previous.find(row.household_id);
                ++matrix[it == previous.end() ? "none" : it->second][row.household_class];
                ++counts[row.transition];
            }
            return json_response(200, {{"matrix", matrix}, {"counts", counts}});
        });
    add("GET", "/api/v1/rounds/{id}/what-if", "Phân loại lại theo chuẩn khác: các hộ thay đổi",
        [&st](Request& r) {
            const Session s = st.session_of(r);
            const std::int64_t id = id_param(r, "kỳ rà soát");
            const auto data = st.visible_round(id, s);
            const std::string standard = r.query_value("standard");
            if (standard.empty() || standard.find('/') != std::string::npos ||
                standard.find('.') != std::string::npos)
                bad_request("cần tham số standard (mã chuẩn nghèo, ví dụ vn-2027)");
            const std::string unit = st.unit_param(r, s);
            const auto rows = st.rows_within(*data, unit);
            std::unordered_map<std::string, bool> in_scope;
            for (std::size_t i : *rows) in_scope[data->rows[i].household_id] = true;
            const io::Table table = app::what_if(*st.stores.borrow(), st.options.env, id, standard);
            json out = json::array();
            for (const auto& row : table.rows)
                if (in_scope.count(row[0]))
                    out.push_back({{"household_id", row[0]},
                                   {"unit_code", row[1]},
                                   {"class_before", row[2]},
                                   {"class_after", row[3]},
                                   {"income_test_before", row[4]},
                                   {"income_test_after", row[5]},
                                   {"deprivations_before", row[6]},
                                   {"deprivations_after", row[7]},
                                   {"changes", row[8]}});
            return json_response(200, out);
        });
    add("GET", "/api/v1/rounds/{id}/export.xlsx", "Kết quả kỳ rà soát dạng XLSX", [&st](Request& r) {
        const Session s = st.session_of(r);
        const std::int64_t id = id_param(r, "kỳ rà soát");
        const auto data = st.visible_round(id, s);
        const std::string unit = st.unit_param(r, s), wanted = r.query_value("class");
        std::unordered_map<std::string, bool> keep;
        for (std::size_t i : *st.rows_within(*data, unit))
            if (wanted.empty() || data->rows[i].household_class == wanted)
                keep[data->rows[i].household_id] = true;
        io::Table table = app::results_table(*st.stores.borrow(), id);
        std::erase_if(table.rows, [&](const auto& row) { return !keep.count(row[0]); });
        const auto dir = st.work.scratch();
        const std::string path = (dir.path / "results.xlsx").string();
        io::write_xlsx_table(path, table, "results", {"deprivation_count", "score_b"});
        Response out;
        out.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        out.headers.emplace_back("Content-Disposition",
                                 "attachment; filename=\"ket-qua-ra-soat-" + std::to_string(id) + ".xlsx\"");
        out.body = io::read_file(path);
        return out;
    });
}

}  // namespace giamngheo::server
