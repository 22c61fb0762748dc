#include "platform/xlsx.hpp"
#include "kernel/errors.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <stdexcept>

#include <orcus/orcus_xlsx.hpp>
#include <orcus/spreadsheet/import_interface.hpp>
#include <xlsxwriter.h>

namespace giamngheo::io {
namespace {

namespace ss = orcus::spreadsheet;

std::string number_text(double value) {
    if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 9.2e18)
        return std::to_string(static_cast<long long>(value));
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    return std::string(buf, end);
}

class SharedStrings final : public ss::iface::import_shared_strings {
public:
    std::size_t append(std::string_view s) override {
        strings_.emplace_back(s);
        return strings_.size() - 1;
    }
    std::size_t add(std::string_view s) override {
        auto it = index_.find(std::string(s));
        if (it != index_.end()) return it->second;
        const std::size_t id = append(s);
        index_.emplace(std::string(s), id);
        return id;
    }
    void set_segment_font(std::size_t) override {}
    void set_segment_bold(bool) override {}
    void set_segment_italic(bool) override {}
    void set_segment_font_name(std::string_view) override {}
    void set_segment_font_size(double) override {}
    void set_segment_font_color(ss::color_elem_t, ss::color_elem_t, ss::color_elem_t, ss::color_elem_t) override {}
    void append_segment(std::string_view s) override { segments_ += s; }
    std::size_t commit_segments() override {
        const std::size_t id = append(segments_);
        segments_.clear();
        return id;
    }
    [[nodiscard]] const std::string& at(std::size_t id) const { return strings_.at(id); }

private:
    std::vector<std::string> strings_;
    std::map<std::string, std::size_t> index_;
    std::string segments_;
};

class CapturedSheet final : public ss::iface::import_sheet {
public:
    explicit CapturedSheet(const SharedStrings& strings) : strings_(strings) {}
    void set_auto(ss::row_t row, ss::col_t col, std::string_view s) override { put(row, col, std::string(s)); }
    void set_string(ss::row_t row, ss::col_t col, ss::string_id_t id) override { put(row, col, strings_.at(id)); }
    void set_value(ss::row_t row, ss::col_t col, double value) override {
        put(row, col, number_text(value));
        numbers.insert({row, col});
    }
    void set_bool(ss::row_t row, ss::col_t col, bool value) override { put(row, col, value ? "1" : "0"); }
    void set_date_time(ss::row_t row, ss::col_t col, int y, int m, int d, int, int, double) override {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
        put(row, col, buf);
    }
    void set_format(ss::row_t, ss::col_t, std::size_t) override {}
    void set_format(ss::row_t, ss::col_t, ss::row_t, ss::col_t, std::size_t) override {}
    void fill_down_cells(ss::row_t, ss::col_t, ss::row_t) override {}
    ss::range_size_t get_sheet_size() const override { return {1048576, 16384}; }

    std::map<ss::row_t, std::map<ss::col_t, std::string>> cells;
    std::set<std::pair<ss::row_t, ss::col_t>> numbers;

private:
    void put(ss::row_t row, ss::col_t col, std::string value) {
        // A sheet is held as cells in memory: refuse one larger than any the formats need.
        if (++cell_count_ > kMaxCells)
            throw FileProblem({"", row + 1, "", "trang tính có hơn " + std::to_string(kMaxCells) +
                                                    " ô; hãy chia dữ liệu thành nhiều tệp"});
        cells[row][col] = std::move(value);
    }
    static constexpr std::size_t kMaxCells = 30'000'000;
    std::size_t cell_count_ = 0;
    const SharedStrings& strings_;
};

// Resolves A1-style references ("B7", "A1:C9"), which the reader needs for sheet dimensions.
class A1Resolver final : public ss::iface::import_reference_resolver {
public:
    ss::src_address_t resolve_address(std::string_view text) override {
        ss::src_address_t address{0, 0, 0};
        std::size_t i = 0;
        while (i < text.size() && text[i] == '$') ++i;
        ss::col_t column = 0;
        for (; i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])); ++i)
            column = column * 26 + (std::toupper(static_cast<unsigned char>(text[i])) - 'A' + 1);
        while (i < text.size() && text[i] == '$') ++i;
        ss::row_t row = 0;
        for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) row = row * 10 + (text[i] - '0');
        address.column = column > 0 ? column - 1 : 0;
        address.row = row > 0 ? row - 1 : 0;
        return address;
    }
    ss::src_range_t resolve_range(std::string_view text) override {
        const auto colon = text.find(':');
        const ss::src_address_t first = resolve_address(text.substr(0, colon));
        return {first, colon == std::string_view::npos ? first : resolve_address(text.substr(colon + 1))};
    }
};

