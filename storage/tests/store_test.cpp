// The store keeps its contract under failure: an import is all or nothing, even when the
// process is killed with SIGKILL in the middle of it.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <thread>
#include <unistd.h>

#include "storage/open_store.hpp"
#include "modules/registry/app/import_export.hpp"
#include "modules/registry/domain/synthetic.hpp"
#include "modules/registry/formats/interchange.hpp"
#include "platform/table.hpp"
#include "storage/store.hpp"
#include "testing/store_backends.hpp"
#include "testing/support.hpp"

namespace giamngheo::test {
namespace {

// The first column of `pragma`'s first row, on a connection of its own.
std::string pragma_of(const std::string& db, const char* pragma) {
    sqlite3* handle = nullptr;
    sqlite3_open(db.c_str(), &handle);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(handle, pragma, -1, &stmt, nullptr);
    std::string result = sqlite3_step(stmt) == SQLITE_ROW ? reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)) : "";
    sqlite3_finalize(stmt);
    sqlite3_close(handle);
    return result;
}

std::string integrity(const std::string& db) { return pragma_of(db, "PRAGMA integrity_check"); }

struct Registry {
    TempDir dir;
    std::string db = dir.path("store.db");
    Registry() {
        EXPECT_EQ(run_cli("--db '" + db + "' units import '" + kUnitsFixture + "'").status, 0);
    }
    std::string generate(long households, int seed) const {
        const std::string out = dir.path("gen-" + std::to_string(seed));
        const auto r = run_cli("generate --units '" + kUnitsFixture + "' --households " + std::to_string(households) +
                               " --seed " + std::to_string(seed) + " --out-dir '" + out + "'");
        EXPECT_EQ(r.status, 0) << r.err;
        return out;
    }
    CommandResult import(const std::string& dir_path, const std::string& env = "") const {
        return run_cli("--db '" + db + "' import --households '" + dir_path + "/households.csv' --members '" + dir_path +
                           "/members.csv'",
                       env);
    }
    long households() const { return store::open_store(db)->household_count(); }
    long members() const { return store::open_store(db)->member_count(); }
};

TEST(Store, KilledImportLeavesTheStoreAsItWas) {
    Registry registry;
    ASSERT_EQ(registry.import(registry.generate(2000, 1)).status, 0);
    const long households = registry.households(), members = registry.members();
    ASSERT_EQ(households, 2000);
    // SIGKILL after 30,000 of 60,000 households have been written inside the transaction.
    const auto killed = registry.import(registry.generate(60000, 2), "GIAMNGHEO_FAULT=import.household:30000");
    EXPECT_EQ(killed.status, 128 + SIGKILL);
    EXPECT_EQ(registry.households(), households);
    EXPECT_EQ(registry.members(), members);
    EXPECT_EQ(integrity(registry.db), "ok");
    // The same import then succeeds in full.
    EXPECT_EQ(registry.import(registry.dir.path("gen-2")).status, 0);
    EXPECT_EQ(registry.households(), 62000);
}

