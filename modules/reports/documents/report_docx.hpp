// A report as the document an officer signs (Mẫu 01, Mẫu 02 and any other form), in the layout of
// Decree 30/2020 (platform/official_docx.hpp): the issuing committee and number beside the national
// title, "BÁO CÁO" and the form's title for the period, each section with the officer's text as
// paragraphs and the figures as a bordered table, then "Nơi nhận" and the chairman's signature.
#pragma once

#include <string>

#include "modules/reports/app/reports.hpp"

namespace giamngheo::app {

// `parent_name`: the level the report goes to ("UBND tỉnh Thanh Hóa"), for "Nơi nhận".
[[nodiscard]] std::string report_docx(const ReportView& view, const std::string& parent_name);

}  // namespace giamngheo::app
