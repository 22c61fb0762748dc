#include "modules/reports/documents/report_docx.hpp"

#include "kernel/format_vi.hpp"
#include "modules/reports/documents/report_sheet.hpp"
#include "platform/official_docx.hpp"

namespace giamngheo::app {
namespace {

using namespace io::docx;

// The unit's own name, without its type: "Xã Hóa Quỳ" → "Hóa Quỳ".
std::string place_of(const ReportUnit& unit) {
    if (unit.code.empty()) return "Hà Nội";
    for (const char* type : {"Thành phố ", "Thị xã ", "Thị trấn ", "Huyện ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu "})
        if (unit.name.starts_with(type)) return unit.name.substr(std::string(type).size());
    return unit.name;
}

std::string figures_table(const reports::ReportForm& form, const reports::SectionSpec& section, const ReportView& view) {
    const Style head{true, false, false, kSmallSize}, body{false, false, false, kSmallSize};
    const auto text = [](const std::string& t, const Style& style, Align align) { return paragraph(run(t, style), align, false, 0); };
    const int label_width = kTextWidth * 2 / 5, unit_width = kTextWidth / 8;
    const int value_width = (kTextWidth - label_width - unit_width) / static_cast<int>(form.columns.size());
    std::vector<int> widths = {label_width, unit_width};
    std::vector<std::string> heading_row = {text("Chỉ tiêu", head, Align::center), text("Đơn vị tính", head, Align::center)};
    for (const auto& c : form.columns) {
        widths.push_back(value_width);
        heading_row.push_back(text(c.label_vi, head, Align::center));
    }
    std::vector<std::vector<std::string>> rows = {heading_row};
    for (const auto& row : section.rows) {
        if (row.narrative) continue;
        std::vector<std::string> cells = {text(row.label_vi, body, Align::left), text(row.unit_vi, body, Align::center)};
        for (const auto& c : form.columns) {
            const auto spec = row.cells.find(c.key);
            const auto filled = view.cells.find(row.key + "." + c.key);
            cells.push_back(text(spec == row.cells.end() || filled == view.cells.end()
                                     ? ""
                                     : printed_cell(form, spec->second, filled->second.value),
                                 body, Align::right));
        }
        rows.push_back(std::move(cells));
    }
    return rows.size() > 1 ? table(widths, rows, true) : std::string();
}

}  // namespace

std::string report_docx(const ReportView& view, const std::string& parent_name) {
    const reports::ReportForm& form = *view.form;
    Heading h;
    h.issuer_lines = view.unit.code.empty() ? std::vector<std::string>{"Bộ Nông nghiệp và Môi trường"}
                                            : std::vector<std::string>{"Ủy ban nhân dân", view.unit.name};
    h.number = "Số:       /BC-UBND";
    h.place_and_date = place_of(view.unit) + ", ngày      tháng      năm " +
                       std::to_string(view.period.year + (view.period.kind == reports::PeriodKind::year ? 1 : 0));
    std::string body = heading(h);
    body += paragraph("", Align::center, false);
    body += paragraph(run("BÁO CÁO", {true}), Align::center, false, 0);
    body += paragraph(run(form.title_vi, {true}), Align::center, false, 0);
    body += paragraph(run(view.period.label_vi(), {true}), Align::center, false, 0);
    body += paragraph(run("(" + form.legal_source_vi + ")", {false, true, false, kSmallSize}), Align::center, false,
                      kSpacingAfter * 2);
    for (const auto& section : form.sections) {
        body += paragraph(run(section.title_vi, {true}));
        for (const auto& row : section.rows) {
            if (!row.narrative) continue;
            body += paragraph(run(row.label_vi, {false, true}));
            const auto filled = view.cells.find(row.key + ".text");
            const std::string text = filled == view.cells.end() ? std::string() : filled->second.value.text;
            // The officer's paragraphs as typed; an empty part says so rather than vanish.
            std::size_t start = 0;
            if (text.empty()) body += text_paragraph("(chưa có nội dung)", {false, true});
            while (start < text.size()) {
                const auto end = text.find('\n', start);
                const std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
                if (!line.empty()) body += text_paragraph(line);
                if (end == std::string::npos) break;
                start = end + 1;
            }
        }
        const std::string figures = figures_table(form, section, view);
        if (!figures.empty()) body += figures + paragraph("", Align::left, false, 0);
    }
    body += paragraph("", Align::left, false);
    Signature s;
    if (!parent_name.empty()) s.recipients.push_back(parent_name);
    s.recipients.push_back("Lưu: VT");
    s.authority = view.unit.code.empty() ? "" : "TM. ỦY BAN NHÂN DÂN";
    s.title = view.unit.code.empty() ? "BỘ TRƯỞNG" : "CHỦ TỊCH";
    body += signature(s);
    return docx_package(body);
}

}  // namespace giamngheo::app
