// Running another program (pg_dump, pg_restore) without a shell, so that no argument is ever
// interpreted: a database URI or a file name with spaces or quotes goes through as it is.
#pragma once

#include <string>
#include <vector>

namespace giamngheo::platform {

struct ProgramRun {
    int exit_code = 0;         // the program's exit status; 128 + N when signal N ended it
    std::string error_output;  // what it wrote on standard error (the first 64 KiB)
};

// Runs `argv` (argv[0] found on PATH) with the environment of this process plus `environment`
// (NAME=VALUE entries, which win), its standard output discarded, and waits for it. Throws Error
// (fault) when it cannot be started; a program that runs and fails is a ProgramRun with its
// status, for the caller to judge.
[[nodiscard]] ProgramRun run_program(const std::vector<std::string>& argv,
                                     const std::vector<std::string>& environment = {});

}  // namespace giamngheo::platform
