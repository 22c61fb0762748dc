#include "storage/procedure_copy.hpp"

#include <algorithm>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "kernel/errors.hpp"
#include "modules/procedure/formats/event_json.hpp"

namespace giamngheo::store {
namespace {

std::string step_key(const RecordedStep& s) {
    return procedure::event_to_json(s.event).dump() + '\x1f' + s.by + '\x1f' + s.at;
}

// How many steps the two cases share from their first: nothing when they went different ways
// (then one does not begin with the other).
std::optional<std::size_t> shared_steps(const std::vector<RecordedStep>& a, const std::vector<RecordedStep>& b) {
    const std::size_t common = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < common; ++i)
        if (step_key(a[i]) != step_key(b[i])) return std::nullopt;
    return common;
}

std::string case_name(const std::string& household_id, std::int64_t round) {
    return "quy trình rà soát của hộ " + household_id + " (kỳ " + std::to_string(round) + " ở kho đích)";
}

const std::vector<RecordedStep>& steps_of(const std::map<std::string, std::vector<RecordedStep>>& cases,
                                          const std::string& household_id) {
    static const std::vector<RecordedStep> none;
    const auto it = cases.find(household_id);
    return it == cases.end() ? none : it->second;
}

// A request as filed, without its id, decision and round.
std::string request_key(const HouseholdRequest& r) {
    return r.household_id + '\x1f' + r.unit_code + '\x1f' + r.form + '\x1f' + r.received.iso() + '\x1f' + r.due.iso() +
           '\x1f' + r.applicant + '\x1f' + r.note;
}

std::string decision_key(const HouseholdRequest& r) {
    return (r.decided_on ? r.decided_on->iso() : std::string()) + '\x1f' + r.decision + '\x1f' + r.decision_reason;
}

// The target's requests by what was filed; each matches one source request at most.
std::map<std::string, std::deque<HouseholdRequest>> requests_by_filing(ProcedureStore& store) {
    std::map<std::string, std::deque<HouseholdRequest>> out;
    for (auto& r : store.requests()) out[request_key(r)].push_back(std::move(r));
    return out;
}

std::string request_name(const HouseholdRequest& r) {
    return "đơn " + r.form + " của hộ " + r.household_id + " nhận ngày " + r.received.vietnamese();
}

// Oldest first, so that the copies are numbered in the order the requests came in.
std::vector<HouseholdRequest> requests_as_filed(ProcedureStore& store) {
    auto requests = store.requests();
    std::reverse(requests.begin(), requests.end());
    return requests;
}

void copy_cases(ProcedureStore& from, ProcedureStore& to, const RoundMatch& rounds, const CaseFilter& copies_case,
                const CopyRun& run, CopySummary& summary) {
    for (const auto& [source_round, target_round] : rounds) {
        auto cases = from.round_steps(source_round);
        std::erase_if(cases, [&](const auto& c) { return !copies_case(c.first); });
        if (cases.empty()) continue;
        const auto held = to.round_steps(target_round);
        for (const auto& [household_id, steps] : cases) {
            const auto& there = steps_of(held, household_id);
            const auto common = shared_steps(steps, there);
            if (!common) throw_conflict(case_name(household_id, target_round) + " khác kho nguồn; không chép đè");
            if (*common == steps.size()) {
                ++summary.cases_present;
                continue;
            }
            ++summary.cases_copied;
            if (run.writing)
                to.copy_steps(target_round, household_id, there.size(),
                              {steps.begin() + static_cast<std::ptrdiff_t>(*common), steps.end()}, run.actor);
        }
        if (!run.writing) continue;
        const auto copied = to.round_steps(target_round);
        for (const auto& [household_id, steps] : cases)
            if (shared_steps(steps, steps_of(copied, household_id)) != steps.size())
                throw_fault("store copy: the case of household " + household_id + " in round " +
                            std::to_string(target_round) + " differs in the target after the copy");
    }
}

void copy_requests(ProcedureStore& from, ProcedureStore& to, const RoundMatch& rounds, const CopyScope& scope,
                   const CopyRun& run, CopySummary& summary) {
    auto source = requests_as_filed(from);
    std::erase_if(source, [&](const HouseholdRequest& r) { return !scope.takes_unit(r.unit_code); });
    // The round a source request runs in, as the target names it: nothing when it runs in none
    // that is copied; 0 for a round new to the target in a dry run.
    const auto round_in_target = [&](const HouseholdRequest& r) -> std::optional<std::int64_t> {
        const auto round = rounds.find(r.round_id);
        if (r.round_id == 0 || round == rounds.end()) return std::nullopt;
        return round->second;
    };
    auto held = requests_by_filing(to);
    for (const auto& r : source) {
        auto& same = held[request_key(r)];
        const auto round = round_in_target(r);
        if (same.empty()) {
            ++summary.requests_copied;
            if (!run.writing) continue;
            HouseholdRequest copy = r;
            copy.round_id = round.value_or(0);
            (void)to.copy_request(copy, run.actor);
            continue;
        }
        const HouseholdRequest there = same.front();
        same.pop_front();
        if (!there.decision.empty() && !r.decision.empty() && decision_key(there) != decision_key(r))
            throw_conflict(request_name(r) + " đã được giải quyết khác ở kho đích; không chép đè");
        if (there.round_id != 0 && round && there.round_id != *round)
            throw_conflict(request_name(r) + " đã mở hồ sơ ở một kỳ rà soát khác của kho đích; không chép đè");
        const bool links = there.round_id == 0 && round.has_value();
        const bool decides = there.decision.empty() && !r.decision.empty();
        if (!links && !decides) {
            ++summary.requests_present;
            continue;
        }
        ++summary.requests_copied;
        if (!run.writing) continue;
        if (links) to.link_request(there.id, *round, run.actor);
        if (decides) to.decide_request(there.id, *r.decided_on, r.decision, r.decision_reason, run.actor);
    }
    if (!run.writing) return;
    auto copied = requests_by_filing(to);
    for (const auto& r : source) {
        auto& same = copied[request_key(r)];
        const auto round = round_in_target(r);
        if (same.empty() || (!r.decision.empty() && decision_key(same.front()) != decision_key(r)) ||
            (round && same.front().round_id != *round))
            throw_fault("store copy: the request " + r.form + " of household " + r.household_id + " received " +
                        r.received.iso() + " differs in the target after the copy");
        same.pop_front();
    }
}

}  // namespace

void copy_procedure(ProcedureStore& from, ProcedureStore& to, const RoundMatch& rounds, const CaseFilter& copies_case,
                    const CopyScope& scope, const CopyRun& run, CopySummary& summary) {
    copy_cases(from, to, rounds, copies_case, run, summary);
    copy_requests(from, to, rounds, scope, run, summary);
}

}  // namespace giamngheo::store
