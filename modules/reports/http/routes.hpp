// The routes of reports: forms and periods, one report (read, save with If-Match, workflow
// actions, XLSX), marking units below as not reporting, the status board (JSON and XLSX) and
// what is due this week.
#pragma once

#include "modules/accounts/http/web_context.hpp"
#include "modules/plans/ports/plan_store.hpp"
#include "modules/procedure/ports/procedure_store.hpp"
#include "modules/reports/ports/report_store.hpp"
#include "server/router.hpp"
#include "storage/pool.hpp"

namespace giamngheo::app {

using ReportStorePool = store::Pool<store::ReportStore>;

void register_report_routes(server::Router& router, accounts::WebContext& web, store::Pool<store::PlanStore>& plan_stores,
                            ReportStorePool& report_stores, store::Pool<store::ProcedureStore>& procedure_stores);

}  // namespace giamngheo::app
