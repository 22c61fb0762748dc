// Civil (proleptic Gregorian) calendar dates, as the review rules count them.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace giamngheo {

struct Date {
    int year = 0;
    int month = 0;  // 1..12
    int day = 0;    // 1..31

    auto operator<=>(const Date&) const = default;

    // Days since 1970-01-01 (negative before). Contract: the date is valid.
    [[nodiscard]] std::int64_t days_since_epoch() const;
    static Date from_days_since_epoch(std::int64_t days);

    // YYYY-MM-DD.
    [[nodiscard]] std::string iso() const;
    // DD/MM/YYYY, the Vietnamese way of writing dates.
    [[nodiscard]] std::string vietnamese() const;
};

[[nodiscard]] bool is_valid_date(int year, int month, int day);

// Parses exactly YYYY-MM-DD; nullopt for any other text or an impossible date (2023-02-29).
[[nodiscard]] std::optional<Date> parse_iso_date(std::string_view text);
// A date as Vietnamese write it: "23/11/2026" or "3/1/2026" (day/month/year, a real day).
[[nodiscard]] std::optional<Date> parse_vietnamese_date(std::string_view text);

// Completed years from `birth` to `at` (a birthday on `at` counts as reached;
// someone born on 29 February reaches the next year on 1 March in common years).
[[nodiscard]] int completed_years(const Date& birth, const Date& at);
// Completed months from `birth` to `at`, same convention.
[[nodiscard]] int completed_months(const Date& birth, const Date& at);

// The date `months` calendar months after `date`, clamped to the month's last day.
[[nodiscard]] Date add_months(const Date& date, int months);

}  // namespace giamngheo
