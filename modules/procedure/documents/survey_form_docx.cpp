#include "modules/procedure/documents/survey_form_docx.hpp"

#include <nlohmann/json.hpp>

#include "kernel/errors.hpp"
#include "kernel/format_vi.hpp"
#include "kernel/labels_vi.hpp"
#include "platform/official_docx.hpp"

namespace giamngheo::app {
namespace {

namespace docx = io::docx;
using nlohmann::json;

constexpr const char* kBox = "\u2610";  // ☐, to tick by hand

std::string cell(const std::string& text, docx::Align align = docx::Align::left, bool bold = false) {
    return docx::paragraph(docx::run(text, {.bold = bold, .size = docx::kSmallSize}), align, false, 0);
}

std::string centred(const std::string& text, bool bold = true, bool italic = false) {
    return docx::paragraph(docx::run(text, {.bold = bold, .italic = italic}), docx::Align::center, false, 0);
}

std::string left(const std::string& runs) { return docx::paragraph(runs, docx::Align::left, false, 0); }

std::string field(const std::string& label, const std::string& value) {
    return left(docx::run(label) + docx::run(value.empty() ? "......................................" : value, {.bold = true}));
}

// "tỉnh Thanh Hóa" → "Tỉnh Thanh Hóa": a unit named at the head of a line (unit types begin with
// an ASCII letter).
std::string capitalised(std::string name) {
    if (!name.empty() && name[0] >= 'a' && name[0] <= 'z') name[0] = static_cast<char>(name[0] - 'a' + 'A');
    return name;
}

std::string on_record(char value) {
    switch (value) {
        case '1': return "Thiếu hụt";
        case '0': return "Không thiếu hụt";
        default: return "Chưa rõ";
    }
}

std::string one_household(const SurveyFormInput& in, const SurveyFormHousehold& h) {
    const auto& t = in.text;
    const Household& household = h.household;
    std::string body = left(docx::run(capitalised(in.issuer.province_name), {.size = docx::kSmallSize}));
    body += left(docx::run(capitalised(in.issuer.commune_name) + " – thôn " + h.village, {.size = docx::kSmallSize}));
    body += centred(t.phieu_a_title);
    body += centred("Rà soát hộ nghèo, hộ cận nghèo năm " + std::to_string(in.year), false, true);
    body += field("Họ và tên chủ hộ: ", head_name(household));
    body += field("Mã hộ: ", household.household_id);
    body += field("Số nhân khẩu: ", format_integer_vi(static_cast<long long>(household.members.size())));
    body += left(docx::run("I. Thành viên của hộ (theo sổ hộ; sửa, bổ sung nếu có thay đổi)", {.bold = true}));
    body += household_members_table(household);
    body += left(docx::run("II. Nhận dạng nhanh", {.bold = true}));
    body += docx::text_paragraph(t.phieu_a_instruction, {.italic = true});
    for (const auto& sign : t.phieu_a_signs) body += left(docx::run(std::string(kBox) + "  " + sign));
    body += docx::page_break();

    body += centred(t.phieu_b_title);
    body += centred("Hộ: " + head_name(household) + " – mã hộ " + household.household_id, false, true);
    body += left(docx::run(t.b1_title, {.bold = true}));
    body += docx::text_paragraph(t.b1_instruction, {.italic = true});
    const std::string income = household.income_per_capita ? format_integer_vi(*household.income_per_capita) + " đồng" : "chưa có";
    const std::string score = household.score_a ? format_decimal_vi(*household.score_a, 1) : "chưa có";
    body += left(docx::run("Thu nhập bình quân đầu người/tháng: ........................ đồng (sổ hộ ghi: " + income + ")"));
    body += left(docx::run("Điểm A: ................ (sổ hộ ghi: " + score + ")"));
    body += left(docx::run(t.b2_title, {.bold = true}));
    body += docx::text_paragraph(t.b2_instruction, {.italic = true});
    const std::vector<int> widths = {600, 3700, 1900, 1300, 1571};
    std::vector<std::vector<std::string>> table = {{cell("TT", docx::Align::center, true), cell("Chỉ số", docx::Align::center, true),
                                                    cell("Kỳ rà soát này tính được", docx::Align::center, true),
                                                    cell("Thiếu hụt", docx::Align::center, true),
                                                    cell("Không thiếu hụt", docx::Align::center, true)}};
    int n = 0;
    for (const auto& indicator : h.indicators)
        table.push_back({cell(std::to_string(++n), docx::Align::center), cell(indicator.name),
                         cell(on_record(indicator.on_record), docx::Align::center), cell(kBox, docx::Align::center),
                         cell(kBox, docx::Align::center)});
    body += docx::table(widths, table, true);
    body += docx::paragraph(docx::run("Ngày khảo sát: ......./......./" + std::to_string(in.year), {.italic = true}),
                            docx::Align::right, false);
    body += docx::table({docx::kTextWidth / 2, docx::kTextWidth - docx::kTextWidth / 2},
                        {{centred("CHỦ HỘ") + centred("(Ký, ghi rõ họ tên)", false, true),
                          centred("RÀ SOÁT VIÊN") + centred("(Ký, ghi rõ họ tên)", false, true)}},
                        false);
    body += docx::paragraph(docx::run("Căn cứ: " + t.legal_source_vi, {.italic = true, .size = docx::kRecipientSize}),
                            docx::Align::left, false);
    return body;
}

std::string text_at(const json& document, const std::string& file, std::initializer_list<const char*> path) {
    const json* at = &document;
    std::string where;
    for (const char* key : path) {
        where += (where.empty() ? "" : ".") + std::string(key);
        if (!at->is_object() || !at->contains(key)) throw_invalid_input(file + ": thiếu \"" + where + "\"", "survey_forms");
        at = &(*at)[key];
    }
    if (!at->is_string()) throw_invalid_input(file + ": \"" + where + "\" phải là chữ", "survey_forms");
    return at->get<std::string>();
}

}  // namespace

SurveyFormText survey_form_text_from_json(const std::string& text, const std::string& file) {
    const json document = json::parse(text, nullptr, false);
    if (document.is_discarded()) throw_invalid_input(file + ": không phải JSON hợp lệ", "survey_forms");
    SurveyFormText t;
    t.legal_source_vi = text_at(document, file, {"legal_source_vi"});
    t.phieu_a_title = text_at(document, file, {"phieu_a", "title_vi"});
    t.phieu_a_instruction = text_at(document, file, {"phieu_a", "instruction_vi"});
    const json& signs = document["phieu_a"].value("signs", json::array());
    for (std::size_t i = 0; i < signs.size(); ++i)
        t.phieu_a_signs.push_back(text_at(signs[i], file + " phieu_a.signs[" + std::to_string(i) + "]", {"label_vi"}));
    if (t.phieu_a_signs.empty()) throw_invalid_input(file + ": phieu_a.signs trống", "survey_forms");
    t.phieu_b_title = text_at(document, file, {"phieu_b", "title_vi"});
    t.b1_title = text_at(document, file, {"phieu_b", "b1", "title_vi"});
    t.b1_instruction = text_at(document, file, {"phieu_b", "b1", "instruction_vi"});
    t.b2_title = text_at(document, file, {"phieu_b", "b2", "title_vi"});
    t.b2_instruction = text_at(document, file, {"phieu_b", "b2", "instruction_vi"});
    return t;
}

std::string survey_forms_docx(const SurveyFormInput& input) {
    if (input.households.empty())
        throw Error(ErrorKind::conflict, "nothing_to_print", "không có hộ nào đang chờ khảo sát");
    std::string body;
    for (const auto& h : input.households) {
        if (!body.empty()) body += docx::page_break();
        body += one_household(input, h);
    }
    return docx::docx_package(body);
}

}  // namespace giamngheo::app
