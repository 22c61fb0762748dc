// Amounts of money as plans print them: "152.417" (million, a thousands dot), "13,508 tỷ" (a
// decimal comma), "hơn 90 tỷ đồng" (a lower bound), "3.207.000.000 đồng". Stored as whole VND
// with the printed text and whether the figure is exact or a bound. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace giamngheo {

struct PrintedAmount {
    std::int64_t vnd = 0;
    std::string printed;              // as written, without surrounding spaces
    std::string bound = "exact";      // exact | at_least ("hơn", "trên") | at_most ("dưới", "không quá") | about ("khoảng", "gần")
    std::int64_t precision_vnd = 1;   // the value of the last printed digit (0,1 tỷ in "13,5 tỷ")
    std::int64_t unit_vnd = 1;        // the unit in effect (written, or the field's)
    bool unit_written = false;

    // Whether `vnd_sum` agrees with the printed figure: equal when exact, on the right side of a
    // bound, within the last printed digit when "about".
    [[nodiscard]] bool admits(std::int64_t vnd_sum) const;
    // "hơn 90 tỷ đồng" → "hơn "; empty when exact.
    [[nodiscard]] std::string bound_vi() const;
    bool operator==(const PrintedAmount&) const = default;
};

// Reads a printed amount. `default_unit_vnd` is the unit when none is written (1: đồng, 1 000 000:
// a field in million; 0: the unit must be written). Dots group thousands (exactly three digits after each), a comma is the
// decimal separator. Refused, with a Vietnamese reason (std::invalid_argument; the caller names
// the field): an unknown unit; a dot not followed by three digits ("1.5"); several commas
// ("1,234,567"); a comma followed by three digits with no unit written ("12,345": 12,345 or
// 12 345?); a figure that is not a whole number of đồng; zero or negative.
[[nodiscard]] PrintedAmount parse_printed_amount(std::string_view text, std::int64_t default_unit_vnd);

}  // namespace giamngheo
