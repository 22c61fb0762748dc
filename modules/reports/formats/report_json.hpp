// Reading the report forms and the reporting calendar from data/reports/ (format in
// data/reports/README.md). Any mistake in a file is an Error(invalid_input) naming the file and
// the place in it, so a province that edits a form sees what to fix.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "modules/reports/domain/period.hpp"
#include "modules/reports/domain/report_form.hpp"

namespace giamngheo::reports {

[[nodiscard]] ReportForm form_from_json(const nlohmann::json& document);
[[nodiscard]] Schedule schedule_from_json(const nlohmann::json& document, WorkCalendar calendar);

// Every form of `dir`/forms/*.json, in file-name order, checked (check_form).
[[nodiscard]] std::vector<ReportForm> load_forms(const std::string& dir);
[[nodiscard]] Schedule load_schedule(const std::string& dir, WorkCalendar calendar);

// Entered values as the API and the import give them: {"row.col": number | string | null}.
[[nodiscard]] CellValues cell_values_from_json(const nlohmann::json& values);
[[nodiscard]] nlohmann::json cell_values_to_json(const CellValues& values);

}  // namespace giamngheo::reports
