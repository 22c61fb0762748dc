// Moving a registry between stores (`giamngheo store copy`): a commune's embedded store into the
// province's server, or a commune's extract out of it, either engine to either engine.
#pragma once

#include <string>

#include "modules/accounts/ports/account_store.hpp"
#include "modules/followup/ports/follow_up_store.hpp"
#include "modules/plans/ports/plan_store.hpp"
#include "modules/procedure/ports/procedure_store.hpp"
#include "modules/reports/ports/report_store.hpp"
#include "storage/store.hpp"

namespace giamngheo::store {

struct CopySummary {
    bool units_copied = false;  // false: the target had the same catalogue already
    ImportSummary households;
    long rounds_copied = 0;
    long rounds_present = 0;  // the target held the same round already (a copy run again)
    long rounds_approved = 0;  // of those, held as drafts and approved since in the source: approved alike
    long plans_copied = 0;
    long plans_present = 0;  // the target held the same plan already
    long visits_copied = 0;
    long visits_present = 0;  // the target held the same visit already
    long reports_copied = 0;
    long reports_present = 0;  // the target held the same report already
    long cases_copied = 0;     // households of a round whose procedure steps were written
    long cases_present = 0;    // the target held every step of the case already
    long requests_copied = 0;
    long requests_present = 0;  // the target held the same request, decided alike
    long users_copied = 0;
    long users_present = 0;  // the target held the same user, with the same password
    long users_left = 0;     // not the copied communes' own people (user_copy.hpp)
    long audit_copied = 0;   // events of the audit log (audit_copy.hpp)
    long audit_present = 0;  // the target's log held the same event already
    std::string unit;             // what the copy was limited to (empty: everything)
    bool unit_from_mark = false;  // the source is that unit's extract (no --unit was given)
    bool target_marked = false;   // the target is now that unit's extract
};

// The source of a copy's writes in the audit log. A copy leaves them out of the log it copies: they
// repeat events of the other store, which travel themselves.
inline constexpr const char* kCopySource = "store copy";

// Who copies, and whether the copy writes or only says what it would write (a dry run: every
// check and count of a copy, nothing written).
struct CopyRun {
    Actor actor;
    bool writing = true;
    Date today;  // places a commune of one map within one of the other (whose users go with a copy)
    // Empty: everything. Otherwise a unit's extract (copy_scope.hpp): only what lies within it on
    // either map — its households, their results in the rounds that cover them, their cases, its
    // communes' requests, plans, reports and users; copied back with the same unit, it matches.
    std::string unit;
    std::string source_name;  // the source as shown (no password): what an extract says it was made from
};

// One database's stores that a copy reads or writes.
struct CopiedStores {
    Store& registry;
    PlanStore& plans;
    FollowUpStore& follow_ups;
    ReportStore& reports;
    ProcedureStore& procedures;
    AccountStore& accounts;
};

// An extract remembers its unit: a copy from it with no unit is limited to that unit (copied back
// whole, its rounds, which hold that unit's results only, would be taken for other rounds and
// added again beside the ones they came from), one with another unit is refused (conflict), and
// a copy limited to a unit into a store with no household yet makes that store the unit's
// extract too.
// Copies into `to` the units of `from` (when `to` has none; when it has, they must be the same
// catalogue, else conflict and nothing is written), its active households as they are now (one
// import: all or nothing, the same refusals as an import, checked by a dry run before anything is
// written), its rounds with their results and approvals, the review procedure of each household
// of those rounds (every step with who recorded it and when, so certificates keep their codes),
// the requests households filed (decisions and rounds included), its plans as they are now, the
// follow-up visits of its households and its reports as they stand (state, entered and approved
// values, submission time; one `copy` event each). What `to` holds already as `from` has it (a
// round run the same with the same results — approved since in `from`, it is approved alike —, a
// case with the same first steps, a request decided alike, a plan with the same content, a visit
// with the same date, visitor, situation and texts, a report in the same state with the same
// values, a user with the same password) is left alone, so that a copy run again after a failure,
// or after more work in `from`, completes it; a report `to` holds otherwise is
// overwritten by the source's. A case or a request that went another way in `to`, or a user of
// the same name who differs, is a conflict
// found before anything is written. Then every household, case, request, plan, visit and report
// of `from` is checked to be in `to` as `from` has it (a difference is a fault). The users of the
// copied communes go with them, password hashes included (user_copy.hpp: a copied commune's on
// either map, placed at `run.today`; never an administrator or anyone of a wider or unrelated unit). Every write is audited as `run.actor`'s; a visit keeps its visitor, a
// step whoever recorded it. The source's audit log goes too, each event as it was recorded
// (audit_copy.hpp; an extract's: the events about its households, and its officers' about none),
// after every other part, once. Not copied: earlier versions of households and plans, the
// reports' earlier events, households taken off the registry and sessions (a commune's store
// carries them in its backup instead). A dry run (`run.writing` false) makes every check and
// returns the same counts without writing anything.
CopySummary copy_store(const CopiedStores& from, const CopiedStores& to, const CopyRun& run);

}  // namespace giamngheo::store
