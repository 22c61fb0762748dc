// What a process hears of changes to rounds (what RoundStore::round and rounds() return) written
// by any process sharing its store, so that it may keep drafts' records in memory instead of
// reading them on each request. A backend that can tell (PostgreSQL's LISTEN/NOTIFY,
// storage/postgres/round_listener.hpp) implements it; without one, records are read each time.
// Thread-safe.
#pragma once

#include <cstdint>
#include <optional>

namespace giamngheo::store {

class RoundChanges {
  public:
    virtual ~RoundChanges() = default;
    // A number that moves whenever a round may have been created or changed since it was last
    // read; nullopt while the feed cannot vouch for that (its connection lost or silent): a
    // reader then reads the store as if there were no feed. A reader takes the number before it
    // reads the store and keeps what it read only while the number stays the same.
    [[nodiscard]] virtual std::optional<std::uint64_t> generation() const = 0;
    // This process committed a change to a round: its own next reads see it at once rather than
    // when the notification comes back.
    virtual void changed() = 0;
};

}  // namespace giamngheo::store
