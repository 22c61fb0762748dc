// The household review interchange format v1 (shared/domain/review-format.md):
// households.csv + members.csv, the same columns in XLSX. Parsing collects every problem
// (file, row, column, reason in Vietnamese) instead of stopping at the first one.
#pragma once

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "kernel/date.hpp"
#include "kernel/household.hpp"
#include "modules/registry/domain/household_batch.hpp"
#include "platform/table.hpp"

namespace giamngheo::io {

class MappedFile;

struct InterchangeRules {
    std::function<bool(const std::string&)> unit_exists;  // GSO commune code known to the store
    std::set<std::string> indicator_keys;                 // allowed deprived_<key> columns
    Date today;                                           // birth dates after it are impossible
};

struct ParsedHouseholds {
    HouseholdBatch batch;             // households in file order, each with its members in file order
    std::vector<long> household_rows;  // the file row of each household in `batch`
    std::vector<Problem> problems;    // when there are any, the batch holds no members and means nothing
    [[nodiscard]] bool ok() const { return problems.empty(); }
    [[nodiscard]] std::vector<Household> households() const;
};

// What reading one part of a CSV file has found; complete once the part's next() has returned
// false.
struct CsvPartReport {
    std::string_view file_text;  // the whole file, to read it again as one part
    MappedFile* file = nullptr;  // the file the text is mapped from, when it is
    long line_breaks = 0;        // in the part's text (the first part's counts the header's)
    bool quote = false;          // a double quote was read, or a quoting error met
};

// Rows of a file read one at a time: a CSV file streamed from its text (which the caller keeps
// alive), or a Table already in memory (XLSX).
struct RowStream {
    std::string source;
    std::vector<std::string> header;
    // Views valid until the next call; false at the end. Each row is checked to be UTF-8 before
    // it is given (FileProblem, with its line and column, otherwise).
    std::function<bool(std::vector<std::string_view>& fields, long& row)> next;
    std::size_t text_bytes = 0;  // the size of the text the rows come from, when known
    std::shared_ptr<const CsvPartReport> report;  // for CSV text
    static RowStream of(const Table& table);  // keeps a reference to `table`
    // Throws FileProblem on invalid UTF-8, a NUL byte, an empty file or malformed CSV.
    static RowStream csv(std::string_view text, const std::string& source);
    // The rows of one CSV file as up to `parts` streams over consecutive ranges of its text, cut
    // after line breaks, which can be read at the same time: a national file is read once, on
    // every core, with nothing looked at before. The first part holds the header and numbers
    // its rows as in the whole file; the others number theirs from their own first line, since
    // the lines before them are counted only as those are read (see cut_offsets). A line break
    // ends a row unless it is inside a quoted field, so a cut is sound only if the file has no
    // double quote: see cut_is_sound.
    static std::vector<RowStream> csv_parts(std::string_view text, const std::string& source, std::size_t parts);
    // The same over a mapped file, which reads ahead for each part (MappedFile::advance).
    static std::vector<RowStream> csv_parts(MappedFile& file, const std::string& source, std::size_t parts);
};
// Once every part is read: what to add to each part's row numbers.
[[nodiscard]] std::vector<long> cut_offsets(const std::vector<RowStream>& parts);
// Once every part is read: false when the file, cut into several parts, holds a double quote,
// so that a cut may have fallen inside a quoted field; then read it again as one part
// (csv_parts(*report->file or report->file_text, source, 1)).
[[nodiscard]] bool cut_is_sound(const std::vector<RowStream>& parts);

[[nodiscard]] ParsedHouseholds parse_interchange(const Table& households, const Table& members,
                                                 const InterchangeRules& rules);
// The same with both files streamed: a national file is never held as millions of cells.
[[nodiscard]] ParsedHouseholds parse_interchange(RowStream households, RowStream members,
                                                 const InterchangeRules& rules);
// The same with the members file as consecutive parts (RowStream::csv_parts; the header is the
// first part's), each part read on a thread of its own: the result, problems included and in
// the same order, is the same as from one stream.
[[nodiscard]] ParsedHouseholds parse_interchange(RowStream households, std::vector<RowStream> member_parts,
                                                 const InterchangeRules& rules);

// How an import is staged.
struct StageOptions {
    std::string spill_directory;  // where members wait on disk; "" = TMPDIR, else /tmp
    // Households per piece (the store writes a piece as it comes); 0 = everything in one piece.
    std::size_t piece_households = kPieceHouseholds;
    // Member ids per run of the duplicate check (roughly: the runs are sized from the text).
    std::size_t id_run_members = std::size_t{1} << 20;
    // False to check only (a dry run): members are not set aside, and there are no pieces.
    bool keep_members = true;
};

// An import validated whole but held in pieces: its households in memory, its members on disk
// until the store takes each piece, so that memory stays bounded at national size.
struct StagedImport {
    std::vector<Problem> problems;  // nothing may be written unless this is empty
    std::size_t households = 0;     // household rows read (duplicates of an id left out)
    std::size_t members = 0;        // member rows matched to one of them (duplicates left out)
    std::unique_ptr<HouseholdPieces> pieces;  // in id order; only when there are no problems and members were kept
    [[nodiscard]] bool ok() const { return problems.empty(); }
};
// Reads and checks both files exactly as parse_interchange does (the same problems in the
// same order), each as consecutive parts (RowStream::csv_parts; a file that cannot be cut is
// read again as one part) read on threads of their own: households.csv first, then
// members.csv, each member written to its piece's run on disk as it is read.
[[nodiscard]] StagedImport stage_interchange(std::vector<RowStream> household_parts, std::vector<RowStream> member_parts,
                                             const InterchangeRules& rules, const StageOptions& options = {});

// Writes households and members back in the same format (contract columns first, then the
// extra columns that were imported), so that import → export → import loses nothing.
extern const std::vector<std::string> kHouseholdColumns;
extern const std::vector<std::string> kMemberColumns;
// One row of each file in the column order above (no deprived_<key> or extra columns).
[[nodiscard]] std::vector<std::string> household_fields(const Household& household);
[[nodiscard]] std::vector<std::string> member_fields(const Household& household, const Member& member);

[[nodiscard]] Table households_table(const std::vector<Household>& households);
[[nodiscard]] Table members_table(const std::vector<Household>& households);

// The columns of both files for a set of households, decided by looking at each of them once
// (which deprived_<key> answers, extra columns and current units occur), then their rows one
// at a time: so that a national registry is written without holding it as one table.
class InterchangeColumns {
public:
    void observe(const Household& household);
    [[nodiscard]] std::vector<std::string> household_header() const;
    [[nodiscard]] std::vector<std::string> member_header() const;
    [[nodiscard]] std::vector<std::string> household_row(const Household& household) const;
    [[nodiscard]] std::vector<std::string> member_row(const Household& household, const Member& member) const;

private:
    std::vector<std::string> override_keys_;  // sorted
    std::vector<std::string> household_extras_, member_extras_;  // in the order first seen
    bool with_current_unit_ = false;
};
inline const std::set<std::string> kHouseholdNumericColumns = {"income_per_capita", "score_a", "housing_area_m2"};

// Validates a 12-digit personal identification number against what the member says:
// returns an empty string when valid, otherwise the reason (Vietnamese).
[[nodiscard]] std::string personal_id_problem(const std::string& id, const Member& member);

}  // namespace giamngheo::io
