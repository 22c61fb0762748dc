// Reading ZIP archives that users upload (XLSX today) without trusting them: the central
// directory is read and every entry inflated into a small buffer, counting, before anything
// keeps the content, so that a few kilobytes that inflate to gigabytes are refused at the
// limit instead of filling memory (a "zip bomb"). Pure: works on bytes in memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace giamngheo::io {

struct ZipLimits {
    std::size_t max_entries = 10000;
    // An XLSX of the interchange format inflates about 6 to 10 times; a full sheet of 1,048,576
    // rows of a households file is about 300 MiB of XML.
    std::uint64_t max_total_bytes = std::uint64_t{320} << 20;
    std::uint64_t max_entry_bytes = std::uint64_t{320} << 20;
};

struct ZipEntry {
    std::string name;
    std::uint64_t compressed_size = 0;
    std::uint64_t size = 0;  // uncompressed, as checked by inflating
    std::uint16_t method = 0;  // 0 stored, 8 deflated
};

// The entries of `archive`, each inflated once to check it against `limits` and against the
// size the directory declares. Throws Error (invalid_input, Vietnamese, naming `source`) when
// the bytes are not a ZIP archive, use a feature outside what office files use (encryption,
// methods other than stored and deflate, several disks), are damaged, or exceed a limit.
[[nodiscard]] std::vector<ZipEntry> check_zip(std::string_view archive, const std::string& source,
                                              const ZipLimits& limits = {});

// The content of entry `name` after check_zip has accepted the archive; throws Error
// (invalid_input) when there is no such entry.
[[nodiscard]] std::string read_zip_entry(std::string_view archive, const std::string& name,
                                         const std::string& source, const ZipLimits& limits = {});

}  // namespace giamngheo::io
