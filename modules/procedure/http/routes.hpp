// The routes of the review procedure: the procedure as configured, a round's cases and where each
// village stands, one household's case with its history, a step taken for households (all or
// none), a household surveyed on the forms of Circular 07, and the requests households file between reviews.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "modules/accounts/http/web_context.hpp"
#include "modules/procedure/ports/procedure_store.hpp"
#include "server/router.hpp"
#include "storage/pool.hpp"

namespace giamngheo::app {

using ProcedureStorePool = store::Pool<store::ProcedureStore>;

// Told of the households a survey wrote into the registry (the household list keeps its index).
using HouseholdsWritten = std::function<void(store::RegistryStore&, const std::vector<std::string>&)>;

void register_procedure_routes(server::Router& router, accounts::WebContext& web, ProcedureStorePool& procedure_stores,
                               HouseholdsWritten households_written);

}  // namespace giamngheo::app
