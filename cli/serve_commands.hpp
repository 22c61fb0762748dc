// `giamngheo serve` (the web application over the store of --db) and `giamngheo users`.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.hpp"

namespace giamngheo::cli {

void register_serve_commands(CLI::App& cli, Context& context);

}  // namespace giamngheo::cli