class FirstSheetFactory final : public ss::iface::import_factory {
public:
    ss::iface::import_shared_strings* get_shared_strings() override { return &strings_; }
    ss::iface::import_reference_resolver* get_reference_resolver(ss::formula_ref_context_t) override { return &resolver_; }
    ss::iface::import_sheet* append_sheet(ss::sheet_t, std::string_view name) override {
        sheets_.push_back(std::make_unique<CapturedSheet>(strings_));
        names_.emplace_back(name);
        return sheets_.back().get();
    }
    ss::iface::import_sheet* get_sheet(std::string_view name) override {
        for (std::size_t i = 0; i < names_.size(); ++i)
            if (names_[i] == name) return sheets_[i].get();
        return nullptr;
    }
    ss::iface::import_sheet* get_sheet(ss::sheet_t index) override {
        return index >= 0 && static_cast<std::size_t>(index) < sheets_.size() ? sheets_[static_cast<std::size_t>(index)].get()
                                                                               : nullptr;
    }
    void finalize() override {}
    [[nodiscard]] const CapturedSheet* first() const { return sheets_.empty() ? nullptr : sheets_.front().get(); }
    [[nodiscard]] std::string first_name() const { return names_.empty() ? std::string() : names_.front(); }

private:
    SharedStrings strings_;
    A1Resolver resolver_;
    std::vector<std::unique_ptr<CapturedSheet>> sheets_;
    std::vector<std::string> names_;
};

void check(lxw_error error, const std::string& path) {
    if (error != LXW_NO_ERROR) throw_fault(path + ": không ghi được tệp Excel (" + lxw_strerror(error) + ")");
}

// Reads the workbook into `factory`, refusing what is not a readable spreadsheet within `limits`.
void read_workbook(std::string_view bytes, const std::string& source, const ZipLimits& limits, FirstSheetFactory& factory) {
    auto refuse = [&](long row, const std::string& message) { throw FileProblem({source, row, "", message}); };
    try {
        (void)check_zip(bytes, source, limits);
    } catch (const Error& e) {
        const std::string_view message = e.what();
        refuse(0, std::string(message.starts_with(source + ": ") ? message.substr(source.size() + 2) : message));
    }
    try {
        orcus::orcus_xlsx reader(&factory);
        reader.read_stream(bytes);
    } catch (const FileProblem& e) {
        refuse(e.problem().row, e.problem().message);
    } catch (const std::exception& e) {
        refuse(0, std::string("không đọc được tệp Excel: nội dung không đúng định dạng .xlsx (") + e.what() + ")");
    }
}

}  // namespace

XlsxGrid read_xlsx_grid(std::string_view bytes, const std::string& source, const ZipLimits& limits) {
    FirstSheetFactory factory;
    read_workbook(bytes, source, limits, factory);
    XlsxGrid grid;
    grid.sheet_name = factory.first_name();
    if (const CapturedSheet* sheet = factory.first())
        for (const auto& [row, columns] : sheet->cells)
            for (const auto& [col, text] : columns)
                if (!text.empty()) grid.cells[row][col] = {text, sheet->numbers.count({row, col}) > 0};
    return grid;
}

Table read_xlsx_bytes(std::string_view bytes, const std::string& source, const ZipLimits& limits) {
    auto refuse = [&](long row, const std::string& message) { throw FileProblem({source, row, "", message}); };
    FirstSheetFactory factory;
    read_workbook(bytes, source, limits, factory);
    Table table;
    table.source = source;
    const CapturedSheet* sheet = factory.first();
    if (!sheet || sheet->cells.empty()) refuse(0, "trang tính đầu tiên rỗng, thiếu dòng tiêu đề");
    auto row = sheet->cells.begin();
    if (row->first != 0) refuse(1, "dòng 1 phải là dòng tiêu đề");
    ss::col_t width = 0;
    for (const auto& [col, value] : row->second) width = std::max(width, col + 1);
    table.header.assign(static_cast<std::size_t>(width), "");
    for (const auto& [col, value] : row->second) table.header[static_cast<std::size_t>(col)] = value;
    while (!table.header.empty() && table.header.back().empty()) table.header.pop_back();
    for (++row; row != sheet->cells.end(); ++row) {
        std::vector<std::string> fields(table.header.size());
        bool any = false;
        for (const auto& [col, value] : row->second) {
            if (static_cast<std::size_t>(col) >= fields.size()) {
                if (!value.empty())
                    throw FileProblem({source, row->first + 1, std::to_string(col + 1),
                                       "có dữ liệu ở cột không có tiêu đề"});
                continue;
            }
            fields[static_cast<std::size_t>(col)] = value;
            any = any || !value.empty();
        }
        if (!any) continue;
        table.rows.push_back(std::move(fields));
        table.row_numbers.push_back(row->first + 1);
    }
    return table;
}

