// One status board: for a unit and a period, each unit below × form with its state, deadline,
// days left or late, who acted last, and per form the reporting rate and the rate on time (DHIS2's
// "reporting rate" and "reporting rate on time"); and what a user's unit must do this week.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "modules/reports/app/reports.hpp"

namespace giamngheo::app {

struct BoardRow {
    ReportUnit unit;
    std::string form;
    store::ReportStatus status;  // state not_started and version 0 when never written
    std::optional<reports::Deadline> deadline;
    std::optional<int> days_left, days_late;
    std::optional<bool> on_time;  // set once submitted (and a deadline is known)
};

struct BoardRate {
    std::string form;
    int expected = 0, submitted = 0, on_time = 0;
};

struct Board {
    ReportUnit unit;
    reports::ReportPeriod period;
    std::vector<const reports::ReportForm*> forms;
    std::vector<BoardRow> own, rows;
    std::vector<BoardRate> rates;
};

struct BoardRequest {
    std::string unit;
    std::string period;
    std::string form;        // empty: every form of the period's kind
    bool late_only = false;  // rows past their deadline and not submitted, or submitted late
    bool all_communes = false;  // every commune within the unit instead of the units directly below
};

[[nodiscard]] Board report_board(ReportDeps& deps, const BoardRequest& request);

struct DueItem {
    BoardRow row;
    reports::ReportPeriod period;
    std::string action;  // what the user's unit must do: "submit" its own, "approve" one below
};

// The user's own reports not yet submitted whose deadline is within `horizon_days` or past (this
// year's and last year's periods), and the reports below waiting for the user's approval.
[[nodiscard]] std::vector<DueItem> reports_due(ReportDeps& deps, const std::string& user_unit, int horizon_days = 7);

}  // namespace giamngheo::app
