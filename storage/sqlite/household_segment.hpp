// A bulk-loaded run of households as the store keeps it: a HouseholdBatch sorted by household
// id, encoded column by column (each column one contiguous array), so that a national import
// writes a few hundred large values instead of a hundred million rows. A member id that starts
// with its household's id is stored as the rest only.
//
//   segment := magic "GNSEG\x02\0\0" u64 plain-length zstd-frame(plain)
//   plain   := magic "GNSEG\x01\0\0" column*      (little-endian, fixed order; see encode_plain)
//   column  := u64 byte-length, bytes
// Segments written before compression (plain alone) are still read.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "modules/registry/domain/household_batch.hpp"

namespace giamngheo::store {

[[nodiscard]] std::string encode_segment(const HouseholdBatch& batch);
// Throws std::runtime_error on bytes that are not a segment of this format.
[[nodiscard]] HouseholdBatch decode_segment(std::string_view bytes);
// The segment's RegistryImage alone (household ids, units, villages, coded answers), without
// decoding names, member ids and extra answers: what statistics read. Throws like decode_segment.
[[nodiscard]] RegistryImage decode_segment_image(std::string_view bytes);

// A Bloom filter over member ids, stored beside a segment: an import asks it whether any of its
// member ids may already belong to the segment before decoding the segment to make sure.
class MemberFilter {
public:
    explicit MemberFilter(std::size_t members);
    explicit MemberFilter(std::string bits) : bits_(std::move(bits)) {}
    void add(std::string_view member_id);
    [[nodiscard]] bool may_contain(std::string_view member_id) const;
    [[nodiscard]] const std::string& bits() const { return bits_; }

private:
    std::string bits_;
};

}  // namespace giamngheo::store
