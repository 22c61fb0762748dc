#include "server/http_server.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cmath>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <vector>

namespace giamngheo::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

Response plain_error(int status, const char* code, const char* message) {
    nlohmann::json body = {{"error", {{"code", code}, {"message", message}}}};
    return Response::json(status, body.dump());
}

Response busy_response() {
    Response r = plain_error(503, "busy",
                             "Máy chủ đang bận xử lý các yêu cầu lớn; vui lòng thử lại sau ít giây.");
    r.headers.emplace_back("Retry-After", "5");
    r.headers.emplace_back("Cache-Control", "no-store");
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    return r;
}

// The key connections are counted under: the address, an IPv4-mapped IPv6 one as IPv4.
std::string client_key(const asio::ip::address& address) {
    if (address.is_v6() && address.to_v6().is_v4_mapped())
        return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
    return address.to_string();
}

// Resets a connection (RST, no TIME_WAIT) without a word: the cheapest refusal there is.
void reset(tcp::socket& socket) {
    beast::error_code ec;
    socket.set_option(asio::socket_base::linger(true, 0), ec);
    socket.close(ec);
}

// Room kept below the descriptor limit for what is not a connection: the store's files (a few
// per borrowed connection), an import's files and spill, read-ahead, the heavy work's scratch.
int derived_max_connections(long limit) {
    const long reserve = std::max(128L, limit / 8);
    const long cap = std::max(limit - reserve, limit / 2);
    return static_cast<int>(std::clamp(cap, 1L, 1L << 20));
}

}  // namespace

long raise_descriptor_limit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
    }
    if (limit.rlim_cur == RLIM_INFINITY) return 1L << 20;
    return static_cast<long>(limit.rlim_cur);
}

struct HttpServer::Impl {
    ServerOptions options;
    Dispatcher dispatcher;
    int max_connections = 0;
    long descriptor_limit = 0;

    // Open connections, by client address and in all. Declared before the io_context: sessions
    // still held by its handlers when it is destroyed give their place back here.
    std::mutex connections_mutex;
    std::unordered_map<std::string, int> per_client;
    int connections = 0;

    // Heavy requests handed to the pool and not yet finished (the destructor waits for them).
    std::shared_ptr<WorkPool> heavy_pool;
    std::mutex heavy_mutex;
    std::condition_variable heavy_done;
    int heavy_outstanding = 0;

    // Event log state: refusals are counted and written at most once a second.
    std::mutex event_mutex;
    long refused_per_client = 0, refused_global = 0;
    std::string last_refused;
    std::chrono::steady_clock::time_point last_refusal_log{};
    bool refusal_flush_armed = false;
    // Accept back-off (touched only by the accept loop, one operation at a time).
    std::chrono::milliseconds accept_delay{0};
    long accept_failures = 0;
    std::chrono::steady_clock::time_point accept_failing_since{};

    asio::io_context ioc;
    // The acceptor, its timers and the shutdown run on one strand: never two at once.
    asio::strand<asio::io_context::executor_type> accept_strand{asio::make_strand(ioc)};
    tcp::acceptor acceptor{accept_strand};
    asio::signal_set signals{ioc, SIGINT, SIGTERM};
    asio::steady_timer accept_timer{accept_strand};
    asio::steady_timer refusal_timer{accept_strand};
    std::atomic<bool> stopping{false};
    std::atomic<int> in_flight{0};
    std::mutex log_mutex;

    void event(nlohmann::json line) {
        if (!options.event_log) return;
        const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
        std::lock_guard lock(log_mutex);
        *options.event_log << text << std::flush;
    }

    // Takes a place for a connection from `client`; false when a cap is reached. On the accept strand.
    bool admit(const std::string& client) {
        bool global = false;
        {
            std::lock_guard lock(connections_mutex);
            if (connections >= max_connections) {
                global = true;
            } else {
                int& mine = per_client[client];
                if (options.max_connections_per_client <= 0 || mine < options.max_connections_per_client) {
                    ++mine;
                    ++connections;
                    return true;
                }
            }
        }
        refused(client, global);
        return false;
    }

