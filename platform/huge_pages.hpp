// Transparent huge pages for the whole process, asked for before main's first allocation.
//
// A national import gathers household columns in unit order and sorts tens of gigabytes: with
// 4 KiB pages it waits on TLB misses. Where the kernel gives huge pages only on request
// ("madvise", Debian's default), glibc's malloc requests them for its large blocks only when the
// tunable glibc.malloc.hugetlb=1 is set at start-up; it cannot be turned on later. Measured on a
// 27-million-household import: about 11% less wall time (docs/PERFORMANCE.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace giamngheo::app {

// The GLIBC_TUNABLES value to start with, or nothing when nothing should change: the user set
// the variable already (`current` non-null; their choice stands), `opt_out` is "0", or the
// kernel's mode is not "madvise" (in "always" every large block gets huge pages anyway, in
// "never" none can). `kernel_modes` is the text of /sys/kernel/mm/transparent_hugepage/enabled,
// the active mode in brackets ("always [madvise] never").
[[nodiscard]] std::optional<std::string> huge_page_tunables(const char* current, const char* opt_out,
                                                            std::string_view kernel_modes);

// Re-executes this program with the tunables of huge_page_tunables() (GIAMNGHEO_HUGE_PAGES is
// the opt-out), or returns when there is nothing to change or the exec fails: the program then
// runs as before, only slower. Call first thing in main; the second start returns at once
// because GLIBC_TUNABLES is then set.
void restart_with_huge_pages(char** argv);

}  // namespace giamngheo::app
