// A sheet of text cells with a header row, read from CSV or XLSX, so that every importer
// validates one shape and reports problems by file, row and column alike.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace giamngheo::io {

struct Table {
    std::string source;  // file name shown in messages
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<long> row_numbers;  // the row number a user sees (CSV line / spreadsheet row)
};

// Parses CSV text. Throws std::runtime_error (with the line) on malformed CSV or invalid UTF-8.
[[nodiscard]] Table parse_csv_table(std::string_view text, const std::string& source);
[[nodiscard]] std::string to_csv(const Table& table);

// Reads a file into memory. Throws std::runtime_error naming the file when it cannot be read.
[[nodiscard]] std::string read_file(const std::string& path);
// Writes atomically: to a temporary file in the same directory, then renamed over `path`.
void write_file_atomically(const std::string& path, std::string_view content);

// Reads CSV or XLSX by extension (.xlsx → the first sheet).
[[nodiscard]] Table read_table(const std::string& path);
// Writes CSV or XLSX by extension.
void write_table(const std::string& path, const Table& table);

}  // namespace giamngheo::io
