#include "modules/procedure/documents/certificate_docx.hpp"

#include "kernel/errors.hpp"
#include "kernel/format_vi.hpp"
#include "kernel/labels_vi.hpp"
#include "modules/procedure/documents/paper_parts.hpp"
#include "platform/official_docx.hpp"

namespace giamngheo::app {
namespace {

namespace docx = io::docx;
using paper::cell;

std::string line(const std::string& label, const std::string& value) {
    return docx::paragraph(docx::run(label) + docx::run(value, {.bold = true}), docx::Align::left, false);
}

}  // namespace

std::string household_members_table(const Household& h) {
    const std::vector<int> widths = {600, 2900, 1200, 1700, 900, 900, 871};
    std::vector<std::vector<std::string>> rows = {{cell("TT", docx::Align::center, true), cell("Họ và tên", docx::Align::center, true),
                                                   cell("Dân tộc", docx::Align::center, true),
                                                   cell("Quan hệ với chủ hộ", docx::Align::center, true),
                                                   cell("Năm sinh (Nam)", docx::Align::center, true),
                                                   cell("Năm sinh (Nữ)", docx::Align::center, true),
                                                   cell("Ghi chú", docx::Align::center, true)}};
    int n = 0;
    for (const auto& m : h.members) {
        const std::string year = std::to_string(m.birth_date.year);
        rows.push_back({cell(std::to_string(++n), docx::Align::center), cell(m.full_name), cell(m.ethnicity),
                        cell(m.relation.empty() ? "" : label_vi("relation", m.relation)),
                        cell(m.sex == Sex::male ? year : "", docx::Align::center),
                        cell(m.sex == Sex::female ? year : "", docx::Align::center), cell("")});
    }
    return docx::table(widths, rows, true);
}

const Member* head_member(const Household& h) {
    for (const auto& m : h.members)
        if (m.relation == "head") return &m;
    return h.members.empty() ? nullptr : &h.members.front();
}

std::string head_name(const Household& h) {
    if (!h.head_name.empty()) return h.head_name;
    const Member* head = head_member(h);
    return head ? head->full_name : std::string();
}

std::string unit_in_sentence(const UnitVersion& unit) {
    std::string type = unit.type;
    if (!type.empty() && type[0] >= 'A' && type[0] <= 'Z') type[0] = static_cast<char>(type[0] - 'A' + 'a');
    return type.empty() ? unit.name : type + " " + unit.name;
}

std::string issuing_commune(const UnitCatalogue& units, const std::string& unit_code, const std::string& current_unit_code) {
    if (!current_unit_code.empty()) return current_unit_code;
    if (units.find(unit_code, UnitMap::map2025)) return unit_code;
    const Placement placed = units.place(unit_code, UnitMap::map2024, current_unit_code, UnitMap::map2025);
    return placed.commune.empty() ? unit_code : placed.commune;
}

std::string date_in_words(const Date& d) {
    return "ngày " + std::string(d.day < 10 ? "0" : "") + std::to_string(d.day) + " tháng " +
           std::string(d.month < 10 ? "0" : "") + std::to_string(d.month) + " năm " + std::to_string(d.year);
}

CertificateIssuer certificate_issuer(const CertificateData& c, const UnitCatalogue& units, const procedure::Procedure& procedure,
                                     const std::string& standard_basis) {
    const Date issued = c.row.now.certified_on.value_or(Date{c.year, 12, 31});
    return commune_issuer(c.row.result, units, procedure, c.row.now.decision_date.value_or(issued), standard_basis);
}

CertificateIssuer commune_issuer(const store::ResultRow& result, const UnitCatalogue& units,
                                 const procedure::Procedure& procedure, const Date& date, const std::string& standard_basis) {
    const std::string code = issuing_commune(units, result.unit_code, result.current_unit_code);
    const UnitVersion* commune = units.find(code, UnitMap::map2025);
    if (!commune) commune = units.find(code, UnitMap::map2024);
    const UnitMap map = commune && units.find(commune->code, UnitMap::map2025) ? UnitMap::map2025 : UnitMap::map2024;
    const auto province_code = commune ? units.ancestor(commune->code, map, UnitLevel::province) : std::nullopt;
    const UnitVersion* province = province_code ? units.find(*province_code, map) : nullptr;
    CertificateIssuer out;
    out.commune_name = commune ? unit_in_sentence(*commune) : code;
    out.province_name = province ? unit_in_sentence(*province) : "";
    out.place = commune ? commune->name : code;
    out.standard_basis = standard_basis;
    out.recognised_by = procedure.recognising(date).by_vi;
    out.verify_hint = "trang Xác minh giấy chứng nhận của hệ thống giảm nghèo (/xac-minh)";
    return out;
}

std::string certificate_docx(const CertificateData& c, const CertificateIssuer& issuer) {
    return docx::docx_package(certificate_body(c, issuer));
}

std::string certificates_docx(const std::vector<std::pair<CertificateData, CertificateIssuer>>& certificates) {
    if (certificates.empty()) throw Error(ErrorKind::conflict, "no_certificate", "chưa có giấy chứng nhận nào được cấp");
    std::string body;
    for (const auto& [data, issuer] : certificates) {
        if (!body.empty()) body += docx::page_break();
        body += certificate_body(data, issuer);
    }
    return docx::docx_package(body);
}

std::string certificate_body(const CertificateData& c, const CertificateIssuer& issuer) {
    const auto& now = c.row.now;
    if (now.household_class != "poor" && now.household_class != "near_poor")
        throw_invalid_input("chỉ hộ nghèo, hộ cận nghèo có giấy chứng nhận");
    const std::string kind = now.household_class == "poor" ? "hộ nghèo" : "hộ cận nghèo";
    const Date issued = now.certified_on.value_or(Date{c.year, 12, 31});
    std::string body = docx::heading({{"Ủy ban nhân dân", issuer.commune_name}, "Số: " + now.certificate_number,
                                      issuer.place + ", " + date_in_words(issued)});
    body += docx::paragraph(docx::run("GIẤY CHỨNG NHẬN " + upper_vi(kind), {.bold = true}), docx::Align::center, false, 0);
    body += docx::paragraph(docx::run("Năm " + std::to_string(c.year), {.bold = true}), docx::Align::center, false);
    body += docx::text_paragraph("Căn cứ " + issuer.standard_basis + ";", {.italic = true});
    body += docx::text_paragraph(
        "Căn cứ Quyết định số 24/2021/QĐ-TTg ngày 16/7/2021 của Thủ tướng Chính phủ quy định quy trình rà soát hộ nghèo, "
        "hộ cận nghèo hằng năm;",
        {.italic = true});
    if (now.decision_date)
        body += docx::text_paragraph("Căn cứ Quyết định số " + now.decision_number + " " + date_in_words(*now.decision_date) +
                                         " của " + issuer.recognised_by + " công nhận hộ nghèo, hộ cận nghèo năm " +
                                         std::to_string(c.year) + ",",
                                     {.italic = true});
    body += docx::paragraph(docx::run(upper_vi("Chủ tịch Ủy ban nhân dân " + issuer.commune_name + " chứng nhận:"), {.bold = true}),
                            docx::Align::center, false);
    const Member* head = head_member(c.household);
    body += line("Hộ gia đình ông/bà: ", head_name(c.household));
    if (head)
        body += docx::paragraph(docx::run("Dân tộc: ") + docx::run(head->ethnicity, {.bold = true}) +
                                    (head->personal_id.empty() ? std::string()
                                                               : docx::run("      Số định danh cá nhân: ") +
                                                                     docx::run(head->personal_id, {.bold = true})),
                                docx::Align::left, false);
    body += line("Nơi cư trú: ", (c.household.village.empty() ? "" : c.household.village + ", ") + issuer.commune_name + ", " +
                                     issuer.province_name);
    body += docx::text_paragraph("Là " + kind + " năm " + std::to_string(c.year) + ".");
    body += docx::paragraph(docx::run("I. Danh sách thành viên hộ gia đình", {.bold = true}), docx::Align::left, false);
    body += household_members_table(c.household);
    body += docx::paragraph(docx::run("Mã xác minh: ", {.size = docx::kSmallSize}) +
                                docx::run(now.certificate_code, {.bold = true, .size = docx::kSmallSize}) +
                                docx::run(" — kiểm tra tại " + issuer.verify_hint + " (không hiện thông tin cá nhân).",
                                          {.italic = true, .size = docx::kSmallSize}),
                            docx::Align::left, false);
    body += docx::signature({{}, "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", ""});
    return body;
}

}  // namespace giamngheo::app
