#include "storage/audit_copy.hpp"

#include <limits>
#include <map>
#include <set>
#include <string>

#include "kernel/errors.hpp"

namespace giamngheo::store {
namespace {

std::string event_key(const accounts::AuditEvent& e) {
    return e.at + '\x1f' + e.user + '\x1f' + e.action + '\x1f' + e.source + '\x1f' + e.household_id + '\x1f' + e.target +
           '\x1f' + e.details.dump();
}

// Every event of the log (by `users` only, when given), newest first.
std::vector<accounts::AuditEvent> whole_log(AccountStore& store, std::optional<std::vector<std::string>> users) {
    accounts::AuditQuery query;
    query.only_users = std::move(users);
    query.page_size = std::numeric_limits<long>::max();
    return store.audit(query).items;
}

}  // namespace

AuditCopy missing_audit(AccountStore& from, AccountStore& to,
                        const std::function<bool(const accounts::AuditEvent&)>& takes) {
    std::vector<accounts::AuditEvent> taken;
    std::set<std::string> users;
    for (auto& event : whole_log(from, std::nullopt))
        if (takes(event)) {
            users.insert(event.user);
            taken.push_back(std::move(event));
        }
    AuditCopy copy;
    if (taken.empty()) return copy;
    // Only the target's events by the same people can be the same events.
    std::map<std::string, long> held;
    for (const auto& event : whole_log(to, std::vector<std::string>(users.begin(), users.end()))) ++held[event_key(event)];
    for (auto it = taken.rbegin(); it != taken.rend(); ++it) {
        if (auto same = held.find(event_key(*it)); same != held.end() && same->second > 0) {
            --same->second;
            ++copy.present;
            continue;
        }
        copy.missing.push_back(std::move(*it));
    }
    return copy;
}

void write_audit(AccountStore& from, AccountStore& to, const std::function<bool(const accounts::AuditEvent&)>& takes,
                 const AuditCopy& copy) {
    if (copy.missing.empty()) return;
    to.add_audit_events(copy.missing);
    if (!missing_audit(from, to, takes).missing.empty())
        throw_fault("store copy: an event of the audit log is missing in the target after the copy");
}

}  // namespace giamngheo::store
