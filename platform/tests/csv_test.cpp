#include <gtest/gtest.h>

#include "platform/csv.hpp"
#include "platform/utf8.hpp"
#include "platform/table.hpp"

namespace giamngheo::io {
namespace {

TEST(Csv, ReadsQuotedFieldsAcrossLinesAndCountsLines) {
    const std::string text = "a,b,c\r\n1,\"x, \"\"y\"\"\",3\n2,\"multi\nline\",\n4,,\n";
    CsvReader reader(text);
    std::vector<std::string> f;
    ASSERT_TRUE(reader.next(f));
    EXPECT_EQ(f, (std::vector<std::string>{"a", "b", "c"}));
    ASSERT_TRUE(reader.next(f));
    EXPECT_EQ(f, (std::vector<std::string>{"1", "x, \"y\"", "3"}));
    ASSERT_TRUE(reader.next(f));
    EXPECT_EQ(f, (std::vector<std::string>{"2", "multi\nline", ""}));
    EXPECT_EQ(reader.line(), 3);
    ASSERT_TRUE(reader.next(f));
    EXPECT_EQ(reader.line(), 5);
    EXPECT_EQ(f, (std::vector<std::string>{"4", "", ""}));
    EXPECT_FALSE(reader.next(f));
}

TEST(Csv, RejectsAnUnterminatedQuoteNamingTheLine) {
    CsvReader reader("a\n\"open\n");
    std::vector<std::string> f;
    ASSERT_TRUE(reader.next(f));
    try {
        reader.next(f);
        FAIL();
    } catch (const CsvSyntaxError& e) {
        EXPECT_EQ(e.offset(), 2u);  // the opening quote
    }
    try {
        (void)parse_csv_table("a,b\nx,\"open\n", "t.csv");
        FAIL();
    } catch (const FileProblem& e) {
        EXPECT_EQ(e.problem().row, 2);
        EXPECT_EQ(e.problem().column, "b");
    }
}

TEST(Csv, WritesOnlyWhatMustBeQuotedAndRoundTrips) {
    Table t;
    t.header = {"code", "name"};
    t.rows = {{"00745", "Xã Phó Bảng"}, {"1", "a,\"b\"\nc"}};
    const std::string text = to_csv(t);
    EXPECT_EQ(text, "code,name\n00745,Xã Phó Bảng\n1,\"a,\"\"b\"\"\nc\"\n");
    const Table back = parse_csv_table(text, "t.csv");
    EXPECT_EQ(back.rows, t.rows);
    EXPECT_EQ(back.row_numbers, (std::vector<long>{2, 3}));
}

TEST(Csv, SkipsByteOrderMarkAndRejectsInvalidUtf8) {
    EXPECT_EQ(parse_csv_table("\xEF\xBB\xBFh\nv\n", "bom.csv").header, std::vector<std::string>{"h"});
    EXPECT_THROW((void)parse_csv_table("h\n\xC3\x28\n", "bad.csv"), std::runtime_error);
    EXPECT_TRUE(is_valid_utf8("Thanh Hóa, Đặc khu"));
    EXPECT_FALSE(is_valid_utf8("\xE1\xBB"));
}

}  // namespace
}  // namespace giamngheo::io
