// The `procedure` command group: the review procedure of a round as a commune officer runs it from
// the command line — the steps as configured, where each village stands, one household's case, a
// step for households, and the requests households file.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.hpp"

namespace giamngheo::cli {

void register_procedure_commands(CLI::App& cli, Context& context);

}  // namespace giamngheo::cli
