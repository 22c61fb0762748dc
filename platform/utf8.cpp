#include "platform/utf8.hpp"

#include <immintrin.h>

#include <cstdint>
#include <cstring>

namespace giamngheo::io {

namespace {

using Byte = unsigned char;

// The length of the well-formed sequence at text[i], or 0 where none starts (Unicode 15, table 3-7).
std::size_t sequence_length(std::string_view text, std::size_t i) {
    const auto at = [&](std::size_t k) { return static_cast<Byte>(text[i + k]); };
    const auto continuation = [&](std::size_t k, Byte low, Byte high) {
        return i + k < text.size() && at(k) >= low && at(k) <= high;
    };
    const Byte lead = at(0);
    if (lead < 0x80) return 1;
    if (lead < 0xC2) return 0;
    if (lead < 0xE0) return continuation(1, 0x80, 0xBF) ? 2 : 0;
    if (lead < 0xF0) {
        const Byte low = lead == 0xE0 ? 0xA0 : 0x80, high = lead == 0xED ? 0x9F : 0xBF;
        return continuation(1, low, high) && continuation(2, 0x80, 0xBF) ? 3 : 0;
    }
    if (lead < 0xF5) {
        const Byte low = lead == 0xF0 ? 0x90 : 0x80, high = lead == 0xF4 ? 0x8F : 0xBF;
        return continuation(1, low, high) && continuation(2, 0x80, 0xBF) && continuation(3, 0x80, 0xBF) ? 4 : 0;
    }
    return 0;
}

// Each error a pair of bytes can show, as a bit; a pair is wrong where the three tables below
// (first byte's high nibble, its low nibble, second byte's high nibble) share a bit.
constexpr Byte kTooShort = 1 << 0;     // a lead byte followed by a lead or ASCII
constexpr Byte kTooLong = 1 << 1;      // ASCII followed by a continuation
constexpr Byte kOverlong3 = 1 << 2;    // E0 80..9F
constexpr Byte kTooLarge = 1 << 3;     // F4 90..BF, F5..FF
constexpr Byte kSurrogate = 1 << 4;    // ED A0..BF
constexpr Byte kOverlong2 = 1 << 5;    // C0, C1
constexpr Byte kTooLarge1000 = 1 << 6; // F5..FF 80..8F
constexpr Byte kOverlong4 = 1 << 6;    // F0 80..8F
constexpr Byte kTwoContinuations = 1 << 7;
constexpr Byte kCarry = kTooShort | kTooLong | kTwoContinuations;

__attribute__((target("avx2"))) __m256i table(Byte b0, Byte b1, Byte b2, Byte b3, Byte b4, Byte b5, Byte b6, Byte b7,
                                              Byte b8, Byte b9, Byte b10, Byte b11, Byte b12, Byte b13, Byte b14,
                                              Byte b15) {
    return _mm256_setr_epi8(static_cast<char>(b0), static_cast<char>(b1), static_cast<char>(b2), static_cast<char>(b3),
                            static_cast<char>(b4), static_cast<char>(b5), static_cast<char>(b6), static_cast<char>(b7),
                            static_cast<char>(b8), static_cast<char>(b9), static_cast<char>(b10), static_cast<char>(b11),
                            static_cast<char>(b12), static_cast<char>(b13), static_cast<char>(b14), static_cast<char>(b15),
                            static_cast<char>(b0), static_cast<char>(b1), static_cast<char>(b2), static_cast<char>(b3),
                            static_cast<char>(b4), static_cast<char>(b5), static_cast<char>(b6), static_cast<char>(b7),
                            static_cast<char>(b8), static_cast<char>(b9), static_cast<char>(b10), static_cast<char>(b11),
                            static_cast<char>(b12), static_cast<char>(b13), static_cast<char>(b14), static_cast<char>(b15));
}

// The 32 bytes that end `n` bytes before the end of `input`, continuing from `previous`.
template <int n>
__attribute__((target("avx2"))) __m256i shifted(__m256i input, __m256i previous) {
    return _mm256_alignr_epi8(input, _mm256_permute2x128_si256(previous, input, 0x21), 16 - n);
}

__attribute__((target("avx2"))) __m256i high_nibbles(__m256i bytes) {
    return _mm256_and_si256(_mm256_srli_epi16(bytes, 4), _mm256_set1_epi8(0x0F));
}

struct Avx2Validator {
    __m256i first_high, first_low, second_high, incomplete_limit;
    __m256i error = _mm256_setzero_si256(), previous = _mm256_setzero_si256(), previous_incomplete = _mm256_setzero_si256();

