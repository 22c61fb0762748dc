// RFC 4180 CSV: comma-separated, double-quote quoting, CRLF or LF line ends, one header row.
#pragma once

#include <deque>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace giamngheo::io {

// Reads records one at a time from text held in memory (the caller keeps it alive).
// Quoted fields may span lines; `line()` is the physical line on which the last record
// started (1-based), for error messages. A UTF-8 byte order mark is skipped.
class CsvReader {
public:
    // `first_line`: the line number of the text's first line, when the text is the part of a
    // file that starts there. `file_start` false: the text starts after the file's start, where
    // a byte order mark is a character of the data, not one to skip.
    explicit CsvReader(std::string_view text, long first_line = 1, bool file_start = true);
    // Returns false at end of input. Throws std::runtime_error on an unterminated quote.
    bool next(std::vector<std::string>& fields);
    // The same without copying: unquoted fields are views into the text, quoted ones are
    // unescaped into storage the reader owns. The views stay valid until the next call.
    bool next(std::vector<std::string_view>& fields);
    [[nodiscard]] long line() const { return record_line_; }
    // The line the next record starts on, and where in the text it starts.
    [[nodiscard]] long next_line() const { return next_line_; }
    [[nodiscard]] std::size_t position() const { return pos_; }

private:
    std::string_view text_;
    std::deque<std::string> unquoted_;  // a deque: views into earlier entries survive later ones
    std::size_t pos_ = 0;
    long next_line_;
    long record_line_ = 0;
};

// Appends one field, quoted only when it must be.
void append_csv_field(std::string& out, std::string_view field);
void append_csv_row(std::string& out, const std::vector<std::string>& fields);
void write_csv_row(std::ostream& out, const std::vector<std::string>& fields);

}  // namespace giamngheo::io
