#include "modules/plans/formats/plan_json.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "platform/table.hpp"
#include "kernel/errors.hpp"

namespace giamngheo::io {
namespace {

using nlohmann::json;

constexpr std::int64_t kMillion = 1'000'000;
constexpr int kSchemaVersion = 1;
constexpr const char* kIssuerPrefix = "Ủy ban nhân dân ";

// Reads one JSON object, naming the key path in every error.
class Reader {
public:
    Reader(const json& value, std::string path) : value_(value), path_(std::move(path)) {
        if (!value_.is_object()) fail("", "cần một đối tượng JSON");
    }

    [[nodiscard]] bool has(const char* key) const { return value_.contains(key) && !value_.at(key).is_null(); }
    [[nodiscard]] std::string path(const char* key) const { return path_.empty() ? key : path_ + "." + key; }
    [[nodiscard]] const json& raw(const char* key) const { return value_.at(key); }

    [[nodiscard]] std::string text(const char* key) const {
        if (!has(key)) return {};
        if (!value_.at(key).is_string()) fail(key, "cần một chuỗi");
        return value_.at(key).get<std::string>();
    }
    [[nodiscard]] std::string required_text(const char* key) const {
        if (!has(key)) fail(key, "thiếu");
        return text(key);
    }
    [[nodiscard]] std::optional<std::int64_t> integer(const char* key) const {
        if (!has(key)) return std::nullopt;
        if (!value_.at(key).is_number_integer()) fail(key, "cần một số nguyên");
        return value_.at(key).get<std::int64_t>();
    }
    [[nodiscard]] int required_int(const char* key) const {
        const auto v = integer(key);
        if (!v) fail(key, "thiếu");
        return static_cast<int>(*v);
    }
    [[nodiscard]] std::optional<double> number(const char* key) const {
        if (!has(key)) return std::nullopt;
        if (!value_.at(key).is_number()) fail(key, "cần một số");
        return value_.at(key).get<double>();
    }
    [[nodiscard]] bool flag(const char* key, bool fallback = false) const {
        if (!has(key)) return fallback;
        if (!value_.at(key).is_boolean()) fail(key, "cần true hoặc false");
        return value_.at(key).get<bool>();
    }
    [[nodiscard]] std::optional<Date> date(const char* key) const {
        const std::string t = text(key);
        if (t.empty()) return std::nullopt;
        const auto d = parse_iso_date(t);
        if (!d) fail(key, "ngày \"" + t + "\" không hợp lệ; cần YYYY-MM-DD");
        return d;
    }
    // A list of strings; a single string counts as a list of one.
    [[nodiscard]] std::vector<std::string> texts(const char* key) const {
        std::vector<std::string> out;
        if (!has(key)) return out;
        const json& v = value_.at(key);
        if (v.is_string()) return {v.get<std::string>()};
        if (!v.is_array()) fail(key, "cần một danh sách chuỗi");
        for (const auto& item : v) {
            if (!item.is_string()) fail(key, "cần một danh sách chuỗi");
            out.push_back(item.get<std::string>());
        }
        return out;
    }
    // Calls `each(Reader)` for every object of the array at `key`.
    template <typename F>
    void objects(const char* key, F&& each) const {
        if (!has(key)) return;
        const json& v = value_.at(key);
        if (!v.is_array()) fail(key, "cần một danh sách");
        for (std::size_t i = 0; i < v.size(); ++i) each(Reader(v[i], path(key) + "[" + std::to_string(i) + "]"));
    }
    [[nodiscard]] std::optional<Reader> object(const char* key) const {
        if (!has(key)) return std::nullopt;
        return Reader(value_.at(key), path(key));
    }

