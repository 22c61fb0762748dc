// A household's status between two approved review rounds (thoát nghèo, phát sinh, tái nghèo ...).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kernel/classify.hpp"
#include "kernel/date.hpp"

namespace giamngheo {

enum class Transition : std::uint8_t {
    none,
    remained_poor,
    escaped_poverty,
    fell_into_poverty,
    remained_near_poor,
    escaped_near_poverty,
    newly_poor,
    relapsed_poor,
    newly_near_poor,
    relapsed_near_poor,
};
inline constexpr int kTransitionCount = 10;

[[nodiscard]] const char* to_string(Transition t);  // "" for none
[[nodiscard]] const char* vietnamese_name(Transition t);
bool parse_transition(const std::string& text, Transition& out);

// A household's result in an earlier approved round.
struct PastResult {
    Date reference_date;
    std::optional<Date> decision_date;  // of the recognition decision (approval)
    HouseholdClass household_class = HouseholdClass::unclassified;
    Transition transition = Transition::none;
};

struct TransitionOutcome {
    Transition transition = Transition::none;
    bool recently_escaped = false;  // hộ mới thoát nghèo
};

// `earlier` holds the household's results in approved rounds with a reference date before
// `reference_date`, oldest first. The label compares with the most recent of them; relapse
// looks at all of them; recently_escaped counts `recent_months` from the recognition decision.
[[nodiscard]] TransitionOutcome transition_from(const std::vector<PastResult>& earlier, HouseholdClass current,
                                                const Date& reference_date, int recent_months);

}  // namespace giamngheo
