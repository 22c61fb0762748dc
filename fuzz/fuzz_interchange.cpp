// Validation of the household interchange format (io/interchange.hpp): households.csv and
// members.csv, given as one input split at the first 0x1E byte (ASCII record separator).
//
// Invariants: the table path (parse_csv_table + parse_interchange over tables) and the streamed
// path (RowStream::csv) give the same households, rows and problems; so do, for one input in
// four, members cut into parts read on threads (RowStream::csv_parts) and the staged import in
// small pieces (stage_interchange: the same problems, counts and households in id order); an
// accepted import written back (households_table, members_table, to_csv) reads back the same
// ("import → export → import loses nothing"). Refusing a file is FileProblem (invalid_input);
// nothing else may escape.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "modules/registry/formats/interchange.hpp"
#include "platform/table.hpp"

namespace {

using namespace giamngheo;

std::string g_spill_directory;

io::InterchangeRules rules() {
    // Five-digit codes are known communes except 99999, so that both answers are reached.
    return {[](const std::string& code) {
                return code.size() == 5 && code != "99999" &&
                       std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
            },
            {"adult_education", "child_schooling", "dependants", "digital_services", "employment", "health_insurance",
             "housing_area", "housing_quality", "info_access", "latrine", "nutrition", "telecom", "waste", "water"},
            Date{2026, 11, 23}};
}

bool same_problems(const std::vector<io::Problem>& a, const std::vector<io::Problem>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const io::Problem& x, const io::Problem& y) {
        return x.file == y.file && x.row == y.row && x.column == y.column && x.message == y.message;
    });
}

// The result of one way of reading, or the message of the FileProblem that refused it.
struct Outcome {
    bool refused = false;
    std::string refusal;
    io::ParsedHouseholds parsed;
};

template <class Read>
Outcome outcome(Read read) {
    Outcome out;
    try {
        out.parsed = read();
        FUZZ_CHECK(out.parsed.household_rows.size() == out.parsed.batch.households() || !out.parsed.ok(),
                   "a row for every household");
    } catch (const io::FileProblem& e) {
        FUZZ_CHECK(e.kind() == ErrorKind::invalid_input, e.what());
        out.refused = true;
        out.refusal = e.what();
    }
    return out;
}

void expect_same(const Outcome& a, const Outcome& b, const char* what) {
    FUZZ_CHECK(a.refused == b.refused, what);
    if (a.refused) {
        FUZZ_CHECK(a.refusal == b.refusal, what);
        return;
    }
    FUZZ_CHECK(same_problems(a.parsed.problems, b.parsed.problems), what);
    if (!a.parsed.ok()) return;  // the batch means nothing then
    FUZZ_CHECK(a.parsed.household_rows == b.parsed.household_rows, what);
    FUZZ_CHECK(a.parsed.households() == b.parsed.households(), what);
}

std::vector<Household> by_id(std::vector<Household> households) {
    std::stable_sort(households.begin(), households.end(),
                     [](const Household& a, const Household& b) { return a.household_id < b.household_id; });
    return households;
}

void check_staged(std::string_view households, std::string_view members, const Outcome& streamed) {
    io::StageOptions options;
    options.spill_directory = g_spill_directory;
    options.piece_households = 2;
    options.id_run_members = 4;
    io::StagedImport staged;
    try {
        staged = io::stage_interchange(io::RowStream::csv_parts(households, "households.csv", 2),
                                       io::RowStream::csv_parts(members, "members.csv", 3), rules(), options);
    } catch (const io::FileProblem& e) {
        FUZZ_CHECK(streamed.refused && streamed.refusal == e.what(), "the staged import refuses as the stream does");
        return;
    }
    FUZZ_CHECK(!streamed.refused, "the staged import refuses as the stream does");
    FUZZ_CHECK(same_problems(staged.problems, streamed.parsed.problems), "the staged import finds the same problems");
    if (!staged.ok()) return;
    const std::vector<Household> expected = by_id(streamed.parsed.households());
    FUZZ_CHECK(staged.households == expected.size(), "the staged import counts the households");
    std::size_t members_count = 0;
    for (const auto& h : expected) members_count += h.members.size();
    FUZZ_CHECK(staged.members == members_count, "the staged import counts the members");
    FUZZ_CHECK(staged.pieces && staged.pieces->households() == expected.size(), "pieces hold every household");
    std::vector<Household> pieced;
    for (std::size_t k = 0; k < staged.pieces->pieces(); ++k) {
        const HouseholdBatch piece = staged.pieces->piece(k);
        FUZZ_CHECK(piece.households() <= options.piece_households, "a piece holds at most piece_households");
        for (std::size_t i = 0; i < piece.households(); ++i) pieced.push_back(piece.household(i));
    }
    FUZZ_CHECK(pieced == expected, "the pieces hold the households in id order");
}

