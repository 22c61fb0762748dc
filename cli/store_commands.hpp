// `giamngheo backup`, `restore` and `store digest|copy`: the store as a whole, for either engine.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.hpp"

namespace giamngheo::cli {

void register_store_commands(CLI::App& cli, Context& context);

}  // namespace giamngheo::cli
