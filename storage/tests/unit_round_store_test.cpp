// The contracts of UnitStore and RoundStore, and of registry_generation() and the typed errors of
// RegistryStore, on every backend.
#include <gtest/gtest.h>

#include "kernel/errors.hpp"
#include "testing/store_backends.hpp"

namespace giamngheo::test {
namespace {

class UnitRoundContract : public ::testing::TestWithParam<Backend> {};
INSTANTIATE_TEST_SUITE_P(EveryBackend, UnitRoundContract, kEveryBackend, backend_name);

UnitVersion unit(const std::string& code, UnitLevel level, const std::string& parent, const std::string& name,
                 UnitMap map) {
    UnitVersion u;
    u.code = code;
    u.level = level;
    u.parent_code = parent;
    u.type = level == UnitLevel::province ? "Tỉnh" : "Xã";
    u.name = name;
    u.full_name = u.type + " " + name;
    u.map = map;
    if (map == UnitMap::map2024)
        u.valid_to = Date{2025, 6, 30};
    else
        u.valid_from = Date{2025, 7, 1};
    return u;
}

std::vector<UnitVersion> catalogue(const std::string& commune_name) {
    return {unit("01", UnitLevel::province, "", "Hà Giang", UnitMap::map2024),
            unit("00001", UnitLevel::commune, "01", commune_name, UnitMap::map2024),
            unit("01", UnitLevel::province, "", "Tuyên Quang", UnitMap::map2025),
            unit("00002", UnitLevel::commune, "01", commune_name + " Mới", UnitMap::map2025)};
}

Household household(const std::string& id, const std::string& member) {
    Household h;
    h.household_id = id;
    h.unit_code = "00002";
    Member m;
    m.member_id = member;
    m.birth_date = {1980, 1, 1};
    h.members = {m};
    return h;
}

TEST_P(UnitRoundContract, UnitsAreReplacedWholeAndVillagesListedOnce) {
    const FreshStore fresh(GetParam());
    auto s = fresh.open();
    s->replace_units(catalogue("Lũng Cú"), {{"commune", "00001", "00002", true}}, {"alice", "units"});
    const UnitCatalogue first = s->load_units();
    ASSERT_NE(first.find("00001", UnitMap::map2024), nullptr);
    EXPECT_EQ(first.find("00001", UnitMap::map2024)->full_name, "Xã Lũng Cú");
    EXPECT_EQ(first.find("00001", UnitMap::map2024)->valid_to, (Date{2025, 6, 30}));
    EXPECT_EQ(first.find("00002", UnitMap::map2025)->valid_from, (Date{2025, 7, 1}));
    EXPECT_EQ(first.find("00002", UnitMap::map2025)->valid_to, std::nullopt);
    ASSERT_EQ(first.lineage().size(), 1u);
    EXPECT_TRUE(first.lineage()[0].full);

    s->replace_units({catalogue("Đồng Văn")[2], catalogue("Đồng Văn")[3]}, {}, {"bob", "units"});
    const UnitCatalogue second = s->load_units();
    EXPECT_EQ(second.find("00001", UnitMap::map2024), nullptr);
    EXPECT_EQ(second.find("00002", UnitMap::map2025)->name, "Đồng Văn Mới");
    EXPECT_TRUE(second.lineage().empty());

    s->add_village("00002", "Thôn Sủng Là", {"carol", "web"});
    s->add_village("00002", "Bản Á", {"carol", "web"});
    s->add_village("00002", "Thôn Sủng Là", {"carol", "web"});
    EXPECT_EQ(s->villages("00002"), (std::vector<std::string>{"Bản Á", "Thôn Sủng Là"}));
    EXPECT_TRUE(s->villages("00001").empty());
}

TEST_P(UnitRoundContract, ARoundKeepsItsResultsItsStatusAndItsCatalogue) {
    const FreshStore fresh(GetParam());
    auto s = fresh.open();
    s->replace_units(catalogue("Lũng Cú"), {}, {"alice", "units"});
    s->apply_households({household("H2", "M2"), household("H1", "M1")}, {"alice", "h.csv"});

    store::RoundRecord round;
    round.year = 2025;
    round.scope = "01";
    round.reference_date = {2025, 11, 1};
    round.standard_id = "vn-2022";
    round.standard_document = R"({"id":"vn-2022"})";
    store::ResultRow result;
    result.household_version = 1;
    result.unit_code = "00002";
    result.current_unit_code = "00002";
    result.village = "Thôn 1";
    result.area = "rural";
    result.household_class = "poor";
    result.income_test = "income";
    result.deprivation_count = 3;
    result.score_b = 40;
    result.indicators = "10?1";
    result.flags = 5;
    result.transition = "new_poor";
    result.recently_escaped = true;
    result.members = 1;
    std::vector<store::ResultRow> results(2, result);
    results[0].household_id = "H2";
    results[1].household_id = "H1";
    results[1].household_class = "near_poor";
    results[1].recently_escaped = false;
    const std::int64_t id = s->save_round(round, results, {"alice", "review run"});

    const auto stored = s->round(id);
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->status, store::RoundStatus::draft);
    EXPECT_EQ(stored->reference_date, (Date{2025, 11, 1}));
    EXPECT_EQ(stored->standard_document, round.standard_document);
    EXPECT_EQ(stored->scope, "01");
    EXPECT_GT(stored->registry_change_set, 0);
    EXPECT_FALSE(stored->created_at.empty());
    EXPECT_EQ(s->rounds().size(), 1u);
    EXPECT_FALSE(s->round(id + 1).has_value());

