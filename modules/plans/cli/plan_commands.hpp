// The `plan` command group (implementation plans), registered on the main command line.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.hpp"

namespace giamngheo::cli {

// Adds `plan` and its subcommands; their callbacks read `context` after parsing, so it must
// outlive cli.parse().
void register_plan_commands(CLI::App& cli, Context& context);

}  // namespace giamngheo::cli
