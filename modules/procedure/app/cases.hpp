// The review procedure's use cases over the stores: the cases of a round's households (their
// steps replayed by the procedure of the round's kind), a step taken for one household or a whole
// village at once (all or nothing), where each village stands, and the requests households file
// between reviews, each of which opens a regular round for its household.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "kernel/work_calendar.hpp"
#include "modules/procedure/domain/household_case.hpp"
#include "modules/procedure/ports/procedure_store.hpp"
#include "platform/environment.hpp"
#include "storage/store.hpp"

namespace giamngheo::app {

// The procedures of data/procedures/: the yearly review's and the regular review's.
struct Procedures {
    procedure::Procedure periodic, regular;
    // The procedure rounds of `round_kind` follow. Errors: invalid_input for another kind.
    [[nodiscard]] const procedure::Procedure& of(const std::string& round_kind) const;
};
// Errors: invalid_input naming the file at fault.
[[nodiscard]] Procedures load_procedures(const Environment& env);

// A certificate's verification code: 10 characters of an alphabet without look-alikes (no 0/O,
// 1/I/L), random (libsodium), so that codes cannot be guessed from one another.
[[nodiscard]] std::string random_certificate_code();

struct ProcedureDeps {
    store::Store& registry;  // rounds and their results
    store::ProcedureStore& steps;
    const Procedures& procedures;
    const WorkCalendar& calendar;
    const Environment& env;  // the standards a request's regular round is run and approved with
    Date today;
    std::function<std::string()> new_certificate_code = random_certificate_code;
};

// Whether a household of a round lies within the caller's reach (the HTTP layer's scope).
using RowFilter = std::function<bool(const store::ResultRow&)>;

// Who recorded a step of a case and when (ISO timestamp, UTC): a copied case keeps its recorders.
struct StepRecorder {
    std::string by, at;
};

struct CaseRow {
    store::ResultRow result;  // the household in the round: unit, village, the class it was given
    procedure::HouseholdCase now;
    std::vector<StepRecorder> recorded;  // one per step of now.history; only in one household's case
};

// The procedure the round follows (by its kind). Errors: not_found for no such round.
[[nodiscard]] const procedure::Procedure& procedure_of(ProcedureDeps& deps, std::int64_t round_id);

// Every household of the round that `within` keeps, with its case, by village then id.
// Errors: not_found for no such round.
[[nodiscard]] std::vector<CaseRow> round_cases(ProcedureDeps& deps, std::int64_t round_id, const RowFilter& within);
// One household's case. Errors: not_found when the household is not in the round, forbidden
// (outside_scope) when `within` does not keep it.
[[nodiscard]] CaseRow household_case(ProcedureDeps& deps, std::int64_t round_id, const std::string& household_id,
                                     const RowFilter& within);

struct StepRequest {
    std::int64_t round_id = 0;
    std::vector<std::string> households;  // one, or every household of a village the step is taken for
    procedure::Event event;               // its role is the caller's
};

// Takes the step for every household, or for none: a household outside the round (not_found) or
// outside `within` (forbidden), or a step its case refuses, stops everything with that error
// naming the household. `classify` takes the class the round gave the household unless the event
// names one; a `classify` or `recheck` that names no class, for a household whose record was
// corrected since the round ran, first classifies it again in the draft round (classify_again,
// audited) and takes the new class. If the steps then fail to be stored (another officer moved
// the case on), the round keeps the new results: they are what the corrected record says. In a regular round, the recognition approves the round on the decision's day once
// every household of it is recognised (their standing changes from then) and accepts the requests
// it was opened for. Returns the cases after.
[[nodiscard]] std::vector<CaseRow> take_step(ProcedureDeps& deps, const StepRequest& request, const RowFilter& within,
                                             const store::Actor& actor);

// A household's certificate as it is printed: the household as the round saw it (head, members),
// its class, the decision and the certificate's number and code.
struct CertificateData {
    CaseRow row;
    Household household;
    int year = 0;
};
// Errors: not_found / forbidden as household_case; conflict when the household has no certificate.
[[nodiscard]] CertificateData certificate_data(ProcedureDeps& deps, std::int64_t round_id, const std::string& household_id,
                                               const RowFilter& within);

// Every certificate issued in the round to households `within` keeps, in the order of round_cases;
// one scan of the round, one read per household.
[[nodiscard]] std::vector<CertificateData> certificates_data(ProcedureDeps& deps, std::int64_t round_id,
                                                             const RowFilter& within);

// What anyone may learn of a certificate from its code: nothing personal. `valid` is false when
// the household's case has moved on since, or a later approved round (a regular review, the next
// yearly one) gave the household another class: the certificate no longer stands. Reads every
// later approved round's results (a known cost at national scale).
struct CertificateCheck {
    bool valid = false;
    std::string household_class, unit_code, current_unit_code, number, decision_number;
    int year = 0;
    std::optional<Date> issued_on, decision_date;
    std::optional<Date> ended_on;  // the day a later decision gave the household another class
};
[[nodiscard]] std::optional<CertificateCheck> check_certificate(ProcedureDeps& deps, const std::string& code);

// Where a village stands: how many of its households are in each state ("" not yet listed).
struct VillageStanding {
    std::string unit_code, village;
    std::map<std::string, long> by_state;
    long households = 0, complaints_open = 0, posted_now = 0;
};
[[nodiscard]] std::vector<VillageStanding> village_board(const std::vector<CaseRow>& cases, const Date& today);

// Requests (Mẫu 01, Mẫu 04): received with the day they are due by the regular procedure; each
// opens a regular round for its household (the case), and is decided once.
struct RequestView {
    store::HouseholdRequest request;
    bool overdue = false;  // pending after its day
    long days_left = 0;    // until due (negative: late)
};
struct NewRequest {
    std::string household_id, unit_code, form, applicant, note;
    Date received;
};
// Errors: invalid_input for an unknown form or a day after today.
[[nodiscard]] RequestView receive_request(ProcedureDeps& deps, const NewRequest& request, const store::Actor& actor);
// decision: "accepted" or "refused" (a refusal needs its reason, as the law asks a written one).
void decide_request(ProcedureDeps& deps, std::int64_t id, const Date& on, const std::string& decision,
                    const std::string& reason, const store::Actor& actor);
// The requests of households within `unit_within` (by their unit code), newest first.
[[nodiscard]] std::vector<RequestView> request_list(ProcedureDeps& deps,
                                                    const std::function<bool(const std::string&)>& unit_within);
// One request. Errors: not_found.
[[nodiscard]] RequestView request_view(ProcedureDeps& deps, std::int64_t id);

// Opens the request's case: a regular round of the household's commune holding that household
// alone, classified as the registry holds it today under the standard in force for the year the
// request was received, with the household listed by `role` for the request's reason on that day. Returns the round's id. Errors: not_found
// (no such request, the household not in the registry of its commune), conflict when the request
// is decided or its case is open already, forbidden for a role that may not list, invalid_input
// when no standard covers the year. The round is stored before the request is linked to it: a
// failure between the two leaves an unlinked regular round (shown, harmless, never approved).
std::int64_t open_request_case(ProcedureDeps& deps, std::int64_t request_id, const std::string& role,
                               const store::Actor& actor);

}  // namespace giamngheo::app
