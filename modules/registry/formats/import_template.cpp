#include "modules/registry/formats/import_template.hpp"

#include <algorithm>

#include "kernel/labels_vi.hpp"
#include "platform/xlsx.hpp"

namespace giamngheo::io {
namespace {

constexpr long kFillRows = 5000;
constexpr const char* kListsSheet = "Danh mục";

// "A", …, "Z", "AA": the column letters of a 0-based column.
std::string column_letters(std::size_t column) {
    std::string out;
    for (std::size_t n = column + 1; n > 0; n = (n - 1) / 26) out.insert(out.begin(), static_cast<char>('A' + (n - 1) % 26));
    return out;
}

std::size_t characters(const std::string& text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// The choices a column offers, as the template shows them: the code list's Vietnamese labels, or
// the answers of a yes/no column.
std::vector<std::string> choices_of(const InterchangeColumn& column) {
    std::vector<std::string> out;
    CodeField field{};
    if (!column.code_list.empty() && code_field_by_name(column.code_list, field)) {
        for (const auto& code : codes_of(field)) out.push_back(label_vi(column.code_list, code));
    } else if (column.kind == "bool") {
        out = {label_vi("answer", "yes"), label_vi("answer", "no")};
    }
    return out;
}

std::string prompt_of(const InterchangeColumn& column) {
    std::string prompt = column.note;
    if (column.kind == "list") prompt = "Chọn một giá trị, hoặc gõ nhiều giá trị cách nhau bằng dấu chấm phẩy";
    if (column.required) prompt = "Bắt buộc. " + prompt;
    return prompt.size() > 250 ? prompt.substr(0, 250) : prompt;
}

}  // namespace

std::string import_template_name(InterchangeFile file) {
    return file == InterchangeFile::households ? "mau-ho-gia-dinh.xlsx" : "mau-thanh-vien.xlsx";
}

void write_import_template(const std::string& path, InterchangeFile file) {
    const auto& columns = interchange_columns(file);
    Table data, lists, guide, example;
    data.source = lists.source = guide.source = example.source = path;
    XlsxSheet data_sheet{file == InterchangeFile::households ? "Hộ gia đình" : "Thành viên", &data, {}, {}};
    data_sheet.fill_rows = kFillRows;
    guide.header = {"Cột", "Bắt buộc", "Ý nghĩa", "Giá trị được nhận", "Ví dụ"};
    std::vector<std::string> example_row;
    for (const auto& column : columns) {
        data.header.push_back(column.label);
        example.header.push_back(column.label);
        example_row.push_back(column.example);
        const auto choices = choices_of(column);
        std::size_t widest = characters(column.label);
        for (const auto& choice : choices) widest = std::max(widest, characters(choice));
        data_sheet.widths[column.label] = static_cast<double>(std::clamp<std::size_t>(widest + 2, 10, 40));
        if (column.kind == "text" || column.kind == "date") data_sheet.text_columns.insert(column.label);
        std::string accepted;
        for (const auto& choice : choices) accepted += (accepted.empty() ? "" : "; ") + choice;
        guide.rows.push_back({column.label, column.required ? "Có" : "", column.note, accepted, column.example});
        if (choices.empty()) continue;
        const std::size_t at = lists.header.size();
        lists.header.push_back(column.label);
        for (std::size_t i = 0; i < choices.size(); ++i) {
            if (lists.rows.size() <= i) lists.rows.emplace_back();
            lists.rows[i].resize(at + 1);
            lists.rows[i][at] = choices[i];
        }
        const std::string letters = column_letters(at);
        data_sheet.choices[column.label] = {"'" + std::string(kListsSheet) + "'!$" + letters + "$2:$" + letters + "$" +
                                                std::to_string(choices.size() + 1),
                                            column.kind != "list", prompt_of(column)};
    }
    for (auto& row : lists.rows) row.resize(lists.header.size());
    example.rows.push_back(example_row);
    XlsxSheet guide_sheet{"Hướng dẫn", &guide, {}, {}};
    guide_sheet.widths = {{"Cột", 28}, {"Bắt buộc", 10}, {"Ý nghĩa", 48}, {"Giá trị được nhận", 60}, {"Ví dụ", 24}};
    XlsxSheet example_sheet{"Ví dụ", &example, {}, {}};
    for (const auto& column : columns) example_sheet.widths[column.label] = data_sheet.widths[column.label];
    write_xlsx(path, {data_sheet, guide_sheet, example_sheet, XlsxSheet{kListsSheet, &lists, {}, {}}});
}

}  // namespace giamngheo::io
