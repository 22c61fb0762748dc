// Routes of imports, the audit log and jobs.
#include "server/api_state.hpp"

namespace giamngheo::server {

void Api::State::register_import_routes() {
    State& st = *this;
    add("POST", "/api/v1/imports", "Nhập hộ và thành viên (CSV/XLSX); dry_run=1 chỉ kiểm tra",
        [&st](Request& r) {
            const Session s = st.session_of(r);
            const bool dry_run = r.query_value("dry_run") == "1" || r.query_value("dry_run") == "true";
            auto dir = std::make_shared<ScratchDir>();
            std::map<std::string, std::string> paths;
            for (const auto& part : parse_multipart(r.header("content-type"), r.body)) {
                if (part.name != "households" && part.name != "members") continue;
                const std::string extension =
                    lower_ascii(part.filename).ends_with(".xlsx") ? ".xlsx" : ".csv";
                const std::string original = part.filename.empty() ? part.name + extension : part.filename;
                const std::string path = (dir->path / (part.name + extension)).string();
                io::write_file_atomically(path, part.content);
                paths[part.name] = path;
                paths[part.name + ".name"] = std::filesystem::path(original).filename().string();
            }
            if (!paths.count("households") || !paths.count("members"))
                bad_request("cần hai tệp: households và members (CSV hoặc XLSX)");
            // Checking (and writing) a large file takes longer than a second: it runs as a job.
            const double expected = static_cast<double>(r.body.size()) / 2e6;
            return st.answer_job(st.start_job(
                s.user.username, expected, "import_failed",
                [&st, s, dir, paths, dry_run]() mutable -> Response {
                    auto read = [&](const std::string& name) {
                        io::Table table = io::read_table(paths[name]);
                        table.source = paths[name + ".name"];
                        return table;
                    };
                    const io::Table households = read("households"), members = read("members");
                    const auto keys = st.options.env.all_indicator_keys();
                    const io::InterchangeRules rules{
                        [&](const std::string& code) { return st.units.contains(code); },
                        {keys.begin(), keys.end()},
                        st.options.env.today};
                    io::ParsedHouseholds parsed = io::parse_interchange(households, members, rules);
                    const HouseholdBatch& batch = parsed.batch;
                    const RegistryImage& image = batch.image;
                    std::vector<io::Problem> outside;
                    for (std::size_t i = 0; i < batch.households(); ++i) {
                        const std::string& unit = image.units.at(image.unit[i]);
                        if (!st.scope->household_within({unit, image.units.at(image.current_unit[i])}, s.user.unit_code))
                            outside.push_back({households.source, parsed.household_rows[i], "unit_code",
                                               "hộ " + image.household_ids[i] + " thuộc đơn vị " + unit +
                                                   ", ngoài đơn vị bạn được giao"});
                    }
                    if (!outside.empty())
                        throw ApiError(
                            403, "outside_scope",
                            "Tệp có " + std::to_string(outside.size()) + " hộ ngoài đơn vị bạn được giao.",
                            {{"problems", problems_json(outside)}});
                    json body = {{"ok", parsed.problems.empty()},
                                 {"dry_run", dry_run},
                                 {"households", batch.households()},
                                 {"members", batch.members()},
                                 {"problems", problems_json(parsed.problems)},
                                 {"summary", nullptr}};
                    if (!parsed.problems.empty()) return json_response(422, body);
                    if (dry_run) return json_response(200, body);
                    const std::string source =
                        "POST /api/v1/imports: " + households.source + " + " + members.source;
                    store::ImportSummary summary;
                    {
                        std::lock_guard write(st.write_mutex);
                        auto lease = st.stores.borrow();
                        try {
                            summary = lease->apply_batch(batch, {s.user.username, source});
                        } catch (const std::runtime_error& e) {
                            throw ApiError(409, "conflict", e.what());
                        }
                        st.refresh_entries(*lease, image.household_ids);
                    }
                    body["summary"] = {{"created", summary.created},
                                       {"updated", summary.updated},
                                       {"unchanged", summary.unchanged}};
                    st.accounts.record(
                        {"", s.user.username, "households.import", source, "", "", body["summary"]},
                        summary.change_set);
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
