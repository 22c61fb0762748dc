// The SQLite Store: units, the registry (households as rows and as segments, merged on every
// read), change sets and rounds over one database. The segment reads are segment_reader.hpp and
// an import's row path import_rows.hpp, so that this file keeps what decides between them.
#include <algorithm>
#include <memory>
#include <optional>
#include <queue>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "platform/ordered_pipeline.hpp"
#include "storage/faults.hpp"
#include "storage/records.hpp"
#include "modules/registry/formats/household_document.hpp"
#include "storage/sqlite/household_segment.hpp"
#include "storage/sqlite/import_rows.hpp"
#include "storage/sqlite/migrations.hpp"
#include "storage/sqlite/round_tables.hpp"
#include "storage/sqlite/segment_reader.hpp"
#include "storage/sqlite/unit_tables.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/sqlite_stores.hpp"

namespace giamngheo::store {
namespace {

using sqlite::Database;
using sqlite::Statement;
using sqlite::Transaction;
using sqlite::SegmentInfo;

// A segment as stored: its id range, counts, member filter and encoded columns.
struct EncodedSegment {
    std::string first_id, last_id;
    std::size_t households = 0, members = 0;
    std::string member_filter, data;
};

EncodedSegment encode(const HouseholdBatch& part) {
    MemberFilter filter(part.members());
    for (std::size_t j = 0; j < part.members(); ++j) filter.add(part.member_id[j]);
    return {part.image.household_ids.front(), part.image.household_ids.back(), part.households(), part.members(),
            filter.bits(), encode_segment(part)};
}

// Each (commune, village) pair of `rows` once: a piece of 65,536 households names a few dozen.
std::vector<std::pair<std::string, std::string>> villages_of(const HouseholdBatch& batch,
                                                             const std::vector<std::uint32_t>& rows) {
    std::vector<std::uint64_t> pairs;
    for (const auto i : rows)
        if (batch.image.village[i] != 0)
            pairs.push_back(static_cast<std::uint64_t>(batch.image.unit[i]) << 32 |
                            static_cast<std::uint32_t>(batch.image.village[i]));
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto pair : pairs)
        out.emplace_back(batch.image.units.at(static_cast<std::int32_t>(pair >> 32)),
                         batch.image.villages.at(static_cast<std::int32_t>(pair & 0xFFFFFFFFu)));
    return out;
}

// Active household rows: id, version, and the document of that version (none for a household
// brought back unchanged from its segment entry).
constexpr const char* kActiveRows =
    "SELECT h.household_id, h.version, v.document FROM households h LEFT JOIN household_versions v "
    "ON v.household_id = h.household_id AND v.version = h.version WHERE h.removed_change_set IS NULL";

// A bulk load written under a rollback journal instead of the write-ahead log, for as long as
// the object lives: its segments go once into the database file's new pages, which a rollback
// journal need not hold, where the log took them a frame per page and then copied them into the
// file (2.26 GB of blobs: 18.5 s through the log, 3.1 s so; docs/PERFORMANCE.md). The journal
// mode changes only while no other connection has the database open: otherwise the load goes
// through the log as before. Must be made outside a transaction.
class BulkJournal {
public:
    explicit BulkJournal(Database& db) : db_(db) {
        try {
            Statement mode(db_, "PRAGMA journal_mode = DELETE");
            switched_ = mode.step() && mode.text(0) == "delete";
        } catch (const std::runtime_error&) {
            switched_ = false;  // busy: another connection reads
        }
    }
    BulkJournal(const BulkJournal&) = delete;
    BulkJournal& operator=(const BulkJournal&) = delete;
    ~BulkJournal() {
        if (switched_) sqlite3_exec(db_.handle(), "PRAGMA journal_mode = WAL", nullptr, nullptr, nullptr);
    }

private:
    Database& db_;
    bool switched_ = false;
};

class SqliteStore final : public Store {
public:
    SqliteStore(const std::string& path, StoreOptions options) : db_(path), options_(options) {
        sqlite3_busy_timeout(db_.handle(), options_.busy_timeout_ms);
        db_.exec("PRAGMA journal_mode = WAL");
        db_.exec("PRAGMA synchronous = NORMAL");
        db_.exec("PRAGMA foreign_keys = ON");
        // A large page cache keeps a whole import in memory until it commits instead of
        // spilling pages to the write-ahead log mid-transaction.
        db_.exec("PRAGMA cache_size = -262144");
        db_.exec("PRAGMA temp_store = MEMORY");
        migrate();
    }

