// The routes of the follow-up of households that left poverty: a household's visits, recording
// one, and the list a unit follows.
#pragma once

#include "modules/accounts/http/web_context.hpp"
#include "modules/followup/ports/follow_up_store.hpp"
#include "modules/review/http/round_cache.hpp"
#include "server/router.hpp"
#include "storage/pool.hpp"

namespace giamngheo::app {

using FollowUpStorePool = store::Pool<store::FollowUpStore>;

void register_followup_routes(server::Router& router, accounts::WebContext& web, RoundCache& rounds,
                              FollowUpStorePool& follow_up_stores);

}  // namespace giamngheo::app
