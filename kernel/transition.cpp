#include "kernel/transition.hpp"

namespace giamngheo {
namespace {

bool is_non_poor(HouseholdClass c) { return c == HouseholdClass::average || c == HouseholdClass::above_average; }

}  // namespace

const char* to_string(Transition t) {
    switch (t) {
        case Transition::none: return "";
        case Transition::remained_poor: return "remained_poor";
        case Transition::escaped_poverty: return "escaped_poverty";
        case Transition::fell_into_poverty: return "fell_into_poverty";
        case Transition::remained_near_poor: return "remained_near_poor";
        case Transition::escaped_near_poverty: return "escaped_near_poverty";
        case Transition::newly_poor: return "newly_poor";
        case Transition::relapsed_poor: return "relapsed_poor";
        case Transition::newly_near_poor: return "newly_near_poor";
        case Transition::relapsed_near_poor: return "relapsed_near_poor";
    }
    return "";
}

const char* vietnamese_name(Transition t) {
    switch (t) {
        case Transition::none: return "";
        case Transition::remained_poor: return "vẫn là hộ nghèo";
        case Transition::escaped_poverty: return "thoát nghèo";
        case Transition::fell_into_poverty: return "từ cận nghèo rơi xuống nghèo";
        case Transition::remained_near_poor: return "vẫn là hộ cận nghèo";
        case Transition::escaped_near_poverty: return "thoát cận nghèo";
        case Transition::newly_poor: return "hộ nghèo phát sinh";
        case Transition::relapsed_poor: return "hộ tái nghèo";
        case Transition::newly_near_poor: return "hộ cận nghèo phát sinh";
        case Transition::relapsed_near_poor: return "hộ tái cận nghèo";
    }
    return "";
}

bool parse_transition(const std::string& text, Transition& out) {
    for (int i = 0; i < kTransitionCount; ++i) {
        if (text == to_string(static_cast<Transition>(i))) {
            out = static_cast<Transition>(i);
            return true;
        }
    }
    return false;
}

TransitionOutcome transition_from(const std::vector<PastResult>& earlier, HouseholdClass current,
                                  const Date& reference_date, int recent_months) {
    TransitionOutcome out;
    bool escaped_poverty_before = false;
    bool escaped_any_before = false;
    for (const PastResult& past : earlier) {
        if (past.transition == Transition::escaped_poverty) {
            escaped_poverty_before = escaped_any_before = true;
            if (current != HouseholdClass::poor && past.decision_date &&
                reference_date < add_months(*past.decision_date, recent_months))
                out.recently_escaped = true;
        }
        if (past.transition == Transition::escaped_near_poverty) escaped_any_before = true;
        // A later return to poverty ends the earlier escape's window.
        if (past.household_class == HouseholdClass::poor) out.recently_escaped = false;
    }
    if (earlier.empty()) return out;
    const HouseholdClass previous = earlier.back().household_class;
    using HC = HouseholdClass;
    if (previous == HC::unclassified || current == HC::unclassified) return out;
    if (previous == HC::poor) {
        out.transition = current == HC::poor ? Transition::remained_poor : Transition::escaped_poverty;
    } else if (previous == HC::near_poor) {
        out.transition = current == HC::poor        ? Transition::fell_into_poverty
                         : current == HC::near_poor ? Transition::remained_near_poor
                                                    : Transition::escaped_near_poverty;
    } else if (is_non_poor(previous)) {
        if (current == HC::poor)
            out.transition = escaped_poverty_before ? Transition::relapsed_poor : Transition::newly_poor;
        else if (current == HC::near_poor)
            out.transition = escaped_any_before ? Transition::relapsed_near_poor : Transition::newly_near_poor;
    }
    if (out.transition == Transition::escaped_poverty) out.recently_escaped = true;
    return out;
}

}  // namespace giamngheo
