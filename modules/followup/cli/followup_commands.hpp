// The `followup` command group: follow-up visits to households that left poverty, recorded and
// listed from the command line (the operator's access: every unit).
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.hpp"

namespace giamngheo::cli {

void register_followup_commands(CLI::App& cli, Context& context);

}  // namespace giamngheo::cli
