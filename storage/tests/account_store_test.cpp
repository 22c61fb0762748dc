// The contract of AccountStore (modules/accounts/ports/account_store.hpp) on every backend.
#include <gtest/gtest.h>

#include <set>

#include "testing/store_backends.hpp"

namespace giamngheo::test {
namespace {

using accounts::Role;
using accounts::User;

class AccountContract : public ::testing::TestWithParam<Backend> {};
INSTANTIATE_TEST_SUITE_P(EveryEngine, AccountContract, kEveryEngine, backend_name);

User user(const std::string& name, Role role, const std::string& unit) {
    return {name, "Nguyễn Văn " + name, role, unit, false};
}

TEST_P(AccountContract, UsersAreCreatedReplacedAndChangedAndTheirSessionsEnd) {
    const FreshStore fresh(GetParam());
    auto accounts = store::open_account_store(fresh.location());
    EXPECT_FALSE(accounts->put_user(user("lan", Role::commune_officer, "16186"), "hash-1", {"admin", "web"})
                     .has_value());
    EXPECT_FALSE(accounts->put_user(user("an", Role::viewer, ""), "hash-2", {"admin", "web"}).has_value());
    const auto found = accounts->find_user("lan");
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->password_hash, "hash-1");
    EXPECT_EQ(found->user.full_name, "Nguyễn Văn lan");
    EXPECT_EQ(found->user.role, Role::commune_officer);
    ASSERT_EQ(accounts->users().size(), 2u);
    EXPECT_EQ(accounts->users()[0].username, "an");
    EXPECT_FALSE(accounts->find_user("nobody").has_value());

    accounts->add_session("token-1", "lan", "csrf-1", "2030-01-01T00:00:00Z");
    const auto session = accounts->find_session("token-1");
    ASSERT_TRUE(session.has_value());
    EXPECT_EQ(session->csrf_token, "csrf-1");
    EXPECT_EQ(session->expires_at, "2030-01-01T00:00:00Z");
    EXPECT_EQ(session->user.unit_code, "16186");

    // Replacing a user returns it as it was and ends its sessions.
    const auto before =
        accounts->put_user(user("lan", Role::province_officer, "01"), "hash-3", {"admin", "web"});
    ASSERT_TRUE(before.has_value());
    EXPECT_EQ(before->role, Role::commune_officer);
    EXPECT_FALSE(accounts->find_session("token-1").has_value());
    EXPECT_EQ(accounts->find_user("lan")->password_hash, "hash-3");

    // A change of some fields keeps the others.
    accounts->add_session("token-2", "lan", "csrf-2", "2030-01-01T00:00:00Z");
    accounts::UserChanges changes;
    changes.disabled = true;
    const auto changed = accounts->update_user("lan", changes, {"admin", "web"});
    ASSERT_TRUE(changed.has_value());
    EXPECT_FALSE(changed->first.disabled);
    EXPECT_TRUE(changed->second.disabled);
    EXPECT_EQ(changed->second.role, Role::province_officer);
    EXPECT_EQ(accounts->find_user("lan")->password_hash, "hash-3");
    EXPECT_FALSE(accounts->find_session("token-2").has_value());
    EXPECT_FALSE(accounts->update_user("nobody", changes, {"admin", "web"}).has_value());

    accounts->add_session("token-3", "an", "csrf-3", "2030-01-01T00:00:00Z");
    accounts->remove_session("token-3");
    EXPECT_FALSE(accounts->find_session("token-3").has_value());
}

TEST_P(AccountContract, SignInsAreThrottledPerNameAndAddress) {
    const FreshStore fresh(GetParam());
    auto accounts = store::open_account_store(fresh.location());
    const std::int64_t now = 1'700'000'000'000;
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(accounts->claim_sign_in("lan", "10.0.0.1", now).allowed) << i;
    const auto refused = accounts->claim_sign_in("lan", "10.0.0.1", now);
    EXPECT_FALSE(refused.allowed);
    EXPECT_EQ(refused.retry_after_seconds, 1);
    EXPECT_TRUE(accounts->claim_sign_in("lan", "10.0.0.2", now).allowed) << "another address";
    EXPECT_TRUE(accounts->claim_sign_in("lan", "10.0.0.1", now + 1000).allowed);
    accounts->sign_in_succeeded("lan", "10.0.0.1");
    for (int i = 0; i < 3; ++i)
        EXPECT_TRUE(accounts->claim_sign_in("lan", "10.0.0.1", now + 1000).allowed) << i;
}

TEST_P(AccountContract, TheAuditLogListsEveryWriteNewestFirst) {
    const FreshStore fresh(GetParam());
    auto accounts = store::open_account_store(fresh.location());
    accounts->put_user(user("lan", Role::commune_officer, "16186"), "hash", {"admin", "web"});
    Household h;
    h.household_id = "H1";
    h.unit_code = "16186";
    Member m;
    m.member_id = "M1";
    m.birth_date = {1980, 1, 1};
    h.members = {m};
    fresh.open()->apply_households({h}, {"cli", "households.csv"});  // no audit note: its change set speaks
    store::Actor edit("lan", "web", {{"household.edit", "H1", "", R"({"income":[1,2]})"}});
    h.income_per_capita = 2;
    fresh.open()->apply_households({h}, edit);

    const auto all = accounts->audit({});
    ASSERT_EQ(all.total, 3);
    ASSERT_EQ(all.items.size(), 3u);
    EXPECT_EQ(all.items[0].action, "household.edit");
    EXPECT_EQ(all.items[0].household_id, "H1");
    EXPECT_EQ(all.items[0].details["income"][1], 2);
    std::set<std::string> older;  // in the same second, events before change sets
    for (std::size_t i = 1; i < all.items.size(); ++i)
        older.insert(all.items[i].action + " " + all.items[i].user + " " + all.items[i].target);
    EXPECT_EQ(older, (std::set<std::string>{"households.import cli ", "user.create admin lan"}));

    accounts::AuditQuery by_user;
    by_user.user = "lan";
    EXPECT_EQ(accounts->audit(by_user).total, 1);
    accounts::AuditQuery about;
    about.household = "H1";
    const auto household = accounts->audit(about);
    EXPECT_EQ(household.total, 2);
    accounts::AuditQuery only;
    only.only_users = std::vector<std::string>{"admin", "cli"};
    EXPECT_EQ(accounts->audit(only).total, 2);
    only.only_users = std::vector<std::string>{};
    EXPECT_EQ(accounts->audit(only).total, 0);
    accounts::AuditQuery paged;
    paged.page = 2;
    paged.page_size = 2;
    const auto second = accounts->audit(paged);
    EXPECT_EQ(second.total, 3);
    EXPECT_EQ(second.items.size(), 1u);
}

}  // namespace
}  // namespace giamngheo::test
