// The code lists of the interchange format (shared/domain/review-format.md) and the Vietnamese
// labels of every code, from data/vocabulary.json (compiled in; the web reads the same file): one
// place for the parser, the columnar image, the rules and every user-facing text. A code's id is
// its position + 1; 0 means unknown.
#pragma once

#include <cstdint>
#include <optional>
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

// The two files of the interchange format and their columns, in the format's order.
enum class InterchangeFile : std::uint8_t { households, members };
struct InterchangeColumn {
    std::string key;        // the machine header: household_id
    std::string label;      // the header officers type and the template prints: "Mã hộ"
    std::string kind;       // text, code, list, int, decimal, bool, date
    std::string code_list;  // of a code or list column: a CodeField's name
    std::string example, note;
    bool required = false;
};
[[nodiscard]] const std::vector<InterchangeColumn>& interchange_columns(InterchangeFile file);
// The key of the column whose key or Vietnamese header is `header`, whatever its capitals
// ("MÃ HỘ", "mã hộ", "household_id" → household_id); `header` itself when none matches, so that
// an unknown column keeps its name.
[[nodiscard]] std::string column_key_by_header(InterchangeFile file, std::string_view header);
// "Có" → true, "Không" → false (any capitals); nothing for any other text.
[[nodiscard]] std::optional<bool> answer_by_label(std::string_view text);

// data/vocabulary.json as compiled in.
extern const char* const kVocabularyJson;

}  // namespace giamngheo
