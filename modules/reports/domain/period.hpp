// Reporting periods (a year, a half year, a month) and deadlines as configuration per form, period
// kind, level and province: a fixed day ("before 20/5"), N working days (kernel/work_calendar.hpp)
// or N days after the period ends (data/reports/calendar.json).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/date.hpp"
#include "kernel/work_calendar.hpp"

namespace giamngheo::reports {

// ad_hoc: a monitoring round (or another event) that ends on a day; reported N working days after.
enum class PeriodKind { year, half_year, month, ad_hoc };
[[nodiscard]] const char* to_string(PeriodKind kind);
[[nodiscard]] std::optional<PeriodKind> parse_period_kind(std::string_view text);

struct ReportPeriod {
    PeriodKind kind = PeriodKind::year;
    int year = 0;
    int index = 0;  // half year 1..2, month 1..12, month × 100 + day for ad hoc; 0 for a year

    // "2026", "2026-H1", "2026-05", "2026-10-15" (ad hoc, the day it ends); nullopt for anything else.
    [[nodiscard]] static std::optional<ReportPeriod> parse(std::string_view id);
    [[nodiscard]] std::string id() const;
    [[nodiscard]] Date start() const;
    [[nodiscard]] Date end() const;
    [[nodiscard]] std::string label_vi() const;  // "6 tháng đầu năm 2026"
    bool operator==(const ReportPeriod&) const = default;
};

// The periods of `kinds` that have begun by `today`, most recent first, back to `years_back` years
// (ad hoc ones are named by their day, never listed).
[[nodiscard]] std::vector<ReportPeriod> recent_periods(const std::vector<std::string>& kinds, const Date& today,
                                                       int years_back = 2);

struct DeadlineRule {
    std::string form = "*";
    PeriodKind kind = PeriodKind::year;
    int index = 0;               // only this half year or month; 0: every one
    std::string level = "*";     // commune, district, province, national or *
    std::string province;        // a province's own deadlines; empty: everywhere
    int month = 0, day = 0;      // a fixed day of the period's year (+ year_offset) ...
    int year_offset = 0;
    int working_days_after_end = 0;  // ... or N working days after the period ends ...
    int days_after_end = 0;          // ... or N calendar days after it ("the 5th of the next month")
    std::string legal_source_vi;
};

struct Deadline {
    Date date;
    std::string source_vi;
};

class Schedule {
  public:
    Schedule() = default;
    Schedule(std::vector<DeadlineRule> rules, WorkCalendar calendar)
        : rules_(std::move(rules)), calendar_(std::move(calendar)) {}

    // The most specific rule (province, then form, then level) that matches; nullopt when none does.
    [[nodiscard]] std::optional<Deadline> deadline(const std::string& form, const ReportPeriod& period,
                                                   const std::string& level, const std::string& province) const;
    [[nodiscard]] const WorkCalendar& calendar() const { return calendar_; }

  private:
    std::vector<DeadlineRule> rules_;
    WorkCalendar calendar_;
};

}  // namespace giamngheo::reports
