#include "server/http_server.hpp"

#include <atomic>
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

}  // namespace

struct HttpServer::Impl {
    ServerOptions options;
    Dispatcher dispatcher;
    asio::io_context ioc;
    tcp::acceptor acceptor{ioc};
    asio::signal_set signals{ioc, SIGINT, SIGTERM};
    std::atomic<bool> stopping{false};
    std::atomic<int> in_flight{0};
    std::mutex log_mutex;

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
    void begin_shutdown();
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(tcp::socket socket, HttpServer::Impl& server) : stream_(std::move(socket)), server_(server) {}

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
        Request request = to_request(message);
        Response response;
        ++server_.in_flight;
        try {
            response = server_.dispatcher(request);
        } catch (const std::exception&) {
            response = plain_error(500, "internal", "Lỗi máy chủ; vui lòng thử lại sau.");
        }
        --server_.in_flight;
        server_.log(request, response, std::chrono::steady_clock::now() - started);
        write(std::move(response), message.keep_alive() && !server_.stopping, message.version());
    }

    Request to_request(const http::request<http::string_body>& message) {
        Request r;
        r.method = std::string(message.method_string());
        const std::string target(message.target());
        const auto question = target.find('?');
        r.path = percent_decode(target.substr(0, question), false).value_or(target.substr(0, question));
        if (question != std::string::npos) r.query = parse_query(target.substr(question + 1));
        for (const auto& field : message)
            r.headers[lower(std::string_view(field.name_string().data(), field.name_string().size()))] =
                std::string(field.value());
        r.body = message.body();
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
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
};

}  // namespace

void HttpServer::Impl::accept() {
    acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
        if (stopping) return;
        if (!ec) std::make_shared<Session>(std::move(socket), *this)->start();
        accept();
    });
}

void HttpServer::Impl::begin_shutdown() {
    if (stopping.exchange(true)) return;
    beast::error_code ec;
    acceptor.close(ec);
    signals.cancel();
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
}

HttpServer::~HttpServer() = default;

unsigned short HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }

void HttpServer::run() {
    impl_->signals.async_wait([this](beast::error_code ec, int) {
        if (!ec) impl_->begin_shutdown();
    });
    impl_->accept();
    std::vector<std::thread> threads;
    for (int i = 1; i < impl_->options.threads; ++i) threads.emplace_back([this] { impl_->ioc.run(); });
    impl_->ioc.run();
    for (auto& t : threads) t.join();
}

void HttpServer::stop() {
    asio::post(impl_->ioc, [this] { impl_->begin_shutdown(); });
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
