// RFC 4180 CSV: comma-separated, double-quote quoting, CRLF or LF line ends, one header row.
#pragma once

#include <deque>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace giamngheo::io {

// A quoted field that is never closed: `offset` is its opening quote's place in the text.
class CsvSyntaxError : public std::runtime_error {
public:
    explicit CsvSyntaxError(std::size_t offset)
        : std::runtime_error("thiếu dấu ngoặc kép đóng cho giá trị mở bằng dấu ngoặc kép"), offset_(offset) {}
    [[nodiscard]] std::size_t offset() const { return offset_; }

private:
    std::size_t offset_;
};

// Reads records one at a time from text held in memory (the caller keeps it alive).
// Quoted fields may span lines; `line()` is the physical line on which the last record
// started (1-based), for error messages. A UTF-8 byte order mark is skipped.
class CsvReader {
public:
    // `first_line`: the line number of the text's first line, when the text is the part of a
    // file that starts there. `file_start` false: the text starts after the file's start, where
    // a byte order mark is a character of the data, not one to skip.
    explicit CsvReader(std::string_view text, long first_line = 1, bool file_start = true);
    // Returns false at end of input. Throws CsvSyntaxError on an unterminated quote.
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

// Appends one field of a file people open in a spreadsheet, quoted only when it must be. A text
// that a spreadsheet would take for a formula (it starts with = + - @, a tab or a carriage
// return, and is not a plain number) is written after an apostrophe, so that opening the file
// runs nothing (OWASP's "CSV injection"); reading such a cell back gives the text as it was
// (see unneutralised).
void append_csv_field(std::string& out, std::string_view field);
void append_csv_row(std::string& out, const std::vector<std::string>& fields);
void write_csv_row(std::ostream& out, const std::vector<std::string>& fields);
// The same without the apostrophe: for the system's own documents, which no spreadsheet opens.
void append_raw_csv_row(std::string& out, const std::vector<std::string>& fields);

// Whether append_csv_field writes `field` after an apostrophe.
[[nodiscard]] bool looks_like_formula(std::string_view field);
// A cell as read: the apostrophe append_csv_field put before a formula-like text is taken off.
[[nodiscard]] std::string_view unneutralised(std::string_view cell);

}  // namespace giamngheo::io
