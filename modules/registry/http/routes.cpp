#include "modules/registry/http/routes.hpp"

#include <algorithm>
#include <filesystem>

#include "kernel/classify.hpp"
#include "modules/registry/app/households.hpp"
#include "modules/registry/app/upload_import.hpp"
#include "modules/registry/formats/import_template.hpp"
#include "server/http_helpers.hpp"
#include "server/multipart.hpp"

namespace giamngheo::app {
namespace {

using namespace server;
using accounts::Session;
using accounts::WebContext;
using C = Capability;

json household_json(const store::StoredHousehold& stored, bool full_ids) {
    const HouseholdFields fields = household_fields(stored.household);
    json out = json::object();
    for (const auto& [key, value] : fields.household) out[key] = value;
    out["members"] = json::array();
    for (const auto& member : fields.members) {
        json m = json::object();
        for (const auto& [key, value] : member)
            if (key != "household_id")
                m[key] = key == "personal_id" && !full_ids ? accounts::mask_personal_id(value) : value;
        out["members"].push_back(std::move(m));
    }
    out["version"] = stored.version;
    return out;
}

Response list(WebContext& web, HouseholdIndex& index, const RoundResultsSource& round_results, Request& r) {
    const Session s = web.session_of(r);
    HouseholdQuery query;
    query.scope = s.user.unit_code;
    query.unit = web.unit_param(r, s);
    query.village = r.query_value("village");
    query.wanted_class = r.query_value("class");
    query.flag = r.query_value("flag");
    query.recently_escaped = r.query_value("recently_escaped") == "1";
    query.text = r.query_value("q");
    query.search_personal_ids = accounts::sees_personal_ids(s.user.role);
    query.sort = r.query_value("sort", "household_id");
    query.page = int_param(r, "page", 1, 1, 1000000);
    query.page_size = int_param(r, "page_size", 50, 1, 500);
    // Each household with its class of the round asked for, else of the latest round the user sees.
    const std::shared_ptr<const RoundResultsView> round =
        r.query_value("round").empty() ? round_results(std::nullopt, s)
                                       : round_results(int_param(r, "round", 0, 1, 1L << 40), s);
    if (!round && (!query.wanted_class.empty() || !query.flag.empty() || query.recently_escaped))
        bad_request("chưa có kỳ rà soát nào để lọc theo phân loại");
    json body;
    index.read([&](const std::vector<HouseholdEntry>& entries) {
        const HouseholdListPage page = list_households(entries, query, round.get());
        json items = json::array();
        for (const HouseholdEntry* e : page.items) {
            json item = {{"household_id", e->id},
                         {"unit_code", e->unit_code},
                         {"current_unit_code", e->current_unit_code},
                         {"unit_name", web.unit_name(e->places[0].empty() ? e->unit_code : e->places[0])},
                         {"village", e->village},
                         {"head_name", e->head_name},
                         {"members", e->members},
                         {"version", e->version}};
            if (round)
                if (const auto result = round->result(e->id)) {
                    item["class"] = result->household_class;
                    item["transition"] = result->transition;
                    item["deprivation_count"] = result->deprivation_count;
                    item["flags"] = household_flag_keys(result->flags);
                    item["recently_escaped"] = result->recently_escaped;
                }
            items.push_back(std::move(item));
        }
        body = {{"total", page.total},
                {"page", query.page},
                {"page_size", query.page_size},
                {"round", round ? json(round->round_id()) : json(nullptr)},
                {"items", items}};
    });
    return json_response(200, body);
}

Response edit(WebContext& web, HouseholdIndex& index, Request& r) {
    const Session s = web.session_of(r);
    const std::string id = r.param("id");
    const std::string match = if_match(r, "hồ sơ");
    const json body = parse_body(r);
    HouseholdFields fields;
    for (const auto& [key, value] : body.items()) {
        if (key == "members" || key == "version") continue;
        fields.household.emplace_back(key, text_of(value));
    }
    if (body.contains("household_id") && text_of(body["household_id"]) != id)
        bad_request("household_id trong nội dung khác với địa chỉ");
    if (!body.contains("household_id")) fields.household.emplace_back("household_id", id);
    if (body.contains("members") && !body["members"].is_array()) bad_request("\"members\" phải là một mảng");
    const bool full_ids = accounts::sees_personal_ids(s.user.role);

    auto lease = web.stores.borrow();
    const store::StoredHousehold current = web.household_in_scope(*lease, s, id);
    // Who saved the version the user did not see, so the dialog can say with whom to agree.
    const auto stale = [&](const store::StoredHousehold& now) {
        json changed_by = nullptr;
        for (const auto& entry : lease->household_history(id))
            if (entry.version == now.version) changed_by = {{"user", entry.user}, {"at", entry.at}};
        return ApiError(412, "stale_version",
                        "Hồ sơ hộ " + id + " đã được người khác sửa (phiên bản " + std::to_string(now.version) +
                            ") sau khi bạn mở nó; các thay đổi của bạn chưa được lưu. Hãy xem giá trị hiện tại và "
                            "sửa lại.",
                        {{"current", household_json(now, full_ids)}, {"changed_by", changed_by}});
    };
    if (std::to_string(current.version) != match) throw stale(current);
    for (const auto& member : body.contains("members") ? body["members"] : json::array()) {
        if (!member.is_object()) bad_request("mỗi thành viên phải là một đối tượng JSON");
        std::vector<std::pair<std::string, std::string>> row;
        for (const auto& [key, value] : member.items()) row.emplace_back(key, text_of(value));
        // A masked personal id sent back unchanged keeps the stored one.
        auto pid = std::find_if(row.begin(), row.end(), [](const auto& f) { return f.first == "personal_id"; });
        auto mid = std::find_if(row.begin(), row.end(), [](const auto& f) { return f.first == "member_id"; });
        if (pid != row.end() && mid != row.end() && pid->second.find('*') != std::string::npos)
            for (const auto& m : current.household.members)
                if (m.member_id == mid->second && accounts::mask_personal_id(m.personal_id) == pid->second)
                    pid->second = m.personal_id;
        fields.members.push_back(std::move(row));
    }
    auto validated = validate_household(web.options.env, web.units, fields);
    if (!validated.problems.empty())
        throw ApiError(422, "invalid_household", "Hồ sơ hộ có " + std::to_string(validated.problems.size()) + " lỗi.",
                       {{"problems", problems_json(validated.problems)}});
    const Household& edited = validated.household;
    if (!web.scope.household_within({edited.unit_code, edited.current_unit_code}, s.user.unit_code))
        forbidden_scope();
    // The audit keeps the values in full; GET /audit masks them for those who see ids masked.
    json changes = json::array();
    for (const auto& c : diff_households(current.household, edited))
        changes.push_back({{"field", c.field}, {"member_id", c.member_id}, {"old", c.old_value}, {"new", c.new_value}});
    store::Actor actor{s.user.username, "PUT /api/v1/households/" + id};
    actor.audit.push_back(
        {"household.edit", id, "",
         json{{"old_version", current.version}, {"new_version", current.version + 1}, {"changes", changes}}.dump()});
    // The version and the scope are checked again inside the write's transaction: another
    // process may have written since they were read above.
    store::WriteCheck check;
    check.expected_versions[id] = current.version;
    check.existing = [&](const Household& stored, const Household&) {
        return web.scope.household_within({stored.unit_code, stored.current_unit_code}, s.user.unit_code)
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
    if (summary.change_set != 0) index.refresh(*lease, {id});
    Response out = json_response(200, household_json(stored, full_ids));
    out.headers.emplace_back("ETag", etag(stored.version));
    return out;
}

Response history(WebContext& web, Request& r) {
    const Session s = web.session_of(r);
    auto lease = web.stores.borrow();
    (void)web.household_in_scope(*lease, s, r.param("id"));
    const bool full_ids = accounts::sees_personal_ids(s.user.role);
    json out = json::array();
    for (const auto& version : household_history(lease->household_history(r.param("id")), [&](const std::string& id) {
             return full_ids ? id : accounts::mask_personal_id(id);
         })) {
        json changes = json::array();
        for (const auto& c : version.changes) {
            json change = {{"field", c.field}, {"old", c.old_value}, {"new", c.new_value}};
            if (!c.member_id.empty()) change["member_id"] = c.member_id;
            changes.push_back(std::move(change));
        }
        out.push_back({{"version", version.version},
                       {"at", version.at},
                       {"user", version.user},
                       {"source", version.source},
                       {"changes", changes}});
    }
    return json_response(200, out);
}

Response import(WebContext& web, HouseholdIndex& index, Request& r) {
    const Session s = web.session_of(r);
    auto upload = std::make_shared<UploadImport>();
    upload->dry_run = r.query_value("dry_run") == "1" || r.query_value("dry_run") == "true";
    for (auto& part : parse_multipart(r.header("content-type"), r.body)) {
        if (part.name != "households" && part.name != "members") continue;
        UploadedFile& file = part.name == "households" ? upload->households : upload->members;
        const bool xlsx = lower_ascii(part.filename).ends_with(".xlsx");
        file.name = part.filename.empty() ? part.name + (xlsx ? ".xlsx" : ".csv")
                                          : std::filesystem::path(part.filename).filename().string();
        file.content = std::move(part.content);
    }
    if (upload->households.name.empty() || upload->members.name.empty())
        bad_request("cần hai tệp: households và members (CSV hoặc XLSX)");
    const std::string scope = s.user.unit_code;
    upload->may_write = [&web, scope](const UnitRef& unit) { return web.scope.household_within(unit, scope); };
    upload->actor = {s.user.username, "POST /api/v1/imports: " + upload->households.name + " + " + upload->members.name};
    // Checking (and writing) a large file takes longer than a second: it runs as a job.
    const double expected = static_cast<double>(r.body.size()) / 2e6;
    return web.jobs.answer(web.jobs.start(s.user.username, expected, [&web, &index, upload]() -> Response {
        const auto result = import_upload(*web.stores.borrow(), web.options.env, web.units, *upload);
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
        // Nothing is written: the file's problems, each with its file, row and column, and what
        // was read, so that the page lists them and counts what the file holds.
        if (!result.problems.empty())
            throw ApiError(422, "invalid_import",
                           "Tệp có " + std::to_string(result.problems.size()) +
                               " lỗi; không có dữ liệu nào được ghi. Sửa tệp rồi gửi lại.",
                           {{"problems", body["problems"]},
                            {"dry_run", upload->dry_run},
                            {"households", result.households},
                            {"members", result.members}});
        if (!result.written.empty()) index.refresh(*web.stores.borrow(), result.written);
        return json_response(200, body);
    }));
}

Response import_template(WebContext& web, Request& r) {
    const std::string& file = r.param("file");
    if (file != "households.xlsx" && file != "members.xlsx")
        throw ApiError(404, "not_found", "Không có tệp mẫu này; có households.xlsx và members.xlsx.");
    const InterchangeFile which = file == "households.xlsx" ? InterchangeFile::households : InterchangeFile::members;
    const auto dir = web.work.scratch();
    const std::string path = (dir.path / "template.xlsx").string();
    io::write_import_template(path, which);
    return attachment(io::read_file(path), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      io::import_template_name(which));
}

}  // namespace

void register_registry_routes(Router& router, WebContext& web, HouseholdIndex& index, RoundResultsSource round_results) {
    router.add({"GET", "/api/v1/households", C::read_registry, "Danh sách hộ có phân trang và lọc",
                [&web, &index, round_results](Request& r) { return list(web, index, round_results, r); }, kNeverHeavy,
                true});
    router.add({"GET", "/api/v1/households/{id}", C::read_registry, "Hồ sơ một hộ (ETag là phiên bản)",
                [&web](Request& r) {
                    const Session s = web.session_of(r);
                    const auto stored = web.household_in_scope(*web.stores.borrow(), s, r.param("id"));
                    Response out = json_response(200, household_json(stored, accounts::sees_personal_ids(s.user.role)));
                    out.headers.emplace_back("ETag", etag(stored.version));
                    return out;
                },
                kNeverHeavy, true});
    router.add({"PUT", "/api/v1/households/{id}", C::edit_household, "Sửa hồ sơ hộ (cần If-Match)",
                [&web, &index](Request& r) { return edit(web, index, r); }, kNeverHeavy, true});
    router.add({"GET", "/api/v1/households/{id}/history", C::read_registry,
                "Lịch sử thay đổi của hộ: ai, khi nào, cũ → mới", [&web](Request& r) { return history(web, r); },
                kNeverHeavy, true});
    router.add({"GET", "/api/v1/imports/templates/{file}", C::import_households,
                "Tệp mẫu để nhập (XLSX, tiêu đề tiếng Việt, danh sách chọn): households.xlsx hoặc members.xlsx",
                [&web](Request& r) { return import_template(web, r); }, kNeverHeavy, false});
    router.add({"POST", "/api/v1/imports", C::import_households, "Nhập hộ và thành viên (CSV/XLSX); dry_run=1 chỉ kiểm tra",
                [&web, &index](Request& r) { return import(web, index, r); }, kAlwaysHeavy, true});
}

}  // namespace giamngheo::app
