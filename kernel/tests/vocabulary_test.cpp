// The vocabulary compiled from data/vocabulary.json: the stored ids of the codes never move, and
// every code has its Vietnamese label; headings of documents in Vietnamese capitals.
#include <gtest/gtest.h>

#include "kernel/format_vi.hpp"
#include "kernel/labels_vi.hpp"
#include "kernel/vocabulary.hpp"

namespace giamngheo {
namespace {

TEST(Vocabulary, StoredIdsOfCodesNeverMove) {
    // Segments and round columns store these ids: a reordered list would change stored data.
    EXPECT_EQ(code_id(CodeField::housing_type, "permanent"), 1);
    EXPECT_EQ(code_id(CodeField::housing_type, "simple"), 4);
    EXPECT_EQ(code_id(CodeField::water_source, "surface"), 9);
    EXPECT_EQ(code_id(CodeField::latrine, "none"), 8);
    EXPECT_EQ(code_id(CodeField::completed_level, "university"), 8);
    EXPECT_EQ(code_id(CodeField::area, "urban"), 2);
    EXPECT_EQ(code_id(CodeField::sex, "nam"), 0);
    CodeField field{};
    ASSERT_TRUE(code_field_by_name("employment", field));
    EXPECT_EQ(codes_of(field).size(), 6u);
}

TEST(Vocabulary, EveryCodeHasAVietnameseLabel) {
    for (int i = 0; i < kCodeFieldCount; ++i) {
        const auto field = static_cast<CodeField>(i);
        EXPECT_NE(field_label_vi(field_name(field)), field_name(field));
        for (const auto& code : codes_of(field)) EXPECT_NE(label_vi(field_name(field), code), code) << code;
    }
    EXPECT_EQ(label_vi("housing_type", "less_permanent"), "Thiếu kiên cố");
    EXPECT_EQ(label_vi("household_class", "poor"), "Hộ nghèo");
    EXPECT_EQ(label_vi("transition", "relapsed_poor"), "Tái nghèo");
    EXPECT_EQ(label_vi("housing_type", "castle"), "castle");
}

}  // namespace
}  // namespace giamngheo

namespace giamngheo {
namespace {

TEST(FormatVi, CapitalsOfVietnameseLetters) {
    EXPECT_EQ(upper_vi("Ủy ban nhân dân xã Hóa Quỳ"), "ỦY BAN NHÂN DÂN XÃ HÓA QUỲ");
    EXPECT_EQ(upper_vi("đường ống, giếng đào; 2025"), "ĐƯỜNG ỐNG, GIẾNG ĐÀO; 2025");
    EXPECT_EQ(upper_vi("Tỉnh Thanh Hóa"), "TỈNH THANH HÓA");
}

}  // namespace
}  // namespace giamngheo
