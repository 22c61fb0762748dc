// The XLSX reader (io/xlsx.hpp): the archive checked against limits (io/zip_reader.hpp), then
// the first sheet read by liborcus (not instrumented: its coverage does not guide this target,
// but its memory errors are still caught where ASan intercepts them).
//
// Invariants: read_xlsx_bytes either returns a table or throws FileProblem naming the source;
// a table's rows each have a row number, the header's width, and numbers that grow past 1.
#include <string>

#include "fuzz_support.hpp"
#include "platform/xlsx.hpp"

using namespace giamngheo;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    io::ZipLimits limits;  // small, so that an input inflates to at most a few MiB
    limits.max_entries = 64;
    limits.max_entry_bytes = std::uint64_t{4} << 20;
    limits.max_total_bytes = std::uint64_t{8} << 20;
    try {
        const io::Table table = io::read_xlsx_bytes(fuzz::text_of(data, size), "fuzz.xlsx", limits);
        FUZZ_CHECK(table.source == "fuzz.xlsx", "the table names its source");
        FUZZ_CHECK(table.rows.size() == table.row_numbers.size(), "a number for every row");
        long previous = 1;
        for (std::size_t i = 0; i < table.rows.size(); ++i) {
            FUZZ_CHECK(table.rows[i].size() == table.header.size(), "a row is as wide as the header");
            FUZZ_CHECK(table.row_numbers[i] > previous, "row numbers grow past the header's");
            previous = table.row_numbers[i];
        }
    } catch (const io::FileProblem& e) {
        FUZZ_CHECK(e.kind() == ErrorKind::invalid_input, e.what());
        FUZZ_CHECK(e.problem().file == "fuzz.xlsx", "a refusal names the source");
    }
    return 0;
}
