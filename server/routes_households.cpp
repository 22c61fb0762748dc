// Routes of the household registry: list, record, edit with If-Match, history, results, explanation.
#include "server/api_state.hpp"

namespace giamngheo::server {

void Api::State::register_household_routes() {
    State& st = *this;
    add("GET", "/api/v1/households", "Danh sách hộ có phân trang và lọc", [&st](Request& r) {
        const Session s = st.session_of(r);
        const std::string unit = st.unit_param(r, s), village = r.query_value("village");
        const std::string wanted_class = r.query_value("class"), flag = r.query_value("flag");
        const std::string q = app::search_fold(r.query_value("q"));
        // Searching by personal id would tell those who see ids masked whose id it is.
        const bool full_ids = sees_personal_ids(s.user.role);
        const long page = int_param(r, "page", 1, 1, 1000000),
                   page_size = int_param(r, "page_size", 50, 1, 500);
        std::shared_ptr<const RoundData> round;
        if (!r.query_value("round").empty()) {
            round = st.visible_round(int_param(r, "round", 0, 1, 1L << 40), s);
        } else if (!wanted_class.empty() || !flag.empty()) {
            auto all = st.stores.borrow()->rounds();
            if (all.empty()) bad_request("chưa có kỳ rà soát nào để lọc theo phân loại");
            round = st.visible_round(all.back().id, s);
        }
        int flag_bit = -1;
        for (int b = 0; b < kHouseholdFlagCount; ++b)
            if (flag == kHouseholdFlagKeys[b]) flag_bit = b;
        if (!flag.empty() && flag_bit < 0) bad_request("đặc điểm hộ \"" + flag + "\" không hợp lệ");
        st.ensure_index();
        std::shared_lock lock(st.index_mutex);
        std::vector<const HouseholdEntry*> hits;
        for (const auto& e : st.index) {
            if (!e.under(s.user.unit_code) || !e.under(unit)) continue;
            if (!village.empty() && e.village != village) continue;
            if (!q.empty() && e.search.find(q) == std::string::npos &&
                !(full_ids && e.personal_ids.find(q) != std::string::npos))
                continue;
            if (round) {
                auto it = round->by_household.find(e.id);
                if ((!wanted_class.empty() || flag_bit >= 0) && it == round->by_household.end()) continue;
                if (it != round->by_household.end()) {
                    const auto& row = round->rows[it->second];
                    if (!wanted_class.empty() && row.household_class != wanted_class) continue;
                    if (flag_bit >= 0 && !((row.flags >> flag_bit) & 1)) continue;
                }
            }
            hits.push_back(&e);
        }
        const std::string sort = r.query_value("sort", "household_id");
        if (sort == "head_name")
            std::stable_sort(hits.begin(), hits.end(),
                             [](auto* a, auto* b) { return a->head_name < b->head_name; });
        else if (sort == "unit_code")
            std::stable_sort(hits.begin(), hits.end(),
                             [](auto* a, auto* b) { return a->unit_code < b->unit_code; });
        else if (sort == "-household_id")
            std::reverse(hits.begin(), hits.end());
        else if (sort != "household_id")
            bad_request("sắp xếp theo household_id, -household_id, head_name hoặc unit_code");
        json items = json::array();
        for (std::size_t i = static_cast<std::size_t>((page - 1) * page_size);
             i < hits.size() && i < static_cast<std::size_t>(page * page_size); ++i) {
            const auto& e = *hits[i];
            json item = {{"household_id", e.id},
                         {"unit_code", e.unit_code},
                         {"current_unit_code", e.current_unit_code},
                         {"unit_name", st.unit_name(e.places[0].empty() ? e.unit_code : e.places[0])},
                         {"village", e.village},
                         {"head_name", e.head_name},
                         {"members", e.members},
                         {"version", e.version}};
            if (round) {
                auto it = round->by_household.find(e.id);
                if (it != round->by_household.end()) {
                    const auto& row = round->rows[it->second];
                    item["class"] = row.household_class;
                    item["transition"] = row.transition;
                    item["deprivation_count"] = row.deprivation_count;
                }
            }
            items.push_back(std::move(item));
        }
        return json_response(200, {{"total", hits.size()},
                                   {"page", page},
                                   {"page_size", page_size},
                                   {"round", round ? json(round->record.id) : json(nullptr)},
                                   {"items", items}});
    });
    add("GET", "/api/v1/households/{id}", "Hồ sơ một hộ (ETag là phiên bản)", [&st](Request& r) {
        const Session s = st.session_of(r);
        const auto stored = st.household_in_scope(*st.stores.borrow(), s, r.param("id"));
        Response out = json_response(200, st.household_json(stored, s));
        out.headers.emplace_back("ETag", State::etag(stored.version));
        return out;
    });
    add("PUT", "/api/v1/households/{id}", "Sửa hồ sơ hộ (cần If-Match)", [&st](Request& r) {
        const Session s = st.session_of(r);
        const std::string id = r.param("id");
        std::string match = r.header("if-match");
        if (match.rfind("W/", 0) == 0) match = match.substr(2);
        if (match.size() >= 2 && match.front() == '"') match = match.substr(1, match.size() - 2);
        if (match.empty())
            throw ApiError(428, "precondition_required",
                           "Thiếu phiên bản hồ sơ (If-Match); hãy tải lại hồ sơ trước khi sửa.");
        const json body = parse_body(r);
        app::HouseholdFields fields;
        for (const auto& [key, value] : body.items()) {
            if (key == "members" || key == "version") continue;
            fields.household.emplace_back(key, text_of(value));
        }
        if (body.contains("household_id") && text_of(body["household_id"]) != id)
            bad_request("household_id trong nội dung khác với địa chỉ");
        if (!body.contains("household_id")) fields.household.emplace_back("household_id", id);
        if (body.contains("members") && !body["members"].is_array())
            bad_request("\"members\" phải là một mảng");

        auto lease = st.stores.borrow();
        const store::StoredHousehold current = st.household_in_scope(*lease, s, id);
        const auto stale = [&](const store::StoredHousehold& now) {
            return ApiError(412, "stale_version",
                            "Hồ sơ hộ " + id + " đã được người khác sửa (phiên bản " + std::to_string(now.version) +
                                ") sau khi bạn mở nó; các thay đổi của bạn chưa được lưu. Hãy xem giá trị "
                                "hiện tại và sửa lại.",
                            {{"current", st.household_json(now, s)}});
        };
        if (std::to_string(current.version) != match) throw stale(current);
        for (const auto& member :
             body.contains("members") && body["members"].is_array() ? body["members"] : json::array()) {
            if (!member.is_object()) bad_request("mỗi thành viên phải là một đối tượng JSON");
            std::vector<std::pair<std::string, std::string>> row;
            for (const auto& [key, value] : member.items()) row.emplace_back(key, text_of(value));
            // A masked personal id sent back unchanged keeps the stored one.
            auto pid =
                std::find_if(row.begin(), row.end(), [](const auto& f) { return f.first == "personal_id"; });
            auto mid =
                std::find_if(row.begin(), row.end(), [](const auto& f) { return f.first == "member_id"; });
            if (pid != row.end() && mid != row.end() && pid->second.find('*') != std::string::npos)
                for (const auto& m : current.household.members)
                    if (m.member_id == mid->second && mask_personal_id(m.personal_id) == pid->second)
                        pid->second = m.personal_id;
            fields.members.push_back(std::move(row));
        }
        auto validated = app::validate_household(st.options.env, st.units, fields);
        if (!validated.problems.empty())
            throw ApiError(422, "invalid_household",
                           "Hồ sơ hộ có " + std::to_string(validated.problems.size()) + " lỗi.",
                           {{"problems", problems_json(validated.problems)}});
        const Household& edited = validated.household;
        if (!st.scope->household_within({edited.unit_code, edited.current_unit_code}, s.user.unit_code))
            forbidden_scope();
        // The audit keeps the values in full; GET /audit masks them for those who see ids masked.
        json changes = json::array();
        for (const auto& c : app::diff_households(current.household, edited))
            changes.push_back({{"field", c.field}, {"member_id", c.member_id}, {"old", c.old_value}, {"new", c.new_value}});
        store::Actor actor{s.user.username, "PUT /api/v1/households/" + id, {}};
        actor.audit.push_back(
            {"household.edit", id, "",
             json{{"old_version", current.version}, {"new_version", current.version + 1}, {"changes", changes}}.dump()});
        // The version is checked again inside the write's transaction: another process may have
        // written since it was read above.
        store::WriteCheck check;
        check.expected_versions[id] = current.version;
        check.existing = [&](const Household& stored, const Household&) {
            return st.scope->household_within({stored.unit_code, stored.current_unit_code}, s.user.unit_code)
                       ? std::string{}
                       : std::string("ngoài đơn vị");
        };
        store::ImportSummary summary;
        try {
            summary = lease->apply_households({edited}, actor, check);
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::stale_version) throw;
            throw stale(*lease->load_household(id, std::nullopt));
        }
        if (!summary.refused.empty()) forbidden_scope();
        const auto stored = *lease->load_household(id, std::nullopt);
        if (summary.change_set != 0) st.refresh_entries(*lease, {id});
        Response out = json_response(200, st.household_json(stored, s));
        out.headers.emplace_back("ETag", State::etag(stored.version));
        return out;
    });
    add("GET", "/api/v1/households/{id}/history", "Lịch sử thay đổi của hộ: ai, khi nào, cũ → mới",
        [&st](Request& r) {
            const Session s = st.session_of(r);
            auto lease = st.stores.borrow();
            st.household_in_scope(*lease, s, r.param("id"));
            const bool full_ids = sees_personal_ids(s.user.role);
            json out = json::array();
            Household previous;
            for (const auto& entry : lease->household_history(r.param("id"))) {
                const Household h = store::from_document(entry.document);
                json changes = json::array();
                for (const auto& c : app::diff_households(previous, h)) {
                    json change = {
                        {"field", c.field},
                        {"old",
                         c.field == "personal_id" && !full_ids ? mask_personal_id(c.old_value) : c.old_value},
                        {"new", c.field == "personal_id" && !full_ids ? mask_personal_id(c.new_value)
                                                                      : c.new_value}};
                    if (!c.member_id.empty()) change["member_id"] = c.member_id;
                    changes.push_back(std::move(change));
                }
                out.push_back({{"version", entry.version},
                               {"at", entry.at},
                               {"user", entry.user},
                               {"source", entry.source},
                               {"changes", changes}});
                previous = h;
            }
            std::reverse(out.begin(), out.end());
            return json_response(200, out);
        });
    add("GET", "/api/v1/households/{id}/results", "Phân loại của hộ qua các kỳ rà soát", [&st](Request& r) {
        const Session s = st.session_of(r);
        const std::string id = r.param("id");
        std::vector<store::RoundRecord> all;
        {
            auto lease = st.stores.borrow();
            st.household_in_scope(*lease, s, id);
            all = lease->rounds();
        }
        json out = json::array();
        for (const auto& record : all) {
            auto data = st.round_data(record.id);
            auto it = data->by_household.find(id);
            if (it == data->by_household.end()) continue;
            const auto& row = data->rows[it->second];
            json indicators = json::object();
            for (std::size_t k = 0; k < data->indicator_keys.size() && k < row.indicators.size(); ++k)
                indicators[data->indicator_keys[k]] =
                    row.indicators[k] == '?' ? "" : std::string(1, row.indicators[k]);
            out.push_back({{"round_id", record.id},
                           {"year", record.year},
                           {"kind", record.kind},
                           {"reference_date", record.reference_date.iso()},
                           {"standard", record.standard_id},
                           {"status", record.status == store::RoundStatus::approved ? "approved" : "draft"},
                           {"class", row.household_class},
                           {"income_test", row.income_test},
                           {"transition", row.transition},
                           {"deprivation_count", row.deprivation_count},
                           {"score_b", row.score_b},
                           {"household_version", row.household_version},
                           {"indicators", indicators}});
        }
        return json_response(200, out);
    });
    add("GET", "/api/v1/households/{id}/explain", "Vì sao hộ có phân loại này (tiếng Việt)",
        [&st](Request& r) {
            const Session s = st.session_of(r);
            const std::string id = r.param("id");
            auto lease = st.stores.borrow();
            st.household_in_scope(*lease, s, id);
            std::int64_t round = r.query_value("round").empty() ? 0 : int_param(r, "round", 0, 1, 1L << 40);
            if (round == 0) {
                const auto all = lease->rounds();
                for (auto it = all.rbegin(); it != all.rend() && round == 0; ++it)
                    if (st.round_data(it->id)->by_household.count(id)) round = it->id;
                if (round == 0) not_found("hộ \"" + id + "\" chưa có trong kỳ rà soát nào");
            }
            const auto data = st.visible_round(round, s);
            if (!data->by_household.count(id))
                not_found("hộ \"" + id + "\" không có trong kỳ rà soát " + std::to_string(round));
            const auto e = app::explain_household(*lease, round, id);
            json indicators = json::array();
            for (const auto& i : e.indicators)
                indicators.push_back({{"key", i.key},
                                      {"name", i.name},
                                      {"value", i.value},
                                      {"detail", i.detail},
                                      {"members", i.members},
                                      {"missing", i.missing},
                                      {"overridden", i.overridden}});
            return json_response(200, {{"round_id", round},
                                       {"text", e.text},
                                       {"class", e.household_class},
                                       {"income_test", e.income_test},
                                       {"reason", e.reason},
                                       {"indicators", indicators}});
        });
}

}  // namespace giamngheo::server
