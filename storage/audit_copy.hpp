// The audit log's part of `store copy` (store_copy.hpp): who changed what in the commune travels
// with its households, so that the province sees the history the commune's laptop recorded.
#pragma once

#include <functional>
#include <vector>

#include "modules/accounts/ports/account_store.hpp"

namespace giamngheo::store {

// The events of one store's log that a copy takes and the target lacks. An event is the same as
// one of the target's when its time, user, action, source, household, target and details are: a
// log copied twice, or back, holds each event once. The writes of the store's other parts (the
// change sets of the command line's imports, say) count as events of the log, as its audit page
// shows them.
struct AuditCopy {
    std::vector<accounts::AuditEvent> missing;  // oldest first
    long present = 0;
};

// Read before the copy writes anything, so that the copy's own events in the target (written in
// the same second as one of the source's, by the same user) are never taken for the source's.
[[nodiscard]] AuditCopy missing_audit(AccountStore& from, AccountStore& to,
                                      const std::function<bool(const accounts::AuditEvent&)>& takes);

// Appends `copy.missing` to the target's log in one transaction, then checks that the target
// holds every event `takes` picks of the source's (a missing one is a fault).
void write_audit(AccountStore& from, AccountStore& to, const std::function<bool(const accounts::AuditEvent&)>& takes,
                 const AuditCopy& copy);

}  // namespace giamngheo::store
