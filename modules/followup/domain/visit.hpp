// A follow-up visit to a household that left poverty (issue 18, point 6: the programme's targets
// ask that escaped households do not fall back), and the rules a visit obeys. The situations a
// visit may find are the vocabulary's `follow_up_situation` codes (data/vocabulary.json), shared
// with the web, so that adding one is a data change.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "kernel/date.hpp"

namespace giamngheo::followup {

inline constexpr const char* kSituationGroup = "follow_up_situation";
// The situation of a household found fallen back: the officer asks for it to be reviewed again.
inline constexpr const char* kFellBack = "fell_back";

struct Visit {
    std::int64_t id = 0;  // assigned by the store
    std::string household_id;
    Date date;
    std::string visitor;    // the user who visited and recorded it
    std::string situation;  // a follow_up_situation code
    std::string support;    // support given or needed (free text)
    std::string note;
    std::string recorded_at;  // ISO timestamp, UTC, of the change set that stored it
};

// Throws Error (invalid_input) naming the field: a date after `today`, a situation that is not a
// follow_up_situation code, an empty household id, or texts longer than `kMaxText` bytes.
void check_visit(const Visit& visit, const Date& today);
inline constexpr std::size_t kMaxText = 2000;

// Whole days from `from` to `to` (negative when `to` is earlier).
[[nodiscard]] long days_between(const Date& from, const Date& to);

}  // namespace giamngheo::followup
