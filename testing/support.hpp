// Helpers shared by the tests: temporary directories, fixtures, running the CLI.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "kernel/errors.hpp"
#include "platform/environment.hpp"
#include "platform/table.hpp"

namespace giamngheo::test {

inline const std::string kSourceDir = GIAMNGHEO_SOURCE_DIR;
inline const std::string kCli = GIAMNGHEO_CLI;
inline const std::string kUnitsFixture = kSourceDir + "/testing/fixtures/units";
// The real admin-unit files beside the project (tests that need them skip without them).
inline const std::string kSharedUnits = kSourceDir + "/../shared/data/admin-units";

// A fresh directory removed at the end of the test.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] std::string path(const std::string& name = "") const;

private:
    std::filesystem::path dir_;
};

// The project's data/ with a pinned "today".
app::Environment test_environment();

struct CommandResult {
    int status = 0;
    std::string out;
    std::string err;
};
// Runs the CLI with `arguments` (shell-quoted by the caller where needed) and `env` prefix.
CommandResult run_cli(const std::string& arguments, const std::string& env = "");

void write_text(const std::string& path, const std::string& text);
// A column of a table by header name.
std::string cell(const io::Table& table, std::size_t row, const std::string& column);

// A connection to 127.0.0.1:port from `source` (another loopback address is another client);
// -1 when it cannot be made.
int connect_loopback(int port, const char* source = nullptr);

// The kind of the typed error `action` throws; a test failure (and fault) when it throws none.
ErrorKind kind_of(const std::function<void()>& action);

// Whether `done` holds within `limit`, asking every few milliseconds: for what another thread or
// process makes true (never a sleep standing in for an assertion).
bool within(std::chrono::milliseconds limit, const std::function<bool()>& done);

}  // namespace giamngheo::test
