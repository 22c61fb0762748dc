#include <gtest/gtest.h>

#include <stdexcept>

#include "modules/registry/domain/synthetic.hpp"
#include "platform/csv.hpp"
#include "modules/registry/formats/interchange.hpp"
#include "platform/table.hpp"
#include "testing/support.hpp"

namespace giamngheo::test {
namespace {

// Communes chosen to reach every branch of the generator: urban and rural, regions with many
// poor and minority households, and codes of one character and of more than 16 (the length at
// which the CSV emitter copies text differently).
const std::vector<SyntheticCommune> kCommunes = {{"16186", "rural", {0.3, 0.1, 0.6}},
                                                 {"14797", "urban", {0.02, 0.03, 0.05}},
                                                 {"7", "urban", {0.2, 0.2, 0.5}},
                                                 {"123456789012345678901", "rural", {0.05, 0.05, 0.1}}};
constexpr std::uint64_t kIndices = 5000;

SyntheticGenerator generator_with(std::uint64_t seed, double missing_answer_rate) {
    SyntheticOptions options;
    options.seed = seed;
    options.missing_answer_rate = missing_answer_rate;
    return SyntheticGenerator(kCommunes, options);
}

// The households.csv fields the interchange writer gives for `h`, as `generate` writes them.
std::vector<std::string> household_row(const Household& h) {
    std::vector<std::string> fields = io::household_fields(h);
    fields.pop_back();  // current_unit_code, which generated files do not have
    return fields;
}

// The fast CSV emitter writes, byte for byte, what the interchange writer gives for the
// Household of the same index: the test that fails when the two emitters part ways.
TEST(Generate, FastCsvIsByteForByteTheInterchangeTextOfTheHousehold) {
    for (const auto& [seed, missing] : {std::pair{5ULL, 0.05}, std::pair{12345678901ULL, 0.01}}) {
        const SyntheticGenerator generator = generator_with(seed, missing);
        // Appended to text already there, as the chunks of `generate` are.
        std::string fast_households = "before\n", fast_members = "before\n";
        std::string expected_households = fast_households, expected_members = fast_members;
        Household h;
        for (std::uint64_t i = 0; i < kIndices; ++i) {
            const std::size_t households_before = fast_households.size(), members_before = fast_members.size();
            const int members = generator.append_csv(i, fast_households, fast_members);
            generator.generate(i, h);
            std::string household_text, members_text;
            io::append_csv_row(household_text, household_row(h));
            for (const auto& m : h.members) io::append_csv_row(members_text, io::member_fields(h, m));
            ASSERT_EQ(members, static_cast<int>(h.members.size())) << "seed " << seed << ", household " << i;
            ASSERT_EQ(fast_households.substr(households_before), household_text) << "seed " << seed << ", household " << i;
            ASSERT_EQ(fast_members.substr(members_before), members_text) << "seed " << seed << ", household " << i;
            expected_households += household_text;
            expected_members += members_text;
        }
        EXPECT_EQ(fast_households, expected_households);
        EXPECT_EQ(fast_members, expected_members);
    }
}

// No generated value needs CSV quoting, so the fast emitter writes none: its text reads back,
// field by field, as the values of the Household.
TEST(Generate, FastCsvNeedsNoQuotingAndReadsBackAsTheHouseholdValues) {
    const SyntheticGenerator generator = generator_with(9, 0.05);
    std::string households_text, members_text;
    for (std::uint64_t i = 0; i < kIndices; ++i) generator.append_csv(i, households_text, members_text);
    EXPECT_EQ(households_text.find('"'), std::string::npos);
    EXPECT_EQ(members_text.find('"'), std::string::npos);
    io::CsvReader households(households_text), members(members_text);
    std::vector<std::string> fields;
    Household h;
    for (std::uint64_t i = 0; i < kIndices; ++i) {
        generator.generate(i, h);
        ASSERT_TRUE(households.next(fields)) << "household " << i;
        ASSERT_EQ(fields, household_row(h)) << "household " << i;
        for (const auto& m : h.members) {
            ASSERT_TRUE(members.next(fields)) << "household " << i;
            ASSERT_EQ(fields, io::member_fields(h, m)) << "member " << m.member_id;
        }
    }
    EXPECT_FALSE(households.next(fields));
    EXPECT_FALSE(members.next(fields));
}

// The one value not drawn from the generator's own vocabulary is the commune code.
TEST(Generate, RefusesACommuneCodeThatWouldNeedQuoting) {
    for (const char* code : {"01,2", "01\"2", "01\n2"})
        EXPECT_THROW(SyntheticGenerator({{code, "rural", {}}}, SyntheticOptions{}), std::invalid_argument) << code;
}

// Household i depends only on the seed and i, so a smaller set is the beginning of a larger
// one: whatever the chunks, threads and file blocks of each run.
TEST(Generate, ASmallerSetIsTheBeginningOfALargerOne) {
    TempDir dir;
    auto generate = [&](const std::string& name, long households) {
        const auto r = run_cli("generate --units '" + kUnitsFixture + "' --households " + std::to_string(households) +
                               " --seed 3 --out-dir '" + dir.path(name) + "'");
        EXPECT_EQ(r.status, 0) << r.err;
        return std::pair{io::read_file(dir.path(name) + "/households.csv"), io::read_file(dir.path(name) + "/members.csv")};
    };
    const auto [small_households, small_members] = generate("small", 40000);
    const auto [large_households, large_members] = generate("large", 70001);
    ASSERT_LT(small_households.size(), large_households.size());
    ASSERT_LT(small_members.size(), large_members.size());
    EXPECT_EQ(large_households.compare(0, small_households.size(), small_households), 0);
    EXPECT_EQ(large_members.compare(0, small_members.size(), small_members), 0);
}

TEST(Generate, IsDeterministicBySeedAndValidAgainstTheFormat) {
    TempDir dir;
    auto generate = [&](const std::string& name, int seed) {
        const auto r = run_cli("generate --units '" + kUnitsFixture + "' --households 40000 --seed " + std::to_string(seed) +
                               " --out-dir '" + dir.path(name) + "'");
        EXPECT_EQ(r.status, 0) << r.err;
        return io::read_file(dir.path(name) + "/households.csv") + io::read_file(dir.path(name) + "/members.csv");
    };
    const std::string a = generate("a", 5), b = generate("b", 5), c = generate("c", 6);
    EXPECT_EQ(a, b);
    EXPECT_NE(a, c);
    // The output imports without a single problem.
    const auto r = run_cli("--db '" + dir.path("g.db") + "' units import '" + kUnitsFixture + "'");
    ASSERT_EQ(r.status, 0);
    const auto dry = run_cli("--db '" + dir.path("g.db") + "' import --dry-run --households '" + dir.path("a") +
                             "/households.csv' --members '" + dir.path("a") + "/members.csv'");
    EXPECT_EQ(dry.status, 0) << dry.err.substr(0, 2000);
}

TEST(Generate, ScopeLimitsTheCommunes) {
    TempDir dir;
    const auto r = run_cli("generate --units '" + kUnitsFixture + "' --households 500 --seed 1 --scope 22 --out-dir '" +
                           dir.path() + "'");
    ASSERT_EQ(r.status, 0) << r.err;
    const io::Table households = io::read_table(dir.path("households.csv"));
    for (const auto& row : households.rows) EXPECT_EQ(row[1], "06994");
    EXPECT_EQ(run_cli("generate --units '" + kUnitsFixture + "' --households 5 --seed 1 --scope 99 --out-dir '" +
                      dir.path() + "'").status, 2);
}

}  // namespace
}  // namespace giamngheo::test
