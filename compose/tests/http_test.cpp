// The built `giamngheo serve --demo` on a loopback port, over real sockets: sign-in and an edit
// through HTTP, limits, idle connections, the access log, the front end with its fallback,
// and a graceful stop on SIGTERM.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "platform/table.hpp"
#include "testing/support.hpp"

extern char** environ;

namespace giamngheo::test {
namespace {

using nlohmann::json;

struct Reply {
    int status = 0;
    std::string head;
    std::string body;
    [[nodiscard]] std::string header(const std::string& name) const {
        const std::regex re("\r\n" + name + ": ([^\r]*)", std::regex::icase);
        std::smatch m;
        return std::regex_search(head, m, re) ? m[1].str() : std::string{};
    }
};

// Sends one request on a new connection ("Connection: close") and reads the whole answer.
Reply send_and_read(int port, const std::string& request) {
    Reply reply;
    const int fd = connect_loopback(port);
    if (fd < 0) return reply;
    for (std::size_t sent = 0; sent < request.size();) {
        const auto n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
    }
    std::string raw;
    char buffer[65536];
    for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;)
        raw.append(buffer, static_cast<std::size_t>(n));
    ::close(fd);
    const auto end = raw.find("\r\n\r\n");
    if (end == std::string::npos || raw.size() < 12) return reply;
    reply.status = std::stoi(raw.substr(9, 3));
    reply.head = raw.substr(0, end);
    reply.body = raw.substr(end + 4);
    return reply;
}

Reply request(int port, const std::string& method, const std::string& target, const std::string& body = "",
              const std::string& extra_headers = "") {
    return send_and_read(
        port,
        method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extra_headers +
            (body.empty() && method == "GET" ? ""
                                             : "Content-Length: " + std::to_string(body.size()) + "\r\n") +
            "\r\n" + body);
}

class ServerHttp : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir = new TempDir();
        std::filesystem::create_directories(dir->path("web/assets"));
        write_text(dir->path("web/index.html"), "<!doctype html><title>Giảm nghèo</title>");
        write_text(dir->path("web/assets/app.js"), "export{}");
        const std::string out = dir->path("out.txt"), log = dir->path("access.log");
        const std::vector<std::string> args = {kCli,
                                               "--db",
                                               dir->path("demo.db"),
                                               "serve",
                                               "--demo",
                                               "--demo-households",
                                               "200",
                                               "--listen",
                                               "127.0.0.1:0",
                                               "--max-body-mb",
                                               "1",
                                               "--static",
                                               dir->path("web"),
                                               "--access-log",
                                               log};
        std::vector<char*> argv;
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_addopen(&actions, 2, dir->path("err.txt").c_str(),
                                         O_WRONLY | O_CREAT | O_TRUNC, 0644);
        ASSERT_EQ(posix_spawn(&pid, kCli.c_str(), &actions, nullptr, argv.data(), environ), 0);
        posix_spawn_file_actions_destroy(&actions);
        const std::regex address(R"(http://127\.0\.0\.1:(\d+)/)"), admin(R"(admin / (\S+))");
        for (int i = 0; i < 600 && port == 0; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            const std::string text = io::read_file(out);
            std::smatch m;
            if (std::regex_search(text, m, address)) port = std::stoi(m[1].str());
            if (std::regex_search(text, m, admin)) admin_password = m[1].str();
        }
        ASSERT_NE(port, 0) << io::read_file(dir->path("err.txt"));
    }
    static void TearDownTestSuite() {
        if (pid > 0 && ::kill(pid, 0) == 0) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
        }
        delete dir;
    }

    static std::string sign_in(std::string* csrf) {
        const auto r = request(port, "POST", "/api/v1/session",
                               json{{"username", "admin"}, {"password", admin_password}}.dump(),
                               "Content-Type: application/json\r\n");
        EXPECT_EQ(r.status, 200) << r.body;
        if (csrf) *csrf = json::parse(r.body)["csrf_token"];
        const std::string cookie = r.header("Set-Cookie");
        return cookie.substr(0, cookie.find(';'));
    }

    static inline TempDir* dir = nullptr;
    static inline pid_t pid = 0;
    static inline int port = 0;
    static inline std::string admin_password;
};

