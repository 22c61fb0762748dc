// The follow-up use cases on a store of every engine with rounds made for the purpose, against the
// fixed clock of the tests (23/11/2026): who may record a visit and what a visit may say, and the
// list — the latest approved periodic round's recently escaped households, relapse found by a later
// approved round (a regular review), the window, drafts ignored, last visit and days since.
#include <gtest/gtest.h>

#include <map>
#include <tuple>

#include "kernel/errors.hpp"
#include "modules/demo/demo.hpp"
#include "modules/followup/app/follow_up.hpp"
#include "testing/store_backends.hpp"
#include "testing/support.hpp"

namespace giamngheo::test {
namespace {

class FollowUpUseCases : public ::testing::TestWithParam<Backend> {
  protected:
    void SetUp() override {
        registry = store::open_store(fresh.location());
        app::fill_demo(*registry, env, kUnitsFixture, 40, 7);
        visits = store::open_follow_up_store(fresh.location());
        for (const auto& h : registry->load_households()) ids.push_back(h.household.household_id);
        ASSERT_GE(ids.size(), 6u);
    }

    // A round of `kind` on `reference`, approved on `decision` unless it is nullopt, with one row per
    // (household, class, recently escaped).
    std::int64_t round(const std::string& kind, Date reference, std::optional<Date> decision,
                       const std::vector<std::tuple<std::string, std::string, bool>>& rows) {
        store::RoundRecord r;
        r.year = reference.year;
        r.kind = kind;
        r.reference_date = reference;
        r.standard_id = "vn-2022";
        r.standard_document = env.standard_document("vn-2022");
        std::vector<store::ResultRow> results;
        for (const auto& [id, household_class, escaped] : rows) {
            store::ResultRow row;
            row.household_id = id;
            row.unit_code = "16204";
            row.village = "Thôn Quyết Tiến";
            row.household_class = household_class;
            row.recently_escaped = escaped;
            row.indicators = "0000000000000000";
            results.push_back(row);
        }
        const auto id = registry->save_round(r, results, actor);
        if (decision) registry->approve_round(id, *decision, actor);
        return id;
    }

    app::RoundSource everything() {
        app::RoundSource s;
        s.covers = [](const std::string&) { return true; };
        s.overlaps = [](const std::string&) { return true; };
        s.rows = [this](const store::RoundRecord& r, const std::function<void(const store::ResultRow&)>& visit) {
            registry->for_each_round_result(r.id, visit);
        };
        return s;
    }

    followup::Visit visit(const std::string& household, Date date, const std::string& situation) {
        followup::Visit v;
        v.household_id = household;
        v.date = date;
        v.situation = situation;
        v.note = "Gia đình đã có thu nhập từ chăn nuôi";
        return v;
    }

    const app::Environment env = test_environment();
    const FreshStore fresh{GetParam()};
    std::unique_ptr<store::Store> registry;
    std::unique_ptr<store::FollowUpStore> visits;
    std::vector<std::string> ids;
    const store::Actor actor{"xa.hoaquy", "test"};
    const app::HouseholdWithin anywhere = [](const UnitRef&) { return true; };
};
INSTANTIATE_TEST_SUITE_P(EveryEngine, FollowUpUseCases, kEveryEngine, backend_name);

ErrorKind kind_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.kind();
    }
    return ErrorKind::fault;
}

TEST_P(FollowUpUseCases, AVisitIsCheckedScopedAndAudited) {
    app::FollowUpDeps deps{*registry, *visits, env.today};
    const app::HouseholdWithin elsewhere = [](const UnitRef&) { return false; };
    EXPECT_EQ(kind_of([&] { (void)app::record_visit(deps, visit(ids[0], {2026, 11, 20}, "stable"), elsewhere, actor); }),
              ErrorKind::forbidden);
    EXPECT_EQ(kind_of([&] { (void)app::household_visits(deps, ids[0], elsewhere); }), ErrorKind::forbidden);
    EXPECT_EQ(kind_of([&] { (void)app::record_visit(deps, visit(ids[0], {2026, 11, 24}, "stable"), anywhere, actor); }),
              ErrorKind::invalid_input)
        << "tomorrow";
    EXPECT_EQ(kind_of([&] { (void)app::record_visit(deps, visit(ids[0], {2026, 11, 20}, "better"), anywhere, actor); }),
              ErrorKind::invalid_input);
    EXPECT_EQ(kind_of([&] { (void)app::record_visit(deps, visit("KHONG-CO", {2026, 11, 20}, "stable"), anywhere, actor); }),
              ErrorKind::not_found);
    EXPECT_TRUE(visits->household_visits(ids[0]).empty()) << "nothing refused was written";

    const auto stored = app::record_visit(deps, visit(ids[0], {2026, 11, 23}, "at_risk"), anywhere, actor);
    EXPECT_GT(stored.id, 0);
    EXPECT_EQ(stored.visitor, "xa.hoaquy");
    const auto all = app::household_visits(deps, ids[0], anywhere);
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].situation, "at_risk");
    accounts::AuditQuery query;
    query.household = ids[0];
    const auto audit = store::open_account_store(fresh.location())->audit(query);
    ASSERT_GE(audit.total, 1);
    EXPECT_EQ(audit.items[0].action, "followup.visit");
}

