// The security review's findings on files (issue 13): formula injection in CSV outputs, rows of
// the wrong width, NUL bytes and oversized cells, invalid UTF-8 without a place, and ZIP archives
// that inflate without bound.
#include <gtest/gtest.h>

#include "platform/csv.hpp"
#include "modules/registry/formats/interchange.hpp"
#include "platform/xlsx.hpp"
#include "platform/zip.hpp"
#include "platform/zip_reader.hpp"
#include "testing/support.hpp"

namespace giamngheo::io {
namespace {

InterchangeRules rules() {
    return {[](const std::string& code) { return code == "16186"; }, {}, Date{2026, 11, 23}};
}

const std::string kMembers = "household_id,member_id,birth_date\nH1,M1,1980\n";

bool has_problem(const std::vector<Problem>& problems, long row, const std::string& column, const std::string& fragment) {
    for (const auto& p : problems)
        if (p.row == row && p.column == column && p.message.find(fragment) != std::string::npos) return true;
    return false;
}

// Finding 8: =HYPERLINK(...), +cmd|..., @SUM(...) came out unchanged in CSV outputs.
TEST(SecurityFiles, CsvOutputsNeutraliseFormulasAndReadThemBackAsWritten) {
    const std::vector<std::string> dangerous = {"=HYPERLINK(\"http://x\",\"bấm\")", "+cmd|' /C calc'!A0",
                                                "@SUM(A1:A9)", "-2+3+cmd|' /C calc'!A0", "\tTab", "\rCR"};
    for (const auto& text : dangerous) {
        std::string out;
        append_csv_field(out, text);
        std::vector<std::string> read;
        CsvReader reader(out);
        ASSERT_TRUE(reader.next(read));
        EXPECT_EQ(read.at(0).front(), '\'') << text;
        EXPECT_EQ(unneutralised(read.at(0)), text);
    }
    for (const std::string plain : {"-5", "+3", "-0.25", "1500000", "Nguyễn Văn A", "", "'quoted"}) {
        std::string out;
        append_csv_field(out, plain);
        EXPECT_EQ(out, plain);
    }
    // Export and import again: the names come back exactly.
    Household h;
    h.household_id = "H1";
    h.unit_code = "16186";
    h.head_name = "=HYPERLINK(\"http://evil\",\"Xem\")";
    h.village = "@Làng";
    Member m;
    m.member_id = "M1";
    m.full_name = "+Lò Văn A";
    m.birth_date = Date{1980, 7, 1};
    m.birth_year_only = true;
    h.members.push_back(m);
    const std::string households = to_csv(households_table({h})), members = to_csv(members_table({h}));
    EXPECT_EQ(households.find(",=HYPERLINK"), std::string::npos) << households;
    EXPECT_NE(households.find("'=HYPERLINK"), std::string::npos);
    const auto parsed = parse_interchange(parse_csv_table(households, "h.csv"), parse_csv_table(members, "m.csv"), rules());
    ASSERT_TRUE(parsed.ok()) << format_problem(parsed.problems.front());
    EXPECT_EQ(parsed.households().front().head_name, h.head_name);
    EXPECT_EQ(parsed.households().front().village, h.village);
    EXPECT_EQ(parsed.households().front().members.front().full_name, m.full_name);
}

// Finding 9: a field too many was dropped, fields too few became unknowns, exit 0.
TEST(SecurityFiles, RowsOfTheWrongWidthAreProblemsWithRowAndColumn) {
    const auto parsed = parse_interchange(
        parse_csv_table("household_id,unit_code,village\nH1,16186,Thôn A,thừa\nH2,16186\n", "h.csv"),
        parse_csv_table(kMembers + "H2,M2\n", "m.csv"), rules());
    EXPECT_TRUE(has_problem(parsed.problems, 2, "thứ 4", "4 ô nhưng dòng tiêu đề có 3 cột"));
    EXPECT_TRUE(has_problem(parsed.problems, 3, "village", "chỉ có 2 ô"));
    EXPECT_TRUE(has_problem(parsed.problems, 3, "birth_date", "chỉ có 2 ô"));
}

// Finding 15: NUL bytes and 1 MB cells were accepted and stored.
TEST(SecurityFiles, NulBytesAndOversizedCellsAreRefusedWhereTheyAre) {
    const std::string with_nul = std::string("household_id,unit_code,village\nH1,16186,Th") + '\0' + "n\n";
    try {
        (void)parse_csv_table(with_nul, "h.csv");
        FAIL() << "NUL accepted";
    } catch (const FileProblem& e) {
        EXPECT_EQ(e.problem().row, 2);
        EXPECT_EQ(e.problem().column, "village");
        EXPECT_NE(e.problem().message.find("NUL"), std::string::npos);
    }
    // The streamed reader of the command line says the same.
    auto stream = RowStream::csv(with_nul, "h.csv");
    std::vector<std::string_view> fields;
    long row = 0;
    EXPECT_THROW(while (stream.next(fields, row)) {}, FileProblem);

    const std::string huge(std::size_t{1} << 20, 'x');
    const auto parsed = parse_interchange(parse_csv_table("household_id,unit_code,village\nH1,16186," + huge + "\n", "h.csv"),
                                          parse_csv_table(kMembers, "m.csv"), rules());
    EXPECT_TRUE(has_problem(parsed.problems, 2, "village", "quá giới hạn"));
}

// Finding 15: invalid UTF-8 was rejected without a row or column.
TEST(SecurityFiles, InvalidUtf8IsNamedByRowAndColumn) {
    try {
        (void)parse_csv_table("household_id,unit_code,head_name\nH1,16186,Nguy\xE1n\n", "h.csv");
        FAIL();
    } catch (const FileProblem& e) {
        EXPECT_EQ(e.problem().row, 2);
        EXPECT_EQ(e.problem().column, "head_name");
        EXPECT_NE(e.problem().message.find("0xE1"), std::string::npos) << e.problem().message;
    }
}

std::string archive_of(std::size_t entries, std::size_t bytes_each) {
    ZipWriter zip;
    for (std::size_t i = 0; i < entries; ++i) zip.add("e" + std::to_string(i), std::string(bytes_each, 'a'));
    return zip.finish();
}

// Finding 3: a sheet inflating to 1 GiB took 1 GB of memory per upload.
TEST(SecurityFiles, ZipArchivesAreCheckedAgainstTheirLimitsBeforeUse) {
    ZipLimits limits;
    limits.max_total_bytes = 1 << 20;
    limits.max_entry_bytes = 1 << 20;
    limits.max_entries = 8;
    EXPECT_EQ(check_zip(archive_of(2, 1000), "a.zip", limits).size(), 2u);
    EXPECT_THROW((void)check_zip(archive_of(1, (1 << 20) + 1), "a.zip", limits), Error);  // one entry too large
    EXPECT_THROW((void)check_zip(archive_of(3, 400 << 10), "a.zip", limits), Error);    // together too large
    EXPECT_THROW((void)check_zip(archive_of(9, 10), "a.zip", limits), Error);           // too many entries
    // A directory that understates an entry's size is caught while inflating.
    std::string lying = archive_of(1, 5000);
    const auto central = lying.find("PK\x01\x02");
    ASSERT_NE(central, std::string::npos);
    lying[central + 24] = 10;  // uncompressed size: 5000 → 10
    lying[central + 25] = 0;
    EXPECT_THROW((void)check_zip(lying, "a.zip", limits), Error);
    EXPECT_THROW((void)check_zip("not a zip at all, just text", "a.zip", limits), Error);
    EXPECT_EQ(read_zip_entry(archive_of(2, 3), "e1", "a.zip", limits), "aaa");
}

TEST(SecurityFiles, AnXlsxThatInflatesPastTheLimitIsAFileProblem) {
    ZipWriter zip;
    zip.add("xl/worksheets/sheet1.xml", std::string(std::size_t{2} << 20, ' '));
    ZipLimits limits;
    limits.max_total_bytes = 1 << 20;
    try {
        (void)read_xlsx_bytes(zip.finish(), "h.xlsx", limits);
        FAIL();
    } catch (const FileProblem& e) {
        EXPECT_EQ(e.problem().file, "h.xlsx");
        EXPECT_NE(e.problem().message.find("quá lớn"), std::string::npos) << e.problem().message;
    }
}

}  // namespace
}  // namespace giamngheo::io
