#include "modules/procedure/documents/survey_form_docx.hpp"

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

constexpr const char* kBox = "\u2610";  // ☐, to tick by hand

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
    const auto& t = in.forms;
    const Household& household = h.household;
    std::string body = left(docx::run(capitalised(in.issuer.province_name), {.size = docx::kSmallSize}));
    body += left(docx::run(capitalised(in.issuer.commune_name) + " – thôn " + h.village, {.size = docx::kSmallSize}));
    body += centred(t.phieu_a.title_vi);
    body += centred("Rà soát hộ nghèo, hộ cận nghèo năm " + std::to_string(in.year), false, true);
    body += field("Họ và tên chủ hộ: ", head_name(household));
    body += field("Mã hộ: ", household.household_id);
    body += field("Số nhân khẩu: ", format_integer_vi(static_cast<long long>(household.members.size())));
    body += left(docx::run("I. Thành viên của hộ (theo sổ hộ; sửa, bổ sung nếu có thay đổi)", {.bold = true}));
    body += household_members_table(household);
    body += left(docx::run("II. Nhận dạng nhanh", {.bold = true}));
    body += docx::text_paragraph(t.phieu_a.instruction_vi, {.italic = true});
    for (const auto& sign : t.signs) body += left(docx::run(std::string(kBox) + "  " + sign.label_vi));
    body += docx::page_break();

    body += centred(t.phieu_b_title_vi);
    body += centred("Hộ: " + head_name(household) + " – mã hộ " + household.household_id, false, true);
    body += left(docx::run(t.b1.title_vi, {.bold = true}));
    body += docx::text_paragraph(t.b1.instruction_vi, {.italic = true});
    const std::string income = household.income_per_capita ? format_integer_vi(*household.income_per_capita) + " đồng" : "chưa có";
    const std::string score = household.score_a ? format_decimal_vi(*household.score_a, 1) : "chưa có";
    body += left(docx::run("Thu nhập bình quân đầu người/tháng: ........................ đồng (sổ hộ ghi: " + income + ")"));
    body += left(docx::run("Điểm A: ................ (sổ hộ ghi: " + score + ")"));
    body += left(docx::run(t.b2.title_vi, {.bold = true}));
    body += docx::text_paragraph(t.b2.instruction_vi, {.italic = true});
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
    body += paper::signatures("CHỦ HỘ", "RÀ SOÁT VIÊN");
    body += docx::paragraph(docx::run("Căn cứ: " + t.legal_source_vi, {.italic = true, .size = docx::kRecipientSize}),
                            docx::Align::left, false);
    return body;
}

}  // namespace

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
