// Shared by the files of the plan JSON format; not part of its interface.
#pragma once

#include <cstdint>
#include <string>

namespace giamngheo::io {

inline constexpr std::int64_t kMillion = 1'000'000;
inline constexpr int kSchemaVersion = 1;

// "JSON không hợp lệ ở dòng 5, cột 93 (sau khóa budget_lines[0].amount_vnd): số "12,345" có dấu
// phẩy ..." for a text that does not parse: the line, the column, the key it follows and, for a
// number written with a comma, how to write an amount as printed.
[[nodiscard]] std::string plan_json_syntax_error(const std::string& text);

}  // namespace giamngheo::io
