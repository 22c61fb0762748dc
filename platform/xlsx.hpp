// XLSX in and out: one sheet as a Table (liborcus reads, libxlsxwriter writes).
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "platform/table.hpp"
#include "platform/zip_reader.hpp"

namespace giamngheo::io {

// Reads the first sheet. Numeric cells become their shortest decimal text (an integral
// value has no decimal point); booleans become 1/0; dates become YYYY-MM-DD. Row numbers are
// the spreadsheet's own (header on row 1). The archive is checked against `limits` before
// it is read (io/zip_reader.hpp). Throws FileProblem naming `source` (the name the user knows
// the file by) when the bytes are not a readable spreadsheet or exceed a limit.
[[nodiscard]] Table read_xlsx_bytes(std::string_view bytes, const std::string& source, const ZipLimits& limits = {});
// The same from a file; the source is its path.
[[nodiscard]] Table read_xlsx_table(const std::string& path);

// The first sheet as it is laid out, for printed forms read back (a heading above the table):
// every non-empty cell by 0-based row and column, with whether it was a number (then `text` is
// its shortest decimal text, with a point) or typed text. Same limits and errors as above.
struct XlsxCell {
    std::string text;
    bool number = false;
};
struct XlsxGrid {
    std::string sheet_name;
    std::map<long, std::map<long, XlsxCell>> cells;
};
[[nodiscard]] XlsxGrid read_xlsx_grid(std::string_view bytes, const std::string& source, const ZipLimits& limits = {});

// A drop-down list on a column's cells below the header, for sheets people fill in.
struct XlsxChoice {
    std::string source;  // the cells that hold the choices: "'Danh mục'!$B$2:$B$5"
    bool strict = true;  // refuse a value not in the list; false for a cell that may hold several
    std::string prompt;  // shown when the cell is selected (at most 255 characters)
};

struct XlsxSheet {
    XlsxSheet(std::string sheet_name, const Table* sheet_table, std::set<std::string> numeric = {},
              std::set<std::string> percent = {})
        : name(std::move(sheet_name)), table(sheet_table), numeric_columns(std::move(numeric)),
          percent_columns(std::move(percent)) {}
    std::string name;
    const Table* table = nullptr;
    std::set<std::string> numeric_columns;  // written as numbers when the text is one
    std::set<std::string> percent_columns;  // fractions shown as percentages
    // For sheets to fill in: choices by column header, columns whose typed cells stay text
    // (codes with leading zeros), widths in characters by header, and how many rows they cover.
    std::map<std::string, XlsxChoice> choices;
    std::set<std::string> text_columns;
    std::map<std::string, double> widths;
    long fill_rows = 0;
};

// Writes one sheet per entry; every other cell is text, so codes keep their leading zeros.
void write_xlsx(const std::string& path, const std::vector<XlsxSheet>& sheets);
void write_xlsx_table(const std::string& path, const Table& table, const std::string& sheet_name,
                      const std::set<std::string>& numeric_columns = {});

}  // namespace giamngheo::io
