// The contract of FollowUpStore (modules/followup/ports/follow_up_store.hpp) on every engine:
// visits kept in date order, the latest per household in one read, and each visit's audit entry
// written with it.
#include <gtest/gtest.h>

#include "testing/store_backends.hpp"

namespace giamngheo::test {
namespace {

class FollowUpContract : public ::testing::TestWithParam<Backend> {};
INSTANTIATE_TEST_SUITE_P(EveryEngine, FollowUpContract, kEveryEngine, backend_name);

followup::Visit visit(const std::string& household, Date date, const std::string& situation, const std::string& note = "") {
    followup::Visit v;
    v.household_id = household;
    v.date = date;
    v.visitor = "xa.hoaquy";
    v.situation = situation;
    v.support = "Hỗ trợ giống cây trồng";
    v.note = note;
    return v;
}

TEST_P(FollowUpContract, VisitsAreKeptInDateOrderWithTheirAuditEntry) {
    const FreshStore fresh(GetParam());
    auto visits = store::open_follow_up_store(fresh.location());
    const store::Actor actor{"xa.hoaquy", "POST /api/v1/households/H1/follow-up"};
    const auto first = visits->add_visit(visit("H1", {2026, 5, 10}, "stable", "Gia đình có việc làm ổn định"), actor);
    const auto second = visits->add_visit(visit("H1", {2026, 3, 2}, "at_risk"), actor);
    const auto third = visits->add_visit(visit("H2", {2026, 11, 20}, "fell_back"), actor);
    EXPECT_LT(first, second);
    EXPECT_LT(second, third);
    // Same day as the first, recorded later: it comes after it.
    visits->add_visit(visit("H1", {2026, 5, 10}, "at_risk", "lần hai"), actor);

    const auto h1 = visits->household_visits("H1");
    ASSERT_EQ(h1.size(), 3u);
    EXPECT_EQ(h1[0].date, (Date{2026, 3, 2}));
    EXPECT_EQ(h1[1].note, "Gia đình có việc làm ổn định");
    EXPECT_EQ(h1[2].note, "lần hai");
    EXPECT_EQ(h1[1].visitor, "xa.hoaquy");
    EXPECT_EQ(h1[1].support, "Hỗ trợ giống cây trồng");
    EXPECT_FALSE(h1[1].recorded_at.empty());
    EXPECT_TRUE(visits->household_visits("H3").empty());

    const auto latest = visits->latest_visits({"H1", "H2", "H3", "a\"b,{c}"});
    ASSERT_EQ(latest.size(), 2u);
    EXPECT_EQ(latest.at("H1").count, 3);
    EXPECT_EQ(latest.at("H1").visit.note, "lần hai");
    EXPECT_EQ(latest.at("H2").visit.situation, "fell_back");
    EXPECT_TRUE(visits->latest_visits({}).empty());

    auto accounts = store::open_account_store(fresh.location());
    accounts::AuditQuery query;
    query.household = "H2";
    const auto audit = accounts->audit(query);
    ASSERT_EQ(audit.total, 1);
    EXPECT_EQ(audit.items[0].action, "followup.visit");
    EXPECT_EQ(audit.items[0].user, "xa.hoaquy");
    EXPECT_EQ(audit.items[0].details.value("situation", ""), "fell_back");
}

TEST_P(FollowUpContract, AnotherConnectionSeesACommittedVisit) {
    const FreshStore fresh(GetParam());
    auto writer = store::open_follow_up_store(fresh.location());
    auto reader = store::open_follow_up_store(fresh.location());
    writer->add_visit(visit("H9", {2026, 1, 15}, "stable"), {"xa.hoaquy", "test"});
    ASSERT_EQ(reader->household_visits("H9").size(), 1u);
    EXPECT_EQ(reader->latest_visits({"H9"}).at("H9").visit.date, (Date{2026, 1, 15}));
}

}  // namespace
}  // namespace giamngheo::test
