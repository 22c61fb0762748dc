// A sheet of text cells with a header row, read from CSV or XLSX, so that every importer
// validates one shape and reports problems by file, row and column alike.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kernel/errors.hpp"

namespace giamngheo::io {

// Something wrong in a file the user gave, where a user sees it.
struct Problem {
    std::string file;
    long row = 0;  // 0: the file as a whole; 1: the header
    std::string column;
    std::string message;
};
[[nodiscard]] std::string format_problem(const Problem& p);

// A problem that stops a file from being read at all (its text is not UTF-8, a quote is never
// closed, it is not a spreadsheet): an invalid-input Error that also says where.
class FileProblem : public Error {
  public:
    explicit FileProblem(Problem problem)
        : Error(ErrorKind::invalid_input, "invalid_file", format_problem(problem), problem.column),
          problem_(std::move(problem)) {}
    [[nodiscard]] const Problem& problem() const { return problem_; }

  private:
    Problem problem_;
};

// The problem `message` at byte `offset` of the CSV text `range`, which starts a record on line
// `first_line` of the file: its line, and its column named by `header` (by number beyond it).
[[nodiscard]] Problem csv_problem_at(std::string_view range, std::size_t offset, long first_line,
                                     const std::vector<std::string>& header, const std::string& source,
                                     const std::string& message);
// Where the first byte of `text` is that no cell may hold (invalid UTF-8 or NUL), with the
// reason; text.size() when there is none.
struct BadByte {
    std::size_t offset = 0;
    std::string reason;
};
[[nodiscard]] BadByte first_bad_byte(std::string_view text);

struct Table {
    std::string source;  // file name shown in messages
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<long> row_numbers;  // the row number a user sees (CSV line / spreadsheet row)
};

// Parses CSV text. Throws FileProblem (with the line and column) on malformed CSV, invalid UTF-8
// or a NUL byte.
[[nodiscard]] Table parse_csv_table(std::string_view text, const std::string& source);
[[nodiscard]] std::string to_csv(const Table& table);

// Reads a file into memory. Throws Error (invalid_input) naming the file when it cannot be read.
[[nodiscard]] std::string read_file(const std::string& path);
// Writes atomically: to a temporary file in the same directory, then renamed over `path`.
void write_file_atomically(const std::string& path, std::string_view content);

// Reads CSV or XLSX by extension (.xlsx → the first sheet).
[[nodiscard]] Table read_table(const std::string& path);
// Writes CSV or XLSX by extension.
void write_table(const std::string& path, const Table& table);

}  // namespace giamngheo::io