    [[noreturn]] void fail(const char* key, const std::string& why) const {
        const std::string where = *key ? path(key) : path_;
        throw std::invalid_argument((where.empty() ? std::string("kế hoạch") : where) + ": " + why);
    }

private:
    const json& value_;
    std::string path_;
};

// Amounts are whole VND; the fixtures also print million VND, accepted when no VND is given.
std::optional<std::int64_t> amount(const Reader& r, const char* vnd_key, const char* million_key) {
    if (auto v = r.integer(vnd_key)) return v;
    if (auto m = r.integer(million_key)) return *m * kMillion;
    return std::nullopt;
}

LegalReference read_reference(const Reader& r) {
    return {r.text("kind"), r.required_text("number"), r.date("date"), r.text("issuer"), r.text("title"), r.text("relation")};
}

Quantity read_quantity(const Reader& r) {
    return {r.number("value"), r.number("value_min"), r.number("value_max"), r.text("printed"), r.date("as_of")};
}

Target read_target(const Reader& r) {
    Target t;
    t.indicator = r.required_text("indicator");
    t.kind = r.text("kind");
    t.unit = r.text("unit");
    t.year = r.required_int("year");
    t.unit_code = r.text("unit_code");
    t.population = r.text("population");
    if (auto q = r.object("baseline")) t.baseline = read_quantity(*q);
    if (auto q = r.object("target")) t.target = read_quantity(*q);
    if (auto c = r.object("change")) t.change = Change{c->number("value").value_or(0), c->text("unit"), c->text("printed")};
    t.actual = r.number("actual");
    t.text_printed = r.text("text_printed");
    t.note = r.text("note");
    return t;
}

std::vector<FormRef> read_forms(const Reader& r) {
    std::vector<FormRef> out;
    if (!r.has("forms")) return out;
    const json& forms = r.raw("forms");
    if (!forms.is_array()) r.fail("forms", "cần một danh sách");
    for (std::size_t i = 0; i < forms.size(); ++i) {
        if (forms[i].is_string()) {
            out.push_back({forms[i].get<std::string>(), {}});
        } else {
            const Reader f(forms[i], r.path("forms") + "[" + std::to_string(i) + "]");
            out.push_back({f.required_text("code"), f.text("legal_source")});
        }
    }
    return out;
}

ReportDuty read_report(const Reader& r) {
    ReportDuty d;
    d.key = r.text("key");
    d.from = r.text("from");
    d.to = r.texts("to");
    d.what = r.text("what");
    d.periods = r.texts("period");
    if (auto dl = r.object("deadline"))
        d.deadline = Deadline{dl->required_int("day"), dl->required_int("month"), dl->text("comparison"), dl->text("printed")};
    d.forms = read_forms(r);
    d.printed = r.text("printed");
    d.note = r.text("note");
    return d;
}

NodeSection read_section(const Reader& r) {
    NodeSection s;
    s.node = r.required_text("node");
    s.applicable = r.flag("applicable", true);
    s.reason = r.text("reason");
    s.reason_printed = r.flag("reason_printed");
    s.heading = r.text("heading_printed");
    s.content_in_sub_projects = r.flag("content_in_sub_projects");
    s.objectives = r.texts("objectives");
    s.beneficiaries = r.texts("beneficiaries");
    s.content = r.texts("content");
    s.announced_total_vnd = amount(r, "budget_total_vnd", "budget_total_million_printed");
    s.budget_text = r.text("budget_text_printed");
    r.objects("printed_subtotals", [&](const Reader& p) {
        AnnouncedSubtotal sub;
        sub.source = p.required_text("source");
        sub.fund_kind = p.text("fund_kind");
        const auto total = amount(p, "amount_vnd", "amount_million_printed");
        if (!total) p.fail("amount_vnd", "thiếu");
        sub.amount_vnd = *total;
        p.objects("split", [&](const Reader& part) {
            const auto v = amount(part, "amount_vnd", "amount_million_printed");
            if (!v) part.fail("amount_vnd", "thiếu");
            sub.by_origin_year[part.required_int("origin_year")] = *v;
        });
        s.announced_subtotals.push_back(std::move(sub));
    });
    s.lead_agencies = r.texts("lead_agencies");
    s.coordinating_agencies = r.texts("coordinating_agencies");
    s.implementing_agencies = r.texts("implementing_agencies");
    s.assignment = r.texts("assignment_printed");
    r.objects("reporting_duties", [&](const Reader& d) { s.reporting_duties.push_back(read_report(d)); });
    r.objects("legal_references", [&](const Reader& l) { s.legal_references.push_back(read_reference(l)); });
    s.support_form = r.text("support_form");
    s.notes = r.texts("notes");
    return s;
}

BudgetLine read_line(const Reader& r) {
    BudgetLine l;
    l.node = r.required_text("node");
    l.source = r.required_text("source");
    l.fund_kind = r.required_text("fund_kind");
    l.budget_year = r.required_int("budget_year");
    l.origin_year = r.integer("origin_year") ? static_cast<int>(*r.integer("origin_year")) : l.budget_year;
    const auto v = amount(r, "amount_vnd", "amount_million_printed");
    if (!v) r.fail("amount_vnd", "thiếu");
    l.amount_vnd = *v;
    l.stage = r.text("stage");
    l.counterpart = r.flag("counterpart");
    l.unit_code = r.text("unit_code");
    l.label = r.text("label_printed");
    l.source_basis = r.text("source_basis");
    l.note = r.has("note") ? r.text("note") : r.text("source_note");
    return l;
}

Disbursement read_disbursement(const Reader& r) {
    Disbursement d;
    d.node = r.required_text("node");
    d.source = r.text("source");
    d.budget_year = r.required_int("budget_year");
    d.date = r.date("date");
    d.amount_vnd = r.integer("amount_vnd");
    d.percent = r.has("percent") ? r.number("percent") : r.number("disbursed_percent");
    d.aggregate_of = r.texts("aggregate_of");
    d.printed = r.text("printed");
    d.note = r.text("note");
    return d;
}

ProductionProject read_project(const Reader& r) {
    ProductionProject p;
    p.name = r.required_text("name");
    p.node = r.required_text("node");
    p.support_form = r.required_text("support_form");
    p.budget_year = r.required_int("budget_year");
    const auto v = amount(r, "amount_vnd", "amount_million_printed");
    if (!v) r.fail("amount_vnd", "thiếu");
    p.amount_vnd = *v;
    if (auto years = r.integer("duration_years")) p.duration_years = static_cast<int>(*years);
    p.villages = r.texts("villages");
    p.printed = r.text("printed");
    return p;
}

// Plain strings become items of one block without a heading; objects are blocks of their own.
std::vector<TextBlock> read_blocks(const Reader& r, const char* key) {
    std::vector<TextBlock> out;
    if (!r.has(key)) return out;
    const json& list = r.raw(key);
    if (!list.is_array()) r.fail(key, "cần một danh sách");
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (list[i].is_string()) {
            if (out.empty() || !out.back().heading.empty()) out.push_back({});
            out.back().items.push_back(list[i].get<std::string>());
        } else {
            const Reader b(list[i], r.path(key) + "[" + std::to_string(i) + "]");
            out.push_back({b.text("heading_printed"), b.texts("items")});
        }
    }
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
    if (!t.population.empty()) out["population"] = t.population;
    out["baseline"] = quantity_json(t.baseline);
    out["target"] = quantity_json(t.target);
    out["change"] = t.change ? json{{"value", t.change->value}, {"unit", t.change->unit}, {"printed", t.change->printed}}
                             : json(nullptr);
    if (t.actual) out["actual"] = *t.actual;
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
    out["budget_text_printed"] = optional_text(s.budget_text);
    if (!s.announced_subtotals.empty()) {
        json subs = json::array();
        for (const auto& sub : s.announced_subtotals) {
            json split = json::array();
            for (const auto& [year, v] : sub.by_origin_year) split.push_back({{"origin_year", year}, {"amount_vnd", v}});
            subs.push_back({{"source", sub.source}, {"fund_kind", sub.fund_kind}, {"amount_vnd", sub.amount_vnd}, {"split", split}});
        }
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

Plan plan_from_json(const json& document) {
    const Reader r(document, "");
    if (r.text("kind") != "implementation_plan") r.fail("kind", "cần \"implementation_plan\"");
    if (const auto version = r.integer("schema_version"); !version || *version != kSchemaVersion)
        r.fail("schema_version", "cần " + std::to_string(kSchemaVersion));
    Plan p;
    p.programme = r.required_text("programme");
    p.year = r.required_int("year");
    const auto issuer = r.object("issuer");
    if (!issuer) r.fail("issuer", "thiếu");
    p.unit_code = issuer->required_text("unit_code");
    p.unit_level = issuer->has("unit_level") ? issuer->text("unit_level") : r.text("level");
    p.issuer = issuer->required_text("name_vi");
    p.unit_name = issuer->text("unit_name");
    if (p.unit_name.empty() && p.issuer.starts_with(kIssuerPrefix)) p.unit_name = p.issuer.substr(std::string(kIssuerPrefix).size());
    p.province_code = issuer->text("province_code");
    p.province_name = issuer->text("province_name");

    if (const auto doc = r.object("document")) {
        if (doc->has("type_vi")) p.document_type = doc->text("type_vi");
        p.number = doc->text("number");
        if (doc->has("number_suffix")) p.number_suffix = doc->text("number_suffix");
        p.place = doc->text("place_printed");
        p.date = doc->date("date");
        p.title = doc->text("title_printed");
    }
    r.objects("legal_bases", [&](const Reader& l) { p.legal_bases.push_back(read_reference(l)); });
    p.legal_bases_printed = r.text("legal_bases_printed");
    p.purpose = r.texts("purpose");
    p.requirements = r.texts("requirements");
    if (const auto objectives = r.object("objectives")) {
        p.general_objectives = objectives->texts("general");
        p.specific_objectives = objectives->texts("specific_printed");
        objectives->objects("targets", [&](const Reader& t) { p.targets.push_back(read_target(t)); });
    }
    if (const auto previous = r.object("previous_year_results"))
        previous->objects("results", [&](const Reader& t) { p.targets.push_back(read_target(t)); });
    if (const auto s = r.object("situation")) {
        Situation situation;
        situation.as_of = s->date("as_of");
        s->objects("figures", [&](const Reader& f) {
            situation.figures.push_back({f.required_text("indicator"), f.number("value").value_or(0), f.text("unit"), f.text("printed")});
        });
        situation.causes_of_poverty = s->texts("causes_of_poverty");
        situation.printed = s->texts("figures_printed");
        situation.source = s->text("source_printed");
        p.situation = std::move(situation);
    }
    r.objects("nodes", [&](const Reader& n) { p.nodes.push_back(read_section(n)); });
    if (r.has("announced_total_vnd")) {
        p.announced_total_vnd = r.integer("announced_total_vnd");
    } else {
        // The fixtures keep the printed total beside the derived summary of the plan's year.
        r.objects("budget_summary", [&](const Reader& s) {
            if (s.required_int("budget_year") == p.year)
                if (const auto printed = s.integer("printed_total_million")) p.announced_total_vnd = *printed * kMillion;
        });
    }
    p.budget_intro = r.text("budget_intro_printed");
    r.objects("budget_lines", [&](const Reader& l) { p.budget_lines.push_back(read_line(l)); });
    const char* disbursement_key = r.has("disbursements") ? "disbursements" : "disbursement";
    r.objects(disbursement_key, [&](const Reader& d) { p.disbursements.push_back(read_disbursement(d)); });
    r.objects("production_projects", [&](const Reader& pr) { p.projects.push_back(read_project(pr)); });
    r.objects("funding_sources_printed", [&](const Reader& f) { p.funding_text.push_back(f.text("printed")); });
    p.solutions = read_blocks(r, "tasks_and_solutions");
    p.general_policies = read_blocks(r, "general_policies");
    r.objects("agencies", [&](const Reader& a) {
        p.agencies.push_back({a.text("number_printed"), a.required_text("name_printed"), a.texts("leads_nodes"),
                              a.texts("duties"), a.flag("request")});
    });
    if (const auto reporting = r.object("reporting")) {
        p.reporting_text = reporting->texts("regime_printed");
        reporting->objects("reports", [&](const Reader& d) { p.reports.push_back(read_report(d)); });
    }
    r.objects("recipients", [&](const Reader& rc) { p.recipients.push_back({rc.required_text("name"), rc.text("purpose_printed")}); });
    if (const auto signer = r.object("signer"))
        p.signer = {signer->text("authority_printed"), signer->text("title_printed"), signer->text("name")};
    p.notes = r.texts("notes");
    return p;
}

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
        if (!l.unit_code.empty()) line["unit_code"] = l.unit_code;
        line["label_printed"] = l.label;
        line["source_basis"] = l.source_basis;
        if (!l.note.empty()) line["note"] = l.note;
        out["budget_lines"].push_back(std::move(line));
    }
    out["disbursements"] = json::array();
    for (const auto& d : p.disbursements) {
        json entry = {{"node", d.node}, {"budget_year", d.budget_year}};
        if (!d.source.empty()) entry["source"] = d.source;
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

Plan read_plan_file(const std::string& path) {
    json document;
    try {
        document = json::parse(read_file(path));
    } catch (const json::exception& e) {
        throw_invalid_input(path + ": JSON không hợp lệ (" + e.what() + ")");
    }
    try {
        return plan_from_json(document);
    } catch (const std::invalid_argument& e) {
        throw_invalid_input(path + ": " + e.what());
    }
}

void write_plan_file(const std::string& path, const Plan& plan) {
    write_file_atomically(path, plan_to_json(plan).dump(2) + "\n");
}

}  // namespace giamngheo::io
