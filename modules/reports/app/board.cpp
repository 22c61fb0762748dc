#include "modules/reports/app/board.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "kernel/errors.hpp"

namespace giamngheo::app {
namespace {

using reports::ReportState;

// Reports overdue for longer are on the board, not in this week's list.
constexpr int kOverdueShownDays = 180;

std::optional<Date> date_of(const std::string& timestamp) {
    return timestamp.size() >= 10 ? parse_iso_date(timestamp.substr(0, 10)) : std::nullopt;
}

// Deadlines depend on the form, the level and the province only: a board of the whole country
// looks each one up once.
class Deadlines {
  public:
    Deadlines(const reports::Schedule& schedule, const reports::ReportPeriod& period) : schedule_(schedule), period_(period) {}
    const std::optional<reports::Deadline>& of(const std::string& form, const ReportUnit& unit) {
        const std::string key = form + '\n' + unit.level + '\n' + unit.province;
        auto it = cache_.find(key);
        if (it == cache_.end()) it = cache_.emplace(key, schedule_.deadline(form, period_, unit.level, unit.province)).first;
        return it->second;
    }

  private:
    const reports::Schedule& schedule_;
    reports::ReportPeriod period_;
    std::unordered_map<std::string, std::optional<reports::Deadline>> cache_;
};

BoardRow row_for(const ReportDeps& deps, Deadlines& deadlines, const ReportUnit& unit, const reports::ReportForm& form,
                 const reports::ReportPeriod& period, store::ReportStatus* status) {
    BoardRow row;
    row.unit = unit;
    row.form = form.code;
    if (status) row.status = std::move(*status);
    else row.status.key = {form.code, period.id(), unit.code};
    row.deadline = deadlines.of(form.code, unit);
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
    // The one form asked for is unknown, or not reported for this kind of period: say which.
    if (!request.form.empty() && board.forms.empty())
        (void)parse_report_period(deps.catalogue.form(request.form), request.period);
    // The stored reports by unit, one slot per form of the board.
    std::unordered_map<std::string, std::size_t> form_index;
    for (std::size_t i = 0; i < board.forms.size(); ++i) form_index.emplace(board.forms[i]->code, i);
    std::unordered_map<std::string, std::vector<std::optional<store::ReportStatus>>> stored;
    for (auto& s : deps.reports.report_statuses(period->id(), request.form)) {
        const auto f = form_index.find(s.key.form);
        if (f == form_index.end()) continue;
        auto& slots = stored[s.key.unit_code];
        slots.resize(board.forms.size());
        slots[f->second] = std::move(s);
    }
    const auto status_of = [&](std::size_t form, const std::string& unit) -> store::ReportStatus* {
        const auto it = stored.find(unit);
        return it == stored.end() || !it->second[form] ? nullptr : &*it->second[form];
    };
    Deadlines deadlines(deps.catalogue.schedule, *period);
    for (std::size_t f = 0; f < board.forms.size(); ++f) {
        board.own.push_back(row_for(deps, deadlines, board.unit, *board.forms[f], *period, status_of(f, board.unit.code)));
        board.rates.push_back({board.forms[f]->code, 0, 0, 0});
    }
    // Unit by unit (in code order), each with its forms.
    const auto below = request.all_communes ? chain.communes_within(board.unit.code) : chain.below(board.unit.code);
    for (const auto& unit : below)
        for (std::size_t f = 0; f < board.forms.size(); ++f) {
            BoardRow row = row_for(deps, deadlines, unit, *board.forms[f], *period, status_of(f, unit.code));
            BoardRate& rate = board.rates[f];
            if (row.status.state != ReportState::not_reporting) {
                ++rate.expected;
                if (reports::is_submitted(row.status.state)) ++rate.submitted;
                if (row.on_time.value_or(false)) ++rate.on_time;
            }
            if (!request.late_only || row.days_late) board.rows.push_back(std::move(row));
        }
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
