// The users' part of `store copy` (store_copy.hpp): the commune's own people travel with its
// households, so that they sign in on the other store with the passwords they have.
#pragma once

#include <set>
#include <string>

#include "modules/accounts/ports/account_store.hpp"
#include "storage/store_copy.hpp"

namespace giamngheo::store {

// Whether `user` goes with a copy of the households of `units`: one whose unit is one of them and
// who is not an administrator. Anybody else's account (an administrator's, a province's, another
// commune's) belongs to the store it is in: a copy never brings an account that could act beyond
// the copied communes.
[[nodiscard]] bool carried_with(const accounts::User& user, const std::set<std::string>& units);

// The users who go with the copy and are not in the target yet, each with its password hash (its
// sessions stay behind), audited as `run.actor`'s; each is checked in the target after. A dry run
// counts them only. Error(conflict) when a user who goes with the copy exists in the target
// otherwise (name, role, unit, state or password): two people, or one with two passwords; a dry
// run finds it before anything is written.
void copy_users(AccountStore& from, AccountStore& to, const std::set<std::string>& units, const CopyRun& run,
                CopySummary& summary);

}  // namespace giamngheo::store
