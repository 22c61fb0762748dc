// Persistence of follow-up visits to households that left poverty. Implemented by every backend
// (storage/sqlite/sqlite_follow_up_store.cpp, storage/postgres/postgres_follow_up_store.cpp).
//
// Contract:
// - A visit is written with its change set (who, when, from where) and an audit entry
//   (action followup.visit, the household, the visit's values) in one transaction: all or nothing.
// - A failed write (the store locked: Error busy; anything else: a fault) writes nothing.
// - Visits are never changed or removed: a correction is a new visit.
// - The store checks nothing of the domain (the use cases check the household, its unit, the date
//   and the situation before they write).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "kernel/actor.hpp"
#include "modules/followup/domain/visit.hpp"

namespace giamngheo::store {

class FollowUpStore {
  public:
    virtual ~FollowUpStore() = default;

    // Stores `visit` (its id and recorded_at are assigned; its visitor is taken as given) with
    // the audit entry of `actor`; returns the id.
    virtual std::int64_t add_visit(const followup::Visit& visit, const Actor& actor) = 0;
    // The household's visits, oldest first (by date, then as recorded).
    [[nodiscard]] virtual std::vector<followup::Visit> household_visits(const std::string& household_id) = 0;
    // For each of `household_ids` that has any: its latest visit (by date, then as recorded) and
    // how many it has. One statement for the whole list (a commune follows hundreds of households).
    struct Latest {
        followup::Visit visit;
        long count = 0;
    };
    [[nodiscard]] virtual std::map<std::string, Latest> latest_visits(const std::vector<std::string>& household_ids) = 0;
};

}  // namespace giamngheo::store