    const auto read = s->round_results(id);
    ASSERT_EQ(read.size(), 2u);
    EXPECT_EQ(read[0].household_id, "H1");
    EXPECT_EQ(read[0].household_class, "near_poor");
    EXPECT_EQ(read[1].household_id, "H2");
    EXPECT_EQ(read[1].indicators, "10?1");
    EXPECT_EQ(read[1].flags, 5);
    EXPECT_TRUE(read[1].recently_escaped);
    EXPECT_EQ(read[1].transition, "new_poor");
    const auto one = s->round_result(id, "H2");
    ASSERT_TRUE(one.has_value());
    EXPECT_EQ(one->indicators, "10?1");
    EXPECT_EQ(one->members, read[1].members);
    EXPECT_FALSE(s->round_result(id, "H9").has_value());
    EXPECT_FALSE(s->round_result(id + 1, "H2").has_value());

    // A draft's results are replaced household by household, all or nothing.
    store::ResultRow again = read[0];
    again.household_class = "poor";
    again.household_version = 2;
    store::ResultRow stranger = read[1];
    stranger.household_id = "H9";
    EXPECT_EQ(kind_of([&] { s->replace_results(id, {again, stranger}, {"bob", "survey"}); }), ErrorKind::not_found);
    EXPECT_EQ(s->round_results(id)[0].household_class, "near_poor") << "nothing written";
    EXPECT_EQ(kind_of([&] { s->replace_results(id + 1, {again}, {"bob", "survey"}); }), ErrorKind::not_found);
    s->replace_results(id, {again}, {"bob", "survey"});
    EXPECT_EQ(s->round_results(id)[0].household_class, "poor");
    EXPECT_EQ(s->round_results(id)[0].household_version, 2);
    EXPECT_EQ(s->round_results(id)[1].indicators, "10?1") << "the other household untouched";

    EXPECT_TRUE(s->approved_results_before({2026, 1, 1}).empty());
    s->approve_round(id, {2025, 12, 15}, {"bob", "decision"});
    EXPECT_EQ(kind_of([&] { s->replace_results(id, {again}, {"bob", "survey"}); }), ErrorKind::conflict)
        << "an approved round's results are the decision's";
    ASSERT_EQ(s->household_results_before("H2", {2026, 1, 1}).size(), 1u);
    EXPECT_EQ(s->household_results_before("H2", {2026, 1, 1})[0].household_id, "H2");
    EXPECT_TRUE(s->household_results_before("H2", {2025, 11, 1}).empty());
    EXPECT_EQ(s->round(id)->status, store::RoundStatus::approved);
    EXPECT_EQ(s->round(id)->decision_date, (Date{2025, 12, 15}));
    EXPECT_EQ(kind_of([&] { s->approve_round(id, {2025, 12, 16}, {"bob", "again"}); }), ErrorKind::conflict);
    const auto past = s->approved_results_before({2026, 1, 1});
    ASSERT_EQ(past.size(), 2u);
    EXPECT_EQ(past[0].round_id, id);
    EXPECT_TRUE(s->approved_results_before({2025, 11, 1}).empty());

