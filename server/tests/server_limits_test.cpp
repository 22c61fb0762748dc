// The HTTP server under exhaustion (security findings 4 and 5), in process over loopback sockets:
// the per-client and global connection caps, the accept back-off when descriptors run out (in a
// child process with a low RLIMIT_NOFILE), and heavy requests on a bounded pool of their own that
// answers 503 busy when full while light requests still go through.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "server/http_server.hpp"
#include "testing/support.hpp"

namespace giamngheo::test {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

struct Reply {
    int status = 0;  // 0: no complete answer in time
    std::string head, body;
};

bool send_get(int fd, const std::string& path, bool close = false) {
    const std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                                (close ? "Connection: close\r\n" : "") + "\r\n";
    return ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size());
}

// Reads one whole answer (Content-Length) from `fd`, waiting at most `timeout`.
Reply read_reply(int fd, std::chrono::milliseconds timeout = 3000ms) {
    Reply reply;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string raw;
    for (;;) {
        const auto end = raw.find("\r\n\r\n");
        if (end != std::string::npos) {
            std::size_t length = 0;
            const auto at = raw.find("Content-Length: ");
            if (at != std::string::npos && at < end) length = std::stoul(raw.substr(at + 16));
            if (raw.size() >= end + 4 + length) {
                reply.status = std::stoi(raw.substr(9, 3));
                reply.head = raw.substr(0, end);
                reply.body = raw.substr(end + 4, length);
                return reply;
            }
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left <= 0ms) return reply;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return reply;
        char buffer[4096];
        const auto n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) return reply;
        raw.append(buffer, static_cast<std::size_t>(n));
    }
}

Reply get(int fd, const std::string& path, std::chrono::milliseconds timeout = 3000ms, bool close = false) {
    if (!send_get(fd, path, close)) return {};
    return read_reply(fd, timeout);
}

Reply get_once(int port, const std::string& path, const char* source = nullptr) {
    const int fd = connect_loopback(port, source);
    if (fd < 0) return {};
    Reply r = get(fd, path, 3000ms, true);
    ::close(fd);
    return r;
}

// Whether the server closes (or resets) `fd` within `timeout`, without being sent anything.
bool closed_by_server(int fd, std::chrono::milliseconds timeout) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
    char c;
    return ::recv(fd, &c, 1, MSG_DONTWAIT) <= 0;
}

// An HttpServer on a free loopback port, running on threads of its own until destroyed.
class Running {
  public:
    Running(server::ServerOptions options, server::Dispatcher dispatcher) {
        options.address = "127.0.0.1";
        options.port = 0;
        options.event_log = &events_;
        server_ = std::make_unique<server::HttpServer>(std::move(options), std::move(dispatcher));
        thread_ = std::thread([this] { server_->run(); });
    }
    ~Running() {
        server_->stop();
        thread_.join();
    }
    [[nodiscard]] int port() const { return server_->port(); }
    [[nodiscard]] server::HttpServer& server() { return *server_; }
    // The event log so far (the server writes it under its own lock, a line at a time: read it
    // once the server has been quiet for a while).
    [[nodiscard]] std::string events() const { return events_.str(); }

  private:
    std::ostringstream events_;
    std::unique_ptr<server::HttpServer> server_;
    std::thread thread_;
};

server::Response ok(const std::string& text) { return server::Response::json(200, json{{"ok", text}}.dump()); }

