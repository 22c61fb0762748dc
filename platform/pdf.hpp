// PDF from a Word document, through LibreOffice (Debian's libreoffice-writer-nogui, installed by
// scripts/setup.sh): officers print and send PDFs. LibreOffice runs headless with a profile of its
// own in `work_dir` (two conversions never share one), and is stopped after a minute.
#pragma once

#include <string>

namespace giamngheo::io {

// The PDF of `docx` (the file's bytes). `work_dir` must exist and be private to this conversion; it
// is left with the files in it for the caller to remove. Throws a fault when LibreOffice is absent
// or fails (the details are for the log).
[[nodiscard]] std::string docx_to_pdf(const std::string& docx, const std::string& work_dir);

}  // namespace giamngheo::io
