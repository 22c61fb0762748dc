#include "kernel/capability.hpp"

namespace giamngheo {

const char* to_string(Capability capability) {
    switch (capability) {
        case Capability::public_access:
            return "public";
        case Capability::signed_in:
            return "signed_in";
        case Capability::read_registry:
            return "read_registry";
        case Capability::edit_household:
            return "edit_household";
        case Capability::import_households:
            return "import_households";
        case Capability::run_round:
            return "run_round";
        case Capability::approve_round:
            return "approve_round";
        case Capability::edit_plan:
            return "edit_plan";
        case Capability::submit_report:
            return "submit_report";
        case Capability::approve_report:
            return "approve_report";
        case Capability::take_procedure_step:
            return "take_procedure_step";
        case Capability::record_follow_up:
            return "record_follow_up";
        case Capability::view_audit:
            return "view_audit";
        case Capability::manage_users:
            return "manage_users";
    }
    return "?";
}

}  // namespace giamngheo
