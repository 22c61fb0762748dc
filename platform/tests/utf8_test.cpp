#include "platform/utf8.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace giamngheo::io {
namespace {

// The reference: decode each code point and ask whether it was written in its shortest form and
// is a Unicode scalar value — the definition, not the byte table the validators use.
bool reference_valid(const std::string& text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        std::size_t length = 0;
        std::uint32_t code_point = 0;
        if (lead < 0x80) { length = 1; code_point = lead; }
        else if ((lead & 0xE0) == 0xC0) { length = 2; code_point = lead & 0x1F; }
        else if ((lead & 0xF0) == 0xE0) { length = 3; code_point = lead & 0x0F; }
        else if ((lead & 0xF8) == 0xF0) { length = 4; code_point = lead & 0x07; }
        else return false;
        if (i + length > text.size()) return false;
        for (std::size_t k = 1; k < length; ++k) {
            const auto byte = static_cast<unsigned char>(text[i + k]);
            if ((byte & 0xC0) != 0x80) return false;
            code_point = code_point << 6 | (byte & 0x3F);
        }
        static constexpr std::uint32_t kShortest[] = {0, 0, 0x80, 0x800, 0x10000};
        if (code_point < kShortest[length] || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF))
            return false;
        i += length;
    }
    return true;
}

void expect_as_reference(const std::string& text) {
    const bool expected = reference_valid(text);
    ASSERT_EQ(is_valid_utf8(text), expected) << ::testing::PrintToString(text);
    ASSERT_EQ(is_valid_utf8_portable(text), expected) << ::testing::PrintToString(text);
}

TEST(Utf8, VietnameseTextIsValid) {
    EXPECT_TRUE(is_valid_utf8("Thanh Hóa, Đặc khu Phú Quốc, Nguyễn Thị Ánh Tuyết"));
    EXPECT_TRUE(is_valid_utf8(""));
    EXPECT_FALSE(is_valid_utf8("\xE1\xBB"));
}

TEST(Utf8, EveryTwoAndThreeByteStringAgreesWithTheReferenceAtEveryPlaceInABlock) {
    // Each sequence, padded with ASCII so that it ends at each place of a 32-byte step and also
    // crosses from one step into the next.
    for (const std::size_t before : {std::size_t{0}, std::size_t{29}, std::size_t{30}, std::size_t{31}, std::size_t{45}}) {
        for (unsigned first = 0x80; first < 0x100; ++first)
            for (unsigned second = 0; second < 0x100; ++second) {
                std::string text(before, 'a');
                text += static_cast<char>(first);
                text += static_cast<char>(second);
                expect_as_reference(text);
                if (first >= 0xE0)
                    for (const unsigned third : {0x00u, 0x41u, 0x80u, 0x9Fu, 0xA0u, 0xBFu, 0xC0u, 0xE1u, 0xFFu})
                        expect_as_reference(text + static_cast<char>(third) + "xyz");
            }
    }
}

TEST(Utf8, FourByteSequencesAtTheirLimitsAgreeWithTheReference) {
    const unsigned edges[] = {0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xF4, 0xFF};
    for (unsigned lead = 0xE0; lead < 0x100; ++lead)
        for (const unsigned b1 : edges)
            for (const unsigned b2 : edges)
                for (const unsigned b3 : edges)
                    for (const std::size_t before : {std::size_t{0}, std::size_t{28}, std::size_t{30}})
                        expect_as_reference(std::string(before, ' ') + static_cast<char>(lead) + static_cast<char>(b1) +
                                            static_cast<char>(b2) + static_cast<char>(b3));
}

TEST(Utf8, RandomMixesOfValidTextAndStrayBytesAgreeWithTheReference) {
    const std::string pieces[] = {"a", "Đ", "ặ", "ễ", "𝔸", "\n", ",", "\x80", "\xC3", "\xE1\xBB", "\xF0\x9F\x98", "\xED\xA0\x80",
                                  "\xF4\x90\x80\x80", "\xC0\xAF", "\xFF"};
    std::mt19937 random(20261123);
    for (int round = 0; round < 20000; ++round) {
        std::string text;
        const int length = static_cast<int>(random() % 120);
        const bool only_valid = round % 2 == 0;
        for (int k = 0; k < length; ++k) text += pieces[random() % (only_valid ? 5 : std::size(pieces))];
        expect_as_reference(text);
    }
}

}  // namespace
}  // namespace giamngheo::io
