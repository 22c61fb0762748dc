// The CSV reader (io/csv.hpp), the table parser and the streamed and cut readers built on it
// (io/table.hpp, io/interchange.hpp), and UTF-8 validation (io/utf8.hpp).
//
// Invariants: the reader either throws CsvSyntaxError or returns records, each consuming input;
// what it returns, written back with append_raw_csv_row, reads back the same; parse_csv_table,
// RowStream::csv and RowStream::csv_parts (when the cut is sound) give the same rows and row
// numbers or all refuse the text with FileProblem; the AVX2 and portable UTF-8 checks agree.
#include <optional>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "platform/csv.hpp"
#include "modules/registry/formats/interchange.hpp"
#include "platform/table.hpp"
#include "platform/utf8.hpp"

namespace {

using namespace giamngheo;
using Records = std::vector<std::vector<std::string>>;

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Every record, or nothing when the reader throws CsvSyntaxError.
std::optional<Records> read_records(std::string_view text) {
    io::CsvReader reader(text);
    Records out;
    std::vector<std::string_view> fields;
    std::size_t position = reader.position();
    long line = 0;
    try {
        while (reader.next(fields)) {
            FUZZ_CHECK(!fields.empty(), "a record has at least one field");
            FUZZ_CHECK(reader.position() > position, "each record consumes input");
            FUZZ_CHECK(reader.line() >= line && reader.next_line() >= reader.line(), "lines only grow");
            position = reader.position();
            line = reader.line();
            out.emplace_back(fields.begin(), fields.end());
        }
    } catch (const io::CsvSyntaxError& e) {
        FUZZ_CHECK(e.offset() < text.size() && text[e.offset()] == '"', "a syntax error points at a quote");
        return std::nullopt;
    }
    FUZZ_CHECK(reader.position() >= text.size(), "the reader stops at the end");
    return out;
}

struct Rows {
    std::vector<std::string> header;
    Records rows;
    std::vector<long> numbers;
    bool operator==(const Rows&) const = default;
};

void expect_invalid_input(const Error& e) {
    FUZZ_CHECK(e.kind() == ErrorKind::invalid_input, e.what());
}

std::optional<Rows> table_rows(std::string_view text) {
    try {
        io::Table table = io::parse_csv_table(text, "fuzz.csv");
        FUZZ_CHECK(table.rows.size() == table.row_numbers.size(), "a number for every row");
        return Rows{table.header, table.rows, table.row_numbers};
    } catch (const io::FileProblem& e) {
        expect_invalid_input(e);
        return std::nullopt;
    }
}

// The rows of `parts` read one after the other, numbered as in the whole file; nullopt when a
// part refuses the text, and `sound` false when the cut must be read again as one part.
std::optional<Rows> stream_rows(std::vector<io::RowStream> parts, bool& sound) {
    Rows out;
    out.header = parts.front().header;
    std::vector<Records> part_rows(parts.size());
    std::vector<std::vector<long>> part_numbers(parts.size());
    try {
        for (std::size_t k = 0; k < parts.size(); ++k) {
            std::vector<std::string_view> fields;
            long number = 0;
            while (parts[k].next(fields, number)) {
                part_rows[k].emplace_back(fields.begin(), fields.end());
                part_numbers[k].push_back(number);
            }
        }
    } catch (const io::FileProblem& e) {
        expect_invalid_input(e);
        sound = io::cut_is_sound(parts);
        return std::nullopt;
    }
    sound = io::cut_is_sound(parts);
    const std::vector<long> offsets = io::cut_offsets(parts);
    for (std::size_t k = 0; k < parts.size(); ++k)
        for (std::size_t i = 0; i < part_rows[k].size(); ++i) {
            out.rows.push_back(std::move(part_rows[k][i]));
            out.numbers.push_back(part_numbers[k][i] + offsets[k]);
        }
    return out;
}

std::optional<Rows> cut_rows(std::string_view text, std::size_t parts, bool& sound) {
    std::vector<io::RowStream> streams;
    try {
        streams = io::RowStream::csv_parts(text, "fuzz.csv", parts);
    } catch (const io::FileProblem& e) {
        expect_invalid_input(e);
        sound = true;
        return std::nullopt;
    }
    FUZZ_CHECK(!streams.empty() && streams.size() <= parts, "between one part and as many as asked");
    return stream_rows(std::move(streams), sound);
}

void check_utf8(std::string_view text) {
    const bool valid = io::is_valid_utf8(text);
    FUZZ_CHECK(valid == io::is_valid_utf8_portable(text), "the AVX2 and portable checks agree");
    const std::size_t first = io::first_invalid_utf8(text);
    FUZZ_CHECK(valid == (first == text.size()), "first_invalid_utf8 agrees with is_valid_utf8");
    FUZZ_CHECK(first <= text.size() && io::is_valid_utf8(text.substr(0, first)), "the text before it is valid");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = giamngheo::fuzz::text_of(data, size);
    check_utf8(text);

    if (const auto records = read_records(text)) {
        std::string written(kBom);  // one byte order mark is skipped: a first field may start with one
        for (const auto& record : *records) io::append_raw_csv_row(written, record);
        const auto again = read_records(written);
        FUZZ_CHECK(again && *again == *records, "records written back read back the same");
    }

    const auto table = table_rows(text);
    bool sound = true;
    const auto streamed = cut_rows(text, 1, sound);
    FUZZ_CHECK(sound, "one part is always sound");
    FUZZ_CHECK(table.has_value() == streamed.has_value(), "parse_csv_table and RowStream::csv agree on refusing");
    if (table) FUZZ_CHECK(*table == *streamed, "parse_csv_table and RowStream::csv give the same rows");
    for (const std::size_t parts : {2, 3}) {
        const auto cut = cut_rows(text, parts, sound);
        if (!sound) continue;  // read again as one part by the importer: compared above
        FUZZ_CHECK(cut.has_value() == table.has_value(), "a sound cut refuses what one part refuses");
        if (cut) FUZZ_CHECK(*cut == *table, "a sound cut gives the same rows and numbers");
    }
    return 0;
}
