// The household_segments table read back: which segments there are, a segment decoded (a few
// kept, since they never change once written), its member filter, and the segment entry of a
// household. Apart from the store so that the reads, the import and the removal share one cache
// and one way of finding a household's first version.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "kernel/errors.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/household_segment.hpp"

namespace giamngheo::store::sqlite {

struct SegmentInfo {
    std::int64_t id = 0;
    std::int64_t change_set = 0;
    std::string first, last;
    long households = 0, members = 0;
};

struct SegmentHit {
    SegmentInfo info;
    std::shared_ptr<const HouseholdBatch> batch;
    std::size_t row = 0;
    [[nodiscard]] Household household() const { return batch->household(row); }
};

// Whether a household has a row of its own (imported as a row, or edited or removed since its
// bulk load), which then speaks for it instead of its segment entry.
class HouseholdRowProbe {
public:
    explicit HouseholdRowProbe(Database& db) : select_(db, "SELECT 1 FROM households WHERE household_id = ?1") {}
    bool operator()(const std::string& household_id) {
        const bool found = select_.bind(1, household_id).step();
        select_.reset();
        return found;
    }

private:
    Statement select_;
};

class SegmentReader {
public:
    explicit SegmentReader(Database& db) : db_(db) {}

    // Segments ordered by their first household id.
    [[nodiscard]] std::vector<SegmentInfo> list();

    // The stored bytes of segment `id`, given to `use` while the statement holds them.
    template <class Use>
    std::invoke_result_t<Use, std::string_view> with_bytes(std::int64_t id, Use use) {
        Statement s(db_, "SELECT data FROM household_segments WHERE id = ?1");
        s.bind(1, id);
        if (!s.step()) throw_fault("không có phân đoạn sổ hộ " + std::to_string(id));
        return use(s.blob(0));
    }

    // Households with a row that once were segment entries (edited, removed or brought back):
    // their rows speak for them.
    [[nodiscard]] std::unordered_set<std::string> taken_over(const std::vector<SegmentInfo>& segments);

    // Segments never change once written, so decoded ones are kept for the next lookups.
    [[nodiscard]] std::shared_ptr<const HouseholdBatch> segment(std::int64_t id);
    [[nodiscard]] const MemberFilter& member_filter(std::int64_t id);

    // The household's first version when a segment holds it, whatever rows say about it later.
    [[nodiscard]] std::optional<SegmentHit> find(const std::string& household_id, const std::vector<SegmentInfo>& segments);

private:
    static constexpr std::size_t kDecodedSegmentsKept = 4;
    Database& db_;
    std::vector<std::pair<std::int64_t, std::shared_ptr<const HouseholdBatch>>> decoded_;
    std::unordered_map<std::int64_t, MemberFilter> filters_;
};

}  // namespace giamngheo::store::sqlite
