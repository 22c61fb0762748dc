// Where and why a plan document is not JSON, in Vietnamese (plan_json_detail.hpp).
#include <cctype>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "modules/plans/formats/plan_json_detail.hpp"

namespace giamngheo::io {
namespace {

using nlohmann::json;

// Follows the key path while a document is parsed, to say where a syntax error is.
class PathTracker : public nlohmann::json_sax<json> {
public:
    std::string error;

    bool null() override { return value(); }
    bool boolean(bool) override { return value(); }
    bool number_integer(number_integer_t) override { return value(); }
    bool number_unsigned(number_unsigned_t) override { return value(); }
    bool number_float(number_float_t, const string_t&) override { return value(); }
    bool string(string_t&) override { return value(); }
    bool binary(binary_t&) override { return value(); }
    bool start_object(std::size_t) override {
        frames_.push_back({false, 0, {}});
        return true;
    }
    bool key(string_t& k) override {
        frames_.back().key = k;
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override {
        frames_.push_back({true, 0, {}});
        return true;
    }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t position, const std::string& token, const nlohmann::detail::exception&) override {
        position_ = position;
        token_ = token;
        return false;
    }

    [[nodiscard]] std::string path() const {
        std::string out;
        for (const auto& f : frames_) {
            if (f.array) out += "[" + std::to_string(f.index) + "]";
            else if (!f.key.empty()) out += (out.empty() ? "" : ".") + f.key;
        }
        return out;
    }
    [[nodiscard]] std::size_t position() const { return position_; }
    [[nodiscard]] const std::string& token() const { return token_; }

private:
    struct Frame {
        bool array = false;
        std::size_t index = 0;
        std::string key;
    };
    bool value() {
        if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
        return true;
    }
    bool close() {
        frames_.pop_back();
        return value();
    }
    std::vector<Frame> frames_;
    std::size_t position_ = 0;
    std::string token_;
};

// "dòng 12, cột 31 (sau budget_lines[3].amount_vnd): ..." in Vietnamese, for a document that does not parse.
}  // namespace

std::string plan_json_syntax_error(const std::string& text) {
    PathTracker tracker;
    (void)json::sax_parse(text, &tracker);
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i + 1 < tracker.position() && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    const std::string where = tracker.path();
    std::string out = "JSON không hợp lệ ở dòng " + std::to_string(line) + ", cột " + std::to_string(column);
    if (!where.empty()) out += " (sau khóa " + where + ")";
    // A number written with a comma or a dot grouping ("12,345") is the usual cause.
    const auto at = tracker.position() > 0 ? tracker.position() - 1 : 0;
    std::size_t start = at;
    while (start > 0 && (std::isdigit(static_cast<unsigned char>(text[start - 1])) || text[start - 1] == ',' ||
                         text[start - 1] == '.' || text[start - 1] == ' '))
        --start;
    while (start < text.size() && text[start] == ' ') ++start;
    std::size_t end = start;
    while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == ',' || text[end] == '.'))
        ++end;
    while (end > start && (text[end - 1] == ',' || text[end - 1] == '.')) --end;  // the separator after the value
    const std::string number = text.substr(start, end - start);
    if (number.find(',') != std::string::npos && std::isdigit(static_cast<unsigned char>(number.front())))
        out += ": số \"" + number +
               "\" có dấu phẩy không phải số JSON; số tiền như in ghi trong ngoặc kép kèm đơn vị, ví dụ \"" + number +
               " tỷ đồng\" hoặc \"152.417 triệu đồng\", hoặc ghi số đồng không có dấu phân cách";
    else
        out += ": gặp \"" + tracker.token() + "\"";
    return out;
}


}  // namespace giamngheo::io
