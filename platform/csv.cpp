#include "platform/csv.hpp"

#include <stdexcept>

namespace giamngheo::io {

CsvReader::CsvReader(std::string_view text, long first_line, bool file_start) : text_(text), next_line_(first_line) {
    if (file_start && text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

bool CsvReader::next(std::vector<std::string>& fields) {
    std::vector<std::string_view> views;
    if (!next(views)) {
        fields.clear();
        return false;
    }
    fields.assign(views.begin(), views.end());
    return true;
}

bool CsvReader::next(std::vector<std::string_view>& fields) {
    fields.clear();
    if (pos_ >= text_.size()) return false;
    record_line_ = next_line_;
    std::size_t quoted = 0;
    const char* const data = text_.data();
    const std::size_t n = text_.size();
    while (true) {
        std::size_t start = pos_;
        std::string* field = nullptr;
        if (pos_ < n && data[pos_] == '"') {
            if (quoted == unquoted_.size()) unquoted_.emplace_back();
            field = &unquoted_[quoted++];
            field->clear();
            ++pos_;
            while (true) {
                const std::size_t quote = text_.find('"', pos_);
                if (quote == std::string_view::npos) throw CsvSyntaxError(start);
                const std::string_view chunk = text_.substr(pos_, quote - pos_);
                for (char c : chunk)
                    if (c == '\n') ++next_line_;
                field->append(chunk);
                pos_ = quote + 1;
                if (pos_ < n && data[pos_] == '"') {
                    *field += '"';
                    ++pos_;
                } else {
                    break;
                }
            }
            start = pos_;
        }
        // Unquoted part (or what follows a closing quote) up to the delimiter.
        std::size_t end = pos_;
        while (end < n && data[end] != ',' && data[end] != '\n') ++end;
        std::string_view rest(data + start, end - start);
        if (!rest.empty() && rest.back() == '\r' && (end == n || data[end] == '\n')) rest.remove_suffix(1);
        if (field) {
            field->append(rest);
            fields.emplace_back(*field);
        } else {
            fields.push_back(rest);
        }
        if (end == n) {
            pos_ = n;
            return true;
        }
        pos_ = end + 1;
        if (data[end] == '\n') {
            ++next_line_;
            return true;
        }
    }
}

namespace {

bool is_plain_number(std::string_view text) {
    std::size_t i = text.front() == '-' || text.front() == '+' ? 1 : 0;
    bool digits = false, dot = false;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') digits = true;
        else if (c == '.' && !dot) dot = true;
        else return false;
    }
    return digits;
}

void append_quoted_if_needed(std::string& out, std::string_view field) {
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

}  // namespace

bool looks_like_formula(std::string_view field) {
    if (field.empty()) return false;
    const char c = field.front();
    return (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') && !is_plain_number(field);
}

std::string_view unneutralised(std::string_view cell) {
    if (cell.size() >= 2 && cell.front() == '\'' && looks_like_formula(cell.substr(1))) cell.remove_prefix(1);
    return cell;
}

void append_csv_field(std::string& out, std::string_view field) {
    if (looks_like_formula(field)) {
        std::string guarded = "'";
        guarded.append(field);
        append_quoted_if_needed(out, guarded);
        return;
    }
    append_quoted_if_needed(out, field);
}

void append_csv_row(std::string& out, const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) out += ',';
        append_csv_field(out, fields[i]);
    }
    out += '\n';
}

void append_raw_csv_row(std::string& out, const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) out += ',';
        append_quoted_if_needed(out, fields[i]);
    }
    out += '\n';
}

void write_csv_row(std::ostream& out, const std::vector<std::string>& fields) {
    std::string line;
    append_csv_row(line, fields);
    out << line;
}

}  // namespace giamngheo::io