    void replace_units(const std::vector<UnitVersion>& units, const std::vector<Lineage>& lineage,
                       const Actor& actor) override {
        Transaction tx(db_);
        const std::int64_t change_set = new_change_set(actor, "units.import");
        sqlite::replace_unit_tables(db_, units, lineage, change_set);
        sqlite::insert_audit(db_, change_set, actor);
        tx.commit();
    }
    UnitCatalogue load_units() override { return sqlite::load_unit_catalogue(db_, std::nullopt); }
    UnitCatalogue units_of_round(std::int64_t round_id) override {
        return sqlite::load_unit_catalogue(db_, sqlite::catalogue_of_round(db_, round_id));
    }

    void add_village(const std::string& commune_code, const std::string& name, const Actor& actor) override {
        Transaction tx(db_);
        const std::int64_t change_set = new_change_set(actor, "village.add");
        Statement s(db_, "INSERT INTO villages (commune_code, name, change_set) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING");
        s.bind(1, commune_code).bind(2, name).bind(3, change_set).run();
        sqlite::insert_audit(db_, change_set, actor);
        tx.commit();
    }

    std::vector<std::string> villages(const std::string& commune_code) override {
        Statement s(db_, "SELECT name FROM villages WHERE commune_code = ?1 ORDER BY name");
        s.bind(1, commune_code);
        std::vector<std::string> out;
        while (s.step()) out.push_back(s.text(0));
        return out;
    }

    // Households new to the registry, when there are at least segment_minimum of them, are
    // encoded into segments on every core a piece at a time while this thread writes the piece
    // before (SQLite is written from one thread); the others become rows.
    ImportSummary apply_import(const HouseholdPieces& pieces, const Actor& actor, const WriteCheck& check) override {
        ImportSummary summary;
        std::optional<BulkJournal> bulk;
        if (pieces.households() >= options_.segment_minimum) bulk.emplace(db_);
        Transaction tx(db_);
        summary.change_set = new_change_set(actor, "households.import");
        const std::vector<SegmentInfo> segments = segments_.list();
        const bool has_rows = scalar("SELECT EXISTS (SELECT 1 FROM households)") != 0;
        const bool registry_empty = !has_rows && segments.empty();
        std::vector<std::uint8_t> seen(pieces.households(), 0);  // by the registry, at this position of the id order
        std::unordered_set<std::string_view> in_import;
        std::size_t fresh = pieces.households();
        if (!registry_empty) {
            sqlite::HouseholdRowProbe has_row(db_);
            for (std::size_t at = 0; at < pieces.households(); ++at) {
                const std::string id(pieces.id(at));
                in_import.insert(pieces.id(at));
                seen[at] = (has_rows && has_row(id)) || segments_.find(id, segments).has_value();
                fresh -= seen[at];
            }
        }
        const bool as_segments = fresh >= options_.segment_minimum;

        Statement insert(db_, "INSERT INTO household_segments (id, change_set, first_household_id, last_household_id, "
                              "households, members, member_filter, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        Statement add_village(db_, "INSERT INTO villages (commune_code, name, change_set) VALUES (?1, ?2, ?3) "
                                   "ON CONFLICT DO NOTHING");
        std::int64_t segment_id = scalar("SELECT COALESCE(MAX(id), 0) FROM household_segments");
        sqlite::ImportRowWriter rows(db_, segments_, summary);
        struct Made {
            HouseholdBatch piece;  // kept when rows of it are written as rows or its members checked
            std::vector<std::uint32_t> as_rows;
            std::vector<EncodedSegment> segments;
            std::vector<std::pair<std::string, std::string>> villages;  // of the households in segments
        };
        make_in_rounds<Made>(
            pieces.pieces(), std::max(1u, std::thread::hardware_concurrency()),
            [&](std::size_t k, Made& made) {
                made = Made{};
                HouseholdBatch piece = pieces.piece(k);
                const std::size_t first = k * pieces.piece_households();
                std::vector<std::uint32_t> into_segments;
                for (std::uint32_t i = 0; i < piece.households(); ++i)
                    (as_segments && !seen[first + i] ? into_segments : made.as_rows).push_back(i);
                const std::size_t per_segment = options_.segment_households;
                for (std::size_t begin = 0; begin < into_segments.size(); begin += per_segment) {
                    const std::size_t end = std::min(into_segments.size(), begin + per_segment);
                    if (begin == 0 && end == piece.households()) {
                        made.segments.push_back(encode(piece));
                        continue;
                    }
                    const std::vector<std::uint32_t> slice(into_segments.begin() + static_cast<std::ptrdiff_t>(begin),
                                                           into_segments.begin() + static_cast<std::ptrdiff_t>(end));
                    made.segments.push_back(encode(HouseholdBatch::select(piece, slice)));
                }
                made.villages = villages_of(piece, into_segments);
                if (!made.as_rows.empty() || !registry_empty) made.piece = std::move(piece);
            },
            [&](std::size_t, Made& made) {
                if (!registry_empty) sqlite::check_member_owners(db_, segments_, made.piece, segments, in_import);
                for (const auto& e : made.segments) {
                    for (std::size_t i = 0; i < e.households; ++i) fault_point("import.household");
                    insert.bind(1, ++segment_id).bind(2, summary.change_set).bind(3, e.first_id).bind(4, e.last_id)
                        .bind(5, static_cast<std::int64_t>(e.households)).bind(6, static_cast<std::int64_t>(e.members))
                        .bind_blob(7, e.member_filter).bind_blob(8, e.data);
                    insert.run();
                    summary.created += static_cast<long>(e.households);
                }
                for (const auto& [commune, village] : made.villages)
                    add_village.bind(1, commune).bind(2, village).bind(3, summary.change_set).run();
                for (const auto i : made.as_rows) rows.apply(made.piece.household(i), segments, check);
            });
        if (!summary.refused.empty() || check.dry_run || summary.created + summary.updated == 0) {
            summary.change_set = 0;  // the transaction rolls back
            return summary;
        }
        sqlite::insert_audit(db_, summary.change_set, actor);
        tx.commit();
        return summary;
    }