TEST(Store, ExternalKillDuringALargeImportLeavesTheStoreAsItWas) {
    Registry registry;
    const std::string data = registry.generate(150000, 3);
    // A bulk import writes its segments (about 8 MB compressed here) into new pages of the
    // database under a rollback journal, or into the write-ahead log when it cannot switch.
    const auto written = [&] {
        std::uintmax_t bytes = 0;
        for (const auto& file : {registry.db, registry.db + "-wal"})
            if (std::filesystem::exists(file)) bytes += std::filesystem::file_size(file);
        return bytes;
    };
    const auto before = written();
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        const std::string households = data + "/households.csv", members = data + "/members.csv";
        execl(kCli.c_str(), kCli.c_str(), "--db", registry.db.c_str(), "import", "--households", households.c_str(),
              "--members", members.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    // Wait until the import is writing (the database or its log has grown), then kill it.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline && written() < before + 256 * 1024)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the import finished before it could be killed";
    EXPECT_EQ(registry.households(), 0);
    EXPECT_EQ(registry.members(), 0);
    EXPECT_EQ(integrity(registry.db), "ok");
}

TEST(Store, ImportWithErrorsImportsNothingAndListsThemAll) {
    Registry registry;
    const std::string dir = registry.dir.path();
    write_text(dir + "/h.csv", "household_id,unit_code\nH1,16186\nH2,00000\nH3,16186\n");
    write_text(dir + "/m.csv", "household_id,member_id,birth_date\nH1,M1,1980-01-01\nH2,M2,1980-13-01\nH9,M3,1990\n");
    const auto r = run_cli("--db '" + registry.db + "' import --households '" + dir + "/h.csv' --members '" + dir + "/m.csv'");
    EXPECT_EQ(r.status, 3);
    EXPECT_NE(r.err.find("h.csv, dòng 3, cột unit_code"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("m.csv, dòng 3, cột birth_date"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("m.csv, dòng 4, cột household_id"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("h.csv, dòng 4, cột household_id"), std::string::npos) << r.err;  // H3 has no members
    EXPECT_NE(r.err.find("4 lỗi"), std::string::npos) << r.err;
    EXPECT_EQ(registry.households(), 0);
    // A dry run of fixed files reports success and still writes nothing.
    write_text(dir + "/h.csv", "household_id,unit_code\nH1,16186\n");
    write_text(dir + "/m.csv", "household_id,member_id,birth_date\nH1,M1,1980-01-01\n");
    const auto dry = run_cli("--db '" + registry.db + "' import --dry-run --households '" + dir + "/h.csv' --members '" +
                             dir + "/m.csv'");
    EXPECT_EQ(dry.status, 0) << dry.err;
    EXPECT_EQ(registry.households(), 0);
}

// Every registry test runs on every backend (testing/store_backends.hpp), each time on a fresh
// empty store.
class StoreContract : public ::testing::TestWithParam<Backend> {};
INSTANTIATE_TEST_SUITE_P(EveryBackend, StoreContract, kEveryBackend, backend_name);

TEST_P(StoreContract, EveryChangeIsAVersionWithItsAuthorAndSource) {
    const FreshStore fresh(GetParam());
    auto s = fresh.open();
    Household h;
    h.household_id = "H1";
    h.unit_code = "16186";
    Member m;
    m.member_id = "M1";
    m.birth_date = {1980, 1, 1};
    h.members = {m};
    EXPECT_EQ(s->apply_households({h}, {"alice", "a.csv"}).created, 1);
    EXPECT_EQ(s->apply_households({h}, {"bob", "b.csv"}).unchanged, 1);
    h.income_per_capita = 1400000;
    EXPECT_EQ(s->apply_households({h}, {"carol", "c.csv"}).updated, 1);
    const auto history = s->household_history("H1");
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0].user, "alice");
    EXPECT_EQ(history[1].user, "carol");
    EXPECT_EQ(history[1].source, "c.csv");
    EXPECT_EQ(s->load_household("H1", 1)->household.income_per_capita, std::nullopt);
    EXPECT_EQ(s->load_household("H1", std::nullopt)->household.income_per_capita, 1400000);
    // A member cannot silently move from another household.
    Household other = h;
    other.household_id = "H2";
    EXPECT_THROW(s->apply_households({other}, {"dave", "d.csv"}), std::runtime_error);
    EXPECT_EQ(s->household_count(), 1);
    // Removing keeps the history; importing again brings the household back.
    EXPECT_EQ(s->remove_households({"H1"}, {"erin", "moved"}), 1);
    EXPECT_EQ(s->household_count(), 0);
    EXPECT_EQ(s->apply_households({h}, {"frank", "f.csv"}).updated, 1);
    EXPECT_EQ(s->household_count(), 1);
}

std::vector<Household> synthetic(std::size_t count) {
    SyntheticGenerator generator({{"16186", "rural", {0.1, 0.1, 0.5}}, {"14797", "urban", {0.02, 0.03, 0.1}}}, {});
    std::vector<Household> out(count);
    for (std::size_t i = 0; i < count; ++i) generator.generate(i, out[i]);
    // An extra answer and an override, so that every column is carried through.
    out[3].extra = {{"photo_ref", "IMG_3"}};
    out[3].members[0].extra = {{"note", "ghi chú"}};
    out[4].deprived_override["water"] = true;
    return out;
}

// Every household of an image as one line of text (codes, strings and members), sorted, so
// that two images holding the same households compare equal whatever their order and tables.
std::vector<std::string> image_lines(const RegistryImage& g) {
    std::vector<std::string> lines;
    for (std::size_t i = 0; i < g.households(); ++i) {
        std::string line = g.household_ids[i] + "|" + g.units.at(g.unit[i]) + "|" + g.units.at(g.current_unit[i]) + "|" +
                           g.villages.at(g.village[i]);
        for (const auto value : {std::int64_t{g.area[i]}, g.income[i], std::int64_t{g.housing_type[i]},
                                 std::int64_t{g.water_source[i]}, std::int64_t{g.latrine[i]}, std::int64_t{g.waste_treatment[i]},
                                 g.housing_area_milli_m2[i], std::int64_t{g.info_assets[i]}, std::int64_t{g.loudspeaker[i]}})
            line += "|" + std::to_string(value);
        line += "|" + (std::isnan(g.score_a[i]) ? std::string("?") : std::to_string(g.score_a[i]));
        for (std::size_t key = 1; key < g.override_keys.size(); ++key) {
            const std::uint32_t bit = 1u << (key - 1);
            if (g.override_known[i] & bit) line += "|" + g.override_keys.at(static_cast<std::int32_t>(key)) + "=" +
                                                   ((g.override_value[i] & bit) ? "1" : "0");
        }
        for (auto j = g.member_begin[i]; j < g.member_begin[i + 1]; ++j) {
            line += "|m";
            for (const auto value : {std::int64_t{g.birth_year[j]}, std::int64_t{g.birth_month[j]}, std::int64_t{g.birth_day[j]},
                                     std::int64_t{g.sex[j]}, std::int64_t{g.relation[j]}, std::int64_t{g.disability[j]},
                                     std::int64_t{g.employment[j]}, std::int64_t{g.attending_level[j]},
                                     std::int64_t{g.completed_level[j]}, std::int64_t{g.flag_known[j]},
                                     std::int64_t{g.flag_value[j]}})
                line += "," + std::to_string(value);
            line += "," + g.ethnicities.at(g.ethnicity[j]);
        }
        lines.push_back(std::move(line));
    }
    std::sort(lines.begin(), lines.end());
    return lines;
}

// The store's image of the live registry holds exactly the active households it lists.
void expect_image_of_active_households(store::Store& s) {
    RegistryImage expected;
    std::map<std::string, std::int64_t> expected_versions, versions;
    for (const auto& stored : s.load_households()) {
        expected.append(stored.household);
        expected_versions[stored.household.household_id] = stored.version;
    }
    const store::StoredImage stored = s.load_registry_image();
    const RegistryImage& image = stored.image;
    ASSERT_EQ(stored.version.size(), image.households());
    for (std::size_t i = 0; i < image.households(); ++i) versions[image.household_ids[i]] = stored.version[i];
    EXPECT_EQ(versions, expected_versions);
    EXPECT_EQ(image.households(), expected.households());
    EXPECT_EQ(image.members(), expected.members());
    EXPECT_EQ(image_lines(image), image_lines(expected));
}

std::vector<Household> sorted_by_id(std::vector<Household> households) {
    std::sort(households.begin(), households.end(),
              [](const Household& a, const Household& b) { return a.household_id < b.household_id; });
    return households;
}

TEST_P(StoreContract, ABulkLoadReadsBackAsImportedAndTakesLaterChanges) {
    const FreshStore fresh(GetParam());
    auto s = fresh.open();
    const std::vector<Household> households = synthetic(41);
    long members = 0;
    for (const auto& h : households) members += static_cast<long>(h.members.size());
    EXPECT_EQ(s->apply_households(households, {"alice", "national.csv"}).created, 41);
    EXPECT_EQ(s->household_count(), 41);
    EXPECT_EQ(s->member_count(), members);
    std::vector<Household> loaded;
    for (auto& stored : s->load_households()) loaded.push_back(std::move(stored.household));
    EXPECT_EQ(loaded, sorted_by_id(households));
    EXPECT_EQ(s->load_household(households[7].household_id, std::nullopt)->household, households[7]);
    EXPECT_EQ(s->apply_households(households, {"bob", "again.csv"}).unchanged, 41);
    expect_image_of_active_households(*s);

    // An edit makes version 2; version 1 and its author stay.
    Household edited = households[7];
    edited.income_per_capita = 123;
    edited.members.pop_back();
    EXPECT_EQ(s->apply_households({edited}, {"carol", "edit"}).updated, 1);
    const auto history = s->household_history(edited.household_id);
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0].user, "alice");
    EXPECT_EQ(history[1].user, "carol");
    EXPECT_EQ(s->load_household(edited.household_id, 1)->household, households[7]);
    EXPECT_EQ(s->load_household(edited.household_id, std::nullopt)->household, edited);
    EXPECT_EQ(s->member_count(), members - 1);
    EXPECT_EQ(s->household_count(), 41);
    expect_image_of_active_households(*s);

    // The member dropped from household 7 may join another household; a member still in place may not.
    Household newcomer = households[0];
    newcomer.household_id = "NEW-1";
    newcomer.members = {households[7].members.back()};
    EXPECT_EQ(s->apply_households({newcomer}, {"dave", "move"}).created, 1);
    newcomer.household_id = "NEW-2";
    newcomer.members = {households[9].members.front()};
    EXPECT_THROW(s->apply_households({newcomer}, {"dave", "move"}), std::runtime_error);

    // Removal and return.
    EXPECT_EQ(s->remove_households({households[9].household_id, households[7].household_id}, {"erin", "moved"}), 2);
    EXPECT_EQ(s->household_count(), 40);
    EXPECT_FALSE(s->load_households().empty());
    for (const auto& stored : s->load_households()) EXPECT_NE(stored.household.household_id, households[9].household_id);
    expect_image_of_active_households(*s);
    EXPECT_EQ(s->apply_households({households[9]}, {"frank", "back"}).updated, 1);
    EXPECT_EQ(s->household_count(), 41);
    EXPECT_EQ(s->load_household(households[9].household_id, std::nullopt)->household, households[9]);
    expect_image_of_active_households(*s);
}


