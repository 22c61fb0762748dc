// A first load into an empty PostgreSQL registry (storage/postgres/bulk_load.hpp): its indexes and
// foreign keys are dropped and built again inside the load, so after it the schema is exactly as
// before, the rows are there, and a refused load leaves both as they were; a later import into a
// registry that holds households is row by row.
#include <gtest/gtest.h>

#include "kernel/errors.hpp"
#include "modules/registry/domain/synthetic.hpp"
#include "storage/open_store.hpp"
#include "storage/postgres/connection.hpp"
#include "testing/postgres_support.hpp"

namespace giamngheo::test {
namespace {

Household household(const std::string& id, const std::string& member, const std::string& name = "Lò Văn\tA\\B") {
    Household h;
    h.household_id = id;
    h.unit_code = "00002";
    h.head_name = name;
    Member m;
    m.member_id = member;
    m.full_name = name;
    m.relation = "head";
    m.birth_date = {1980, 1, 1};
    h.members = {m};
    return h;
}

// The binary COPY rows the first load writes: text with tabs, backslashes and diacritics and both
// integer widths read back as given; asking for the data again does not add a second trailer.
TEST(BinaryCopy, RowsReadBackAsWritten) {
    const PostgresDatabase database;
    store::postgres::Connection db(database.uri(), 1000);
    db.exec("CREATE TABLE t (name TEXT, small INTEGER, big BIGINT)");
    store::postgres::BinaryRows rows;
    rows.row(3).text("Lò Văn\tA\\B").int4(-7).int8(9'000'000'000);
    rows.row(3).text("").int4(0).int8(-1);
    const std::string once(rows.finished());
    EXPECT_EQ(std::string(rows.finished()), once);
    store::postgres::copy_rows(db, "t (name, small, big)", rows);
    store::postgres::Statement read(db, "SELECT name, small, big FROM t ORDER BY big DESC");
    ASSERT_TRUE(read.step());
    EXPECT_EQ(read.text(0), "Lò Văn\tA\\B");
    EXPECT_EQ(read.integer(1), -7);
    EXPECT_EQ(read.integer(2), 9'000'000'000);
    ASSERT_TRUE(read.step());
    EXPECT_EQ(read.text(0), "");
    EXPECT_EQ(read.integer(2), -1);
    EXPECT_FALSE(read.step());
}

// Every index and constraint of the household tables, as the catalogue defines them.
std::string schema_of(const std::string& uri) {
    store::postgres::Connection db(uri, 1000);
    store::postgres::Statement s(
        db,
        "SELECT string_agg(d, E'\\n' ORDER BY d) FROM ("
        "SELECT indexdef AS d FROM pg_indexes WHERE tablename IN ('households', 'household_versions', 'members') "
        "UNION ALL SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid::regclass::text IN ('households', 'household_versions', 'members')) AS all_definitions");
    return s.step() ? s.text(0) : "";
}

TEST(PostgresBulkLoad, AFirstLoadEndsWithTheSchemaItStartedWith) {
    const PostgresDatabase database;
    store::StoreOptions options;
    options.segment_minimum = 3;
    auto s = store::open_store(database.uri(), options);
    const std::string schema = schema_of(database.uri());
    ASSERT_NE(schema.find("members_by_personal_id"), std::string::npos) << schema;
    ASSERT_NE(schema.find("FOREIGN KEY"), std::string::npos) << schema;

    // Refused after the drop (an editor expected H3 at version 1): nothing stays, the schema is back.
    store::WriteCheck stale;
    stale.expected_versions["H3"] = 1;
    EXPECT_THROW((void)s->apply_households({household("H1", "M1"), household("H2", "M2"), household("H3", "M3")},
                                           {"alice", "load"}, stale),
                 Error);
    EXPECT_EQ(s->household_count(), 0);
    EXPECT_EQ(schema_of(database.uri()), schema);

    const auto summary = s->apply_households({household("H1", "M1"), household("H2", "M2"), household("H3", "M3")},
                                             {"alice", "load"});
    EXPECT_EQ(summary.created, 3);
    EXPECT_EQ(schema_of(database.uri()), schema);
    EXPECT_EQ(s->member_count(), 3);
    const auto loaded = s->load_household("H2", std::nullopt);
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->household, household("H2", "M2")) << "a tab and a backslash go through COPY as they are";
    {
        store::postgres::Connection db(database.uri(), 1000);
        store::postgres::Statement row(db,
                                       "SELECT h.head_name, m.full_name, m.household_id, h.version, h.change_set > 0 "
                                       "FROM households h JOIN members m USING (household_id) WHERE m.member_id = 'M2'");
        ASSERT_TRUE(row.step());
        EXPECT_EQ(row.text(0), "Lò Văn\tA\\B");
        EXPECT_EQ(row.text(1), "Lò Văn\tA\\B");
        EXPECT_EQ(row.text(2), "H2");
        EXPECT_EQ(row.integer(3), 1);
        EXPECT_EQ(row.text(4), "t");
    }

    // Not empty any more: row by row, a member moving between households included.
    auto moved = household("H1", "M2");
    const auto again = s->apply_households({moved, household("H2", "M9"), household("H5", "M5")}, {"alice", "edit"});
    EXPECT_EQ(again.updated, 2);
    EXPECT_EQ(again.created, 1);
    EXPECT_EQ(schema_of(database.uri()), schema);
    EXPECT_EQ(s->member_count(), 4);
}

// A first load prepares a piece while the previous one is written: in pieces of any size it stores
// what a load row by row stores, and a refusal found in a later piece leaves nothing.
TEST(PostgresBulkLoad, AFirstLoadInPiecesStoresWhatRowByRowStores) {
    SyntheticGenerator generator({{"16186", "rural", {0.1, 0.1, 0.5}}, {"14797", "urban", {0.02, 0.03, 0.1}}}, {});
    HouseholdBatch batch;
    for (std::size_t i = 0; i < 40; ++i) {
        Household h;
        generator.generate(i, h);
        batch.append(h);
    }
    auto stored = [&](std::size_t minimum, std::size_t piece) {
        const PostgresDatabase database;
        store::StoreOptions options;
        options.segment_minimum = minimum;
        auto s = store::open_store(database.uri(), options);
        EXPECT_EQ(s->apply_import(BatchPieces(batch, piece), {"alice", "load"}).created, 40);
        std::vector<Household> out;
        for (auto& h : s->load_households()) out.push_back(std::move(h.household));
        return out;
    };
    const auto row_by_row = stored(1000, kPieceHouseholds);
    ASSERT_EQ(row_by_row.size(), 40U);
    for (const std::size_t piece : {1U, 3U, 16U}) EXPECT_EQ(stored(1, piece), row_by_row) << "pieces of " << piece;

    const PostgresDatabase database;
    store::StoreOptions options;
    options.segment_minimum = 1;
    auto s = store::open_store(database.uri(), options);
    store::WriteCheck stale;
    stale.expected_versions[std::string(BatchPieces(batch).id(39))] = 2;
    EXPECT_THROW((void)s->apply_import(BatchPieces(batch, 3), {"alice", "load"}, stale), Error);
    EXPECT_EQ(s->household_count(), 0);
    EXPECT_EQ(s->member_count(), 0);
}

}  // namespace
}  // namespace giamngheo::test
