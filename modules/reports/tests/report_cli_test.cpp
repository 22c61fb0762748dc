// `giamngheo report …` as an officer runs it: fill, validate, the steps of the workflow for a
// commune and its province, the board, and the printed files written and read back.
#include <gtest/gtest.h>

#include <filesystem>

#include "testing/support.hpp"

namespace giamngheo::test {
namespace {

TEST(ReportCli, FromDraftToApprovalAndOutFiles) {
    TempDir temp;
    const std::string env = "GIAMNGHEO_DB='" + temp.path("cli.db") + "' GIAMNGHEO_DATA='" + kSourceDir + "/data'";
    ASSERT_EQ(run_cli("units import '" + kUnitsFixture + "'", env).status, 0);
    const std::string report = " bieu-02 2026-H1 16186";
    EXPECT_NE(run_cli("report forms", env).out.find("bieu-02"), std::string::npos);

    ASSERT_EQ(run_cli("report fill" + report + " --set poor.plan=1.234", env).status, 0);
    const auto invalid = run_cli("report validate" + report, env);
    EXPECT_EQ(invalid.status, 3) << invalid.out << invalid.err;
    EXPECT_NE(invalid.out.find("production_households.result"), std::string::npos) << invalid.out;
    EXPECT_EQ(run_cli("report act" + report + " complete", env).status, 5);  // refused: a required entry is missing
    EXPECT_EQ(run_cli("report fill" + report + " --set poor.plan=abc", env).status, 2);  // not a number
    ASSERT_EQ(run_cli("report fill" + report + " --set production_households.result=12", env).status, 0);
    EXPECT_EQ(run_cli("report validate" + report, env).status, 0);
    ASSERT_EQ(run_cli("report act" + report + " complete", env).status, 0);
    ASSERT_EQ(run_cli("report act" + report + " submit", env).status, 0);
    EXPECT_EQ(run_cli("report act" + report + " send-back --as 38", env).status, 5);  // no reason
    EXPECT_EQ(run_cli("report act" + report + " approve", env).status, 5);             // not by the commune itself
    const auto approved = run_cli("report act" + report + " approve --as 38", env);
    ASSERT_EQ(approved.status, 0) << approved.err;
    EXPECT_NE(approved.out.find("Đã duyệt"), std::string::npos) << approved.out;

    const auto board = run_cli("report board --unit 38 --period 2026-H1 --form bieu-02", env);
    ASSERT_EQ(board.status, 0) << board.err;
    EXPECT_NE(board.out.find("16186\tXã Hóa Quỳ\tbieu-02\tapproved"), std::string::npos) << board.out;
    EXPECT_NE(board.out.find("# bieu-02: 1/8"), std::string::npos) << board.out;

    for (const char* file : {"b02.xlsx", "b02.docx"}) {
        ASSERT_EQ(run_cli("report export" + report + " --out '" + temp.path(file) + "'", env).status, 0) << file;
        EXPECT_GT(std::filesystem::file_size(temp.path(file)), 1000u) << file;
    }
    // The commune's next half year, filled from the printed sheet of this one: a dry run reads it.
    const auto read = run_cli("report import bieu-02 2026-H2 16186 --dry-run --file '" + temp.path("b02.xlsx") + "'", env);
    EXPECT_EQ(read.status, 0) << read.err;
    EXPECT_NE(read.out.find("chạy thử"), std::string::npos) << read.out;
}

}  // namespace
}  // namespace giamngheo::test
