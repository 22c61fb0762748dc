// Working days of Vietnam's state offices: Monday to Friday, not a public holiday. Deadlines the
// law counts in working days (a report 15 working days after a monitoring round, a request
// decided within 7) count over this calendar; the holidays are data (data/holidays.json).
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "kernel/date.hpp"

namespace giamngheo {

class WorkCalendar {
  public:
    WorkCalendar() = default;
    explicit WorkCalendar(std::set<Date> holidays) : holidays_(std::move(holidays)) {}

    // Monday to Friday, not a public holiday (civil servants do not work on Saturdays).
    [[nodiscard]] bool is_working_day(const Date& date) const;
    // The `n`-th working day after `date` (n ≥ 1).
    [[nodiscard]] Date add_working_days(const Date& date, int n) const;

  private:
    std::set<Date> holidays_;
};

// The calendar of data/holidays.json's text ({"holidays": [{"date": "2026-02-16", ...}]}).
// Throws Error (invalid_input) naming `source` when the text or a date is not valid.
[[nodiscard]] WorkCalendar work_calendar_from_json(std::string_view text, const std::string& source);

}  // namespace giamngheo