// Finding 4: 1,100 idle sockets from one client exhausted the descriptors; now a client gets
// `max_connections_per_client` at once and the rest are reset at accept, counted in the event log.
TEST(ServerLimits, ConnectionsOverThePerClientCapAreClosedAtAccept) {
    EXPECT_GT(server::ServerOptions{}.max_connections_per_client, 0);
    EXPECT_LE(server::ServerOptions{}.idle_timeout, 15s);
    server::ServerOptions options;
    options.max_connections_per_client = 4;
    Running running(options, [](server::Request& r) { return ok(r.path); });
    std::vector<int> fds;
    for (int i = 0; i < 10; ++i) fds.push_back(connect_loopback(running.port()));
    for (int fd : fds) ASSERT_GE(fd, 0);
    int closed = 0;
    std::vector<int> open;
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    while (closed < 6 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(20ms);
        std::erase_if(fds, [&](int fd) {
            if (!closed_by_server(fd, 0ms)) return false;
            ++closed;
            ::close(fd);
            return true;
        });
    }
    for (int fd : fds) {
        if (!closed_by_server(fd, 200ms)) {
            open.push_back(fd);
            continue;
        }
        ++closed;
        ::close(fd);
    }
    EXPECT_EQ(closed, 6);
    ASSERT_EQ(open.size(), 4u);
    // Another client is served, and so is each connection within the cap.
    EXPECT_EQ(get_once(running.port(), "/healthz", "127.0.0.2").status, 200);
    for (int fd : open) EXPECT_EQ(get(fd, "/healthz").status, 200);
    // A further connection from the full client is refused; once it closes some, it gets them back.
    const int extra = connect_loopback(running.port());
    EXPECT_TRUE(closed_by_server(extra, 1500ms));
    ::close(extra);
    for (int fd : open) ::close(fd);
    std::this_thread::sleep_for(200ms);
    EXPECT_EQ(get_once(running.port(), "/healthz").status, 200);
    // Refusals are counted in one line a second, not one line each.
    std::this_thread::sleep_for(1200ms);
    long refused = 0;
    int lines = 0;
    std::istringstream events(running.events());
    for (std::string line; std::getline(events, line);) {
        const json event = json::parse(line);
        if (event["event"] != "connections_refused") continue;
        ++lines;
        refused += event["per_client_cap"].get<long>();
    }
    EXPECT_EQ(refused, 7);
    EXPECT_LE(lines, 3);
}

TEST(ServerLimits, ConnectionsOverTheGlobalCapAreClosedAndTheCapIsBelowTheDescriptorLimit) {
    {
        Running derived({}, [](server::Request& r) { return ok(r.path); });
        rlimit limit{};
        ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &limit), 0);
        EXPECT_EQ(limit.rlim_cur, limit.rlim_max);  // raised to the hard limit
        EXPECT_LT(static_cast<rlim_t>(derived.server().max_connections()), limit.rlim_cur);
        EXPECT_NE(derived.events().find("\"descriptor_limit\":" + std::to_string(limit.rlim_cur)),
                  std::string::npos)
            << derived.events();
    }
    server::ServerOptions options;
    options.max_connections = 3;
    options.max_connections_per_client = 0;
    Running running(options, [](server::Request& r) { return ok(r.path); });
    std::vector<int> fds;
    for (int i = 0; i < 3; ++i) fds.push_back(connect_loopback(running.port(), i == 0 ? "127.0.0.3" : nullptr));
    for (int fd : fds) EXPECT_FALSE(closed_by_server(fd, 300ms));
    const int over = connect_loopback(running.port(), "127.0.0.4");
    EXPECT_TRUE(closed_by_server(over, 1500ms));
    ::close(over);
    ::close(fds.back());
    fds.pop_back();
    std::this_thread::sleep_for(200ms);
    EXPECT_EQ(get_once(running.port(), "/healthz", "127.0.0.4").status, 200);
    for (int fd : fds) ::close(fd);
}

// Finding 5: three exports on the three request threads held GET /me for 15.6 s. A heavy request
// now runs on the heavy pool; when it is full the next one is told at once to come back, and a
// light request is answered by the I/O thread all the while.
TEST(ServerLimits, HeavyRequestsRunOnTheirOwnPoolAndABusyPoolAnswers503) {
    std::mutex mutex;
    std::condition_variable changed;
    bool started = false, release = false;
    std::atomic<std::thread::id> heavy_thread{}, light_thread{};
    server::ServerOptions options;
    options.threads = 1;
    options.heavy_threads = 1;
    options.heavy_queue = 0;
    options.is_heavy = [](const server::Request& r) { return r.path == "/heavy"; };
    Running running(options, [&](server::Request& r) {
        if (r.path != "/heavy") {
            light_thread = std::this_thread::get_id();
            return ok("light");
        }
        heavy_thread = std::this_thread::get_id();
        std::unique_lock lock(mutex);
        started = true;
        changed.notify_all();
        changed.wait_for(lock, 10s, [&] { return release; });  // deliberately slow
        return ok("heavy");
    });
    const int first = connect_loopback(running.port());
    ASSERT_TRUE(send_get(first, "/heavy"));
    {
        std::unique_lock lock(mutex);
        ASSERT_TRUE(changed.wait_for(lock, 3s, [&] { return started; }));
    }
    const auto before = std::chrono::steady_clock::now();
    const Reply busy = get_once(running.port(), "/heavy");
    EXPECT_EQ(busy.status, 503);
    EXPECT_NE(busy.head.find("\r\nRetry-After: 5"), std::string::npos) << busy.head;
    EXPECT_EQ(busy.body,
              R"({"error":{"code":"busy","message":"Máy chủ đang bận xử lý các yêu cầu lớn; vui lòng thử lại sau ít giây."}})");
    const Reply light = get_once(running.port(), "/api/v1/me");
    EXPECT_EQ(light.status, 200);
    EXPECT_LT(std::chrono::steady_clock::now() - before, 2s);
    {
        std::lock_guard lock(mutex);
        release = true;
    }
    changed.notify_all();
    // The heavy answer is written back on its connection, which then serves on as usual.
    const Reply done = read_reply(first);
    EXPECT_EQ(done.status, 200);
    EXPECT_EQ(done.body, R"({"ok":"heavy"})");
    EXPECT_EQ(get(first, "/api/v1/me").body, R"({"ok":"light"})");
    ::close(first);
    EXPECT_NE(heavy_thread.load(), light_thread.load());
    EXPECT_NE(heavy_thread.load(), std::thread::id{});
}

