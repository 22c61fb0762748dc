// What a route of the API asks of its caller. Which roles have which capability is the accounts
// module's decision (modules/accounts/domain/authorization.hpp); every capability's routes name
// theirs when they register.
#pragma once

namespace giamngheo {

enum class Capability {
    public_access,  // no sign-in
    signed_in,      // any signed-in user
    read_registry,  // households, rounds, statistics of the user's unit
    edit_household,
    import_households,
    run_round,
    approve_round,
    edit_plan,  // implementation plans: edit, disbursement, actual values of targets
    submit_report,   // fill, complete and submit the reports of one's own unit
    approve_report,  // approve, accept or send back the reports of the units below
    take_procedure_step,  // a step of the review procedure (which steps: the procedure's roles)
    record_follow_up,     // a follow-up visit to a household that left poverty
    view_audit,
    manage_users,
};

[[nodiscard]] const char* to_string(Capability capability);

}  // namespace giamngheo
