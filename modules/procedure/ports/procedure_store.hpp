// Persistence of the review procedure: the steps taken for each household of a round, in order,
// each recorded once with who took it and when (the case is the steps replayed, see
// household_case.hpp), and the requests households file between reviews.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kernel/actor.hpp"
#include "modules/procedure/domain/household_case.hpp"

namespace giamngheo::store {

struct RecordedStep {
    procedure::Event event;
    std::string by;  // the user
    std::string at;  // ISO timestamp, UTC
};

// One step for one household, accepted only when the case still has `expected_steps` steps.
struct StepAppend {
    std::string household_id;
    std::size_t expected_steps = 0;
    procedure::Event event;
};

struct CertificateRef {
    std::int64_t round_id = 0;
    std::string household_id;
};

struct HouseholdRequest {
    std::int64_t id = 0;
    std::string household_id, unit_code, form;  // form: mau-01, mau-04
    Date received, due;
    std::string applicant, note;
    std::optional<Date> decided_on;
    std::string decision;  // "" pending, "accepted", "refused"
    std::string decision_reason;
    std::int64_t round_id = 0;  // the regular round its case runs in; 0 until the case is opened
};

class ProcedureStore {
  public:
    virtual ~ProcedureStore() = default;

    // The steps of every household of the round that has any, by household, each in order.
    [[nodiscard]] virtual std::map<std::string, std::vector<RecordedStep>> round_steps(std::int64_t round_id) = 0;
    [[nodiscard]] virtual std::vector<RecordedStep> household_steps(std::int64_t round_id,
                                                                    const std::string& household_id) = 0;
    // Appends every step in one transaction with one change set and an audit entry per step: all
    // or none. Several steps of one household follow one another in the order given (each expects
    // one step more than the one before). Error(stale_version) naming the household when a case
    // has moved on since it was read (another officer took a step); then nothing is written.
    virtual void append_steps(std::int64_t round_id, const std::vector<StepAppend>& steps, const Actor& actor) = 0;

    // Where the certificate issued with `code` is: its round and household; nothing when no
    // certificate has that code (a unique index keeps codes unique).
    [[nodiscard]] virtual std::optional<CertificateRef> find_certificate(const std::string& code) = 0;

    // Stores a new request (its id is assigned) with an audit entry; returns the id.
    virtual std::int64_t add_request(const HouseholdRequest& request, const Actor& actor) = 0;
    // Records the decision of a pending request. Error(not_found) for no such request,
    // Error(conflict) when it is already decided.
    virtual void decide_request(std::int64_t id, const Date& on, const std::string& decision, const std::string& reason,
                                const Actor& actor) = 0;
    // Links a pending request to the regular round opened for it and records the household's
    // first step there, in one transaction. Error(not_found) for no such request; Error(conflict)
    // when the request is decided or its case is open already; then nothing is written.
    virtual void open_request_case(std::int64_t id, std::int64_t round_id, const StepAppend& first_step,
                                   const Actor& actor) = 0;
    [[nodiscard]] virtual std::optional<HouseholdRequest> request(std::int64_t id) = 0;
    // Every request, newest first (the caller keeps those within the user's unit).
    [[nodiscard]] virtual std::vector<HouseholdRequest> requests() = 0;

    // What `store copy` writes: steps of a household's case as another store recorded them,
    // appended after the `held` steps the household has in the round here, each keeping who
    // recorded it and when (a change set of its own, the source `actor.source`), with one audit
    // entry as `actor`'s. All or nothing. Error(conflict) when the household has another number
    // of steps there (the caller compares the cases first); then nothing is written.
    virtual void copy_steps(std::int64_t round_id, const std::string& household_id, std::size_t held,
                            const std::vector<RecordedStep>& steps, const Actor& actor) = 0;
    // A request as another store holds it, decision and round (`round_id` of this store, 0 for
    // none) included; audited as `actor`'s. Returns the id it gets here.
    virtual std::int64_t copy_request(const HouseholdRequest& request, const Actor& actor) = 0;
    // What `store copy` writes when the request's case was opened in another store after an
    // earlier copy: the request, pending or decided, now runs in `round_id` (whose steps the copy
    // brings); audited as `actor`'s. Error(not_found) for no such request; Error(conflict) when it
    // runs in a round already; then nothing is written.
    virtual void link_request(std::int64_t id, std::int64_t round_id, const Actor& actor) = 0;
};

}  // namespace giamngheo::store
