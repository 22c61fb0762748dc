// Which users go with a store copy (storage/user_copy.hpp), on the units of the test fixture: the
// officers of a copied commune and of the commune of the other map it went into or came from (Bình
// Lương, 2024, is part of Hóa Quỳ, 2025), never an administrator, a district's or a province's
// user, or another commune's.
#include <gtest/gtest.h>

#include "storage/open_store.hpp"
#include "storage/user_copy.hpp"
#include "testing/store_backends.hpp"
#include "testing/support.hpp"

namespace giamngheo::test {
namespace {

TEST(UserCopy, TheCopiedCommunesOfficersGoOnEitherMapNobodyWider) {
    const FreshStore fresh(Backend::sqlite_rows);
    const auto imported = run_cli("--db '" + fresh.location() + "' units import '" + kUnitsFixture + "'");
    ASSERT_EQ(imported.status, 0) << imported.err;
    const UnitCatalogue units = store::open_store(fresh.location())->load_units();
    const Placer placer(units, AreaRules{});
    const Date today{2026, 11, 23};
    const auto goes = [&](accounts::Role role, const std::string& unit, const std::set<std::string>& communes) {
        return store::carried_with({"u", "Người dùng", role, unit, false}, communes, placer, today);
    };
    using accounts::Role;
    const std::set<std::string> binh_luong{"16204"}, hoa_quy_2025{"16186"};
    EXPECT_TRUE(goes(Role::commune_officer, "16204", binh_luong));
    EXPECT_TRUE(goes(Role::commune_officer, "16186", binh_luong)) << "the 2025 commune Bình Lương went into";
    EXPECT_TRUE(goes(Role::reviewer, "16186", binh_luong));
    EXPECT_TRUE(goes(Role::commune_officer, "16204", hoa_quy_2025)) << "a 2024 commune within the copied one";
    EXPECT_FALSE(goes(Role::commune_officer, "16174", binh_luong)) << "another commune";
    EXPECT_FALSE(goes(Role::commune_officer, "402", binh_luong)) << "a district, wider than the copy";
    EXPECT_FALSE(goes(Role::province_officer, "38", binh_luong)) << "a province, wider than the copy";
    EXPECT_FALSE(goes(Role::admin, "16204", binh_luong));
    EXPECT_FALSE(goes(Role::admin, "", binh_luong));
}

}  // namespace
}  // namespace giamngheo::test
