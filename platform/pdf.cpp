#include "platform/pdf.hpp"

#include <cstdlib>
#include <filesystem>

#include "kernel/errors.hpp"
#include "platform/table.hpp"

namespace giamngheo::io {

std::string docx_to_pdf(const std::string& docx, const std::string& work_dir) {
    constexpr int kTimeoutSeconds = 60;
    const std::filesystem::path dir(work_dir);
    write_file_atomically((dir / "document.docx").string(), docx);
    // Only paths of our own making reach the shell; HOME as well, as LibreOffice writes there.
    const std::string quoted = "'" + dir.string() + "'";
    const std::string command = "cd " + quoted + " && HOME=" + quoted + " timeout " + std::to_string(kTimeoutSeconds) +
                                " soffice --headless --norestore -env:UserInstallation=file://" + dir.string() +
                                "/profile --convert-to pdf --outdir " + quoted + " document.docx >/dev/null 2>&1";
    const int status = std::system(command.c_str());
    const auto pdf = dir / "document.pdf";
    if (status != 0 || !std::filesystem::exists(pdf))
        throw_fault("soffice could not convert " + (dir / "document.docx").string() + " (status " + std::to_string(status) + ")");
    return read_file(pdf.string());
}

}  // namespace giamngheo::io
