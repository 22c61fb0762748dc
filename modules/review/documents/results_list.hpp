// The list of a round's poor and near-poor households as a commune posts it and annexes it to
// the recognition decision: the national heading and the issuing unit, grouped by village with
// a count per village and in all, each household with its head, members, class, income and
// the deprivations that decided it, in Vietnamese labels; and a signature block.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "platform/printed_sheet.hpp"
#include "storage/store.hpp"

namespace giamngheo::app {

struct ResultsListRequest {
    std::int64_t round_id = 0;
    std::string unit;                                           // the issuing unit (a commune, usually)
    std::vector<std::string> classes = {"poor", "near_poor"};  // which households are listed
};

// "poor,near_poor" → {"poor", "near_poor"}; invalid_input (field "classes") for an unknown class.
[[nodiscard]] std::vector<std::string> listed_classes(const std::string& comma_separated);

// `within` says whether a result row lies within the request's unit (the caller's scope rules).
// Errors: not_found when the round or the unit does not exist.
[[nodiscard]] io::PrintedSheet results_list(store::Store& store, const ResultsListRequest& request,
                                            const std::function<bool(const store::ResultRow&)>& within);

}  // namespace giamngheo::app
