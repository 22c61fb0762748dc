#include "kernel/format_vi.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace giamngheo {

std::string format_integer_vi(std::int64_t value) {
    std::string digits = std::to_string(value < 0 ? -static_cast<unsigned long long>(value)
                                                  : static_cast<unsigned long long>(value));
    std::string out;
    const int n = static_cast<int>(digits.size());
    for (int i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % 3 == 0) out += '.';
        out += digits[static_cast<std::size_t>(i)];
    }
    return value < 0 ? "-" + out : out;
}

std::string format_decimal_vi(double value, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    std::string text = buf;
    const auto dot = text.find('.');
    if (dot == std::string::npos) return format_integer_vi(std::atoll(text.c_str()));
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
    const auto point = text.find('.');
    const std::string whole = text.substr(0, point);
    const bool negative = !whole.empty() && whole[0] == '-';
    std::string out = format_integer_vi(std::llabs(std::atoll(whole.c_str())));
    if (negative) out = "-" + out;
    if (point != std::string::npos) out += "," + text.substr(point + 1);
    return out;
}

std::optional<std::int64_t> parse_integer_vi(std::string_view text) {
    if (text.empty() || text.size() > 24) return std::nullopt;
    const char separator = text.find('.') != std::string_view::npos ? '.' : ' ';
    std::int64_t value = 0;
    std::size_t digits_in_group = 0, groups = 0;
    for (char c : text) {
        if (c == separator) {
            if (digits_in_group == 0 || (groups > 0 && digits_in_group != 3) || digits_in_group > 3) return std::nullopt;
            ++groups;
            digits_in_group = 0;
        } else if (c >= '0' && c <= '9') {
            if (value > (INT64_MAX - 9) / 10) return std::nullopt;
            value = value * 10 + (c - '0');
            ++digits_in_group;
        } else {
            return std::nullopt;
        }
    }
    if (digits_in_group == 0 || (groups > 0 && digits_in_group != 3)) return std::nullopt;
    return value;
}

std::string upper_vi(const std::string& text) {
    // Each lower-case Vietnamese letter outside ASCII and its capital, in the same order.
    static const std::u32string kLower =
        U"àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ";
    static const std::u32string kUpper =
        U"ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ";
    std::string out;
    out.reserve(text.size());
    auto put = [&](char32_t c) {
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else if (c < 0x800) {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else {
            out += static_cast<char>(0xE0 | (c >> 12));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    };
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        const int length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4;
        if (length == 4 || i + static_cast<std::size_t>(length) > text.size()) {  // no Vietnamese letter: kept
            out.append(text, i, static_cast<std::size_t>(length));
            i += static_cast<std::size_t>(length);
            continue;
        }
        char32_t c = length == 1 ? byte : length == 2 ? byte & 0x1F : byte & 0x0F;
        for (int k = 1; k < length; ++k) c = (c << 6) | (static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]) & 0x3F);
        i += static_cast<std::size_t>(length);
        if (c >= U'a' && c <= U'z') c = c - U'a' + U'A';
        else if (const auto at = kLower.find(c); at != std::u32string::npos) c = kUpper[at];
        put(c);
    }
    return out;
}

}  // namespace giamngheo
