// What every command needs, filled in by main() before the commands run. Command groups
// (review, plans, ...) register their subcommands with CLI11 callbacks that read it.
#pragma once

#include <memory>
#include <string>

#include "platform/environment.hpp"
#include "storage/open_store.hpp"

namespace giamngheo::cli {

struct Context {
    std::string db;  // --db
    app::Environment env;
    store::Actor actor;

    [[nodiscard]] std::unique_ptr<store::Store> open_store() const { return store::open_store(db); }
    [[nodiscard]] std::unique_ptr<store::PlanStore> open_plan_store() const { return store::open_plan_store(db); }
    [[nodiscard]] std::unique_ptr<store::ReportStore> open_report_store() const { return store::open_report_store(db); }
    [[nodiscard]] std::unique_ptr<store::AccountStore> open_account_store() const {
        return store::open_account_store(db);
    }
};

// Exit statuses, by who must act (kernel/errors.hpp); listed in `giamngheo --help`.
inline constexpr int kExitFault = 1;         // the system failed (disk, database, a bug)
inline constexpr int kExitInvalidInput = 2;  // a value or a file given is wrong
inline constexpr int kExitProblems = 3;      // problems found in the input files; nothing was written
inline constexpr int kExitNotFound = 4;      // what was asked for does not exist
inline constexpr int kExitConflict = 5;      // clashes with the stored state or a newer version
inline constexpr int kExitBusy = 6;          // the store is locked by other work: try again later

inline constexpr const char* kExitStatusHelp =
    "Exit status: 0 done; 1 system fault; 2 invalid input; 3 problems in the input files (nothing "
    "written); 4 not found; 5 conflict with the stored data; 6 busy (the store is locked by other work, try "
    "again).";

// Prints the error for the user and gives the exit status of its kind.
int report_error(const std::exception& error);

}  // namespace giamngheo::cli
