#include "modules/reports/documents/report_sheet.hpp"

#include <cmath>

#include "kernel/format_vi.hpp"
#include "kernel/labels_vi.hpp"

namespace giamngheo::app {
namespace {

std::string issuer_of(const ReportUnit& unit) {
    if (unit.code.empty()) return "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG";
    return upper_vi("UBND " + unit.name);
}

std::string decimal(double value, int decimals) {
    std::string text = format_decimal_vi(value, decimals);
    if (text.find(',') != std::string::npos) {
        while (text.back() == '0') text.pop_back();
        if (text.back() == ',') text.pop_back();
    }
    return text;
}

}  // namespace

std::string printed_cell(const reports::ReportForm& form, const reports::CellSpec& spec, const reports::CellValue& value) {
    using reports::CellType;
    if (spec.type == CellType::text) return value.text;
    if (!value.number) return "—";
    const double v = *value.number;
    switch (spec.type) {
        case CellType::money:
            return form.money_in_millions ? decimal(v / 1e6, 3) : format_integer_vi(static_cast<std::int64_t>(std::llround(v)));
        case CellType::percent: return decimal(v, 2);
        case CellType::number: return decimal(v, 2);
        default: return format_integer_vi(static_cast<std::int64_t>(std::llround(v)));
    }
}

io::PrintedSheet report_sheet(const ReportView& view, const std::string& parent_name) {
    const reports::ReportForm& form = *view.form;
    io::PrintedSheet sheet;
    sheet.sheet_name = form.code;
    sheet.issuer_above = parent_name.empty() ? "" : upper_vi(parent_name);
    sheet.issuer = issuer_of(view.unit);
    sheet.title = upper_vi(form.title_vi);
    sheet.subtitle = {"Kỳ báo cáo: " + view.period.label_vi() + " — " + view.unit.name,
                      "(" + form.legal_source_vi + (form.provisional ? "; bố cục tạm tính" : "") + ")"};
    sheet.columns = {{"TT", 5, false}, {"Chỉ tiêu", 48, false}, {"Đơn vị tính", 12, false}};
    for (const auto& c : form.columns) sheet.columns.push_back({c.label_vi, 16, false});
    int number = 0;
    for (const auto& section : form.sections) {
        if (!section.title_vi.empty()) sheet.rows.push_back({io::PrintedRow::Kind::group, {section.title_vi}});
        for (const auto& row : section.rows) {
            io::PrintedRow printed;
            printed.cells = {std::to_string(++number), row.label_vi, row.unit_vi};
            if (row.narrative) {
                const auto it = view.cells.find(row.key + ".text");
                printed.cells.push_back(it == view.cells.end() ? "" : it->second.value.text);
                for (std::size_t i = 1; i < form.columns.size(); ++i) printed.cells.emplace_back();
            } else {
                for (const auto& c : form.columns) {
                    const auto spec = row.cells.find(c.key);
                    const auto cell = view.cells.find(row.key + "." + c.key);
                    printed.cells.push_back(spec == row.cells.end() || cell == view.cells.end()
                                                ? ""
                                                : printed_cell(form, spec->second, cell->second.value));
                }
            }
            sheet.rows.push_back(std::move(printed));
        }
    }
    sheet.place_and_date = (view.unit.code.empty() ? std::string("Hà Nội") : view.unit.name) + ", ngày .... tháng .... năm " +
                           std::to_string(view.period.year + (view.period.kind == reports::PeriodKind::year ? 1 : 0));
    sheet.signatures = {"NGƯỜI LẬP BIỂU", view.unit.code.empty() ? "THỦ TRƯỞNG ĐƠN VỊ" : "CHỦ TỊCH"};
    return sheet;
}

io::PrintedSheet board_sheet(const Board& board, const std::string& parent_name) {
    io::PrintedSheet sheet;
    sheet.sheet_name = "tinh-hinh-bao-cao";
    sheet.issuer_above = parent_name.empty() ? "" : upper_vi(parent_name);
    sheet.issuer = issuer_of(board.unit);
    sheet.title = "TÌNH HÌNH GỬI BÁO CÁO " + upper_vi(board.period.label_vi());
    sheet.subtitle = {board.unit.name};
    sheet.columns = {{"TT", 5, false},      {"Đơn vị", 32, false},     {"Biểu", 30, false},
                     {"Trạng thái", 16, false}, {"Hạn gửi", 12, false}, {"Đúng hạn / trễ", 16, false},
                     {"Người thao tác cuối", 20, false}};
    int number = 0;
    for (const auto& rows : {&board.own, &board.rows})
        for (const auto& r : *rows) {
            std::string timing;
            if (r.days_late) timing = "Trễ " + std::to_string(*r.days_late) + " ngày";
            else if (r.on_time) timing = "Đúng hạn";
            else if (r.days_left) timing = "Còn " + std::to_string(*r.days_left) + " ngày";
            std::string form_name = r.form;
            for (const auto* f : board.forms)
                if (f->code == r.form) form_name = f->short_vi;
            sheet.rows.push_back({io::PrintedRow::Kind::item,
                                  {std::to_string(++number), r.unit.name, form_name,
                                   label_vi("report_state", reports::to_string(r.status.state)),
                                   r.deadline ? r.deadline->date.vietnamese() : "—", timing, r.status.last.by}});
        }
    for (const auto& rate : board.rates) {
        const auto percent = [&](int n) { return rate.expected ? decimal(100.0 * n / rate.expected, 1) + "%" : "—"; };
        std::string form_name = rate.form;
        for (const auto* f : board.forms)
            if (f->code == rate.form) form_name = f->short_vi;
        sheet.rows.push_back({io::PrintedRow::Kind::total,
                              {form_name + ": tỷ lệ báo cáo " + percent(rate.submitted) + ", đúng hạn " + percent(rate.on_time) +
                               " (" + std::to_string(rate.submitted) + "/" + std::to_string(rate.expected) + " đơn vị)"}});
    }
    sheet.place_and_date = ", ngày .... tháng .... năm ....";
    sheet.signatures = {"NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ"};
    return sheet;
}

}  // namespace giamngheo::app
