// The HTTP surface as plain values: a Request and a Response that know nothing of sockets, and a
// Router that maps method + path pattern to a handler. The Beast adapter (http_server.cpp) is the
// only code that turns bytes into these; handlers and their tests use only this header.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kernel/capability.hpp"

namespace giamngheo::server {

struct Request {
    std::string method;                          // GET, POST, PUT, DELETE
    std::string path;                            // decoded path without the query
    std::map<std::string, std::string> query;    // decoded; the last value wins
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;
    std::string remote_address;
    std::map<std::string, std::string> params;  // path parameters, filled by the router

    [[nodiscard]] std::string header(const std::string& lower_name) const;
    [[nodiscard]] std::string query_value(const std::string& name, const std::string& fallback = "") const;
    [[nodiscard]] std::string param(const std::string& name) const;
    [[nodiscard]] std::string cookie(const std::string& name) const;
};

struct Response {
    int status = 200;
    std::string content_type = "application/json; charset=utf-8";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string user;  // who made the request, for the access log (empty: nobody signed in)
    bool cacheable = false;  // a static file with its own Cache-Control; everything else is no-store

    static Response json(int status, std::string body);
    static Response no_content();
};


using Handler = std::function<Response(Request&)>;

// Whether a request to a route is heavy (runs on the server's heavy pool): most routes are
// always or never; some only when their figures are not already at hand.
using HeavyWhen = std::function<bool(const Request&)>;
inline const HeavyWhen kNeverHeavy = nullptr;
inline const HeavyWhen kAlwaysHeavy = [](const Request&) { return true; };

struct Route {
    std::string method;
    std::string pattern;  // "/api/v1/households/{id}": a {name} segment matches one path segment
    Capability capability = Capability::signed_in;
    std::string summary;  // for the OpenAPI document
    Handler handler;
    HeavyWhen heavy;  // unset: never heavy
    bool scoped = false;  // reads or writes data of a unit, checked against the user's scope by the handler
};

class Router {
  public:
    void add(Route route);

    struct Match {
        const Route* route = nullptr;
        std::vector<std::string> allowed;  // when no route: the methods this path has (405 with Allow)
    };
    // Finds the route for `request` and fills request.params; route is nullptr when none matches.
    [[nodiscard]] Match match(Request& request) const;

    [[nodiscard]] const std::vector<Route>& routes() const { return routes_; }

  private:
    std::vector<Route> routes_;
};

// Splits "a=1&b=x%20y" into decoded pairs ('+' is a space).
[[nodiscard]] std::map<std::string, std::string> parse_query(const std::string& query);
// Percent-decodes; nullopt on a malformed escape.
[[nodiscard]] std::optional<std::string> percent_decode(const std::string& text, bool plus_is_space);

}  // namespace giamngheo::server