    long remove_households(const std::vector<std::string>& household_ids, const Actor& actor) override {
        Transaction tx(db_);
        const std::int64_t change_set = new_change_set(actor, "households.remove");
        const std::vector<SegmentInfo> segments = segments_.list();
        Statement remove(db_, "UPDATE households SET removed_change_set = ?2 WHERE household_id = ?1 "
                              "AND removed_change_set IS NULL");
        sqlite::HouseholdRowProbe has_row(db_);
        Statement shadow(db_, "INSERT INTO households (household_id, unit_code, village, head_name, version, change_set, "
                              "removed_change_set, segment_id, segment_members) VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6, ?7, ?8)");
        Statement members(db_, "DELETE FROM members WHERE household_id = ?1");
        long removed = 0;
        for (const auto& id : household_ids) {
            remove.bind(1, id).bind(2, change_set).run();
            if (sqlite3_changes(db_.handle()) == 1) {
                ++removed;
                members.bind(1, id).run();
                continue;
            }
            if (has_row(id)) continue;
            if (const auto hit = segments_.find(id, segments)) {
                const Household h = hit->batch->household(hit->row);
                shadow.bind(1, id).bind(2, h.unit_code).bind(3, h.village).bind(4, h.head_name)
                    .bind(5, hit->info.change_set).bind(6, change_set).bind(7, hit->info.id)
                    .bind(8, static_cast<std::int64_t>(h.members.size())).run();
                ++removed;
            }
        }
        sqlite::insert_audit(db_, change_set, actor);
        tx.commit();
        return removed;
    }

    std::vector<StoredHousehold> load_households() override {
        std::vector<StoredHousehold> out;
        for_each_household([&](const StoredHousehold& h) { out.push_back(h); });
        return out;
    }

    // Rows and segments merged in id order. A household with a row is the row's; its segment
    // entry (its first version) is skipped.
    void for_each_household(const std::function<void(const StoredHousehold&)>& visit) override {
        const std::vector<SegmentInfo> segments = segments_.list();
        const std::unordered_set<std::string> shadowed = segments_.taken_over(segments);
        struct Cursor {
            const SegmentInfo* info;
            std::shared_ptr<const HouseholdBatch> batch;  // null until the merge reaches the segment
            std::size_t row = 0;
            [[nodiscard]] const std::string& id() const { return batch ? batch->image.household_ids[row] : info->first; }
        };
        auto later = [](const Cursor& a, const Cursor& b) { return a.id() > b.id(); };
        std::priority_queue<Cursor, std::vector<Cursor>, decltype(later)> heap(later);
        for (const auto& info : segments) heap.push(Cursor{&info, nullptr, 0});

        Statement rows(db_, (std::string(kActiveRows) + " ORDER BY h.household_id").c_str());
        bool row_ready = rows.step();
        StoredHousehold current;
        while (row_ready || !heap.empty()) {
            if (!heap.empty() && !heap.top().batch) {
                Cursor opened = heap.top();
                heap.pop();
                opened.batch = segments_.segment(opened.info->id);
                if (opened.batch->households() > 0) heap.push(opened);
                continue;
            }
            if (row_ready && (heap.empty() || rows.text(0) <= heap.top().id())) {
                current.version = rows.integer(1);
                current.household = active_row_household(rows, segments);
                visit(current);
                row_ready = rows.step();
                continue;
            }
            Cursor top = heap.top();
            heap.pop();
            if (!shadowed.count(top.id())) {
                current.household = top.batch->household(top.row);
                current.version = 1;
                visit(current);
            }
            if (++top.row < top.batch->households()) heap.push(std::move(top));
        }
    }

