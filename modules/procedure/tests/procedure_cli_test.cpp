// `giamngheo procedure …` as a commune officer runs it on a demo store of every backend: the
// steps, a step for two households (refused for a role the step does not allow), where each
// village stands, one case, a request that is overdue by the clock of the tests (23/11/2026), and
// surveys (Phiếu B giving poor, Phiếu A not poor) printing the class obtained.
#include <regex>

#include <gtest/gtest.h>

#include "modules/demo/demo.hpp"
#include "platform/table.hpp"
#include "platform/zip_reader.hpp"
#include "storage/open_store.hpp"
#include "testing/store_backends.hpp"
#include "testing/support.hpp"

namespace giamngheo::test {
namespace {

class ProcedureCli : public ::testing::TestWithParam<Backend> {};
INSTANTIATE_TEST_SUITE_P(EveryEngine, ProcedureCli, kEveryEngine, backend_name);

TEST_P(ProcedureCli, StepsBoardCaseAndRequests) {
    const FreshStore fresh(GetParam());
    const std::string& db = fresh.location();
    TempDir temp;
    {
        auto store = store::open_store(db);
        app::fill_demo(*store, test_environment(), kUnitsFixture, 120, 7);
    }
    const std::string env = "GIAMNGHEO_DB='" + db + "' GIAMNGHEO_DATA='" + kSourceDir + "/data' GIAMNGHEO_TODAY=2026-11-23";
    const auto steps = run_cli("procedure steps", env);
    ASSERT_EQ(steps.status, 0) << steps.err;
    EXPECT_NE(steps.out.find("meeting\tHọp dân thống nhất kết quả"), std::string::npos) << steps.out;

    const std::string households = "16204-7-00000000,16204-7-00000001";
    const auto listed = run_cli("procedure step --round 2 --step list --households " + households +
                                    " --reason previous_list --date 2026-09-07", env);
    ASSERT_EQ(listed.status, 0) << listed.err;
    EXPECT_NE(listed.out.find("16204-7-00000001\t"), std::string::npos) << listed.out;
    EXPECT_NE(listed.out.find("Trong danh sách rà soát"), std::string::npos) << listed.out;
    const auto refused = run_cli("procedure step --round 2 --step survey --households " + households + " --as viewer", env);
    EXPECT_NE(refused.status, 0);
    EXPECT_NE(refused.err.find("không được thực hiện bước"), std::string::npos) << refused.err;
    const auto late = run_cli("procedure step --round 2 --step survey --households " + households + " --date 2026-12-24", env);
    EXPECT_EQ(late.status, 2) << late.err;  // a step not yet taken cannot be recorded

    const std::string list = temp.path("danh-sach.docx");
    const auto paper = run_cli("procedure document --round 2 --document review-list --unit 16204 --out '" + list + "'", env);
    ASSERT_EQ(paper.status, 0) << paper.err;
    EXPECT_NE(io::read_zip_entry(io::read_file(list), "word/document.xml", list).find("16204-7-00000001"), std::string::npos);
    EXPECT_EQ(run_cli("procedure document --round 2 --document meeting-minutes --unit 16204 --out '" + list + "'", env).status, 5)
        << "no meeting held yet: a conflict";
    EXPECT_EQ(run_cli("procedure document --round 2 --document minutes --out '" + list + "'", env).status, 2);

    const auto board = run_cli("procedure board --round 2 --unit 16204", env);
    ASSERT_EQ(board.status, 0) << board.err;
    EXPECT_NE(board.out.find("Trong danh sách rà soát: 1"), std::string::npos) << board.out;
    const auto one = run_cli("procedure show --round 2 --household 16204-7-00000000", env);
    ASSERT_EQ(one.status, 0) << one.err;
    EXPECT_NE(one.out.find("07/09/2026\tLập danh sách hộ cần rà soát"), std::string::npos) << one.out;
    // Then who recorded the step (the command line's user) and when.
    EXPECT_TRUE(std::regex_search(one.out, std::regex("Lập danh sách hộ cần rà soát\t[^\n]*\tcli[^\t\n]*\t\\d{4}-\\d\\d-\\d\\dT")))
        << one.out;

    const auto received =
        run_cli("procedure receive --household 16204-7-00000000 --unit 16204 --form mau-04 --received 2026-11-01", env);
    ASSERT_EQ(received.status, 0) << received.err;
    EXPECT_EQ(received.out, "1\t16/11/2026\n");
    EXPECT_NE(run_cli("procedure requests", env).out.find("QUÁ HẠN"), std::string::npos);
    EXPECT_EQ(run_cli("procedure decide --request 1 --decision refused --date 2026-11-23", env).status, 2);
    ASSERT_EQ(run_cli("procedure decide --request 1 --decision accepted --date 2026-11-23", env).status, 0);
    EXPECT_NE(run_cli("procedure requests", env).out.find("công nhận"), std::string::npos);
}

TEST_P(ProcedureCli, SurveyPrintsTheClassObtained) {
    const FreshStore fresh(GetParam());
    const std::string& db = fresh.location();
    {
        auto store = store::open_store(db);
        app::fill_demo(*store, test_environment(), kUnitsFixture, 120, 7);
    }
    const std::string env = "GIAMNGHEO_DB='" + db + "' GIAMNGHEO_DATA='" + kSourceDir + "/data' GIAMNGHEO_TODAY=2026-11-23";
    ASSERT_EQ(run_cli("procedure step --round 2 --step list --households 16204-7-00000002,16204-7-00000003 "
                      "--reason previous_list --date 2026-09-07", env)
                  .status,
              0);
    const auto poor = run_cli("procedure survey --round 2 --household 16204-7-00000002 --date 2026-09-10 --as reviewer "
                              "--income 1200000 --deprived employment=1,dependants=0,nutrition=0,health_insurance=0,"
                              "adult_education=0,child_schooling=0,housing_quality=0,housing_area=0,water=1,latrine=1,"
                              "telecom=0,info_access=0", env);
    ASSERT_EQ(poor.status, 0) << poor.err;
    EXPECT_NE(poor.out.find("Hộ nghèo\tđiểm B 30"), std::string::npos) << poor.out;
    const auto not_poor = run_cli("procedure survey --round 2 --household 16204-7-00000003 --date 2026-09-10 --phieu-a car", env);
    ASSERT_EQ(not_poor.status, 0) << not_poor.err;
    EXPECT_NE(not_poor.out.find("Không thuộc diện nghèo, cận nghèo"), std::string::npos) << not_poor.out;
    // Surveyed already; B2 not as indicator=1 or =0.
    EXPECT_EQ(run_cli("procedure survey --round 2 --household 16204-7-00000003 --phieu-a car", env).status, 5);
    EXPECT_EQ(run_cli("procedure survey --round 2 --household 16204-7-00000002 --income 1 --deprived water", env).status, 2);
}

}  // namespace
}  // namespace giamngheo::test