Table read_xlsx_table(const std::string& path) { return read_xlsx_bytes(read_file(path), path); }

namespace {

// Widths, text formats and drop-down lists of a sheet people fill in (XlsxSheet's fill fields).
void prepare_for_filling(lxw_worksheet* sheet, const XlsxSheet& entry, lxw_format* text) {
    const auto& header = entry.table->header;
    for (std::size_t c = 0; c < header.size(); ++c) {
        const auto col = static_cast<lxw_col_t>(c);
        const auto width = entry.widths.find(header[c]);
        const bool as_text = entry.text_columns.count(header[c]) > 0;
        if (width != entry.widths.end() || as_text)
            worksheet_set_column(sheet, col, col, width != entry.widths.end() ? width->second : LXW_DEF_COL_WIDTH,
                                 as_text ? text : nullptr);
        const auto choice = entry.choices.find(header[c]);
        if (choice == entry.choices.end() || entry.fill_rows <= 0) continue;
        lxw_data_validation validation{};
        validation.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
        std::string source = choice->second.source;
        validation.value_formula = source.data();
        validation.show_error = choice->second.strict ? LXW_VALIDATION_ON : LXW_VALIDATION_OFF;
        std::string prompt = choice->second.prompt;
        if (!prompt.empty()) validation.input_message = prompt.data();
        worksheet_data_validation_range(sheet, 1, col, static_cast<lxw_row_t>(entry.fill_rows), col, &validation);
    }
}

}  // namespace

void write_xlsx(const std::string& path, const std::vector<XlsxSheet>& sheets) {
    lxw_workbook_options options{};
    options.constant_memory = LXW_FALSE;
    options.use_zip64 = LXW_TRUE;
    lxw_workbook* workbook = workbook_new_opt(path.c_str(), &options);
    if (!workbook) throw_fault(path + ": không tạo được tệp Excel");
    lxw_format* bold = workbook_add_format(workbook);
    format_set_bold(bold);
    format_set_text_wrap(bold);
    lxw_format* percent = workbook_add_format(workbook);
    format_set_num_format(percent, "0.00%");
    lxw_format* text = workbook_add_format(workbook);
    format_set_num_format(text, "@");
    for (const XlsxSheet& entry : sheets) {
        const Table& table = *entry.table;
        lxw_worksheet* sheet = workbook_add_worksheet(workbook, entry.name.c_str());
        if (!sheet) {
            workbook_close(workbook);
            throw_fault(path + ": tên trang tính không hợp lệ: " + entry.name);
        }
        std::vector<int> kind(table.header.size(), 0);  // 0 text, 1 number, 2 percent
        for (std::size_t c = 0; c < table.header.size(); ++c) {
            worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), table.header[c].c_str(), bold);
            if (entry.percent_columns.count(table.header[c])) kind[c] = 2;
            else if (entry.numeric_columns.count(table.header[c])) kind[c] = 1;
        }
        worksheet_freeze_panes(sheet, 1, 0);
        prepare_for_filling(sheet, entry, text);
        for (std::size_t r = 0; r < table.rows.size(); ++r) {
            const auto row = static_cast<lxw_row_t>(r + 1);
            for (std::size_t c = 0; c < table.rows[r].size() && c < table.header.size(); ++c) {
                const std::string& text = table.rows[r][c];
                if (text.empty()) continue;
                const auto col = static_cast<lxw_col_t>(c);
                double number = 0;
                if (kind[c] != 0) {
                    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
                    if (ec == std::errc() && end == text.data() + text.size()) {
                        worksheet_write_number(sheet, row, col, number, kind[c] == 2 ? percent : nullptr);
                        continue;
                    }
                }
                worksheet_write_string(sheet, row, col, text.c_str(), nullptr);
            }
        }
    }
    check(workbook_close(workbook), path);
}

void write_xlsx_table(const std::string& path, const Table& table, const std::string& sheet_name,
                      const std::set<std::string>& numeric_columns) {
    write_xlsx(path, {XlsxSheet{sheet_name, &table, numeric_columns, {}}});
}

}  // namespace giamngheo::io
