// Who changes stored data, from where, and what the audit log says of it: every storage port's
// writes take an Actor, so that each change belongs to a change set and its audit entries.
#pragma once

#include <string>
#include <vector>

namespace giamngheo::store {

// One entry of the audit log, written in the same transaction as the change it describes, so
// that a change is never stored without its entry nor an entry without its change.
struct AuditNote {
    std::string action;  // household.edit, households.import, round.run, round.approve, user.create ...
    std::string household_id;
    std::string target;
    std::string details;  // a JSON object: old → new where it applies
};

struct Actor {
    Actor() = default;
    Actor(std::string user_name, std::string change_source, std::vector<AuditNote> notes = {})
        : user(std::move(user_name)), source(std::move(change_source)), audit(std::move(notes)) {}

    std::string user = "cli";
    std::string source;            // file, command or request that caused the change
    std::vector<AuditNote> audit;  // what the audit log says of the change (empty: the change set alone)
};

}  // namespace giamngheo::store
