// The import templates: what an officer downloads, fills in Excel under Vietnamese headers with
// the labels of the drop-down lists, and imports back, reads as the same households as a file
// written with the machine's keys and codes.
#include <gtest/gtest.h>

#include "modules/registry/formats/import_template.hpp"
#include "modules/registry/formats/interchange.hpp"
#include "platform/xlsx.hpp"
#include "platform/zip_reader.hpp"
#include "testing/support.hpp"

namespace giamngheo::io {
namespace {

InterchangeRules rules() {
    return {[](const std::string& code) { return code == "16186"; }, {"employment"}, Date{2026, 11, 23}};
}

std::vector<std::string> keys_of(InterchangeFile file) {
    std::vector<std::string> out;
    for (const auto& column : interchange_columns(file)) out.push_back(column.key);
    return out;
}

// The template's first sheet, read as an import reads it, with `values` (by key) as its first row.
Table filled(const std::string& path, InterchangeFile file, const std::map<std::string, std::string>& values) {
    Table table = read_xlsx_table(path);
    std::vector<std::string> row;
    for (const auto& column : interchange_columns(file)) {
        const auto it = values.find(column.key);
        row.push_back(it == values.end() ? "" : it->second);
    }
    table.rows.push_back(row);
    table.row_numbers.push_back(2);
    return table;
}

TEST(ImportTemplate, TheVocabularyListsTheFormatsColumnsInOrder) {
    // Stored household documents lay their fields out in this order: it may never drift.
    EXPECT_EQ(keys_of(InterchangeFile::households), kHouseholdColumns);
    EXPECT_EQ(keys_of(InterchangeFile::members), kMemberColumns);
    EXPECT_EQ(column_key_by_header(InterchangeFile::households, "  loại NHÀ"), "  loại NHÀ");
    EXPECT_EQ(column_key_by_header(InterchangeFile::households, "LOẠI NHÀ"), "housing_type");
    EXPECT_EQ(column_key_by_header(InterchangeFile::members, "Mã hộ"), "household_id");
}

TEST(ImportTemplate, AFilledTemplateImportsAsTheSameHouseholdWrittenInCodes) {
    test::TempDir dir;
    write_import_template(dir.path("h.xlsx"), InterchangeFile::households);
    write_import_template(dir.path("m.xlsx"), InterchangeFile::members);
    const Table empty = read_xlsx_table(dir.path("h.xlsx"));
    EXPECT_EQ(empty.header.front(), "Mã hộ");
    EXPECT_TRUE(empty.rows.empty());

    const Table households = filled(dir.path("h.xlsx"), InterchangeFile::households,
                                    {{"household_id", "H1"}, {"unit_code", "16186"}, {"village", "Bản Mờ"},
                                     {"income_per_capita", "1.200.000"}, {"housing_type", "Bán kiên cố"},
                                     {"housing_area_m2", "36,5"}, {"water_source", "Giếng khoan"},
                                     {"info_assets", "Ti vi; Điện thoại thông minh"}, {"hears_loudspeaker", "Có"}});
    const Table members = filled(dir.path("m.xlsx"), InterchangeFile::members,
                                 {{"household_id", "H1"}, {"member_id", "H1-1"}, {"full_name", "Lò Thị Ún"},
                                  {"relation", "Chủ hộ"}, {"sex", "Nữ"}, {"birth_date", "23/04/1967"},
                                  {"health_insurance", "Không"}, {"disability", "Không"}});
    const auto typed = parse_interchange(households, members, rules());
    for (const auto& p : typed.problems) ADD_FAILURE() << format_problem(p);

    const auto coded = parse_interchange(
        parse_csv_table("household_id,unit_code,village,income_per_capita,housing_type,housing_area_m2,water_source,"
                        "info_assets,hears_loudspeaker\nH1,16186,Bản Mờ,1200000,semi_permanent,36.5,drilled_well,"
                        "tv;smartphone,1\n",
                        "h.csv"),
        parse_csv_table("household_id,member_id,full_name,relation,sex,birth_date,health_insurance,disability\n"
                        "H1,H1-1,Lò Thị Ún,head,female,1967-04-23,0,none\n",
                        "m.csv"),
        rules());
    ASSERT_TRUE(coded.ok());
    EXPECT_EQ(typed.households(), coded.households());
}

TEST(ImportTemplate, EveryCodedAndYesNoColumnOffersItsChoices) {
    test::TempDir dir;
    write_import_template(dir.path("m.xlsx"), InterchangeFile::members);
    const std::string sheet = read_zip_entry(read_file(dir.path("m.xlsx")), "xl/worksheets/sheet1.xml", "m.xlsx");
    std::size_t offered = 0;
    for (const auto& column : interchange_columns(InterchangeFile::members))
        if (!column.code_list.empty() || column.kind == "bool") ++offered;
    std::size_t lists = 0;
    for (auto at = sheet.find("<dataValidation "); at != std::string::npos; at = sheet.find("<dataValidation ", at + 1))
        ++lists;
    EXPECT_EQ(lists, offered);
    EXPECT_NE(sheet.find("'Danh mục'!$"), std::string::npos);
}

TEST(ImportTemplate, AWrongAnswerNamesTheAcceptedOnes) {
    const auto parsed = parse_interchange(
        parse_csv_table("Mã hộ,Mã xã,Nghe được loa truyền thanh\nH1,16186,Chắc có\n", "h.csv"),
        parse_csv_table("Mã hộ,Mã thành viên,Ngày sinh\nH1,H1-1,1990\n", "m.csv"), rules());
    ASSERT_EQ(parsed.problems.size(), 1u);
    EXPECT_EQ(parsed.problems[0].column, "hears_loudspeaker");
    EXPECT_NE(parsed.problems[0].message.find("cần Có hoặc Không"), std::string::npos);
}

}  // namespace
}  // namespace giamngheo::io
