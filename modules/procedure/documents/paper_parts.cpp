#include "modules/procedure/documents/paper_parts.hpp"

namespace giamngheo::app::paper {

namespace docx = io::docx;

std::string cell(const std::string& text, docx::Align align, bool bold) {
    return docx::paragraph(docx::run(text, {.bold = bold, .size = docx::kSmallSize}), align, false, 0);
}

std::string centred(const std::string& text, bool bold, bool italic) {
    return docx::paragraph(docx::run(text, {.bold = bold, .italic = italic}), docx::Align::center, false, 0);
}

std::string signatures(const std::string& left, const std::string& right) {
    const std::string hint = "(Ký, ghi rõ họ tên)";
    return docx::table({docx::kTextWidth / 2, docx::kTextWidth - docx::kTextWidth / 2},
                       {{centred(left) + centred(hint, false, true), centred(right) + centred(hint, false, true)}}, false);
}

}  // namespace giamngheo::app::paper
