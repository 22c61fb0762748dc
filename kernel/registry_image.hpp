// The registry as columns: one array per answer, households and members each contiguous, codes
// as small integers (core/vocabulary.hpp). This is what the review engine and the statistics
// read at national scale (27 million households fit in a few GiB); core/household.hpp stays the
// record a person edits and the reference the columnar engine is tested against.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kernel/household.hpp"

namespace giamngheo {

// Member answers that are yes/no; each has a "known" bit and a "value" bit.
enum MemberFlagBit : std::uint16_t {
    kFlagSocialProtection = 1 << 0,
    kFlagRevolutionaryMerit = 1 << 1,
    kFlagHealthInsurance = 1 << 2,
    kFlagStunted = 1 << 3,
    kFlagUnderweight = 1 << 4,
    kFlagUsesPhone = 1 << 5,
    kFlagUsesInternet = 1 << 6,
};
// The bit of a member flag by interchange column name, 0 when unknown.
[[nodiscard]] std::uint16_t member_flag_bit(const std::string& name);

// Interns strings (unit codes, ethnicities, indicator keys) as dense ids; id 0 is "".
class StringTable {
public:
    StringTable() { intern(""); }
    std::int32_t intern(std::string_view text);
    [[nodiscard]] std::int32_t find(std::string_view text) const;  // -1 when absent
    [[nodiscard]] const std::string& at(std::int32_t id) const { return strings_[static_cast<std::size_t>(id)]; }
    [[nodiscard]] std::size_t size() const { return strings_.size(); }

private:
    // Looked up by string_view, so that a repeated string is found without being copied.
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
    };
    std::vector<std::string> strings_;
    std::unordered_map<std::string, std::int32_t, Hash, std::equal_to<>> ids_;
};

// Ids of one table as ids of another, each string interned into `to` the first time its id is
// asked for: translating a column touches each distinct string once, not each row.
class StringRemap {
public:
    StringRemap(const StringTable& from, StringTable& to) : from_(from), to_(to), ids_(from.size(), -1) {}
    std::int32_t operator()(std::int32_t id) {
        auto& mapped = ids_[static_cast<std::size_t>(id)];
        if (mapped < 0) mapped = to_.intern(from_.at(id));
        return mapped;
    }

private:
    const StringTable& from_;
    StringTable& to_;
    std::vector<std::int32_t> ids_;
};

inline constexpr std::int64_t kUnknownNumber = std::numeric_limits<std::int64_t>::min();

struct RegistryImage {
    StringTable units;          // recorded and current unit codes
    StringTable ethnicities;
    StringTable override_keys;  // indicator keys of deprived_<key> answers (at most 31)
    std::vector<std::string> household_ids;

    // Households, row i.
    std::vector<std::int32_t> unit;          // id in `units`
    std::vector<std::int32_t> current_unit;  // id in `units`, 0 when none
    std::vector<std::int32_t> village;       // id in `villages`
    std::vector<std::uint8_t> area;          // explicit area code id (0 = derive from the commune)
    std::vector<std::int64_t> income;        // VND, kUnknownNumber when unknown
    std::vector<double> score_a;             // NaN when unknown
    std::vector<std::uint8_t> housing_type, water_source, latrine, waste_treatment;
    std::vector<std::int64_t> housing_area_milli_m2;  // kUnknownNumber when unknown
    std::vector<std::uint8_t> info_assets;            // bit per asset code id; bit 7 = known
    std::vector<std::uint8_t> loudspeaker;            // 0 no, 1 yes, 2 unknown
    std::vector<std::uint32_t> override_known, override_value;  // bit = id in override_keys − 1
    std::vector<std::uint32_t> member_begin;                    // size households + 1
    StringTable villages;

    // Members, row j.
    std::vector<std::int16_t> birth_year;
    std::vector<std::uint8_t> birth_month, birth_day;
    std::vector<std::uint8_t> sex, relation, disability, employment, attending_level, completed_level;
    std::vector<std::int32_t> ethnicity;  // id in `ethnicities`
    std::vector<std::uint16_t> flag_known, flag_value;

    RegistryImage() { member_begin.push_back(0); }
    [[nodiscard]] std::size_t households() const { return unit.size(); }
    [[nodiscard]] std::size_t members() const { return birth_year.size(); }
    // Household i's recorded and current unit ids as one key: households with the same pair
    // are placed alike, so placement is decided once per key.
    [[nodiscard]] std::uint64_t unit_pair(std::size_t i) const {
        return static_cast<std::uint64_t>(static_cast<std::uint32_t>(unit[i])) << 32 | static_cast<std::uint32_t>(current_unit[i]);
    }
    void reserve(std::size_t households, std::size_t members);

    // Appends a household; codes not in the vocabulary become unknown (validate first).
    void append(const Household& household);
    // Appends every household of `other` with its members, its strings and indicator keys
    // translated into this image's tables.
    void append(const RegistryImage& other);
};

}  // namespace giamngheo
