// Use cases of reports, shared by the command line and the HTTP API: open a report with every cell
// filled, save entries, take a step of the workflow, mark units below as not reporting. Each takes
// the user's unit and checks where it stands; each write is atomic and audited.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kernel/actor.hpp"
#include "modules/reports/app/chain.hpp"
#include "modules/reports/app/measures.hpp"
#include "modules/reports/domain/period.hpp"
#include "modules/reports/domain/report_form.hpp"
#include "modules/reports/ports/report_store.hpp"
#include "platform/environment.hpp"
#include "platform/table.hpp"

namespace giamngheo::app {

// The forms and the calendar of data/reports, read once.
struct ReportCatalogue {
    std::vector<reports::ReportForm> forms;
    reports::Schedule schedule;

    [[nodiscard]] static ReportCatalogue load(const Environment& env);
    // Error(not_found) for an unknown code.
    [[nodiscard]] const reports::ReportForm& form(const std::string& code) const;
};

struct ReportDeps {
    const ReportCatalogue& catalogue;
    const UnitCatalogue& units;
    store::ReportStore& reports;
    MeasureSource& measures;
    Date today;
};

struct ModifiedCell {
    std::string id;
    reports::CellValue snapshot, current;
};

struct BelowSummary {
    int expected = 0, approved = 0, not_reporting = 0;
    std::vector<std::pair<ReportUnit, reports::ReportState>> pending;
};

struct ReportView {
    const reports::ReportForm* form = nullptr;
    ReportUnit unit;
    reports::ReportPeriod period;
    reports::ReportState state = reports::ReportState::not_started;
    std::int64_t version = 0;
    std::optional<reports::Deadline> deadline;
    reports::FilledCells cells;   // the snapshot when there is one, else the values now
    std::vector<reports::Finding> findings;
    std::vector<ModifiedCell> modified;  // snapshot cells whose value now differs
    std::vector<std::string> sources_vi;
    std::optional<BelowSummary> below;
    std::map<reports::ReportAction, bool> can;
    std::vector<store::ReportEvent> history;
};

[[nodiscard]] reports::ReportPeriod parse_report_period(const reports::ReportForm& form, const std::string& id);

[[nodiscard]] ReportView open_report(ReportDeps& deps, const store::ReportKey& key, const std::string& user_unit);
ReportView save_report(ReportDeps& deps, const store::ReportKey& key, const reports::CellValues& values,
                       std::int64_t expected_version, const std::string& user_unit, const store::Actor& actor);
ReportView act_on_report(ReportDeps& deps, const store::ReportKey& key, reports::ReportAction action,
                         const std::string& reason, std::int64_t expected_version, const std::string& user_unit,
                         const store::Actor& actor);
struct ReportImport {
    std::vector<io::Problem> problems;  // sheet, row and column; nothing was written when not empty
    std::size_t cells = 0;              // entered cells read
    bool written = false;
    std::optional<ReportView> view;     // the report after the import, when written
};

// Reads the entered cells of a report filled in Excel (the layout the report downloads in) and
// saves them as a draft, all or nothing; `dry_run` only checks. Refused as a save would be (a
// locked report, another unit's, a stale version).
ReportImport import_report_sheet(ReportDeps& deps, const store::ReportKey& key, std::string_view bytes,
                                 const std::string& source, bool dry_run, std::int64_t expected_version,
                                 const std::string& user_unit, const store::Actor& actor);

// Marks every unit below `parent` that has not submitted `form` for the period as not reporting,
// in one transaction; returns how many.
int mark_rest_not_reporting(ReportDeps& deps, const std::string& form, const std::string& period,
                            const std::string& parent, const std::string& reason, const std::string& user_unit,
                            const store::Actor& actor);

// Days from `from` to `to` (negative when `to` is earlier).
[[nodiscard]] int days_between(const Date& from, const Date& to);

}  // namespace giamngheo::app
