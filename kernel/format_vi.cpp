#include "kernel/format_vi.hpp"

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

}  // namespace giamngheo
