// Thin handlers over modules/reports/app: each finds the user's unit and the stores, calls a use
// case and turns its result into JSON (modules/reports/http/report_json.hpp would be its only other
// user, so the shapes live here).
#include "modules/reports/http/routes.hpp"

#include <memory>

#include "kernel/labels_vi.hpp"
#include "modules/reports/app/board.hpp"
#include "modules/reports/documents/report_docx.hpp"
#include "modules/reports/documents/report_sheet.hpp"
#include "modules/reports/formats/report_json.hpp"
#include "platform/pdf.hpp"
#include "platform/table.hpp"
#include "server/http_helpers.hpp"
#include "server/multipart.hpp"

namespace giamngheo::app {
namespace {

using namespace server;
using accounts::Session;
using accounts::WebContext;
using reports::ReportAction;
using C = Capability;

json number_or_null(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
json int_or_null(const std::optional<int>& v) { return v ? json(*v) : json(nullptr); }

json cell_value_json(const reports::CellValue& v) {
    if (v.number) return *v.number;
    if (!v.text.empty()) return v.text;
    return nullptr;
}

json unit_json(const ReportUnit& u) { return {{"code", u.code}, {"name", u.name}, {"level", u.level}}; }

json period_json(const reports::ReportPeriod& p) {
    return {{"id", p.id()}, {"kind", reports::to_string(p.kind)}, {"label_vi", p.label_vi()},
            {"start", p.start().iso()}, {"end", p.end().iso()}};
}

json form_summary_json(const reports::ReportForm& f) {
    return {{"code", f.code}, {"title_vi", f.title_vi}, {"short_vi", f.short_vi}, {"provisional", f.provisional},
            {"legal_source_vi", f.legal_source_vi}, {"periods", f.period_kinds},
            {"levels", json::array({"commune", "district", "province", "national"})}};
}

json event_json(const store::ReportEvent& e) {
    return {{"from", reports::to_string(e.from)}, {"to", reports::to_string(e.to)}, {"action", e.action},
            {"by", e.by}, {"at", e.at}, {"reason", e.reason}};
}

json report_json(const ReportView& v, const Date& today) {
    const reports::ReportForm& form = *v.form;
    json form_out = form_summary_json(form);
    form_out["money_unit"] = form.money_in_millions ? json("million_vnd") : json(nullptr);
    form_out["columns"] = json::array();
    for (const auto& c : form.columns)
        form_out["columns"].push_back({{"key", c.key}, {"label_vi", c.label_vi}, {"type", reports::to_string(c.type)}});
    const bool editable = v.can.at(ReportAction::save);
    form_out["sections"] = json::array();
    for (const auto& section : form.sections) {
        json rows = json::array();
        for (const auto& row : section.rows) {
            json cells = json::object();
            for (const auto& [column, spec] : row.cells) {
                const auto it = v.cells.find(spec.id);
                const reports::FilledCell filled = it == v.cells.end() ? reports::FilledCell{} : it->second;
                const bool consolidated = filled.consolidated;
                cells[column] = {{"id", spec.id},
                                 {"kind", consolidated ? "consolidated" : reports::to_string(spec.kind)},
                                 {"type", reports::to_string(spec.type)},
                                 {"value", cell_value_json(filled.value)},
                                 {"own", number_or_null(filled.own)},
                                 {"editable", editable && spec.kind == reports::CellKind::entered}};
            }
            rows.push_back({{"key", row.key}, {"label_vi", row.label_vi}, {"unit_vi", row.unit_vi},
                            {"narrative", row.narrative}, {"cells", cells}});
        }
        form_out["sections"].push_back({{"key", section.key}, {"title_vi", section.title_vi}, {"rows", rows}});
    }
    json out = {{"form", form_out}, {"unit", unit_json(v.unit)}, {"period", period_json(v.period)},
                {"state", reports::to_string(v.state)}, {"version", v.version},
                {"deadline", v.deadline ? json(v.deadline->date.iso()) : json(nullptr)},
                {"deadline_source_vi", v.deadline ? json(v.deadline->source_vi) : json(nullptr)},
                {"days_left", nullptr},
                {"days_late", nullptr},
                {"sources_vi", v.sources_vi}};
    if (v.deadline && !reports::is_submitted(v.state) && v.state != reports::ReportState::not_reporting) {
        const int left = days_between(today, v.deadline->date);
        out[left >= 0 ? "days_left" : "days_late"] = left >= 0 ? left : -left;
    }
    json can = json::object();
    for (const auto& [action, allowed] : v.can)
        if (action != ReportAction::save) can[action == ReportAction::send_back ? "send_back"
                                              : action == ReportAction::mark_not_reporting ? "mark_not_reporting"
                                                                                           : reports::to_string(action)] = allowed;
    can["edit"] = editable;
    out["can"] = can;
    out["findings"] = json::array();
    for (const auto& f : v.findings)
        out["findings"].push_back({{"rule", f.rule}, {"importance", f.importance == reports::Importance::error ? "error" : "warning"},
                                   {"message_vi", f.message_vi}, {"cells", f.cells}});
    out["modified_since_approval"] = nullptr;
    if (!v.modified.empty()) {
        json cells = json::array();
        for (const auto& m : v.modified)
            cells.push_back({{"id", m.id}, {"label_vi", form.cell_label(m.id)}, {"approved", cell_value_json(m.snapshot)},
                             {"current", cell_value_json(m.current)}});
        out["modified_since_approval"] = {{"count", v.modified.size()}, {"cells", cells}};
    }
    out["below"] = nullptr;
    if (v.below) {
        json pending = json::array();
        for (const auto& [unit, state] : v.below->pending)
            pending.push_back({{"unit_code", unit.code}, {"unit_name", unit.name}, {"state", reports::to_string(state)}});
        out["below"] = {{"expected", v.below->expected}, {"approved", v.below->approved},
                        {"not_reporting", v.below->not_reporting}, {"pending", pending}};
    }
    out["history"] = json::array();
    for (const auto& e : v.history) out["history"].push_back(event_json(e));
    return out;
}

// The report as JSON with the steps offered: those the user's unit stands for and the role may take.
Response report_response(ReportView view, accounts::Role role, const Date& today) {
    for (auto& [action, allowed] : view.can) {
        const bool approves = reports::is_step_from_above(action);
        allowed = allowed && accounts::has_capability(role, approves ? C::approve_report : C::submit_report);
    }
    Response out = json_response(200, report_json(view, today));
    out.headers.emplace_back("ETag", etag(view.version));
    return out;
}

json board_row_json(const BoardRow& r) {
    return {{"unit_code", r.unit.code}, {"unit_name", r.unit.name}, {"form", r.form},
            {"state", reports::to_string(r.status.state)},
            {"deadline", r.deadline ? json(r.deadline->date.iso()) : json(nullptr)},
            {"days_left", int_or_null(r.days_left)}, {"days_late", int_or_null(r.days_late)},
            {"submitted_at", r.status.submitted_at.empty() ? json(nullptr) : json(r.status.submitted_at)},
            {"on_time", r.on_time ? json(*r.on_time) : json(nullptr)},
            {"last", r.status.version ? json{{"action", r.status.last.action}, {"by", r.status.last.by},
                                            {"at", r.status.last.at}, {"reason", r.status.last.reason}}
                                      : json(nullptr)},
            {"version", r.status.version}};
}

json board_json(const Board& b, const Date& today) {
    json out = {{"unit", unit_json(b.unit)}, {"period", period_json(b.period)}, {"today", today.iso()}};
    out["forms"] = json::array();
    for (const auto* f : b.forms) out["forms"].push_back({{"code", f->code}, {"short_vi", f->short_vi}});
    out["own"] = json::array();
    for (const auto& r : b.own) out["own"].push_back(board_row_json(r));
    out["rows"] = json::array();
    for (const auto& r : b.rows) out["rows"].push_back(board_row_json(r));
    out["rates"] = json::array();
    for (const auto& r : b.rates) {
        const auto fraction = [&](int n) { return r.expected ? json(static_cast<double>(n) / r.expected) : json(nullptr); };
        out["rates"].push_back({{"form", r.form}, {"expected", r.expected}, {"submitted", r.submitted}, {"on_time", r.on_time},
                                {"completeness", fraction(r.submitted)}, {"timeliness", fraction(r.on_time)}});
    }
    return out;
}

std::int64_t version_of(const Request& r) {
    const std::string match = if_match(r, "báo cáo");
    try {
        return std::stoll(match);
    } catch (const std::exception&) {
        throw Error(ErrorKind::invalid_input, "invalid_if_match", "If-Match phải là phiên bản của báo cáo");
    }
}

// Everything a request about reports needs, borrowed for its length.
struct Borrowed {
    Borrowed(WebContext& web, store::Pool<store::PlanStore>& plans, ReportStorePool& reports,
             store::Pool<store::ProcedureStore>& procedures, const ReportCatalogue& catalogue,
             std::shared_ptr<FigureCache> figures)
        : registry(web.stores.borrow()),
          plan_store(plans.borrow()),
          report_store(reports.borrow()),
          procedure_store(procedures.borrow()),
          measures(store_measures(*registry, *plan_store, &*procedure_store, web.units, web.options.env,
                                  web.options.env.today, std::move(figures))),
          deps{catalogue, web.units, *report_store, *measures, web.options.env.today} {}
    store::Pool<store::Store>::Lease registry;
    store::Pool<store::PlanStore>::Lease plan_store;
    ReportStorePool::Lease report_store;
    store::Pool<store::ProcedureStore>::Lease procedure_store;
    std::unique_ptr<MeasureSource> measures;
    ReportDeps deps;
};

}  // namespace

void register_report_routes(Router& router, WebContext& web, store::Pool<store::PlanStore>& plan_stores,
                            ReportStorePool& report_stores, store::Pool<store::ProcedureStore>& procedure_stores) {
    auto catalogue = std::make_shared<const ReportCatalogue>(ReportCatalogue::load(web.options.env));
    const auto route = [&router](Capability capability, HeavyWhen heavy, const char* method, const char* pattern,
                                 const char* summary, Handler handler, bool scoped = true) {
        router.add({method, pattern, capability, summary, std::move(handler), std::move(heavy), scoped});
    };
    auto figures = make_figure_cache();
    const auto borrow = [&web, &plan_stores, &report_stores, &procedure_stores, catalogue, figures] {
        return std::make_unique<Borrowed>(web, plan_stores, report_stores, procedure_stores, *catalogue, figures);
    };
    // The report a request names; its unit must lie within the user's.
    const auto key_of = [&web](const Request& r, const Session& s) {
        store::ReportKey key{r.param("form"), r.param("period"), r.param("unit")};
        if (key.unit_code == "VN") key.unit_code.clear();
        if (!key.unit_code.empty() && !web.units.contains(key.unit_code))
            not_found("không có đơn vị hành chính \"" + key.unit_code + "\"");
        web.require_unit(s, key.unit_code);
        return key;
    };
    const auto actor = [](const Session& s, const Request& r) { return store::Actor{s.user.username, r.method + " " + r.path}; };
    const auto unit_of = [&web](const Request& r, const Session& s) {
        std::string unit = r.query_value("unit", s.user.unit_code);
        if (unit == "VN") unit.clear();
        web.require_unit(s, unit);
        return unit;
    };

    const auto board_request = [unit_of](const Request& r, const Session& s) {
        return BoardRequest{unit_of(r, s), r.query_value("period", ""), r.query_value("form", ""),
                            r.query_value("late", "") == "1", r.query_value("all", "") == "1"};
    };
    route(C::read_registry, kNeverHeavy, "GET", "/api/v1/reports/forms", "Các biểu báo cáo (Thông tư 10/2022 và kết quả rà soát)",
          [catalogue](Request&) {
              json out = json::array();
              for (const auto& f : catalogue->forms) out.push_back(form_summary_json(f));
              return json_response(200, out);
          }, false);
    route(C::read_registry, kNeverHeavy, "GET", "/api/v1/reports/periods", "Các kỳ báo cáo gần đây của một biểu (mới nhất trước)",
          [&web, catalogue](Request& r) {
              const std::string form = r.query_value("form", "");
              std::vector<std::string> kinds = {"year", "half_year", "month"};
              if (!form.empty()) kinds = catalogue->form(form).period_kinds;
              json out = json::array();
              for (const auto& p : reports::recent_periods(kinds, web.options.env.today)) out.push_back(period_json(p));
              return json_response(200, out);
          }, false);
    route(C::read_registry, kAlwaysHeavy, "GET", "/api/v1/reports/board", "Bảng tình hình báo cáo của các đơn vị cấp dưới",
          [&web, borrow, board_request](Request& r) {
              const Session s = web.session_of(r);
              const auto b = borrow();
              return json_response(200, board_json(report_board(b->deps, board_request(r, s)), web.options.env.today));
          });
    route(C::read_registry, kAlwaysHeavy, "GET", "/api/v1/reports/board.xlsx", "Bảng tình hình báo cáo dạng XLSX",
          [&web, borrow, board_request](Request& r) {
              const Session s = web.session_of(r);
              const auto b = borrow();
              const Board board = report_board(b->deps, board_request(r, s));
              const auto dir = web.work.scratch();
              const std::string path = (dir.path / "board.xlsx").string();
              io::write_printed_xlsx(path, {board_sheet(board, "")});
              return attachment(io::read_file(path), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                "tinh-hinh-bao-cao-" + board.period.id() + ".xlsx");
          });
    route(C::read_registry, kAlwaysHeavy, "GET", "/api/v1/reports/due", "Báo cáo cần gửi hoặc duyệt trong tuần (và đã trễ hạn)",
          [&web, borrow, unit_of, catalogue](Request& r) {
              const Session s = web.session_of(r);
              const auto b = borrow();
              json out = json::array();
              for (const auto& item : reports_due(b->deps, unit_of(r, s))) {
                  json row = board_row_json(item.row);
                  row["short_vi"] = catalogue->form(item.row.form).short_vi;
                  row["period"] = item.period.id();
                  row["period_label_vi"] = item.period.label_vi();
                  row["action"] = item.action;
                  out.push_back(std::move(row));
              }
              return json_response(200, out);
          });
    route(C::read_registry, kAlwaysHeavy, "GET", "/api/v1/reports/{form}/{period}/{unit}", "Một báo cáo: các ô, kiểm tra, trạng thái, lịch sử (ETag)",
          [&web, borrow, key_of](Request& r) {
              const Session s = web.session_of(r);
              const auto b = borrow();
              return report_response(open_report(b->deps, key_of(r, s), s.user.unit_code), s.user.role, web.options.env.today);
          });
    route(C::submit_report, kAlwaysHeavy, "PUT", "/api/v1/reports/{form}/{period}/{unit}", "Lưu số liệu nhập của báo cáo (cần If-Match)",
          [&web, borrow, key_of, actor](Request& r) {
              const Session s = web.session_of(r);
              const auto key = key_of(r, s);
              const std::int64_t version = version_of(r);
              const json body = parse_body(r);
              const auto values = reports::cell_values_from_json(body.value("values", json::object()));
              const auto b = borrow();
              return report_response(save_report(b->deps, key, values, version, s.user.unit_code, actor(s, r)), s.user.role, web.options.env.today);
          });
    route(C::submit_report, kAlwaysHeavy, "POST", "/api/v1/reports/{form}/{period}/{unit}/import",
          "Nhập số liệu của báo cáo từ tệp Excel đã tải về và điền (cần If-Match; ?dry_run=1 chỉ kiểm tra)",
          [&web, borrow, key_of, actor](Request& r) {
              const Session s = web.session_of(r);
              const auto key = key_of(r, s);
              const std::int64_t version = version_of(r);
              std::string_view bytes = r.body;
              std::string source = "bao-cao.xlsx";
              std::vector<MultipartPart> parts;
              if (r.header("content-type").rfind("multipart/form-data", 0) == 0) {
                  parts = parse_multipart(r.header("content-type"), r.body);
                  if (parts.empty()) throw Error(ErrorKind::invalid_input, "missing_file", "chưa gửi tệp Excel của báo cáo");
                  bytes = parts.front().content;
                  if (!parts.front().filename.empty()) source = parts.front().filename;
              }
              const auto b = borrow();
              const ReportImport imported = import_report_sheet(b->deps, key, bytes, source, r.query_value("dry_run") == "1",
                                                                version, s.user.unit_code, actor(s, r));
              // Nothing is written: the sheet's problems by row and column, and how many cells it filled.
              if (!imported.problems.empty())
                  throw ApiError(422, "invalid_report_sheet",
                                 "Tệp có " + std::to_string(imported.problems.size()) +
                                     " lỗi; chưa ghi số liệu nào vào báo cáo. Sửa tệp rồi gửi lại.",
                                 {{"problems", problems_json(imported.problems)}, {"cells", imported.cells}});
              json out = {{"ok", true}, {"written", imported.written}, {"cells", imported.cells},
                          {"problems", json::array()}};
              if (imported.view) {
                  Response saved = report_response(*imported.view, s.user.role, web.options.env.today);
                  out["report"] = json::parse(saved.body);
              }
              return json_response(200, out);
          });
    route(C::submit_report, kAlwaysHeavy, "POST", "/api/v1/reports/{form}/{period}/{unit}/{action}",
          "Bước của quy trình: complete, submit, approve, accept, send-back, not-reporting (cần If-Match; trả lại cần lý do)",
          [&web, borrow, key_of, actor](Request& r) {
              const Session s = web.session_of(r);
              const auto key = key_of(r, s);
              ReportAction action = ReportAction::save;
              if (!reports::parse_report_action(r.param("action"), action) || action == ReportAction::save)
                  not_found("không có thao tác \"" + r.param("action") + "\" với báo cáo");
              if (reports::is_step_from_above(action) && !accounts::has_capability(s.user.role, C::approve_report))
                  throw Error(ErrorKind::forbidden, "forbidden", "vai trò của bạn không được duyệt hoặc trả lại báo cáo");
              const std::int64_t version = version_of(r);
              const json body = r.body.empty() ? json::object() : parse_body(r);
              const auto b = borrow();
              return report_response(act_on_report(b->deps, key, action, string_field(body, "reason"), version,
                                                   s.user.unit_code, actor(s, r)),
                                     s.user.role, web.options.env.today);
          });
    route(C::approve_report, kAlwaysHeavy, "POST", "/api/v1/reports/{form}/{period}/{unit}/below/not-reporting",
          "Đánh dấu các đơn vị cấp dưới chưa gửi là không báo cáo (cần lý do)",
          [&web, borrow, key_of, actor](Request& r) {
              const Session s = web.session_of(r);
              const auto key = key_of(r, s);
              const json body = parse_body(r);
              const auto b = borrow();
              const int marked = mark_rest_not_reporting(b->deps, key.form, key.period, key.unit_code,
                                                         string_field(body, "reason"), s.user.unit_code, actor(s, r));
              return json_response(200, {{"marked", marked}});
          });
    // The report as the document to sign: DOCX, or that DOCX rendered to PDF by LibreOffice.
    const auto document = [&web, borrow, key_of](bool pdf) {
        return [&web, borrow, key_of, pdf](Request& r) {
            const Session s = web.session_of(r);
            const auto key = key_of(r, s);
            const auto b = borrow();
            const ReportView view = open_report(b->deps, key, s.user.unit_code);
            const auto parent = ReportingChain(web.units, view.period).parent(key.unit_code);
            const std::string to = !parent ? "" : parent->empty() ? "Bộ Nông nghiệp và Môi trường" : "UBND " + web.unit_name(*parent);
            const std::string docx = report_docx(view, to);
            const std::string name = key.form + "-" + key.period + "-" + (key.unit_code.empty() ? "VN" : key.unit_code);
            if (!pdf)
                return attachment(docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", name + ".docx");
            const auto dir = web.work.scratch();
            return attachment(io::docx_to_pdf(docx, dir.path.string()), "application/pdf", name + ".pdf");
        };
    };
    route(C::read_registry, kAlwaysHeavy, "GET", "/api/v1/reports/{form}/{period}/{unit}/docx",
          "Báo cáo dạng văn bản DOCX (thể thức Nghị định 30/2020): phần lời của cán bộ và bảng số liệu", document(false));
    route(C::read_registry, kAlwaysHeavy, "GET", "/api/v1/reports/{form}/{period}/{unit}/pdf",
          "Báo cáo dạng PDF để in và gửi (văn bản DOCX do LibreOffice chuyển)", document(true));
    route(C::read_registry, kAlwaysHeavy, "GET", "/api/v1/reports/{form}/{period}/{unit}/xlsx", "Báo cáo theo mẫu in dạng XLSX",
          [&web, borrow, key_of](Request& r) {
              const Session s = web.session_of(r);
              const auto key = key_of(r, s);
              const auto b = borrow();
              const ReportView view = open_report(b->deps, key, s.user.unit_code);
              const auto dir = web.work.scratch();
              const std::string path = (dir.path / "report.xlsx").string();
              io::write_printed_xlsx(path, {report_sheet(view, "")});
              return attachment(io::read_file(path), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                key.form + "-" + key.period + "-" + (key.unit_code.empty() ? "VN" : key.unit_code) + ".xlsx");
          });
}

}  // namespace giamngheo::app
