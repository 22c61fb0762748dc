// The stored form of a household version: one JSON document holding the household and its
// members. Keys are the interchange column names, so a document reads like a form.
#pragma once

#include <string>

#include "core/household.hpp"

namespace giamngheo::store {

[[nodiscard]] std::string to_document(const Household& household);
// Throws std::runtime_error on a malformed document.
[[nodiscard]] Household from_document(const std::string& document);

}  // namespace giamngheo::store
