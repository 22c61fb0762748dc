// The stored form of a household version: the household and its members as CSV text in the
// interchange column order (io/interchange.hpp), so a stored record reads like the files
// users exchange and encodes and decodes without building a tree:
//
//   document := "H," household-fields "," overrides "," extras "\n" ( "M," member-fields "," extras "\n" )*
//   overrides := ( key ":" ("0"|"1") ) joined by ";"
//   extras := ( name US value ) joined by RS      (US = 0x1F, RS = 0x1E)
#pragma once

#include <string>

#include "kernel/household.hpp"

namespace giamngheo::store {

[[nodiscard]] std::string to_document(const Household& household);
// Throws std::runtime_error on a malformed document.
[[nodiscard]] Household from_document(const std::string& document);

}  // namespace giamngheo::store
