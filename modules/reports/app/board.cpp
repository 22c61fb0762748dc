#include "modules/reports/app/board.hpp"

#include <algorithm>
#include <map>

#include "kernel/errors.hpp"

namespace giamngheo::app {
namespace {

using reports::ReportState;

// Reports overdue for longer are on the board, not in this week's list.
constexpr int kOverdueShownDays = 180;

std::optional<Date> date_of(const std::string& timestamp) {
    return timestamp.size() >= 10 ? parse_iso_date(timestamp.substr(0, 10)) : std::nullopt;
}

BoardRow row_for(const ReportDeps& deps, const ReportUnit& unit, const reports::ReportForm& form,
                 const reports::ReportPeriod& period, const store::ReportStatus* status) {
    BoardRow row;
    row.unit = unit;
    row.form = form.code;
    if (status) row.status = *status;
    else row.status.key = {form.code, period.id(), unit.code};
    row.deadline = deps.catalogue.schedule.deadline(form.code, period, unit.level, unit.province);
    if (!row.deadline) return row;
    const ReportState state = row.status.state;
    if (reports::is_submitted(state)) {
        if (const auto submitted = date_of(row.status.submitted_at)) {
            row.on_time = !(row.deadline->date < *submitted);
            if (!*row.on_time) row.days_late = days_between(row.deadline->date, *submitted);
        }
    } else if (state != ReportState::not_reporting) {
        const int left = days_between(deps.today, row.deadline->date);
        if (left >= 0) row.days_left = left;
        else row.days_late = -left;
    }
    return row;
}

}  // namespace

Board report_board(ReportDeps& deps, const BoardRequest& request) {
    const auto period = reports::ReportPeriod::parse(request.period);
    if (!period) throw_not_found("kỳ báo cáo \"" + request.period + "\" không hợp lệ (cần 2026, 2026-H1 hoặc 2026-05)");
    const ReportingChain chain(deps.units, *period);
    Board board;
    board.unit = chain.unit(request.unit);
    board.period = *period;
    for (const auto& form : deps.catalogue.forms) {
        if (!request.form.empty() && form.code != request.form) continue;
        if (std::find(form.period_kinds.begin(), form.period_kinds.end(), reports::to_string(period->kind)) ==
            form.period_kinds.end())
            continue;
        board.forms.push_back(&form);
    }
    if (!request.form.empty() && board.forms.empty()) deps.catalogue.form(request.form);  // not found, or not of this period
    std::map<std::pair<std::string, std::string>, store::ReportStatus> stored;
    for (auto& s : deps.reports.report_statuses(period->id(), request.form))
        stored.emplace(std::make_pair(s.key.form, s.key.unit_code), std::move(s));
    const auto status_of = [&](const std::string& form, const std::string& unit) -> const store::ReportStatus* {
        const auto it = stored.find({form, unit});
        return it == stored.end() ? nullptr : &it->second;
    };
    const auto below = chain.below(board.unit.code);
    for (const auto* form : board.forms) {
        board.own.push_back(row_for(deps, board.unit, *form, *period, status_of(form->code, board.unit.code)));
        BoardRate rate{form->code, 0, 0, 0};
        for (const auto& unit : below) {
            BoardRow row = row_for(deps, unit, *form, *period, status_of(form->code, unit.code));
            if (row.status.state != ReportState::not_reporting) {
                ++rate.expected;
                if (reports::is_submitted(row.status.state)) ++rate.submitted;
                if (row.on_time.value_or(false)) ++rate.on_time;
            }
            if (!request.late_only || row.days_late) board.rows.push_back(std::move(row));
        }
        board.rates.push_back(rate);
    }
    std::stable_sort(board.rows.begin(), board.rows.end(),
                     [](const BoardRow& a, const BoardRow& b) { return a.unit.code < b.unit.code; });
    return board;
}

std::vector<DueItem> reports_due(ReportDeps& deps, const std::string& user_unit, int horizon_days) {
    std::vector<DueItem> out;
    std::vector<std::string> kinds = {"year", "half_year", "month"};
    for (const auto& period : reports::recent_periods(kinds, deps.today, 1)) {
        BoardRequest request{user_unit, period.id(), "", false};
        Board board;
        try {
            board = report_board(deps, request);
        } catch (const Error&) {
            continue;  // the unit is not on this period's map
        }
        for (const auto& row : board.own)
            if (!reports::is_submitted(row.status.state) && row.status.state != ReportState::not_reporting && row.deadline &&
                days_between(deps.today, row.deadline->date) <= horizon_days &&
                days_between(row.deadline->date, deps.today) <= kOverdueShownDays)
                out.push_back({row, period, "submit"});
        for (const auto& row : board.rows)
            if (row.status.state == ReportState::submitted) out.push_back({row, period, "approve"});
    }
    std::stable_sort(out.begin(), out.end(), [](const DueItem& a, const DueItem& b) {
        const Date da = a.row.deadline ? a.row.deadline->date : Date{9999, 12, 31};
        const Date db = b.row.deadline ? b.row.deadline->date : Date{9999, 12, 31};
        return da < db;
    });
    return out;
}

}  // namespace giamngheo::app
