#include "storage/postgres/first_load.hpp"

#include <future>
#include <string>
#include <unordered_set>
#include <vector>

#include "modules/registry/formats/household_document.hpp"
#include "storage/faults.hpp"
#include "storage/postgres/household_rows.hpp"
#include "storage/postgres/province_partitions.hpp"
#include "storage/records.hpp"

namespace giamngheo::store::postgres {
namespace {

// One piece's rows in COPY's binary format.
struct PieceRows {
    BinaryRows households, versions, members;
    RowBatch villages{3};
};

class PieceMaker {
  public:
    PieceMaker(Connection& db, const WriteCheck& check, std::int64_t change_set)
        : provinces_(provinces_of(db, std::nullopt)), check_(check), change_set_(change_set) {}

    // Called for one piece at a time (villages_seen_ is the import's).
    PieceRows make(const HouseholdBatch& piece) {
        PieceRows rows;
        const RegistryImage& g = piece.image;
        // The partition key of each commune of the piece, by its id in the piece's unit table.
        std::vector<std::string> province(g.units.size());
        for (std::size_t id = 1; id < g.units.size(); ++id)
            if (const auto it = provinces_.find(g.units.at(static_cast<std::int32_t>(id))); it != provinces_.end())
                province[id] = it->second;
        for (std::size_t i = 0; i < piece.households(); ++i) {
            const std::string& id = g.household_ids[i];
            if (const auto it = check_.expected_versions.find(id); it != check_.expected_versions.end())
                throw_stale_household(id, it->second, 0);
            const std::string& key = province[static_cast<std::size_t>(g.unit[i])];
            const std::string& unit = g.units.at(g.unit[i]);
            const std::string& village = g.villages.at(g.village[i]);
            rows.households.row(7).text(key).text(id).text(unit).text(village).text(piece.names.at(piece.head_name[i]))
                .int4(1).int8(change_set_);
            rows.versions.row(5).text(key).text(id).int4(1).int8(change_set_).text(to_document(piece.household(i)));
            for (std::uint32_t j = g.member_begin[i]; j < g.member_begin[i + 1]; ++j)
                rows.members.row(5).text(key).text(piece.member_id[j]).text(id).text(piece.names.at(piece.full_name[j]))
                    .text(piece.personal_id[j]);
            if (!village.empty() && villages_seen_.insert(unit + '\x1f' + village).second)
                rows.villages.add({unit, village, std::to_string(change_set_)});
        }
        return rows;
    }

  private:
    const std::unordered_map<std::string, std::string> provinces_;
    const WriteCheck& check_;
    const std::int64_t change_set_;
    std::unordered_set<std::string> villages_seen_;
};

void write_piece(Connection& db, PieceRows& rows) {
    copy_rows(db, kHouseholdsCopyTarget, rows.households);
    copy_rows(db, kVersionsCopyTarget, rows.versions);
    copy_rows(db, kMembersCopyTarget, rows.members);
    rows.villages.run(db, kAddVillages);
    // Written, not yet committed: where a crash test kills the import.
    for (std::size_t i = 0; i < rows.households.rows(); ++i) fault_point("import.household");
}

}  // namespace

void write_first_load(Connection& db, const HouseholdPieces& pieces, const WriteCheck& check,
                      std::int64_t change_set, ImportSummary& summary) {
    PieceMaker maker(db, check, change_set);
    auto make = [&](std::size_t k) { return maker.make(pieces.piece(k)); };
    auto next = std::async(std::launch::async, make, 0);
    for (std::size_t k = 0; k < pieces.pieces(); ++k) {
        PieceRows ready = next.get();
        if (k + 1 < pieces.pieces()) next = std::async(std::launch::async, make, k + 1);
        write_piece(db, ready);
        summary.created += static_cast<long>(ready.households.rows());
    }
}

}  // namespace giamngheo::store::postgres
