// Review rounds through the command line: snapshots, deterministic re-runs, explanations,
// what-if under another standard, and statistics on either map.
#include <gtest/gtest.h>

#include <filesystem>

#include <regex>

#include "kernel/vocabulary.hpp"
#include "modules/review/app/review.hpp"
#include "modules/review/documents/results_list.hpp"
#include "platform/table.hpp"
#include "platform/zip_reader.hpp"
#include "storage/open_store.hpp"
#include "testing/support.hpp"

namespace giamngheo::test {
namespace {

struct Cli {
    TempDir dir;
    std::string db = dir.path("r.db");
    CommandResult operator()(const std::string& arguments) const {
        auto r = run_cli("--db '" + db + "' " + arguments);
        EXPECT_EQ(r.status, 0) << arguments << "\n" << r.err;
        return r;
    }
    std::string file(const std::string& name) const { return dir.path(name); }
};

const char* kHouseholds =
    "household_id,unit_code,current_unit_code,village,income_per_capita,housing_type,housing_area_m2,water_source,"
    "latrine,info_assets,hears_loudspeaker\n"
    "BL1,16204,,Làng Sao,1200000,simple,20,surface,unhygienic,tv,1\n"
    "BL2,16204,,Làng Mài,1400000,permanent,60,piped,septic,tv,1\n"
    "HQ1,16186,,,3000000,permanent,60,piped,septic,tv,1\n"
    "YC1,16174,,,1000000,simple,10,surface,none,none,0\n"
    "TB1,16201,,,1900000,permanent,60,piped,septic,tv,1\n"
    "YT1,16264,,,1000000,permanent,60,piped,septic,tv,1\n"
    "YT2,16264,16228,,1000000,simple,12,surface,none,none,0\n";
const char* kMembers =
    "household_id,member_id,full_name,relation,sex,birth_date,ethnicity,disability,health_insurance,employment,"
    "attending_level,completed_level,uses_internet\n"
    "BL1,BL1-1,Lò Văn Pọm,head,male,1975-05-01,Thái,none,0,unemployed,none,primary,0\n"
    "BL2,BL2-1,Hà Thị Lan,head,female,1985-05-01,Mường,none,1,self_employed,none,upper_secondary,1\n"
    "HQ1,HQ1-1,Lê Văn Nam,head,male,1980-01-01,Kinh,none,1,wage_contract,none,university,1\n"
    "YC1,YC1-1,Phạm Văn Cường,head,male,1970-01-01,Kinh,none,0,unemployed,none,primary,0\n"
    "TB1,TB1-1,Ngô Thị Hoa,head,female,1990-01-01,Kinh,none,1,self_employed,none,upper_secondary,1\n"
    "YT1,YT1-1,Bùi Văn Sơn,head,male,1988-01-01,Kinh,none,1,self_employed,none,upper_secondary,1\n"
    "YT2,YT2-1,Đỗ Thị Mai,head,female,1960-01-01,Kinh,none,0,not_in_labour_force,none,primary,0\n";

void load(const Cli& cli) {
    write_text(cli.file("h.csv"), kHouseholds);
    write_text(cli.file("m.csv"), kMembers);
    cli("units import '" + kUnitsFixture + "'");
    cli("import --households '" + cli.file("h.csv") + "' --members '" + cli.file("m.csv") + "'");
}

std::string run_round(const Cli& cli, const std::string& extra = "") {
    std::string id = cli("review run --year 2024 --standard vn-2022 --reference-date 2024-11-01 " + extra).out;
    id.erase(id.find_last_not_of("\n") + 1);
    return id;
}

TEST(Review, ReRunningOnUnchangedDataGivesByteIdenticalResults) {
    Cli cli;
    load(cli);
    const std::string first = run_round(cli), second = run_round(cli, "--reason 'chạy lại để kiểm tra'");
    EXPECT_NE(first, second);
    cli("review export --round " + first + " --out '" + cli.file("a.csv") + "'");
    cli("review export --round " + second + " --out '" + cli.file("b.csv") + "'");
    const std::string a = io::read_file(cli.file("a.csv"));
    EXPECT_EQ(a, io::read_file(cli.file("b.csv")));
    // A .csv file is written a household at a time; standard output gets the table: the same text.
    EXPECT_EQ(a, cli("review export --round " + first + " --out -").out);
    EXPECT_FALSE(std::filesystem::exists(cli.file("a.csv.tmp")));
    EXPECT_EQ(a.substr(0, a.find('\n')),
              "household_id,unit_code,area,class,income_test,deprivation_count,score_b,employment,dependants,nutrition,"
              "health_insurance,adult_education,child_schooling,housing_quality,housing_area,water,latrine,telecom,"
              "info_access,ethnic_minority,revolutionary_merit,social_protection_only,no_labour_capacity,female_head,"
              "transition");
}

TEST(Review, ARoundIsASnapshotThatLaterEditsNeverChange) {
    Cli cli;
    load(cli);
    const std::string round = run_round(cli);
    cli("review export --round " + round + " --out '" + cli.file("before.csv") + "'");
    const std::string explained_before = cli("review explain --round " + round + " --household BL1").out;
    // BL1's income rises above the average band: a different class, but not in the old round.
    std::string edited = kHouseholds;
    edited.replace(edited.find("BL1,16204,,Làng Sao,1200000"), 27, "BL1,16204,,Làng Sao,9900000");
    write_text(cli.file("h2.csv"), edited);
    cli("import --households '" + cli.file("h2.csv") + "' --members '" + cli.file("m.csv") + "'");
    cli("review export --round " + round + " --out '" + cli.file("after.csv") + "'");
    EXPECT_EQ(io::read_file(cli.file("before.csv")), io::read_file(cli.file("after.csv")));
    EXPECT_EQ(cli("review explain --round " + round + " --household BL1").out, explained_before);
    const std::string newer = run_round(cli, "--reason 'thu nhập của hộ BL1 đã sửa'");
    const io::Table results = io::read_table(cli.file("after.csv"));
    cli("review export --round " + newer + " --out '" + cli.file("newer.csv") + "'");
    const io::Table now = io::read_table(cli.file("newer.csv"));
    EXPECT_EQ(cell(results, 0, "class"), "poor");
    EXPECT_EQ(cell(now, 0, "class"), "above_average");
}

TEST(Review, ClassifyingAgainInADraftGivesWhatARunOnTheCorrectedRecordsGives) {
    Cli cli;
    load(cli);
    const std::string round = run_round(cli);
    std::string edited = kHouseholds;  // a survey corrects BL1's income and YT2's latrine
    edited.replace(edited.find("BL1,16204,,Làng Sao,1200000"), 27, "BL1,16204,,Làng Sao,9900000");
    edited.replace(edited.find("12,surface,none,none,0"), 22, "12,surface,septic,none,0");
    write_text(cli.file("h2.csv"), edited);
    cli("import --households '" + cli.file("h2.csv") + "' --members '" + cli.file("m.csv") + "'");
    {
        auto store = store::open_store(cli.db);
        const auto rows = app::classify_again(*store, test_environment(), std::stoll(round), {"YT2", "BL1"}, {"xa", "survey"});
        ASSERT_EQ(rows.size(), 2u);
        EXPECT_EQ(rows[1].household_id, "BL1");
        EXPECT_EQ(rows[1].household_class, "above_average");
        EXPECT_EQ(rows[1].household_version, 2);
        EXPECT_EQ(kind_of([&] { (void)app::classify_again(*store, test_environment(), std::stoll(round), {"NOPE"}, {"xa", "survey"}); }),
                  ErrorKind::not_found);
    }
    const std::string newer = run_round(cli, "--reason 'so sánh'");
    cli("review export --round " + round + " --out '" + cli.file("again.csv") + "'");
    cli("review export --round " + newer + " --out '" + cli.file("newer.csv") + "'");
    EXPECT_EQ(io::read_file(cli.file("again.csv")), io::read_file(cli.file("newer.csv")))
        << "the household-by-household path gives what the batch engine gives";
    cli("review approve --round " + round + " --decision-date 2024-12-20");
    auto store = store::open_store(cli.db);
    EXPECT_EQ(kind_of([&] { (void)app::classify_again(*store, test_environment(), std::stoll(round), {"BL1"}, {"xa", "survey"}); }),
              ErrorKind::conflict);
}

TEST(Review, ASecondPeriodicRoundOfAYearNeedsAReasonAndOnlyOneIsApproved) {
    Cli cli;
    load(cli);
    const std::string first = run_round(cli);
    const auto again = run_cli("--db '" + cli.db + "' review run --year 2024 --reference-date 2024-11-01");
    EXPECT_EQ(again.status, 5) << again.err;
    EXPECT_NE(again.err.find("đã có kỳ rà soát định kỳ năm 2024 (kỳ số " + first + ")"), std::string::npos) << again.err;
    // A round of one commune overlaps the national one as much as another national round does.
    const auto commune = run_cli("--db '" + cli.db + "' review run --year 2024 --reference-date 2024-11-01 --scope 16204");
    EXPECT_EQ(commune.status, 5) << commune.err;
    const std::string second = run_round(cli, "--reason 'sửa dữ liệu sau họp thôn'");
    cli("review approve --round " + second + " --decision-date 2024-12-20");
    const auto both = run_cli("--db '" + cli.db + "' review approve --round " + first + " --decision-date 2024-12-21");
    EXPECT_EQ(both.status, 5);
    EXPECT_NE(both.err.find("đã được phê duyệt cho phạm vi này"), std::string::npos) << both.err;
    EXPECT_NE(cli("review list").out.find(first + "\t2024\tperiodic\t*\t2024-11-01\tvn-2022\tdraft"), std::string::npos);
}

TEST(Review, ALaterYearIsApprovedOnlyAfterTheEarlierOrWithAReason) {
    Cli cli;
    load(cli);
    const std::string earlier = run_round(cli);
    std::string later = cli("review run --year 2025 --reference-date 2025-11-01").out;
    later.erase(later.find_last_not_of("\n") + 1);
    const auto out_of_turn = run_cli("--db '" + cli.db + "' review approve --round " + later + " --decision-date 2025-12-20");
    EXPECT_EQ(out_of_turn.status, 5);
    EXPECT_NE(out_of_turn.err.find("kỳ rà soát năm 2024 (kỳ số " + earlier + ") chưa được phê duyệt"), std::string::npos)
        << out_of_turn.err;
    cli("review approve --round " + earlier + " --decision-date 2024-12-20");
    cli("review approve --round " + later + " --decision-date 2025-12-20");
}

TEST(Review, ExplainSaysWhyInVietnamese) {
    Cli cli;
    load(cli);
    const std::string round = run_round(cli);
    const std::string text = cli("review explain --round " + round + " --household BL1").out;
    EXPECT_NE(text.find("Kết quả: hộ nghèo"), std::string::npos) << text;
    EXPECT_NE(text.find("1.200.000 đồng/người/tháng ≤ chuẩn nghèo nông thôn 1.500.000"), std::string::npos) << text;
    EXPECT_NE(text.find("Chất lượng nhà ở: thiếu hụt"), std::string::npos) << text;
    EXPECT_NE(text.find("Lò Văn Pọm (BL1-1)"), std::string::npos) << text;
    EXPECT_NE(text.find("hộ dân tộc thiểu số"), std::string::npos) << text;
    EXPECT_NE(text.find("Nghị định 07/2021/NĐ-CP"), std::string::npos) << text;
    const auto missing = run_cli("--db '" + cli.db + "' review explain --round " + round + " --household NOPE");
    EXPECT_EQ(missing.status, 4);
    EXPECT_NE(missing.err.find("không có trong kỳ rà soát"), std::string::npos);
}

TEST(Review, WhatIfListsHouseholdByHouseholdDifferences) {
    Cli cli;
    load(cli);
    const std::string round = run_round(cli);
    cli("review what-if --round " + round + " --standard vn-2027 --out '" + cli.file("diff.csv") + "'");
    const io::Table diff = io::read_table(cli.file("diff.csv"));
    // TB1 earns 1,900,000: average under vn-2022 (rural line 1,500,000), low income under vn-2027 (2,200,000).
    bool found = false;
    for (std::size_t r = 0; r < diff.rows.size(); ++r) {
        if (diff.rows[r][0] != "TB1") continue;
        found = true;
        EXPECT_EQ(cell(diff, r, "class_vn-2022"), "average");
        EXPECT_EQ(cell(diff, r, "class_vn-2027"), "near_poor");
    }
    EXPECT_TRUE(found);
}

TEST(Review, ScopeLimitsTheRoundToAUnit) {
    Cli cli;
    load(cli);
    const std::string round = run_round(cli, "--scope 402");
    cli("review export --round " + round + " --out '" + cli.file("scoped.csv") + "'");
    EXPECT_EQ(io::read_table(cli.file("scoped.csv")).rows.size(), 5u);  // Như Xuân: BL1, BL2, HQ1, YC1, TB1
    const auto bad = run_cli("--db '" + cli.db + "' review run --year 2024 --reference-date 2024-11-01 --scope 99");
    EXPECT_EQ(bad.status, 2);
}

TEST(Review, StatisticsOnTheNewMapEqualTheSumOfTheOldCommunes) {
    Cli cli;
    load(cli);
    const std::string round = run_round(cli);
    cli("stats --round " + round + " --by commune --map 2024 --out '" + cli.file("old.csv") + "'");
    const auto r = cli("stats --round " + round + " --by commune --map 2025 --out '" + cli.file("new.csv") + "'");
    EXPECT_NE(r.err.find("1 hộ không xác định được đơn vị"), std::string::npos) << r.err;
    const io::Table old_map = io::read_table(cli.file("old.csv"));
    const io::Table new_map = io::read_table(cli.file("new.csv"));
    auto row = [](const io::Table& t, const std::string& code) {
        for (std::size_t i = 0; i < t.rows.size(); ++i)
            if (t.rows[i][0] == code) return i;
        ADD_FAILURE() << "no row " << code;
        return std::size_t{0};
    };
    auto number = [&](const io::Table& t, const std::string& code, const std::string& column) {
        return std::stol(cell(t, row(t, code), column));
    };
    for (const std::string column : {"households", "members", "poor", "near_poor", "average", "above_average"}) {
        EXPECT_EQ(number(new_map, "16186", column), number(old_map, "16204", column) + number(old_map, "16186", column));
        EXPECT_EQ(number(new_map, "16174", column), number(old_map, "16174", column) + number(old_map, "16201", column));
        EXPECT_EQ(number(new_map, "ALL", column), number(old_map, "ALL", column));
    }
    EXPECT_EQ(number(new_map, "16228", "households"), 1);  // YT2, placed by its current commune
    EXPECT_EQ(number(new_map, "UNPLACED", "households"), 1);  // YT1 of split Yên Thọ
    EXPECT_EQ(cell(new_map, row(new_map, "16186"), "unit_name"), "Xã Hóa Quỳ");
    cli("stats --round " + round + " --by district --map 2024 --out '" + cli.file("district.csv") + "'");
    EXPECT_EQ(number(io::read_table(cli.file("district.csv")), "402", "households"), 5);
    const auto bad = run_cli("--db '" + cli.db + "' stats --round " + round + " --by district --map 2025 --out x.csv");
    EXPECT_EQ(bad.status, 2);
    EXPECT_NE(bad.err.find("không có cấp huyện"), std::string::npos);
}

// Households recorded on a 2025 commune made of several 2024 communes cannot be placed at
// commune level on the 2024 map, but every one of those communes lies in one province and one
// district: they count there, and at commune level they are shown as not placed, with the reason.
TEST(Review, OnTheOldMapHouseholdsOfMergedCommunesCountInTheirProvince) {
    Cli cli;
    load(cli);
    std::string round = cli("review run --year 2025 --standard vn-2022 --reference-date 2025-11-01").out;
    round.erase(round.find_last_not_of("\n") + 1);
    for (const std::string map : {"2024", "2025"})
        cli("stats --round " + round + " --by province --map " + map + " --out '" + cli.file("p" + map + ".csv") + "'");
    const io::Table old_map = io::read_table(cli.file("p2024.csv")), new_map = io::read_table(cli.file("p2025.csv"));
    ASSERT_EQ(old_map.rows.size(), new_map.rows.size());
    for (std::size_t i = 0; i < old_map.rows.size(); ++i) {
        EXPECT_NE(cell(old_map, i, "unit_code"), "UNPLACED");
        EXPECT_EQ(cell(old_map, i, "unit_code"), cell(new_map, i, "unit_code"));
        for (const std::string column : {"households", "members", "poor", "near_poor"})
            EXPECT_EQ(cell(old_map, i, column), cell(new_map, i, column)) << cell(old_map, i, "unit_code") << column;
    }
    cli("stats --round " + round + " --by district --map 2024 --out '" + cli.file("d.csv") + "'");
    const io::Table districts = io::read_table(cli.file("d.csv"));
    EXPECT_EQ(cell(districts, 0, "unit_code"), "402");
    EXPECT_EQ(cell(districts, 0, "households"), "5");  // HQ1 on the new Hóa Quỳ (from two communes of Như Xuân) too
    const auto communes = cli("stats --round " + round + " --by commune --map 2024 --out '" + cli.file("c.csv") + "'");
    EXPECT_NE(communes.err.find("xã mới 16186 được hợp thành từ 2 xã cũ"), std::string::npos) << communes.err;
}

// A round keeps the units it placed its households with: a later import of another catalogue
// changes new rounds, never the figures of an old one.
TEST(Review, ARoundKeepsItsPlacementAfterANewUnitsImport) {
    Cli cli;
    load(cli);
    const std::string round = run_round(cli);
    const auto stats = [&](const std::string& id, const std::string& out) {
        cli("stats --round " + id + " --by commune --map 2025 --out '" + cli.file(out) + "'");
        return io::read_file(cli.file(out));
    };
    const std::string before = stats(round, "before.csv");
    // The same catalogue without Bình Lương's row in the 2024 → 2025 mapping.
    const std::string other = cli.file("units-other");
    std::filesystem::copy(kUnitsFixture, other);
    std::string mapping = io::read_file(other + "/mapping-2024-2025.csv");
    const std::size_t row = mapping.find("commune,16204,");
    mapping.erase(row, mapping.find('\n', row) + 1 - row);
    write_text(other + "/mapping-2024-2025.csv", mapping);
    cli("units import '" + other + "'");
    EXPECT_EQ(stats(round, "after.csv"), before);
    const std::string newer = run_round(cli, "--reason 'danh mục đơn vị mới'");
    EXPECT_NE(stats(newer, "newer.csv"), before);
    const io::Table now = io::read_table(cli.file("newer.csv"));
    bool unplaced = false;
    for (std::size_t i = 0; i < now.rows.size(); ++i)
        if (cell(now, i, "unit_code") == "UNPLACED") unplaced = cell(now, i, "households") == "3";
    EXPECT_TRUE(unplaced);  // BL1, BL2 and YT1 of split Yên Thọ
}

// The list a commune posts and annexes to its decision: compared cell by cell with a golden
// rendering, and the XLSX itself holds no raw code and no English label.
TEST(Review, TheOfficialListIsInVietnameseGroupedByVillageWithCounts) {
    Cli cli;
    load(cli);
    const std::string round = run_round(cli);
    const std::string out = cli.file("danh-sach.xlsx");
    cli("review official-list --round " + round + " --unit 16186 --out '" + out + "'");
    const std::string bytes = io::read_file(out);
    const std::string strings = io::read_zip_entry(bytes, "xl/sharedStrings.xml", out);
    std::vector<std::string> texts;
    const std::regex text("<t[^>]*>([^<]*)</t>");
    for (auto it = std::sregex_iterator(strings.begin(), strings.end(), text); it != std::sregex_iterator(); ++it)
        texts.push_back((*it)[1]);
    ASSERT_FALSE(texts.empty());
    std::set<std::string> codes = {"poor", "near_poor", "average", "above_average", "unclassified", "household_id",
                                    "class", "village", "members"};
    for (int f = 0; f < kCodeFieldCount; ++f)
        for (const auto& code : codes_of(static_cast<CodeField>(f))) codes.insert(code);
    for (const auto& t : texts) EXPECT_FALSE(codes.count(t)) << "raw code in the list: " << t;

    auto store = store::open_store(cli.db);
    const auto sheet = app::results_list(*store, {std::stol(round), "16186", {"poor", "near_poor"}},
                                         [](const store::ResultRow& row) {
                                             return row.unit_code == "16186" || row.unit_code == "16204";
                                         });
    std::string rendered = sheet.issuer_above + "\n" + sheet.issuer + "\n" + sheet.title + "\n";
    for (const auto& line : sheet.subtitle) rendered += line + "\n";
    for (const auto& c : sheet.columns) rendered += c.heading + "\t";
    rendered += "\n";
    for (const auto& row : sheet.rows) {
        rendered += row.kind == io::PrintedRow::Kind::group ? "# " : row.kind == io::PrintedRow::Kind::total ? "= " : "";
        for (const auto& cell : row.cells) rendered += cell + "\t";
        rendered += "\n";
    }
    rendered += sheet.place_and_date + "\n";
    const std::string golden = kSourceDir + "/modules/review/tests/golden_documents/results_list_16186.txt";
    if (std::getenv("GIAMNGHEO_UPDATE_GOLDEN")) write_text(golden, rendered);
    EXPECT_EQ(rendered, io::read_file(golden));
}

TEST(Review, LiveStatisticsEqualThoseOfARoundOnTheSameData) {
    Cli cli;
    load(cli);
    const std::string round = run_round(cli);
    for (const std::string level : {"commune", "district", "province"}) {
        cli("stats --round " + round + " --by " + level + " --map 2024 --out '" + cli.file("round.csv") + "'");
        cli("stats --live --standard vn-2022 --reference-date 2024-11-01 --year 2024 --by " + level +
            " --map 2024 --out '" + cli.file("live.csv") + "'");
        EXPECT_EQ(io::read_file(cli.file("round.csv")), io::read_file(cli.file("live.csv"))) << level;
    }
    const auto both = run_cli("--db '" + cli.db + "' stats --round " + round + " --live --out x.csv");
    EXPECT_EQ(both.status, 2);
}

TEST(Review, APlansCurrentSituationIsPulledFromTheLatestApprovedEarlierReview) {
    Cli cli;
    load(cli);
    const std::string round = run_round(cli);
    // Not approved yet: a plan has nothing to pull.
    EXPECT_EQ(run_cli("--db '" + cli.db + "' plan situation --unit 16204 --year 2025").status, 4);
    cli("review approve --round " + round + " --decision-date 2024-12-20");
    const std::string text = cli("plan situation --unit 16204 --year 2025").out;
    // Bình Lương holds BL1 (poor: simple house, surface water, no latrine, …) and BL2.
    EXPECT_NE(text.find("households: 2\n"), std::string::npos) << text;
    EXPECT_NE(text.find("poor_households: 1\n"), std::string::npos) << text;
    EXPECT_NE(text.find("poor_rate: 50%"), std::string::npos) << text;
    EXPECT_NE(text.find("Chất lượng nhà ở (1/1 hộ nghèo thiếu hụt)"), std::string::npos) << text;
    EXPECT_NE(text.find("đã phê duyệt ngày 20/12/2024"), std::string::npos) << text;
    // A district sums its communes; a plan of the review's own year has no earlier review.
    EXPECT_NE(cli("plan situation --unit 402 --year 2025").out.find("households: 5\n"), std::string::npos);
    EXPECT_EQ(run_cli("--db '" + cli.db + "' plan situation --unit 16204 --year 2024").status, 4);
}

TEST(Review, ApprovalIsRecordedOnceAndNeverBeforeTheReferenceDate) {
    Cli cli;
    load(cli);
    const std::string round = run_round(cli);
    EXPECT_EQ(run_cli("--db '" + cli.db + "' review approve --round " + round + " --decision-date 2024-10-01").status, 2);
    cli("review approve --round " + round + " --decision-date 2024-12-20");
    EXPECT_EQ(run_cli("--db '" + cli.db + "' review approve --round " + round + " --decision-date 2024-12-21").status, 5);
    EXPECT_NE(cli("review list").out.find("approved 2024-12-20"), std::string::npos);
}

TEST(Cli, EveryCommandHasHelp) {
    for (const std::string command : {"", "init", "units", "units import", "import", "export", "review", "review run",
                                      "review approve", "review export", "review explain", "review what-if", "stats",
                                      "generate"}) {
        const auto r = run_cli(command + " --help");
        EXPECT_EQ(r.status, 0) << command;
        EXPECT_NE(r.out.find("Usage"), std::string::npos) << command;
    }
}

}  // namespace
}  // namespace giamngheo::test
