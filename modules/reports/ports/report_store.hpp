// Persistence of reports: one row per (form, period, unit) with its state, the officer's entered
// values and, from submission on, the values submitted and approved (the snapshot later data is
// compared with);
// every change is an event (who, when, from → to, reason) and an audit entry in the same
// transaction, recorded in change_sets as every other write. A report never written is "not started".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kernel/actor.hpp"
#include "modules/reports/domain/report_form.hpp"
#include "modules/reports/domain/workflow.hpp"

namespace giamngheo::store {

struct ReportKey {
    std::string form;
    std::string period;  // ReportPeriod::id()
    std::string unit_code;
    bool operator==(const ReportKey&) const = default;
};

struct ReportEvent {
    std::int64_t version = 0;
    std::string action;  // reports::to_string(ReportAction)
    reports::ReportState from = reports::ReportState::not_started;
    reports::ReportState to = reports::ReportState::not_started;
    std::string by;
    std::string at;  // ISO timestamp, UTC
    std::string reason;
};

// What the board needs of every report: no values.
struct ReportStatus {
    ReportKey key;
    reports::ReportState state = reports::ReportState::not_started;
    std::int64_t version = 0;
    std::string submitted_at;  // first submission since the last send-back; empty when not submitted
    ReportEvent last;
};

struct StoredReport {
    ReportStatus status;
    reports::CellValues entered;
    reports::CellValues snapshot;  // the values as submitted and approved; empty before submission
};

struct ReportWrite {
    ReportKey key;
    std::int64_t expected_version = 0;  // 0: no report stored yet
    reports::ReportAction action = reports::ReportAction::save;
    reports::ReportState to = reports::ReportState::draft;
    reports::CellValues entered;
    std::optional<reports::CellValues> snapshot;  // replaces the snapshot when set (cleared by an empty one)
    std::string reason;
    // Kept as given instead of the time of this write (`store copy`: the source's submission time,
    // which decides whether the report was on time).
    std::optional<std::string> submitted_at;
};

// The submission time a write leaves on a report that stood at `from` with submission time
// `stored`, written at `at`: set by a first submission, cleared by a return to draft, else kept;
// what the write gives (a copy's) wins.
[[nodiscard]] inline std::string submitted_at_after(const ReportWrite& w, reports::ReportState from,
                                                    const std::string& stored, const std::string& at) {
    if (w.submitted_at) return *w.submitted_at;
    if (w.to == reports::ReportState::submitted && !reports::is_submitted(from)) return at;
    if (w.to == reports::ReportState::draft || w.to == reports::ReportState::not_started) return {};
    return stored;
}

class ReportStore {
  public:
    virtual ~ReportStore() = default;

    [[nodiscard]] virtual std::optional<StoredReport> load_report(const ReportKey& key) = 0;
    // Writes the report and its event atomically, only when the stored version is
    // `expected_version`; otherwise Error(stale_version) and nothing is written. Returns the new version.
    virtual std::int64_t write_report(const ReportWrite& write, const Actor& actor) = 0;
    // Several writes in one transaction (a level marking its units as not reporting): all or none.
    virtual void write_reports(const std::vector<ReportWrite>& writes, const Actor& actor) = 0;
    // Every stored report of `period` (all forms when `form` is empty).
    [[nodiscard]] virtual std::vector<ReportStatus> report_statuses(const std::string& period, const std::string& form) = 0;
    [[nodiscard]] virtual std::vector<ReportEvent> report_history(const ReportKey& key) = 0;
    // Every stored report, ordered by form, period and unit.
    [[nodiscard]] virtual std::vector<ReportKey> report_keys() = 0;
};

}  // namespace giamngheo::store