void check_round_trip(const io::ParsedHouseholds& parsed) {
    const std::vector<Household> households = parsed.households();
    const std::string h = io::to_csv(io::households_table(households));
    const std::string m = io::to_csv(io::members_table(households));
    io::ParsedHouseholds again;
    try {
        again = io::parse_interchange(io::parse_csv_table(h, "households.csv"), io::parse_csv_table(m, "members.csv"),
                                      rules());
    } catch (const io::FileProblem& e) {
        std::fprintf(stderr, "written back:\n%s\n---\n%s\n", h.c_str(), m.c_str());
        FUZZ_CHECK(false, e.what());
    }
    if (!again.ok()) std::fprintf(stderr, "written back:\n%s\n---\n%s\nfirst problem: %s\n", h.c_str(), m.c_str(),
                                  io::format_problem(again.problems.front()).c_str());
    FUZZ_CHECK(again.ok(), "an accepted import written back is accepted");
    FUZZ_CHECK(again.households() == households, "an accepted import written back reads back the same");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    std::string pattern = (std::filesystem::temp_directory_path() / "giamngheo-fuzz-spill-XXXXXX").string();
    if (!mkdtemp(pattern.data())) std::abort();
    g_spill_directory = pattern;
    std::atexit([] { std::filesystem::remove_all(g_spill_directory); });
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input = giamngheo::fuzz::text_of(data, size);
    const std::size_t split = input.find('\x1e');
    const std::string_view households = input.substr(0, split);
    const std::string_view members = split == std::string_view::npos ? std::string_view{} : input.substr(split + 1);

    const Outcome streamed = outcome([&] {
        return io::parse_interchange(io::RowStream::csv(households, "households.csv"),
                                     io::RowStream::csv(members, "members.csv"), rules());
    });
    // Every read starts threads and spill files (under ASan about 20 ms): the reads in parts are
    // compared for one input in four, chosen by its bytes so that a rerun does the same.
    const bool in_parts = std::hash<std::string_view>{}(input) % 4 == 0;
    if (in_parts) {
        const Outcome cut = outcome([&] {
            return io::parse_interchange(io::RowStream::csv(households, "households.csv"),
                                         io::RowStream::csv_parts(members, "members.csv", 3), rules());
        });
        expect_same(streamed, cut, "members cut into parts read as one stream");
    }

    // The table path refuses a whole file before validating any row; compare when both parse.
    std::optional<io::Table> household_table, member_table;
    try {
        household_table = io::parse_csv_table(households, "households.csv");
        member_table = io::parse_csv_table(members, "members.csv");
    } catch (const io::FileProblem& e) {
        FUZZ_CHECK(e.kind() == ErrorKind::invalid_input, e.what());
        // The stream stops at problems of a header before reading the rows that hold the bytes.
        FUZZ_CHECK(streamed.refused || !streamed.parsed.ok(), "what parse_csv_table refuses, the stream does not accept");
    }
    if (member_table) {
        const Outcome tables =
            outcome([&] { return io::parse_interchange(*household_table, *member_table, rules()); });
        FUZZ_CHECK(!tables.refused, "tables parsed are not refused");
        FUZZ_CHECK(!streamed.refused, "what parse_csv_table reads, the stream reads");
        expect_same(tables, streamed, "tables and streams agree");
    }

    if (in_parts) check_staged(households, members, streamed);
    if (!streamed.refused && streamed.parsed.ok()) check_round_trip(streamed.parsed);
    return 0;
}
