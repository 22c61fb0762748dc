// Internals of the interchange reader (not part of the module's interface): the reading of one
// part of households.csv or members.csv on a thread of its own, and the id indexes the parts
// are matched by. interchange.cpp runs the parts and puts their findings together in file order.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "modules/registry/formats/interchange.hpp"
#include "modules/registry/formats/interchange_cells.hpp"
#include "modules/registry/formats/staged_pieces.hpp"

namespace giamngheo::io::interchange_detail {

// Row numbers by text key, for duplicate checks over millions of ids: open addressing over
// indices into a column the caller owns, so no key is copied. Each slot keeps 32 bits of the
// key's hash beside the index, so a probe reads the key itself only when those bits agree.
template <class KeyOf>
class KeyIndex {
public:
    // Sized for `expected` keys, so that that many are inserted without growing.
    explicit KeyIndex(KeyOf key_of, std::size_t expected = 512)
        : key_of_(std::move(key_of)), slots_(std::bit_ceil(std::max<std::size_t>(expected, 512) * 4 / 3 + 1), 0) {}

    // Inserts entry `entry` under `key` unless the key is there; returns the entry holding it.
    std::uint32_t insert(std::string_view key, std::uint32_t entry) {
        // At most three slots in four full: the 32-bit tags keep probes cheap, and at national
        // size (94 million member ids) each halving of the load costs a gigabyte.
        if ((size_ + 1) * 4 > slots_.size() * 3) grow();
        const std::uint64_t tag = tag_of(key);
        const std::size_t slot = locate(key, tag);
        if (slots_[slot] != 0) return entry_of(slots_[slot]);
        slots_[slot] = (tag << 32) | (static_cast<std::uint64_t>(entry) + 1);
        ++size_;
        return entry;
    }
    [[nodiscard]] std::optional<std::uint32_t> find(std::string_view key) const {
        const std::size_t slot = locate(key, tag_of(key));
        if (slots_[slot] == 0) return std::nullopt;
        return entry_of(slots_[slot]);
    }

private:
    // The slot holding `key`, or the empty slot where it would go.
    [[nodiscard]] std::size_t locate(std::string_view key, std::uint64_t tag) const {
        std::size_t slot = tag & (slots_.size() - 1);
        while (slots_[slot] != 0 && ((slots_[slot] >> 32) != tag || key_of_(entry_of(slots_[slot])) != key))
            slot = (slot + 1) & (slots_.size() - 1);
        return slot;
    }
    static std::uint64_t tag_of(std::string_view key) { return std::hash<std::string_view>{}(key) >> 32; }
    static std::uint32_t entry_of(std::uint64_t slot) { return static_cast<std::uint32_t>(slot) - 1; }
    void grow() {
        std::vector<std::uint64_t> old(slots_.size() * 2, 0);
        old.swap(slots_);
        for (const auto value : old) {
            if (value == 0) continue;
            std::size_t slot = (value >> 32) & (slots_.size() - 1);
            while (slots_[slot] != 0) slot = (slot + 1) & (slots_.size() - 1);
            slots_[slot] = value;
        }
    }
    KeyOf key_of_;
    std::vector<std::uint64_t> slots_;  // 0 = empty, else hash tag << 32 | (entry + 1)
    std::size_t size_ = 0;
};

// Runs work(p) for every p in [0, count) on a thread each; rethrows the first part's error.
template <class Work>
void on_threads(std::size_t count, Work work) {
    std::vector<std::exception_ptr> errors(count);
    {
        std::vector<std::jthread> threads;
        for (std::size_t p = 0; p < count; ++p)
            threads.emplace_back([&, p] {
                try {
                    work(p);
                } catch (...) {
                    errors[p] = std::current_exception();
                }
            });
    }
    for (const auto& error : errors)
        if (error) std::rethrow_exception(error);
}

// A deprived_<key> column: the household's own answer for one indicator.
struct OverrideColumn {
    std::size_t position;
    std::string column;
    std::uint32_t bit;
};

struct HouseholdIdOf {
    const RegistryImage* image;
    std::string_view operator()(std::uint32_t i) const { return image->household_ids[i]; }
};
using HouseholdIndex = KeyIndex<HouseholdIdOf>;

// A households.csv row is rarely shorter: 14 columns, the id and the unit code among them.
constexpr std::size_t kHouseholdRowBytes = 64;
// A members.csv row is rarely shorter: 19 columns, two ids and a date among them.
constexpr std::size_t kMemberRowBytes = 96;

// Validates (part of) households.csv into the household columns of `out.batch`, whose override
// keys and extra column names are the file's; a repeated id is left to the caller. The columns
// are made room for the rows of `room_bytes` of text: untouched room costs no memory.
void read_households(RowStream& in, const ColumnMap& columns, const ExtraColumns& extras,
                     const std::vector<OverrideColumn>& overrides, const InterchangeRules& rules,
                     std::size_t room_bytes, ParsedHouseholds& out);

// The households' ids indexed on every core: each id falls into one shard by its hash, and each
// shard is filled by a thread of its own (at national size one thread takes seconds).
class ShardedHouseholdIndex {
public:
    ShardedHouseholdIndex(const RegistryImage& image, std::size_t shards) : image_(image) {
        for (std::size_t s = 0; s < shards; ++s) shards_.emplace_back(HouseholdIdOf{&image}, image.households() / shards + 1);
        on_threads(shards, [&](std::size_t s) {
            for (std::uint32_t row = 0; row < image.households(); ++row)
                if (const std::string& id = image.household_ids[row]; !id.empty() && shard_of(id) == s)
                    shards_[s].insert(id, row);
        });
    }
    [[nodiscard]] std::optional<std::uint32_t> find(std::string_view id) const { return shards_[shard_of(id)].find(id); }
    // The same, tried first at the row after `previous` (kNoHousehold: none): a members file
    // usually lists households in the households file's order, and that row costs no search (at
    // national size a search is a few cache misses).
    [[nodiscard]] std::optional<std::uint32_t> find_after(std::uint32_t previous, std::string_view id) const {
        if (const std::uint32_t next = previous + 1;
            previous != kNoHousehold && next < image_.households() && image_.household_ids[next] == id)
            return next;
        return find(id);
    }

private:
    [[nodiscard]] std::size_t shard_of(std::string_view id) const {
        return std::hash<std::string_view>{}(id) % shards_.size();
    }
    const RegistryImage& image_;
    std::vector<HouseholdIndex> shards_;
};

// One part of members.csv, each cell validated and each row matched to its household, as it
// was read: members in their pieces' runs, member ids in runs by hash for the duplicate check
// (text, row, household), and what matching across parts still needs, in row order.
struct MemberPart {
    StagedPieces::Part staged;
    std::unique_ptr<SpillRuns> ids;
    std::vector<std::pair<std::uint32_t, std::string>> unknown_household;  // row, the id it names
    std::vector<std::pair<std::uint32_t, std::uint32_t>> heads;            // row, household
    std::vector<Problem> problems;
};

// Validates one part of members.csv and matches each row to its household, writing each member
// to its piece's run (when `keep_members`) and its id to one of `id_runs` runs by hash; adds to
// `member_counts` (a count per household row, shared by the parts).
MemberPart read_members(RowStream& in, const ColumnMap& columns, const ExtraColumns& extras, const InterchangeRules& rules,
                        const ShardedHouseholdIndex& households, const StagedPieces& staged,
                        const std::string& spill_directory, bool keep_members, std::size_t id_runs,
                        std::vector<std::uint32_t>& member_counts);

}  // namespace giamngheo::io::interchange_detail
