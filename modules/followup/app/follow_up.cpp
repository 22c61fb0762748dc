#include "modules/followup/app/follow_up.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "kernel/errors.hpp"
#include "platform/environment.hpp"

namespace giamngheo::app {
namespace {

// The household, when it lies within reach. Errors: not_found, forbidden (outside_scope).
store::StoredHousehold reachable(FollowUpDeps& deps, const std::string& household_id, const HouseholdWithin& within) {
    auto found = deps.registry.load_household(household_id, std::nullopt);
    if (!found) throw_not_found("không có hộ \"" + household_id + "\"");
    const Household& h = found->household;
    if (!within({h.unit_code, h.current_unit_code}))
        throw Error(ErrorKind::forbidden, "outside_scope", "hộ \"" + household_id + "\" không thuộc đơn vị bạn được giao");
    return std::move(*found);
}

// Poor below near-poor below everyone else: a fall is a move to a lower rank that is poor or
// near-poor. Unclassified never counts as a fall.
int rank(const std::string& household_class) {
    if (household_class == "poor") return 0;
    if (household_class == "near_poor") return 1;
    return 2;
}
bool fell_back(const std::string& now, const std::string& when_escaped) {
    return rank(now) < 2 && rank(now) < rank(when_escaped);
}

bool before(const store::RoundRecord& a, const store::RoundRecord& b) {
    if (a.reference_date != b.reference_date) return a.reference_date < b.reference_date;
    return a.id < b.id;
}

// One household's course through the rounds read, oldest first.
struct Course {
    store::ResultRow row;            // its latest result
    std::int64_t row_round = 0;
    std::string escaped_class;       // its class when last marked recently out of poverty
    bool marked = false, marked_by_latest = false, relapsed = false;
    std::int64_t relapse_round = 0;
};

}  // namespace

followup::Visit record_visit(FollowUpDeps& deps, followup::Visit visit, const HouseholdWithin& within,
                             const store::Actor& actor) {
    followup::check_visit(visit, deps.today);
    reachable(deps, visit.household_id, within);
    visit.visitor = actor.user;
    visit.id = deps.visits.add_visit(visit, actor);
    for (auto& stored : deps.visits.household_visits(visit.household_id))
        if (stored.id == visit.id) return stored;
    throw_fault("follow-up visit " + std::to_string(visit.id) + " not found after it was stored");
}

std::vector<followup::Visit> household_visits(FollowUpDeps& deps, const std::string& household_id,
                                              const HouseholdWithin& within) {
    reachable(deps, household_id, within);
    return deps.visits.household_visits(household_id);
}

FollowUpList follow_up_list(FollowUpDeps& deps, const RoundSource& source) {
    FollowUpList out;
    std::vector<store::RoundRecord> approved;
    for (auto& r : deps.registry.rounds())
        if (r.status == store::RoundStatus::approved && source.overlaps(r.scope)) approved.push_back(std::move(r));
    std::sort(approved.begin(), approved.end(), before);
    for (auto it = approved.rbegin(); it != approved.rend() && !out.round; ++it)
        if (it->kind == "periodic" && source.covers(it->scope)) out.round = *it;
    if (!out.round) return out;
    out.window_months = standard_from_document(out.round->standard_document).recently_escaped_months;

    // An escape marked by a round older than the window has run its course by today.
    const Date window_start = add_months(deps.today, -out.window_months);
    std::map<std::string, Course> courses;
    for (const auto& round : approved) {
        if (round.id != out.round->id && round.reference_date < window_start) continue;
        const bool latest = round.id == out.round->id;
        source.rows(round, [&](const store::ResultRow& row) {
            const bool followed = courses.count(row.household_id) > 0;
            if (!row.recently_escaped && !followed) return;
            Course& c = courses[row.household_id];
            c.row = row;
            c.row_round = round.id;
            if (row.recently_escaped) {
                c.marked = true;
                c.escaped_class = row.household_class;
                c.relapsed = false;
                c.relapse_round = 0;
                c.marked_by_latest = c.marked_by_latest || latest;
            } else if (fell_back(row.household_class, c.escaped_class) && !c.relapsed) {
                c.relapsed = true;
                c.relapse_round = round.id;
            }
        });
    }

    std::vector<std::string> ids;
    for (const auto& [id, c] : courses)
        if (c.marked_by_latest || c.relapsed) ids.push_back(id);
    const auto latest_visits = deps.visits.latest_visits(ids);
    for (const auto& id : ids) {
        const Course& c = courses.at(id);
        FollowUpRow row;
        row.household_id = id;
        row.unit_code = c.row.unit_code;
        row.current_unit_code = c.row.current_unit_code;
        row.village = c.row.village;
        // Point reads, one per listed household: a commune follows tens to hundreds.
        if (const auto stored = deps.registry.load_household(id, std::nullopt)) row.head_name = stored->household.head_name;
        row.household_class = c.row.household_class;
        row.class_round_id = c.row_round;
        row.relapsed = c.relapsed;
        row.relapse_round_id = c.relapse_round;
        if (const auto v = latest_visits.find(id); v != latest_visits.end()) {
            row.last_visit = v->second.visit;
            row.visits = v->second.count;
            row.days_since_visit = followup::days_between(v->second.visit.date, deps.today);
        }
        row.needs_review = row.relapsed || (row.last_visit && row.last_visit->situation == followup::kFellBack);
        out.rows.push_back(std::move(row));
    }
    std::sort(out.rows.begin(), out.rows.end(), [](const FollowUpRow& a, const FollowUpRow& b) {
        return std::tie(a.unit_code, a.village, a.household_id) < std::tie(b.unit_code, b.village, b.household_id);
    });
    return out;
}

}  // namespace giamngheo::app
