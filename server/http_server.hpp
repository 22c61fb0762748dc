// The HTTP/1.1 listener: the one place that knows Boost.Beast. It parses requests within the
// limits below into server::Request, calls the dispatcher on a small pool of threads, writes the
// Response, and logs one JSON line per request. Stops gracefully on SIGINT/SIGTERM or stop().
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "server/router.hpp"

namespace giamngheo::server {

struct ServerOptions {
    std::string address = "127.0.0.1";
    unsigned short port = 8080;  // 0: any free port (see HttpServer::port)
    int threads = 3;
    std::size_t body_limit = 64u << 20;  // imports carry whole spreadsheets
    std::size_t header_limit = 16u << 10;
    std::chrono::seconds read_timeout{30};    // to receive a whole request once it has started
    std::chrono::seconds idle_timeout{120};   // a kept-alive connection with nothing to say
    std::chrono::seconds shutdown_grace{10};  // how long requests in flight may finish
    std::ostream* access_log = nullptr;       // one JSON line per request; nullptr: none
};

using Dispatcher = std::function<Response(Request&)>;

class HttpServer {
  public:
    // Binds the listening socket (throws std::runtime_error, Vietnamese, when it cannot).
    HttpServer(ServerOptions options, Dispatcher dispatcher);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    [[nodiscard]] unsigned short port() const;
    // Serves until stop() or SIGINT/SIGTERM, then lets requests in flight finish.
    void run();
    // Thread-safe; run() returns once requests in flight have finished.
    void stop();

    struct Impl;  // defined in http_server.cpp only

  private:
    std::unique_ptr<Impl> impl_;
};

// Splits "host:port" ("127.0.0.1:8080", "[::1]:8080", ":8080"); throws std::runtime_error.
void parse_listen(const std::string& listen, ServerOptions& options);

}  // namespace giamngheo::server