    void release(const std::string& client) {
        std::lock_guard lock(connections_mutex);
        --connections;
        auto it = per_client.find(client);
        if (it != per_client.end() && --it->second <= 0) per_client.erase(it);
    }

    void refused(const std::string& client, bool global) {
        std::lock_guard lock(event_mutex);
        ++(global ? refused_global : refused_per_client);
        last_refused = client;
        const auto now = std::chrono::steady_clock::now();
        if (now - last_refusal_log >= std::chrono::seconds(1)) return write_refusals(now);
        if (refusal_flush_armed || stopping) return;
        refusal_flush_armed = true;
        refusal_timer.expires_at(last_refusal_log + std::chrono::seconds(1));
        refusal_timer.async_wait([this](beast::error_code ec) {
            std::lock_guard again(event_mutex);
            refusal_flush_armed = false;
            if (!ec && refused_per_client + refused_global > 0) write_refusals(std::chrono::steady_clock::now());
        });
    }

    // With event_mutex held.
    void write_refusals(std::chrono::steady_clock::time_point now) {
        int open = 0;
        {
            std::lock_guard lock(connections_mutex);
            open = connections;
        }
        event({{"event", "connections_refused"},
               {"per_client_cap", refused_per_client},
               {"global_cap", refused_global},
               {"last_client", last_refused},
               {"open", open},
               {"message", "kết nối bị từ chối vì vượt giới hạn (mỗi địa chỉ " +
                               std::to_string(options.max_connections_per_client) + ", tổng " +
                               std::to_string(max_connections) + ")"}});
        refused_per_client = refused_global = 0;
        last_refusal_log = now;
    }

    void heavy_finished() {
        // Notified under the lock: the destructor may go on the moment it is released.
        std::lock_guard lock(heavy_mutex);
        --heavy_outstanding;
        heavy_done.notify_all();
    }

    void log(const Request& request, const Response& response, std::chrono::steady_clock::duration took) {
        if (!options.access_log) return;
        const double ms = std::chrono::duration<double, std::milli>(took).count();
        nlohmann::json line = {{"method", request.method},  {"path", request.path},
                               {"status", response.status}, {"duration_ms", std::round(ms * 1000) / 1000},
                               {"user", response.user},     {"remote", request.remote_address}};
        const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
        std::lock_guard lock(log_mutex);
        *options.access_log << text << std::flush;
    }

    void accept();
    void accepted(tcp::socket socket);
    void accept_failed(beast::error_code ec);
    void begin_shutdown();
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(tcp::socket socket, HttpServer::Impl& server, std::string client)
        : stream_(std::move(socket)), server_(server), client_(std::move(client)) {}
    ~Session() { server_.release(client_); }
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    void start() { read(); }

