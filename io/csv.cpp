#include "io/csv.hpp"

#include <stdexcept>

namespace giamngheo::io {

CsvReader::CsvReader(std::string_view text) : text_(text) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

bool CsvReader::next(std::vector<std::string>& fields) {
    fields.clear();
    if (pos_ >= text_.size()) return false;
    record_line_ = next_line_;
    std::string field;
    const std::size_t n = text_.size();
    while (true) {
        if (pos_ < n && text_[pos_] == '"') {
            ++pos_;
            while (true) {
                const std::size_t quote = text_.find('"', pos_);
                if (quote == std::string_view::npos)
                    throw std::runtime_error("dòng " + std::to_string(record_line_) + ": thiếu dấu ngoặc kép đóng");
                const std::string_view chunk = text_.substr(pos_, quote - pos_);
                for (char c : chunk)
                    if (c == '\n') ++next_line_;
                field.append(chunk);
                pos_ = quote + 1;
                if (pos_ < n && text_[pos_] == '"') {
                    field += '"';
                    ++pos_;
                } else {
                    break;
                }
            }
        }
        // Unquoted part (or what follows a closing quote) up to the delimiter.
        const std::size_t end = text_.find_first_of(",\n", pos_);
        std::string_view rest = text_.substr(pos_, (end == std::string_view::npos ? n : end) - pos_);
        if (!rest.empty() && rest.back() == '\r' && (end == std::string_view::npos || text_[end] == '\n'))
            rest.remove_suffix(1);
        field.append(rest);
        fields.push_back(std::move(field));
        field.clear();
        if (end == std::string_view::npos) {
            pos_ = n;
            return true;
        }
        pos_ = end + 1;
        if (text_[end] == '\n') {
            ++next_line_;
            return true;
        }
    }
}

void append_csv_field(std::string& out, std::string_view field) {
    // One pass to decide whether quoting is needed (most fields are plain codes and numbers).
    bool plain = true;
    for (char c : field) {
        if (c == ',' || c == '"' || c == '\r' || c == '\n') {
            plain = false;
            break;
        }
    }
    if (plain) {
        out.append(field);
        return;
    }
    out += '"';
    for (char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

void append_csv_row(std::string& out, const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) out += ',';
        append_csv_field(out, fields[i]);
    }
    out += '\n';
}

void write_csv_row(std::ostream& out, const std::vector<std::string>& fields) {
    std::string line;
    append_csv_row(line, fields);
    out << line;
}

bool is_valid_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        const std::size_t extra = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 && c >= 0xC2 ? 1 : (c & 0xF0) == 0xE0 ? 2
                                  : (c & 0xF8) == 0xF0 && c <= 0xF4 ? 3 : 99;
        if (extra == 99 || i + extra >= text.size() + (extra == 0 ? 1 : 0)) return false;
        for (std::size_t k = 1; k <= extra; ++k)
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
        i += extra + 1;
    }
    return true;
}

}  // namespace giamngheo::io
