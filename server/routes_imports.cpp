// Routes of imports, the audit log and jobs.
#include "app/upload_import.hpp"
#include "server/api_state.hpp"

namespace giamngheo::server {

void Api::State::register_import_routes() {
    State& st = *this;
    add("POST", "/api/v1/imports", "Nhập hộ và thành viên (CSV/XLSX); dry_run=1 chỉ kiểm tra",
        [&st](Request& r) {
            const Session s = st.session_of(r);
            auto upload = std::make_shared<app::UploadImport>();
            upload->dry_run = r.query_value("dry_run") == "1" || r.query_value("dry_run") == "true";
            for (auto& part : parse_multipart(r.header("content-type"), r.body)) {
                if (part.name != "households" && part.name != "members") continue;
                app::UploadedFile& file = part.name == "households" ? upload->households : upload->members;
                const bool xlsx = lower_ascii(part.filename).ends_with(".xlsx");
                file.name = part.filename.empty() ? part.name + (xlsx ? ".xlsx" : ".csv")
                                                  : std::filesystem::path(part.filename).filename().string();
                file.content = std::move(part.content);
            }
            if (upload->households.name.empty() || upload->members.name.empty())
                bad_request("cần hai tệp: households và members (CSV hoặc XLSX)");
            const std::string scope = s.user.unit_code;
            upload->may_write = [&st, scope](const UnitRef& unit) { return st.scope->household_within(unit, scope); };
            upload->actor = {s.user.username,
                             "POST /api/v1/imports: " + upload->households.name + " + " + upload->members.name,
                             {}};
            // Checking (and writing) a large file takes longer than a second: it runs as a job.
            const double expected = static_cast<double>(r.body.size()) / 2e6;
            return st.answer_job(st.start_job(s.user.username, expected, [&st, upload]() -> Response {
                const auto result = app::import_upload(*st.stores.borrow(), st.options.env, st.units, *upload);
                json body = {{"ok", result.problems.empty()},
                             {"dry_run", upload->dry_run},
                             {"households", result.households},
                             {"members", result.members},
                             {"problems", problems_json(result.problems)},
                             {"moved", result.moved},
                             {"summary",
                              {{"created", result.summary.created},
                               {"updated", result.summary.updated},
                               {"unchanged", result.summary.unchanged}}}};
                if (result.outside_scope_only)
                    throw ApiError(403, "outside_scope",
                                   "Tệp có " + std::to_string(result.problems.size()) +
                                       " hộ ngoài đơn vị bạn được giao; không có dữ liệu nào được ghi.",
                                   {{"problems", body["problems"]}});
                if (!result.problems.empty()) return json_response(422, body);
                if (!result.written.empty()) st.refresh_entries(*st.stores.borrow(), result.written);
                return json_response(200, body);
            }));
        });
    add("GET", "/api/v1/audit", "Nhật ký ghi: theo người dùng hoặc theo hộ", [&st](Request& r) {
        const Session s = st.session_of(r);
        const std::string user = r.query_value("user"), household = r.query_value("household");
        const long page = int_param(r, "page", 1, 1, 1000000),
                   page_size = int_param(r, "page_size", 50, 1, 500);
        const bool full_ids = sees_personal_ids(s.user.role);
        std::vector<std::string> allowed;
        const bool restricted = !s.user.unit_code.empty();
        if (restricted) {
            for (const auto& u : st.accounts.users())
                if (!u.unit_code.empty() && st.scope->unit_within(u.unit_code, s.user.unit_code))
                    allowed.push_back(u.username);
            if (!user.empty() && std::find(allowed.begin(), allowed.end(), user) == allowed.end())
                forbidden_scope();
        }
        if (!household.empty()) st.household_in_scope(*st.stores.borrow(), s, household);
        // Everything about a household in scope may be seen, whoever wrote it; otherwise only
        // what users of the unit did.
        const auto result = st.accounts.audit(
            user, household, restricted && household.empty() ? &allowed : nullptr, page, page_size);
        json items = json::array();
        for (const auto& e : result.items) {
            json item = {{"at", e.at}, {"user", e.user}, {"action", e.action}, {"source", e.source}};
            if (!e.household_id.empty()) item["household_id"] = e.household_id;
            if (!e.target.empty()) item["target"] = e.target;
            if (!e.details.is_discarded() && !e.details.empty()) item["details"] = e.details;
            if (!full_ids && item.contains("details") && item["details"].contains("changes"))
                for (auto& change : item["details"]["changes"])
                    if (change.value("field", "") == "personal_id")
                        for (const char* side : {"old", "new"})
                            change[side] = mask_personal_id(change.value(side, ""));
            items.push_back(std::move(item));
        }
        return json_response(
            200, {{"total", result.total}, {"page", page}, {"page_size", page_size}, {"items", items}});
    });
    add("GET", "/api/v1/jobs/{id}", "Tiến độ một công việc dài", [&st](Request& r) {
        const Session s = st.session_of(r);
        std::shared_ptr<Job> job;
        {
            std::lock_guard lock(st.jobs_mutex);
            if (auto it = st.jobs.find(r.param("id")); it != st.jobs.end()) job = it->second;
        }
        if (!job || (job->owner != s.user.username && s.user.role != Role::admin))
            not_found("không có công việc này");
        return json_response(200, st.job_json(*job));
    });
}

}  // namespace giamngheo::server
