// Golden review cases: modules/review/tests/golden/<case>/ holds the input files in the interchange
// format, case.json (standard, year, reference date, or a list of rounds) and expected.csv
// (household_id plus any results.csv columns, and recently_escaped). Each case runs through
// the real path: units import, household import, review run, approval, results export.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "storage/open_store.hpp"
#include "modules/registry/app/import_export.hpp"
#include "modules/units/app/import_units.hpp"
#include "modules/review/app/review.hpp"
#include "testing/support.hpp"

namespace giamngheo::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::vector<std::string> golden_cases() {
    std::vector<std::string> cases;
    for (const auto& entry : fs::directory_iterator(kSourceDir + "/modules/review/tests/golden"))
        if (entry.is_directory()) cases.push_back(entry.path().filename().string());
    std::sort(cases.begin(), cases.end());
    return cases;
}

class GoldenReview : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenReview, MatchesExpectedResults) {
    const std::string dir = kSourceDir + "/modules/review/tests/golden/" + GetParam();
    const json spec = json::parse(io::read_file(dir + "/case.json"));
    json rounds = spec.contains("rounds") ? spec.at("rounds") : json::array({spec});
    TempDir temp;
    auto store = store::open_store(temp.path("golden.db"));
    const app::Environment env = test_environment();
    const store::Actor actor{"test", GetParam()};
    ASSERT_TRUE(app::import_units(*store, kUnitsFixture, actor).problems.empty());

    std::int64_t last_round = 0;
    for (const json& round : rounds) {
        const std::string round_dir = round.contains("dir") ? dir + "/" + round.at("dir").get<std::string>() : dir;
        const auto imported = app::import_households(*store, env, round_dir + "/households.csv",
                                                     round_dir + "/members.csv", false, actor);
        for (const auto& p : imported.problems) ADD_FAILURE() << io::format_problem(p);
        ASSERT_TRUE(imported.problems.empty());
        // The registry holds exactly this round's households.
        std::set<std::string> present;
        for (const auto& row : io::read_table(round_dir + "/households.csv").rows) present.insert(row.at(0));
        std::vector<std::string> gone;
        for (const auto& stored : store->load_households())
            if (!present.count(stored.household.household_id)) gone.push_back(stored.household.household_id);
        store->remove_households(gone, actor);

        app::RoundSpec round_spec;
        round_spec.year = round.at("year").get<int>();
        round_spec.reference_date = parse_iso_date(round.at("reference_date").get<std::string>()).value();
        round_spec.standard = round.at("standard").get<std::string>();
        round_spec.reason = round.value("reason", "");
        last_round = app::run_round(*store, env, round_spec, actor).round_id;
        if (round.value("approve", false))
            app::approve_round(*store, env, last_round,
                               parse_iso_date(round.at("decision_date").get<std::string>()).value(), actor,
                               round.value("reason", ""));
    }

    const io::Table results = app::results_table(*store, last_round);
    std::map<std::string, std::size_t> row_of;
    for (std::size_t r = 0; r < results.rows.size(); ++r) row_of[results.rows[r][0]] = r;
    std::map<std::string, bool> recently_escaped;
    for (const auto& r : store->round_results(last_round)) recently_escaped[r.household_id] = r.recently_escaped;

    const io::Table expected = io::read_table(dir + "/expected.csv");
    ASSERT_FALSE(expected.rows.empty());
    for (std::size_t e = 0; e < expected.rows.size(); ++e) {
        const std::string id = expected.rows[e][0];
        ASSERT_TRUE(row_of.count(id)) << "household " << id << " missing from the results";
        for (std::size_t c = 1; c < expected.header.size(); ++c) {
            const std::string& column = expected.header[c];
            const std::string want = c < expected.rows[e].size() ? expected.rows[e][c] : "";
            const std::string got = column == "recently_escaped" ? (recently_escaped[id] ? "1" : "0")
                                                                 : cell(results, row_of[id], column);
            EXPECT_EQ(got, want) << GetParam() << ": household " << id << ", column " << column << "\n"
                                 << app::explain(*store, last_round, id);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Cases, GoldenReview, ::testing::ValuesIn(golden_cases()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace giamngheo::test
