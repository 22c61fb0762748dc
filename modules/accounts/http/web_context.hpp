// What every capability's HTTP handlers share: who is asking (the session behind the request,
// checked against the route's capability and the CSRF token: the server's gate), the user's unit
// scope, the unit catalogue, pools of stores, the long-running jobs and the private work
// directory. Built once by the composition root; thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>

#include "modules/accounts/app/accounts.hpp"
#include "modules/accounts/domain/authorization.hpp"
#include "platform/environment.hpp"
#include "server/dispatcher.hpp"
#include "server/error_map.hpp"
#include "server/jobs.hpp"
#include "server/work_directory.hpp"
#include "storage/pool.hpp"
#include "modules/accounts/ports/account_store.hpp"
#include "storage/store.hpp"

namespace giamngheo::accounts {

struct WebOptions {
    // Where the data lives, as the composition root opens it: a store per request thread.
    std::function<std::unique_ptr<store::Store>()> open_store;
    std::function<std::unique_ptr<store::AccountStore>()> open_account_store;
    std::string work_dir;  // private to the server (server/work_directory.hpp)
    app::Environment env;
    std::string static_dir;  // the built front end; empty: none
    bool tls_proxy = false;  // behind a TLS-terminating proxy: cookies are Secure, X-Forwarded-For counts
    std::ostream* error_log = nullptr;
};

class WebContext final : public server::Gatekeeper {
  public:
    explicit WebContext(WebOptions options);

    // server::Gatekeeper: signed in (401), the role has the route's capability (403), a write
    // carries the session's CSRF token (403).
    std::string admit(const server::Request& request, const server::Route& route) override;

    // The session of a request the gate has admitted.
    [[nodiscard]] Session session_of(const server::Request& r);
    // 403 unless `unit` lies within the user's unit.
    void require_unit(const Session& s, const std::string& unit) const;
    // The unit a request is about: ?unit= when given (and within the user's scope), else the user's own.
    [[nodiscard]] std::string unit_param(const server::Request& r, const Session& s) const;
    [[nodiscard]] std::optional<UnitMap> map_param(const server::Request& r) const;
    [[nodiscard]] std::string unit_name(const std::string& code) const;
    [[nodiscard]] nlohmann::json user_json(const User& u) const;
    // What a signed-in user is told of the session: the user, the CSRF token and, on a unit's
    // extract, which unit it holds (the web application says so on every page).
    [[nodiscard]] nlohmann::json session_json(const User& u, const std::string& csrf_token) const;
    // The household `id` as stored now: 404 when there is none, 403 when it lies outside the user's unit.
    [[nodiscard]] store::StoredHousehold household_in_scope(store::RegistryStore& registry, const Session& s,
                                                            const std::string& id) const;
    // The address a request comes from: the client the TLS proxy names, when behind one.
    [[nodiscard]] std::string client_address(const server::Request& r) const;

    WebOptions options;
    server::ErrorLog error_log;
    store::Pool<store::Store> stores;
    Accounts accounts;
    UnitCatalogue units;
    std::optional<store::ExtractMark> extract;  // read at start, as the units are
    Scope scope;
    server::Jobs jobs;
    server::WorkDirectory work;
};

}  // namespace giamngheo::accounts
