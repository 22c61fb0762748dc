// Periods, working days over Vietnam's holidays and the deadlines of data/reports/calendar.json,
// including the local ones of seed plan 002 (Hớn Quản, Bình Phước: 20/5, 15/11, 25/11).
#include <gtest/gtest.h>

#include "modules/reports/formats/report_json.hpp"
#include "testing/support.hpp"

namespace giamngheo::reports {
namespace {

const Schedule& schedule() {
    static const Schedule s = load_schedule(test::kSourceDir + "/data/reports", test::test_environment().work_calendar());
    return s;
}

ReportPeriod period(const char* id) { return ReportPeriod::parse(id).value(); }

TEST(ReportPeriod, ParsesPrintsAndBounds) {
    EXPECT_EQ(period("2026-H1").end(), (Date{2026, 6, 30}));
    EXPECT_EQ(period("2026-H2").start(), (Date{2026, 7, 1}));
    EXPECT_EQ(period("2024-02").end(), (Date{2024, 2, 29}));
    EXPECT_EQ(period("2026-05").id(), "2026-05");
    EXPECT_EQ(period("2026-H1").label_vi(), "6 tháng đầu năm 2026");
    for (const char* bad : {"26", "2026-H3", "2026-13", "2026-5", "abcd", "2026-H", "2026-02-30"})
        EXPECT_FALSE(ReportPeriod::parse(bad)) << bad;
    // An ad hoc monitoring round is named by the day it ends.
    const ReportPeriod round = period("2026-04-24");
    EXPECT_EQ(round.kind, PeriodKind::ad_hoc);
    EXPECT_EQ(round.id(), "2026-04-24");
    EXPECT_EQ(round.end(), (Date{2026, 4, 24}));
    EXPECT_EQ(round.label_vi(), "Đợt giám sát kết thúc ngày 24/04/2026");
}

TEST(ReportPeriod, RecentPeriodsHaveBegunAndComeNewestFirst) {
    const auto periods = recent_periods({"half_year", "year"}, {2026, 12, 6}, 1);
    ASSERT_GE(periods.size(), 4u);
    EXPECT_EQ(periods[0].id(), "2026-H2");  // ends 31/12 as the year does; the half comes first
    EXPECT_EQ(periods[1].id(), "2026");
    EXPECT_EQ(periods[2].id(), "2026-H1");
}

TEST(WorkCalendar, SkipsWeekendsAndTet) {
    const WorkCalendar& c = schedule().calendar();
    EXPECT_FALSE(c.is_working_day({2026, 2, 17}));  // Tết Bính Ngọ
    EXPECT_FALSE(c.is_working_day({2026, 2, 14}));  // Saturday
    EXPECT_TRUE(c.is_working_day({2026, 2, 23}));
    // From Friday 13/2/2026: the week of Tết (16–20/2) is off, so the first working day is 23/2.
    EXPECT_EQ(c.add_working_days({2026, 2, 13}, 1), (Date{2026, 2, 23}));
    // 30/4 and 1/5/2026 (Thursday, Friday) are holidays: from 29/4, the 1st working day is 4/5.
    EXPECT_EQ(c.add_working_days({2026, 4, 29}, 1), (Date{2026, 5, 4}));
}

TEST(Schedule, NationalDeadlinesOfCircular10) {
    EXPECT_EQ(schedule().deadline("bieu-02", period("2026-H1"), "province", "38")->date, (Date{2026, 5, 31}));
    EXPECT_EQ(schedule().deadline("bieu-02", period("2026"), "province", "38")->date, (Date{2026, 11, 30}));
    // A commune reports before its province can consolidate.
    EXPECT_EQ(schedule().deadline("bieu-02", period("2026-H1"), "commune", "38")->date, (Date{2026, 5, 20}));
    EXPECT_EQ(schedule().deadline("bieu-02", period("2026"), "commune", "38")->date, (Date{2026, 11, 15}));
    // A second half year on its own: 15 working days after 31/12/2026, past New Year's Day: 22/1/2027.
    EXPECT_EQ(schedule().deadline("bieu-02", period("2026-H2"), "commune", "38")->date, (Date{2027, 1, 22}));
    // A monitoring round ending on Friday 24/4/2026: 15 working days, past 27/4 (Giỗ Tổ moved),
    // 30/4 and 1/5, gives Wednesday 20/5/2026.
    EXPECT_EQ(schedule().deadline("mau-01", period("2026-04-24"), "commune", "38")->date, (Date{2026, 5, 20}));
    // The regular review: before the 5th of the next month.
    EXPECT_EQ(schedule().deadline("review-results", period("2026-03"), "commune", "38")->date, (Date{2026, 4, 5}));
    EXPECT_FALSE(schedule().deadline("review-results", period("2026-05"), "province", "38"));  // no rule: none invented
}

TEST(Schedule, SeedPlan002LocalDeadlinesWinInItsProvince) {
    EXPECT_EQ(schedule().deadline("mau-01", period("2024-H1"), "commune", "70")->date, (Date{2024, 5, 20}));
    EXPECT_EQ(schedule().deadline("mau-01", period("2024"), "district", "70")->date, (Date{2024, 11, 15}));
    EXPECT_EQ(schedule().deadline("bieu-02", period("2024"), "commune", "70")->date, (Date{2024, 11, 25}));
    EXPECT_NE(schedule().deadline("bieu-02", period("2024"), "commune", "70")->source_vi.find("Hớn Quản"), std::string::npos);
    // Elsewhere the national rule applies.
    EXPECT_EQ(schedule().deadline("mau-01", period("2024-H1"), "province", "38")->date, (Date{2024, 5, 31}));
}

}  // namespace
}  // namespace giamngheo::reports
