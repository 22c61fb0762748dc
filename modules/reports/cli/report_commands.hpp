// The `report` command group: forms, one report (show, fill, workflow steps, XLSX), the status
// board and what is due. The command line acts for a unit (`--as`), as its officer would.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.hpp"

namespace giamngheo::cli {

void register_report_commands(CLI::App& cli, Context& context);

}  // namespace giamngheo::cli