TEST_P(FollowUpUseCases, TheListFollowsTheLatestApprovedRoundAndFindsRelapse) {
    const std::string& relapses = ids[0];  // out in 2025, poor again by a regular review in 2026
    const std::string& visited = ids[1];   // out to near-poor in 2025, visited twice
    const std::string& still_poor = ids[2];
    const std::string& old_escape = ids[3];  // marked by a round older than the window
    const std::string& near_again = ids[4];  // out to average in 2025, near-poor in 2026: a relapse
    const std::string& draft_only = ids[5];  // marked by a draft only
    round("periodic", {2022, 11, 1}, Date{2022, 12, 20}, {{old_escape, "average", true}});
    round("periodic", {2024, 11, 1}, Date{2024, 12, 20},
          {{relapses, "poor", false}, {visited, "poor", false}, {still_poor, "poor", false}, {old_escape, "near_poor", false},
           {near_again, "poor", false}});
    const auto latest = round("periodic", {2025, 11, 1}, Date{2025, 12, 20},
                              {{relapses, "average", true}, {visited, "near_poor", true}, {still_poor, "poor", false},
                               {old_escape, "near_poor", false}, {near_again, "above_average", true}});
    const auto regular = round("regular", {2026, 6, 1}, Date{2026, 6, 15}, {{relapses, "poor", false}});
    const auto regular2 = round("regular", {2026, 7, 1}, Date{2026, 7, 20}, {{near_again, "near_poor", false}});
    round("periodic", {2026, 11, 1}, std::nullopt, {{draft_only, "average", true}, {visited, "poor", false}});

    app::FollowUpDeps deps{*registry, *visits, env.today};
    app::record_visit(deps, visit(visited, {2026, 11, 13}, "at_risk"), anywhere, actor);
    app::record_visit(deps, visit(visited, {2026, 10, 24}, "stable"), anywhere, actor);

    const auto list = app::follow_up_list(deps, everything());
    ASSERT_TRUE(list.round.has_value());
    EXPECT_EQ(list.round->id, latest);
    EXPECT_EQ(list.window_months, 36);
    ASSERT_EQ(list.rows.size(), 3u);
    std::map<std::string, app::FollowUpRow> by_id;
    for (const auto& r : list.rows) by_id[r.household_id] = r;
    ASSERT_TRUE(by_id.count(relapses) && by_id.count(visited) && by_id.count(near_again));

    const auto& r = by_id[relapses];
    EXPECT_TRUE(r.relapsed);
    EXPECT_EQ(r.relapse_round_id, regular);
    EXPECT_EQ(r.household_class, "poor");
    EXPECT_FALSE(r.last_visit.has_value()) << "not yet visited";
    EXPECT_EQ(r.visits, 0);
    EXPECT_TRUE(r.needs_review);
    EXPECT_FALSE(r.head_name.empty());

    const auto& v = by_id[visited];
    EXPECT_FALSE(v.relapsed) << "near-poor when it left poverty: still near-poor is no fall";
    EXPECT_EQ(v.household_class, "near_poor");
    EXPECT_EQ(v.class_round_id, latest) << "the draft's poor does not count";
    ASSERT_TRUE(v.last_visit.has_value());
    EXPECT_EQ(v.last_visit->date, (Date{2026, 11, 13}));
    EXPECT_EQ(v.last_visit->situation, "at_risk");
    EXPECT_EQ(v.visits, 2);
    EXPECT_EQ(v.days_since_visit, 10);
    EXPECT_FALSE(v.needs_review);

    EXPECT_TRUE(by_id[near_again].relapsed);
    EXPECT_EQ(by_id[near_again].relapse_round_id, regular2);

    // A visit that finds the household fallen back asks for a review even before a round says so.
    app::record_visit(deps, visit(visited, {2026, 11, 22}, "fell_back"), anywhere, actor);
    for (const auto& row : app::follow_up_list(deps, everything()).rows)
        if (row.household_id == visited) {
            EXPECT_TRUE(row.needs_review);
        }
}

TEST_P(FollowUpUseCases, NoApprovedRoundCoveringTheUnitGivesAnEmptyList) {
    app::FollowUpDeps deps{*registry, *visits, env.today};
    auto source = everything();
    source.covers = [](const std::string& scope) { return scope == "nowhere"; };
    const auto list = app::follow_up_list(deps, source);
    EXPECT_FALSE(list.round.has_value());
    EXPECT_TRUE(list.rows.empty());
}

}  // namespace
}  // namespace giamngheo::test
