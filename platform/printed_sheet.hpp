// A spreadsheet as officers print it: the national heading beside the issuing unit, a title,
// a table whose header repeats on every page, group and total rows, and a signature block;
// Times New Roman, A4, fitted to the page width. For lists annexed to decisions and report forms.
#pragma once

#include <string>
#include <vector>

namespace giamngheo::io {

struct PrintedColumn {
    std::string heading;
    double width = 12;     // in characters
    bool number = false;   // a whole number is printed 1.234.567, right-aligned, whatever the reader's locale
};

struct PrintedRow {
    enum class Kind { item, group, total };
    Kind kind = Kind::item;
    std::vector<std::string> cells;  // a group or total row: one text, written across the row
};

struct PrintedSheet {
    std::string sheet_name;
    std::string issuer_above;  // "UBND TỈNH THANH HÓA" (may be empty)
    std::string issuer;        // "UBND XÃ HÓA QUỲ"
    std::string title;         // "DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025"
    std::vector<std::string> subtitle;  // lines under the title
    std::vector<PrintedColumn> columns;
    std::vector<PrintedRow> rows;
    std::string place_and_date;                        // "Hóa Quỳ, ngày .... tháng .... năm 2025"
    std::vector<std::string> signatures;               // "NGƯỜI LẬP BIỂU", "CHỦ TỊCH UBND XÃ"
    bool landscape = true;
};

// Writes `sheets` into one workbook at `path`, whole or not at all (throws a fault).
void write_printed_xlsx(const std::string& path, const std::vector<PrintedSheet>& sheets);

}  // namespace giamngheo::io
