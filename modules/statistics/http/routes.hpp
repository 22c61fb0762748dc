// The statistics capability's routes: a round's figures by level on either map, and its
// transitions from the approved rounds before it.
#pragma once

#include "modules/accounts/http/web_context.hpp"
#include "modules/review/http/round_cache.hpp"
#include "server/router.hpp"

namespace giamngheo::app {

void register_statistics_routes(server::Router& router, accounts::WebContext& web, RoundCache& rounds);

}  // namespace giamngheo::app