    // Segments appended as whole images, less the entries a row has taken over; then the rows.
    StoredImage load_registry_image() override {
        StoredImage out;
        RegistryImage& image = out.image;
        const std::vector<SegmentInfo> segments = segments_.list();
        const std::unordered_set<std::string> taken_over = segments_.taken_over(segments);
        std::size_t households = 0, members = 0;
        for (const auto& info : segments) {
            households += static_cast<std::size_t>(info.households);
            members += static_cast<std::size_t>(info.members);
        }
        image.reserve(households, members);
        out.version.reserve(households);
        for (const auto& info : segments) {
            const RegistryImage part = segments_.with_bytes(info.id, decode_segment_image);
            std::vector<std::uint32_t> keep;
            for (std::uint32_t i = 0; i < part.households(); ++i)
                if (!taken_over.count(part.household_ids[i])) keep.push_back(i);
            if (keep.size() == part.households()) image.append(part);
            else image.append(HouseholdBatch::select(*segments_.segment(info.id), keep).image);
            out.version.resize(image.households(), 1);  // a segment entry is its household's first version
        }
        Statement rows(db_, kActiveRows);
        while (rows.step()) {
            image.append(active_row_household(rows, segments));
            out.version.push_back(rows.integer(1));
        }
        return out;
    }

    std::optional<StoredHousehold> load_household(const std::string& household_id,
                                                  std::optional<std::int64_t> version) override {
        if (version) {
            Statement s(db_, "SELECT document FROM household_versions WHERE household_id = ?1 AND version = ?2");
            s.bind(1, household_id).bind(2, *version);
            if (s.step()) return StoredHousehold{from_document(s.text(0)), *version};
            if (*version != 1) return std::nullopt;
            if (auto hit = segments_.find(household_id, segments_.list())) return StoredHousehold{hit->household(), 1};
            return std::nullopt;
        }
        Statement s(db_, "SELECT h.version, v.document FROM households h LEFT JOIN household_versions v "
                         "ON v.household_id = h.household_id AND v.version = h.version WHERE h.household_id = ?1");
        s.bind(1, household_id);
        if (s.step() && !s.is_null(1)) return StoredHousehold{from_document(s.text(1)), s.integer(0)};
        if (auto hit = segments_.find(household_id, segments_.list())) return StoredHousehold{hit->household(), 1};
        return std::nullopt;
    }

    std::vector<HistoryEntry> household_history(const std::string& household_id) override {
        std::vector<HistoryEntry> out;
        Statement s(db_, "SELECT v.version, v.change_set, c.at, c.actor, c.source, v.document FROM household_versions v "
                         "JOIN change_sets c ON c.id = v.change_set WHERE v.household_id = ?1 ORDER BY v.version");
        s.bind(1, household_id);
        while (s.step())
            out.push_back({s.integer(0), s.integer(1), s.text(2), s.text(3), s.text(4), from_document(s.text(5))});
        if (!out.empty() && out.front().version == 1) return out;
        if (auto hit = segments_.find(household_id, segments_.list())) {
            Statement c(db_, "SELECT at, actor, source FROM change_sets WHERE id = ?1");
            c.bind(1, hit->info.change_set);
            if (c.step())
                out.insert(out.begin(), {1, hit->info.change_set, c.text(0), c.text(1), c.text(2), hit->household()});
        }
        return out;
    }

    std::optional<ExtractMark> extract_mark() override {
        Statement s(db_, "SELECT e.unit_code, e.made_from, c.at FROM extract_of e JOIN change_sets c ON c.id = e.change_set");
        if (!s.step()) return std::nullopt;
        return ExtractMark{s.text(0), s.text(1), s.text(2)};
    }

    void mark_extract(const std::string& unit_code, const std::string& made_from, const Actor& actor) override {
        Transaction tx(db_);
        Actor noted = actor;
        noted.audit.push_back({"store.extract", "", unit_code, nlohmann::json{{"made_from", made_from}}.dump()});
        const std::int64_t change_set = sqlite::insert_change_set(db_, actor.user, actor.source, "store.extract");
        Statement s(db_, "INSERT OR REPLACE INTO extract_of (only_row, unit_code, made_from, change_set) VALUES (1, ?1, ?2, ?3)");
        s.bind(1, unit_code).bind(2, made_from).bind(3, change_set).run();
        sqlite::insert_audit(db_, change_set, noted);
        tx.commit();
    }

