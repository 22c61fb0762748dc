// The review capability's routes: rounds (list, run as a job, approve), a round's results, what
// another standard would change, the results as XLSX, a household's classes across rounds and
// why, and the standards there are.
#pragma once

#include "modules/accounts/http/web_context.hpp"
#include "modules/review/http/round_cache.hpp"
#include "server/router.hpp"

namespace giamngheo::app {

void register_review_routes(server::Router& router, accounts::WebContext& web, RoundCache& rounds);

}  // namespace giamngheo::app
