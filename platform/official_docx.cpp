#include "platform/official_docx.hpp"

#include "platform/zip.hpp"

namespace giamngheo::io::docx {
namespace {

constexpr const char* kFont = "Times New Roman";

std::string cell(const std::string& content, int width, bool borders) {
    return "<w:tc><w:tcPr><w:tcW w:w=\"" + std::to_string(width) + "\" w:type=\"dxa\"/>" +
           (borders ? "" : "<w:tcBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/>"
                           "<w:right w:val=\"nil\"/></w:tcBorders>") +
           "</w:tcPr>" + (content.empty() ? paragraph("", Align::left, false, 0) : content) + "</w:tc>";
}

std::string document_xml(const std::string& body) {
    const std::string section_props = "<w:sectPr><w:pgSz w:w=\"" + std::to_string(kPageWidth) + "\" w:h=\"" +
                                      std::to_string(kPageHeight) + "\"/><w:pgMar w:top=\"" + std::to_string(kMarginTop) +
                                      "\" w:right=\"" + std::to_string(kMarginRight) + "\" w:bottom=\"" +
                                      std::to_string(kMarginBottom) + "\" w:left=\"" + std::to_string(kMarginLeft) +
                                      "\" w:header=\"720\" w:footer=\"720\" w:gutter=\"0\"/></w:sectPr>";
    // A body may not end with a table.
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
           "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>" +
           body + paragraph("", Align::left, false, 0) + section_props + "</w:body></w:document>";
}

std::string styles_xml() {
    const std::string font = std::string("<w:rFonts w:ascii=\"") + kFont + "\" w:hAnsi=\"" + kFont + "\" w:cs=\"" + kFont +
                             "\" w:eastAsia=\"" + kFont + "\"/>";
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
           "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:docDefaults>"
           "<w:rPrDefault><w:rPr>" +
           font + "<w:sz w:val=\"" + std::to_string(kBodySize) + "\"/><w:szCs w:val=\"" + std::to_string(kBodySize) +
           "\"/><w:lang w:val=\"vi-VN\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"0\" "
           "w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>"
           "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>"
           "</w:styles>";
}

}  // namespace

std::string escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string run(const std::string& text, const Style& style) {
    std::string props;
    if (style.bold) props += "<w:b/>";
    if (style.italic) props += "<w:i/>";
    if (style.caps) props += "<w:caps/>";
    if (style.size != kBodySize) props += "<w:sz w:val=\"" + std::to_string(style.size) + "\"/>";
    return "<w:r>" + (props.empty() ? "" : "<w:rPr>" + props + "</w:rPr>") + "<w:t xml:space=\"preserve\">" +
           escape(text) + "</w:t></w:r>";
}

std::string paragraph(const std::string& runs, Align align, bool indent, int after) {
    const char* jc = align == Align::center ? "center" : align == Align::left ? "left" : align == Align::right ? "right" : "both";
    std::string props = "<w:jc w:val=\"" + std::string(jc) + "\"/><w:spacing w:after=\"" + std::to_string(after) + "\"/>";
    if (indent) props = "<w:ind w:firstLine=\"" + std::to_string(kFirstLineIndent) + "\"/>" + props;
    return "<w:p><w:pPr>" + props + "</w:pPr>" + runs + "</w:p>";
}

std::string text_paragraph(const std::string& text, const Style& style) { return paragraph(run(text, style)); }

std::string table(const std::vector<int>& widths, const std::vector<std::vector<std::string>>& rows, bool borders) {
    std::string grid;
    for (const int w : widths) grid += "<w:gridCol w:w=\"" + std::to_string(w) + "\"/>";
    const std::string border_props =
        borders ? "<w:tblBorders><w:top w:val=\"single\" w:sz=\"4\"/><w:left w:val=\"single\" w:sz=\"4\"/>"
                  "<w:bottom w:val=\"single\" w:sz=\"4\"/><w:right w:val=\"single\" w:sz=\"4\"/>"
                  "<w:insideH w:val=\"single\" w:sz=\"4\"/><w:insideV w:val=\"single\" w:sz=\"4\"/></w:tblBorders>"
                : "";
    std::string out = "<w:tbl><w:tblPr><w:tblW w:w=\"" + std::to_string(kTextWidth) + "\" w:type=\"dxa\"/>" +
                      border_props + "<w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>" + grid + "</w:tblGrid>";
    for (const auto& row : rows) {
        out += "<w:tr>";
        for (std::size_t c = 0; c < row.size(); ++c) out += cell(row[c], widths[c], borders);
        out += "</w:tr>";
    }
    return out + "</w:tbl>";
}

std::string heading(const Heading& h) {
    std::string left;
    for (std::size_t i = 0; i < h.issuer_lines.size(); ++i)
        left += paragraph(run(h.issuer_lines[i], {true, false, true, kNationalTitleSize}), Align::center, false,
                          i + 1 == h.issuer_lines.size() ? kSpacingAfter : 0);
    left += paragraph(run(h.number, {false, false, false, kNationalTitleSize}), Align::center, false, 0);
    std::string right;
    right += paragraph(run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", {true, false, false, kNationalTitleSize}), Align::center,
                       false, 0);
    right += paragraph(run("Độc lập - Tự do - Hạnh phúc", {true, false, false, kBodySize}), Align::center, false,
                       kSpacingAfter);
    right += paragraph(run(h.place_and_date, {false, true, false, kBodySize}), Align::center, false, 0);
    return table({kHeaderLeftWidth, kTextWidth - kHeaderLeftWidth}, {{left, right}}, false);
}

std::string signature(const Signature& s) {
    // A document without recipients (a certificate) has no "Nơi nhận" heading either.
    std::string left = s.recipients.empty() ? paragraph("", Align::left, false, 0)
                                            : paragraph(run("Nơi nhận:", {true, true, false, kSmallSize}), Align::left, false, 0);
    for (std::size_t i = 0; i < s.recipients.size(); ++i) {
        const bool last = i + 1 == s.recipients.size();
        left += paragraph(run("- " + s.recipients[i] + (last ? "." : ";"), {false, false, false, kRecipientSize}),
                          Align::left, false, 0);
    }
    std::string right;
    if (!s.authority.empty()) right += paragraph(run(s.authority, {true, false, true}), Align::center, false, 0);
    right += paragraph(run(s.title, {true, false, true}), Align::center, false, 0);
    for (int i = 0; i < kSignatureGapLines; ++i) right += paragraph("", Align::center, false, 0);
    right += paragraph(run(s.name, {true}), Align::center, false, 0);
    const int half = kTextWidth / 2;
    return table({half, kTextWidth - half}, {{left, right}}, false);
}

std::string page_break() { return "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"; }

std::string docx_package(const std::string& body) {
    ZipWriter zip;
    zip.add("[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            "<Override PartName=\"/word/document.xml\" "
            "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
            "<Override PartName=\"/word/styles.xml\" "
            "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
            "</Types>");
    zip.add("_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            "<Relationship Id=\"rId1\" "
            "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
            "Target=\"word/document.xml\"/></Relationships>");
    zip.add("word/_rels/document.xml.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
            "Target=\"styles.xml\"/></Relationships>");
    zip.add("word/document.xml", document_xml(body));
    zip.add("word/styles.xml", styles_xml());
    return zip.finish();
}

}  // namespace giamngheo::io::docx
