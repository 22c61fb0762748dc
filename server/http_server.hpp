// The HTTP/1.1 listener: the one place that knows Boost.Beast. It parses requests within the
// limits below into server::Request, calls the dispatcher on a small pool of I/O threads (heavy
// requests on a bounded pool of their own), writes the Response, and logs one JSON line per
// request. Stops gracefully on SIGINT/SIGTERM or stop().
//
// Against exhaustion: at most `max_connections_per_client` connections from one address and
// `max_connections` in all (derived from the descriptor limit, which the server raises to its
// hard limit); a connection over either cap is reset at accept. When accept fails for want of
// descriptors or memory the listener waits (50 ms, doubling to 1 s) instead of retrying at once.
// Requests the `is_heavy` classifier picks run on the heavy pool, never on the I/O threads; when
// that pool and its queue are full the answer is at once 503 "busy" with Retry-After.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "server/router.hpp"
#include "server/work_pool.hpp"

namespace giamngheo::server {

struct ServerOptions {
    std::string address = "127.0.0.1";
    unsigned short port = 8080;  // 0: any free port (see HttpServer::port)
    int threads = 3;             // I/O threads: parse, light requests, write
    std::size_t body_limit = 64u << 20;  // imports carry whole spreadsheets
    std::size_t header_limit = 16u << 10;
    std::chrono::seconds read_timeout{30};    // to receive a whole request once it has started
    std::chrono::seconds idle_timeout{15};    // a new or kept-alive connection with nothing to say
    std::chrono::seconds shutdown_grace{10};  // how long requests in flight may finish
    // Connections from one remote address at once (0: no cap). Behind a reverse proxy every
    // client has the proxy's address: raise it or turn it off there.
    int max_connections_per_client = 64;
    // Connections at once in all; 0: derived from the descriptor limit (RLIMIT_NOFILE, raised to
    // its hard limit at start), leaving room for the store's files and the heavy work.
    int max_connections = 0;
    // Requests for which is_heavy answers true run on the heavy pool: `heavy_threads` threads and
    // up to `heavy_queue` waiting; beyond that, 503 busy. No classifier: nothing is heavy.
    std::function<bool(const Request&)> is_heavy;
    int heavy_threads = 2;
    std::size_t heavy_queue = 4;
    // A pool to use instead of making one from heavy_threads/heavy_queue (to share it with other
    // heavy work of the process). It must outlive the server.
    std::shared_ptr<WorkPool> heavy_pool;
    std::ostream* access_log = nullptr;  // one JSON line per request; nullptr: none
    std::ostream* event_log = nullptr;   // limits, refused connections, accept failures; nullptr: none
};

using Dispatcher = std::function<Response(Request&)>;

class HttpServer {
  public:
    // Binds the listening socket (throws std::runtime_error, Vietnamese, when it cannot).
    HttpServer(ServerOptions options, Dispatcher dispatcher);
    // Waits for heavy requests still running to end.
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    [[nodiscard]] unsigned short port() const;
    // The cap in force on connections in all (max_connections, or the one derived from the limit).
    [[nodiscard]] int max_connections() const;
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

// Raises the soft descriptor limit (RLIMIT_NOFILE) to the hard limit; returns the limit now in force.
long raise_descriptor_limit();

}  // namespace giamngheo::server
