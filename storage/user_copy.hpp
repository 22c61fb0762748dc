// The users' part of `store copy` (store_copy.hpp): the commune's own people travel with its
// households, so that they sign in on the other store with the passwords they have.
#pragma once

#include <set>
#include <string>

#include "kernel/placement.hpp"
#include "modules/accounts/ports/account_store.hpp"
#include "storage/copy_scope.hpp"
#include "storage/store_copy.hpp"

namespace giamngheo::store {

// Whether `user` goes with a copy of the households of `communes`: one who is not an
// administrator and whose unit is a commune that shares households with a copied one, on either
// map at `at` (the same code, or the 2025 commune a copied 2024 commune went into, or the
// reverse: the officers of Hóa Quỳ, 2025, work on the households of Bình Lương, 2024).
// Anybody else's account (an administrator's, a district's or province's, an unrelated
// commune's) belongs to the store it is in: a copy never brings an account whose unit is wider
// than a commune of the copy.
[[nodiscard]] bool carried_with(const accounts::User& user, const std::set<std::string>& communes, const Placer& placer,
                                const Date& at);

// The names of the users of `from` who go with a copy of the households of `communes`
// (carried_with, placed at the copy's day).
[[nodiscard]] std::set<std::string> travelling_users(AccountStore& from, const std::set<std::string>& communes,
                                                     const CopyScope& scope);

// The `travelling` users who are not in the target yet, each with its password hash (its sessions
// stay behind), audited as `run.actor`'s; each is checked in the target after. A dry run counts
// them only. Error(conflict) when one of them exists in the target otherwise (name, role, unit,
// state or password): two people, or one with two passwords; a dry run finds it before anything
// is written.
void copy_users(AccountStore& from, AccountStore& to, const std::set<std::string>& travelling, const CopyRun& run,
                CopySummary& summary);

}  // namespace giamngheo::store
