// What every backend stores and says alike, so that a store behaves the same whichever backend
// holds it: timestamps of change sets, and the errors a client sees of a write.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "modules/registry/ports/registry_store.hpp"

namespace giamngheo::store {

// Current UTC time as ISO 8601 (for change sets, sessions, audit events).
[[nodiscard]] std::string now_utc();

// ErrorKind::busy: the database is locked by other work (a large import); retry later.
[[noreturn]] void throw_store_busy();

// ErrorKind::conflict: member `member_id` of household `household_id` already belongs to household
// `owner` of the registry.
[[noreturn]] void throw_member_taken(std::string_view member_id, const std::string& household_id,
                                     const std::string& owner);

// ErrorKind::stale_version: household `id` is stored at `stored`, not at `expected`.
[[noreturn]] void throw_stale_household(const std::string& id, std::int64_t expected, std::int64_t stored);

// Applies WriteCheck to household `incoming` that the registry holds at `version` as
// `stored_document`: stale_version when the check expected another version; false, with the
// reason added to summary.refused, when WriteCheck::existing refuses it.
[[nodiscard]] bool write_allowed(const Household& incoming, const std::string& stored_document,
                                 std::int64_t version, const WriteCheck& check, ImportSummary& summary);

}  // namespace giamngheo::store
