#include "modules/reports/domain/period.hpp"

#include <algorithm>
#include <charconv>

namespace giamngheo::reports {
namespace {

std::optional<int> number(std::string_view text) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

int days_in_month(int year, int month) {
    const Date first{year, month, 1};
    const Date next = add_months(first, 1);
    return static_cast<int>(next.days_since_epoch() - first.days_since_epoch());
}

}  // namespace

const char* to_string(PeriodKind kind) {
    switch (kind) {
        case PeriodKind::year: return "year";
        case PeriodKind::half_year: return "half_year";
        case PeriodKind::month: return "month";
        case PeriodKind::ad_hoc: return "ad_hoc";
    }
    return "year";
}

std::optional<PeriodKind> parse_period_kind(std::string_view text) {
    if (text == "year") return PeriodKind::year;
    if (text == "half_year") return PeriodKind::half_year;
    if (text == "month") return PeriodKind::month;
    if (text == "ad_hoc") return PeriodKind::ad_hoc;
    return std::nullopt;
}

std::optional<ReportPeriod> ReportPeriod::parse(std::string_view id) {
    if (id.size() < 4) return std::nullopt;
    const auto year = number(id.substr(0, 4));
    if (!year || *year < 2000 || *year > 2100) return std::nullopt;
    if (id.size() == 4) return ReportPeriod{PeriodKind::year, *year, 0};
    if (id.size() == 7 && id[4] == '-' && id[5] == 'H' && (id[6] == '1' || id[6] == '2'))
        return ReportPeriod{PeriodKind::half_year, *year, id[6] - '0'};
    if (id.size() == 10) {
        const auto date = parse_iso_date(id);
        if (date) return ReportPeriod{PeriodKind::ad_hoc, date->year, date->month * 100 + date->day};
        return std::nullopt;
    }
    if (id.size() == 7 && id[4] == '-') {
        const auto month = number(id.substr(5));
        if (month && *month >= 1 && *month <= 12) return ReportPeriod{PeriodKind::month, *year, *month};
    }
    return std::nullopt;
}

std::string ReportPeriod::id() const {
    const std::string y = std::to_string(year);
    switch (kind) {
        case PeriodKind::year: return y;
        case PeriodKind::half_year: return y + "-H" + std::to_string(index);
        case PeriodKind::month: return y + (index < 10 ? "-0" : "-") + std::to_string(index);
        case PeriodKind::ad_hoc: return end().iso();
    }
    return y;
}

Date ReportPeriod::start() const {
    switch (kind) {
        case PeriodKind::year: return {year, 1, 1};
        case PeriodKind::half_year: return {year, index == 1 ? 1 : 7, 1};
        case PeriodKind::month: return {year, index, 1};
        case PeriodKind::ad_hoc: return end();
    }
    return {year, 1, 1};
}

Date ReportPeriod::end() const {
    switch (kind) {
        case PeriodKind::year: return {year, 12, 31};
        case PeriodKind::half_year: return index == 1 ? Date{year, 6, 30} : Date{year, 12, 31};
        case PeriodKind::month: return {year, index, days_in_month(year, index)};
        case PeriodKind::ad_hoc: return {year, index / 100, index % 100};
    }
    return {year, 12, 31};
}

std::string ReportPeriod::label_vi() const {
    const std::string y = std::to_string(year);
    switch (kind) {
        case PeriodKind::year: return "Năm " + y;
        case PeriodKind::half_year: return (index == 1 ? "6 tháng đầu năm " : "6 tháng cuối năm ") + y;
        case PeriodKind::month: return "Tháng " + std::to_string(index) + "/" + y;
        case PeriodKind::ad_hoc: return "Đợt giám sát kết thúc ngày " + end().vietnamese();
    }
    return y;
}

std::vector<ReportPeriod> recent_periods(const std::vector<std::string>& kinds, const Date& today, int years_back) {
    std::vector<ReportPeriod> out;
    for (int year = today.year; year >= today.year - years_back; --year)
        for (const auto& name : kinds) {
            const auto kind = parse_period_kind(name);
            if (!kind || *kind == PeriodKind::ad_hoc) continue;
            const int count = *kind == PeriodKind::year ? 1 : *kind == PeriodKind::half_year ? 2 : 12;
            for (int i = count; i >= 1; --i) {
                const ReportPeriod p{*kind, year, *kind == PeriodKind::year ? 0 : i};
                if (!(today < p.start())) out.push_back(p);
            }
        }
    std::stable_sort(out.begin(), out.end(), [](const ReportPeriod& a, const ReportPeriod& b) { return b.end() < a.end(); });
    return out;
}

std::optional<Deadline> Schedule::deadline(const std::string& form, const ReportPeriod& period, const std::string& level,
                                           const std::string& province) const {
    const DeadlineRule* best = nullptr;
    int best_score = -1;
    for (const auto& rule : rules_) {
        if (rule.kind != period.kind || (rule.index != 0 && rule.index != period.index)) continue;
        if (rule.form != "*" && rule.form != form) continue;
        if (rule.level != "*" && rule.level != level) continue;
        if (!rule.province.empty() && rule.province != province) continue;
        const int score = (rule.province.empty() ? 0 : 4) + (rule.form == "*" ? 0 : 2) + (rule.level == "*" ? 0 : 1);
        if (score > best_score) best = &rule, best_score = score;
    }
    if (!best) return std::nullopt;
    if (best->working_days_after_end > 0)
        return Deadline{calendar_.add_working_days(period.end(), best->working_days_after_end), best->legal_source_vi};
    if (best->days_after_end > 0)
        return Deadline{Date::from_days_since_epoch(period.end().days_since_epoch() + best->days_after_end),
                        best->legal_source_vi};
    return Deadline{{period.year + best->year_offset, best->month, best->day}, best->legal_source_vi};
}

}  // namespace giamngheo::reports
