#include "modules/reports/formats/report_xlsx.hpp"

#include <cmath>
#include <cstdlib>

#include "kernel/errors.hpp"
#include "kernel/format_vi.hpp"

namespace giamngheo::reports {
namespace {

constexpr long kFirstFormColumn = 3;  // after TT, Chỉ tiêu, Đơn vị tính

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::string column_letter(long column) {
    std::string out;
    for (long c = column + 1; c > 0; c = (c - 1) / 26) out.insert(out.begin(), static_cast<char>('A' + (c - 1) % 26));
    return out;
}

const io::XlsxCell* at(const io::XlsxGrid& grid, long row, long column) {
    const auto r = grid.cells.find(row);
    if (r == grid.cells.end()) return nullptr;
    const auto c = r->second.find(column);
    return c == r->second.end() ? nullptr : &c->second;
}

std::string text_at(const io::XlsxGrid& grid, long row, long column) {
    const auto* cell = at(grid, row, column);
    return cell ? trim(cell->text) : std::string();
}

}  // namespace

std::optional<double> parse_typed_number(const io::XlsxCell& cell) {
    const std::string text = trim(cell.text);
    if (text.empty()) return std::nullopt;
    if (cell.number) {
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        return end && *end == '\0' ? std::optional<double>(v) : std::nullopt;
    }
    const auto comma = text.find(',');
    const std::string whole = text.substr(0, comma);
    const auto integer = parse_integer_vi(whole);
    if (!integer) return std::nullopt;
    if (comma == std::string::npos) return static_cast<double>(*integer);
    const std::string fraction = text.substr(comma + 1);
    if (fraction.empty() || fraction.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    return static_cast<double>(*integer) + std::strtod(("0." + fraction).c_str(), nullptr);
}

SheetEntries read_report_sheet(const ReportForm& form, const io::XlsxGrid& grid, const std::string& source) {
    SheetEntries out;
    const std::string file = source + (grid.sheet_name.empty() ? "" : " (trang " + grid.sheet_name + ")");
    const auto problem = [&](long row, long column, const std::string& message) {
        out.problems.push_back({file, row + 1, column < 0 ? "" : column_letter(column), message});
    };
    long header = -1;
    for (const auto& [row, cells] : grid.cells)
        if (text_at(grid, row, 0) == "TT" && text_at(grid, row, 1) == "Chỉ tiêu") {
            header = row;
            break;
        }
    if (header < 0) {
        problem(-1, -1, "không thấy bảng của " + form.short_vi + " (dòng tiêu đề bắt đầu bằng \"TT\", \"Chỉ tiêu\"); hãy dùng tệp tải về từ hệ thống");
        return out;
    }
    for (std::size_t i = 0; i < form.columns.size(); ++i) {
        const long column = kFirstFormColumn + static_cast<long>(i);
        const std::string heading = text_at(grid, header, column);
        if (heading != form.columns[i].label_vi)
            problem(header, column, "cần cột \"" + form.columns[i].label_vi + "\" của " + form.short_vi + ", gặp \"" + heading + "\"");
    }
    if (!out.problems.empty()) return out;

    std::vector<const RowSpec*> rows;
    for (const auto& section : form.sections)
        for (const auto& row : section.rows) rows.push_back(&row);
    std::size_t seen = 0;
    for (auto it = grid.cells.upper_bound(header); it != grid.cells.end(); ++it) {
        const long r = it->first;
        const std::string number = text_at(grid, r, 0);
        if (number.empty() || number.find_first_not_of("0123456789") != std::string::npos) continue;  // a group or total row
        const std::size_t index = std::stoul(number) - 1;
        if (index >= rows.size() || index != seen) {
            problem(r, 0, "số thứ tự " + number + " không theo thứ tự các dòng của " + form.short_vi);
            continue;
        }
        ++seen;
        const RowSpec& row = *rows[index];
        if (text_at(grid, r, 1) != row.label_vi) {
            problem(r, 1, "cần chỉ tiêu \"" + row.label_vi + "\", gặp \"" + text_at(grid, r, 1) + "\"");
            continue;
        }
        for (std::size_t i = 0; i < form.columns.size(); ++i) {
            const auto spec = row.cells.find(row.narrative ? "text" : form.columns[i].key);
            if (spec == row.cells.end() || spec->second.kind != CellKind::entered || (row.narrative && i > 0)) continue;
            const long column = kFirstFormColumn + static_cast<long>(i);
            const io::XlsxCell* cell = at(grid, r, column);
            CellValue value;
            if (spec->second.type == CellType::text) {
                if (cell) value.text = trim(cell->text);
            } else if (cell && !trim(cell->text).empty() && trim(cell->text) != "—") {
                const auto number_typed = parse_typed_number(*cell);
                if (!number_typed) {
                    problem(r, column, "cần một số (ví dụ 1.234 hoặc 5,49), gặp \"" + trim(cell->text) + "\"");
                    continue;
                }
                value.number = spec->second.type == CellType::money && form.money_in_millions
                                   ? std::round(*number_typed * 1e6)
                                   : *number_typed;
            }
            try {
                check_entries(form, {{spec->second.id, value}});
            } catch (const Error& e) {
                problem(r, column, e.what());
                continue;
            }
            out.entered[spec->second.id] = value;
        }
    }
    if (seen != rows.size() && out.problems.empty())
        problem(-1, -1, "bảng chỉ có " + std::to_string(seen) + " trong " + std::to_string(rows.size()) + " dòng của " + form.short_vi);
    return out;
}

}  // namespace giamngheo::reports
