#include "kernel/work_calendar.hpp"

#include <nlohmann/json.hpp>

#include "kernel/errors.hpp"

namespace giamngheo {

bool WorkCalendar::is_working_day(const Date& date) const {
    const std::int64_t days = date.days_since_epoch();
    const int weekday = static_cast<int>(((days % 7) + 10) % 7);  // 0 = Monday; 1970-01-01 was a Thursday
    return weekday < 5 && !holidays_.count(date);
}

Date WorkCalendar::add_working_days(const Date& date, int n) const {
    std::int64_t day = date.days_since_epoch();
    while (n > 0) {
        ++day;
        if (is_working_day(Date::from_days_since_epoch(day))) --n;
    }
    return Date::from_days_since_epoch(day);
}

WorkCalendar work_calendar_from_json(std::string_view text, const std::string& source) {
    std::set<Date> holidays;
    try {
        const auto document = nlohmann::json::parse(text);
        for (const auto& h : document.at("holidays")) {
            const std::string day = h.at("date").get<std::string>();
            const auto date = parse_iso_date(day);
            if (!date) throw_invalid_input(source + ": ngày nghỉ \"" + day + "\" không hợp lệ");
            holidays.insert(*date);
        }
    } catch (const nlohmann::json::exception&) {
        throw_invalid_input(source + ": không đọc được danh sách ngày nghỉ (cần {\"holidays\": [{\"date\": \"YYYY-MM-DD\"}]})");
    }
    return WorkCalendar(std::move(holidays));
}

}  // namespace giamngheo
