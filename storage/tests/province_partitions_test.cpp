// Households partitioned by province in PostgreSQL (storage/postgres/province_partitions.hpp): a
// household's row, versions, members and results sit in its province's partitions and move with it, a
// catalogue imported later places households written before it, a province's partitions can be
// detached and attached again on their own, ids stay unique across provinces, and a store written
// before partitioning keeps every household through the migration.
#include <gtest/gtest.h>

#include "kernel/errors.hpp"
#include "storage/open_store.hpp"
#include "storage/postgres/connection.hpp"
#include "testing/postgres_support.hpp"

namespace giamngheo::test {
namespace {

UnitVersion unit(const std::string& code, UnitLevel level, const std::string& parent) {
    UnitVersion u;
    u.code = code;
    u.level = level;
    u.parent_code = parent;
    u.type = level == UnitLevel::province ? "Tỉnh" : "Xã";
    u.name = code;
    u.full_name = u.type + " " + code;
    return u;
}

// Provinces 01 (communes 00004, 00007) and 08 (commune 00010), or 00010 in 01 when `merged`.
std::vector<UnitVersion> catalogue(bool merged = false) {
    return {unit("01", UnitLevel::province, ""), unit("08", UnitLevel::province, ""),
            unit("00004", UnitLevel::commune, "01"), unit("00007", UnitLevel::commune, "01"),
            unit("00010", UnitLevel::commune, merged ? "01" : "08")};
}

Household household(const std::string& id, const std::string& commune, const std::string& member) {
    Household h;
    h.household_id = id;
    h.unit_code = commune;
    h.head_name = "Chủ hộ " + id;
    Member m;
    m.member_id = member;
    m.full_name = h.head_name;
    m.relation = "head";
    m.birth_date = {1980, 1, 1};
    h.members = {m};
    return h;
}

class Partitions {
  public:
    explicit Partitions(const std::string& uri) : db_(uri, 1000) {}
    // The partitions holding household `id`'s row, versions and members, "|"-separated.
    std::string of(const std::string& id) {
        store::postgres::Statement s(
            db_,
            "SELECT (SELECT string_agg(DISTINCT tableoid::regclass::text, ',') FROM households WHERE household_id = $1) "
            "|| '|' || (SELECT string_agg(DISTINCT tableoid::regclass::text, ',') FROM household_versions "
            "WHERE household_id = $1) || '|' || (SELECT string_agg(DISTINCT tableoid::regclass::text, ',') "
            "FROM members WHERE household_id = $1)");
        s.bind(1, id);
        return s.step() ? s.text(0) : "";
    }
    // The partition of household `id`'s results.
    std::string of_results(const std::string& id) {
        store::postgres::Statement s(
            db_, "SELECT string_agg(DISTINCT tableoid::regclass::text, ',') FROM round_results WHERE household_id = $1");
        s.bind(1, id);
        return s.step() ? s.text(0) : "";
    }
    void exec(const std::string& sql) { db_.exec(sql); }

