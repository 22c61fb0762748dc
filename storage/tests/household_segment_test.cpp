#include <gtest/gtest.h>

#include <zstd.h>

#include <stdexcept>

#include "modules/registry/domain/synthetic.hpp"
#include "storage/sqlite/household_segment.hpp"

namespace giamngheo::store {
namespace {

// Generated households (missing answers included), plus what generation never makes: extra
// columns, a member id that does not start with its household's id, an unknown area.
HouseholdBatch sample_batch() {
    SyntheticOptions options;
    options.seed = 11;
    options.missing_answer_rate = 0.1;
    const SyntheticGenerator generator({{"16186", "rural", {0.3, 0.1, 0.6}}, {"14797", "urban", {0.02, 0.03, 0.05}}},
                                       options);
    HouseholdBatch batch;
    Household h;
    for (std::uint64_t i = 0; i < 300; ++i) {
        generator.generate(i, h);
        if (i % 7 == 0) h.extra = {{"ghi_chu", "hộ số " + std::to_string(i)}};
        if (i % 11 == 0) h.members.front().member_id = "KHAC-" + std::to_string(i);
        if (i % 13 == 0) h.members.back().extra = {{"so_dien_thoai", "09" + std::to_string(i)}};
        batch.append(h);
    }
    return batch;
}

void expect_same_households(const HouseholdBatch& actual, const HouseholdBatch& expected) {
    ASSERT_EQ(actual.households(), expected.households());
    ASSERT_EQ(actual.members(), expected.members());
    for (std::size_t i = 0; i < expected.households(); ++i) EXPECT_EQ(actual.household(i), expected.household(i)) << i;
}

TEST(HouseholdSegment, RoundTripsEveryAnswerCompressed) {
    const HouseholdBatch batch = sample_batch();
    const std::string bytes = encode_segment(batch);
    EXPECT_EQ(bytes.substr(0, 6), "GNSEG\x02");
    expect_same_households(decode_segment(bytes), batch);
}

// Segments stored before compression are the compressed segment's content as it was.
TEST(HouseholdSegment, ReadsSegmentsStoredBeforeCompression) {
    const HouseholdBatch batch = sample_batch();
    const std::string bytes = encode_segment(batch);
    const std::string_view frame = std::string_view(bytes).substr(16);
    std::string plain(ZSTD_getFrameContentSize(frame.data(), frame.size()), '\0');
    ASSERT_EQ(ZSTD_decompress(plain.data(), plain.size(), frame.data(), frame.size()), plain.size());
    EXPECT_EQ(plain.substr(0, 6), "GNSEG\x01");
    expect_same_households(decode_segment(plain), batch);
}

// Statistics read the coded answers alone; the text beside them is stepped over.
TEST(HouseholdSegment, DecodesTheImageAloneAsItIsInTheWholeBatch) {
    const std::string bytes = encode_segment(sample_batch());
    const RegistryImage whole = decode_segment(bytes).image;
    const RegistryImage image = decode_segment_image(bytes);
    ASSERT_EQ(image.households(), whole.households());
    ASSERT_EQ(image.members(), whole.members());
    EXPECT_EQ(image.household_ids, whole.household_ids);
    EXPECT_EQ(image.member_begin, whole.member_begin);
    EXPECT_EQ(image.income, whole.income);
    EXPECT_EQ(image.override_known, whole.override_known);
    EXPECT_EQ(image.birth_year, whole.birth_year);
    EXPECT_EQ(image.flag_value, whole.flag_value);
    EXPECT_EQ(image.completed_level, whole.completed_level);
    for (std::size_t i = 0; i < image.households(); ++i) {
        EXPECT_EQ(image.units.at(image.unit[i]), whole.units.at(whole.unit[i]));
        EXPECT_EQ(image.villages.at(image.village[i]), whole.villages.at(whole.village[i]));
    }
    for (std::size_t j = 0; j < image.members(); ++j)
        EXPECT_EQ(image.ethnicities.at(image.ethnicity[j]), whole.ethnicities.at(whole.ethnicity[j]));
    EXPECT_THROW((void)decode_segment_image(bytes.substr(0, bytes.size() - 3)), std::runtime_error);
}

TEST(HouseholdSegment, RefusesDamagedBytes) {
    const std::string bytes = encode_segment(sample_batch());
    EXPECT_THROW((void)decode_segment(bytes.substr(0, bytes.size() / 2)), std::runtime_error);
    EXPECT_THROW((void)decode_segment(bytes.substr(0, 12)), std::runtime_error);
    std::string flipped = bytes;
    flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x55);
    EXPECT_THROW((void)decode_segment(flipped), std::runtime_error);
    EXPECT_THROW((void)decode_segment("GNSEG\x07\0\0"), std::runtime_error);
}

TEST(HouseholdSegment, MemberFilterHasNoFalseNegatives) {
    const HouseholdBatch batch = sample_batch();
    MemberFilter filter(batch.members());
    for (std::size_t j = 0; j < batch.members(); ++j) filter.add(batch.member_id[j]);
    const MemberFilter stored(filter.bits());
    for (std::size_t j = 0; j < batch.members(); ++j) EXPECT_TRUE(stored.may_contain(batch.member_id[j]));
    int false_positives = 0;
    for (int k = 0; k < 10000; ++k) false_positives += stored.may_contain("khong-co-" + std::to_string(k)) ? 1 : 0;
    EXPECT_LT(false_positives, 300);  // about 1% by design
}

}  // namespace
}  // namespace giamngheo::store
