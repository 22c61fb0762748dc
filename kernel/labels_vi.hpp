// Vietnamese labels of every code of the vocabulary (data/vocabulary.json), for explanations,
// documents and the interface.
#pragma once

#include <string>

namespace giamngheo {

// ("housing_type", "less_permanent") → "Thiếu kiên cố"; ("household_class", "poor") → "Hộ nghèo".
// An unknown field or code is returned unchanged.
[[nodiscard]] std::string label_vi(const std::string& field, const std::string& code);
// "housing_type" → "Loại nhà"; an unknown field is returned unchanged.
[[nodiscard]] std::string field_label_vi(const std::string& field);

}  // namespace giamngheo