// A bulk load switches to a rollback journal only while it has the database to itself, and
// leaves it in write-ahead-log mode either way.
TEST(Store, ABulkLoadLeavesTheLogOnWhetherOrNotAnotherConnectionReads) {
    TempDir dir;
    store::StoreOptions options;
    options.segment_minimum = 1;
    const std::string db = dir.path("s.db");
    auto s = store::open_store(db, options);
    const std::vector<Household> households = synthetic(30);
    {
        sqlite3* reader = nullptr;
        ASSERT_EQ(sqlite3_open(db.c_str(), &reader), SQLITE_OK);
        ASSERT_EQ(sqlite3_exec(reader, "SELECT count(*) FROM units", nullptr, nullptr, nullptr), SQLITE_OK);
        const std::vector<Household> first(households.begin(), households.begin() + 10);
        EXPECT_EQ(s->apply_households(first, {"alice", "a.csv"}).created, 10);
        sqlite3_close(reader);
    }
    EXPECT_EQ(pragma_of(db, "PRAGMA journal_mode"), "wal");
    const std::vector<Household> rest(households.begin() + 10, households.end());
    EXPECT_EQ(s->apply_households(rest, {"alice", "b.csv"}).created, 20);
    EXPECT_EQ(pragma_of(db, "PRAGMA journal_mode"), "wal");
    EXPECT_EQ(s->household_count(), 30);
    EXPECT_EQ(integrity(db), "ok");
}

