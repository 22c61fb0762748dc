// The routes of implementation plans: list, plan document, edit with If-Match, checks,
// disbursement, targets, and the DOCX and XLSX downloads.
#pragma once

#include "modules/accounts/http/web_context.hpp"
#include "modules/plans/ports/plan_store.hpp"
#include "server/router.hpp"
#include "storage/pool.hpp"

namespace giamngheo::app {

using PlanStorePool = store::Pool<store::PlanStore>;

void register_plan_routes(server::Router& router, accounts::WebContext& web, PlanStorePool& plan_stores);

}  // namespace giamngheo::app
