// The interchange files as templates an officer fills in Excel: the columns under their
// Vietnamese headers (which an import accepts as it accepts the keys), a drop-down list on every
// coded column, text cells where codes keep their leading zeros, and a sheet that explains each
// column with an example row. Everything comes from the vocabulary's `columns`.
#pragma once

#include <string>

#include "kernel/vocabulary.hpp"

namespace giamngheo::io {

// Writes the template of `file` to `path` (XLSX). Throws Fault when the file cannot be written.
void write_import_template(const std::string& path, InterchangeFile file);

// "mau-ho-gia-dinh.xlsx" / "mau-thanh-vien.xlsx": the name a downloaded template gets.
[[nodiscard]] std::string import_template_name(InterchangeFile file);

}  // namespace giamngheo::io