// A person moves from one household to another in one import, whichever of the two is written
// first (they are written in id order).
TEST_P(StoreContract, AMemberMovesBetweenTwoHouseholdsOfOneImport) {
    for (const auto& [giver_id, receiver_id] : {std::pair{"A", "B"}, std::pair{"B", "A"}}) {
        const FreshStore fresh(GetParam());
        auto s = fresh.open();
        auto household = [](const char* id, std::vector<const char*> members) {
            Household h;
            h.household_id = id;
            h.unit_code = "16186";
            for (const char* member_id : members) {
                Member m;
                m.member_id = member_id;
                m.birth_date = {1980, 1, 1};
                h.members.push_back(m);
            }
            return h;
        };
        s->apply_households({household(giver_id, {"M1", "M2"}), household(receiver_id, {"M3"})}, {"alice", "a.csv"});
        const auto summary =
            s->apply_households({household(giver_id, {"M1"}), household(receiver_id, {"M3", "M2"})}, {"bob", "b.csv"});
        EXPECT_EQ(summary.updated, 2) << "giver " << giver_id;
        EXPECT_EQ(s->load_household(giver_id, std::nullopt)->household, household(giver_id, {"M1"}));
        EXPECT_EQ(s->load_household(receiver_id, std::nullopt)->household, household(receiver_id, {"M3", "M2"}));
        EXPECT_EQ(s->member_count(), 3);
        // M2 now belongs to the receiver: a third household may not take them unannounced.
        EXPECT_THROW(s->apply_households({household("C", {"M2"})}, {"carol", "c.csv"}), std::runtime_error);
    }
}

