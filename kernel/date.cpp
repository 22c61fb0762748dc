#include "kernel/date.hpp"

#include <charconv>
#include <cstdio>

namespace giamngheo {
namespace {

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

bool parse_digits(std::string_view text, int& out) {
    for (char c : text)
        if (c < '0' || c > '9') return false;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && ptr == text.data() + text.size();
}

}  // namespace

bool is_valid_date(int year, int month, int day) {
    return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
           day <= days_in_month(year, month);
}

// Howard Hinnant's days_from_civil / civil_from_days.
std::int64_t Date::days_since_epoch() const {
    const int y = year - (month <= 2 ? 1 : 0);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned mp = static_cast<unsigned>(month + (month > 2 ? -3 : 9));
    const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(day) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

Date Date::from_days_since_epoch(std::int64_t days) {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return Date{static_cast<int>(y + (m <= 2 ? 1 : 0)), static_cast<int>(m), static_cast<int>(d)};
}

std::string Date::iso() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

std::string Date::vietnamese() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", day, month, year);
    return buf;
}

std::optional<Date> parse_iso_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int y = 0, m = 0, d = 0;
    if (!parse_digits(text.substr(0, 4), y) || !parse_digits(text.substr(5, 2), m) ||
        !parse_digits(text.substr(8, 2), d))
        return std::nullopt;
    if (!is_valid_date(y, m, d)) return std::nullopt;
    return Date{y, m, d};
}

std::optional<Date> parse_vietnamese_date(std::string_view text) {
    const auto first = text.find('/');
    const auto second = first == std::string_view::npos ? first : text.find('/', first + 1);
    if (second == std::string_view::npos || first < 1 || first > 2 || second - first - 1 < 1 || second - first - 1 > 2 ||
        text.size() - second - 1 != 4)
        return std::nullopt;
    int y = 0, m = 0, d = 0;
    if (!parse_digits(text.substr(0, first), d) || !parse_digits(text.substr(first + 1, second - first - 1), m) ||
        !parse_digits(text.substr(second + 1), y))
        return std::nullopt;
    if (!is_valid_date(y, m, d)) return std::nullopt;
    return Date{y, m, d};
}

int completed_months(const Date& birth, const Date& at) {
    int months = (at.year - birth.year) * 12 + (at.month - birth.month);
    // The monthly anniversary falls on the birth day, or on the month's last day when shorter.
    const int anniversary = std::min(birth.day, days_in_month(at.year, at.month));
    if (at.day < anniversary) --months;
    return months;
}

int completed_years(const Date& birth, const Date& at) {
    int years = at.year - birth.year;
    if (at.month < birth.month || (at.month == birth.month && at.day < birth.day)) --years;
    return years;
}

Date add_months(const Date& date, int months) {
    const int total = date.year * 12 + (date.month - 1) + months;
    const int year = total / 12;
    const int month = total % 12 + 1;
    return Date{year, month, std::min(date.day, days_in_month(year, month))};
}

}  // namespace giamngheo
