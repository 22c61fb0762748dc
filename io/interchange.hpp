// The household review interchange format v1 (shared/domain/review-format.md):
// households.csv + members.csv, the same columns in XLSX. Parsing collects every problem
// (file, row, column, reason in Vietnamese) instead of stopping at the first one.
#pragma once

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/household.hpp"
#include "core/household_batch.hpp"
#include "io/table.hpp"

namespace giamngheo::io {

struct Problem {
    std::string file;
    long row = 0;  // 0: the file as a whole; 1: the header
    std::string column;
    std::string message;
};
[[nodiscard]] std::string format_problem(const Problem& p);

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

// Rows of a file read one at a time: a CSV file streamed from its text (which the caller keeps
// alive), or a Table already in memory (XLSX).
struct RowStream {
    std::string source;
    std::vector<std::string> header;
    // Views valid until the next call; false at the end.
    std::function<bool(std::vector<std::string_view>& fields, long& row)> next;
    std::size_t text_bytes = 0;  // the size of the text the rows come from, when known
    static RowStream of(const Table& table);  // keeps a reference to `table`
    // Throws std::runtime_error naming the file on invalid UTF-8, an empty file or malformed CSV.
    static RowStream csv(std::string_view text, const std::string& source);
    // The rows of one CSV file as up to `parts` streams over consecutive ranges of rows, which
    // can be read at the same time; the first holds the header, all report rows as numbered in
    // the whole file. The text is split only where a line break surely ends a row, which
    // without reading every field from the start is certain only when the text has no double
    // quote (a quoted field may hold a line break); otherwise it is one stream. Whether it has
    // one, whether it is valid UTF-8 and where the parts' lines start are found in one pass, a
    // range per thread, before any row is read.
    static std::vector<RowStream> csv_parts(std::string_view text, const std::string& source, std::size_t parts);
};

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
};

// An import validated whole but held in pieces: its households in memory, its members on disk
// until the store takes each piece, so that memory stays bounded at national size.
struct StagedImport {
    std::vector<Problem> problems;  // nothing may be written unless this is empty
    std::size_t households = 0;     // household rows read (duplicates of an id left out)
    std::size_t members = 0;        // member rows matched to one of them (duplicates left out)
    std::unique_ptr<HouseholdPieces> pieces;  // in id order; only when there are no problems
    [[nodiscard]] bool ok() const { return problems.empty(); }
};
// Reads and checks both files exactly as parse_interchange does (the same problems in the
// same order), each as consecutive parts (RowStream::csv_parts) read on threads of their own:
// households.csv first, then members.csv, each member written to its piece's run on disk as it
// is read.
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
