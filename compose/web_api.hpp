// The composition root of the web application: opens the stores at one location, builds what
// the capabilities share (modules/accounts/http/web_context.hpp) and registers every
// capability's routes on one dispatcher. WebApi::handle is the whole request pipeline without
// sockets, for the HTTP server and for tests. Thread-safe.
#pragma once

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "modules/accounts/app/accounts.hpp"
#include "platform/environment.hpp"
#include "server/router.hpp"

namespace giamngheo::compose {

struct WebApiOptions {
    std::string store;  // a location for storage/open_store.hpp
    app::Environment env;
    std::string static_dir;  // the built front end; empty: none
    bool tls_proxy = false;  // behind a TLS-terminating proxy: cookies are Secure
    std::ostream* error_log = &std::cerr;  // details of server faults, one JSON line each; nullptr: none
    std::string work_dir;  // private scratch space (server/work_directory.hpp); empty: FILE.work beside an
                           // SQLite store, a directory of its own under the temporary directory otherwise
};

class WebApi {
  public:
    // Opens the stores (bringing their schema up to date), loads the unit catalogue, and starts
    // building the household list's index in the background.
    explicit WebApi(WebApiOptions options);
    ~WebApi();
    WebApi(const WebApi&) = delete;
    WebApi& operator=(const WebApi&) = delete;

    server::Response handle(server::Request& request);
    // Whether `request` goes to a route that is heavy for it (the HTTP server's heavy pool).
    [[nodiscard]] bool is_heavy(const server::Request& request) const;
    [[nodiscard]] const server::Router& router() const;
    [[nodiscard]] accounts::Accounts& accounts();
    // The OpenAPI 3 document of exactly the registered routes.
    [[nodiscard]] nlohmann::json openapi() const;

    struct Parts;

  private:
    std::unique_ptr<Parts> parts_;
};

}  // namespace giamngheo::compose