    // A new catalogue leaves the round placed with the one it was run with.
    s->replace_units({catalogue("Đồng Văn")[2], catalogue("Đồng Văn")[3]}, {}, {"carol", "units"});
    EXPECT_EQ(s->units_of_round(id).find("00002", UnitMap::map2025)->name, "Lũng Cú Mới");
    EXPECT_NE(s->units_of_round(id).find("00001", UnitMap::map2024), nullptr);
    EXPECT_EQ(s->load_units().find("00002", UnitMap::map2025)->name, "Đồng Văn Mới");
    EXPECT_EQ(kind_of([&] { (void)s->units_of_round(id + 1); }), ErrorKind::not_found);
}

TEST_P(UnitRoundContract, TheRegistryGenerationGrowsWithEveryChangeAndOnlyThen) {
    const FreshStore fresh(GetParam());
    auto s = fresh.open();
    auto other = fresh.open();  // another connection sees the same generation
    std::int64_t last = s->registry_generation();
    auto grew = [&] {
        const std::int64_t now = other->registry_generation();
        const bool up = now > last;
        last = now;
        return up;
    };
    s->replace_units(catalogue("Lũng Cú"), {}, {"alice", "units"});
    EXPECT_TRUE(grew());
    s->apply_households({household("H1", "M1")}, {"alice", "h.csv"});
    EXPECT_TRUE(grew());
    s->apply_households({household("H1", "M1")}, {"alice", "h.csv"});
    EXPECT_FALSE(grew()) << "an import that changes nothing";
    store::WriteCheck dry;
    dry.dry_run = true;
    s->apply_households({household("H2", "M2")}, {"alice", "h.csv"}, dry);
    EXPECT_FALSE(grew()) << "a dry run";
    s->add_village("00002", "Thôn 1", {"bob", "web"});
    EXPECT_TRUE(grew());
    Household edited = household("H1", "M1");
    edited.income_per_capita = 900000;
    s->apply_households({edited}, {"bob", "edit"});
    EXPECT_TRUE(grew());
    EXPECT_EQ(s->remove_households({"H1"}, {"bob", "moved"}), 1);
    EXPECT_TRUE(grew());
}

TEST_P(UnitRoundContract, RegistryWritesFailWithTheirKindAndWriteNothing) {
    const FreshStore fresh(GetParam());
    auto s = fresh.open();
    s->apply_households({household("H1", "M1")}, {"alice", "h.csv"});
    // Another household claiming M1: conflict.
    EXPECT_EQ(kind_of([&] {
                  s->apply_households({household("H2", "M1")}, {"bob", "h.csv"});
              }),
              ErrorKind::conflict);
    // An editor who read version 2 of a household stored at version 1: stale.
    store::WriteCheck check;
    check.expected_versions["H1"] = 2;
    Household edited = household("H1", "M1");
    edited.income_per_capita = 1;
    EXPECT_EQ(kind_of([&] {
                  s->apply_households({edited}, {"bob", "edit"}, check);
              }),
              ErrorKind::stale_version);
    // A household refused by the caller's rule: nothing of the write is stored.
    store::WriteCheck refuse;
    refuse.existing = [](const Household&, const Household&) { return std::string("đã khóa"); };
    const auto summary = s->apply_households({edited, household("H3", "M3")}, {"bob", "edit"}, refuse);
    ASSERT_EQ(summary.refused.size(), 1u);
    EXPECT_EQ(summary.refused[0].household_id, "H1");
    EXPECT_EQ(summary.change_set, 0);
    EXPECT_EQ(s->household_count(), 1);
    EXPECT_EQ(s->load_household("H1", std::nullopt)->version, 1);
    EXPECT_EQ(s->member_count(), 1);
}

}  // namespace
}  // namespace giamngheo::test
