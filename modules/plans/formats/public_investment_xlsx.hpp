// The public-investment plan of year N+1 as a printed spreadsheet, and that spreadsheet read back
// once an officer has filled it in. One sheet: part A (year N: allocated, disbursed by mid-year,
// estimated for the year; then the targets' results) and part B (year N+1: money requested and
// proposed; then the targets), a row per node and measure with the node's code, amounts in
// million VND by source × fund kind with the row's total ("Tổng số"), subtotals of the projects
// whose sub-projects have rows and the total of each measure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modules/plans/domain/public_investment.hpp"
#include "platform/printed_sheet.hpp"
#include "platform/table.hpp"
#include "platform/xlsx.hpp"

namespace giamngheo::io {

[[nodiscard]] PrintedSheet public_investment_sheet(const Plan& plan, const PublicInvestmentLayout& layout,
                                                   const PlanRules& rules);

// How a target stands in the layout: its printed text (or its year and value), then the value
// reached: "Giảm tỷ lệ hộ nghèo còn 4,7%; thực hiện: 4,5%".
[[nodiscard]] std::string layout_target_text(const Target& target);

// One row of amounts as typed: the part (results | plan), the node (empty: the total), the
// measure, each column and the row's total in VND (an empty cell is 0).
struct TypedLayoutRow {
    std::string part;
    std::string node;
    std::string measure;
    long row = 0;  // 0-based row of the grid
    std::vector<std::int64_t> by_column;
    std::int64_t total = 0;
};
struct TypedLayout {
    std::string file;  // "ke-hoach.xlsx (trang Kế hoạch ĐTC 2026)": how problems name the file
    std::vector<TypedLayoutRow> rows;
    std::vector<Problem> problems;
    long first_amount_column = 0;  // the grid column of "Tổng số"; the layout's columns follow it
};
// Reads the sheet written by public_investment_sheet for `layout` (same headings, known nodes and
// measures, each row at most once; every amount a number in million VND to the đồng).
[[nodiscard]] TypedLayout read_public_investment_sheet(const PublicInvestmentLayout& layout, const XlsxGrid& grid,
                                                       const std::string& source, const PlanRules& rules);

// "C", "AA": the spreadsheet's name of a 0-based column.
[[nodiscard]] std::string spreadsheet_column(long column);
// 1234500000 → "1.234,5" (million VND, Vietnamese style, to the đồng).
[[nodiscard]] std::string million_text(std::int64_t vnd);

}  // namespace giamngheo::io
