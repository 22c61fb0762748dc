// `giamngheo followup …` on a demo store of every engine, its 2025 round approved, against the
// fixed clock of the tests (23/11/2026): a visit recorded and refused, the household's visits, and
// the unit's list with the visited household's last visit and the others not yet visited.
#include <gtest/gtest.h>

#include "modules/demo/demo.hpp"
#include "storage/open_store.hpp"
#include "testing/store_backends.hpp"
#include "testing/support.hpp"

namespace giamngheo::test {
namespace {

class FollowUpCli : public ::testing::TestWithParam<Backend> {};
INSTANTIATE_TEST_SUITE_P(EveryEngine, FollowUpCli, kEveryEngine, backend_name);

TEST_P(FollowUpCli, VisitVisitsAndList) {
    const FreshStore fresh(GetParam());
    const std::string& db = fresh.location();
    std::string escaped, unit;
    {
        auto store = store::open_store(db);
        app::fill_demo(*store, test_environment(), kUnitsFixture, 300, 7);
        store->approve_round(2, {2025, 12, 20}, {"test", "fixture"});
        for (const auto& row : store->round_results(2))
            if (row.recently_escaped && escaped.empty()) {
                escaped = row.household_id;
                unit = row.unit_code;
            }
    }
    ASSERT_FALSE(escaped.empty());
    const std::string env = "GIAMNGHEO_DB='" + db + "' GIAMNGHEO_DATA='" + kSourceDir + "/data' GIAMNGHEO_TODAY=2026-11-23";

    const auto before = run_cli("followup list --unit " + unit, env);
    ASSERT_EQ(before.status, 0) << before.err;
    EXPECT_NE(before.out.find(escaped + "\t"), std::string::npos) << before.out;
    EXPECT_NE(before.out.find("chưa thăm"), std::string::npos) << before.out;

    EXPECT_EQ(run_cli("followup visit --household " + escaped + " --date 2026-12-01 --situation stable", env).status, 2)
        << "a day after today";
    EXPECT_EQ(run_cli("followup visit --household " + escaped + " --situation good", env).status, 2);
    EXPECT_EQ(run_cli("followup visit --household KHONG-CO --situation stable", env).status, 4);
    const auto visit = run_cli("followup visit --household " + escaped +
                                   " --date 13/11/2026 --situation at_risk --support 'Hỗ trợ giống lúa' --note 'Mất mùa'",
                               env);
    ASSERT_EQ(visit.status, 0) << visit.err;
    EXPECT_NE(visit.out.find("13/11/2026\tCó nguy cơ tái nghèo\t"), std::string::npos) << visit.out;
    const auto visits = run_cli("followup visits --household " + escaped, env);
    EXPECT_NE(visits.out.find("Hỗ trợ giống lúa\tMất mùa"), std::string::npos) << visits.out;

    const auto after = run_cli("followup list --unit " + unit, env);
    ASSERT_EQ(after.status, 0) << after.err;
    const auto line = after.out.find(escaped + "\t");
    ASSERT_NE(line, std::string::npos) << after.out;
    const std::string row = after.out.substr(line, after.out.find('\n', line) - line);
    EXPECT_NE(row.find("13/11/2026\tCó nguy cơ tái nghèo\t10 ngày"), std::string::npos) << row;
}

}  // namespace
}  // namespace giamngheo::test
