// What every fuzz target shares: a check that stops the run with a message (libFuzzer then
// saves the input as a crash), and the input as text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

// Invariants are checked in every build type (assert would vanish under NDEBUG).
#define FUZZ_CHECK(condition, what)                                                             \
    do {                                                                                        \
        if (!(condition)) {                                                                     \
            std::fprintf(stderr, "FUZZ_CHECK failed at %s:%d: %s (%s)\n", __FILE__, __LINE__, \
                         #condition, what);                                                     \
            std::abort();                                                                       \
        }                                                                                       \
    } while (false)

namespace giamngheo::fuzz {

inline std::string_view text_of(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

}  // namespace giamngheo::fuzz
