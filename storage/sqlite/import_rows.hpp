// An import's households written as rows (those already in the registry, and new ones too few
// to make segments), with the checks that need the registry as stored: the version a household
// is expected at, and that no member id already belongs to a household outside the import.
// Apart from the store because this path keeps rows and segment entries in step (a row takes
// over from a household's segment entry) and prepares its statements once per import.
#pragma once

#include <cstdint>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "modules/registry/ports/registry_store.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/segment_reader.hpp"

namespace giamngheo::store::sqlite {

// A member id may belong to one household of the registry only: conflict otherwise.
// `in_batch`: every household of the import, of which `batch` is a piece.
void check_member_owners(Database& db, SegmentReader& reader, const HouseholdBatch& batch,
                         const std::vector<SegmentInfo>& segments, const std::unordered_set<std::string_view>& in_batch);

// Writes households as rows under `summary.change_set`, counting them in `summary` (created,
// updated, unchanged, refused). Inside the caller's transaction.
class ImportRowWriter {
public:
    ImportRowWriter(Database& db, SegmentReader& reader, ImportSummary& summary);
    void apply(const Household& h, const std::vector<SegmentInfo>& segments, const WriteCheck& check);

private:
    void members(const Household& h);
    SegmentReader& reader_;
    ImportSummary& summary_;
    std::int64_t change_set_;
    Statement current_, insert_household_, update_household_, reactivate_, insert_version_, delete_members_,
        insert_member_, add_village_;
};

}  // namespace giamngheo::store::sqlite
