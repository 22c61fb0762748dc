#include "platform/table.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "platform/csv.hpp"
#include "platform/utf8.hpp"
#include "platform/sequential_file.hpp"
#include "platform/xlsx.hpp"

namespace giamngheo::io {
namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() &&
           std::equal(suffix.rbegin(), suffix.rend(), text.rbegin(),
                      [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
}

}  // namespace

std::string format_problem(const Problem& p) {
    std::string where = p.file;
    if (p.row > 0) where += ", dòng " + std::to_string(p.row);
    if (!p.column.empty()) where += ", cột " + p.column;
    return where + ": " + p.message;
}

Problem csv_problem_at(std::string_view range, std::size_t offset, long first_line,
                       const std::vector<std::string>& header, const std::string& source,
                       const std::string& message) {
    offset = std::min(offset, range.size());
    long line = first_line;
    std::size_t field = 0;
    // As CsvReader reads: a quote opens a quoted field only at the field's start ("" inside one
    // is a quote); anywhere else it is a character of the field.
    bool quoted = false, field_start = true, after_close = false;
    for (std::size_t i = 0; i < offset; ++i) {
        const char c = range[i];
        if (c == '\n') ++line;
        const bool opens = c == '"' && !quoted && (field_start || after_close);
        after_close = c == '"' && quoted;
        if (after_close) quoted = false;
        else if (opens) quoted = true;
        else if (!quoted && c == ',') ++field;
        else if (!quoted && c == '\n') field = 0;
        field_start = !quoted && (c == ',' || c == '\n');
    }
    const std::string column = field < header.size() && !header[field].empty() ? header[field]
                                                                               : std::to_string(field + 1);
    return {source, line, column, message};
}

BadByte first_bad_byte(std::string_view text) {
    const std::size_t nul = text.find('\0');
    const std::size_t invalid = is_valid_utf8(text.substr(0, nul)) ? nul : first_invalid_utf8(text.substr(0, nul));
    if (invalid == std::string_view::npos) return {text.size(), ""};
    if (invalid == nul) return {nul, "ô chứa ký tự NUL (mã 0); hãy lưu lại tệp dạng CSV UTF-8"};
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[invalid]));
    return {invalid, std::string("văn bản không phải UTF-8 hợp lệ (byte ") + byte +
                         "); hãy lưu lại tệp dạng \"CSV UTF-8\""};
}

Table parse_csv_table(std::string_view text, const std::string& source) {
    Table table;
    table.source = source;
    CsvReader reader(text);
    std::vector<std::string> fields;
    try {
        if (!reader.next(fields)) throw FileProblem({source, 0, "", "tệp rỗng, thiếu dòng tiêu đề"});
        table.header = fields;
        if (const BadByte bad = first_bad_byte(text); !bad.reason.empty())
            throw FileProblem(csv_problem_at(text, bad.offset, 1, table.header, source, bad.reason));
        while (reader.next(fields)) {
            if (fields.size() == 1 && fields[0].empty()) continue;  // blank line
            table.rows.push_back(fields);
            table.row_numbers.push_back(reader.line());
        }
    } catch (const CsvSyntaxError& e) {
        throw FileProblem(csv_problem_at(text, e.offset(), 1, table.header, source, e.what()));
    }
    return table;
}

std::string to_csv(const Table& table) {
    std::string out;
    append_csv_row(out, table.header);
    for (const auto& row : table.rows) append_csv_row(out, row);
    return out;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw_invalid_input(path + ": không mở được tệp");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return std::move(buffer).str();
}

void write_file_atomically(const std::string& path, std::string_view content) {
    SequentialFileWriter out(path, PageCache::use, Appearance::when_closed);
    out.write(content);
    out.close();
}

Table read_table(const std::string& path) {
    if (ends_with(path, ".xlsx")) return read_xlsx_table(path);
    return parse_csv_table(read_file(path), path);
}

void write_table(const std::string& path, const Table& table) {
    if (ends_with(path, ".xlsx")) {
        write_xlsx_table(path, table, "Sheet1");
        return;
    }
    write_file_atomically(path, to_csv(table));
}

}  // namespace giamngheo::io