// The store takes an import a piece at a time, whatever the pieces' size against its
// segments' and whether the registry has seen some of the households: what it stores is what
// the same households given whole store.
TEST_P(StoreContract, PiecesOfAnySizeStoreWhatTheWholeImportStores) {
    const std::vector<Household> households = synthetic(60);
    auto batch_of = [](std::vector<Household> list) {
        HouseholdBatch batch;
        for (const auto& h : list) batch.append(h);
        return batch;
    };
    const HouseholdBatch first = batch_of({households.begin(), households.begin() + 40});
    std::vector<Household> later(households.begin() + 25, households.end());  // 15 seen, 20 new
    later[0].income_per_capita = 7;
    later[3].members.pop_back();
    const HouseholdBatch second = batch_of(later);
    struct Outcome {
        long created_first, created, updated, unchanged;
        std::vector<Household> stored;
        bool operator==(const Outcome&) const = default;
    };
    auto outcome = [&](std::size_t piece) {
        const FreshStore fresh(GetParam());
        auto s = fresh.open();
        Outcome out{};
        out.created_first = s->apply_import(BatchPieces(first, piece), {"alice", "first.csv"}).created;
        const auto summary = s->apply_import(BatchPieces(second, piece), {"bob", "second.csv"});
        out.created = summary.created;
        out.updated = summary.updated;
        out.unchanged = summary.unchanged;
        for (auto& stored : s->load_households()) out.stored.push_back(std::move(stored.household));
        expect_image_of_active_households(*s);
        return out;
    };
    const Outcome whole = outcome(kPieceHouseholds);
    EXPECT_EQ(whole.created_first, 40);
    EXPECT_EQ(whole.created, 20);
    EXPECT_EQ(whole.updated, 2);
    EXPECT_EQ(whole.unchanged, 13);
    EXPECT_EQ(whole.stored.size(), 60u);
    for (const std::size_t piece : {1u, 3u, 16u}) EXPECT_TRUE(outcome(piece) == whole) << "pieces of " << piece;
}

// The export streams the registry a household at a time; what it writes is the interchange
// tables of the same households, and it reads back as them.
TEST_P(StoreContract, ExportWritesTheRegistryAsTheInterchangeTablesAndReadsBack) {
    const FreshStore fresh(GetParam());
    auto s = fresh.open();
    TempDir dir;
    std::vector<Household> households = synthetic(41);
    households[5].current_unit_code = "14797";
    households[6].members[0].extra = {{"zalo", "0912"}};
    s->apply_households(households, {"alice", "national.csv"});
    Household edited = households[8];
    edited.extra = {{"photo_ref", "IMG_8"}};
    s->apply_households({edited}, {"bob", "edit"});

    app::export_households(*s, dir.path("h.csv"), dir.path("m.csv"));
    std::vector<Household> expected;
    for (auto& stored : s->load_households()) expected.push_back(std::move(stored.household));
    EXPECT_EQ(io::read_file(dir.path("h.csv")), io::to_csv(io::households_table(expected)));
    EXPECT_EQ(io::read_file(dir.path("m.csv")), io::to_csv(io::members_table(expected)));
    EXPECT_FALSE(std::filesystem::exists(dir.path("h.csv.tmp")));

    const io::InterchangeRules rules{[](const std::string&) { return true; }, {"water"}, Date{2026, 11, 23}};
    const auto parsed = io::parse_interchange(io::read_table(dir.path("h.csv")), io::read_table(dir.path("m.csv")), rules);
    ASSERT_TRUE(parsed.ok()) << io::format_problem(parsed.problems.front());
    EXPECT_EQ(parsed.households(), expected);
}
}  // namespace
}  // namespace giamngheo::test
