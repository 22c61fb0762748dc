// The entry points of the interchange reader: an import staged from its files' parts, each read
// on a thread of its own (interchange_read.cpp), their findings put together as one stream in
// file order would find them (repeated household ids, duplicate member ids, households the
// members name but the file lacks, second heads, households without members).
#include "modules/registry/formats/interchange.hpp"

#include <algorithm>
#include <memory>
#include <thread>

#include "modules/registry/formats/interchange_read.hpp"
#include "platform/ordered_pipeline.hpp"

namespace giamngheo::io {

using namespace interchange_detail;

std::vector<Household> ParsedHouseholds::households() const {
    std::vector<Household> out;
    out.reserve(batch.households());
    for (std::size_t i = 0; i < batch.households(); ++i) out.push_back(batch.household(i));
    return out;
}

ParsedHouseholds parse_interchange(const Table& households_in, const Table& members_in, const InterchangeRules& rules) {
    return parse_interchange(RowStream::of(households_in), RowStream::of(members_in), rules);
}

namespace {

// A member id met again: the row, the first row with it, the household the row names.
struct Duplicate {
    std::uint32_t row, first_row, household;
    std::string member_id;
};

// The duplicates among the member ids of run `run` of every part, which hold them in file order
// (numbered within their part: `row_offsets` make the numbers the file's).
std::vector<Duplicate> duplicates_in(const std::vector<MemberPart>& parts, const std::vector<long>& row_offsets,
                                     std::size_t run) {
    std::vector<const SpillRuns*> runs;
    for (const auto& part : parts) runs.push_back(part.ids.get());
    const RunOfParts read = read_run(runs, run);
    const char* const bytes = read.bytes.get();
    struct Entry {
        std::string_view id;
        std::uint32_t row, household;
    };
    std::vector<Entry> entries;
    std::size_t p = 0;
    for (RecordReader r(bytes); r.position() < bytes + read.size();) {
        while (static_cast<std::size_t>(r.position() - bytes) >= read.part_end[p]) ++p;
        const std::string_view id = r.text();
        const auto row = r.number<std::uint32_t>() + static_cast<std::uint32_t>(row_offsets[p]);
        entries.push_back({id, row, r.number<std::uint32_t>()});
    }
    KeyIndex index([&](std::uint32_t e) { return entries[e].id; }, entries.size());
    std::vector<Duplicate> out;
    for (std::uint32_t e = 0; e < entries.size(); ++e)
        if (const std::uint32_t first = index.insert(entries[e].id, e); first != e)
            out.push_back({entries[e].row, entries[first].row, entries[e].household, std::string(entries[e].id)});
    return out;
}

// Reads `parts` with read(); should the file have been cut where it cannot be (cut_is_sound),
// reads it again as one part.
template <class Read>
void read_soundly(std::vector<RowStream>& parts, const std::string& source, Read read) {
    try {
        read();
        if (cut_is_sound(parts)) return;
    } catch (const FileProblem&) {
        // A part cut inside a quoted field reads out of step: the file read as one part refuses
        // it where, and for what, one stream would.
        if (parts.size() < 2) throw;
    }
    const CsvPartReport& report = *parts.front().report;
    parts = report.file ? RowStream::csv_parts(*report.file, source, 1) : RowStream::csv_parts(report.file_text, source, 1);
    read();
}

struct Staged {
    std::vector<Problem> problems;
    std::vector<long> household_rows;
    std::unique_ptr<StagedPieces> pieces;
};

Staged stage(std::vector<RowStream> household_parts, std::vector<RowStream> member_parts, const InterchangeRules& rules,
             const StageOptions& options) {
    Staged result;
    result.pieces = std::make_unique<StagedPieces>();
    StagedPieces& staged = *result.pieces;
    ParsedHouseholds households_read;  // the households, their rows and problems
    auto& problems = households_read.problems;
    HouseholdBatch& households = households_read.batch;
    RegistryImage& image = households.image;
    const std::string households_source = household_parts.front().source;
    const std::string members_source = member_parts.front().source;
    const ColumnMap hcols(household_parts.front().header, InterchangeFile::households, households_source, kHouseholdColumns,
                          {"household_id", "unit_code"}, problems);
    const ColumnMap mcols(member_parts.front().header, InterchangeFile::members, members_source, kMemberColumns,
                          {"household_id", "member_id", "birth_date"}, problems);
    if (!problems.empty()) {
        result.problems = std::move(problems);
        return result;
    }
    const ExtraColumns household_extras = extra_columns(hcols, kHouseholdColumns, "deprived_", households.extra_names);
    const ExtraColumns member_extras = extra_columns(mcols, kMemberColumns, "", households.extra_names);
    std::vector<OverrideColumn> overrides;
    for (const auto& [name, position] : hcols.by_name()) {
        if (name.rfind("deprived_", 0) != 0) continue;
        const std::string key = name.substr(9);
        if (!rules.indicator_keys.count(key)) {
            std::vector<std::string> known(rules.indicator_keys.begin(), rules.indicator_keys.end());
            problems.push_back({households_source, 1, name, "không có chỉ số \"" + key + "\"; các chỉ số: " + join(known, ", ")});
        } else {
            overrides.push_back({position, name, 1u << (image.override_keys.intern(key) - 1)});
        }
    }

    // Households first, each part on a thread of its own: a member's piece is its household's
    // place in id order. The first part's columns have room for the whole file, so that the
    // others' are added to them instead of all being copied into new ones (at national size,
    // fresh memory costs more than the copy).
    std::vector<ParsedHouseholds> household_reads;
    auto read_household_parts = [&] {
        std::size_t file_bytes = 0;
        for (const auto& part : household_parts) file_bytes += part.text_bytes;
        household_reads.assign(household_parts.size(), {});
        on_threads(household_parts.size(), [&](std::size_t p) {
            ParsedHouseholds& part = household_reads[p];
            part.batch.image.override_keys = image.override_keys;
            part.batch.extra_names = households.extra_names;
            read_households(household_parts[p], hcols, household_extras, overrides, rules,
                            p == 0 ? file_bytes : household_parts[p].text_bytes, part);
        });
    };
    read_soundly(household_parts, households_source, read_household_parts);
    const std::vector<long> household_offsets = cut_offsets(household_parts);
    for (std::size_t p = 0; p < household_reads.size(); ++p) {
        ParsedHouseholds& part = household_reads[p];
        for (auto& problem : part.problems) {
            problem.row += household_offsets[p];
            problems.push_back(std::move(problem));
        }
        if (p == 0) {
            households_read.household_rows = std::move(part.household_rows);
            households = std::move(part.batch);
        } else {
            for (const long row : part.household_rows) households_read.household_rows.push_back(row + household_offsets[p]);
            households.append_households(std::move(part.batch));
        }
        part = ParsedHouseholds{};
    }
    // A repeated id, found next to its first row in id order, is reported and left out.
    staged.order = rows_in_id_order(image.household_ids);
    std::vector<Problem> repeated;
    std::vector<std::uint8_t> left_out;
    for (std::size_t k = 1, first = 0; k < staged.order.size(); ++k) {
        const std::uint32_t row = staged.order[k], first_row = staged.order[first];
        const std::string& id = image.household_ids[row];
        if (id.empty() || id != image.household_ids[first_row]) {
            first = k;
            continue;
        }
        if (left_out.empty()) left_out.resize(image.household_ids.size(), 0);
        left_out[row] = 1;
        repeated.push_back({households_source, households_read.household_rows[row], kHouseholdColumns[kHouseholdId],
                            "mã hộ \"" + id + "\" bị trùng với dòng " + std::to_string(households_read.household_rows[first_row])});
    }
    if (!repeated.empty()) {
        std::sort(repeated.begin(), repeated.end(), [](const Problem& a, const Problem& b) { return a.row < b.row; });
        const auto cells = static_cast<std::ptrdiff_t>(problems.size());
        problems.insert(problems.end(), repeated.begin(), repeated.end());
        std::inplace_merge(problems.begin(), problems.begin() + cells, problems.end(),
                           [](const Problem& a, const Problem& b) { return a.row < b.row; });
        std::vector<std::uint32_t> kept;
        std::vector<long> kept_rows;
        for (std::uint32_t row = 0; row < left_out.size(); ++row)
            if (!left_out[row]) {
                kept.push_back(row);
                kept_rows.push_back(households_read.household_rows[row]);
            }
        households = HouseholdBatch::select_households(households, kept);
        households_read.household_rows = std::move(kept_rows);
        staged.order = rows_in_id_order(image.household_ids);
    }
    const std::size_t household_count = image.household_ids.size();
    staged.position.resize(household_count);
    for (std::uint32_t k = 0; k < household_count; ++k) staged.position[staged.order[k]] = k;
    staged.piece_size = options.piece_households > 0 ? options.piece_households : std::max<std::size_t>(1, household_count);
    const ShardedHouseholdIndex household_index(image, std::max(1u, std::thread::hardware_concurrency()));

    // Then each part of the members file on a thread of its own.
    std::size_t member_bytes = 0;
    for (const auto& part : member_parts) member_bytes += part.text_bytes;
    const std::size_t id_runs = std::max<std::size_t>(1, member_bytes / kMemberRowBytes / options.id_run_members);
    std::vector<std::uint32_t> member_counts(household_count, 0);
    std::vector<MemberPart> parts;
    auto read_member_parts = [&] {
        std::fill(member_counts.begin(), member_counts.end(), 0);
        parts.clear();
        parts.resize(member_parts.size());
        on_threads(member_parts.size(), [&](std::size_t p) {
            parts[p] = read_members(member_parts[p], mcols, member_extras, rules, household_index, staged,
                                    options.spill_directory, options.keep_members, id_runs, member_counts);
        });
    };
    read_soundly(member_parts, members_source, read_member_parts);
    const std::vector<long> member_offsets = cut_offsets(member_parts);
    for (std::size_t p = 0; p < parts.size(); ++p) {
        const auto offset = static_cast<std::uint32_t>(member_offsets[p]);
        for (auto& problem : parts[p].problems) problem.row += offset;
        for (auto& [row, id] : parts[p].unknown_household) row += offset;
        for (auto& [row, household] : parts[p].heads) row += offset;
    }

    // What a member's row says about other rows, found as one stream in file order would: a
    // duplicate member id (the row then counts for nothing else), a household the file lacks,
    // a second head.
    std::vector<Duplicate> duplicates;
    make_in_rounds<std::vector<Duplicate>>(
        id_runs, std::max(1u, std::thread::hardware_concurrency()),
        [&](std::size_t run, std::vector<Duplicate>& found) { found = duplicates_in(parts, member_offsets, run); },
        [&](std::size_t, std::vector<Duplicate>& found) { duplicates.insert(duplicates.end(), found.begin(), found.end()); });
    std::sort(duplicates.begin(), duplicates.end(), [](const Duplicate& a, const Duplicate& b) { return a.row < b.row; });
    auto duplicate = [&](std::uint32_t row) {
        return std::binary_search(duplicates.begin(), duplicates.end(), Duplicate{row, 0, 0, {}},
                                  [](const Duplicate& a, const Duplicate& b) { return a.row < b.row; });
    };
    std::vector<Problem> matching;
    for (const auto& d : duplicates) {
        matching.push_back({members_source, d.row, kMemberColumns[kMemberId],
                            "mã thành viên \"" + d.member_id + "\" bị trùng với dòng " + std::to_string(d.first_row)});
        if (d.household != kNoHousehold) --member_counts[d.household];
    }
    std::vector<std::uint8_t> heads(household_count, 0);
    for (const auto& part : parts) {
        for (const auto& [row, id] : part.unknown_household)
            if (!duplicate(row))
                matching.push_back({members_source, row, kMemberColumns[kMemberHouseholdId],
                                    "hộ \"" + id + "\" không có trong " + households_source});
        for (const auto& [row, household] : part.heads)
            if (!duplicate(row) && ++heads[household] == 2)
                matching.push_back({members_source, row, kMemberColumns[kRelation],
                                    "hộ \"" + image.household_ids[household] + "\" có nhiều hơn một chủ hộ"});
    }
    std::sort(matching.begin(), matching.end(), [](const Problem& a, const Problem& b) { return a.row < b.row; });
    // Each list is in row order; a row's own cells come before what it says about other rows.
    const auto member_problems = static_cast<std::ptrdiff_t>(problems.size());
    for (auto& part : parts) problems.insert(problems.end(), part.problems.begin(), part.problems.end());
    const auto matching_problems = static_cast<std::ptrdiff_t>(problems.size());
    problems.insert(problems.end(), matching.begin(), matching.end());
    std::inplace_merge(problems.begin() + member_problems, problems.begin() + matching_problems, problems.end(),
                       [](const Problem& a, const Problem& b) { return a.row < b.row; });
    for (std::size_t i = 0; i < household_count; ++i) {
        staged.member_count += member_counts[i];
        if (member_counts[i] == 0 && !image.household_ids[i].empty())
            problems.push_back({households_source, households_read.household_rows[i], "household_id",
                                "hộ \"" + image.household_ids[i] + "\" không có thành viên nào trong " + members_source});
    }

    result.problems = std::move(problems);
    result.household_rows = std::move(households_read.household_rows);
    staged.household_columns = std::move(households_read.batch);
    for (auto& part : parts) staged.parts.push_back(std::move(part.staged));
    return result;
}

}  // namespace

StagedImport stage_interchange(std::vector<RowStream> household_parts, std::vector<RowStream> member_parts,
                               const InterchangeRules& rules, const StageOptions& options) {
    Staged staged = stage(std::move(household_parts), std::move(member_parts), rules, options);
    StagedImport out;
    out.problems = std::move(staged.problems);
    out.households = staged.pieces->households();
    out.members = staged.pieces->members();
    if (out.ok() && options.keep_members) out.pieces = std::move(staged.pieces);
    return out;
}

ParsedHouseholds parse_interchange(RowStream households_in, RowStream members_in, const InterchangeRules& rules) {
    std::vector<RowStream> parts;
    parts.push_back(std::move(members_in));
    return parse_interchange(std::move(households_in), std::move(parts), rules);
}

// One piece of everything, put back in file order.
ParsedHouseholds parse_interchange(RowStream households_in, std::vector<RowStream> member_parts,
                                   const InterchangeRules& rules) {
    StageOptions options;
    options.piece_households = 0;
    std::vector<RowStream> household_parts;
    household_parts.push_back(std::move(households_in));
    Staged staged = stage(std::move(household_parts), std::move(member_parts), rules, options);
    ParsedHouseholds out;
    out.problems = std::move(staged.problems);
    out.household_rows = std::move(staged.household_rows);
    const StagedPieces& pieces = *staged.pieces;
    if (!out.ok()) {
        out.batch = pieces.household_columns;
        out.batch.image.member_begin.assign(out.batch.households() + 1, 0);
    } else if (pieces.households() > 0) {
        out.batch = HouseholdBatch::select(pieces.piece(0), pieces.position);
    }
    return out;
}

}  // namespace giamngheo::io
