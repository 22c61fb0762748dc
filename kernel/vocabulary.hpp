// The code lists of the interchange format (shared/domain/review-format.md) and the Vietnamese
// labels of every code, from data/vocabulary.json (compiled in; the web reads the same file): one
// place for the parser, the columnar image, the rules and every user-facing text. A code's id is
// its position + 1; 0 means unknown.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace giamngheo {

enum class CodeField : std::uint8_t {
    area,
    housing_type,
    water_source,
    latrine,
    info_assets,
    waste_treatment,
    relation,
    sex,
    disability,
    employment,
    attending_level,
    completed_level,
};
inline constexpr int kCodeFieldCount = 12;

[[nodiscard]] const std::vector<std::string>& codes_of(CodeField field);
[[nodiscard]] const char* field_name(CodeField field);
// Field by interchange column name; false when the column has no code list.
bool code_field_by_name(std::string_view name, CodeField& out);
// The id of `code` (1-based), or 0 when it is not in the list.
[[nodiscard]] std::uint8_t code_id(CodeField field, std::string_view code);

// The id of the code whose Vietnamese label is `label`, whatever its capitals ("Kiên cố",
// "KIÊN CỐ" → permanent); 0 when no label matches. Officers type labels in their spreadsheets.
[[nodiscard]] std::uint8_t code_id_by_label(CodeField field, std::string_view label);
// "Kiên cố (permanent), Bán kiên cố (semi_permanent), ...": what a cell of `field` may hold.
[[nodiscard]] std::string accepted_values(CodeField field);

// data/vocabulary.json as compiled in.
extern const char* const kVocabularyJson;

}  // namespace giamngheo
