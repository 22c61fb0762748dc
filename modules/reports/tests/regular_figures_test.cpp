// The regular review's figures over a month: requests received, decided (late or not), pending
// and overdue at the month's end or today, the decisions of regular rounds, within the unit only.
#include <gtest/gtest.h>

#include "modules/reports/app/regular_figures.hpp"

namespace giamngheo::app {
namespace {

store::HouseholdRequest request(const char* unit, const char* form, Date received, Date due,
                                std::optional<Date> decided = std::nullopt, const char* decision = "") {
    store::HouseholdRequest r;
    r.unit_code = unit;
    r.form = form;
    r.received = received;
    r.due = due;
    r.decided_on = decided;
    r.decision = decision;
    return r;
}

const std::vector<store::HouseholdRequest> kRequests = {
    request("A", "mau-01", {2026, 11, 3}, {2026, 11, 18}, Date{2026, 11, 10}, "accepted"),
    request("A", "mau-04", {2026, 10, 20}, {2026, 11, 4}, Date{2026, 11, 12}, "refused"),  // decided late
    request("A", "mau-01", {2026, 11, 20}, {2026, 12, 5}),                                 // pending, not yet due
    request("A", "mau-01", {2026, 11, 1}, {2026, 11, 16}),                                 // pending and overdue
    request("A", "mau-01", {2026, 11, 25}, {2026, 12, 10}, Date{2026, 12, 2}, "accepted"), // decided next month
    request("B", "mau-01", {2026, 11, 5}, {2026, 11, 20}),                                 // another commune
    request("A", "mau-01", {2026, 12, 1}, {2026, 12, 16}),                                 // next month
};
const std::vector<RegularDecision> kDecisions = {
    {{2026, 11, 10}, "A", "poor", "newly_poor"},
    {{2026, 11, 28}, "A", "not_poor", "escaped_poverty"},
    {{2026, 10, 30}, "A", "poor", "relapsed_poor"},  // last month
    {{2026, 11, 12}, "B", "near_poor", "newly_near_poor"},
};

std::map<std::string, double> figures(const Date& today) {
    std::map<std::string, double> out;
    add_regular_figures(kRequests, kDecisions, [](const std::string& unit) { return unit == "A"; },
                        *reports::ReportPeriod::parse("2026-11"), today, out);
    return out;
}

TEST(RegularFigures, CountsAMonthOfRequestsAndDecisions) {
    const auto f = figures({2026, 12, 6});
    const std::map<std::string, double> expected = {
        {"regular.received", 4},  {"regular.received.mau-01", 4}, {"regular.decided", 2},
        {"regular.decided.mau-01", 1}, {"regular.decided.mau-04", 1}, {"regular.decided_late", 1},
        {"regular.decided_late.mau-04", 1}, {"regular.accepted", 1}, {"regular.accepted.mau-01", 1},
        {"regular.refused", 1}, {"regular.refused.mau-04", 1}, {"regular.pending", 3}, {"regular.pending.mau-01", 3},
        {"regular.overdue", 1}, {"regular.overdue.mau-01", 1}, {"regular.recognised", 2}, {"regular.poor", 1},
        {"regular.not_poor", 1}, {"regular.newly_poor", 1}, {"regular.escaped_poverty", 1},
    };
    EXPECT_EQ(f, expected);
}

TEST(RegularFigures, PendingIsCountedAsOfTodayWithinTheMonth) {
    const auto f = figures({2026, 11, 15});
    EXPECT_EQ(f.at("regular.pending"), 1);  // received on 1/11, due 16/11: not yet overdue
    EXPECT_EQ(f.at("regular.overdue"), 0);
}

TEST(RegularFigures, NothingHappenedIsZeroNotMissing) {
    std::map<std::string, double> out;
    add_regular_figures({}, {}, [](const std::string&) { return true; }, *reports::ReportPeriod::parse("2026-11"),
                        {2026, 12, 6}, out);
    for (const char* name : {"regular.received", "regular.decided", "regular.pending", "regular.overdue", "regular.recognised"})
        EXPECT_EQ(out.at(name), 0) << name;
}

}  // namespace
}  // namespace giamngheo::app
