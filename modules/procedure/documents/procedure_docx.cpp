#include "modules/procedure/documents/procedure_docx.hpp"

#include <algorithm>
#include <functional>
#include <map>

#include "kernel/errors.hpp"
#include "kernel/format_vi.hpp"
#include "kernel/labels_vi.hpp"
#include "modules/procedure/documents/paper_parts.hpp"
#include "platform/official_docx.hpp"

namespace giamngheo::app {
namespace {

namespace docx = io::docx;
using paper::cell;
using paper::centred;
using procedure::Event;
using procedure::StepKind;

struct Kind {
    ProcedureDocument document;
    const char* key;
    const char* file;
};
constexpr Kind kKinds[] = {
    {ProcedureDocument::review_list, "review-list", "danh-sach-ho-ra-soat"},
    {ProcedureDocument::survey_forms, "survey-forms", "phieu-khao-sat"},
    {ProcedureDocument::meeting_minutes, "meeting-minutes", "bien-ban-hop-thon"},
    {ProcedureDocument::posting_notice, "posting-notice", "thong-bao-niem-yet"},
    {ProcedureDocument::recognition_decision, "recognition-decision", "quyet-dinh-cong-nhan"},
};

[[noreturn]] void nothing_to_print(const std::string& what) {
    throw Error(ErrorKind::conflict, "nothing_to_print", what);
}

std::vector<std::string> header_row(const std::vector<std::string>& titles) {
    std::vector<std::string> row;
    for (const auto& t : titles) row.push_back(cell(t, docx::Align::center, true));
    return row;
}

std::string class_label(const std::string& code) { return code.empty() ? "" : label_vi("household_class", code); }

// Households grouped by village, in the order they came (by village then id).
std::vector<std::pair<std::string, std::vector<const DocumentHousehold*>>> by_village(
    const std::vector<DocumentHousehold>& households, const std::function<bool(const DocumentHousehold&)>& keep) {
    std::vector<std::pair<std::string, std::vector<const DocumentHousehold*>>> out;
    for (const auto& h : households) {
        if (!keep(h)) continue;
        if (out.empty() || out.back().first != h.row.result.village) out.push_back({h.row.result.village, {}});
        out.back().second.push_back(&h);
    }
    return out;
}

bool is_kind(const procedure::Procedure& p, const Event& e, StepKind kind) { return p.step(e.step).kind == kind; }

// The last event of `kind` in a household's history, or nullptr.
const Event* last_of(const procedure::Procedure& p, const DocumentHousehold& h, StepKind kind) {
    const auto& history = h.row.now.history;
    for (auto it = history.rbegin(); it != history.rend(); ++it)
        if (is_kind(p, *it, kind)) return &*it;
    return nullptr;
}

std::string village_heading(const std::string& village) {
    return docx::paragraph(docx::run("Thôn: ", {.bold = true}) + docx::run(village.empty() ? "(chưa ghi thôn)" : village),
                           docx::Align::left, false);
}

std::string review_list(const ProcedureDocumentInput& in) {
    const auto& p = *in.procedure;
    const auto villages = by_village(in.households, [](const DocumentHousehold& h) { return !h.row.now.state.empty(); });
    if (villages.empty()) nothing_to_print("chưa có hộ nào được đưa vào danh sách rà soát");
    std::map<std::string, std::string> reasons;
    for (const auto& r : p.listing_reasons) reasons[r.key] = r.label_vi;
    std::string body = docx::heading({{"Ủy ban nhân dân", in.issuer.commune_name}, "", ""});
    body += centred("DANH SÁCH HỘ GIA ĐÌNH CẦN RÀ SOÁT NĂM " + std::to_string(in.year));
    const auto first = std::find_if(p.steps.begin(), p.steps.end(), [](const auto& s) { return s.from.empty(); });
    if (first != p.steps.end()) body += centred("(Căn cứ " + first->legal_source_vi + ")", false, true);
    const std::vector<int> widths = {600, 2600, 2100, 900, 2871};
    for (const auto& [village, rows] : villages) {
        body += village_heading(village);
        std::vector<std::vector<std::string>> table = {
            header_row({"TT", "Họ và tên chủ hộ", "Mã hộ", "Số nhân khẩu", "Lý do đưa vào danh sách"})};
        int n = 0;
        for (const auto* h : rows)
            table.push_back({cell(std::to_string(++n), docx::Align::center), cell(h->head_name),
                             cell(h->row.result.household_id, docx::Align::center),
                             cell(std::to_string(h->members), docx::Align::center), cell(reasons[h->row.now.listing_reason])});
        body += docx::table(widths, table, true);
        body += docx::text_paragraph("Tổng số: " + format_integer_vi(n) + " hộ.", {.italic = true});
    }
    body += docx::signature({{}, "NGƯỜI LẬP DANH SÁCH", "", ""});
    return body;
}

// The meetings a village held: by date, the households voted on and their votes.
std::map<Date, std::vector<std::pair<const DocumentHousehold*, const Event*>>> meetings_of(
    const procedure::Procedure& p, const std::vector<const DocumentHousehold*>& rows) {
    std::map<Date, std::vector<std::pair<const DocumentHousehold*, const Event*>>> out;
    for (const auto* h : rows)
        for (const auto& e : h->row.now.history)
            if (is_kind(p, e, StepKind::meeting) && e.vote) out[e.date].push_back({h, &e});
    return out;
}

std::string one_meeting(const ProcedureDocumentInput& in, const std::string& village, const Date& date,
                        const std::vector<std::pair<const DocumentHousehold*, const Event*>>& votes) {
    const auto& p = *in.procedure;
    int attendees = 0, agreed = 0;
    for (const auto& [h, e] : votes) attendees = std::max(attendees, e->vote->attendees);
    std::string body = docx::heading({{"Ủy ban nhân dân " + in.issuer.commune_name, "Thôn " + village}, "", ""});
    body += centred("BIÊN BẢN HỌP THÔN");
    body += centred("Thống nhất kết quả rà soát hộ nghèo, hộ cận nghèo năm " + std::to_string(in.year), true, false);
    body += docx::text_paragraph("Hôm nay, " + date_in_words(date) + ", tại thôn " + village + ", " + in.issuer.commune_name +
                                 ", " + in.issuer.province_name + ", thôn tổ chức họp dân để thống nhất kết quả rà soát hộ "
                                 "nghèo, hộ cận nghèo năm " + std::to_string(in.year) + ".");
    body += docx::text_paragraph("Số người tham dự: " + format_integer_vi(attendees) + " người (đại diện các hộ gia đình trong thôn).");
    body += docx::paragraph(docx::run("Chủ trì: ........................................................"), docx::Align::left);
    body += docx::paragraph(docx::run("Thư ký: ........................................................."), docx::Align::left);
    body += docx::text_paragraph("Cuộc họp đã nghe báo cáo kết quả khảo sát, chấm điểm và biểu quyết từng hộ như sau:");
    const std::vector<int> widths = {600, 2300, 1500, 850, 850, 1000, 900, 1071};
    std::vector<std::vector<std::string>> table = {
        header_row({"TT", "Họ và tên chủ hộ", "Kết quả phân loại", "Số người dự", "Đồng ý", "Không đồng ý", "Tỷ lệ đồng ý", "Kết luận"})};
    int n = 0;
    for (const auto& [h, e] : votes) {
        const auto& v = *e->vote;
        const bool agrees = procedure::meeting_agrees(p, v);
        agreed += agrees;
        table.push_back({cell(std::to_string(++n), docx::Align::center), cell(h->head_name),
                         cell(class_label(h->row.now.household_class.empty() ? h->row.result.household_class
                                                                             : h->row.now.household_class)),
                         cell(format_integer_vi(v.attendees), docx::Align::center),
                         cell(format_integer_vi(v.agree), docx::Align::center),
                         cell(format_integer_vi(v.disagree), docx::Align::center),
                         cell(format_decimal_vi(100.0 * v.agree / v.attendees, 1) + "%", docx::Align::center),
                         cell(agrees ? "Thống nhất" : "Rà soát lại", docx::Align::center)});
    }
    body += docx::table(widths, table, true);
    const int again = n - agreed;
    body += docx::text_paragraph("Kết luận: " + format_integer_vi(agreed) + " hộ được thống nhất" +
                                 (again ? "; " + format_integer_vi(again) + " hộ có dưới " +
                                              std::to_string(p.agreement_percent_min) +
                                              "% người dự đồng ý, phải khảo sát, rà soát lại"
                                        : "") +
                                 ". Căn cứ: " + p.meeting_legal_source_vi + ".");
    body += docx::text_paragraph("Biên bản kết thúc hồi ...... giờ cùng ngày, đã đọc lại cho mọi người cùng nghe và nhất trí.");
    body += paper::signatures("THƯ KÝ", "CHỦ TRÌ");
    return body;
}

std::string meeting_minutes(const ProcedureDocumentInput& in) {
    const auto villages = by_village(in.households, [](const DocumentHousehold&) { return true; });
    std::string body;
    for (const auto& [village, rows] : villages) {
        const auto meetings = meetings_of(*in.procedure, rows);
        if (meetings.empty()) continue;
        const auto& [date, votes] = *meetings.rbegin();  // the village's latest meeting
        if (!body.empty()) body += docx::page_break();
        body += one_meeting(in, village, date, votes);
    }
    if (body.empty()) nothing_to_print("chưa thôn nào họp thống nhất kết quả rà soát");
    return body;
}

std::string posting_notice(const ProcedureDocumentInput& in) {
    const auto& p = *in.procedure;
    const auto villages = by_village(in.households, [&p](const DocumentHousehold& h) {
        return last_of(p, h, StepKind::posting) != nullptr;
    });
    if (villages.empty()) nothing_to_print("chưa niêm yết kết quả rà soát ở thôn nào");
    std::string body;
    for (const auto& [village, rows] : villages) {
        const Event* posting = last_of(p, *rows.front(), StepKind::posting);
        const auto& until = rows.front()->row.now.posted_until;
        if (!body.empty()) body += docx::page_break();
        body += docx::heading({{"Ủy ban nhân dân", in.issuer.commune_name}, "Số:        /TB-UBND",
                               in.issuer.place + ", " + date_in_words(posting->date)});
        body += centred("THÔNG BÁO");
        body += centred("Niêm yết công khai kết quả rà soát hộ nghèo, hộ cận nghèo năm " + std::to_string(in.year) +
                        " tại thôn " + village);
        body += docx::text_paragraph("Ủy ban nhân dân " + in.issuer.commune_name + " thông báo kết quả rà soát hộ nghèo, "
                                     "hộ cận nghèo năm " + std::to_string(in.year) + " của thôn " + village +
                                     " đã được họp dân thống nhất, niêm yết tại " + posting->place + " từ " +
                                     date_in_words(posting->date) + (until ? " đến hết " + date_in_words(*until) : "") + ".");
        const std::vector<int> widths = {600, 2800, 2100, 1000, 2571};
        std::vector<std::vector<std::string>> table = {
            header_row({"TT", "Họ và tên chủ hộ", "Mã hộ", "Số nhân khẩu", "Kết quả rà soát"})};
        int n = 0;
        for (const auto* h : rows)
            table.push_back({cell(std::to_string(++n), docx::Align::center), cell(h->head_name),
                             cell(h->row.result.household_id, docx::Align::center),
                             cell(std::to_string(h->members), docx::Align::center), cell(class_label(h->row.now.household_class))});
        body += docx::table(widths, table, true);
        body += docx::text_paragraph("Trong thời gian niêm yết, hộ gia đình, cá nhân có ý kiến khác về kết quả rà soát gửi "
                                     "khiếu nại đến Ủy ban nhân dân " + in.issuer.commune_name + " để được phúc tra, giải "
                                     "quyết (" + p.step_of_kind(StepKind::posting)->legal_source_vi + ").");
        body += docx::signature({{"Thôn " + village + " (niêm yết)", "Lưu: VT."}, "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", ""});
    }
    return body;
}

std::string recognition_decision(const ProcedureDocumentInput& in) {
    std::string number = in.decision_number;
    std::optional<Date> date;
    for (const auto& h : in.households) {
        const auto& c = h.row.now;
        if (c.decision_number.empty() || !c.decision_date) continue;
        if (number.empty() ? (!date || *date < *c.decision_date) : c.decision_number == number) {
            if (in.decision_number.empty()) number = c.decision_number;
            date = c.decision_date;
        }
    }
    if (!date) nothing_to_print(in.decision_number.empty() ? "chưa có quyết định công nhận nào"
                                                          : "không có hộ nào trong quyết định số " + in.decision_number);
    // A household on last year's list that the review no longer finds poor or near-poor leaves the
    // list by the same decision; one listed on request or proposal that is neither is simply not recognised.
    std::map<std::string, std::vector<const DocumentHousehold*>> by_class;
    for (const auto& h : in.households) {
        if (h.row.now.decision_number != number || h.row.now.decision_date != date) continue;
        const std::string& c = h.row.now.household_class;
        if (c == "poor" || c == "near_poor") by_class[c].push_back(&h);
        else if (h.row.now.listing_reason == "previous_list") by_class["leaving"].push_back(&h);
    }
    const auto count = [&](const char* c) { return by_class.count(c) ? by_class.at(c).size() : std::size_t{0}; };
    const std::string year = std::to_string(in.year);
    const std::string area = in.issuer.commune_name;
    std::string body = docx::heading({{"Ủy ban nhân dân", area}, "Số: " + number, in.issuer.place + ", " + date_in_words(*date)});
    body += centred("QUYẾT ĐỊNH");
    body += centred("Về việc công nhận hộ nghèo, hộ cận nghèo năm " + year + " trên địa bàn " + area);
    body += centred(upper_vi("Chủ tịch Ủy ban nhân dân " + area));
    body += docx::text_paragraph("Căn cứ Luật Tổ chức chính quyền địa phương;", {.italic = true});
    body += docx::text_paragraph("Căn cứ " + in.issuer.standard_basis + ";", {.italic = true});
    body += docx::text_paragraph("Căn cứ " + in.procedure->legal_source_vi + ";", {.italic = true});
    body += docx::text_paragraph("Xét kết quả rà soát, họp dân và niêm yết công khai tại các thôn,", {.italic = true});
    body += centred("QUYẾT ĐỊNH:");
    body += docx::text_paragraph("Điều 1. Công nhận " + format_integer_vi(static_cast<long>(count("poor"))) + " hộ nghèo, " +
                                 format_integer_vi(static_cast<long>(count("near_poor"))) + " hộ cận nghèo năm " + year +
                                 " trên địa bàn " + area +
                                 (count("leaving") ? "; công nhận " + format_integer_vi(static_cast<long>(count("leaving"))) +
                                                         " hộ thoát nghèo, thoát cận nghèo"
                                                   : "") +
                                 " (có danh sách kèm theo).");
    body += docx::text_paragraph("Điều 2. Quyết định này có hiệu lực kể từ ngày ký. Các hộ nghèo, hộ cận nghèo có tên tại "
                                 "Điều 1 được cấp giấy chứng nhận và hưởng các chính sách theo quy định.");
    body += docx::text_paragraph("Điều 3. Văn phòng Ủy ban nhân dân, công chức phụ trách lao động – thương binh và xã hội, "
                                 "trưởng các thôn và các hộ gia đình có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.");
    body += docx::signature({{"Như Điều 3;", "Lưu: VT."}, "CHỦ TỊCH", "", ""});
    body += docx::page_break();
    body += centred("DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO" + std::string(count("leaving") ? ", HỘ THOÁT NGHÈO, THOÁT CẬN NGHÈO" : "") +
                    " NĂM " + year);
    body += centred("(Kèm theo Quyết định số " + number + " " + date_in_words(*date) + ")", false, true);
    const std::vector<int> widths = {600, 2700, 2100, 1500, 900, 1271};
    const std::pair<const char*, const char*> sections[] = {
        {"poor", "HỘ NGHÈO"}, {"near_poor", "HỘ CẬN NGHÈO"}, {"leaving", "HỘ THOÁT NGHÈO, THOÁT CẬN NGHÈO"}};
    const char* numerals[] = {"I. ", "II. ", "III. "};
    int section = 0;
    std::vector<std::vector<std::string>> table = {header_row({"TT", "Họ và tên chủ hộ", "Mã hộ", "Thôn", "Số nhân khẩu", "Ghi chú"})};
    for (const auto& [code, title] : sections) {
        if (!count(code)) continue;
        table.push_back({cell(""), cell(numerals[section++] + std::string(title), docx::Align::left, true), cell(""), cell(""),
                         cell(format_integer_vi(static_cast<long>(count(code))) + " hộ", docx::Align::center, true), cell("")});
        int n = 0;
        for (const auto* h : by_class.at(code))
            table.push_back({cell(std::to_string(++n), docx::Align::center), cell(h->head_name),
                             cell(h->row.result.household_id, docx::Align::center), cell(h->row.result.village),
                             cell(std::to_string(h->members), docx::Align::center), cell("")});
    }
    body += docx::table(widths, table, true);
    return body;
}

}  // namespace

ProcedureDocument procedure_document_from_key(const std::string& key) {
    std::string known;
    for (const auto& k : kKinds) {
        if (key == k.key) return k.document;
        known += (known.empty() ? "" : ", ") + std::string(k.key);
    }
    throw_invalid_input("không có loại văn bản \"" + key + "\"; các loại: " + known, "document");
}

std::string procedure_document_file_name(ProcedureDocument document, std::int64_t round_id) {
    for (const auto& k : kKinds)
        if (k.document == document) return std::string(k.file) + "-ky-" + std::to_string(round_id);
    return "van-ban-ky-" + std::to_string(round_id);
}

std::string procedure_document_docx(const ProcedureDocumentInput& input) {
    switch (input.document) {
        case ProcedureDocument::review_list: return docx::docx_package(review_list(input));
        case ProcedureDocument::meeting_minutes: return docx::docx_package(meeting_minutes(input));
        case ProcedureDocument::posting_notice: return docx::docx_package(posting_notice(input));
        case ProcedureDocument::recognition_decision: return docx::docx_package(recognition_decision(input));
        case ProcedureDocument::survey_forms: throw_fault("procedure_document_docx: survey forms come from survey_forms_docx");
    }
    return {};
}

}  // namespace giamngheo::app
