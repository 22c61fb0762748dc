// Word documents in the layout of Decree 30/2020/NĐ-CP, Appendix I (administrative documents): A4,
// margins 20/20/30/20 mm, Times New Roman 14 pt, the issuing body and number on the left beside the
// national title, motto, place and date on the right, and the "Nơi nhận" / signature block. The
// building blocks are WordprocessingML fragments; `docx_package` wraps a body into the file.
// Used by plans (modules/plans/formats/plan_docx) and reports (modules/reports/documents).
#pragma once

#include <string>
#include <vector>

namespace giamngheo::io::docx {

// Word measures in twentieths of a point (twips, 1 mm ≈ 56.7) and half-points.
inline constexpr int kPageWidth = 11906, kPageHeight = 16838;  // A4
inline constexpr int kMarginTop = 1134, kMarginBottom = 1134, kMarginLeft = 1701, kMarginRight = 1134;
inline constexpr int kTextWidth = kPageWidth - kMarginLeft - kMarginRight;
inline constexpr int kHeaderLeftWidth = 3402;  // 6 cm: issuing body and number
inline constexpr int kBodySize = 28;           // 14 pt
inline constexpr int kNationalTitleSize = 24;  // 12 pt, so that the title holds on one line
inline constexpr int kSmallSize = 24;          // 12 pt: "Nơi nhận", number and symbol, table text
inline constexpr int kRecipientSize = 22;      // 11 pt
inline constexpr int kFirstLineIndent = 567;   // 1 cm
inline constexpr int kSpacingAfter = 120;      // 6 pt
inline constexpr int kSignatureGapLines = 4;   // room for the signature and seal

struct Style {
    bool bold = false;
    bool italic = false;
    bool caps = false;
    int size = kBodySize;
};

enum class Align { justify, center, left, right };

[[nodiscard]] std::string escape(const std::string& text);
[[nodiscard]] std::string run(const std::string& text, const Style& style = {});
[[nodiscard]] std::string paragraph(const std::string& runs, Align align = Align::justify, bool indent = true,
                                    int after = kSpacingAfter);
[[nodiscard]] std::string text_paragraph(const std::string& text, const Style& style = {});
// A table of `widths` (twips); a cell's content is paragraphs (an empty one gets one).
[[nodiscard]] std::string table(const std::vector<int>& widths, const std::vector<std::vector<std::string>>& rows,
                                bool borders);

struct Heading {
    std::vector<std::string> issuer_lines;  // "Ủy ban nhân dân", "xã Hóa Quỳ" (shown in capitals)
    std::string number;                     // "Số:       /BC-UBND"
    std::string place_and_date;             // "Hóa Quỳ, ngày      tháng      năm 2026"
};
// The issuing body and number beside the national title, motto and date.
[[nodiscard]] std::string heading(const Heading& h);

struct Signature {
    std::vector<std::string> recipients;  // "Nơi nhận" lines, without the leading dash
    std::string authority;                // "TM. ỦY BAN NHÂN DÂN" (may be empty)
    std::string title;                    // "CHỦ TỊCH"
    std::string name;                     // may be empty: signed on paper
};
[[nodiscard]] std::string signature(const Signature& s);

// A paragraph that starts a new page (several documents printed from one file).
[[nodiscard]] std::string page_break();

// The whole .docx (a ZIP) of a document whose body is `body`, in the page layout above.
[[nodiscard]] std::string docx_package(const std::string& body);

}  // namespace giamngheo::io::docx
