// The one way to open a store, for the composition roots (the command line, the server's pools,
// the tests): a location chooses the backend (storage/open_store.cpp registers them).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "modules/accounts/ports/account_store.hpp"
#include "modules/followup/ports/follow_up_store.hpp"
#include "modules/plans/ports/plan_store.hpp"
#include "modules/procedure/ports/procedure_store.hpp"
#include "modules/reports/ports/report_store.hpp"
#include "storage/store.hpp"

namespace giamngheo::store {

// Opens the store at `location`: a file path, or sqlite:PATH, is the embedded SQLite store
// (created when absent); postgresql://… or postgres://… (a libpq connection URI) is a PostgreSQL
// database that must exist (storage/postgres/). Either way the schema is brought up to date on
// open. Any other scheme is refused with an Error (invalid_input) naming the schemes there are; a
// store that cannot be opened (no such server, refused connection) is a fault.
[[nodiscard]] std::unique_ptr<Store> open_store(const std::string& location, const StoreOptions& options = {});
[[nodiscard]] std::unique_ptr<PlanStore> open_plan_store(const std::string& location);
[[nodiscard]] std::unique_ptr<AccountStore> open_account_store(const std::string& location);
[[nodiscard]] std::unique_ptr<ReportStore> open_report_store(const std::string& location);
[[nodiscard]] std::unique_ptr<ProcedureStore> open_procedure_store(const std::string& location);
[[nodiscard]] std::unique_ptr<FollowUpStore> open_follow_up_store(const std::string& location);
// What the process hears of other processes' changes to rounds at `location`
// (modules/review/ports/round_changes.hpp): a LISTEN/NOTIFY listener with a connection and a
// thread of its own for a PostgreSQL database, nullptr for an SQLite file (rounds are then read
// from the store at each use).
[[nodiscard]] std::unique_ptr<RoundChanges> open_round_changes(const std::string& location);

// Writes a consistent copy of the store at `location` to `file` while it is in use: an SQLite
// file made by SQLite's online backup API, or pg_dump's custom format (an older schema is brought
// up to date first). `file` appears only when the copy is complete. Errors: invalid_input (the
// location), not_found (no such SQLite file), busy, fault (pg_dump failed, the disk).
void backup_store(const std::string& location, const std::string& file);
// Restores the backup `file` into the store at `location`, which must be empty (a new SQLite file,
// a database without tables): all or nothing, then the schema is brought up to date (a newer one
// is refused). Errors: invalid_input for a file that is not a backup of that engine (`store copy`
// moves data between engines), conflict for a target that holds data, fault.
void restore_store(const std::string& file, const std::string& location);

// A province's share of a store partitioned by province (PostgreSQL, storage/postgres/
// province_partitions.hpp): its partitions' key ("" for the unplaced), the province's name, its
// active households, their members, its round results and its partitions' bytes on disk.
struct ProvinceShare {
    std::string province_code, province_name;
    long households = 0, members = 0, results = 0;
    std::int64_t bytes = 0;
};
// Every partition's share, by key. Errors: invalid_input for an embedded store (not partitioned).
[[nodiscard]] std::vector<ProvinceShare> province_shares(const std::string& location);

// `location` as it may be shown or logged: a password in a PostgreSQL URI (user:PASSWORD@ or
// password=…) replaced by ***.
[[nodiscard]] std::string shown_location(const std::string& location);

// The file of an embedded store at `location`; nullopt for a database on a server. Refuses what
// open_store refuses.
[[nodiscard]] std::optional<std::string> store_file(const std::string& location);

}  // namespace giamngheo::store
