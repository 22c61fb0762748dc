// A procedure step as JSON, for the store and the API: {"step", "date" (ISO), "role", and the
// values the step's kind uses: "reason", "vote" {"attendees","agree","disagree"}, "place",
// "complainant", "outcome_class", "decision_number", "certificate_number", "class", "signs" [Phiếu A's
// signs], "note"}.
#pragma once

#include <nlohmann/json.hpp>

#include "modules/procedure/domain/household_case.hpp"

namespace giamngheo::procedure {

[[nodiscard]] nlohmann::json event_to_json(const Event& event);
// Errors: invalid_input naming the field for a missing step, a date that is not YYYY-MM-DD (or
// DD/MM/YYYY) or a vote that is not three whole numbers.
[[nodiscard]] Event event_from_json(const nlohmann::json& j);

// A case as the API shows it: its state and label, class, posting, decision, certificate, history.
[[nodiscard]] nlohmann::json case_to_json(const Procedure& procedure, const HouseholdCase& c);

}  // namespace giamngheo::procedure
