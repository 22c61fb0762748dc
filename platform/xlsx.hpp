// XLSX in and out: one sheet as a Table (liborcus reads, libxlsxwriter writes).
#pragma once

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

struct XlsxSheet {
    std::string name;
    const Table* table = nullptr;
    std::set<std::string> numeric_columns;  // written as numbers when the text is one
    std::set<std::string> percent_columns;  // fractions shown as percentages
};

// Writes one sheet per entry; every other cell is text, so codes keep their leading zeros.
void write_xlsx(const std::string& path, const std::vector<XlsxSheet>& sheets);
void write_xlsx_table(const std::string& path, const Table& table, const std::string& sheet_name,
                      const std::set<std::string>& numeric_columns = {});

}  // namespace giamngheo::io
