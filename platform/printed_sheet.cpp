#include "platform/printed_sheet.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <filesystem>

#include "kernel/errors.hpp"
#include "kernel/format_vi.hpp"

namespace giamngheo::io {
namespace {

struct Formats {
    lxw_format *plain_center, *bold_center, *italic_center, *title, *header, *cell, *number, *band;
};

struct Style {
    double size = 12;
    bool bold = false, italic = false, centered = false, right = false, bordered = false;
};

lxw_format* format(lxw_workbook* book, const Style& style) {
    lxw_format* f = workbook_add_format(book);
    format_set_font_name(f, "Times New Roman");
    format_set_font_size(f, style.size);
    format_set_text_wrap(f);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    if (style.bold) format_set_bold(f);
    if (style.italic) format_set_italic(f);
    if (style.centered) format_set_align(f, LXW_ALIGN_CENTER);
    if (style.bordered) format_set_border(f, LXW_BORDER_THIN);
    if (style.right) format_set_align(f, LXW_ALIGN_RIGHT);
    return f;
}

Formats formats(lxw_workbook* book) {
    return {format(book, {.centered = true}),
            format(book, {.bold = true, .centered = true}),
            format(book, {.italic = true, .centered = true}),
            format(book, {.size = 14, .bold = true, .centered = true}),
            format(book, {.size = 11, .bold = true, .centered = true, .bordered = true}),
            format(book, {.size = 11, .bordered = true}),
            format(book, {.size = 11, .right = true, .bordered = true}),
            format(book, {.size = 11, .bold = true, .bordered = true})};  // group and total rows
}

// LibreOffice and Excel do not grow a row for wrapped text written by a program: the height is
// set from the longest cell, in lines of its column's width.
double row_height(const std::vector<std::string>& cells, const std::vector<PrintedColumn>& columns, double points = 15) {
    std::size_t lines = 1;
    for (std::size_t c = 0; c < cells.size() && c < columns.size(); ++c) {
        std::size_t characters = 0;
        for (unsigned char byte : cells[c]) characters += (byte & 0xC0) != 0x80;
        const auto per_line = static_cast<std::size_t>(std::max(1.0, columns[c].width * 1.2));
        lines = std::max(lines, (characters + per_line - 1) / per_line);
    }
    return points * static_cast<double>(lines);
}

bool as_whole_number(const std::string& text, std::int64_t& out) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return !text.empty() && ec == std::errc() && end == text.data() + text.size();
}

void write_sheet(lxw_workbook* book, const Formats& f, const PrintedSheet& s) {
    lxw_worksheet* sheet = workbook_add_worksheet(book, s.sheet_name.c_str());
    if (!sheet) throw_fault("tên trang tính không hợp lệ: " + s.sheet_name);
    const auto last = static_cast<lxw_col_t>(s.columns.size() - 1);
    const auto split = static_cast<lxw_col_t>(s.columns.size() / 3);  // the issuer's share of the heading
    for (std::size_t c = 0; c < s.columns.size(); ++c)
        worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), s.columns[c].width, nullptr);
    auto merge = [&](lxw_row_t row, lxw_col_t from, lxw_col_t to, const std::string& text, lxw_format* format) {
        if (from == to) worksheet_write_string(sheet, row, from, text.c_str(), format);
        else worksheet_merge_range(sheet, row, from, row, to, text.c_str(), format);
    };
    lxw_row_t row = 0;
    merge(row, 0, split, s.issuer_above, f.plain_center);
    merge(row, split + 1, last, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", f.bold_center);
    ++row;
    merge(row, 0, split, s.issuer, f.bold_center);
    merge(row, split + 1, last, "Độc lập - Tự do - Hạnh phúc", f.bold_center);
    row += 2;
    merge(row++, 0, last, s.title, f.title);
    for (const auto& line : s.subtitle) merge(row++, 0, last, line, f.italic_center);
    ++row;
    const lxw_row_t header_row = row;
    std::vector<std::string> headings;
    for (const auto& c : s.columns) headings.push_back(c.heading);
    worksheet_set_row(sheet, row, row_height(headings, s.columns), nullptr);
    for (std::size_t c = 0; c < s.columns.size(); ++c)
        worksheet_write_string(sheet, row, static_cast<lxw_col_t>(c), s.columns[c].heading.c_str(), f.header);
    ++row;
    for (const PrintedRow& r : s.rows) {
        if (r.kind != PrintedRow::Kind::item) {  // a group or total: its text across the row
            merge(row++, 0, last, r.cells.empty() ? "" : r.cells.front(), f.band);
            continue;
        }
        worksheet_set_row(sheet, row, row_height(r.cells, s.columns), nullptr);
        for (std::size_t c = 0; c < s.columns.size(); ++c) {
            const std::string text = c < r.cells.size() ? r.cells[c] : "";
            std::int64_t value = 0;
            if (s.columns[c].number && as_whole_number(text, value))  // 1.234.567 whatever the reader's locale
                worksheet_write_string(sheet, row, static_cast<lxw_col_t>(c), format_integer_vi(value).c_str(), f.number);
            else  // a decimal already written the Vietnamese way ("1.234,5") stays right-aligned too
                worksheet_write_string(sheet, row, static_cast<lxw_col_t>(c), text.c_str(), s.columns[c].number ? f.number : f.cell);
        }
        ++row;
    }
    ++row;
    if (!s.place_and_date.empty()) merge(row++, split + 1, last, s.place_and_date, f.italic_center);
    if (!s.signatures.empty()) {
        const auto share = static_cast<lxw_col_t>(s.columns.size() / s.signatures.size());
        for (std::size_t i = 0; i < s.signatures.size(); ++i) {
            const auto from = static_cast<lxw_col_t>(i * share);
            const auto to = i + 1 == s.signatures.size() ? last : static_cast<lxw_col_t>(from + share - 1);
            merge(row, from, to, s.signatures[i], f.bold_center);
        }
    }
    worksheet_set_paper(sheet, 9);  // A4
    if (s.landscape) worksheet_set_landscape(sheet);
    worksheet_set_margins(sheet, 0.5, 0.4, 0.6, 0.6);
    worksheet_fit_to_pages(sheet, 1, 0);
    worksheet_repeat_rows(sheet, header_row, header_row);
    worksheet_set_footer(sheet, "&CTrang &P/&N");
}

}  // namespace

void write_printed_xlsx(const std::string& path, const std::vector<PrintedSheet>& sheets) {
    lxw_workbook_options options{};
    lxw_workbook* book = workbook_new_opt(path.c_str(), &options);
    if (!book) throw_fault(path + ": không tạo được tệp Excel");
    try {
        const Formats f = formats(book);
        for (const auto& s : sheets) {
            if (s.columns.empty()) throw_fault("trang tính " + s.sheet_name + " không có cột");
            write_sheet(book, f, s);
        }
    } catch (...) {
        workbook_close(book);
        std::filesystem::remove(path);
        throw;
    }
    if (workbook_close(book) != LXW_NO_ERROR) {
        std::filesystem::remove(path);
        throw_fault(path + ": không ghi được tệp Excel");
    }
}

}  // namespace giamngheo::io