  private:
    void read() {
        parser_.emplace();
        parser_->body_limit(server_.options.body_limit);
        parser_->header_limit(static_cast<std::uint32_t>(server_.options.header_limit));
        // Idle until the first byte, then the whole request within the read timeout: a slow
        // sender cannot hold a thread, and an idle keep-alive connection costs only memory.
        stream_.expires_after(server_.options.idle_timeout);
        http::async_read_header(
            stream_, buffer_, *parser_,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
    }

    void on_header(beast::error_code ec) {
        if (ec) return fail(ec);
        stream_.expires_after(server_.options.read_timeout);
        http::async_read(stream_, buffer_, *parser_,
                         [self = shared_from_this()](beast::error_code e, std::size_t) { self->on_read(e); });
    }

    void on_read(beast::error_code ec) {
        if (ec) return fail(ec);
        const auto started = std::chrono::steady_clock::now();
        auto& message = parser_->get();
        const bool keep_alive = message.keep_alive();
        const unsigned version = message.version();
        Request request = to_request(message);
        if (server_.options.is_heavy && server_.heavy_pool && server_.options.is_heavy(request))
            return dispatch_heavy(std::move(request), keep_alive, version, started);
        ++server_.in_flight;
        Response response = call(request);
        --server_.in_flight;
        server_.log(request, response, std::chrono::steady_clock::now() - started);
        write(std::move(response), keep_alive && !server_.stopping, version);
    }

    Response call(Request& request) {
        try {
            return server_.dispatcher(request);
        } catch (const std::exception&) {
            return plain_error(500, "internal", "Lỗi máy chủ; vui lòng thử lại sau.");
        }
    }

    // On the heavy pool, never on an I/O thread; the answer is written back on this connection's
    // strand. Nothing is read from the connection meanwhile (HTTP/1.1 answers in order).
    void dispatch_heavy(Request request, bool keep_alive, unsigned version,
                        std::chrono::steady_clock::time_point started) {
        auto& server = server_;
        ++server.in_flight;
        {
            std::lock_guard lock(server.heavy_mutex);
            ++server.heavy_outstanding;
        }
        auto shared = std::make_shared<Request>(std::move(request));
        const bool queued = server.heavy_pool->try_submit([self = shared_from_this(), shared, keep_alive, version,
                                                           started]() mutable {
            auto& srv = self->server_;
            // Still queued when the grace period ended: nobody will write the answer.
            if (!srv.ioc.stopped()) {
                auto response = std::make_shared<Response>(self->call(*shared));
                auto executor = self->stream_.get_executor();
                asio::post(executor, [self = std::move(self), shared, response, keep_alive, version, started] {
                    auto& s = self->server_;
                    --s.in_flight;
                    s.log(*shared, *response, std::chrono::steady_clock::now() - started);
                    self->write(std::move(*response), keep_alive && !s.stopping, version);
                });
            } else {
                --srv.in_flight;
                self.reset();
            }
            srv.heavy_finished();
        });
        if (queued) return;
        --server.in_flight;
        server.heavy_finished();
        Response response = busy_response();
        server.log(*shared, response, std::chrono::steady_clock::now() - started);
        write(std::move(response), keep_alive && !server.stopping, version);
    }

    Request to_request(http::request<http::string_body>& message) {
        Request r;
        r.method = std::string(message.method_string());
        const std::string target(message.target());
        const auto question = target.find('?');
        r.path = percent_decode(target.substr(0, question), false).value_or(target.substr(0, question));
        if (question != std::string::npos) r.query = parse_query(target.substr(question + 1));
        for (const auto& field : message)
            r.headers[lower(std::string_view(field.name_string().data(), field.name_string().size()))] =
                std::string(field.value());
        r.body = std::move(message.body());
        beast::error_code ec;
        const auto endpoint = stream_.socket().remote_endpoint(ec);
        if (!ec) r.remote_address = endpoint.address().to_string();
        return r;
    }

    void write(Response response, bool keep_alive, unsigned version) {
        auto message = std::make_shared<http::response<http::string_body>>(
            static_cast<http::status>(response.status), version);
        message->set(http::field::server, "giamngheo");
        if (!response.content_type.empty()) message->set(http::field::content_type, response.content_type);
        for (const auto& [name, value] : response.headers) message->insert(name, value);
        message->body() = std::move(response.body);
        message->keep_alive(keep_alive);
        message->prepare_payload();
        stream_.expires_after(server_.options.read_timeout);
        http::async_write(stream_, *message,
                          [self = shared_from_this(), message](beast::error_code ec, std::size_t) {
                              if (ec) return;
                              if (!message->keep_alive()) return self->close();
                              self->read();
                          });
    }

    void fail(beast::error_code ec) {
        // Limits exceeded get an answer; a closed or timed-out connection does not.
        if (ec == http::error::body_limit) {
            write(plain_error(413, "too_large", "Yêu cầu quá lớn."), false, 11);
        } else if (ec == http::error::header_limit) {
            write(plain_error(431, "headers_too_large", "Phần đầu yêu cầu quá lớn."), false, 11);
        } else if (ec != http::error::end_of_stream && ec != beast::error::timeout &&
                   ec != asio::error::operation_aborted && ec != asio::error::connection_reset &&
                   ec != asio::error::eof) {
            write(plain_error(400, "bad_request", "Yêu cầu HTTP không hợp lệ."), false, 11);
        } else {
            close();
        }
    }

    void close() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    }

