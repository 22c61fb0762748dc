#include "testing/support.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <stdexcept>
#include <thread>
#include <sys/wait.h>

namespace giamngheo::test {

TempDir::TempDir() {
    static std::mt19937_64 random(std::random_device{}());
    dir_ = std::filesystem::temp_directory_path() / ("giamngheo-test-" + std::to_string(random()));
    std::filesystem::create_directories(dir_);
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
}

std::string TempDir::path(const std::string& name) const { return name.empty() ? dir_.string() : (dir_ / name).string(); }

app::Environment test_environment() {
    app::Environment env;
    env.data_dir = kSourceDir + "/data";
    env.today = Date{2026, 11, 23};
    return env;
}

CommandResult run_cli(const std::string& arguments, const std::string& env) {
    TempDir capture;
    const std::string out = capture.path("out"), err = capture.path("err");
    const std::string command = env + " '" + kCli + "' " + arguments + " >'" + out + "' 2>'" + err + "'";
    const int raw = std::system(command.c_str());
    CommandResult result;
    result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
    result.out = io::read_file(out);
    result.err = io::read_file(err);
    return result;
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream file(path, std::ios::binary);
    file << text;
    if (!file) throw std::runtime_error("cannot write " + path);
}

std::string cell(const io::Table& table, std::size_t row, const std::string& column) {
    for (std::size_t c = 0; c < table.header.size(); ++c)
        if (table.header[c] == column) return c < table.rows.at(row).size() ? table.rows[row][c] : "";
    throw std::runtime_error("no column " + column + " in " + table.source);
}

int connect_loopback(int port, const char* source) {
    // A busy machine may refuse one attempt (a full accept queue, an ephemeral port in use).
    for (int attempt = 0; attempt < 5; ++attempt) {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0) return -1;
        if (source) {
            // The port is chosen at connect(), for the whole address pair, not at bind().
            const int yes = 1;
            ::setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &yes, sizeof yes);
            sockaddr_in local{};
            local.sin_family = AF_INET;
            ::inet_pton(AF_INET, source, &local.sin_addr);
            if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
                ::close(fd);
                continue;
            }
        }
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) return fd;
        ::close(fd);
        std::this_thread::sleep_for(std::chrono::milliseconds(20 << attempt));
    }
    return -1;
}

bool within(std::chrono::milliseconds limit, const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

ErrorKind kind_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const Error& e) {
        return e.kind();
    }
    ADD_FAILURE() << "no error";
    return ErrorKind::fault;
}

}  // namespace giamngheo::test
