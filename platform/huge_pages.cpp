#include "platform/huge_pages.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace giamngheo::app {

std::optional<std::string> huge_page_tunables(const char* current, const char* opt_out,
                                              std::string_view kernel_modes) {
    if (current != nullptr) return std::nullopt;
    if (opt_out != nullptr && std::string_view(opt_out) == "0") return std::nullopt;
    if (kernel_modes.find("[madvise]") == std::string_view::npos) return std::nullopt;
    return std::string("glibc.malloc.hugetlb=1");
}

void restart_with_huge_pages(char** argv) {
    std::ifstream modes_file("/sys/kernel/mm/transparent_hugepage/enabled");
    std::stringstream modes;
    modes << modes_file.rdbuf();
    const auto tunables =
        huge_page_tunables(std::getenv("GLIBC_TUNABLES"), std::getenv("GIAMNGHEO_HUGE_PAGES"), modes.str());
    if (!tunables) return;
    if (::setenv("GLIBC_TUNABLES", tunables->c_str(), 1) != 0) return;
    ::execv("/proc/self/exe", argv);
    ::unsetenv("GLIBC_TUNABLES");
}

}  // namespace giamngheo::app