    beast::tcp_stream stream_;
    HttpServer::Impl& server_;
    std::string client_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
};

}  // namespace

void HttpServer::Impl::accept() {
    acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
        if (stopping || ec == asio::error::operation_aborted) return;
        if (ec) return accept_failed(ec);
        accepted(std::move(socket));
        accept();
    });
}

void HttpServer::Impl::accepted(tcp::socket socket) {
    if (accept_failures > 0) {
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - accept_failing_since).count();
        event({{"event", "accept_recovered"},
               {"failures", accept_failures},
               {"seconds", std::round(seconds * 1000) / 1000},
               {"message", "máy chủ nhận kết nối trở lại"}});
        accept_failures = 0;
        accept_delay = std::chrono::milliseconds(0);
    }
    beast::error_code ec;
    const auto endpoint = socket.remote_endpoint(ec);
    if (ec) return reset(socket);
    std::string client = client_key(endpoint.address());
    if (!admit(client)) return reset(socket);
    std::make_shared<Session>(std::move(socket), *this, std::move(client))->start();
}

// A connection the client gave up before it was taken is no reason to wait; anything else
// (descriptors or memory exhausted, above all) would fail again at once: the listener waits,
// 50 ms doubling to 1 s, while connections in progress end and free what they hold.
void HttpServer::Impl::accept_failed(beast::error_code ec) {
    if (ec == asio::error::connection_aborted || ec == asio::error::interrupted ||
        ec == asio::error::would_block || ec == asio::error::try_again)
        return accept();
    using std::chrono::milliseconds;
    accept_delay = accept_delay.count() == 0 ? milliseconds(50) : std::min(accept_delay * 2, milliseconds(1000));
    if (accept_failures++ == 0) {
        accept_failing_since = std::chrono::steady_clock::now();
        int open = 0;
        {
            std::lock_guard lock(connections_mutex);
            open = connections;
        }
        event({{"event", "accept_failing"},
               {"error", ec.message()},
               {"open", open},
               {"descriptor_limit", descriptor_limit},
               {"message", "không nhận được kết nối mới (" + ec.message() +
                               "); thử lại sau 50 ms, rồi thưa dần tới 1 giây"}});
    }
    accept_timer.expires_after(accept_delay);
    accept_timer.async_wait([this](beast::error_code e) {
        if (!e && !stopping) accept();
    });
}

void HttpServer::Impl::begin_shutdown() {
    if (stopping.exchange(true)) return;
    beast::error_code ec;
    acceptor.close(ec);
    signals.cancel();
    accept_timer.cancel();
    refusal_timer.cancel();
    // Poll until requests in flight are done (or the grace period ends), then stop every thread;
    // idle keep-alive connections are simply dropped.
    auto timer = std::make_shared<asio::steady_timer>(ioc);
    auto deadline = std::chrono::steady_clock::now() + options.shutdown_grace;
    auto poll = std::make_shared<std::function<void()>>();
    *poll = [this, timer, deadline, poll]() {
        if (in_flight == 0 || std::chrono::steady_clock::now() >= deadline) {
            ioc.stop();
            return;
        }
        timer->expires_after(std::chrono::milliseconds(20));
        timer->async_wait([poll](beast::error_code) { (*poll)(); });
    };
    (*poll)();
}