long cpu_ticks(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    std::istringstream fields(text.substr(text.rfind(')') + 2));
    std::string field;
    long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
        if (i == 14) utime = std::stol(field);
        if (i == 15) stime = std::stol(field);
    }
    return utime + stime;
}

// Finding 4, second half: at the descriptor limit accept failed in a loop at 120% CPU. A child
// process with RLIMIT_NOFILE at 128 runs the server and takes every descriptor left; connections
// then wait in the listen queue while the server, backing off, uses next to no CPU; once the
// descriptors are given back, /healthz is answered.
TEST(ServerLimits, AcceptBacksOffWhenDescriptorsRunOutAndRecovers) {
    TempDir dir;
    const std::string log = dir.path("events.log");
    int ready[2], go[2];
    ASSERT_EQ(::pipe(ready), 0);
    ASSERT_EQ(::pipe(go), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        const rlimit low{128, 128};
        if (::setrlimit(RLIMIT_NOFILE, &low) != 0) ::_exit(2);
        std::ofstream events(log);
        server::ServerOptions options;
        options.address = "127.0.0.1";
        options.port = 0;
        options.threads = 2;
        options.event_log = &events;
        server::HttpServer server(options, [](server::Request& r) { return ok(r.path); });
        std::thread serving([&] { server.run(); });
        std::vector<int> taken;
        for (int fd; (fd = ::open("/dev/null", O_RDONLY)) >= 0;) taken.push_back(fd);
        const int port = server.port();
        if (::write(ready[1], &port, sizeof port) != sizeof port) ::_exit(3);
        char c;
        if (::read(go[0], &c, 1) != 1) ::_exit(4);
        for (int fd : taken) ::close(fd);
        serving.join();  // until killed
        ::_exit(0);
    }
    ::close(ready[1]);
    ::close(go[0]);
    int port = 0;
    ASSERT_EQ(::read(ready[0], &port, sizeof port), static_cast<ssize_t>(sizeof port));
    std::vector<int> waiting;
    for (int i = 0; i < 20; ++i) waiting.push_back(connect_loopback(port));
    for (int fd : waiting) EXPECT_GE(fd, 0);
    std::this_thread::sleep_for(300ms);
    const long before = cpu_ticks(child);
    std::this_thread::sleep_for(1s);
    const double cpu = static_cast<double>(cpu_ticks(child) - before) / static_cast<double>(::sysconf(_SC_CLK_TCK));
    EXPECT_LT(cpu, 0.1) << "CPU seconds in one second while accept fails";
    ASSERT_EQ(::write(go[1], "x", 1), 1);
    const auto released = std::chrono::steady_clock::now();
    const Reply health = get_once(port, "/healthz");
    EXPECT_EQ(health.status, 200);
    EXPECT_LT(std::chrono::steady_clock::now() - released, 2500ms);
    for (int fd : waiting) ::close(fd);
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    ::close(ready[0]);
    ::close(go[1]);
    // Logged once when accept began to fail and once when it recovered, not once per failure.
    std::ifstream events(log);
    int failing = 0, recovered = 0;
    for (std::string line; std::getline(events, line);) {
        const json event = json::parse(line, nullptr, false);
        if (event.is_discarded()) continue;
        failing += event.value("event", "") == "accept_failing";
        recovered += event.value("event", "") == "accept_recovered";
    }
    EXPECT_EQ(failing, 1);
    EXPECT_EQ(recovered, 1);
}

}  // namespace
}  // namespace giamngheo::test
