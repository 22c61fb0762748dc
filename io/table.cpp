#include "io/table.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "io/csv.hpp"
#include "io/utf8.hpp"
#include "io/sequential_file.hpp"
#include "io/xlsx.hpp"

namespace giamngheo::io {
namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() &&
           std::equal(suffix.rbegin(), suffix.rend(), text.rbegin(),
                      [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
}

}  // namespace

Table parse_csv_table(std::string_view text, const std::string& source) {
    if (!is_valid_utf8(text)) throw std::runtime_error(source + ": tệp không phải UTF-8 hợp lệ");
    Table table;
    table.source = source;
    CsvReader reader(text);
    std::vector<std::string> fields;
    try {
        if (!reader.next(fields)) throw std::runtime_error("tệp rỗng, thiếu dòng tiêu đề");
        table.header = fields;
        while (reader.next(fields)) {
            if (fields.size() == 1 && fields[0].empty()) continue;  // blank line
            table.rows.push_back(fields);
            table.row_numbers.push_back(reader.line());
        }
    } catch (const std::runtime_error& e) {
        throw std::runtime_error(source + ": " + e.what());
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
    if (!in) throw std::runtime_error(path + ": không mở được tệp");
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
