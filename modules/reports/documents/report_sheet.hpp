// A report and the status board as officers print them (platform/printed_sheet.hpp): the national
// heading beside the issuing unit, the form's title, period and legal source, the rows with their
// unit of measure, money in million VND where the form says so, and the signature block.
#pragma once

#include <string>

#include "modules/reports/app/board.hpp"
#include "modules/reports/app/reports.hpp"
#include "platform/printed_sheet.hpp"

namespace giamngheo::app {

// A cell as printed: 1.234.567; 5,49; money in million VND when the form says so; "—" when empty.
[[nodiscard]] std::string printed_cell(const reports::ReportForm& form, const reports::CellSpec& spec,
                                       const reports::CellValue& value);

[[nodiscard]] io::PrintedSheet report_sheet(const ReportView& view, const std::string& parent_name);
[[nodiscard]] io::PrintedSheet board_sheet(const Board& board, const std::string& parent_name);

}  // namespace giamngheo::app
