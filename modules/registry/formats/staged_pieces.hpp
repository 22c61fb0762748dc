// Internals of the interchange reader (not part of the module's interface): the members of an
// import set aside on disk, a record per member in its piece's run, and the pieces the store
// takes, each put together from its households and its run. Apart because the record format
// is written by the member reader and read back here, and nothing else needs to know it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/registry_image.hpp"
#include "modules/registry/domain/household_batch.hpp"
#include "modules/registry/formats/interchange_cells.hpp"
#include "platform/spill.hpp"

namespace giamngheo::io::interchange_detail {

constexpr std::uint32_t kNoHousehold = static_cast<std::uint32_t>(-1);

// A personal id: 0 and 12 digits as a number in 5 bytes, or its size + 1 and its text.
void put_personal_id(std::string& out, std::string_view id);
void append_personal_id(RecordReader& r, TextColumn& into);
// The extra answers of a row: their count, then each one's name id and text.
void put_extras(std::string& out, const std::vector<std::string_view>& fields, const ExtraColumns& columns);

// Run `run` of each writer's runs, one writer after the other, in memory left unzeroed (every
// byte is read into), with where each writer's bytes end.
struct RunOfParts {
    std::unique_ptr<char[]> bytes;
    std::vector<std::size_t> part_end;
    [[nodiscard]] std::size_t size() const { return part_end.empty() ? 0 : part_end.back(); }
};

RunOfParts read_run(const std::vector<const SpillRuns*>& writers, std::size_t run);

// The validated households of an import in memory, its members on disk in runs by piece: a
// piece is put together from its households and its run when the store asks for it, so the
// members are never all in memory at once.
//
// A member's record in its piece's run: its size (varint), then the household's row, the
// full name and ethnicity as ids in the part's tables (varints), birth year, month and day,
// the six codes, whether only the year is known, the two flag words, the member id (how many
// of its first bytes are its household's id, then the rest as text), the personal id
// (put_personal_id) and the extra answers (count, then name id and text each). Most member ids
// are their household's id and a number, and most personal ids 12 digits: so written, a record
// of the synthetic registry takes 38 bytes instead of 60 (some 2 GB less for 94 million members).
class StagedPieces final : public HouseholdPieces {
public:
    struct Part {
        StringTable names, ethnicities;
        std::unique_ptr<SpillFile> file;  // one per part: parts that shared a file would queue on its lock
        std::unique_ptr<SpillRuns> members;
    };
    HouseholdBatch household_columns;    // file order, no members
    std::vector<std::uint32_t> order;    // rows in id order
    std::vector<std::uint32_t> position;  // a row's place in `order`
    std::size_t piece_size = 1;
    std::size_t member_count = 0;
    std::vector<Part> parts;

    [[nodiscard]] std::size_t households() const override { return order.size(); }
    [[nodiscard]] std::size_t members() const override { return member_count; }
    [[nodiscard]] std::string_view id(std::size_t at) const override { return household_columns.image.household_ids[order[at]]; }
    [[nodiscard]] std::size_t piece_households() const override { return piece_size; }
    [[nodiscard]] HouseholdBatch piece(std::size_t k) const override;
};

}  // namespace giamngheo::io::interchange_detail