HttpServer::HttpServer(ServerOptions options, Dispatcher dispatcher) : impl_(std::make_unique<Impl>()) {
    impl_->options = std::move(options);
    impl_->dispatcher = std::move(dispatcher);
    beast::error_code ec;
    const auto address = asio::ip::make_address(impl_->options.address, ec);
    if (ec) throw std::runtime_error("địa chỉ lắng nghe \"" + impl_->options.address + "\" không hợp lệ");
    const tcp::endpoint endpoint(address, impl_->options.port);
    auto& acceptor = impl_->acceptor;
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
        throw std::runtime_error("không lắng nghe được trên " + impl_->options.address + ":" +
                                 std::to_string(impl_->options.port) + " (" + ec.message() + ")");

    auto& o = impl_->options;
    impl_->descriptor_limit = raise_descriptor_limit();
    impl_->max_connections = o.max_connections > 0 ? o.max_connections
                                                    : derived_max_connections(impl_->descriptor_limit);
    if (o.is_heavy) {
        impl_->heavy_pool = o.heavy_pool ? o.heavy_pool
                                         : std::make_shared<WorkPool>(std::max(o.heavy_threads, 1), o.heavy_queue);
    }
    impl_->event({{"event", "limits"},
                  {"descriptor_limit", impl_->descriptor_limit},
                  {"max_connections", impl_->max_connections},
                  {"max_connections_per_client", o.max_connections_per_client},
                  {"idle_timeout_s", o.idle_timeout.count()},
                  {"read_timeout_s", o.read_timeout.count()},
                  {"io_threads", o.threads},
                  {"heavy_threads", impl_->heavy_pool ? impl_->heavy_pool->threads() : 0},
                  {"heavy_queue", impl_->heavy_pool ? impl_->heavy_pool->queue_capacity() : 0},
                  {"message", "giới hạn mô tả tệp (RLIMIT_NOFILE) " + std::to_string(impl_->descriptor_limit) +
                                  "; tối đa " + std::to_string(impl_->max_connections) + " kết nối"}});
}

HttpServer::~HttpServer() {
    // Heavy requests still running hold this server (and the dispatcher's state): wait for them.
    impl_->stopping = true;
    std::unique_lock lock(impl_->heavy_mutex);
    impl_->heavy_done.wait(lock, [this] { return impl_->heavy_outstanding == 0; });
}

unsigned short HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }

int HttpServer::max_connections() const { return impl_->max_connections; }

void HttpServer::run() {
    impl_->signals.async_wait([this](beast::error_code ec, int) {
        if (!ec) asio::post(impl_->accept_strand, [this] { impl_->begin_shutdown(); });
    });
    asio::post(impl_->accept_strand, [this] { impl_->accept(); });
    std::vector<std::thread> threads;
    for (int i = 1; i < impl_->options.threads; ++i) threads.emplace_back([this] { impl_->ioc.run(); });
    impl_->ioc.run();
    for (auto& t : threads) t.join();
}

void HttpServer::stop() {
    asio::post(impl_->accept_strand, [this] { impl_->begin_shutdown(); });
}

void parse_listen(const std::string& listen, ServerOptions& options) {
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos)
        throw std::runtime_error("--listen cần dạng địa chỉ:cổng, ví dụ 127.0.0.1:8080");
    std::string host = listen.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    const std::string port = listen.substr(colon + 1);
    int value = -1;
    try {
        std::size_t used = 0;
        value = std::stoi(port, &used);
        if (used != port.size()) value = -1;
    } catch (const std::exception&) {
        value = -1;
    }
    if (value < 0 || value > 65535) throw std::runtime_error("--listen: cổng \"" + port + "\" không hợp lệ");
    options.address = host.empty() ? "0.0.0.0" : host;
    options.port = static_cast<unsigned short>(value);
}

}  // namespace giamngheo::server
