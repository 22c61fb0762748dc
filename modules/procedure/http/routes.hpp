// The routes of the review procedure: the procedure as configured, a round's cases and where each
// village stands, one household's case with its history, a step taken for households (all or
// none), and the requests households file between reviews.
#pragma once

#include "modules/accounts/http/web_context.hpp"
#include "modules/procedure/ports/procedure_store.hpp"
#include "server/router.hpp"
#include "storage/pool.hpp"

namespace giamngheo::app {

using ProcedureStorePool = store::Pool<store::ProcedureStore>;

void register_procedure_routes(server::Router& router, accounts::WebContext& web, ProcedureStorePool& procedure_stores);

}  // namespace giamngheo::app
