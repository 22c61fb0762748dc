// A report filled in Excel, read back: the printed layout of modules/reports/documents (national
// heading, then a table TT | Chỉ tiêu | Đơn vị tính | the form's columns). Every entered cell is
// taken from its row and column; the layout (headings, each row's label) must be the form's, and
// every problem is reported with the sheet, the row and the column as the officer sees them.
#pragma once

#include <string>
#include <vector>

#include "modules/reports/domain/report_form.hpp"
#include "platform/table.hpp"
#include "platform/xlsx.hpp"

namespace giamngheo::reports {

struct SheetEntries {
    CellValues entered;  // every entered cell of the form: a value, or empty when the sheet leaves it blank
    std::vector<io::Problem> problems;
};

[[nodiscard]] SheetEntries read_report_sheet(const ReportForm& form, const io::XlsxGrid& grid, const std::string& source);

// A number as an officer types it: 1.234.567 or 1234567; 5,49 (a decimal comma); a number cell of
// the spreadsheet as it is. nullopt when it is none of these (a sign included: entries are not negative).
[[nodiscard]] std::optional<double> parse_typed_number(const io::XlsxCell& cell);

}  // namespace giamngheo::reports
