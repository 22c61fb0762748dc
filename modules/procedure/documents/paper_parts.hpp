// The pieces the procedure's papers share (certificates, the survey forms, minutes, notices,
// decisions), over the Decree 30/2020 building blocks of platform/official_docx.hpp.
#pragma once

#include <string>

#include "platform/official_docx.hpp"

namespace giamngheo::app::paper {

// A table cell's text, in the small size tables are printed in.
[[nodiscard]] std::string cell(const std::string& text, io::docx::Align align = io::docx::Align::left, bool bold = false);
// A line centred on the page, bold by default (titles).
[[nodiscard]] std::string centred(const std::string& text, bool bold = true, bool italic = false);
// Two signatures side by side, each titled and "(Ký, ghi rõ họ tên)" below.
[[nodiscard]] std::string signatures(const std::string& left, const std::string& right);

}  // namespace giamngheo::app::paper
