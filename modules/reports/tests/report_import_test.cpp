// A report downloaded as XLSX, filled in as an officer would (text typed over the printed cells),
// and read back: the entries land in whole VND, a wrong layout or a bad value is refused with its
// sheet, row and column, and nothing is written then or on a dry run.
#include <gtest/gtest.h>

#include "modules/reports/app/reports.hpp"
#include "modules/reports/documents/report_sheet.hpp"
#include "modules/reports/formats/report_xlsx.hpp"
#include "modules/reports/tests/report_fixture.hpp"
#include "testing/support.hpp"

namespace giamngheo::app {
namespace {

class NoFigures final : public MeasureSource {
  public:
    Measures measures(const ReportUnit&, const reports::ReportPeriod&, UnitMap, const std::string&,
                      const std::set<std::string>&) override {
        return {};
    }
};

class ReportImportTest : public ReportStoreFixture {
  protected:
    ReportDeps deps() { return deps_with(figures); }

    // The printed sheet of `form` with `typed` written over the cells of (row label, column index).
    std::string filled(const std::string& form, const std::map<std::pair<std::string, std::size_t>, std::string>& typed) {
        auto d = deps();
        io::PrintedSheet sheet = report_sheet(open_report(d, {form, "2026-H1", "16186"}, "16186"), "");
        for (auto& row : sheet.rows)
            for (const auto& [where, text] : typed)
                if (row.cells.size() > 1 && row.cells[1] == where.first) row.cells[3 + where.second] = text;
        const std::string path = temp.path(form + ".xlsx");
        io::write_printed_xlsx(path, {sheet});
        return io::read_file(path);
    }
    ReportImport import(const std::string& form, const std::string& bytes, bool dry_run = false) {
        auto d = deps();
        const auto current = reports->load_report({form, "2026-H1", "16186"});
        return import_report_sheet(d, {form, "2026-H1", "16186"}, bytes, "bao-cao.xlsx", dry_run,
                                   current ? current->status.version : 0, "16186", {"xa", "test"});
    }

    NoFigures figures;
};
INSTANTIATE_TEST_SUITE_P(EveryEngine, ReportImportTest, test::kEveryEngine, test::backend_name);

TEST_P(ReportImportTest, TypedValuesComeBackAsEntries) {
    const std::string bytes = filled("bieu-02", {{{"Số hộ nghèo", 0}, "1.234"},
                                                 {{"Tỷ lệ hộ nghèo", 0}, "4,5"},
                                                 {{"Số hộ được hỗ trợ phát triển sản xuất, đa dạng hóa sinh kế", 1}, "12"}});
    const ReportImport dry = import("bieu-02", bytes, true);
    EXPECT_TRUE(dry.problems.empty()) << (dry.problems.empty() ? "" : dry.problems[0].message);
    EXPECT_FALSE(dry.written);
    EXPECT_FALSE(reports->load_report({"bieu-02", "2026-H1", "16186"}));
    const ReportImport done = import("bieu-02", bytes);
    ASSERT_TRUE(done.written);
    const auto stored = reports->load_report({"bieu-02", "2026-H1", "16186"});
    EXPECT_EQ(stored->entered.at("poor.plan").number, 1234);
    EXPECT_EQ(stored->entered.at("poor_rate.plan").number, 4.5);
    EXPECT_EQ(stored->entered.at("production_households.result").number, 12);
    EXPECT_FALSE(stored->entered.count("houses.result"));  // left "—"
}

TEST_P(ReportImportTest, MoneyInMillionsAndNarratives) {
    const std::string bytes = filled("mau-01", {{{"Công tác chỉ đạo, điều hành, ban hành văn bản", 0}, "Ban hành 3 kế hoạch."}});
    const ReportImport done = import("mau-01", bytes);
    ASSERT_TRUE(done.written) << (done.problems.empty() ? "" : done.problems[0].message);
    EXPECT_EQ(reports->load_report({"mau-01", "2026-H1", "16186"})->entered.at("direction.text").text, "Ban hành 3 kế hoạch.");
    EXPECT_EQ(reports::parse_typed_number({"1.231,8", false}), 1231.8);
    EXPECT_EQ(reports::parse_typed_number({"1231.8", true}), 1231.8);
    EXPECT_FALSE(reports::parse_typed_number({"1,231.8", false}));
    EXPECT_FALSE(reports::parse_typed_number({"-5", false}));
}

TEST_P(ReportImportTest, WrongLayoutOrValueNamesSheetRowAndColumnAndWritesNothing) {
    const ReportImport other = import("bieu-02", filled("mau-01", {}));
    ASSERT_FALSE(other.problems.empty());
    EXPECT_EQ(other.problems[0].column, "D");
    EXPECT_NE(other.problems[0].message.find("Kế hoạch năm"), std::string::npos) << other.problems[0].message;
    EXPECT_NE(other.problems[0].file.find("trang mau-01"), std::string::npos) << other.problems[0].file;

    const ReportImport bad = import("bieu-02", filled("bieu-02", {{{"Số hộ nghèo", 0}, "nhiều"}, {{"Số hộ cận nghèo", 0}, "-3"}}));
    ASSERT_EQ(bad.problems.size(), 2u);
    EXPECT_EQ(bad.problems[0].column, "D");
    EXPECT_GT(bad.problems[0].row, 5);
    EXPECT_NE(bad.problems[0].message.find("nhiều"), std::string::npos);
    EXPECT_FALSE(bad.written);
    EXPECT_FALSE(reports->load_report({"bieu-02", "2026-H1", "16186"}));

    const ReportImport garbage = import("bieu-02", "không phải tệp Excel");
    ASSERT_EQ(garbage.problems.size(), 1u);
    EXPECT_FALSE(garbage.written);
}

}  // namespace
}  // namespace giamngheo::app
