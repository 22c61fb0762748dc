#include "modules/plans/domain/plan.hpp"

#include "modules/plans/domain/plan_detail.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <tuple>

#include <nlohmann/json.hpp>

#include "kernel/format_vi.hpp"

namespace giamngheo {
using namespace plan_detail;
namespace {

using nlohmann::json;

std::string rule_citation(const FundingRule& rule) {
    std::string out = rule.label_vi.empty() ? rule.key : rule.label_vi;
    if (!rule.province_name.empty()) out += ", " + rule.province_name;
    if (!rule.legal_source.empty()) out += "; nguồn: " + rule.legal_source;
    if (!rule.verified) out += "; chưa kiểm chứng";
    return out;
}

}  // namespace

// ---------------------------------------------------------------- catalogues

const ProgrammeNode* Programme::find(const std::string& key) const {
    for (const auto& n : nodes)
        if (n.key == key) return &n;
    return nullptr;
}

std::string Programme::title(const std::string& key) const {
    const auto* node = find(key);
    return node ? node->label + ": " + node->name : key;
}

std::string Programme::qualified_title(const std::string& key) const {
    const auto* node = find(key);
    return node ? short_label(key) + ": " + node->name : key;
}

std::string Programme::short_label(const std::string& key) const {
    const auto* node = find(key);
    if (!node) return key;
    const auto* parent = node->parent.empty() ? nullptr : find(node->parent);
    return parent ? parent->label + " - " + node->label : node->label;
}

bool Programme::within(const std::string& key, const std::string& ancestor) const {
    for (const auto* node = find(key); node; node = node->parent.empty() ? nullptr : find(node->parent))
        if (node->key == ancestor) return true;
    return key == ancestor;
}

Programme parse_programme(const json& document) {
    try {
        Programme p;
        const json& programme = document.at("programme");
        p.id = programme.at("id").get<std::string>();
        p.name = programme.at("name_vi").get<std::string>();
        p.start_year = programme.at("period").at("start_year").get<int>();
        p.end_year = programme.at("period").at("end_year").get<int>();
        p.legal_source = text_or_empty(programme.value("legal_source", json::object()), "number");
        if (programme.contains("implementation_extended_until")) {
            const json& until = programme.at("implementation_extended_until");
            p.funds_usable_until = date_or_null(until, "date");
            p.funds_usable_until_source = text_or_empty(until, "legal_source");
        }
        for (const json& n : document.at("nodes")) {
            ProgrammeNode node;
            node.key = n.at("key").get<std::string>();
            node.kind = n.at("kind").get<std::string>();
            node.parent = text_or_empty(n, "parent");
            node.order = n.value("order", 0);
            node.label = n.at("label_vi").get<std::string>();
            node.name = n.at("name_vi").get<std::string>();
            if (n.contains("lead_ministry") && n.at("lead_ministry").is_object())
                node.lead_ministry = text_or_empty(n.at("lead_ministry"), "name_vi");
            p.nodes.push_back(std::move(node));
        }
        std::stable_sort(p.nodes.begin(), p.nodes.end(),
                         [](const ProgrammeNode& a, const ProgrammeNode& b) { return a.order < b.order; });
        return p;
    } catch (const json::exception& e) {
        throw std::invalid_argument(std::string("danh mục chương trình không hợp lệ: ") + e.what());
    }
}

const FundingSource* FundingCatalogue::source(const std::string& key) const {
    for (const auto& s : sources)
        if (s.key == key) return &s;
    return nullptr;
}

const FundSubKind* FundKind::sub_kind(const std::string& sub) const {
    for (const auto& k : sub_kinds)
        if (k.key == sub) return &k;
    return nullptr;
}

const FundKind* FundingCatalogue::fund_kind(const std::string& key) const {
    for (const auto& k : fund_kinds)
        if (k.key == key) return &k;
    return nullptr;
}

const FundingRule* FundingCatalogue::rule(const std::string& key, const std::string& programme,
                                          const std::string& province_code) const {
    const FundingRule* national = nullptr;
    for (const auto& r : rules) {
        if (r.key != key || (!r.programme.empty() && r.programme != programme)) continue;
        if (r.scope == "provincial") {
            if (!province_code.empty() && r.province_code == province_code) return &r;
        } else if (r.scope == "national") {
            national = &r;
        }
    }
    return national;
}

FundingCatalogue parse_funding(const json& document) {
    try {
        FundingCatalogue c;
        for (const json& k : document.at("fund_kinds")) {
            FundKind kind{k.at("key"), k.at("name_vi"), {}};
            if (k.contains("sub_kinds"))
                for (const json& sub : k.at("sub_kinds")) kind.sub_kinds.push_back({sub.at("key"), sub.at("name_vi")});
            c.fund_kinds.push_back(std::move(kind));
        }
        for (const json& s : document.at("sources")) {
            FundingSource source;
            source.key = s.at("key").get<std::string>();
            source.name = s.at("name_vi").get<std::string>();
            source.level = s.at("level").get<std::string>();
            source.fund_kinds = s.at("fund_kinds").get<std::vector<std::string>>();
            if (s.contains("state_budget") && s.at("state_budget").is_boolean()) source.state_budget = s.at("state_budget").get<bool>();
            c.sources.push_back(std::move(source));
        }
        for (const json& r : document.at("rules")) {
            // Tabled rules (shares by area, coefficients) have no single value; no check reads them yet.
            if (!r.contains("value")) continue;
            FundingRule rule;
            rule.key = r.at("key").get<std::string>();
            rule.label_vi = text_or_empty(r, "label_vi");
            rule.value = r.at("value").get<double>();
            rule.unit = r.at("unit").get<std::string>();
            rule.comparison = r.at("comparison").get<std::string>();
            const json& applies = r.value("applies_to", json::object());
            rule.programme = text_or_empty(applies, "programme");
            if (applies.contains("nodes")) rule.nodes = applies.at("nodes").get<std::vector<std::string>>();
            if (applies.contains("support_form") && applies.at("support_form").is_string())
                rule.support_form = applies.at("support_form").get<std::string>();
            rule.scope = r.at("scope").get<std::string>();
            rule.province_code = text_or_empty(r, "province_code");
            rule.province_name = text_or_empty(r, "province_name");
            rule.verified = r.value("verified", false);
            const json& source = r.value("source", json::object());
            for (const char* key : {"instrument", "plan"})
                if (const std::string text = text_or_empty(source, key); !text.empty()) {
                    rule.legal_source = text;
                    break;
                }
            c.rules.push_back(std::move(rule));
        }
        if (document.contains("recipient_classes"))
            for (const json& k : document.at("recipient_classes")) c.recipient_classes.push_back({k.at("key"), k.at("name_vi")});
        c.counterpart_rules = parse_counterpart_rules(document);
        if (document.contains("public_investment_plan")) {
            const json& pi = document.at("public_investment_plan");
            c.public_investment.results_month = pi.at("results_as_of").at("month").get<int>();
            c.public_investment.results_day = pi.at("results_as_of").at("day").get<int>();
            c.public_investment.legal_source = pi.at("legal_source").get<std::string>();
            c.public_investment.verified = pi.value("verified", false);
        }
        return c;
    } catch (const json::exception& e) {
        throw std::invalid_argument(std::string("danh mục nguồn vốn không hợp lệ: ") + e.what());
    }
}

// ---------------------------------------------------------------- the plan

std::string LegalReference::citation() const {
    std::string out = kind.empty() ? number : kind + " số " + number;
    if (date) out += " ngày " + std::to_string(date->day) + "/" + std::to_string(date->month) + "/" + std::to_string(date->year);
    if (!issuer.empty()) out += " của " + issuer;
    if (!title.empty()) out += " " + title;
    return out;
}

const NodeSection* Plan::section(const std::string& node) const {
    for (const auto& s : nodes)
        if (s.node == node) return &s;
    return nullptr;
}

// ---------------------------------------------------------------- checks

const char* to_string(Severity severity) {
    switch (severity) {
        case Severity::error: return "error";
        case Severity::warning: return "warning";
        case Severity::notice: return "notice";
    }
    return "";
}

const char* vietnamese_name(Severity severity) {
    switch (severity) {
        case Severity::error: return "Lỗi";
        case Severity::warning: return "Cảnh báo";
        case Severity::notice: return "Lưu ý";
    }
    return "";
}

bool is_budget_stage(const std::string& stage) {
    return std::any_of(std::begin(kBudgetStages), std::end(kBudgetStages), [&](const char* s) { return stage == s; });
}

std::string stage_name_vi(const std::string& stage) {
    if (stage == "proposed") return "đề xuất";
    if (stage == "requested") return "nhu cầu, đề nghị";
    if (stage == "planned") return "kế hoạch vốn";
    if (stage == "allocated" || stage.empty()) return "được giao";
    if (stage == "adjusted") return "giao điều chỉnh";
    return stage;
}

std::string format_million_vnd(std::int64_t amount_vnd) {
    constexpr std::int64_t kMillion = 1'000'000;
    constexpr int kDecimals = 6;  // down to the đồng
    if (amount_vnd % kMillion == 0) return format_integer_vi(amount_vnd / kMillion) + " triệu đồng";
    return format_decimal_vi(static_cast<double>(amount_vnd) / kMillion, kDecimals) + " triệu đồng";
}

std::string describe_line(const Plan& plan, std::size_t index, const PlanRules& rules) {
    const BudgetLine& line = plan.budget_lines.at(index);
    const auto* source = rules.funding.source(line.source);
    const auto* kind = rules.funding.fund_kind(line.fund_kind);
    const std::string node = line.programme_level ? "toàn chương trình" : rules.programme.short_label(line.node);
    std::string out = "dòng kinh phí " + std::to_string(index + 1) + " (" + node + "; " +
                      (source ? source->name : line.source) + "; " + (kind ? kind->name : line.fund_kind) + "; năm " +
                      std::to_string(line.budget_year);
    if (line.carried_over()) out += ", vốn năm " + std::to_string(line.origin_year) + " chuyển sang";
    if (!line.allocated()) out += "; " + stage_name_vi(line.stage) + ", chưa giao";
    if (!line.decision.empty()) out += "; giao tại " + line.decision + (line.tranche.empty() ? "" : ", " + line.tranche);
    if (!line.unit_code.empty()) out += "; đơn vị " + line.unit_code;
    return out + "; " + format_million_vnd(line.amount_vnd) + ")";
}

std::vector<Finding> check_references(const Plan& plan, const PlanRules& rules) {
    std::vector<Finding> out;
    for (std::size_t i = 0; i < plan.budget_lines.size(); ++i) {
        const BudgetLine& line = plan.budget_lines[i];
        const std::string subject = "budget_lines[" + std::to_string(i) + "]";
        const std::string name = "Dòng kinh phí " + std::to_string(i + 1);
        if (!line.programme_level && !rules.programme.find(line.node))
            out.push_back({Severity::error, "unknown_node", subject,
                           name + ": không có dự án/tiểu dự án \"" + line.node + "\" trong " + rules.programme.name});
        const auto* source = rules.funding.source(line.source);
        if (!source)
            out.push_back({Severity::error, "unknown_source", subject, name + ": không có nguồn vốn \"" + line.source + "\""});
        if (!rules.funding.fund_kind(line.fund_kind))
            out.push_back({Severity::error, "unknown_fund_kind", subject,
                           name + ": không có loại vốn \"" + line.fund_kind + "\""});
        else if (source && std::find(source->fund_kinds.begin(), source->fund_kinds.end(), line.fund_kind) ==
                               source->fund_kinds.end())
            out.push_back({Severity::error, "fund_kind_not_in_source", subject,
                           name + ": nguồn " + source->name + " không cấp " + rules.funding.fund_kind(line.fund_kind)->name});
        if (const auto* kind = rules.funding.fund_kind(line.fund_kind);
            kind && !line.fund_sub_kind.empty() && !kind->sub_kind(line.fund_sub_kind))
            out.push_back({Severity::error, "unknown_fund_sub_kind", subject,
                           name + ": " + kind->name + " không có mục \"" + line.fund_sub_kind + "\""});
        if (!line.stage.empty() && !is_budget_stage(line.stage))
            out.push_back({Severity::error, "unknown_stage", subject,
                           name + ": giai đoạn \"" + line.stage + "\" không rõ; cần proposed (đề xuất), requested (nhu cầu, đề "
                                  "nghị), planned (kế hoạch vốn), allocated (được giao) hoặc adjusted (giao điều chỉnh)"});
        if (line.amount_vnd <= 0)
            out.push_back({Severity::error, "amount_not_positive", subject, name + ": số tiền phải lớn hơn 0"});
        if (line.origin_year > line.budget_year)
            out.push_back({Severity::error, "origin_after_budget_year", subject,
                           name + ": năm nguồn vốn " + std::to_string(line.origin_year) + " sau năm kế hoạch " +
                               std::to_string(line.budget_year)});
    }
    for (std::size_t i = 0; i < plan.nodes.size(); ++i)
        if (!rules.programme.find(plan.nodes[i].node))
            out.push_back({Severity::error, "unknown_node", "nodes[" + std::to_string(i) + "]",
                           "Mục \"" + plan.nodes[i].node + "\": không có trong " + rules.programme.name});
    for (std::size_t i = 0; i < plan.disbursements.size(); ++i)
        if (!rules.programme.find(plan.disbursements[i].node))
            out.push_back({Severity::error, "unknown_node", "disbursements[" + std::to_string(i) + "]",
                           "Giải ngân " + std::to_string(i + 1) + ": không có dự án/tiểu dự án \"" +
                               plan.disbursements[i].node + "\""});
    return out;
}

std::vector<Finding> check_project_caps(const Plan& plan, const PlanRules& rules) {
    std::vector<Finding> out;
    const PlanProvince province = plan_province(plan, rules);
    for (std::size_t i = 0; i < plan.projects.size(); ++i) {
        const ProductionProject& project = plan.projects[i];
        std::set<std::string> keys;
        for (const auto& r : rules.funding.rules)
            if (r.support_form == project.support_form && r.comparison == "max_inclusive") keys.insert(r.key);
        for (const auto& key : keys) {
            const FundingRule* rule = rules.funding.rule(key, plan.programme, province.code);
            if (!rule) continue;
            const bool node_applies = rule->nodes.empty() || std::any_of(rule->nodes.begin(), rule->nodes.end(),
                                                                        [&](const std::string& n) {
                                                                            return rules.programme.within(project.node, n);
                                                                        });
            if (!node_applies) continue;
            const std::string name = "Dự án sản xuất " + std::to_string(i + 1) + " \"" + project.name + "\" (" +
                                     rules.programme.short_label(project.node) + ", năm " +
                                     std::to_string(project.budget_year) + ")";
            const std::string subject = "projects[" + std::to_string(i) + "]";
            if (rule->unit == "vnd" && static_cast<double>(project.amount_vnd) > rule->value)
                out.push_back({Severity::error, "project_over_cap", subject,
                               name + ": kinh phí " + format_million_vnd(project.amount_vnd) + " vượt mức tối đa " +
                                   format_million_vnd(static_cast<std::int64_t>(rule->value)) + " mỗi dự án (" +
                                   rule_citation(*rule) + ")"});
            if (rule->unit == "years" && project.duration_years && *project.duration_years > rule->value)
                out.push_back({Severity::error, "project_over_duration", subject,
                               name + ": thời gian " + std::to_string(*project.duration_years) +
                                   " năm vượt mức tối đa " + format_decimal_vi(rule->value, 0) + " năm (" +
                                   rule_citation(*rule) + ")"});
        }
    }
    return out;
}

std::vector<Finding> check_programme_envelopes(const Plan& plan, const PlanRules& rules) {
    std::vector<Finding> out;
    using Key = std::tuple<int, std::string, std::string>;  // year, source, fund kind
    std::map<Key, std::vector<std::size_t>> envelopes;
    for (std::size_t i = 0; i < plan.budget_lines.size(); ++i) {
        const BudgetLine& l = plan.budget_lines[i];
        if (l.programme_level) envelopes[{l.budget_year, l.source, l.fund_kind}].push_back(i);
    }
    for (const auto& [key, indices] : envelopes) {
        const auto& [year, source, kind] = key;
        std::int64_t envelope = 0;
        for (const auto i : indices) envelope += plan.budget_lines[i].amount_vnd;
        const LineSum projects = sum_lines(plan, [&, year = year, source = source, kind = kind](const BudgetLine& l) {
            return l.budget_year == year && l.source == source && l.fund_kind == kind;
        });
        const std::string what = "Năm " + std::to_string(year) + ", " + source_name(rules, source) + ", " +
                                 fund_kind_name(rules, kind) + ": tổng vốn chương trình " + format_million_vnd(envelope) +
                                 " (dòng " + list_numbers(indices) + ")";
        if (projects.amount > envelope)
            out.push_back({Severity::error, "programme_total_exceeded", "budget_lines[" + std::to_string(indices.front()) + "]",
                           what + ", các dự án, tiểu dự án đã phân bổ " + format_million_vnd(projects.amount) + " (dòng " +
                               list_numbers(projects.lines) + "), vượt " + format_million_vnd(projects.amount - envelope)});
        else if (projects.amount < envelope && !projects.lines.empty())
            out.push_back({Severity::notice, "programme_total_not_split", "budget_lines[" + std::to_string(indices.front()) + "]",
                           what + ", các dự án, tiểu dự án mới phân bổ " + format_million_vnd(projects.amount) +
                               ", còn " + format_million_vnd(envelope - projects.amount) + " chưa phân bổ"});
    }
    return out;
}

std::vector<Finding> check_fund_deadline(const Plan& plan, const PlanRules& rules) {
    std::vector<Finding> out;
    if (plan.programme != rules.programme.id || !rules.programme.funds_usable_until) return out;
    const Date until = *rules.programme.funds_usable_until;
    const std::string limit = "sau ngày " + until.vietnamese() + ", hạn sử dụng vốn " + rules.programme.name +
                              (rules.programme.funds_usable_until_source.empty()
                                   ? std::string()
                                   : " (" + rules.programme.funds_usable_until_source + ")");
    for (std::size_t i = 0; i < plan.budget_lines.size(); ++i)
        if (plan.budget_lines[i].budget_year > until.year)
            out.push_back({Severity::error, "funds_used_after_deadline", "budget_lines[" + std::to_string(i) + "]",
                           "Dòng " + describe_line(plan, i, rules).substr(std::string("dòng ").size()) + ": bố trí " +
                               limit});
    for (std::size_t i = 0; i < plan.disbursements.size(); ++i) {
        const Disbursement& d = plan.disbursements[i];
        if (d.date && *d.date > until)
            out.push_back({Severity::error, "funds_used_after_deadline", "disbursements[" + std::to_string(i) + "]",
                           "Giải ngân " + std::to_string(i + 1) + " (" + rules.programme.short_label(d.node) + ", ngày " +
                               d.date->vietnamese() + "): chi " + limit});
    }
    return out;
}

namespace plan_detail {

LineExecution execute(const Plan& plan, int budget_year, const Date& as_of, const Programme& programme, bool estimates) {
    LineExecution e{std::vector<double>(plan.budget_lines.size(), 0.0),
                    std::vector<bool>(plan.budget_lines.size(), false)};
    for (const auto& d : plan.disbursements) {
        if (d.budget_year != budget_year || !d.aggregate_of.empty()) continue;  // aggregates restate their parts
        if (d.estimate != estimates) continue;
        if (d.date && *d.date > as_of) continue;
        if (!d.amount_vnd && !d.percent) continue;
        std::vector<std::size_t> lines;
        double allocated = 0;
        for (std::size_t i = 0; i < plan.budget_lines.size(); ++i) {
            const BudgetLine& l = plan.budget_lines[i];
            if (l.budget_year == budget_year && programme.within(l.node, d.node) && (d.source.empty() || l.source == d.source) &&
                (d.fund_kind.empty() || l.fund_kind == d.fund_kind)) {
                lines.push_back(i);
                allocated += static_cast<double>(l.amount_vnd);
            }
        }
        if (allocated <= 0) continue;
        const double paid = d.amount_vnd ? static_cast<double>(*d.amount_vnd) : *d.percent / kPercent * allocated;
        for (const auto i : lines) {
            e.disbursed[i] += paid * static_cast<double>(plan.budget_lines[i].amount_vnd) / allocated;
            e.reported[i] = true;
        }
    }
    return e;
}

}  // namespace plan_detail

namespace {

void add_line(DisbursementRow& row, const BudgetLine& line, double disbursed, bool reported) {
    if (!line.allocated()) {  // requested or planned money is not "giao"
        row.not_allocated_vnd += line.amount_vnd;
        return;
    }
    row.allocated_vnd += line.amount_vnd;
    if (reported)
        row.disbursed_vnd += std::llround(disbursed);
    else
        row.unreported_vnd += line.amount_vnd;
}

}  // namespace

std::vector<Finding> check_disbursement(const Plan& plan, const PlanRules& rules) {
    std::vector<Finding> out;
    std::set<int> years;
    for (const auto& d : plan.disbursements) years.insert(d.budget_year);
    for (std::size_t i = 0; i < plan.disbursements.size(); ++i)
        if (plan.disbursements[i].percent && *plan.disbursements[i].percent > kPercent + kValueTolerance)
            out.push_back({Severity::error, "disbursement_over_allocation", "disbursements[" + std::to_string(i) + "]",
                           "Giải ngân " + std::to_string(i + 1) + " (" + rules.programme.short_label(plan.disbursements[i].node) +
                               "): " + percent_text(*plan.disbursements[i].percent) + " vượt quá 100% kinh phí được giao"});
    constexpr Date kEndOfTime{9999, 12, 31};
    for (const int year : years) {
        const LineExecution e = execute(plan, year, kEndOfTime, rules.programme);
        for (std::size_t i = 0; i < plan.budget_lines.size(); ++i)
            if (e.reported[i] && std::llround(e.disbursed[i]) > plan.budget_lines[i].amount_vnd)
                out.push_back({Severity::error, "disbursement_over_allocation", "budget_lines[" + std::to_string(i) + "]",
                               "Đã giải ngân " + format_million_vnd(std::llround(e.disbursed[i])) + ", vượt " +
                                   describe_line(plan, i, rules)});
    }
    return out;
}

std::vector<Finding> check_plan(const Plan& plan, const PlanRules& rules) {
    std::vector<Finding> out = check_issuer(plan, rules);
    for (auto&& more : {check_references(plan, rules), check_totals(plan, rules), check_counterpart(plan, rules), check_project_caps(plan, rules),
                        check_programme_envelopes(plan, rules), check_fund_deadline(plan, rules), check_target_arithmetic(plan), check_target_cascade(plan),
                        check_disbursement(plan, rules)})
        out.insert(out.end(), more.begin(), more.end());
    return out;
}

// ---------------------------------------------------------------- execution

std::optional<double> DisbursementRow::rate() const {
    const std::int64_t reported = allocated_vnd - unreported_vnd;
    if (reported <= 0) return std::nullopt;
    return static_cast<double>(disbursed_vnd) / static_cast<double>(reported);
}

DisbursementReport disbursement_report(const Plan& plan, int budget_year, const Date& as_of, const PlanRules& rules) {
    DisbursementReport report;
    report.budget_year = budget_year;
    report.total.key = plan.unit_code;
    report.total.name = plan.unit_name;
    const LineExecution e = execute(plan, budget_year, as_of, rules.programme);
    std::map<std::string, DisbursementRow> by_node, by_source;
    for (std::size_t i = 0; i < plan.budget_lines.size(); ++i) {
        const BudgetLine& l = plan.budget_lines[i];
        if (l.budget_year != budget_year || l.programme_level) continue;
        add_line(by_node[l.node], l, e.disbursed[i], e.reported[i]);
        add_line(by_source[l.source], l, e.disbursed[i], e.reported[i]);
        add_line(report.total, l, e.disbursed[i], e.reported[i]);
    }
    for (const auto& node : rules.programme.nodes)
        if (auto it = by_node.find(node.key); it != by_node.end()) {
            it->second.key = node.key;
            it->second.name = rules.programme.title(node.key);
            report.by_node.push_back(it->second);
            by_node.erase(it);
        }
    for (auto& [key, row] : by_node) {  // nodes the catalogue does not know stay visible
        row.key = row.name = key;
        report.by_node.push_back(row);
    }
    for (const auto& source : rules.funding.sources)
        if (auto it = by_source.find(source.key); it != by_source.end()) {
            it->second.key = source.key;
            it->second.name = source.name;
            report.by_source.push_back(it->second);
            by_source.erase(it);
        }
    for (auto& [key, row] : by_source) {
        row.key = row.name = key;
        report.by_source.push_back(row);
    }
    return report;
}

std::vector<DisbursementRow> disbursement_by_unit(const std::vector<Plan>& plans, int budget_year, const Date& as_of,
                                                  const PlanRules& rules) {
    std::vector<DisbursementRow> out;
    for (const auto& plan : plans) out.push_back(disbursement_report(plan, budget_year, as_of, rules).total);
    return out;
}

}  // namespace giamngheo
