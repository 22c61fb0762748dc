// Numbers written the Vietnamese way: 1.234.567 and 7,5.
#pragma once

#include <cstdint>
#include <string>

namespace giamngheo {

[[nodiscard]] std::string format_integer_vi(std::int64_t value);
// Rounds to `decimals` places and drops trailing zeros: 7,5; 8; 0,05487.
[[nodiscard]] std::string format_decimal_vi(double value, int decimals);

}  // namespace giamngheo
