#include "compose/web_api.hpp"

#include <filesystem>
#include <functional>
#include <thread>
#include <vector>

#include "compose/api_schemas.hpp"
#include "modules/accounts/http/routes.hpp"
#include "modules/plans/http/routes.hpp"
#include "modules/followup/http/routes.hpp"
#include "modules/procedure/http/routes.hpp"
#include "modules/registry/http/routes.hpp"
#include "modules/reports/http/routes.hpp"
#include "modules/review/http/routes.hpp"
#include "modules/statistics/http/routes.hpp"
#include "modules/units/http/routes.hpp"
#include "server/openapi.hpp"
#include "storage/open_store.hpp"

namespace giamngheo::compose {
namespace {

// A request waits briefly for a lock held by another process (a command-line import) and is
// then answered "busy, retry" instead of being held for the length of that work.
constexpr int kRequestBusyTimeoutMs = 2000;

// Beside an SQLite file; for a database on a server, in the temporary directory under a name of
// the location's own, so that two servers of two databases never empty each other's.
std::string default_work_dir(const std::string& store) {
    if (const auto file = store::store_file(store)) return *file + ".work";
    const std::string name = "giamngheo-" + std::to_string(std::hash<std::string>{}(store)) + ".work";
    return (std::filesystem::temp_directory_path() / name).string();
}

accounts::WebOptions web_options(const WebApiOptions& o, store::RoundChanges* round_changes) {
    accounts::WebOptions web;
    web.open_store = [location = o.store, round_changes] {
        store::StoreOptions options;
        options.busy_timeout_ms = kRequestBusyTimeoutMs;
        options.round_changes = round_changes;
        return store::open_store(location, options);
    };
    web.open_account_store = [location = o.store] { return store::open_account_store(location); };
    web.work_dir = o.work_dir.empty() ? default_work_dir(o.store) : o.work_dir;
    web.env = o.env;
    web.static_dir = o.static_dir;
    web.tls_proxy = o.tls_proxy;
    web.error_log = o.error_log;
    return web;
}

}  // namespace

struct WebApi::Parts {
    explicit Parts(const WebApiOptions& o)
        : round_changes(store::open_round_changes(o.store)),
          web(web_options(o, round_changes.get())),
          plan_stores([location = o.store] { return store::open_plan_store(location); }),
          report_stores([location = o.store] { return store::open_report_store(location); }),
          procedure_stores([location = o.store] { return store::open_procedure_store(location); }),
          follow_up_stores([location = o.store] { return store::open_follow_up_store(location); }),
          index(web),
          rounds(web, round_changes.get()),
          dispatcher({o.static_dir, o.tls_proxy}, web, web.error_log) {
        server::Router& router = dispatcher.router();
        dispatcher.add_server_routes();
        accounts::register_routes(router, web);
        app::register_unit_routes(router, web);
        app::register_registry_routes(router, web, index,
                                      [this](std::optional<std::int64_t> round, const accounts::Session& s) {
                                          return rounds.results_view(round, s);
                                      });
        app::register_review_routes(router, web, rounds);
        app::register_statistics_routes(router, web, rounds);
        app::register_plan_routes(router, web, plan_stores);
        app::register_report_routes(router, web, plan_stores, report_stores, procedure_stores);
        app::register_procedure_routes(router, web, procedure_stores,
                                       [this](store::RegistryStore& registry, const std::vector<std::string>& ids) {
                                           index.refresh(registry, ids);
                                       });
        app::register_followup_routes(router, web, rounds, follow_up_stores);
        std::vector<nlohmann::json> schema_files;
        for (const char* text : kApiSchemaFiles) schema_files.push_back(nlohmann::json::parse(text));
        dispatcher.use_schemas(server::merge_api_schemas(schema_files));
    }

    // Before the stores that tell it of this process's own writes, so that it outlives them.
    std::unique_ptr<store::RoundChanges> round_changes;
    accounts::WebContext web;
    app::PlanStorePool plan_stores;
    app::ReportStorePool report_stores;
    app::ProcedureStorePool procedure_stores;
    app::FollowUpStorePool follow_up_stores;
    app::HouseholdIndex index;
    app::RoundCache rounds;
    server::Dispatcher dispatcher;
    std::thread index_builder;
};

WebApi::WebApi(WebApiOptions options) : parts_(std::make_unique<Parts>(options)) {
    // The household list's index takes seconds for a national registry: build it now rather than
    // on the first officer's request. A failure here is met again, and reported, by that request.
    parts_->index_builder = std::thread([parts = parts_.get()] {
        try {
            parts->index.ensure();
        } catch (const std::exception&) {
        }
    });
}

WebApi::~WebApi() { parts_->index_builder.join(); }

server::Response WebApi::handle(server::Request& request) { return parts_->dispatcher.handle(request); }

bool WebApi::is_heavy(const server::Request& request) const { return parts_->dispatcher.is_heavy(request); }

const server::Router& WebApi::router() const { return parts_->dispatcher.router(); }

accounts::Accounts& WebApi::accounts() { return parts_->web.accounts; }

nlohmann::json WebApi::openapi() const { return parts_->dispatcher.openapi(); }

}  // namespace giamngheo::compose
