// The certificate of a poor or near-poor household (giấy chứng nhận hộ nghèo / hộ cận nghèo) as
// the commune chairman signs it: Decree 30/2020 heading with its number (…/GCN-HN.HCN), the bases
// (the standard, Decision 24/2021, the recognition decision), the household head and residence,
// the members (name, ethnicity, relation, year of birth under male or female), and the code anyone
// can verify it by without seeing anything personal.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "modules/procedure/app/cases.hpp"

namespace giamngheo::app {

// The household's head (the member whose relation is "head", else the first), or nullptr; and
// the head's name as the registry records it.
[[nodiscard]] const Member* head_member(const Household& household);
[[nodiscard]] std::string head_name(const Household& household);

// The members as the certificate and the survey form list them: name, ethnicity, relation, year of
// birth under male or female (a WordprocessingML table).
[[nodiscard]] std::string household_members_table(const Household& household);

// "Xã" + "Hóa Quỳ" → "xã Hóa Quỳ", as a unit is named inside a sentence.
[[nodiscard]] std::string unit_in_sentence(const UnitVersion& unit);

// "ngày 07 tháng 10 năm 2026", as a signed paper dates itself.
[[nodiscard]] std::string date_in_words(const Date& date);

struct CertificateIssuer {
    std::string commune_name;   // "xã Hóa Quỳ"
    std::string province_name;  // "tỉnh Thanh Hóa"
    std::string place;          // "Hóa Quỳ": where it is signed
    std::string standard_basis; // "Nghị định 07/2021/NĐ-CP … (Chuẩn nghèo đa chiều giai đoạn 2022–2025)"
    std::string recognised_by;  // "Chủ tịch Ủy ban nhân dân cấp xã"
    std::string verify_hint;    // where the code is checked: "trang Xác minh giấy chứng nhận (/xac-minh)"
};

// The commune that issues a household's certificates now: its commune on the 2025 map (through the
// lineage for a commune merged in 2025), or the recorded one when it cannot be placed.
[[nodiscard]] std::string issuing_commune(const UnitCatalogue& units, const std::string& unit_code,
                                          const std::string& current_unit_code);

// The commune that issues papers for a household of a round on `date`, its province, and who
// recognises on that date by the procedure.
[[nodiscard]] CertificateIssuer commune_issuer(const store::ResultRow& household, const UnitCatalogue& units,
                                               const procedure::Procedure& procedure, const Date& date,
                                               const std::string& standard_basis);

// The issuer of a household's certificate: its commune on the map in force when it was issued
// (Bình Lương's households by Hóa Quỳ after July 2025), that commune's province, who recognises
// by the procedure, and the standard of the round.
[[nodiscard]] CertificateIssuer certificate_issuer(const CertificateData& certificate, const UnitCatalogue& units,
                                                   const procedure::Procedure& procedure, const std::string& standard_basis);

// The .docx file (bytes). Errors: invalid_input when the household's class has no certificate.
[[nodiscard]] std::string certificate_docx(const CertificateData& certificate, const CertificateIssuer& issuer);
// Every certificate of a commune in one file, one to a page, to print at once (and to convert to
// PDF at once: LibreOffice starts once, not once per household). Errors: conflict (no_certificate) when empty.
[[nodiscard]] std::string certificates_docx(const std::vector<std::pair<CertificateData, CertificateIssuer>>& certificates);
// One certificate as WordprocessingML paragraphs, for either.
[[nodiscard]] std::string certificate_body(const CertificateData& certificate, const CertificateIssuer& issuer);

}  // namespace giamngheo::app
