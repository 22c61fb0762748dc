// Numbers written the Vietnamese way (1.234.567 and 7,5), and text in capitals as headings of
// official documents write it.
#pragma once

#include <cstdint>
#include <string>

namespace giamngheo {

[[nodiscard]] std::string format_integer_vi(std::int64_t value);
// Rounds to `decimals` places and drops trailing zeros: 7,5; 8; 0,05487.
[[nodiscard]] std::string format_decimal_vi(double value, int decimals);
// "Ủy ban nhân dân xã Hóa Quỳ" → "ỦY BAN NHÂN DÂN XÃ HÓA QUỲ" (UTF-8; Vietnamese letters).
[[nodiscard]] std::string upper_vi(const std::string& text);

}  // namespace giamngheo
