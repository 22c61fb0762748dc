// The life of one report (form × period × unit): not started → draft → complete (validation
// passed) → submitted → approved by the level above → accepted by the level above that; sent
// back to draft with a reason at any of the last three; a unit below can be marked as not
// reporting, with a reason. Submitted, approved, accepted and not-reporting reports are locked.
// Who may act follows where the user's unit stands: the unit itself, the level directly above, or
// the one above that (DHIS2's approve / accept).
#pragma once

#include <string>
#include <string_view>

namespace giamngheo::reports {

enum class ReportState { not_started, draft, complete, submitted, approved, accepted, not_reporting };
// `copy` is no user's step: `store copy` writing another store's report as it stands there.
enum class ReportAction { save, complete, submit, approve, accept, send_back, mark_not_reporting, copy };

// Where the acting user's unit stands relative to the report's unit on the reporting chain.
enum class Standing { own, parent, grandparent, other };

[[nodiscard]] const char* to_string(ReportState state);
[[nodiscard]] const char* to_string(ReportAction action);
[[nodiscard]] bool parse_report_state(std::string_view text, ReportState& out);
[[nodiscard]] bool parse_report_action(std::string_view text, ReportAction& out);

// A step the levels above take (approve, accept, send back, mark as not reporting), not the unit itself.
[[nodiscard]] bool is_step_from_above(ReportAction action);

[[nodiscard]] bool is_locked(ReportState state);
// Counts as reported for the completeness rate and for the level above's own approval.
[[nodiscard]] bool is_settled(ReportState state);
[[nodiscard]] bool is_submitted(ReportState state);

// Whether a user standing so may take `action` on a report in `state` (ignores the reason and
// the units below): what the interface offers.
[[nodiscard]] bool may(ReportAction action, ReportState state, Standing standing);

// The state after `action`. Throws Error: forbidden when the standing does not allow it,
// conflict ("locked", "invalid_transition", "reason_required") otherwise, each with a message in
// Vietnamese naming the states.
[[nodiscard]] ReportState next_state(ReportAction action, ReportState state, Standing standing,
                                     const std::string& reason);

}  // namespace giamngheo::reports
