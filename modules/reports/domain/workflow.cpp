#include "modules/reports/domain/workflow.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "kernel/errors.hpp"
#include "kernel/labels_vi.hpp"

namespace giamngheo::reports {
namespace {

constexpr std::array<const char*, 7> kStates = {"not_started", "draft",    "complete",     "submitted",
                                                "approved",    "accepted", "not_reporting"};
constexpr std::array<const char*, 8> kActions = {"save",   "complete",  "submit",        "approve",
                                                 "accept", "send-back", "not-reporting", "copy"};

bool blank(const std::string& text) {
    return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); });
}

std::string state_vi(ReportState state) { return label_vi("report_state", to_string(state)); }
std::string action_vi(ReportAction action) { return label_vi("report_action", to_string(action)); }

}  // namespace

const char* to_string(ReportState state) { return kStates[static_cast<std::size_t>(state)]; }
const char* to_string(ReportAction action) { return kActions[static_cast<std::size_t>(action)]; }

bool parse_report_state(std::string_view text, ReportState& out) {
    for (std::size_t i = 0; i < kStates.size(); ++i)
        if (text == kStates[i]) return out = static_cast<ReportState>(i), true;
    return false;
}

bool parse_report_action(std::string_view text, ReportAction& out) {
    for (std::size_t i = 0; i < kActions.size(); ++i)
        if (text == kActions[i]) return out = static_cast<ReportAction>(i), true;
    return false;
}

bool is_step_from_above(ReportAction action) {
    return action == ReportAction::approve || action == ReportAction::accept || action == ReportAction::send_back ||
           action == ReportAction::mark_not_reporting;
}

bool is_locked(ReportState state) {
    return state == ReportState::submitted || state == ReportState::approved || state == ReportState::accepted ||
           state == ReportState::not_reporting;
}

bool is_settled(ReportState state) {
    return state == ReportState::approved || state == ReportState::accepted || state == ReportState::not_reporting;
}

bool is_submitted(ReportState state) {
    return state == ReportState::submitted || state == ReportState::approved || state == ReportState::accepted;
}

namespace {

bool standing_allows(ReportAction action, Standing standing) {
    switch (action) {
        case ReportAction::save:
        case ReportAction::complete:
        case ReportAction::submit: return standing == Standing::own;
        case ReportAction::approve:
        case ReportAction::mark_not_reporting: return standing == Standing::parent;
        case ReportAction::accept: return standing == Standing::grandparent;
        case ReportAction::send_back: return standing == Standing::parent || standing == Standing::grandparent;
        case ReportAction::copy: return false;
    }
    return false;
}

bool state_allows(ReportAction action, ReportState s) {
    using S = ReportState;
    switch (action) {
        case ReportAction::save: return s == S::not_started || s == S::draft || s == S::complete;
        case ReportAction::complete: return s == S::not_started || s == S::draft;
        case ReportAction::submit: return s == S::complete;
        case ReportAction::approve: return s == S::submitted;
        case ReportAction::accept: return s == S::approved;
        case ReportAction::send_back: return is_locked(s);
        case ReportAction::mark_not_reporting: return s == S::not_started || s == S::draft || s == S::complete;
        case ReportAction::copy: return false;
    }
    return false;
}

}  // namespace

bool may(ReportAction action, ReportState state, Standing standing) {
    return standing_allows(action, standing) && state_allows(action, state);
}

ReportState next_state(ReportAction action, ReportState state, Standing standing, const std::string& reason) {
    if (!standing_allows(action, standing))
        throw Error(ErrorKind::forbidden, "forbidden",
                    "đơn vị của bạn không được \"" + action_vi(action) + "\" báo cáo này");
    if (!state_allows(action, state)) {
        if (action == ReportAction::save && is_locked(state))
            throw Error(ErrorKind::conflict, "locked",
                        "báo cáo đang ở trạng thái \"" + state_vi(state) +
                            "\" nên đã khóa; cấp trên trả lại thì mới sửa được");
        throw Error(ErrorKind::conflict, "invalid_transition",
                    "không thể \"" + action_vi(action) + "\" báo cáo đang ở trạng thái \"" + state_vi(state) + "\"");
    }
    if ((action == ReportAction::send_back || action == ReportAction::mark_not_reporting) && blank(reason))
        throw Error(ErrorKind::conflict, "reason_required", "cần ghi lý do khi \"" + action_vi(action) + "\"");
    switch (action) {
        case ReportAction::save: return ReportState::draft;
        case ReportAction::complete: return ReportState::complete;
        case ReportAction::submit: return ReportState::submitted;
        case ReportAction::approve: return ReportState::approved;
        case ReportAction::accept: return ReportState::accepted;
        case ReportAction::send_back: return ReportState::draft;
        case ReportAction::mark_not_reporting: return ReportState::not_reporting;
        case ReportAction::copy: break;
    }
    return state;
}

}  // namespace giamngheo::reports
