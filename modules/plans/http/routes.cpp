// Routes of implementation plans: list, plan document, edit with If-Match, checks, disbursement,
// targets, the DOCX and XLSX downloads, and the public-investment layout (download and upload). Thin handlers over modules/plans/app/plans.hpp.
#include "modules/plans/app/plans.hpp"
#include "modules/plans/app/public_investment.hpp"
#include "modules/plans/formats/plan_json.hpp"
#include "platform/table.hpp"
#include "modules/plans/http/routes.hpp"
#include "server/http_helpers.hpp"
#include "server/multipart.hpp"

namespace giamngheo::app {
namespace {

using namespace server;
using accounts::Session;
using accounts::WebContext;
using C = Capability;

constexpr const char* kDefaultProgramme = "ntp-2021-2025";

json finding_json(const Finding& f) {
    return {{"severity", to_string(f.severity)},
            {"code", f.code},
            {"subject", f.subject},
            {"message", f.message}};
}

json findings_json(const std::vector<Finding>& findings) {
    json out = json::array();
    for (const auto& f : findings) out.push_back(finding_json(f));
    return out;
}

// The budget of the plan's year as source × fund kind, both margins and the central total.
json budget_table_json(const app::BudgetView& view) {
    const BudgetTable& t = view.table;
    json columns = json::array();
    for (std::size_t c = 0; c < t.columns.size(); ++c)
        columns.push_back({{"source", t.columns[c].source}, {"fund_kind", t.columns[c].fund_kind}, {"title", view.column_titles[c]}});
    const auto row = [](const BudgetTable::Row& r, const std::string& title) {
        return json{{"node", r.node}, {"title", title}, {"by_column", r.by_column}, {"central", r.central}, {"total", r.total}};
    };
    json rows = json::array();
    for (std::size_t r = 0; r < t.rows.size(); ++r) rows.push_back(row(t.rows[r], view.row_titles[r]));
    return {{"budget_year", t.budget_year}, {"columns", columns},       {"rows", rows},
            {"total", row(t.total, "Tổng cộng")}, {"carried_over", t.carried_over}};
}

json counterpart_json(const app::BudgetView& view) {
    json checks = json::array();
    for (const auto& c : view.counterpart)
        checks.push_back({{"rule", c.rule},
                          {"rule_label", c.rule_label},
                          {"province", c.province},
                          {"legal_source", c.legal_source},
                          {"verified", c.verified},
                          {"budget_year", c.budget_year},
                          {"node", c.node},
                          {"node_label", c.node_label},
                          {"counterpart_label", c.counterpart_label},
                          {"base_label", c.base_label},
                          {"share_percent", c.share_percent},
                          {"rounding", c.rounding},
                          {"base_vnd", c.base_vnd},
                          {"exact_minimum_vnd", c.exact_minimum_vnd},
                          {"minimum_vnd", c.minimum_vnd},
                          {"counterpart_vnd", c.counterpart_vnd},
                          {"met", c.met},
                          {"text", c.text}});
    return {{"province", view.province}, {"checks", checks}};
}

json record_json(const store::PlanRecord& r) {
    return {{"programme", r.key.programme}, {"unit_code", r.key.unit_code},   {"year", r.key.year},
            {"unit_level", r.unit_level},   {"title", r.title},               {"version", r.version},
            {"saved_at", r.saved_at},       {"saved_by", r.saved_by},         {"budget_total_vnd", r.budget_total_vnd}};
}

json row_json(const DisbursementRow& row) {
    json out = {{"key", row.key},
                {"name", row.name},
                {"allocated_vnd", row.allocated_vnd},
                {"not_allocated_vnd", row.not_allocated_vnd},
                {"disbursed_vnd", row.disbursed_vnd},
                {"unreported_vnd", row.unreported_vnd},
                {"rate", nullptr}};
    if (const auto rate = row.rate()) out["rate"] = *rate;
    return out;
}

json optional_number(const std::optional<double>& value) { return value ? json(*value) : json(nullptr); }

json quantity_json(const std::optional<Quantity>& q) {
    if (!q) return nullptr;
    return {{"value", optional_number(q->value)}, {"printed", q->printed}};
}

}  // namespace

void register_plan_routes(Router& router, WebContext& web, PlanStorePool& plan_stores) {
    const auto route = [&router](Capability capability, HeavyWhen heavy, const char* method, const char* pattern,
                                 const char* summary, Handler handler) {
        router.add({method, pattern, capability, summary, std::move(handler), std::move(heavy), true});
    };
    // The plan a request names: its unit within the user's scope, and the plan stored.
    const auto key_of = [&web](const Request& r, const Session& s) {
        const std::string unit = r.param("unit");
        if (!web.units.contains(unit)) not_found("không có đơn vị hành chính \"" + unit + "\"");
        web.require_unit(s, unit);
        int year = 0;
        try {
            std::size_t used = 0;
            year = std::stoi(r.param("year"), &used);
            if (used != r.param("year").size()) year = 0;
        } catch (const std::exception&) {
        }
        if (year < 2000 || year > 2100) not_found("năm kế hoạch \"" + r.param("year") + "\" không hợp lệ");
        return store::PlanKey{r.query_value("programme", kDefaultProgramme), unit, year};
    };
    const auto plan_store = [&plan_stores] { return plan_stores.borrow(); };
    const auto require = [](store::PlanStore& plans, const store::PlanKey& key) {
        auto stored = plans.load_plan(key);
        if (!stored)
            not_found("không có kế hoạch của đơn vị " + key.unit_code + " năm " + std::to_string(key.year));
        return std::move(*stored);
    };
    const auto actor = [](const Session& s, const Request& r) {
        return store::Actor{s.user.username, r.method + " " + r.path};
    };

    route(C::read_registry, kNeverHeavy, "GET", "/api/v1/plans", "Các kế hoạch thực hiện trong đơn vị (theo năm)", [&web, plan_store](Request& r) {
        const Session s = web.session_of(r);
        const std::string unit = web.unit_param(r, s);
        const int year = static_cast<int>(int_param(r, "year", 0, 0, 2100));
        json out = json::array();
        for (const auto& record : plan_store()->list_plans(year, "")) {
            if (!web.scope.unit_within(record.key.unit_code, s.user.unit_code) ||
                !web.scope.unit_within(record.key.unit_code, unit))
                continue;
            json item = record_json(record);
            item["unit_name"] = web.unit_name(record.key.unit_code);
            out.push_back(std::move(item));
        }
        return json_response(200, out);
    });
    route(C::read_registry, kNeverHeavy, "GET", "/api/v1/plans/{unit}/{year}", "Kế hoạch (JSON của io/plan_json) với ETag",
        [&web, key_of, plan_store, require](Request& r) {
            const Session s = web.session_of(r);
            const auto key = key_of(r, s);
            auto plans = plan_store();
            const auto stored = require(*plans, key);
            json body = io::plan_to_json(stored.plan);
            body["version"] = stored.record.version;
            Response out = json_response(200, body);
            out.headers.emplace_back("ETag", "\"" + std::to_string(stored.record.version) + "\"");
            return out;
        });
    route(C::edit_plan, kNeverHeavy, "PUT", "/api/v1/plans/{unit}/{year}",
          "Lưu kế hoạch đã sửa (cần If-Match; If-Match \"0\" tạo kế hoạch mới); kiểm tra trước khi lưu",
        [&web, key_of, plan_store, actor](Request& r) {
            const Session s = web.session_of(r);
            const auto key = key_of(r, s);
            const std::string match = if_match(r, "kế hoạch");
            json body = parse_body(r);
            body.erase("version");
            Plan plan;
            try {
                plan = io::plan_from_json(body);
            } catch (const std::invalid_argument& e) {
                throw ApiError(422, "invalid_plan", std::string("kế hoạch không hợp lệ: ") + e.what());
            }
            if (plan.unit_code != key.unit_code || plan.year != key.year || plan.programme != key.programme)
                bad_request("đơn vị, năm hoặc chương trình trong nội dung khác với địa chỉ");
            const auto catalogues = app::load_plan_catalogues(web.options.env, key.programme);
            const auto findings = check_plan(plan, catalogues.rules(&web.units));
            if (app::has_errors(findings))
                throw ApiError(422, "plan_check_failed", "Kế hoạch có lỗi; chưa lưu thay đổi nào.",
                               {{"findings", findings_json(findings)}});
            auto plans = plan_store();
            // A unit without a plan for the year creates one with If-Match "0".
            const auto current = plans->load_plan(key);
            const std::int64_t version = current ? current->record.version : 0;
            if (std::to_string(version) != match)
                throw ApiError(412, "stale_version",
                               current ? "Kế hoạch đã được người khác sửa (phiên bản " + std::to_string(version) +
                                             ") sau khi bạn mở nó; các thay đổi của bạn chưa được lưu."
                                       : std::string("Chưa có kế hoạch này; để tạo mới, gửi If-Match: \"0\"."),
                               {{"current_version", version}});
            const auto record = plans->save_plan(plan, actor(s, r), current ? "plan.edit" : "plan.create", version);
            Response out = json_response(current ? 200 : 201,
                                         {{"record", record_json(record)}, {"findings", findings_json(findings)}});
            out.headers.emplace_back("ETag", "\"" + std::to_string(record.version) + "\"");
            return out;
        });
    route(C::read_registry, kNeverHeavy, "GET", "/api/v1/plans/{unit}/{year}/check", "Kiểm tra kế hoạch (tổng, đối ứng, định mức, thời hạn, mục tiêu)",
        [&web, key_of, plan_store](Request& r) {
            const Session s = web.session_of(r);
            const auto key = key_of(r, s);
            auto plans = plan_store();
            const auto findings = app::check_stored_plan(*plans, *web.stores.borrow(), web.options.env, key);
            const auto view = app::plan_budget_view(*plans, *web.stores.borrow(), web.options.env, key);
            return json_response(200, {{"errors", app::has_errors(findings)},
                                       {"findings", findings_json(findings)},
                                       {"budget_table", budget_table_json(view)},
                                       {"counterpart", counterpart_json(view)}});
        });
    route(C::read_registry, kNeverHeavy, "GET", "/api/v1/plans/{unit}/{year}/disbursement", "Giải ngân theo dự án, nguồn vốn và tổng",
        [&web, key_of, plan_store](Request& r) {
            const Session s = web.session_of(r);
            const auto key = key_of(r, s);
            std::optional<int> budget_year;
            if (!r.query_value("budget_year").empty())
                budget_year = static_cast<int>(int_param(r, "budget_year", key.year, 2000, 2100));
            Date as_of = web.options.env.today;
            if (const std::string text = r.query_value("as_of"); !text.empty()) {
                const auto date = parse_iso_date(text);
                if (!date) bad_request("tham số \"as_of\": ngày không hợp lệ; cần YYYY-MM-DD");
                as_of = *date;
            }
            auto plans = plan_store();
            const auto report = app::plan_disbursement(*plans, web.options.env, key, budget_year, as_of);
            json by_node = json::array(), by_source = json::array();
            for (const auto& row : report.by_node) by_node.push_back(row_json(row));
            for (const auto& row : report.by_source) by_source.push_back(row_json(row));
            return json_response(200, {{"budget_year", report.budget_year},
                                       {"as_of", as_of.iso()},
                                       {"by_node", by_node},
                                       {"by_source", by_source},
                                       {"total", row_json(report.total)}});
        });
    route(C::edit_plan, kNeverHeavy, "POST", "/api/v1/plans/{unit}/{year}/disbursements",
        "Ghi một khoản giải ngân (từ chối khi vượt mức giao hoặc quá thời hạn)",
        [&web, key_of, plan_store, actor](Request& r) {
            const Session s = web.session_of(r);
            const auto key = key_of(r, s);
            const json body = parse_body(r);
            Disbursement entry;
            entry.node = string_field(body, "node");
            if (entry.node.empty()) bad_request("thiếu dự án, tiểu dự án (node)");
            entry.source = string_field(body, "source");
            entry.budget_year = body.contains("budget_year") && body["budget_year"].is_number_integer()
                                    ? body["budget_year"].get<int>()
                                    : key.year;
            if (body.contains("date") && !body["date"].is_null()) entry.date = date_field(body, "date");
            if (body.contains("amount_vnd") && !body["amount_vnd"].is_null()) {
                if (!body["amount_vnd"].is_number_integer() || body["amount_vnd"].get<std::int64_t>() <= 0)
                    bad_request("số tiền giải ngân (amount_vnd) phải là số nguyên đồng dương");
                entry.amount_vnd = body["amount_vnd"].get<std::int64_t>();
            }
            if (body.contains("percent") && !body["percent"].is_null()) {
                if (!body["percent"].is_number()) bad_request("tỷ lệ giải ngân (percent) phải là số");
                entry.percent = body["percent"].get<double>();
            }
            entry.note = string_field(body, "note");
            auto plans = plan_store();
            const auto result = app::add_disbursement(*plans, web.options.env, key, entry, actor(s, r));
            if (app::has_errors(result.findings)) {
                std::string message = "Không ghi khoản giải ngân";
                for (const auto& f : result.findings)
                    if (f.severity == Severity::error) {
                        message += ": " + f.message;
                        break;
                    }
                throw ApiError(422, "disbursement_refused", message, {{"findings", findings_json(result.findings)}});
            }
            return json_response(201, {{"record", record_json(result.record)},
                                       {"findings", findings_json(result.findings)}});
        });
    route(C::read_registry, kNeverHeavy, "GET", "/api/v1/plans/{unit}/{year}/targets", "Mục tiêu với giá trị thực hiện, tiến độ và trạng thái",
        [&web, key_of, plan_store](Request& r) {
            const Session s = web.session_of(r);
            const auto key = key_of(r, s);
            auto plans = plan_store();
            const auto rows = app::plan_targets(*plans, *web.stores.borrow(), web.options.env, key);
            json out = json::array();
            for (const auto& row : rows) {
                const Target& t = row.target;
                out.push_back({{"index", row.progress.index},
                               {"indicator", t.indicator},
                               {"kind", t.kind},
                               {"unit", t.unit},
                               {"year", t.year},
                               {"unit_code", t.unit_code},
                               {"population", t.population},
                               {"assigned_by", t.assigned_by},
                               {"text", t.text_printed},
                               {"baseline", quantity_json(t.baseline)},
                               {"target", quantity_json(t.target)},
                               {"actual", optional_number(row.progress.actual)},
                               {"actual_source", row.progress.actual_source},
                               {"change", t.change ? json{{"value", t.change->value},
                                                          {"value_min", optional_number(t.change->value_min)},
                                                          {"value_max", optional_number(t.change->value_max)},
                                                          {"unit", t.change->unit}}
                                                    : json(nullptr)},
                               {"actual_change", optional_number(row.progress.achieved_change)},
                               {"planned_change", optional_number(row.progress.planned_change)},
                               {"measure", row.progress.measure},
                               {"progress", optional_number(row.progress.progress)},
                               {"status", to_string(row.progress.status)},
                               {"status_name", vietnamese_name(row.progress.status)}});
            }
            return json_response(200, out);
        });
    route(C::edit_plan, kNeverHeavy, "PUT", "/api/v1/plans/{unit}/{year}/targets/{index}/actual", "Nhập giá trị thực hiện của một mục tiêu",
        [&web, key_of, plan_store, require, actor](Request& r) {
            const Session s = web.session_of(r);
            const auto key = key_of(r, s);
            const json body = parse_body(r);
            const bool as_change = body.contains("actual_change");
            const char* field = as_change ? "actual_change" : "actual";
            if (!body.contains(field) || !body[field].is_number())
                bad_request("thiếu giá trị thực hiện (actual: mức đạt được, hoặc actual_change: mức thay đổi) dạng số");
            std::size_t index = 0;
            try {
                std::size_t used = 0;
                const long value = std::stol(r.param("index"), &used);
                if (used != r.param("index").size() || value < 0) throw std::invalid_argument("index");
                index = static_cast<std::size_t>(value);
            } catch (const std::exception&) {
                not_found("không có mục tiêu \"" + r.param("index") + "\"");
            }
            auto plans = plan_store();
            if (index >= require(*plans, key).plan.targets.size())
                not_found("không có mục tiêu số " + std::to_string(index + 1));
            const auto record =
                app::enter_target_actual(*plans, key, index, body[field].get<double>(), actor(s, r), as_change);
            return json_response(200, {{"record", record_json(record)}});
        });
    // The plan's files: written by an app/ exporter into a scratch directory, sent as an attachment.
    using Exporter = void (*)(store::PlanStore&, const app::Environment&, const store::PlanKey&, const std::string&);
    const auto download = [&web, key_of, plan_store, require](Exporter exporter, std::string file, std::string mime,
                                                             std::string prefix) {
        return [&web, key_of, plan_store, require, exporter, file, mime, prefix](Request& r) {
            const Session s = web.session_of(r);
            const auto key = key_of(r, s);
            auto plans = plan_store();
            (void)require(*plans, key);
            const auto dir = web.work.scratch();
            const std::string path = (dir.path / file).string();
            exporter(*plans, web.options.env, key, path);
            const std::string extension = file.substr(file.rfind('.'));
            return attachment(io::read_file(path), mime, prefix + key.unit_code + "-" + std::to_string(key.year) + extension);
        };
    };
    route(C::read_registry, kAlwaysHeavy, "GET", "/api/v1/plans/{unit}/{year}/document.docx", "Kế hoạch dạng văn bản DOCX",
        download(&app::export_plan_docx, "plan.docx",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "ke-hoach-"));
    route(C::read_registry, kAlwaysHeavy, "GET", "/api/v1/plans/{unit}/{year}/budget.xlsx", "Dự toán kinh phí của kế hoạch dạng XLSX",
        download(&app::export_budget_xlsx, "budget.xlsx",
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "kinh-phi-"));
    route(C::read_registry, kAlwaysHeavy, "GET", "/api/v1/plans/{unit}/{year}/public-investment.xlsx",
          "Kế hoạch đầu tư công năm sau (kết quả năm kế hoạch, nhu cầu năm sau) dạng XLSX để điền",
          download(&app::export_public_investment_xlsx, "public-investment.xlsx",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "ke-hoach-dau-tu-cong-"));
    route(C::read_registry, kAlwaysHeavy, "GET", "/api/v1/plans/{unit}/{year}/public-investment.docx",
          "Kế hoạch đầu tư công năm sau dạng văn bản DOCX",
          download(&app::export_public_investment_docx, "public-investment.docx",
                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "ke-hoach-dau-tu-cong-"));
    route(C::edit_plan, kAlwaysHeavy, "POST", "/api/v1/plans/{unit}/{year}/public-investment",
          "Nhập lại biểu kế hoạch đầu tư công đã điền (XLSX) vào kế hoạch; ?dry_run=1 chỉ kiểm tra",
          [&web, key_of, plan_store, actor](Request& r) {
              const Session s = web.session_of(r);
              const auto key = key_of(r, s);
              std::string_view bytes = r.body;
              std::string source = "ke-hoach-dau-tu-cong.xlsx";
              std::vector<MultipartPart> parts;
              if (r.header("content-type").rfind("multipart/form-data", 0) == 0) {
                  parts = parse_multipart(r.header("content-type"), r.body);
                  if (parts.empty()) throw Error(ErrorKind::invalid_input, "missing_file", "chưa gửi tệp Excel của kế hoạch đầu tư công");
                  bytes = parts.front().content;
                  if (!parts.front().filename.empty()) source = parts.front().filename;
              }
              const bool dry_run = r.query_value("dry_run") == "1" || r.query_value("dry_run") == "true";
              auto plans = plan_store();
              const auto result = app::import_public_investment(*plans, web.options.env, key, bytes, source, dry_run, actor(s, r));
              // A sheet that cannot be read into the plan: nothing is written, and its problems say where.
              if (!result.problems.empty())
                  throw ApiError(422, "invalid_public_investment",
                                 "Biểu có " + std::to_string(result.problems.size()) +
                                     " lỗi; chưa ghi gì vào kế hoạch. Sửa biểu rồi gửi lại.",
                                 {{"problems", problems_json(result.problems)},
                                  {"findings", findings_json(result.findings)},
                                  {"dry_run", dry_run},
                                  {"rows", result.rows},
                                  {"changes", result.changes}});
              const json out = {{"ok", !has_errors(result.findings)},
                                {"dry_run", dry_run},
                                {"written", result.written},
                                {"rows", result.rows},
                                {"changes", result.changes},
                                {"problems", json::array()},
                                {"findings", findings_json(result.findings)}};
              return json_response(200, out);
          });
}

}  // namespace giamngheo::app
