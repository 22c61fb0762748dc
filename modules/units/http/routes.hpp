// The units capability's routes: the units under a unit (or the provinces), and one unit with
// the units above it, on either map.
#pragma once

#include "modules/accounts/http/web_context.hpp"
#include "server/router.hpp"

namespace giamngheo::app {

void register_unit_routes(server::Router& router, accounts::WebContext& web);

}  // namespace giamngheo::app