    __attribute__((target("avx2"))) Avx2Validator()
        : first_high(table(kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong,
                           kTwoContinuations, kTwoContinuations, kTwoContinuations, kTwoContinuations,
                           kTooShort | kOverlong2, kTooShort, kTooShort | kOverlong3 | kSurrogate,
                           kTooShort | kTooLarge | kTooLarge1000 | kOverlong4)),
          first_low(table(kCarry | kOverlong3 | kOverlong2 | kOverlong4, kCarry | kOverlong2, kCarry, kCarry,
                          kCarry | kTooLarge, kCarry | kTooLarge | kTooLarge1000, kCarry | kTooLarge | kTooLarge1000,
                          kCarry | kTooLarge | kTooLarge1000, kCarry | kTooLarge | kTooLarge1000,
                          kCarry | kTooLarge | kTooLarge1000, kCarry | kTooLarge | kTooLarge1000,
                          kCarry | kTooLarge | kTooLarge1000, kCarry | kTooLarge | kTooLarge1000,
                          kCarry | kTooLarge | kTooLarge1000 | kSurrogate, kCarry | kTooLarge | kTooLarge1000,
                          kCarry | kTooLarge | kTooLarge1000)),
          second_high(table(kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort,
                            kTooLong | kOverlong2 | kTwoContinuations | kOverlong3 | kTooLarge1000 | kOverlong4,
                            kTooLong | kOverlong2 | kTwoContinuations | kOverlong3 | kTooLarge,
                            kTooLong | kOverlong2 | kTwoContinuations | kSurrogate | kTooLarge,
                            kTooLong | kOverlong2 | kTwoContinuations | kSurrogate | kTooLarge, kTooShort, kTooShort,
                            kTooShort, kTooShort)),
          // A lead byte in the last three places still waits for its continuation bytes.
          incomplete_limit(_mm256_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                            -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, static_cast<char>(0xF0 - 1),
                                            static_cast<char>(0xE0 - 1), static_cast<char>(0xC0 - 1))) {}

    __attribute__((target("avx2"))) void step(__m256i input) {
        if (_mm256_movemask_epi8(input) == 0) {
            error = _mm256_or_si256(error, previous_incomplete);
        } else {
            const __m256i previous1 = shifted<1>(input, previous);
            const __m256i special = _mm256_and_si256(
                _mm256_and_si256(_mm256_shuffle_epi8(first_high, high_nibbles(previous1)),
                                 _mm256_shuffle_epi8(first_low, _mm256_and_si256(previous1, _mm256_set1_epi8(0x0F)))),
                _mm256_shuffle_epi8(second_high, high_nibbles(input)));
            // A third or fourth byte of a sequence must be a continuation: two continuations in a
            // row are right exactly there.
            const __m256i third = _mm256_subs_epu8(shifted<2>(input, previous), _mm256_set1_epi8(0xE0 - 0x80));
            const __m256i fourth = _mm256_subs_epu8(shifted<3>(input, previous), _mm256_set1_epi8(0xF0 - 0x80));
            const __m256i must_continue = _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8(static_cast<char>(0x80)));
            error = _mm256_or_si256(error, _mm256_xor_si256(must_continue, special));
            previous_incomplete = _mm256_subs_epu8(input, incomplete_limit);
        }
        previous = input;
    }
};

__attribute__((target("avx2"))) bool is_valid_utf8_avx2(std::string_view text) {
    Avx2Validator validator;
    std::size_t i = 0;
    for (; i + 32 <= text.size(); i += 32)
        validator.step(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(text.data() + i)));
    if (i < text.size()) {
        char tail[32] = {};  // ASCII after the end: a sequence cut short by it is caught
        std::memcpy(tail, text.data() + i, text.size() - i);
        validator.step(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(tail)));
    }
    const __m256i error = _mm256_or_si256(validator.error, validator.previous_incomplete);
    return _mm256_testz_si256(error, error) != 0;
}

}  // namespace

bool is_valid_utf8_portable(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        while (i + 8 <= text.size()) {
            std::uint64_t word;
            std::memcpy(&word, text.data() + i, 8);
            if (word & 0x8080808080808080ULL) break;
            i += 8;
        }
        if (i >= text.size()) break;
        const std::size_t length = sequence_length(text, i);
        if (length == 0) return false;
        i += length;
    }
    return true;
}

std::size_t first_invalid_utf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = sequence_length(text, i);
        if (length == 0) return i;
        i += length;
    }
    return text.size();
}

bool is_valid_utf8(std::string_view text) {
    static const bool avx2 = __builtin_cpu_supports("avx2");
    return avx2 ? is_valid_utf8_avx2(text) : is_valid_utf8_portable(text);
}

}  // namespace giamngheo::io
