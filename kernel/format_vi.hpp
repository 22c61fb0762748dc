// Numbers written the Vietnamese way (1.234.567 and 7,5), and text in capitals as headings of
// official documents write it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace giamngheo {

[[nodiscard]] std::string format_integer_vi(std::int64_t value);
// Rounds to `decimals` places and drops trailing zeros: 7,5; 8; 0,05487.
[[nodiscard]] std::string format_decimal_vi(double value, int decimals);
// A whole number as officers type it in a spreadsheet: "1200000", "1.200.000" or "1 200 000".
// nullopt for anything else (a decimal comma, a misplaced separator, a sign, letters).
[[nodiscard]] std::optional<std::int64_t> parse_integer_vi(std::string_view text);
// "Ủy ban nhân dân xã Hóa Quỳ" → "ỦY BAN NHÂN DÂN XÃ HÓA QUỲ" (UTF-8; Vietnamese letters).
[[nodiscard]] std::string upper_vi(const std::string& text);

}  // namespace giamngheo
