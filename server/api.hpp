// The HTTP API of docs/API.md as plain handlers over app/ use cases. Api::handle is the whole
// request pipeline without sockets: routing, sign-in, capability and CSRF checks
// (server/authorization.hpp), the handler, and the mapping of every error to HTTP in one place.
// Thread-safe: handlers run concurrently on the server's threads.
#pragma once

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "app/environment.hpp"
#include "server/accounts.hpp"
#include "server/router.hpp"

namespace giamngheo::server {

struct ApiOptions {
    std::string db_path;
    app::Environment env;
    std::string static_dir;  // the built front end; empty: none
    bool tls_proxy = false;  // behind a TLS-terminating proxy: cookies are Secure
    std::ostream* error_log = &std::cerr;  // details of server faults, one JSON line each; nullptr: none
};

class Api {
  public:
    // Opens the store at db_path (bringing its schema up to date) and loads the unit catalogue.
    explicit Api(ApiOptions options);
    ~Api();
    Api(const Api&) = delete;
    Api& operator=(const Api&) = delete;

    Response handle(Request& request);
    // Whether `request` goes to a route marked heavy (server/authorization.cpp): for the HTTP
    // server, to run it on its heavy pool. Only matches the route; changes nothing.
    [[nodiscard]] bool is_heavy(const Request& request) const;

    [[nodiscard]] const Router& router() const;
    [[nodiscard]] Accounts& accounts();
    // The OpenAPI 3 document of exactly the registered routes.
    [[nodiscard]] nlohmann::json openapi() const;

    struct State;

  private:
    std::unique_ptr<State> state_;
};

}  // namespace giamngheo::server
