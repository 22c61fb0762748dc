// The demonstration registry: the units, the five seed localities' households (synthetic) and
// two review rounds, so that a fresh installation has something real-looking to show.
#pragma once

#include <cstdint>
#include <string>

#include "platform/environment.hpp"
#include "storage/store.hpp"

namespace giamngheo::app {

struct DemoResult {
    bool filled = false;  // false: the store already had households and was left alone
    long households = 0;
    std::int64_t round_2024 = 0;  // approved
    std::int64_t round_2025 = 0;  // draft
};

// Fills an empty store: the units of `units_dir` (the real admin-unit files, or the test
// fixtures); `households` synthetic households in the communes of the five seed localities
// (Quảng Xương, Kim Bảng, Hớn Quản, Phan Rang-Tháp Chàm and Bình Lương, the latter with its six
// villages and about a fifth of the households), recorded on the 2025 map except Bình Lương's,
// which keep their 2024 code; the 2024 review (vn-2022, approved 20/12/2024) and the 2025 review
// (draft), with a year of change between them (escapes, households falling back). Deterministic
// for a given seed. Does nothing when the store already has households.
DemoResult fill_demo(store::Store& store, const Environment& env, const std::string& units_dir,
                     long households, std::uint64_t seed);

// The 2025 commune that Bình Lương (16204) became: the demo's commune officers work there.
inline constexpr const char* kDemoCommune = "16186";
inline constexpr const char* kDemoProvince = "38";

}  // namespace giamngheo::app