TEST_F(ServerHttp, SignInReadAndEditOverHttp) {
    EXPECT_EQ(request(port, "GET", "/healthz").body, R"({"status":"ok"})");
    ASSERT_FALSE(admin_password.empty());
    std::string csrf;
    const std::string cookie = sign_in(&csrf);
    ASSERT_EQ(cookie.rfind("giamngheo_session=", 0), 0u);
    const std::string auth = "Cookie: " + cookie + "\r\n";
    const auto list = request(port, "GET", "/api/v1/households?page_size=1&q=16204", "", auth);
    ASSERT_EQ(list.status, 200) << list.body;
    const std::string id = json::parse(list.body)["items"][0]["household_id"];
    const auto record = request(port, "GET", "/api/v1/households/" + id, "", auth);
    json edited = json::parse(record.body);
    const long version = edited["version"].get<long>();
    EXPECT_EQ(record.header("ETag"), "\"" + std::to_string(version) + "\"");
    edited["village"] = "Thảng Lộc";
    const std::string headers =
        auth + "If-Match: \"" + std::to_string(version) + "\"\r\nContent-Type: application/json\r\n";
    EXPECT_EQ(request(port, "PUT", "/api/v1/households/" + id, edited.dump(), headers).status,
              403);  // no CSRF token
    const auto saved = request(port, "PUT", "/api/v1/households/" + id, edited.dump(),
                               headers + "X-CSRF-Token: " + csrf + "\r\n");
    ASSERT_EQ(saved.status, 200) << saved.body;
    EXPECT_EQ(saved.header("ETag"), "\"" + std::to_string(version + 1) + "\"");
    const auto again = request(port, "PUT", "/api/v1/households/" + id, edited.dump(),
                               headers + "X-CSRF-Token: " + csrf + "\r\n");
    EXPECT_EQ(again.status, 412);
    EXPECT_EQ(json::parse(again.body)["current"]["village"], "Thảng Lộc");
}

TEST_F(ServerHttp, OversizedBodiesAndHeadersAreRefused) {
    const auto big =
        send_and_read(port, "POST /api/v1/imports HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\nabc");
    EXPECT_EQ(big.status, 413);
    const auto headers = send_and_read(
        port, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n");
    EXPECT_EQ(headers.status, 431);
    EXPECT_EQ(send_and_read(port, "NONSENSE\r\n\r\n").status, 400);
}

TEST_F(ServerHttp, ANewRequestIsAnsweredQuicklyWhileManyConnectionsIdle) {
    // Another client (127.0.0.2) holds many idle connections; this one is not held up by them.
    std::vector<int> idle;
    for (int i = 0; i < 300; ++i)
        if (const int fd = connect_loopback(port, "127.0.0.2"); fd >= 0) idle.push_back(fd);
    EXPECT_EQ(idle.size(), 300u);
    const auto started = std::chrono::steady_clock::now();
    const auto r = request(port, "GET", "/healthz");
    const auto took = std::chrono::steady_clock::now() - started;
    EXPECT_EQ(r.status, 200);
    // Held up, it would wait for the idle connections' 15 s timeout: far beyond this bound even on
    // a loaded machine. How fast it is, bench/ measures.
    EXPECT_LT(took, std::chrono::seconds(2));
    for (int fd : idle) ::close(fd);
}

TEST_F(ServerHttp, ServesTheFrontEndWithItsFallbackAndKeepsApiErrorsAsJson) {
    const auto page = request(port, "GET", "/households/abc");
    EXPECT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("Giảm nghèo"), std::string::npos);
    EXPECT_EQ(request(port, "GET", "/assets/app.js").header("Cache-Control"),
              "public, max-age=31536000, immutable");
    EXPECT_EQ(page.header("X-Frame-Options"), "DENY");
    EXPECT_EQ(request(port, "GET", "/healthz").header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(request(port, "GET", "/assets/missing.js").status, 404);
    const auto api = request(port, "GET", "/api/v1/unknown");
    EXPECT_EQ(api.status, 404);
    EXPECT_EQ(json::parse(api.body)["error"]["code"], "not_found");
}

// Security finding 1: a path that starts with "//" (or an encoded slash) named any file the server
// could read. Thirty-odd encodings of an escape from the web root, each sent as is.
TEST_F(ServerHttp, NoPathEncodingReachesAFileOutsideTheWebRoot) {
    write_text(dir->path("secret.txt"), "TOP-SECRET-OUTSIDE-THE-ROOT");
    const std::string db = dir->path("demo.db");
    const std::string db_relative = db.substr(1);
    const std::vector<std::string> targets = {
        "//etc/passwd",
        "///etc/passwd",
        "/%2Fetc/passwd",
        "/%2fetc%2fpasswd",
        "/%2F%2Fetc%2Fpasswd",
        "//proc/self/environ",
        "/%2fproc%2fself%2fenviron",
        "/" + db,
        "/%2F" + db_relative,
        "//" + db_relative + "-wal",
        "/..%2Fsecret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/.%2e/secret.txt",
        "/%2e./secret.txt",
        "/..%5Csecret.txt",
        "/..%5c..%5csecret.txt",
        "/%5C%5Cetc%5Cpasswd",
        "/%c0%ae%c0%ae/secret.txt",
        "/%c0%ae%c0%ae%c0%afsecret.txt",
        "/%e0%80%ae%e0%80%ae/secret.txt",
        "/..%c1%9csecret.txt",
        "/assets/../../secret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt",
        "/./../secret.txt",
        "/..;/secret.txt",
        "/%252e%252e/secret.txt",
        "/..%255csecret.txt",
        "/....//secret.txt",
        "/%00/../secret.txt",
        "/index.html%00/../../secret.txt",
        "/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/assets/..%2f..%2fsecret.txt",
    };
    ASSERT_GE(targets.size(), 30u);
    for (const auto& target : targets) {
        const Reply r = request(port, "GET", target);
        EXPECT_TRUE(r.status == 404 || r.status == 400 || (r.status == 200 && r.body.find("<title>Giảm nghèo") !=
                                                                                   std::string::npos))
            << target << " → " << r.status << "\n" << r.body.substr(0, 200);
        for (const char* leak : {"TOP-SECRET", "root:", "SQLite format 3", "PATH="})
            EXPECT_EQ(r.body.find(leak), std::string::npos) << target << " leaked " << leak;
    }
    // A missing asset is missing, never index.html cached for a year.
    const Reply missing = request(port, "GET", "/assets/chunk-without-extension");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.header("Cache-Control").find("immutable"), std::string::npos);
}

