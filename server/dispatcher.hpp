// The request pipeline without sockets: the built front end's files, routing (404, 405 with
// Allow), the gate (sign-in, role, CSRF) that a capability module provides, the handler, and the
// mapping of every error to an HTTP answer in one place (server/error_map). Every answer carries
// the security headers and a request id. Knows no domain: capabilities register their routes.
// Thread-safe once routes are registered.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "server/error_map.hpp"
#include "server/router.hpp"

namespace giamngheo::server {

// Decides who may call a route. admit() throws ApiError 401 (nobody signed in), 403 (the role
// lacks the route's capability, or a write without the CSRF token) and returns the user's name
// for the access log (empty for a public route).
class Gatekeeper {
  public:
    virtual ~Gatekeeper() = default;
    virtual std::string admit(const Request& request, const Route& route) = 0;
};

struct DispatcherOptions {
    std::string static_dir;  // the built front end; empty: none
    bool tls_proxy = false;  // behind a TLS-terminating proxy: HSTS
};

class Dispatcher {
  public:
    Dispatcher(DispatcherOptions options, Gatekeeper& gate, ErrorLog& log);

    // Adds the routes every installation has: /healthz and /api/v1/openapi.json.
    void add_server_routes();
    [[nodiscard]] Router& router() { return router_; }
    [[nodiscard]] const Router& router() const { return router_; }

    Response handle(Request& request);
    // Whether the request goes to a route that is heavy for it; matches only, changes nothing.
    [[nodiscard]] bool is_heavy(const Request& request) const;
    // The body schemas of every route (server/openapi.hpp), given once all routes are registered:
    // a route without its schema, or a schema of no route, is a std::logic_error listing them all,
    // so that the server does not start with an incomplete contract.
    void use_schemas(nlohmann::json schemas);
    // The OpenAPI 3 document of exactly the registered routes, with their schemas when given.
    [[nodiscard]] nlohmann::json openapi() const;

  private:
    Response dispatch(Request& request, std::string& user);
    DispatcherOptions options_;
    Gatekeeper& gate_;
    ErrorLog& log_;
    Router router_;
    nlohmann::json schemas_;
};

}  // namespace giamngheo::server
