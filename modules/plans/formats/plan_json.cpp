#include "modules/plans/formats/plan_json.hpp"

#include "modules/plans/formats/plan_json_detail.hpp"

#include <cctype>
#include <cmath>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "kernel/errors.hpp"
#include "kernel/format_vi.hpp"
#include "platform/table.hpp"

namespace giamngheo::io {
namespace {

using nlohmann::json;

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

// An amount: whole VND (`vnd_key`), million VND (`million_key`, as the fixtures keep the printed
// figure) or the printed text with its unit (`printed_key`: "152.417 triệu đồng", "hơn 90 tỷ").
// A string in the first two is read as printed in that unit ("152.417" in million). Errors name
// the key and say why in Vietnamese.
struct ReadAmount {
    std::int64_t vnd = 0;
    std::optional<PrintedAmount> printed;
};

std::optional<ReadAmount> amount(const Reader& r, const char* vnd_key, const char* million_key, const char* printed_key) {
    std::optional<ReadAmount> out;
    const char* first_key = nullptr;
    const auto take = [&](const char* key, std::int64_t unit) {
        if (!key || !r.has(key)) return;
        ReadAmount read;
        if (r.raw(key).is_string()) {
            try {
                const PrintedAmount p = parse_printed_amount(r.raw(key).get<std::string>(), unit);
                read = {p.vnd, p};
            } catch (const std::invalid_argument& e) {
                r.fail(key, std::string("số tiền ") + e.what());
            }
        } else {
            if (unit == 0) r.fail(key, "cần số tiền như in, ví dụ \"152.417 triệu đồng\"");
            const auto v = r.integer(key);
            if (*v <= 0 && unit == kMillion) r.fail(key, "số tiền phải lớn hơn 0");
            read = {*v * unit, std::nullopt};
        }
        if (out && out->vnd != read.vnd)
            r.fail(key, "là " + format_integer_vi(read.vnd) + " đồng, khác " + r.path(first_key) + " (" +
                            format_integer_vi(out->vnd) + " đồng)");
        if (!out) {
            out = read;
            first_key = key;
        } else if (read.printed) {
            out->printed = read.printed;
        }
    };
    take(vnd_key, 1);
    take(million_key, kMillion);
    take(printed_key, 0);  // the unit must be written
    return out;
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
    t.assigned_by = r.text("assigned_by");
    if (!t.assigned_by.empty() && t.assigned_by != "province" && t.assigned_by != "district" && t.assigned_by != "self")
        r.fail("assigned_by", "cần province (tỉnh giao), district (huyện giao) hoặc self (tự đặt)");
    t.households = r.number("households");
    t.population = r.text("population");
    if (auto q = r.object("baseline")) t.baseline = read_quantity(*q);
    if (auto q = r.object("target")) t.target = read_quantity(*q);
    if (auto c = r.object("change")) {
        Change change;
        change.value_min = c->number("value_min");
        change.value_max = c->number("value_max");
        if (change.value_min.has_value() != change.value_max.has_value())
            c->fail(change.value_min ? "value_max" : "value_min", "thiếu (một khoảng cần cả hai đầu)");
        if (change.is_range() && *change.value_min > *change.value_max) c->fail("value_min", "lớn hơn value_max");
        // A range commits to its bound nearest to no change ("giảm 1,5 - 2 điểm": -1,5).
        const auto nearest = [&] { return std::fabs(*change.value_min) < std::fabs(*change.value_max) ? *change.value_min : *change.value_max; };
        change.value = c->has("value") ? *c->number("value") : change.is_range() ? nearest() : 0;
        change.unit = c->text("unit");
        change.printed = c->text("printed");
        t.change = change;
    }
    t.actual = r.number("actual");
    t.actual_change = r.number("actual_change");
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

AnnouncedSubtotal read_subtotal(const Reader& p) {
    AnnouncedSubtotal sub;
    sub.source = p.text("source");
    sub.source_group = p.text("source_group");
    if (!sub.source_group.empty() && sub.source_group != "central" && sub.source_group != "local")
        p.fail("source_group", "cần \"central\" (ngân sách trung ương) hoặc \"local\" (ngân sách địa phương)");
    if (!sub.source.empty() && !sub.source_group.empty()) p.fail("source_group", "chỉ ghi một trong source và source_group");
    sub.fund_kind = p.text("fund_kind");
    sub.fund_sub_kind = p.text("fund_sub_kind");
    if (const auto year = p.integer("budget_year")) sub.budget_year = static_cast<int>(*year);
    if (!sub.fund_sub_kind.empty() && sub.fund_kind.empty()) p.fail("fund_kind", "thiếu (cần khi có fund_sub_kind)");
    const auto total = amount(p, "amount_vnd", "amount_million_printed", "amount_printed");
    if (!total) p.fail("amount_vnd", "thiếu");
    sub.amount_vnd = total->vnd;
    sub.printed = total->printed;
    p.objects("split", [&](const Reader& part) {
        const auto v = amount(part, "amount_vnd", "amount_million_printed", "amount_printed");
        if (!v) part.fail("amount_vnd", "thiếu");
        sub.by_origin_year[part.required_int("origin_year")] = v->vnd;
    });
    return sub;
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
    if (const auto total = amount(r, "budget_total_vnd", "budget_total_million_printed", "budget_total_printed")) {
        s.announced_total_vnd = total->vnd;
        s.announced_total_printed = total->printed;
    }
    s.budget_text = r.text("budget_text_printed");
    r.objects("printed_subtotals", [&](const Reader& p) { s.announced_subtotals.push_back(read_subtotal(p)); });
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

BudgetLine read_line(const Reader& r, const std::string& programme) {
    BudgetLine l;
    l.node = r.required_text("node");
    l.programme_level = l.node == programme;
    l.source = r.required_text("source");
    l.fund_kind = r.required_text("fund_kind");
    l.fund_sub_kind = r.text("fund_sub_kind");
    l.budget_year = r.required_int("budget_year");
    l.origin_year = r.integer("origin_year") ? static_cast<int>(*r.integer("origin_year")) : l.budget_year;
    const auto v = amount(r, "amount_vnd", "amount_million_printed", "amount_printed");
    if (!v) r.fail("amount_vnd", "thiếu");
    l.amount_vnd = v->vnd;
    l.amount_printed = v->printed;
    l.stage = r.text("stage");
    if (!l.stage.empty() && !is_budget_stage(l.stage))
        r.fail("stage", "cần proposed (đề xuất), requested (nhu cầu, đề nghị), planned (kế hoạch vốn), allocated (được giao) "
                        "hoặc adjusted (giao điều chỉnh)");
    l.decision = r.text("decision");
    l.tranche = r.text("tranche");
    l.counterpart = r.flag("counterpart");
    l.unit_code = r.text("unit_code");
    l.recipient_class = r.text("recipient_class");
    if (!l.recipient_class.empty() && l.recipient_class != "department" && l.recipient_class != "locality")
        r.fail("recipient_class", "cần \"department\" (sở, ban, ngành cùng cấp) hoặc \"locality\" (địa phương cấp dưới)");
    l.label = r.text("label_printed");
    l.source_basis = r.text("source_basis");
    l.note = r.has("note") ? r.text("note") : r.text("source_note");
    return l;
}

Disbursement read_disbursement(const Reader& r) {
    Disbursement d;
    d.node = r.required_text("node");
    d.source = r.text("source");
    d.fund_kind = r.text("fund_kind");
    d.estimate = r.flag("estimate");
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
    const auto v = amount(r, "amount_vnd", "amount_million_printed", "amount_printed");
    if (!v) r.fail("amount_vnd", "thiếu");
    p.amount_vnd = v->vnd;
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
    if (r.has("announced_total_vnd") || r.has("announced_total_printed")) {
        const auto total = amount(r, "announced_total_vnd", "announced_total_million_printed", "announced_total_printed");
        p.announced_total_vnd = total->vnd;
        p.announced_total_printed = total->printed;
    } else {
        // The fixtures keep the printed total beside the derived summary of the plan's year.
        r.objects("budget_summary", [&](const Reader& s) {
            if (s.required_int("budget_year") == p.year)
                if (const auto printed = s.integer("printed_total_million")) p.announced_total_vnd = *printed * kMillion;
        });
    }
    r.objects("printed_totals", [&](const Reader& t) { p.announced_totals.push_back(read_subtotal(t)); });
    p.budget_intro = r.text("budget_intro_printed");
    r.objects("budget_lines", [&](const Reader& l) { p.budget_lines.push_back(read_line(l, p.programme)); });
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

Plan read_plan_file(const std::string& path) {
    json document;
    const std::string text = read_file(path);
    try {
        document = json::parse(text);
    } catch (const json::exception&) {
        throw_invalid_input(path + ": " + plan_json_syntax_error(text));
    }
    try {
        return plan_from_json(document);
    } catch (const std::invalid_argument& e) {
        throw_invalid_input(path + ": " + e.what());
    }
}

}  // namespace giamngheo::io