    std::int64_t registry_generation() override {
        // The newest change set that is not a report's: the scan stops at the first one from the end.
        return scalar("SELECT COALESCE((SELECT id FROM change_sets WHERE action NOT LIKE 'report.%' ORDER BY id DESC LIMIT 1), 0)");
    }

    long household_count() override {
        return static_cast<long>(
            scalar("SELECT (SELECT COUNT(*) FROM households WHERE removed_change_set IS NULL) "
                   "+ (SELECT COALESCE(SUM(households), 0) FROM household_segments) "
                   "- (SELECT COUNT(*) FROM households WHERE segment_id IS NOT NULL)"));
    }
    long member_count() override {
        return static_cast<long>(scalar("SELECT (SELECT COUNT(*) FROM members) "
                                        "+ (SELECT COALESCE(SUM(members), 0) FROM household_segments) "
                                        "- (SELECT COALESCE(SUM(segment_members), 0) FROM households)"));
    }

    std::int64_t save_round(RoundRecord round, const std::vector<ResultRow>& results, const Actor& actor) override {
        Transaction tx(db_);
        const std::int64_t id = sqlite::insert_round(db_, std::move(round), results, actor, new_change_set(actor, "round.run"));
        tx.commit();
        return id;
    }
    std::optional<RoundRecord> round(std::int64_t id) override {
        auto all = sqlite::select_rounds(db_, id);
        if (all.empty()) return std::nullopt;
        return all.front();
    }
    std::vector<RoundRecord> rounds() override { return sqlite::select_rounds(db_, std::nullopt); }
    void approve_round(std::int64_t id, const Date& decision_date, const Actor& actor) override {
        Transaction tx(db_);
        sqlite::approve_round(db_, id, decision_date, actor, new_change_set(actor, "round.approve"));
        tx.commit();
    }
    void for_each_round_result(std::int64_t id, const std::function<void(const ResultRow&)>& visit) override {
        sqlite::for_each_round_result(db_, id, visit);
    }
    std::optional<ResultRow> round_result(std::int64_t id, const std::string& household_id) override {
        return sqlite::round_result(db_, id, household_id);
    }
    std::vector<PastRow> approved_results_before(const Date& before) override {
        return sqlite::approved_results_before(db_, before);
    }
    std::vector<PastRow> household_results_before(const std::string& household_id, const Date& before) override {
        return sqlite::household_results_before(db_, household_id, before);
    }
    void replace_results(std::int64_t round_id, const std::vector<ResultRow>& results, const Actor& actor) override {
        Transaction tx(db_);
        sqlite::replace_results(db_, round_id, results, actor, new_change_set(actor, "round.reclassify"));
        tx.commit();
    }

private:
    // The household of a kActiveRows row. A row without a document of its own is a household
    // brought back unchanged: its entry in the segment is its current version.
    Household active_row_household(const Statement& rows, const std::vector<SegmentInfo>& segments) {
        return rows.is_null(2) ? segments_.find(rows.text(0), segments).value().household() : from_document(rows.text(2));
    }

    void migrate() {
        db_.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
                 "applied_at TEXT NOT NULL)");
        const std::int64_t current = scalar("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
        // A store written by a newer program: this one would misread its tables.
        if (current > migrations().back().version)
            throw_conflict("kho dữ liệu có lược đồ phiên bản " + std::to_string(current) + ", mới hơn phiên bản " +
                           std::to_string(migrations().back().version) +
                           " mà chương trình này biết; hãy cập nhật giamngheo trước khi mở kho này");
        for (const auto& m : migrations()) {
            if (m.version <= current) continue;
            Transaction tx(db_);
            db_.exec(m.sql);
            Statement s(db_, "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?1, ?2, ?3)");
            s.bind(1, m.version).bind(2, std::string(m.description)).bind(3, now_utc()).run();
            tx.commit();
        }
    }

    std::int64_t new_change_set(const Actor& actor, const std::string& action) {
        return sqlite::insert_change_set(db_, actor.user, actor.source, action);
    }

    std::int64_t scalar(const char* sql) { return sqlite::scalar(db_, sql); }

    Database db_;
    StoreOptions options_;
    sqlite::SegmentReader segments_{db_};
};

}  // namespace

std::unique_ptr<Store> open_sqlite_store(const std::string& path, const StoreOptions& options) {
    return std::make_unique<SqliteStore>(path, options);
}

}  // namespace giamngheo::store
