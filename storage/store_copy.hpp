// Moving a registry between stores (`giamngheo store copy`): a commune's embedded store into the
// province's server, or a commune's extract out of it, either engine to either engine.
#pragma once

#include <string>

#include "storage/store.hpp"

namespace giamngheo::store {

struct CopySummary {
    bool units_copied = false;  // false: the target had the same catalogue already
    ImportSummary households;
    long rounds_copied = 0;
    long rounds_present = 0;  // the target held the same round already (a copy run again)
};

// Copies into `to` the units of `from` (when `to` has none; when it has, they must be the same
// catalogue, else conflict and nothing is written), its active households as they are now (one
// import: all or nothing, the same refusals as an import, checked by a dry run before anything is
// written) and its rounds with their results and approvals (a round that `to` holds already, the
// same as run with the same results, is left alone, so that a copy run again after a failure
// completes it). Then every household of `from` is checked to be in `to` as `from` has it (a
// difference is a fault). Every write is audited as `actor`'s. Not copied: earlier versions of households,
// households taken off the registry, plans, reports, the procedure's steps and requests, follow-up
// visits, users and the audit log (a commune's store carries them in its backup instead).
CopySummary copy_store(Store& from, Store& to, const Actor& actor);

}  // namespace giamngheo::store
