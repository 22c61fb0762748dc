#include "platform/process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>

#include "kernel/errors.hpp"

extern char** environ;

namespace giamngheo::platform {
namespace {

constexpr std::size_t kErrorOutputKept = 64 * 1024;

std::vector<std::string> merged_environment(const std::vector<std::string>& extra) {
    std::map<std::string, std::string> by_name;
    for (char** e = environ; e && *e; ++e) {
        const std::string entry(*e);
        by_name[entry.substr(0, entry.find('='))] = entry;
    }
    for (const auto& entry : extra) by_name[entry.substr(0, entry.find('='))] = entry;
    std::vector<std::string> out;
    for (auto& [name, entry] : by_name) out.push_back(std::move(entry));
    return out;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (auto& s : strings) out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

}  // namespace

ProgramRun run_program(const std::vector<std::string>& argv, const std::vector<std::string>& environment) {
    if (argv.empty()) throw_fault("run_program: no program");
    int error_pipe[2];
    if (pipe2(error_pipe, O_CLOEXEC) != 0) throw_fault(std::string("pipe: ") + std::strerror(errno));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, error_pipe[1], STDERR_FILENO);
    std::vector<std::string> args = argv, env = merged_environment(environment);
    auto arg_pointers = pointers(args), env_pointers = pointers(env);
    pid_t pid = 0;
    const int started = posix_spawnp(&pid, argv[0].c_str(), &actions, nullptr, arg_pointers.data(), env_pointers.data());
    posix_spawn_file_actions_destroy(&actions);
    close(error_pipe[1]);
    if (started != 0) {
        close(error_pipe[0]);
        throw_fault("cannot start " + argv[0] + ": " + std::strerror(started));
    }
    ProgramRun run;
    char buffer[4096];
    for (;;) {
        const ssize_t n = read(error_pipe[0], buffer, sizeof buffer);
        if (n > 0) {
            if (run.error_output.size() < kErrorOutputKept) run.error_output.append(buffer, static_cast<std::size_t>(n));
        } else if (n == 0 || errno != EINTR) {
            break;
        }
    }
    close(error_pipe[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) throw_fault("waitpid " + argv[0] + ": " + std::strerror(errno));
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return run;
}

}  // namespace giamngheo::platform