TEST_F(ServerHttp, AccessLogHasOneJsonLinePerRequest) {
    request(port, "GET", "/healthz?probe=1");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::ifstream log(dir->path("access.log"));
    bool found = false;
    for (std::string line; std::getline(log, line);) {
        const json entry = json::parse(line);
        for (const char* key : {"method", "path", "status", "duration_ms", "user", "remote"})
            EXPECT_TRUE(entry.contains(key)) << line;
        if (entry["path"] == "/healthz" && entry["status"] == 200) found = true;
    }
    EXPECT_TRUE(found);
}

// Last (gtest runs a suite's tests in order): stops the shared server.
TEST_F(ServerHttp, StopsGracefullyOnSigterm) {
    const int idle = connect_loopback(port);
    ASSERT_GE(idle, 0);
    ASSERT_EQ(::kill(pid, SIGTERM), 0);
    int status = -1;
    for (int i = 0; i < 100; ++i) {
        if (::waitpid(pid, &status, WNOHANG) == pid) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::close(idle);
    ASSERT_TRUE(WIFEXITED(status)) << "still running 5 s after SIGTERM";
    EXPECT_EQ(WEXITSTATUS(status), 0);
    EXPECT_NE(io::read_file(dir->path("err.txt")).find("Đã dừng máy chủ"), std::string::npos);
    pid = 0;
}

TEST(ServerCli, UsersAddReadsThePasswordFromStandardInput) {
    TempDir dir;
    const std::string db = "--db '" + dir.path("u.db") + "' ";
    ASSERT_EQ(run_cli(db + "units import '" + kUnitsFixture + "'").status, 0);
    write_text(dir.path("pw"), "mot-mat-khau-dai\n");
    const auto added = run_cli(db + "users add --username tinh --role province_officer --unit 38 < '" +
                               dir.path("pw") + "'");
    ASSERT_EQ(added.status, 0) << added.err;
    EXPECT_EQ(run_cli(db + "users list").out, "tinh\tprovince_officer\t38\tactive\ttinh\n");
    write_text(dir.path("short"), "ngan\n");
    EXPECT_NE(run_cli(db + "users add --username x --role admin < '" + dir.path("short") + "'").status, 0);
    EXPECT_NE(
        run_cli(db + "users add --username y --role viewer --unit 99999 < '" + dir.path("pw") + "'").status,
        0);
}

}  // namespace
}  // namespace giamngheo::test
