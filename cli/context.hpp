// What every command needs, filled in by main() before the commands run. Command groups
// (review, plans, ...) register their subcommands with CLI11 callbacks that read it.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "app/environment.hpp"
#include "store/store.hpp"

namespace giamngheo::cli {

struct Context {
    std::string db;  // --db
    app::Environment env;
    store::Actor actor;

    [[nodiscard]] std::unique_ptr<store::Store> open_store() const {
        const auto parent = std::filesystem::path(db).parent_path();
        if (!parent.empty()) std::filesystem::create_directories(parent);
        return store::open_sqlite_store(db);
    }
};

// Exit status of a command that found problems in the user's input (nothing was written).
inline constexpr int kExitProblems = 3;

}  // namespace giamngheo::cli
