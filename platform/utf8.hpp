// UTF-8 validation of whole files at disk speed. Valid means what RFC 3629 and Unicode's table
// of well-formed byte sequences say: no overlong forms, no surrogates (U+D800–U+DFFF), nothing
// above U+10FFFF, no sequence cut short, no stray continuation byte.
#pragma once

#include <cstddef>
#include <string_view>

namespace giamngheo::io {

// Uses AVX2 where the processor has it (32 bytes a step, after Keiser and Lemire, "Validating
// UTF-8 in less than one instruction per byte", 2021), else validate_utf8_portable().
[[nodiscard]] bool is_valid_utf8(std::string_view text);

// The same answer a byte sequence at a time; ASCII is skipped eight bytes at a time.
[[nodiscard]] bool is_valid_utf8_portable(std::string_view text);

// Where the first byte that is not part of a well-formed sequence is; text.size() when none.
[[nodiscard]] std::size_t first_invalid_utf8(std::string_view text);

}  // namespace giamngheo::io
