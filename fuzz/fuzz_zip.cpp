// The ZIP reader with limits (io/zip_reader.hpp): check_zip over untrusted bytes, then every
// entry read back with read_zip_entry.
//
// Invariants: check_zip either accepts the archive or throws Error (invalid_input); an
// accepted archive has at most max_entries entries, each at most max_entry_bytes, together at
// most max_total_bytes; each entry (the first of its name) reads back as exactly its checked
// size. A "zip bomb" is refused at the limit, never inflated whole.
#include <set>
#include <string>

#include "kernel/errors.hpp"
#include "fuzz_support.hpp"
#include "platform/zip_reader.hpp"

using namespace giamngheo;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view archive = fuzz::text_of(data, size);
    io::ZipLimits limits;  // small, so that the limits are reached by small inputs
    limits.max_entries = 32;
    limits.max_entry_bytes = std::uint64_t{1} << 20;
    limits.max_total_bytes = std::uint64_t{3} << 19;
    std::vector<io::ZipEntry> entries;
    try {
        entries = io::check_zip(archive, "fuzz.zip", limits);
    } catch (const Error& e) {
        FUZZ_CHECK(e.kind() == ErrorKind::invalid_input, e.what());
        return 0;
    }
    FUZZ_CHECK(entries.size() <= limits.max_entries, "at most max_entries entries");
    std::uint64_t total = 0;
    std::set<std::string> seen;
    for (const auto& entry : entries) {
        FUZZ_CHECK(entry.method == 0 || entry.method == 8, "stored or deflated");
        FUZZ_CHECK(entry.size <= limits.max_entry_bytes, "an entry within max_entry_bytes");
        total += entry.size;
        if (!seen.insert(entry.name).second) continue;  // read_zip_entry gives the first of a name
        std::string content;
        try {
            content = io::read_zip_entry(archive, entry.name, "fuzz.zip", limits);
        } catch (const Error& e) {
            FUZZ_CHECK(false, e.what());  // accepted by check_zip, so readable
        }
        FUZZ_CHECK(content.size() == entry.size, "an entry reads back as its checked size");
    }
    FUZZ_CHECK(total <= limits.max_total_bytes, "all entries within max_total_bytes");
    const std::string missing("\0missing", 8);
    if (seen.count(missing)) return 0;
    try {
        (void)io::read_zip_entry(archive, missing, "fuzz.zip", limits);
        FUZZ_CHECK(false, "no entry has this name");
    } catch (const Error& e) {
        FUZZ_CHECK(e.kind() == ErrorKind::invalid_input, e.what());
    }
    return 0;
}
