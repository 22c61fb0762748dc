// Vietnamese labels of every code of the vocabulary (data/vocabulary.json), for explanations,
// documents and the interface.
#pragma once

#include <string>

namespace giamngheo {

// ("housing_type", "less_permanent") → "Thiếu kiên cố"; ("household_class", "poor") → "Hộ nghèo".
// An unknown field or code is returned unchanged.
[[nodiscard]] std::string label_vi(const std::string& field, const std::string& code);
// Whether `code` is one of the codes of the label group `group` (a code list's field or a group of
// the vocabulary's labels, such as follow_up_situation).
[[nodiscard]] bool has_label(const std::string& group, const std::string& code);
// "housing_type" → "Loại nhà"; an unknown field is returned unchanged.
[[nodiscard]] std::string field_label_vi(const std::string& field);

}  // namespace giamngheo
