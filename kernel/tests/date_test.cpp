#include <gtest/gtest.h>

#include "kernel/date.hpp"
#include "kernel/format_vi.hpp"

namespace giamngheo {
namespace {

TEST(Date, ParsesOnlyRealCalendarDates) {
    EXPECT_EQ(parse_iso_date("2024-02-29"), (Date{2024, 2, 29}));
    EXPECT_FALSE(parse_iso_date("2023-02-29"));
    EXPECT_FALSE(parse_iso_date("2024-13-01"));
    EXPECT_FALSE(parse_iso_date("2024-1-01"));
    EXPECT_FALSE(parse_iso_date("01/02/2024"));
}

TEST(Date, CompletedYearsReachTheBirthdayOnTheDay) {
    const Date birth{2008, 11, 1};
    EXPECT_EQ(completed_years(birth, {2024, 10, 31}), 15);
    EXPECT_EQ(completed_years(birth, {2024, 11, 1}), 16);
    EXPECT_EQ(completed_years({2000, 2, 29}, {2023, 2, 28}), 22);
    EXPECT_EQ(completed_years({2000, 2, 29}, {2023, 3, 1}), 23);
}

TEST(Date, CompletedMonthsAndAddMonths) {
    EXPECT_EQ(completed_months({1963, 7, 15}, {2024, 7, 14}), 731);
    EXPECT_EQ(completed_months({1963, 7, 15}, {2024, 7, 15}), 732);
    EXPECT_EQ(add_months({2023, 11, 1}, 36), (Date{2026, 11, 1}));
    EXPECT_EQ(add_months({2024, 1, 31}, 1), (Date{2024, 2, 29}));
}

TEST(Date, RoundTripsThroughEpochDays) {
    for (const Date d : {Date{1970, 1, 1}, Date{1900, 3, 1}, Date{2025, 6, 30}, Date{2400, 2, 29}})
        EXPECT_EQ(Date::from_days_since_epoch(d.days_since_epoch()), d);
    EXPECT_EQ((Date{2025, 7, 1}).days_since_epoch() - (Date{2025, 6, 30}).days_since_epoch(), 1);
}

TEST(FormatVi, UsesDotsForThousandsAndCommaForDecimals) {
    EXPECT_EQ(format_integer_vi(1234567), "1.234.567");
    EXPECT_EQ(format_integer_vi(-1500000), "-1.500.000");
    EXPECT_EQ(format_integer_vi(999), "999");
    EXPECT_EQ(format_decimal_vi(7.5, 2), "7,5");
    EXPECT_EQ(format_decimal_vi(5.486968, 2), "5,49");
    EXPECT_EQ(format_decimal_vi(1234.5, 1), "1.234,5");
    EXPECT_EQ((Date{2026, 11, 23}).vietnamese(), "23/11/2026");
}

}  // namespace
}  // namespace giamngheo
