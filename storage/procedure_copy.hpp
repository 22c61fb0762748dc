// The review procedure's part of `store copy` (store_copy.hpp): the steps of each household's case
// in the copied rounds and the requests households filed.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "modules/procedure/ports/procedure_store.hpp"
#include "storage/copy_scope.hpp"
#include "storage/store_copy.hpp"

namespace giamngheo::store {

// A round of the source → the same round in the target (run the same, with as many results), 0
// while the target has none yet.
using RoundMatch = std::map<std::int64_t, std::int64_t>;
// Whether the copy takes the case of a household (an extract: its households' only).
using CaseFilter = std::function<bool(const std::string& household_id)>;

// Once every round is in the target (`rounds` names each; a dry run's new rounds are 0): of the
// cases `copies_case` keeps and the requests of communes within `scope`, the steps
// the target lacks of each case, each kept as recorded, and the requests it lacks, holds
// undecided, or holds without the round their case was opened in since; then every case and
// request of the source is checked to be in the target (a difference is a fault).
// Error(conflict) when a case, or a decided or opened request, went another way in the target than
// in the source (a copy would leave two histories of one case): a dry run, which counts only,
// finds it before anything is written.
void copy_procedure(ProcedureStore& from, ProcedureStore& to, const RoundMatch& rounds, const CaseFilter& copies_case,
                    const CopyScope& scope, const CopyRun& run, CopySummary& summary);

}  // namespace giamngheo::store