  private:
    store::postgres::Connection db_;
};

const store::Actor kAlice{"alice", "test"};

// A round with a result for each of `households` as they are stored.
void save_round(store::Store& s, const std::vector<std::string>& households) {
    store::RoundRecord round;
    round.year = 2026;
    round.kind = "periodic";
    round.reference_date = {2026, 11, 1};
    round.standard_id = "vn-2022";
    std::vector<store::ResultRow> results;
    for (const auto& id : households) {
        const auto stored = s.load_household(id, std::nullopt);
        store::ResultRow row;
        row.household_id = id;
        row.household_version = stored->version;
        row.unit_code = row.current_unit_code = stored->household.unit_code;
        row.household_class = "poor";
        results.push_back(row);
    }
    (void)s.save_round(round, results, kAlice);
}

TEST(ProvincePartitions, AHouseholdsRowsSitInItsProvinceAndMoveWithIt) {
    const PostgresDatabase database;
    auto s = store::open_store(database.uri());
    s->replace_units(catalogue(), {}, kAlice);
    s->apply_households({household("H1", "00004", "M1"), household("H2", "00010", "M2"),
                         household("H4", "00007", "M4"), household("H9", "99999", "M9")},
                        kAlice);
    Partitions partitions(database.uri());
    EXPECT_EQ(partitions.of("H1"), "households_p01|household_versions_p01|members_p01");
    EXPECT_EQ(partitions.of("H2"), "households_p08|household_versions_p08|members_p08");
    EXPECT_EQ(partitions.of("H9"), "households_unplaced|household_versions_unplaced|members_unplaced")
        << "a commune the catalogue does not know";
    save_round(*s, {"H1", "H2", "H4", "H9"});
    EXPECT_EQ(partitions.of_results("H1"), "round_results_p01");
    EXPECT_EQ(partitions.of_results("H9"), "round_results_unplaced");
    const auto shares = store::province_shares(database.uri());
    ASSERT_EQ(shares.size(), 3U);
    EXPECT_EQ(shares[0].province_code, "") << "the unplaced first";
    EXPECT_EQ(shares[1].province_code, "01");
    EXPECT_EQ(shares[1].province_name, "01");
    EXPECT_EQ(shares[1].households, 2);
    EXPECT_EQ(shares[1].members, 2);
    EXPECT_EQ(shares[1].results, 2);
    EXPECT_GT(shares[1].bytes, 0);
    EXPECT_EQ(shares[2].households, 1);

    // H1 moves to a commune of province 08: both its versions and its member go with it.
    auto moved = household("H1", "00010", "M1");
    moved.village = "Bản Mới";
    EXPECT_EQ(s->apply_households({moved}, kAlice).updated, 1);
    EXPECT_EQ(partitions.of("H1"), "households_p08|household_versions_p08|members_p08");
    EXPECT_EQ(partitions.of_results("H1"), "round_results_p08");
    ASSERT_TRUE(s->load_household("H1", 1));
    EXPECT_EQ(s->load_household("H1", std::nullopt)->household, moved);
    EXPECT_EQ(s->household_history("H1").size(), 2U);

    // Province 01 on its own: detached, the registry is the other provinces'; attached, it is back.
    partitions.exec(
        "ALTER TABLE members DETACH PARTITION members_p01; ALTER TABLE household_versions DETACH PARTITION "
        "household_versions_p01; ALTER TABLE households DETACH PARTITION households_p01; "
        "ALTER TABLE round_results DETACH PARTITION round_results_p01");
    EXPECT_EQ(s->household_count(), 3);
    EXPECT_EQ(s->round_results(1).size(), 3U) << "H4's result left with its province";
    EXPECT_FALSE(s->load_household("H4", std::nullopt));
    EXPECT_TRUE(s->load_household("H2", std::nullopt));
    partitions.exec(
        "ALTER TABLE households ATTACH PARTITION households_p01 FOR VALUES IN ('01'); ALTER TABLE household_versions "
        "ATTACH PARTITION household_versions_p01 FOR VALUES IN ('01'); ALTER TABLE members ATTACH PARTITION "
        "members_p01 FOR VALUES IN ('01'); ALTER TABLE round_results ATTACH PARTITION round_results_p01 "
        "FOR VALUES IN ('01')");
    EXPECT_EQ(s->household_count(), 4);
    EXPECT_EQ(s->round_results(1).size(), 4U);
    EXPECT_EQ(s->load_household("H4", std::nullopt)->household, household("H4", "00007", "M4"));
}

TEST(ProvincePartitions, ACatalogueImportedLaterPlacesTheHouseholdsWrittenBefore) {
    const PostgresDatabase database;
    auto s = store::open_store(database.uri());
    s->apply_households({household("H1", "00004", "M1"), household("H2", "00010", "M2")}, kAlice);
    Partitions partitions(database.uri());
    EXPECT_EQ(partitions.of("H2"), "households_unplaced|household_versions_unplaced|members_unplaced");
    save_round(*s, {"H1", "H2"});
    EXPECT_EQ(partitions.of_results("H2"), "round_results_unplaced");

    s->replace_units(catalogue(), {}, kAlice);
    EXPECT_EQ(partitions.of_results("H2"), "round_results_p08");
    EXPECT_EQ(partitions.of("H1"), "households_p01|household_versions_p01|members_p01");
    EXPECT_EQ(partitions.of("H2"), "households_p08|household_versions_p08|members_p08");

    // Commune 00010 goes into province 01 (a merger): its household follows.
    s->replace_units(catalogue(true), {}, kAlice);
    EXPECT_EQ(partitions.of("H2"), "households_p01|household_versions_p01|members_p01");
    EXPECT_EQ(partitions.of_results("H2"), "round_results_p01");
    EXPECT_EQ(s->load_household("H2", std::nullopt)->household, household("H2", "00010", "M2"));
    EXPECT_EQ(s->member_count(), 2);
}

TEST(ProvincePartitions, IdsStayUniqueAcrossProvinces) {
    const PostgresDatabase database;
    auto s = store::open_store(database.uri());
    s->replace_units(catalogue(), {}, kAlice);
    s->apply_households({household("H1", "00004", "M1")}, kAlice);
    try {
        (void)s->apply_households({household("H2", "00010", "M1")}, kAlice);
        FAIL() << "a member of a household of province 01 taken by one of province 08";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::conflict);
        EXPECT_NE(std::string(e.what()).find("H1"), std::string::npos) << e.what();
    }
    // The same id in another province is the same household, updated and moved, not a second one.
    EXPECT_EQ(s->apply_households({household("H1", "00010", "M1")}, kAlice).updated, 1);
    EXPECT_EQ(s->household_count(), 1);
    EXPECT_EQ(s->member_count(), 1);
}

// The household tables as migration 1 made them, with a household in them: a store of before
// migration 9 (and so of before every later one).
void unpartition(const std::string& uri) {
    store::postgres::Connection db(uri, 1000);
    db.exec(R"SQL(
CREATE TEMPORARY TABLE h AS SELECT household_id, unit_code, village, head_name, version, change_set,
    removed_change_set FROM households;
CREATE TEMPORARY TABLE v AS SELECT household_id, version, change_set, document FROM household_versions;
CREATE TEMPORARY TABLE m AS SELECT member_id, household_id, full_name, personal_id FROM members;
CREATE TEMPORARY TABLE r AS SELECT round_id, household_id, household_version, unit_code, current_unit_code, village,
    area, class, income_test, deprivation_count, score_b, indicators, flags, transition, recently_escaped, members
    FROM round_results;
DROP TABLE members, household_versions, households, unit_provinces, round_results;
CREATE TABLE households (household_id TEXT COLLATE "C" PRIMARY KEY, unit_code TEXT NOT NULL, village TEXT NOT NULL,
    head_name TEXT NOT NULL, version INTEGER NOT NULL, change_set BIGINT NOT NULL REFERENCES change_sets (id),
    removed_change_set BIGINT REFERENCES change_sets (id));
CREATE TABLE household_versions (household_id TEXT COLLATE "C" NOT NULL REFERENCES households (household_id),
    version INTEGER NOT NULL, change_set BIGINT NOT NULL REFERENCES change_sets (id), document TEXT NOT NULL,
    PRIMARY KEY (household_id, version));
CREATE TABLE members (member_id TEXT PRIMARY KEY, household_id TEXT COLLATE "C" NOT NULL REFERENCES households
    (household_id), full_name TEXT NOT NULL, personal_id TEXT NOT NULL);
INSERT INTO households SELECT * FROM h;
INSERT INTO household_versions SELECT * FROM v;
CREATE TABLE round_results (round_id BIGINT NOT NULL REFERENCES rounds (id), household_id TEXT COLLATE "C" NOT NULL,
    household_version INTEGER NOT NULL, unit_code TEXT NOT NULL, current_unit_code TEXT NOT NULL, village TEXT NOT NULL,
    area TEXT NOT NULL, class TEXT NOT NULL, income_test TEXT NOT NULL, deprivation_count INTEGER NOT NULL,
    score_b INTEGER NOT NULL, indicators TEXT NOT NULL, flags INTEGER NOT NULL, transition TEXT NOT NULL,
    recently_escaped INTEGER NOT NULL, members INTEGER NOT NULL, PRIMARY KEY (round_id, household_id));
INSERT INTO members SELECT * FROM m;
INSERT INTO round_results SELECT * FROM r;
DROP TABLE extract_of;
DELETE FROM schema_migrations WHERE version >= 9;
)SQL");
}

TEST(ProvincePartitions, AStoreWrittenBeforePartitioningKeepsEveryHousehold) {
    const PostgresDatabase database;
    {
        auto s = store::open_store(database.uri());
        s->replace_units(catalogue(), {}, kAlice);
        s->apply_households({household("H1", "00004", "M1"), household("H2", "00010", "M2")}, kAlice);
        s->apply_households({household("H2", "00007", "M2")}, kAlice);
        save_round(*s, {"H1", "H2"});
    }
    unpartition(database.uri());
    auto s = store::open_store(database.uri());
    Partitions partitions(database.uri());
    EXPECT_EQ(partitions.of("H1"), "households_p01|household_versions_p01|members_p01");
    EXPECT_EQ(partitions.of("H2"), "households_p01|household_versions_p01|members_p01");
    EXPECT_EQ(partitions.of_results("H2"), "round_results_p01");
    EXPECT_EQ(s->round_results(1).size(), 2U);
    EXPECT_EQ(s->household_count(), 2);
    EXPECT_EQ(s->household_history("H2").size(), 2U);
    EXPECT_EQ(s->load_household("H2", 1)->household, household("H2", "00010", "M2"));
}

}  // namespace
}  // namespace giamngheo::test
