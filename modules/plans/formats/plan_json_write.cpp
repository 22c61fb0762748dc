// Writing plans as JSON (plan_json.hpp): the keys the plan model holds, in the shape the reader
// accepts, so that write → read gives the same plan.
#include <nlohmann/json.hpp>

#include "modules/plans/formats/plan_json.hpp"
#include "modules/plans/formats/plan_json_detail.hpp"
#include "platform/table.hpp"

namespace giamngheo::io {
namespace {

using nlohmann::json;

// Where the printed text of an amount goes back: with its unit written, in `printed_key`; a
// figure printed in million without unit, in `million_key`.
void write_printed(json& out, const std::optional<PrintedAmount>& p, const char* million_key, const char* printed_key) {
    if (!p) return;
    if (p->unit_written) out[printed_key] = p->printed;
    else if (p->unit_vnd == kMillion) out[million_key] = p->printed;
}

json subtotal_json(const AnnouncedSubtotal& sub) {
    json split = json::array();
    for (const auto& [year, v] : sub.by_origin_year) split.push_back({{"origin_year", year}, {"amount_vnd", v}});
    json out = json::object();
    if (!sub.source.empty()) out["source"] = sub.source;
    if (!sub.source_group.empty()) out["source_group"] = sub.source_group;
    if (!sub.fund_kind.empty()) out["fund_kind"] = sub.fund_kind;
    if (!sub.fund_sub_kind.empty()) out["fund_sub_kind"] = sub.fund_sub_kind;
    if (sub.budget_year) out["budget_year"] = sub.budget_year;
    out["amount_vnd"] = sub.amount_vnd;
    write_printed(out, sub.printed, "amount_million_printed", "amount_printed");
    out["split"] = split;
    return out;
}

// ------------------------------------------------------------------ writing

json optional_text(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }
json optional_date(const std::optional<Date>& date) { return date ? json(date->iso()) : json(nullptr); }

json reference_json(const LegalReference& l) {
    return {{"kind", l.kind},         {"number", l.number},           {"date", optional_date(l.date)},
            {"issuer", l.issuer},     {"title", optional_text(l.title)}, {"relation", l.relation}};
}

json quantity_json(const std::optional<Quantity>& q) {
    if (!q) return nullptr;
    json out = json::object();
    if (q->value) out["value"] = *q->value;
    if (q->value_min) out["value_min"] = *q->value_min;
    if (q->value_max) out["value_max"] = *q->value_max;
    out["printed"] = q->printed;
    if (q->as_of) out["as_of"] = q->as_of->iso();
    return out;
}

json target_json(const Target& t) {
    json out = {{"indicator", t.indicator}, {"kind", t.kind}, {"unit", optional_text(t.unit)}, {"year", t.year}};
    if (!t.unit_code.empty()) out["unit_code"] = t.unit_code;
    if (!t.assigned_by.empty()) out["assigned_by"] = t.assigned_by;
    if (t.households) out["households"] = *t.households;
    if (!t.population.empty()) out["population"] = t.population;
    out["baseline"] = quantity_json(t.baseline);
    out["target"] = quantity_json(t.target);
    if (t.change) {
        json change = {{"value", t.change->value}, {"unit", t.change->unit}, {"printed", t.change->printed}};
        if (t.change->value_min) change["value_min"] = *t.change->value_min;
        if (t.change->value_max) change["value_max"] = *t.change->value_max;
        out["change"] = change;
    } else {
        out["change"] = nullptr;
    }
    if (t.actual) out["actual"] = *t.actual;
    if (t.actual_change) out["actual_change"] = *t.actual_change;
    out["text_printed"] = t.text_printed;
    if (!t.note.empty()) out["note"] = t.note;
    return out;
}

json report_json(const ReportDuty& d) {
    json out = json::object();
    if (!d.key.empty()) out["key"] = d.key;
    out["from"] = optional_text(d.from);
    out["to"] = d.to.empty() ? json(nullptr) : d.to.size() == 1 ? json(d.to.front()) : json(d.to);
    out["what"] = d.what;
    out["period"] = d.periods.empty() ? json(nullptr) : json(d.periods);
    out["deadline"] = d.deadline ? json{{"day", d.deadline->day},
                                        {"month", d.deadline->month},
                                        {"comparison", d.deadline->comparison},
                                        {"printed", d.deadline->printed}}
                                 : json(nullptr);
    json forms = json::array();
    for (const auto& f : d.forms) forms.push_back({{"code", f.code}, {"legal_source", f.legal_source}});
    out["forms"] = forms;
    out["printed"] = d.printed;
    if (!d.note.empty()) out["note"] = d.note;
    return out;
}

json section_json(const NodeSection& s) {
    json out = {{"node", s.node}, {"applicable", s.applicable}};
    if (!s.applicable) {
        out["reason"] = s.reason;
        out["reason_printed"] = s.reason_printed;
    }
    out["heading_printed"] = s.heading;
    if (s.content_in_sub_projects) out["content_in_sub_projects"] = true;
    out["objectives"] = s.objectives;
    out["beneficiaries"] = s.beneficiaries;
    out["content"] = s.content;
    out["budget_total_vnd"] = s.announced_total_vnd ? json(*s.announced_total_vnd) : json(nullptr);
    write_printed(out, s.announced_total_printed, "budget_total_million_printed", "budget_total_printed");
    out["budget_text_printed"] = optional_text(s.budget_text);
    if (!s.announced_subtotals.empty()) {
        json subs = json::array();
        for (const auto& sub : s.announced_subtotals) subs.push_back(subtotal_json(sub));
        out["printed_subtotals"] = subs;
    }
    out["lead_agencies"] = s.lead_agencies;
    out["coordinating_agencies"] = s.coordinating_agencies;
    out["implementing_agencies"] = s.implementing_agencies;
    out["assignment_printed"] = s.assignment;
    out["reporting_duties"] = json::array();
    for (const auto& d : s.reporting_duties) out["reporting_duties"].push_back(report_json(d));
    out["legal_references"] = json::array();
    for (const auto& l : s.legal_references) out["legal_references"].push_back(reference_json(l));
    if (!s.support_form.empty()) out["support_form"] = s.support_form;
    out["notes"] = s.notes;
    return out;
}

json blocks_json(const std::vector<TextBlock>& blocks) {
    json out = json::array();
    for (const auto& b : blocks) {
        if (b.heading.empty())
            for (const auto& item : b.items) out.push_back(item);
        else
            out.push_back({{"heading_printed", b.heading}, {"items", b.items}});
    }
    return out;
}

}  // namespace

json plan_to_json(const Plan& p) {
    json out = {{"schema_version", kSchemaVersion}, {"kind", "implementation_plan"}, {"programme", p.programme}};
    out["issuer"] = {{"name_vi", p.issuer},          {"unit_code", p.unit_code},         {"unit_level", p.unit_level},
                     {"unit_name", p.unit_name},     {"province_code", p.province_code}, {"province_name", p.province_name}};
    out["level"] = p.unit_level;
    out["year"] = p.year;
    out["document"] = {{"type_vi", p.document_type},         {"number", optional_text(p.number)},
                       {"number_suffix", p.number_suffix},   {"place_printed", optional_text(p.place)},
                       {"date", optional_date(p.date)},      {"title_printed", p.title}};
    out["legal_bases"] = json::array();
    for (const auto& l : p.legal_bases) out["legal_bases"].push_back(reference_json(l));
    out["legal_bases_printed"] = p.legal_bases_printed;
    out["purpose"] = p.purpose;
    out["requirements"] = p.requirements;
    json targets = json::array(), results = json::array();
    for (const auto& t : p.targets) (t.kind == "result" ? results : targets).push_back(target_json(t));
    out["objectives"] = {{"general", p.general_objectives}, {"specific_printed", p.specific_objectives}, {"targets", targets}};
    out["previous_year_results"] = results.empty() ? json(nullptr) : json{{"results", results}};
    if (p.situation) {
        json figures = json::array();
        for (const auto& f : p.situation->figures)
            figures.push_back({{"indicator", f.indicator}, {"value", f.value}, {"unit", f.unit}, {"printed", f.printed}});
        out["situation"] = {{"as_of", optional_date(p.situation->as_of)},
                            {"figures", figures},
                            {"figures_printed", p.situation->printed},
                            {"causes_of_poverty", p.situation->causes_of_poverty},
                            {"source_printed", p.situation->source}};
    } else {
        out["situation"] = nullptr;
    }
    out["nodes"] = json::array();
    for (const auto& s : p.nodes) out["nodes"].push_back(section_json(s));
    out["announced_total_vnd"] = p.announced_total_vnd ? json(*p.announced_total_vnd) : json(nullptr);
    write_printed(out, p.announced_total_printed, "announced_total_million_printed", "announced_total_printed");
    if (!p.announced_totals.empty()) {
        out["printed_totals"] = json::array();
        for (const auto& t : p.announced_totals) out["printed_totals"].push_back(subtotal_json(t));
    }
    if (!p.budget_intro.empty()) out["budget_intro_printed"] = p.budget_intro;
    out["budget_lines"] = json::array();
    for (const auto& l : p.budget_lines) {
        json line = {{"node", l.node},
                     {"source", l.source},
                     {"fund_kind", l.fund_kind},
                     {"budget_year", l.budget_year},
                     {"origin_year", l.origin_year},
                     {"carried_over", l.carried_over()},
                     {"amount_vnd", l.amount_vnd},
                     {"stage", l.stage},
                     {"counterpart", l.counterpart}};
        if (!l.fund_sub_kind.empty()) line["fund_sub_kind"] = l.fund_sub_kind;
        write_printed(line, l.amount_printed, "amount_million_printed", "amount_printed");
        if (l.amount_printed) line["amount_bound"] = l.amount_printed->bound;
        if (!l.unit_code.empty()) line["unit_code"] = l.unit_code;
        if (!l.recipient_class.empty()) line["recipient_class"] = l.recipient_class;
        if (!l.decision.empty()) line["decision"] = l.decision;
        if (!l.tranche.empty()) line["tranche"] = l.tranche;
        line["label_printed"] = l.label;
        line["source_basis"] = l.source_basis;
        if (!l.note.empty()) line["note"] = l.note;
        out["budget_lines"].push_back(std::move(line));
    }
    out["disbursements"] = json::array();
    for (const auto& d : p.disbursements) {
        json entry = {{"node", d.node}, {"budget_year", d.budget_year}};
        if (!d.source.empty()) entry["source"] = d.source;
        if (!d.fund_kind.empty()) entry["fund_kind"] = d.fund_kind;
        if (d.estimate) entry["estimate"] = true;
        if (d.date) entry["date"] = d.date->iso();
        if (d.amount_vnd) entry["amount_vnd"] = *d.amount_vnd;
        entry["percent"] = d.percent ? json(*d.percent) : json(nullptr);
        if (!d.aggregate_of.empty()) entry["aggregate_of"] = d.aggregate_of;
        entry["printed"] = optional_text(d.printed);
        if (!d.note.empty()) entry["note"] = d.note;
        out["disbursements"].push_back(std::move(entry));
    }
    out["production_projects"] = json::array();
    for (const auto& pr : p.projects)
        out["production_projects"].push_back(
            {{"name", pr.name},
             {"node", pr.node},
             {"support_form", pr.support_form},
             {"budget_year", pr.budget_year},
             {"amount_vnd", pr.amount_vnd},
             {"duration_years", pr.duration_years ? json(*pr.duration_years) : json(nullptr)},
             {"villages", pr.villages},
             {"printed", pr.printed}});
    out["funding_sources_printed"] = json::array();
    for (const auto& f : p.funding_text) out["funding_sources_printed"].push_back({{"printed", f}});
    out["tasks_and_solutions"] = blocks_json(p.solutions);
    out["general_policies"] = blocks_json(p.general_policies);
    out["agencies"] = json::array();
    for (const auto& a : p.agencies)
        out["agencies"].push_back({{"number_printed", a.number},
                                   {"name_printed", a.name},
                                   {"leads_nodes", a.leads_nodes},
                                   {"duties", a.duties},
                                   {"request", a.request}});
    json reports = json::array();
    for (const auto& d : p.reports) reports.push_back(report_json(d));
    out["reporting"] = {{"regime_printed", p.reporting_text}, {"reports", reports}};
    out["recipients"] = json::array();
    for (const auto& rc : p.recipients)
        out["recipients"].push_back({{"name", rc.name}, {"purpose_printed", optional_text(rc.purpose)}});
    out["signer"] = {{"authority_printed", optional_text(p.signer.authority)},
                     {"title_printed", p.signer.title},
                     {"name", optional_text(p.signer.name)}};
    out["notes"] = p.notes;
    return out;
}

void write_plan_file(const std::string& path, const Plan& plan) {
    write_file_atomically(path, plan_to_json(plan).dump(2) + "\n");
}

}  // namespace giamngheo::io
