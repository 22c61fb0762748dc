// The accounts capability's routes: sign-in and sign-out, the signed-in user, users of a unit,
// the audit log, and the jobs a user started.
#pragma once

#include "modules/accounts/http/web_context.hpp"
#include "server/router.hpp"

namespace giamngheo::accounts {

void register_routes(server::Router& router, WebContext& web);

}  // namespace giamngheo::accounts
