#include "modules/procedure/http/routes.hpp"

#include "modules/procedure/app/cases.hpp"
#include "modules/procedure/app/survey.hpp"
#include "modules/procedure/documents/certificate_docx.hpp"
#include "modules/procedure/documents/procedure_docx.hpp"
#include "platform/environment.hpp"
#include "platform/pdf.hpp"
#include "modules/procedure/formats/event_json.hpp"
#include "server/http_helpers.hpp"

namespace giamngheo::app {
namespace {

using namespace server;
using accounts::Session;
using accounts::WebContext;
using nlohmann::json;
using C = Capability;

json procedure_json(const procedure::Procedure& p) {
    json states = json::array(), steps = json::array(), reasons = json::array(), recognition = json::array(),
         requests = json::array();
    for (const auto& s : p.states) states.push_back({{"key", s.key}, {"label", s.label_vi}});
    for (const auto& s : p.listing_reasons) reasons.push_back({{"key", s.key}, {"label", s.label_vi}});
    for (const auto& s : p.steps)
        steps.push_back({{"key", s.key}, {"label", s.label_vi}, {"kind", procedure::to_string(s.kind)}, {"from", s.from},
                         {"to", s.to}, {"roles", s.roles}, {"working_days", s.working_days}, {"verified", s.verified},
                         {"legal_source", s.legal_source_vi}});
    for (const auto& r : p.recognition)
        recognition.push_back({{"from", r.from ? json(r.from->iso()) : json(nullptr)},
                               {"until", r.until ? json(r.until->iso()) : json(nullptr)},
                               {"level", r.level}, {"by", r.by_vi}, {"legal_source", r.legal_source_vi}});
    for (const auto& r : p.requests)
        requests.push_back({{"form", r.form}, {"label", r.label_vi}, {"decide_within", r.decide_within},
                            {"working_days", r.working_days}, {"legal_source", r.legal_source_vi}});
    return {{"id", p.id}, {"label", p.label_vi}, {"legal_source", p.legal_source_vi}, {"round_kind", p.round_kind}, {"states", states},
            {"steps", steps}, {"listing_reasons", reasons},
            {"meeting", {{"agreement_percent_min", p.agreement_percent_min}, {"legal_source", p.meeting_legal_source_vi}}},
            {"recognition", recognition}, {"requests", requests}};
}

json case_row_json(const procedure::Procedure& p, const CaseRow& c, const std::string& role, bool with_history) {
    json out = procedure::case_to_json(p, c.now);
    if (!with_history) {
        out.erase("history");
    } else {
        for (std::size_t i = 0; i < c.recorded.size() && i < out["history"].size(); ++i) {
            out["history"][i]["recorded_by"] = c.recorded[i].by;
            out["history"][i]["recorded_at"] = c.recorded[i].at;
        }
    }
    out["household_id"] = c.result.household_id;
    out["unit_code"] = c.result.unit_code;
    out["village"] = c.result.village;
    out["round_class"] = c.result.household_class;
    out["next_steps"] = procedure::next_steps(p, c.now, role);
    return out;
}

json request_json(const RequestView& v) {
    const auto& r = v.request;
    return {{"id", r.id},
            {"household_id", r.household_id},
            {"unit_code", r.unit_code},
            {"form", r.form},
            {"received", r.received.iso()},
            {"due", r.due.iso()},
            {"applicant", r.applicant},
            {"note", r.note},
            {"decided_on", r.decided_on ? json(r.decided_on->iso()) : json(nullptr)},
            {"decision", r.decision},
            {"decision_reason", r.decision_reason},
            {"round_id", r.round_id ? json(r.round_id) : json(nullptr)},
            {"overdue", v.overdue},
            {"days_left", v.days_left}};
}

Date date_param(const json& body, const char* key) {
    const std::string text = body.value(key, std::string());
    auto date = parse_iso_date(text);
    if (!date) date = parse_vietnamese_date(text);
    if (!date) throw_invalid_input(std::string("ngày \"") + text + "\" không hợp lệ (cần YYYY-MM-DD hoặc DD/MM/YYYY)", key);
    return *date;
}

std::int64_t id_of(const Request& r, const char* name, const char* what) {
    try {
        return std::stoll(r.param(name));
    } catch (const std::exception&) {
        throw_invalid_input(std::string(what) + " phải là một số", name);
    }
}

json labelled_json(const std::vector<procedure::Labelled>& list) {
    json out = json::array();
    for (const auto& l : list) out.push_back({{"key", l.key}, {"label", l.label_vi}});
    return out;
}

json survey_form_json(const procedure::SurveyForms& f, const std::vector<procedure::Labelled>& indicators) {
    return {{"id", f.id},
            {"label", f.label_vi},
            {"legal_source", f.legal_source_vi},
            {"verified", f.verified},
            {"phieu_a", {{"title", f.phieu_a.title_vi}, {"instruction", f.phieu_a.instruction_vi}, {"signs", labelled_json(f.signs)}}},
            {"phieu_b_title", f.phieu_b_title_vi},
            {"b1", {{"title", f.b1.title_vi}, {"instruction", f.b1.instruction_vi}, {"fields", f.b1_fields}}},
            {"b2", {{"title", f.b2.title_vi}, {"instruction", f.b2.instruction_vi}, {"indicators", labelled_json(indicators)}}}};
}

// The survey's body: {"date","version","phieu_a":[key],"income_per_capita"?,"score_a"?,
// "deprived":{key: true|false|null},"note"?}; null is the same as absent.
SurveyInput survey_input(const json& body) {
    SurveyInput in;
    in.date = date_param(body, "date");
    if (!body.contains("version") || !body.at("version").is_number_integer())
        throw_invalid_input("cần phiên bản hồ sơ hộ đã xem (version)", "version");
    in.version = body.at("version").get<std::int64_t>();
    const json none;
    const json& signs = body.contains("phieu_a") ? body.at("phieu_a") : none;
    if (!signs.is_null() && !signs.is_array()) throw_invalid_input("phiếu A phải là danh sách các đặc điểm", "phieu_a");
    if (signs.is_array())
        for (const auto& sign : signs) {
            if (!sign.is_string()) throw_invalid_input("mỗi đặc điểm của phiếu A phải là chữ", "phieu_a");
            in.phieu_a.push_back(sign.get<std::string>());
        }
    if (body.contains("income_per_capita") && !body.at("income_per_capita").is_null()) {
        if (!body.at("income_per_capita").is_number_integer())
            throw_invalid_input("thu nhập bình quân đầu người phải là số đồng (số nguyên)", "income_per_capita");
        in.income_per_capita = body.at("income_per_capita").get<std::int64_t>();
    }
    if (body.contains("score_a") && !body.at("score_a").is_null()) {
        if (!body.at("score_a").is_number()) throw_invalid_input("điểm A phải là một số", "score_a");
        in.score_a = body.at("score_a").get<double>();
    }
    const json& deprived = body.contains("deprived") ? body.at("deprived") : none;
    if (!deprived.is_null() && !deprived.is_object())
        throw_invalid_input("phiếu B2 phải ghi theo từng chỉ số: có, không hoặc để trống", "deprived");
    if (deprived.is_object())
        for (const auto& [key, value] : deprived.items()) {
            if (value.is_null()) continue;
            if (!value.is_boolean()) throw_invalid_input("chỉ số \"" + key + "\" phải là có, không hoặc để trống", "deprived");
            in.deprived[key] = value.get<bool>();
        }
    in.note = body.value("note", std::string());
    return in;
}

json survey_outcome_json(const procedure::Procedure& p, const SurveyOutcome& o, const std::string& role) {
    const auto& c = o.classification;
    return {{"case", case_row_json(p, o.after, role, true)},
            {"class", o.household_class},
            {"by_phieu_a", o.by_phieu_a},
            {"household_version", o.household_version},
            {"income_test", c ? json(to_string(c->income_test)) : json(nullptr)},
            {"score_b", c ? json(c->score_b) : json(nullptr)},
            {"deprivation_count", c ? json(c->deprivation_count) : json(nullptr)},
            {"unknown_count", c ? json(c->unknown_count) : json(nullptr)},
            {"reason", o.reason}};
}

// Everything a request about the procedure needs, borrowed for its length.
struct Borrowed {
    Borrowed(WebContext& web, ProcedureStorePool& pool, const Procedures& procedures, const WorkCalendar& calendar)
        : registry(web.stores.borrow()),
          steps(pool.borrow()),
          deps{*registry, *steps, procedures, calendar, web.options.env, web.options.env.today} {}
    store::Pool<store::Store>::Lease registry;
    ProcedureStorePool::Lease steps;
    ProcedureDeps deps;
};

}  // namespace

void register_procedure_routes(Router& router, WebContext& web, ProcedureStorePool& procedure_stores,
                               HouseholdsWritten households_written) {
    const auto procedures = std::make_shared<const Procedures>(load_procedures(web.options.env));
    const auto forms = std::make_shared<const procedure::SurveyForms>(load_survey_forms(web.options.env));
    const auto calendar = std::make_shared<const WorkCalendar>(web.options.env.work_calendar());
    const auto borrow = [&web, &procedure_stores, procedures, calendar] {
        return std::make_unique<Borrowed>(web, procedure_stores, *procedures, *calendar);
    };
    // The households of the user's unit, or of `unit` within it.
    const auto within = [&web](const Request& r, const Session& s) {
        const std::string unit = web.unit_param(r, s);
        return RowFilter([&web, unit](const store::ResultRow& row) {
            return web.scope.household_within({row.unit_code, row.current_unit_code}, unit);
        });
    };
    const auto actor = [](const Session& s, const Request& r) { return store::Actor{s.user.username, r.method + " " + r.path}; };

    router.add({"GET", "/api/v1/procedure", C::read_registry,
                "Quy trình rà soát: các bước, ai làm, thời hạn, căn cứ pháp lý (?kind=periodic định kỳ, regular thường xuyên)",
                [procedures](Request& r) {
                    return json_response(200, procedure_json(procedures->of(r.query_value("kind", "periodic"))));
                },
                kNeverHeavy, false});
    router.add({"GET", "/api/v1/rounds/{id}/procedure", C::read_registry,
                "Các hộ của kỳ rà soát theo bước của quy trình và tình hình từng thôn",
                [&web, borrow, within](Request& r) {
                    const Session s = web.session_of(r);
                    const auto b = borrow();
                    const std::int64_t round = id_of(r, "id", "kỳ rà soát");
                    const auto cases = round_cases(b->deps, round, within(r, s));
                    const procedure::Procedure& procedure = procedure_of(b->deps, round);
                    const std::string role = accounts::to_string(s.user.role);
                    json out = {{"cases", json::array()}, {"villages", json::array()}, {"today", web.options.env.today.iso()}};
                    for (const auto& c : cases) out["cases"].push_back(case_row_json(procedure, c, role, false));
                    for (const auto& v : village_board(cases, web.options.env.today))
                        out["villages"].push_back({{"unit_code", v.unit_code}, {"village", v.village},
                                                   {"households", v.households}, {"by_state", v.by_state},
                                                   {"complaints_open", v.complaints_open}, {"posted_now", v.posted_now}});
                    return json_response(200, out);
                },
                kNeverHeavy, true});
    router.add({"GET", "/api/v1/rounds/{id}/procedure/{household}", C::read_registry,
                "Quy trình rà soát của một hộ: bước hiện tại, lịch sử, bước tiếp theo",
                [&web, borrow, within](Request& r) {
                    const Session s = web.session_of(r);
                    const auto b = borrow();
                    const std::int64_t round = id_of(r, "id", "kỳ rà soát");
                    const auto c = household_case(b->deps, round, r.param("household"), within(r, s));
                    return json_response(200, case_row_json(procedure_of(b->deps, round), c, accounts::to_string(s.user.role), true));
                },
                kNeverHeavy, true});
    router.add({"POST", "/api/v1/rounds/{id}/procedure", C::take_procedure_step,
                "Thực hiện một bước của quy trình cho một hoặc nhiều hộ (tất cả hoặc không hộ nào)",
                [&web, borrow, within, actor](Request& r) {
                    const Session s = web.session_of(r);
                    const json body = parse_body(r);
                    StepRequest request;
                    request.round_id = id_of(r, "id", "kỳ rà soát");
                    request.event = procedure::event_from_json(body);
                    request.event.role = accounts::to_string(s.user.role);
                    if (!body.contains("households") || !body.at("households").is_array())
                        throw_invalid_input("cần danh sách mã hộ (households)", "households");
                    for (const auto& h : body.at("households")) request.households.push_back(h.get<std::string>());
                    const auto b = borrow();
                    json out = json::array();
                    const procedure::Procedure& procedure = procedure_of(b->deps, request.round_id);
                    for (const auto& c : take_step(b->deps, request, within(r, s), actor(s, r)))
                        out.push_back(case_row_json(procedure, c, request.event.role, false));
                    return json_response(200, out);
                },
                kNeverHeavy, true});
    router.add({"GET", "/api/v1/procedure/survey-form", C::read_registry,
                "Phiếu khảo sát (phiếu A, phiếu B) và các chỉ số B2 theo chuẩn nghèo của kỳ rà soát (?round=)",
                [borrow, forms](Request& r) {
                    const auto b = borrow();
                    std::int64_t round = 0;
                    try {
                        round = std::stoll(r.query_value("round"));
                    } catch (const std::exception&) {
                        throw_invalid_input("cần mã kỳ rà soát (round)", "round");
                    }
                    return json_response(200, survey_form_json(*forms, survey_indicators(b->deps, round)));
                },
                kNeverHeavy, false});
    router.add({"POST", "/api/v1/rounds/{id}/procedure/{household}/survey", C::take_procedure_step,
                "Nhập phiếu khảo sát của một hộ (phiếu A; nếu không có đặc điểm nào thì phiếu B1, B2) và phân loại hộ",
                [&web, borrow, within, actor, forms, households_written](Request& r) {
                    const Session s = web.session_of(r);
                    SurveyInput in = survey_input(parse_body(r));
                    in.round_id = id_of(r, "id", "kỳ rà soát");
                    in.household_id = r.param("household");
                    in.role = accounts::to_string(s.user.role);
                    const auto b = borrow();
                    const SurveyOutcome outcome = record_survey(b->deps, *forms, in, within(r, s), actor(s, r));
                    if (!outcome.by_phieu_a) households_written(*b->registry, {in.household_id});
                    return json_response(200, survey_outcome_json(procedure_of(b->deps, in.round_id), outcome, in.role));
                },
                kNeverHeavy, true});
    // A household's certificate as the document to sign: DOCX, or rendered to PDF by LibreOffice.
    const auto certificate = [&web, borrow, within](bool pdf) {
        return [&web, borrow, within, pdf](Request& r) {
            const Session s = web.session_of(r);
            const auto b = borrow();
            const std::int64_t round = id_of(r, "id", "kỳ rà soát");
            const CertificateData data = certificate_data(b->deps, round, r.param("household"), within(r, s));
            const std::string docx =
                certificate_docx(data, certificate_issuer(data, web.units, procedure_of(b->deps, round),
                                                          round_standard_basis(b->deps, round)));
            const std::string name = "giay-chung-nhan-" + r.param("household");
            if (!pdf) return attachment(docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", name + ".docx");
            const auto dir = web.work.scratch();
            return attachment(io::docx_to_pdf(docx, dir.path.string()), "application/pdf", name + ".pdf");
        };
    };
    // Every certificate of the unit's households in one file, one to a page, to print at once.
    const auto all_certificates = [&web, borrow, within](bool pdf) {
        return [&web, borrow, within, pdf](Request& r) {
            const Session s = web.session_of(r);
            const auto b = borrow();
            const std::int64_t round = id_of(r, "id", "kỳ rà soát");
            const std::string basis = round_standard_basis(b->deps, round);
            std::vector<std::pair<CertificateData, CertificateIssuer>> certificates;
            for (auto& data : certificates_data(b->deps, round, within(r, s))) {
                CertificateIssuer issuer = certificate_issuer(data, web.units, procedure_of(b->deps, round), basis);
                certificates.emplace_back(std::move(data), std::move(issuer));
            }
            const std::string docx = certificates_docx(certificates);
            const std::string name = "giay-chung-nhan-ky-" + std::to_string(round);
            if (!pdf) return attachment(docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", name + ".docx");
            const auto dir = web.work.scratch();
            return attachment(io::docx_to_pdf(docx, dir.path.string()), "application/pdf", name + ".pdf");
        };
    };
    // The papers of the procedure (list, survey forms, minutes, notice, decision) as DOCX, or PDF by LibreOffice.
    router.add({"GET", "/api/v1/rounds/{id}/procedure-documents/{file}", C::read_registry,
                "Văn bản của quy trình rà soát: review-list (danh sách hộ cần rà soát), survey-forms (phiếu A, B điền "
                "sẵn cho hộ chờ khảo sát), meeting-minutes (biên bản họp thôn), posting-notice (thông báo niêm yết), recognition-decision (quyết định công nhận kèm danh sách); "
                ".docx hoặc .pdf; ?village= một thôn, ?decision= số quyết định",
                [&web, borrow, within](Request& r) {
                    const Session s = web.session_of(r);
                    const std::string file = r.param("file");
                    const auto dot = file.rfind('.');
                    const std::string extension = dot == std::string::npos ? "" : file.substr(dot + 1);
                    if (extension != "docx" && extension != "pdf")
                        throw_invalid_input("tệp phải có đuôi .docx hoặc .pdf", "file");
                    const DocumentRequest request{id_of(r, "id", "kỳ rà soát"), procedure_document_from_key(file.substr(0, dot)),
                                                  r.query_value("village"), r.query_value("decision")};
                    const auto b = borrow();
                    const std::string docx = procedure_document(b->deps, request, within(r, s), web.units);
                    const std::string name = procedure_document_file_name(request.document, request.round_id);
                    if (extension == "docx")
                        return attachment(docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                          name + ".docx");
                    const auto dir = web.work.scratch();
                    return attachment(io::docx_to_pdf(docx, dir.path.string()), "application/pdf", name + ".pdf");
                },
                kAlwaysHeavy, true});
    router.add({"GET", "/api/v1/rounds/{id}/certificates.docx", C::read_registry,
                "Mọi giấy chứng nhận đã cấp của đơn vị trong kỳ, mỗi giấy một trang (DOCX)", all_certificates(false),
                kAlwaysHeavy, true});
    router.add({"GET", "/api/v1/rounds/{id}/certificates.pdf", C::read_registry,
                "Mọi giấy chứng nhận đã cấp của đơn vị trong kỳ, mỗi giấy một trang (PDF)", all_certificates(true),
                kAlwaysHeavy, true});
    router.add({"GET", "/api/v1/rounds/{id}/procedure/{household}/certificate.docx", C::read_registry,
                "Giấy chứng nhận hộ nghèo, hộ cận nghèo (DOCX, theo Nghị định 30/2020)", certificate(false), kNeverHeavy, true});
    router.add({"GET", "/api/v1/rounds/{id}/procedure/{household}/certificate.pdf", C::read_registry,
                "Giấy chứng nhận hộ nghèo, hộ cận nghèo (PDF)", certificate(true), kAlwaysHeavy, true});
    router.add({"GET", "/api/v1/public/certificates/{code}", C::public_access,
                "Xác minh giấy chứng nhận theo mã: còn hiệu lực không, hộ nghèo hay cận nghèo, năm, xã (không có thông tin cá nhân)",
                [&web, borrow](Request& r) {
                    const auto b = borrow();
                    const auto check = check_certificate(b->deps, r.param("code"));
                    if (!check) return json_response(200, {{"code", r.param("code")}, {"found", false}, {"valid", false}});
                    return json_response(200, {{"code", r.param("code")},
                                                {"found", true},
                                                {"valid", check->valid},
                                                {"class", check->household_class},
                                                {"year", check->year},
                                                {"unit_code", issuing_commune(web.units, check->unit_code, check->current_unit_code)},
                                                {"unit_name", web.unit_name(issuing_commune(web.units, check->unit_code,
                                                                                            check->current_unit_code))},
                                                {"number", check->number},
                                                {"issued_on", check->issued_on ? json(check->issued_on->iso()) : json(nullptr)},
                                                {"decision_number", check->decision_number},
                                                {"decision_date", check->decision_date ? json(check->decision_date->iso()) : json(nullptr)},
                                                {"ended_on", check->ended_on ? json(check->ended_on->iso()) : json(nullptr)}});
                },
                kNeverHeavy, false});
    router.add({"GET", "/api/v1/requests", C::read_registry,
                "Đơn đề nghị của hộ (Mẫu số 01, 04): hạn giải quyết, quá hạn",
                [&web, borrow](Request& r) {
                    const Session s = web.session_of(r);
                    const std::string unit = web.unit_param(r, s);
                    const auto b = borrow();
                    json out = json::array();
                    for (const auto& v : request_list(b->deps, [&](const std::string& code) {
                             return web.scope.household_within({code, ""}, unit);
                         }))
                        out.push_back(request_json(v));
                    return json_response(200, out);
                },
                kNeverHeavy, true});
    router.add({"POST", "/api/v1/requests", C::take_procedure_step, "Nhận đơn đề nghị của hộ (hạn giải quyết theo quy trình)",
                [&web, borrow, actor](Request& r) {
                    const Session s = web.session_of(r);
                    const json body = parse_body(r);
                    NewRequest request{body.value("household_id", std::string()), body.value("unit_code", std::string()),
                                       body.value("form", std::string()), body.value("applicant", std::string()),
                                       body.value("note", std::string()), date_param(body, "received")};
                    if (request.unit_code.empty() || !web.units.contains(request.unit_code))
                        throw_invalid_input("cần mã xã của hộ (unit_code)", "unit_code");
                    web.require_unit(s, request.unit_code);
                    const auto b = borrow();
                    return json_response(201, request_json(receive_request(b->deps, request, actor(s, r))));
                },
                kNeverHeavy, true});
    router.add({"POST", "/api/v1/requests/{id}/case", C::take_procedure_step,
                "Mở hồ sơ rà soát thường xuyên cho đơn: một kỳ rà soát thường xuyên của riêng hộ, hộ được đưa vào danh sách",
                [&web, borrow, actor](Request& r) {
                    const Session s = web.session_of(r);
                    const std::int64_t id = id_of(r, "id", "đơn");
                    const auto b = borrow();
                    web.require_unit(s, request_view(b->deps, id).request.unit_code);
                    open_request_case(b->deps, id, accounts::to_string(s.user.role), actor(s, r));
                    return json_response(201, request_json(request_view(b->deps, id)));
                },
                kNeverHeavy, true});
    router.add({"POST", "/api/v1/requests/{id}/decision", C::take_procedure_step,
                "Giải quyết đơn đề nghị: công nhận hoặc không công nhận (nêu lý do)",
                [&web, borrow, actor](Request& r) {
                    const Session s = web.session_of(r);
                    const json body = parse_body(r);
                    const std::int64_t id = id_of(r, "id", "đơn");
                    const auto b = borrow();
                    web.require_unit(s, request_view(b->deps, id).request.unit_code);
                    decide_request(b->deps, id, date_param(body, "date"), body.value("decision", std::string()),
                                   body.value("reason", std::string()), actor(s, r));
                    return json_response(200, json{{"id", id}, {"decision", body.value("decision", std::string())}});
                },
                kNeverHeavy, true});
}

}  // namespace giamngheo::app
