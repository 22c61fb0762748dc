// The segment reader of segment_reader.hpp: the queries and the caches.
#include "storage/sqlite/segment_reader.hpp"

#include <algorithm>

namespace giamngheo::store::sqlite {

std::vector<SegmentInfo> SegmentReader::list() {
    Statement s(db_, "SELECT id, change_set, first_household_id, last_household_id, households, members "
                     "FROM household_segments ORDER BY first_household_id, id");
    std::vector<SegmentInfo> out;
    while (s.step())
        out.push_back({s.integer(0), s.integer(1), s.text(2), s.text(3), static_cast<long>(s.integer(4)),
                       static_cast<long>(s.integer(5))});
    return out;
}

std::unordered_set<std::string> SegmentReader::taken_over(const std::vector<SegmentInfo>& segments) {
    std::unordered_set<std::string> out;
    if (segments.empty()) return out;
    Statement s(db_, "SELECT household_id FROM households WHERE segment_id IS NOT NULL");
    while (s.step()) out.insert(s.text(0));
    return out;
}

std::shared_ptr<const HouseholdBatch> SegmentReader::segment(std::int64_t id) {
    for (const auto& [cached_id, batch] : decoded_)
        if (cached_id == id) return batch;
    auto batch = std::make_shared<const HouseholdBatch>(with_bytes(id, decode_segment));
    if (decoded_.size() == kDecodedSegmentsKept) decoded_.erase(decoded_.begin());
    decoded_.emplace_back(id, batch);
    return batch;
}

const MemberFilter& SegmentReader::member_filter(std::int64_t id) {
    auto it = filters_.find(id);
    if (it != filters_.end()) return it->second;
    Statement s(db_, "SELECT member_filter FROM household_segments WHERE id = ?1");
    s.bind(1, id);
    if (!s.step()) throw_fault("không có phân đoạn sổ hộ " + std::to_string(id));
    return filters_.emplace(id, MemberFilter(std::string(s.blob(0)))).first->second;
}

std::optional<SegmentHit> SegmentReader::find(const std::string& household_id, const std::vector<SegmentInfo>& segments) {
    for (const auto& info : segments) {
        if (info.first > household_id) break;
        if (info.last < household_id) continue;
        auto batch = segment(info.id);
        const auto& ids = batch->image.household_ids;
        const auto it = std::lower_bound(ids.begin(), ids.end(), household_id);
        if (it != ids.end() && *it == household_id)
            return SegmentHit{info, batch, static_cast<std::size_t>(it - ids.begin())};
    }
    return std::nullopt;
}

}  // namespace giamngheo::store::sqlite
