// The row path of an import (import_rows.hpp): the statements, the write of one household, and
// the member ids checked against the registry as stored.
#include "storage/sqlite/import_rows.hpp"

#include <string>
#include <unordered_map>

#include "modules/registry/formats/household_document.hpp"
#include "storage/faults.hpp"
#include "storage/records.hpp"

namespace giamngheo::store::sqlite {

void check_member_owners(Database& db, SegmentReader& reader, const HouseholdBatch& batch,
                         const std::vector<SegmentInfo>& segments, const std::unordered_set<std::string_view>& in_batch) {
    auto refuse = [&](std::size_t member, const std::string& other) {
        std::size_t household = 0;
        while (batch.image.member_begin[household + 1] <= member) ++household;
        throw_member_taken(batch.member_id[member], batch.image.household_ids[household], other);
    };
    Statement owner(db, "SELECT household_id FROM members WHERE member_id = ?1");
    for (std::size_t j = 0; j < batch.members(); ++j) {
        owner.bind(1, std::string(batch.member_id[j]));
        if (owner.step() && !in_batch.count(owner.text(0))) refuse(j, owner.text(0));
        owner.reset();
    }
    if (segments.empty()) return;
    HouseholdRowProbe has_row(db);
    for (const auto& info : segments) {
        const MemberFilter& filter = reader.member_filter(info.id);
        std::vector<std::size_t> suspects;
        for (std::size_t j = 0; j < batch.members(); ++j)
            if (filter.may_contain(batch.member_id[j])) suspects.push_back(j);
        if (suspects.empty()) continue;
        const auto stored = reader.segment(info.id);
        std::unordered_map<std::string_view, std::size_t> holder;
        for (std::size_t i = 0; i < stored->households(); ++i)
            for (auto k = stored->image.member_begin[i]; k < stored->image.member_begin[i + 1]; ++k)
                holder.emplace(stored->member_id[k], i);
        for (const auto j : suspects) {
            const auto it = holder.find(batch.member_id[j]);
            if (it == holder.end()) continue;
            const std::string& other = stored->image.household_ids[it->second];
            if (in_batch.count(other)) continue;
            // A household with a row has moved on from its segment entry: the members table speaks for it.
            const bool moved_on = has_row(other);
            if (!moved_on) refuse(j, other);
        }
    }
}

ImportRowWriter::ImportRowWriter(Database& db, SegmentReader& reader, ImportSummary& summary)
    : reader_(reader),
      summary_(summary),
      change_set_(summary.change_set),
      current_(db, "SELECT h.version, v.document, h.removed_change_set IS NOT NULL FROM households h "
                   "LEFT JOIN household_versions v ON v.household_id = h.household_id AND v.version = h.version "
                   "WHERE h.household_id = ?1"),
      insert_household_(db, "INSERT INTO households (household_id, unit_code, village, head_name, version, "
                            "change_set, segment_id, segment_members) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
      update_household_(db, "UPDATE households SET unit_code = ?2, village = ?3, head_name = ?4, version = ?5, "
                            "change_set = ?6, removed_change_set = NULL WHERE household_id = ?1"),
      reactivate_(db, "UPDATE households SET removed_change_set = NULL WHERE household_id = ?1 "
                      "AND removed_change_set IS NOT NULL"),
      insert_version_(db, "INSERT INTO household_versions (household_id, version, change_set, document) "
                          "VALUES (?1, ?2, ?3, ?4)"),
      delete_members_(db, "DELETE FROM members WHERE household_id = ?1"),
      // A member may come from another household of the same import that is written
      // after this one (check_member_owners allows only that): the row moves with them.
      insert_member_(db, "INSERT INTO members (member_id, household_id, full_name, personal_id) "
                         "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (member_id) DO UPDATE SET "
                         "household_id = excluded.household_id, full_name = excluded.full_name, "
                         "personal_id = excluded.personal_id"),
      add_village_(db, "INSERT INTO villages (commune_code, name, change_set) VALUES (?1, ?2, ?3) "
                       "ON CONFLICT DO NOTHING") {}

void ImportRowWriter::members(const Household& h) {
    for (const auto& m : h.members)
        insert_member_.bind(1, m.member_id).bind(2, h.household_id).bind(3, m.full_name).bind(4, m.personal_id).run();
}

void ImportRowWriter::apply(const Household& h, const std::vector<SegmentInfo>& segments, const WriteCheck& check) {
    const std::string document = to_document(h);
    std::int64_t version = 1;
    current_.bind(1, h.household_id);
    if (current_.step()) {
        version = current_.integer(0);
        const bool removed = current_.integer(2) != 0;
        const std::string stored = current_.is_null(1)
                                     ? to_document(reader_.find(h.household_id, segments).value().household())
                                     : current_.text(1);
        current_.reset();
        if (!write_allowed(h, stored, version, check, summary_)) return;
        if (stored == document) {
            if (removed) {
                reactivate_.bind(1, h.household_id).run();
                members(h);
                ++summary_.updated;
            } else {
                ++summary_.unchanged;
            }
            return;
        }
        ++version;
        update_household_.bind(1, h.household_id).bind(2, h.unit_code).bind(3, h.village).bind(4, h.head_name)
            .bind(5, version).bind(6, change_set_).run();
        delete_members_.bind(1, h.household_id).run();
        ++summary_.updated;
    } else {
        current_.reset();
        insert_household_.bind(1, h.household_id).bind(2, h.unit_code).bind(3, h.village).bind(4, h.head_name);
        if (const auto hit = reader_.find(h.household_id, segments)) {
            // Its first version is in a segment: this row takes over from it.
            const std::string stored = to_document(hit->household());
            if (!write_allowed(h, stored, 1, check, summary_)) {
                insert_household_.reset();
                return;
            }
            if (stored == document) {
                insert_household_.reset();
                ++summary_.unchanged;
                return;
            }
            version = 2;
            insert_household_.bind(7, hit->info.id)
                .bind(8, static_cast<std::int64_t>(hit->batch->image.member_begin[hit->row + 1] -
                                                   hit->batch->image.member_begin[hit->row]));
            ++summary_.updated;
        } else {
            if (const auto it = check.expected_versions.find(h.household_id); it != check.expected_versions.end())
                throw_stale_household(h.household_id, it->second, 0);
            insert_household_.bind_null(7).bind(8, 0);
            ++summary_.created;
        }
        insert_household_.bind(5, version).bind(6, change_set_).run();
    }
    insert_version_.bind(1, h.household_id).bind(2, version).bind(3, change_set_).bind(4, document).run();
    members(h);
    if (!h.village.empty()) add_village_.bind(1, h.unit_code).bind(2, h.village).bind(3, change_set_).run();
    fault_point("import.household");
}

}  // namespace giamngheo::store::sqlite
