// Vietnamese labels of the interchange codes, for explanations and the interface.
#pragma once

#include <string>

namespace giamngheo {

// "less_permanent" → "nhà thiếu kiên cố"; an unknown code is returned unchanged.
[[nodiscard]] std::string label_vi(const std::string& field, const std::string& code);
// "housing_type" → "loại nhà"; an unknown field is returned unchanged.
[[nodiscard]] std::string field_label_vi(const std::string& field);

}  // namespace giamngheo
