// One household's way through the review procedure in a round: each step taken is an event, and
// a case is its events applied in order. Applying checks the step against the procedure (the
// state it may be taken in, who may take it, the law's rule its kind carries) and either gives
// the next case or throws, leaving the case as it was. Pure: the clock and the calendar come in.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kernel/date.hpp"
#include "kernel/work_calendar.hpp"
#include "modules/procedure/domain/procedure.hpp"

namespace giamngheo::procedure {

struct Vote {
    int attendees = 0, agree = 0, disagree = 0;
};

struct Event {
    std::string step;
    Date date;
    std::string role;    // the role of the person who takes the step
    std::string reason;  // list: a listing reason's key; a meeting sent back, a complaint: its words
    std::optional<Vote> vote;                  // meeting
    std::string place;                         // posting: where the list is posted
    std::string complainant;                   // complaint
    std::string outcome_class;                 // recheck: the class after re-checking ("" = unchanged)
    std::string decision_number;               // recognition
    std::string certificate_number;            // certificate
    std::string certificate_code;              // certificate: what anyone checks it by (no personal data)
    std::string household_class;               // classify: what the classification gave
    std::vector<std::string> signs;            // survey: the signs of Phiếu A the household shows
    std::string note;                          // survey: what the surveyor noted
};

struct HouseholdCase {
    std::string state;           // "" before the household is listed
    std::string listing_reason;
    std::string household_class;  // the class the case carries (classified, possibly re-checked)
    std::optional<Date> posted_from, posted_until;
    std::optional<Date> complaint_due;  // recheck due by
    std::string decision_number, recognised_by_level;
    std::optional<Date> decision_date;
    std::string certificate_number, certificate_code;
    std::optional<Date> certified_on;
    int sent_back = 0;  // how many times a meeting sent the household back to be surveyed again
    std::vector<Event> history;
};

// The case after `event`. Errors (the case is untouched): invalid_input for a missing or
// impossible value (more votes than attendees, an unknown listing reason), forbidden for a role the
// step does not allow, conflict (code "out_of_order") for a step the state does not allow or a
// rule of the law it would break (recognition before the posting ends, a complaint after it).
[[nodiscard]] HouseholdCase apply(const Procedure& procedure, const WorkCalendar& calendar, const HouseholdCase& before,
                                  const Event& event);
// The case of `events` applied in order from the start (stored events, each accepted once).
[[nodiscard]] HouseholdCase replay(const Procedure& procedure, const WorkCalendar& calendar,
                                   const std::vector<Event>& events);

// Whether a meeting's vote agrees on the household: at least the procedure's share of those
// present agree.
[[nodiscard]] bool meeting_agrees(const Procedure& procedure, const Vote& vote);

// The steps `role` may take now, in the procedure's order.
[[nodiscard]] std::vector<std::string> next_steps(const Procedure& procedure, const HouseholdCase& now,
                                                  const std::string& role);

// A request (Mẫu 01, Mẫu 04) received on `received`: the day it must be decided by.
[[nodiscard]] Date request_due(const Procedure& procedure, const WorkCalendar& calendar, const std::string& form,
                               const Date& received);

}  // namespace giamngheo::procedure
