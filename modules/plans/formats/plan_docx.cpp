#include "modules/plans/formats/plan_docx.hpp"

#include <array>

#include "kernel/format_vi.hpp"
#include "platform/table.hpp"
#include "platform/zip.hpp"

namespace giamngheo::io {
namespace {

// Layout of Decree 30/2020/NĐ-CP, Appendix I: A4, margins top/bottom 20 mm, left 30 mm,
// right 20 mm; body text 13–14 pt; national title 12–13 pt bold upper case; motto 13–14 pt bold.
// Word measures in twentieths of a point (twips, 1 mm ≈ 56.7) and half-points.
constexpr int kPageWidth = 11906, kPageHeight = 16838;  // A4
constexpr int kMarginTop = 1134, kMarginBottom = 1134, kMarginLeft = 1701, kMarginRight = 1134;
constexpr int kTextWidth = kPageWidth - kMarginLeft - kMarginRight;
constexpr int kHeaderLeftWidth = 3402;  // 6 cm  // issuing body and number
constexpr int kBodySize = 28;           // 14 pt
constexpr int kNationalTitleSize = 24;  // 12 pt, so that the title holds on one line
constexpr int kSmallSize = 24;          // 12 pt: "Nơi nhận", number and symbol, table text
constexpr int kRecipientSize = 22;      // 11 pt
constexpr int kFirstLineIndent = 567;   // 1 cm
constexpr int kSpacingAfter = 120;      // 6 pt
constexpr int kSignatureGapLines = 4;   // room for the signature and seal
constexpr std::int64_t kMillion = 1'000'000;
constexpr std::array<const char*, 12> kRoman = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"};
constexpr std::array<const char*, 8> kLetters = {"a", "b", "c", "d", "đ", "e", "g", "h"};
constexpr const char* kFont = "Times New Roman";

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

struct Style {
    bool bold = false;
    bool italic = false;
    bool caps = false;
    int size = kBodySize;
};

std::string run(const std::string& text, const Style& style = {}) {
    std::string props;
    if (style.bold) props += "<w:b/>";
    if (style.italic) props += "<w:i/>";
    if (style.caps) props += "<w:caps/>";
    if (style.size != kBodySize) props += "<w:sz w:val=\"" + std::to_string(style.size) + "\"/>";
    return "<w:r>" + (props.empty() ? "" : "<w:rPr>" + props + "</w:rPr>") + "<w:t xml:space=\"preserve\">" +
           escape(text) + "</w:t></w:r>";
}

enum class Align { justify, center, left, right };

std::string paragraph(const std::string& runs, Align align = Align::justify, bool indent = true, int after = kSpacingAfter) {
    const char* jc = align == Align::center ? "center" : align == Align::left ? "left" : align == Align::right ? "right" : "both";
    std::string props = "<w:jc w:val=\"" + std::string(jc) + "\"/><w:spacing w:after=\"" + std::to_string(after) + "\"/>";
    if (indent) props = "<w:ind w:firstLine=\"" + std::to_string(kFirstLineIndent) + "\"/>" + props;
    return "<w:p><w:pPr>" + props + "</w:pPr>" + runs + "</w:p>";
}

std::string text_paragraph(const std::string& text, const Style& style = {}) { return paragraph(run(text, style)); }

std::string cell(const std::string& content, int width, bool borders) {
    return "<w:tc><w:tcPr><w:tcW w:w=\"" + std::to_string(width) + "\" w:type=\"dxa\"/>" +
           (borders ? "" : "<w:tcBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/>"
                           "<w:right w:val=\"nil\"/></w:tcBorders>") +
           "</w:tcPr>" + (content.empty() ? paragraph("", Align::left, false, 0) : content) + "</w:tc>";
}

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

std::string million(std::int64_t vnd) {
    constexpr int kDecimals = 3;
    return vnd % kMillion == 0 ? format_integer_vi(vnd / kMillion)
                               : format_decimal_vi(static_cast<double>(vnd) / kMillion, kDecimals);
}

std::string place_of(const Plan& plan) {
    if (!plan.place.empty()) return plan.place;
    // The place is the unit's own name, without its type.
    for (const char* type : {"thành phố ", "thị xã ", "thị trấn ", "huyện ", "tỉnh ", "phường ", "xã "})
        if (plan.unit_name.starts_with(type)) return plan.unit_name.substr(std::string(type).size());
    return plan.unit_name;
}

std::string date_line(const Plan& plan) {
    if (plan.date)
        return place_of(plan) + ", ngày " + std::to_string(plan.date->day) + " tháng " + std::to_string(plan.date->month) +
               " năm " + std::to_string(plan.date->year);
    return place_of(plan) + ", ngày      tháng      năm " + std::to_string(plan.year);
}

std::string header(const Plan& plan) {
    constexpr const char* kIssuerPrefix = "Ủy ban nhân dân ";
    const bool committee = plan.issuer.starts_with(kIssuerPrefix);
    std::string left;
    if (committee) {
        left += paragraph(run("Ủy ban nhân dân", {true, false, true, kNationalTitleSize}), Align::center, false, 0);
        left += paragraph(run(plan.unit_name, {true, false, true, kNationalTitleSize}), Align::center, false, kSpacingAfter);
    } else {
        left += paragraph(run(plan.issuer, {true, false, true, kNationalTitleSize}), Align::center, false, kSpacingAfter);
    }
    const std::string number = plan.number.empty() ? "Số:       " + plan.number_suffix : "Số: " + plan.number;
    left += paragraph(run(number, {false, false, false, kNationalTitleSize}), Align::center, false, 0);
    std::string right;
    right += paragraph(run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", {true, false, false, kNationalTitleSize}), Align::center,
                       false, 0);
    right += paragraph(run("Độc lập - Tự do - Hạnh phúc", {true, false, false, kBodySize}), Align::center, false,
                       kSpacingAfter);
    right += paragraph(run(date_line(plan), {false, true, false, kBodySize}), Align::center, false, 0);
    return table({kHeaderLeftWidth, kTextWidth - kHeaderLeftWidth}, {{left, right}}, false);
}

// Numbered sections: I., II., ... with the numbering kept consecutive when a section is empty.
class Sections {
public:
    std::string open(const std::string& title) {
        return paragraph(run(std::string(kRoman.at(count_++)) + ". " + title, {true}), Align::justify, true);
    }

private:
    std::size_t count_ = 0;
};

std::string items(const std::vector<std::string>& list, const char* bullet = "- ") {
    std::string out;
    for (const auto& item : list) out += text_paragraph(bullet + item);
    return out;
}

std::string budget_paragraph(const Plan& plan, const std::string& node, const PlanRules& rules) {
    std::int64_t total = 0;
    std::vector<std::pair<std::string, std::int64_t>> by_source;
    for (const auto& l : plan.budget_lines) {
        if (l.budget_year != plan.year || !rules.programme.within(l.node, node)) continue;
        total += l.amount_vnd;
        const auto* source = rules.funding.source(l.source);
        std::string name = source ? source->name : l.source;
        if (l.carried_over()) name += " (vốn năm " + std::to_string(l.origin_year) + " chuyển sang)";
        by_source.emplace_back(name, l.amount_vnd);
    }
    if (total == 0) return {};
    std::string text = million(total) + " triệu đồng";
    if (by_source.size() > 1) {
        text += ", trong đó: ";
        for (std::size_t i = 0; i < by_source.size(); ++i)
            text += (i ? "; " : "") + by_source[i].first + " " + million(by_source[i].second) + " triệu đồng";
    }
    return text + ".";
}

std::string node_body(const Plan& plan, const NodeSection& s, const PlanRules& rules) {
    std::string out;
    std::size_t letter = 0;
    auto part = [&](const std::string& title, const std::string& body) {
        if (body.empty()) return;
        out += paragraph(run(std::string(kLetters.at(letter++)) + ") " + title, {false, true}));
        out += body;
    };
    part("Mục tiêu", items(s.objectives));
    part("Đối tượng", items(s.beneficiaries));
    part("Nội dung", items(s.content));
    const std::string budget = budget_paragraph(plan, s.node, rules);
    if (!budget.empty()) {
        out += paragraph(run(std::string(kLetters.at(letter++)) + ") Kinh phí thực hiện: ", {false, true}) + run(budget));
    }
    std::string organisation;
    if (!s.lead_agencies.empty()) {
        std::string leads;
        for (const auto& a : s.lead_agencies) leads += (leads.empty() ? "" : ", ") + a;
        organisation += text_paragraph("- Cơ quan chủ trì: " + leads + ".");
    }
    if (!s.coordinating_agencies.empty()) {
        std::string others;
        for (const auto& a : s.coordinating_agencies) others += (others.empty() ? "" : ", ") + a;
        organisation += text_paragraph("- Cơ quan phối hợp: " + others + ".");
    }
    organisation += items(s.assignment);
    for (const auto& d : s.reporting_duties)
        if (!d.printed.empty()) organisation += text_paragraph("- " + d.printed);
    part("Tổ chức thực hiện", organisation);
    return out;
}

std::string content_section(const Plan& plan, const PlanRules& rules) {
    std::string out;
    if (!plan.budget_intro.empty()) out += text_paragraph(plan.budget_intro);
    int number = 0;
    for (const auto& node : rules.programme.nodes) {
        if (!node.parent.empty()) continue;
        const NodeSection* s = plan.section(node.key);
        if (!s || !s->applicable) continue;
        ++number;
        out += text_paragraph(std::to_string(number) + ". " + rules.programme.title(node.key), {true});
        std::vector<const NodeSection*> children;
        for (const auto& child : rules.programme.nodes)
            if (child.parent == node.key)
                if (const NodeSection* cs = plan.section(child.key); cs && cs->applicable && !cs->content_in_sub_projects)
                    children.push_back(cs);
        if (!s->content_in_sub_projects || children.empty()) out += node_body(plan, *s, rules);
        int sub = 0;
        for (const NodeSection* cs : children) {
            ++sub;
            out += text_paragraph(std::to_string(number) + "." + std::to_string(sub) + ". " + rules.programme.title(cs->node),
                                  {true, true});
            out += node_body(plan, *cs, rules);
        }
    }
    std::string skipped;
    for (const auto& s : plan.nodes)
        if (!s.applicable && s.reason_printed)
            skipped += text_paragraph("- " + rules.programme.title(s.node) + ": " + s.reason);
    if (!skipped.empty()) out += text_paragraph("Các dự án, tiểu dự án không thực hiện:", {false, true}) + skipped;
    return out;
}

std::string budget_section(const Plan& plan, const PlanRules& rules) {
    const BudgetTable t = budget_table(plan, plan.year, rules);
    std::string out;
    if (!t.rows.empty()) {
        const Style head{true, false, false, kSmallSize}, body{false, false, false, kSmallSize};
        const auto cell_text = [](const std::string& text, const Style& style, Align align) {
            return paragraph(run(text, style), align, false, 0);
        };
        constexpr int kNumberWidth = 600, kTotalWidth = 1300, kNameShare = 2;
        const int columns = static_cast<int>(t.sources.size()) + 1;  // sources + total
        const int rest = kTextWidth - kNumberWidth;
        const int amount_width = std::min(kTotalWidth, rest / (columns + kNameShare));
        std::vector<int> widths = {kNumberWidth, rest - amount_width * columns};
        for (int c = 0; c < columns; ++c) widths.push_back(amount_width);
        std::vector<std::vector<std::string>> rows;
        std::vector<std::string> head_row = {cell_text("TT", head, Align::center), cell_text("Dự án, tiểu dự án", head, Align::center)};
        for (const auto& key : t.sources) {
            const auto* s = rules.funding.source(key);
            head_row.push_back(cell_text(s ? s->name : key, head, Align::center));
        }
        head_row.push_back(cell_text("Tổng cộng", head, Align::center));
        rows.push_back(std::move(head_row));
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            std::vector<std::string> row = {cell_text(std::to_string(r + 1), body, Align::center),
                                            cell_text(rules.programme.qualified_title(t.rows[r].node), body, Align::left)};
            for (const auto v : t.rows[r].by_source) row.push_back(cell_text(v ? million(v) : "", body, Align::right));
            row.push_back(cell_text(million(t.rows[r].total), head, Align::right));
            rows.push_back(std::move(row));
        }
        std::vector<std::string> total_row = {cell_text("", head, Align::center), cell_text("Tổng cộng", head, Align::left)};
        for (const auto v : t.total.by_source) total_row.push_back(cell_text(million(v), head, Align::right));
        total_row.push_back(cell_text(million(t.total.total), head, Align::right));
        rows.push_back(std::move(total_row));
        out += text_paragraph("1. Kinh phí năm " + std::to_string(plan.year) + ": " + million(t.total.total) + " triệu đồng.");
        out += paragraph(run("Đơn vị tính: triệu đồng", {false, true, false, kSmallSize}), Align::right, false);
        out += table(widths, rows, true);
        if (t.carried_over > 0)
            out += text_paragraph("Trong đó vốn các năm trước chuyển sang: " + million(t.carried_over) + " triệu đồng.");
    }
    for (const auto& text : plan.funding_text) out += text_paragraph(text);
    return out;
}

std::string blocks(const std::vector<TextBlock>& list) {
    std::string out;
    for (const auto& b : list) {
        if (!b.heading.empty()) out += text_paragraph(b.heading, {true});
        for (const auto& item : b.items) out += text_paragraph(item);
    }
    return out;
}

std::string agencies_section(const Plan& plan) {
    std::string out;
    for (const auto& a : plan.agencies) {
        const std::string title = (a.number.empty() ? "" : a.number + ". ") + (a.request ? "Đề nghị " : "") + a.name;
        out += text_paragraph(title, {true});
        out += items(a.duties);
    }
    return out;
}

std::string reporting_section(const Plan& plan) {
    std::string out = items(plan.reporting_text, "");
    for (const auto& r : plan.reports) {
        if (r.printed.empty()) continue;
        std::string text = "- " + r.printed;
        if (r.deadline && r.printed.find(std::to_string(r.deadline->day) + "/" + std::to_string(r.deadline->month)) ==
                              std::string::npos)
            text += " (hạn: ngày " + std::to_string(r.deadline->day) + "/" + std::to_string(r.deadline->month) + ")";
        out += text_paragraph(text);
    }
    return out;
}

std::string situation_section(const Plan& plan) {
    if (!plan.situation) return {};
    const Situation& s = *plan.situation;
    std::string out;
    if (!s.source.empty()) out += text_paragraph(s.source + ":");
    if (!s.printed.empty()) {
        out += items(s.printed);
    } else {
        for (const auto& f : s.figures) out += text_paragraph("- " + f.indicator + ": " + f.printed);
    }
    if (!s.causes_of_poverty.empty()) {
        std::string causes;
        for (const auto& c : s.causes_of_poverty) causes += (causes.empty() ? "" : "; ") + c;
        out += text_paragraph("- Nguyên nhân nghèo chủ yếu: " + causes + ".");
    }
    return out;
}

std::string objectives_section(const Plan& plan) {
    std::string out;
    if (!plan.general_objectives.empty())
        out += text_paragraph("1. Mục tiêu chung", {true}) + items(plan.general_objectives, "");
    std::vector<std::string> specific = plan.specific_objectives;
    if (specific.empty())
        for (const auto& t : plan.targets)
            if (t.kind != "result" && !t.text_printed.empty()) specific.push_back(t.text_printed);
    if (!specific.empty()) out += text_paragraph("2. Mục tiêu cụ thể", {true}) + items(specific);
    return out;
}

std::string purpose_section(const Plan& plan) {
    std::string out;
    if (!plan.purpose.empty()) out += text_paragraph("1. Mục đích", {true}) + items(plan.purpose, "");
    if (!plan.requirements.empty()) out += text_paragraph("2. Yêu cầu", {true}) + items(plan.requirements, "");
    return out;
}

std::string legal_bases(const Plan& plan) {
    if (!plan.legal_bases_printed.empty()) return text_paragraph(plan.legal_bases_printed, {false, true});
    std::string text;
    for (const auto& l : plan.legal_bases) text += (text.empty() ? "Căn cứ " : "; ") + l.citation();
    return text.empty() ? text : text_paragraph(text + ";", {false, true});
}

std::string footer(const Plan& plan) {
    std::string left = paragraph(run("Nơi nhận:", {true, true, false, kSmallSize}), Align::left, false, 0);
    for (std::size_t i = 0; i < plan.recipients.size(); ++i) {
        const auto& r = plan.recipients[i];
        const bool last = i + 1 == plan.recipients.size();
        const std::string text = "- " + r.name + (r.purpose.empty() ? "" : " (" + r.purpose + ")") + (last ? "." : ";");
        left += paragraph(run(text, {false, false, false, kRecipientSize}), Align::left, false, 0);
    }
    std::string right;
    if (!plan.signer.authority.empty())
        right += paragraph(run(plan.signer.authority, {true, false, true}), Align::center, false, 0);
    right += paragraph(run(plan.signer.title, {true, false, true}), Align::center, false, 0);
    for (int i = 0; i < kSignatureGapLines; ++i) right += paragraph("", Align::center, false, 0);
    right += paragraph(run(plan.signer.name, {true}), Align::center, false, 0);
    const int half = kTextWidth / 2;
    return table({half, kTextWidth - half}, {{left, right}}, false);
}

std::string document_xml(const Plan& plan, const PlanRules& rules) {
    std::string body = header(plan);
    body += paragraph("", Align::center, false);
    body += paragraph(run(plan.document_type, {true, false, true}), Align::center, false, 0);
    body += paragraph(run(plan.title, {true}), Align::center, false, kSpacingAfter * 2);
    body += legal_bases(plan);
    Sections sections;
    auto section = [&](const std::string& title, const std::string& content) {
        if (!content.empty()) body += sections.open(title) + content;
    };
    section("MỤC ĐÍCH, YÊU CẦU", purpose_section(plan));
    section("THỰC TRẠNG HỘ NGHÈO, HỘ CẬN NGHÈO", situation_section(plan));
    section("MỤC TIÊU", objectives_section(plan));
    section("NỘI DUNG", content_section(plan, rules));
    section("KINH PHÍ THỰC HIỆN", budget_section(plan, rules));
    section("NHIỆM VỤ, GIẢI PHÁP", blocks(plan.solutions));
    section("CÁC CHÍNH SÁCH GIẢM NGHÈO CHUNG", blocks(plan.general_policies));
    section("TỔ CHỨC THỰC HIỆN", agencies_section(plan));
    section("CHẾ ĐỘ BÁO CÁO", reporting_section(plan));
    body += paragraph("", Align::left, false);
    body += footer(plan);
    body += paragraph("", Align::left, false, 0);  // a body may not end with a table
    const std::string section_props = "<w:sectPr><w:pgSz w:w=\"" + std::to_string(kPageWidth) + "\" w:h=\"" +
                                      std::to_string(kPageHeight) + "\"/><w:pgMar w:top=\"" + std::to_string(kMarginTop) +
                                      "\" w:right=\"" + std::to_string(kMarginRight) + "\" w:bottom=\"" +
                                      std::to_string(kMarginBottom) + "\" w:left=\"" + std::to_string(kMarginLeft) +
                                      "\" w:header=\"720\" w:footer=\"720\" w:gutter=\"0\"/></w:sectPr>";
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
           "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>" +
           body + section_props + "</w:body></w:document>";
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

std::string plan_docx(const Plan& plan, const PlanRules& rules) {
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
    zip.add("word/document.xml", document_xml(plan, rules));
    zip.add("word/styles.xml", styles_xml());
    return zip.finish();
}

void write_plan_docx(const std::string& path, const Plan& plan, const PlanRules& rules) {
    write_file_atomically(path, plan_docx(plan, rules));
}

}  // namespace giamngheo::io
