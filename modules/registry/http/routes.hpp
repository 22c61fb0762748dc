// The registry's routes: the household list, one household's record, its edit with If-Match, its
// history, and imports of households and members.
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include "modules/accounts/http/web_context.hpp"
#include "modules/registry/http/household_index.hpp"
#include "server/router.hpp"

namespace giamngheo::app {

// The results of round `round` (nullopt: the latest the user may see) for the list's class
// column and filters; provided by the review capability. nullptr when there is no round.
using RoundResultsSource =
    std::function<std::shared_ptr<const RoundResultsView>(std::optional<std::int64_t> round, const accounts::Session&)>;

void register_registry_routes(server::Router& router, accounts::WebContext& web, HouseholdIndex& index,
                              RoundResultsSource round_results);

}  // namespace giamngheo::app
