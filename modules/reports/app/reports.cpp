#include "modules/reports/app/reports.hpp"

#include <algorithm>
#include <cmath>

#include "kernel/errors.hpp"
#include "kernel/labels_vi.hpp"
#include "modules/reports/formats/report_json.hpp"
#include "modules/reports/formats/report_xlsx.hpp"

namespace giamngheo::app {
namespace {

using reports::CellValues;
using reports::ReportAction;
using reports::ReportState;

std::set<std::string> families_of(const reports::ReportForm& form) {
    std::set<std::string> out;
    for (const auto* cell : form.cells())
        if (cell->formula)
            for (const auto& name : cell->formula->measures()) out.insert(name.substr(0, name.find('.')));
    return out;
}

bool same(const reports::CellValue& a, const reports::CellValue& b) {
    if (a.text != b.text || a.number.has_value() != b.number.has_value()) return false;
    return !a.number || std::fabs(*a.number - *b.number) <= 1e-6 * std::max(1.0, std::fabs(*b.number));
}

struct Loaded {
    const reports::ReportForm& form;
    reports::ReportPeriod period;
    ReportingChain chain;
    ReportUnit unit;
    std::optional<store::StoredReport> stored;
    [[nodiscard]] ReportState state() const { return stored ? stored->status.state : ReportState::not_started; }
    [[nodiscard]] std::int64_t version() const { return stored ? stored->status.version : 0; }
};

Loaded load(ReportDeps& deps, const store::ReportKey& key) {
    const auto& form = deps.catalogue.form(key.form);
    const auto period = parse_report_period(form, key.period);
    ReportingChain chain(deps.units, period);
    ReportUnit unit = chain.unit(key.unit_code);
    return {form, period, std::move(chain), std::move(unit), deps.reports.load_report(key)};
}

// The approved values of `below` (the units below the report's), and who has not settled yet.
BelowSummary below_of(ReportDeps& deps, const Loaded& l, const std::vector<ReportUnit>& below,
                      std::vector<CellValues>& approved) {
    BelowSummary summary;
    std::map<std::string, store::ReportStatus> by_unit;
    for (auto& s : deps.reports.report_statuses(l.period.id(), l.form.code)) by_unit[s.key.unit_code] = s;
    for (const auto& u : below) {
        ++summary.expected;
        const auto it = by_unit.find(u.code);
        const ReportState state = it == by_unit.end() ? ReportState::not_started : it->second.state;
        if (state == ReportState::not_reporting) ++summary.not_reporting;
        else if (reports::is_settled(state)) ++summary.approved;
        else summary.pending.emplace_back(u, state);
        if (state == ReportState::approved || state == ReportState::accepted)
            approved.push_back(deps.reports.load_report({l.form.code, l.period.id(), u.code})->snapshot);
    }
    return summary;
}

// What a form is filled from: the unit's entries, its figures (those of other forms of the same
// period included) and, for a unit that consolidates, its units' approved values.
struct Filling {
    reports::FillInput input;
    std::vector<std::string> sources_vi;
    std::optional<BelowSummary> below;
};

Filling filling_of(ReportDeps& deps, const Loaded& l);

// Another form's values for the same unit and period: as submitted, else as they are now.
CellValues values_now(ReportDeps& deps, const Loaded& self, const std::string& code) {
    const Loaded other{deps.catalogue.form(code), self.period, self.chain, self.unit,
                       deps.reports.load_report({code, self.period.id(), self.unit.code})};
    if (other.stored && !other.stored->snapshot.empty()) return other.stored->snapshot;
    return reports::values_of(reports::fill_report(other.form, filling_of(deps, other).input));
}

Filling filling_of(ReportDeps& deps, const Loaded& l) {
    Filling out;
    if (l.stored) out.input.entered = l.stored->entered;
    Measures measures = deps.measures.measures(l.unit, l.period, l.chain.map(), l.form.programme, families_of(l.form));
    out.input.measures = std::move(measures.values);
    out.sources_vi = std::move(measures.sources_vi);
    // Forms name each other without a cycle (checked when they are read), so this recursion ends.
    for (const auto& code : reports::forms_referenced(l.form)) {
        for (const auto& [id, value] : values_now(deps, l, code))
            if (value.number) out.input.measures["form." + code + "." + id] = *value.number;
        out.sources_vi.push_back(deps.catalogue.form(code).short_vi + " cùng kỳ của đơn vị");
    }
    if (const auto below = l.chain.below(l.unit.code); !below.empty()) {
        std::vector<CellValues> approved;
        out.below = below_of(deps, l, below, approved);
        out.input.below = std::move(approved);
    }
    return out;
}

ReportView build_view(ReportDeps& deps, const Loaded& l, const std::string& user_unit) {
    ReportView view;
    view.form = &l.form;
    view.unit = l.unit;
    view.period = l.period;
    view.state = l.state();
    view.version = l.version();
    view.deadline = deps.catalogue.schedule.deadline(l.form.code, l.period, l.unit.level, l.unit.province);

    Filling filling = filling_of(deps, l);
    view.sources_vi = std::move(filling.sources_vi);
    view.below = std::move(filling.below);
    view.cells = reports::fill_report(l.form, filling.input);
    // A submitted report shows what was submitted, and which cells today's data would give otherwise.
    if (l.stored && !l.stored->snapshot.empty())
        for (auto& [id, cell] : view.cells) {
            const auto it = l.stored->snapshot.find(id);
            const reports::CellValue frozen = it == l.stored->snapshot.end() ? reports::CellValue{} : it->second;
            if (!same(frozen, cell.value)) view.modified.push_back({id, frozen, cell.value});
            cell.value = frozen;
        }
    view.findings = reports::validate_report(l.form, view.cells);

    const reports::Standing standing = l.chain.standing(user_unit, l.unit.code);
    for (const auto action : {ReportAction::save, ReportAction::complete, ReportAction::submit, ReportAction::approve,
                              ReportAction::accept, ReportAction::send_back, ReportAction::mark_not_reporting})
        view.can[action] = reports::may(action, view.state, standing);
    if (l.stored) view.history = deps.reports.report_history({l.form.code, l.period.id(), l.unit.code});
    return view;
}

// Checked before any work on the report; the store checks it again in the write's transaction.
void require_version(const Loaded& l, std::int64_t expected) {
    if (expected != l.version())
        throw Error(ErrorKind::stale_version, "stale_version",
                    "báo cáo đã được người khác thay đổi (phiên bản " + std::to_string(l.version()) + ", không phải " +
                        std::to_string(expected) + "); tải lại rồi làm tiếp");
}

[[noreturn]] void units_below_pending(const BelowSummary& below) {
    std::string names;
    for (std::size_t i = 0; i < below.pending.size() && i < 5; ++i)
        names += (i ? ", " : "") + below.pending[i].first.name + " (" +
                 label_vi("report_state", reports::to_string(below.pending[i].second)) + ")";
    if (below.pending.size() > 5) names += " và " + std::to_string(below.pending.size() - 5) + " đơn vị khác";
    throw Error(ErrorKind::conflict, "units_below_pending",
                "còn " + std::to_string(below.pending.size()) + " đơn vị cấp dưới chưa được duyệt hoặc đánh dấu không báo cáo: " + names);
}

}  // namespace

ReportCatalogue ReportCatalogue::load(const Environment& env) {
    const std::string dir = env.data_dir + "/reports";
    return {reports::load_forms(dir), reports::load_schedule(dir, env.work_calendar())};
}

const reports::ReportForm& ReportCatalogue::form(const std::string& code) const {
    for (const auto& f : forms)
        if (f.code == code) return f;
    throw_not_found("không có biểu báo cáo \"" + code + "\"");
}

reports::ReportPeriod parse_report_period(const reports::ReportForm& form, const std::string& id) {
    const auto period = reports::ReportPeriod::parse(id);
    if (!period) throw_not_found("kỳ báo cáo \"" + id + "\" không hợp lệ (cần 2026, 2026-H1 hoặc 2026-05)");
    const std::string kind = reports::to_string(period->kind);
    if (std::find(form.period_kinds.begin(), form.period_kinds.end(), kind) == form.period_kinds.end())
        throw_not_found(form.short_vi + " không báo cáo theo kỳ " + label_vi("period_kind", kind));
    return *period;
}

int days_between(const Date& from, const Date& to) {
    return static_cast<int>(to.days_since_epoch() - from.days_since_epoch());
}

ReportView open_report(ReportDeps& deps, const store::ReportKey& key, const std::string& user_unit) {
    return build_view(deps, load(deps, key), user_unit);
}

ReportView save_report(ReportDeps& deps, const store::ReportKey& key, const CellValues& values,
                       std::int64_t expected_version, const std::string& user_unit, const store::Actor& actor) {
    const Loaded l = load(deps, key);
    const ReportState to = reports::next_state(ReportAction::save, l.state(), l.chain.standing(user_unit, key.unit_code), "");
    reports::check_entries(l.form, values);
    CellValues entered = l.stored ? l.stored->entered : CellValues{};
    for (const auto& [id, value] : values) {
        if (value.empty()) entered.erase(id);
        else entered[id] = value;
    }
    store::ReportWrite write{key, expected_version, ReportAction::save, to, entered, std::nullopt, "", std::nullopt};
    deps.reports.write_report(write, actor);
    return open_report(deps, key, user_unit);
}

ReportView act_on_report(ReportDeps& deps, const store::ReportKey& key, ReportAction action, const std::string& reason,
                         std::int64_t expected_version, const std::string& user_unit, const store::Actor& actor) {
    if (action == ReportAction::save) throw_invalid_input("lưu số liệu bằng PUT, không phải bằng thao tác");
    const Loaded l = load(deps, key);
    const ReportState to = reports::next_state(action, l.state(), l.chain.standing(user_unit, key.unit_code), reason);
    require_version(l, expected_version);
    const ReportView view = build_view(deps, l, user_unit);
    const bool needs_below = action == ReportAction::complete || action == ReportAction::submit || action == ReportAction::approve;
    if (needs_below && view.below && !view.below->pending.empty()) units_below_pending(*view.below);
    if (action == ReportAction::complete && reports::has_errors(view.findings)) {
        std::string first;
        for (const auto& f : view.findings)
            if (f.importance == reports::Importance::error) { first = f.message_vi; break; }
        throw Error(ErrorKind::conflict, "validation_failed", "chưa hoàn thành được: " + first);
    }
    std::optional<CellValues> snapshot;
    if (action == ReportAction::submit) snapshot = reports::values_of(view.cells);
    if (action == ReportAction::send_back || action == ReportAction::mark_not_reporting) snapshot = CellValues{};
    store::ReportWrite write{key, expected_version, action, to, l.stored ? l.stored->entered : CellValues{}, snapshot, reason,
                             std::nullopt};
    deps.reports.write_report(write, actor);
    return open_report(deps, key, user_unit);
}

ReportImport import_report_sheet(ReportDeps& deps, const store::ReportKey& key, std::string_view bytes,
                                 const std::string& source, bool dry_run, std::int64_t expected_version,
                                 const std::string& user_unit, const store::Actor& actor) {
    const Loaded l = load(deps, key);
    (void)reports::next_state(ReportAction::save, l.state(), l.chain.standing(user_unit, key.unit_code), "");
    require_version(l, expected_version);
    ReportImport out;
    reports::SheetEntries entries;
    try {
        entries = reports::read_report_sheet(l.form, io::read_xlsx_grid(bytes, source), source);
    } catch (const io::FileProblem& e) {
        out.problems.push_back(e.problem());
        return out;
    }
    out.problems = std::move(entries.problems);
    out.cells = entries.entered.size();
    if (!out.problems.empty() || dry_run) return out;
    out.view = save_report(deps, key, entries.entered, expected_version, user_unit, actor);
    out.written = true;
    return out;
}

int mark_rest_not_reporting(ReportDeps& deps, const std::string& form, const std::string& period, const std::string& parent,
                            const std::string& reason, const std::string& user_unit, const store::Actor& actor) {
    const Loaded l = load(deps, {form, period, parent});
    std::map<std::string, store::ReportStatus> by_unit;
    for (auto& s : deps.reports.report_statuses(period, form)) by_unit[s.key.unit_code] = s;
    std::vector<store::ReportWrite> writes;
    for (const auto& u : l.chain.below(parent)) {
        const auto it = by_unit.find(u.code);
        const ReportState state = it == by_unit.end() ? ReportState::not_started : it->second.state;
        if (reports::is_locked(state)) continue;
        const store::ReportKey key{form, period, u.code};
        const ReportState to = reports::next_state(ReportAction::mark_not_reporting, state,
                                                   l.chain.standing(user_unit, u.code), reason);
        const auto stored = it == by_unit.end() ? std::nullopt : deps.reports.load_report(key);
        writes.push_back({key, it == by_unit.end() ? 0 : it->second.version, ReportAction::mark_not_reporting, to,
                          stored ? stored->entered : CellValues{}, CellValues{}, reason, std::nullopt});
    }
    if (!writes.empty()) deps.reports.write_reports(writes, actor);
    return static_cast<int>(writes.size());
}

}  // namespace giamngheo::app
