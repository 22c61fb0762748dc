#include "modules/plans/domain/plan.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <tuple>

#include <nlohmann/json.hpp>

#include "kernel/format_vi.hpp"

namespace giamngheo {
namespace {

using nlohmann::json;

// Percent values and shares are compared after rounding to this many hundredths of a percent,
// since plans print at most two decimals.
constexpr double kValueTolerance = 1e-6;
constexpr double kPercent = 100.0;

std::string text_or_empty(const json& object, const char* key) {
    if (!object.is_object() || !object.contains(key) || object.at(key).is_null()) return {};
    return object.at(key).get<std::string>();
}

std::optional<Date> date_or_null(const json& object, const char* key) {
    const std::string text = text_or_empty(object, key);
    if (text.empty()) return std::nullopt;
    auto date = parse_iso_date(text);
    if (!date) throw std::invalid_argument(std::string(key) + ": ngày \"" + text + "\" không hợp lệ");
    return date;
}

std::string percent_text(double value) { return format_decimal_vi(value, 2) + "%"; }

std::string list_numbers(const std::vector<std::size_t>& indices) {
    std::string out;
    for (const auto i : indices) out += (out.empty() ? "" : ", ") + std::to_string(i + 1);
    return out;
}

bool additive_unit(const std::string& unit) {
    // Counts add up across populations and units; rates and shares do not.
    return unit == "households" || unit == "houses" || unit == "people" || unit == "persons" ||
           unit == "projects";
}

std::optional<double> comparable_value(const Target& t) {
    if (t.change) return t.change->value;
    if (t.target && t.target->value) return t.target->value;
    return std::nullopt;
}

std::string target_name(const Target& t) {
    std::string name = t.indicator + " năm " + std::to_string(t.year);
    if (!t.population.empty()) name += " (" + t.population + ")";
    if (!t.unit_code.empty()) name += " của đơn vị " + t.unit_code;
    return name;
}

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
        for (const json& k : document.at("fund_kinds")) c.fund_kinds.push_back({k.at("key"), k.at("name_vi")});
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
    std::string out = "dòng kinh phí " + std::to_string(index + 1) + " (" + rules.programme.short_label(line.node) + "; " +
                      (source ? source->name : line.source) + "; " + (kind ? kind->name : line.fund_kind) + "; năm " +
                      std::to_string(line.budget_year);
    if (line.carried_over()) out += ", vốn năm " + std::to_string(line.origin_year) + " chuyển sang";
    if (!line.unit_code.empty()) out += "; đơn vị " + line.unit_code;
    return out + "; " + format_million_vnd(line.amount_vnd) + ")";
}

std::vector<Finding> check_references(const Plan& plan, const PlanRules& rules) {
    std::vector<Finding> out;
    for (std::size_t i = 0; i < plan.budget_lines.size(); ++i) {
        const BudgetLine& line = plan.budget_lines[i];
        const std::string subject = "budget_lines[" + std::to_string(i) + "]";
        const std::string name = "Dòng kinh phí " + std::to_string(i + 1);
        if (!rules.programme.find(line.node))
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

namespace {

struct LineSum {
    std::int64_t amount = 0;
    std::vector<std::size_t> lines;
};

template <typename Predicate>
LineSum sum_lines(const Plan& plan, Predicate&& take) {
    LineSum sum;
    for (std::size_t i = 0; i < plan.budget_lines.size(); ++i)
        if (take(plan.budget_lines[i])) {
            sum.amount += plan.budget_lines[i].amount_vnd;
            sum.lines.push_back(i);
        }
    return sum;
}

std::string mismatch_message(const std::string& what, int year, const LineSum& sum, std::int64_t announced) {
    std::string out = what + ": các dòng kinh phí năm " + std::to_string(year) + " cộng lại " +
                      format_million_vnd(sum.amount) + ", khác tổng " + format_million_vnd(announced) +
                      " ghi trong kế hoạch (lệch " + format_million_vnd(std::llabs(sum.amount - announced)) + ")";
    out += sum.lines.empty() ? "; không có dòng nào" : "; các dòng: " + list_numbers(sum.lines);
    return out;
}

}  // namespace

std::vector<Finding> check_totals(const Plan& plan, const PlanRules& rules) {
    std::vector<Finding> out;
    const int year = plan.year;
    for (std::size_t s = 0; s < plan.nodes.size(); ++s) {
        const NodeSection& section = plan.nodes[s];
        if (!section.applicable) continue;
        const std::string what = rules.programme.short_label(section.node);
        if (section.announced_total_vnd) {
            const LineSum sum = sum_lines(plan, [&](const BudgetLine& l) {
                return l.budget_year == year && rules.programme.within(l.node, section.node);
            });
            if (sum.amount != *section.announced_total_vnd)
                out.push_back({Severity::error, "node_total_mismatch", "nodes[" + section.node + "]",
                               mismatch_message(what, year, sum, *section.announced_total_vnd)});
        }
        for (const auto& sub : section.announced_subtotals) {
            const auto* source = rules.funding.source(sub.source);
            const std::string source_name = source ? source->name : sub.source;
            const LineSum sum = sum_lines(plan, [&](const BudgetLine& l) {
                return l.budget_year == year && l.source == sub.source && rules.programme.within(l.node, section.node);
            });
            if (sum.amount != sub.amount_vnd)
                out.push_back({Severity::error, "source_total_mismatch", "nodes[" + section.node + "]",
                               mismatch_message(what + ", " + source_name, year, sum, sub.amount_vnd)});
            for (const auto& [origin, amount] : sub.by_origin_year) {
                const LineSum part = sum_lines(plan, [&, origin = origin](const BudgetLine& l) {
                    return l.budget_year == year && l.source == sub.source && l.origin_year == origin &&
                           rules.programme.within(l.node, section.node);
                });
                if (part.amount != amount)
                    out.push_back({Severity::error, "origin_year_total_mismatch", "nodes[" + section.node + "]",
                                   mismatch_message(what + ", " + source_name + ", vốn năm " + std::to_string(origin),
                                                    year, part, amount)});
            }
        }
    }
    if (plan.announced_total_vnd) {
        const LineSum sum = sum_lines(plan, [&](const BudgetLine& l) { return l.budget_year == year; });
        if (sum.amount != *plan.announced_total_vnd)
            out.push_back({Severity::error, "plan_total_mismatch", "budget_lines",
                           mismatch_message("Tổng kinh phí kế hoạch", year, sum, *plan.announced_total_vnd)});
    }
    return out;
}

std::vector<Finding> check_counterpart(const Plan& plan, const PlanRules& rules) {
    std::vector<Finding> out;
    const FundingRule* rule = rules.funding.rule("local_counterpart_ratio", plan.programme, plan.province_code);
    if (!rule) return out;
    // The rule is a share of the whole central support of a year; the message names the central
    // lines and the nodes that have no counterpart at all, so the officer knows where to add it.
    std::set<int> years;
    for (const auto& l : plan.budget_lines) years.insert(l.budget_year);
    for (const int year : years) {
        const auto is = [&](const BudgetLine& l, bool central) {
            const auto* s = rules.funding.source(l.source);
            return l.budget_year == year && s && (central ? s->is_central() : s->is_local_budget());
        };
        const LineSum central = sum_lines(plan, [&](const BudgetLine& l) { return is(l, true); });
        const LineSum local = sum_lines(plan, [&](const BudgetLine& l) { return is(l, false); });
        if (central.amount == 0) continue;
        const double share = kPercent * static_cast<double>(local.amount) / static_cast<double>(central.amount);
        if (share + kValueTolerance >= rule->value) continue;
        std::string without;
        std::set<std::string> seen;
        for (const auto i : central.lines) {
            const std::string& node = plan.budget_lines[i].node;
            const bool has_local = std::any_of(local.lines.begin(), local.lines.end(),
                                               [&](std::size_t j) { return plan.budget_lines[j].node == node; });
            if (!has_local && seen.insert(node).second) without += (without.empty() ? "" : ", ") + rules.programme.short_label(node);
        }
        std::string message = "Năm " + std::to_string(year) + ": vốn đối ứng ngân sách địa phương " +
                              format_million_vnd(local.amount) + " bằng " + percent_text(share) + " vốn trung ương " +
                              format_million_vnd(central.amount) + " (dòng " + list_numbers(central.lines) +
                              "), thấp hơn mức tối thiểu " + percent_text(rule->value) + " (" + rule_citation(*rule) + ")";
        if (!without.empty()) message += "; chưa có vốn đối ứng: " + without;
        out.push_back({Severity::warning, "counterpart_below_minimum", "budget_lines[" + std::to_string(central.lines.front()) + "]",
                       message});
    }
    return out;
}

std::vector<Finding> check_project_caps(const Plan& plan, const PlanRules& rules) {
    std::vector<Finding> out;
    for (std::size_t i = 0; i < plan.projects.size(); ++i) {
        const ProductionProject& project = plan.projects[i];
        std::set<std::string> keys;
        for (const auto& r : rules.funding.rules)
            if (r.support_form == project.support_form && r.comparison == "max_inclusive") keys.insert(r.key);
        for (const auto& key : keys) {
            const FundingRule* rule = rules.funding.rule(key, plan.programme, plan.province_code);
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

std::vector<Finding> check_target_cascade(const Plan& plan) {
    std::vector<Finding> out;
    const auto same_measure = [](const Target& a, const Target& b) {
        return a.indicator == b.indicator && a.year == b.year && a.kind == b.kind && a.unit == b.unit &&
               a.change.has_value() == b.change.has_value();
    };
    const auto own_unit = [&](const Target& t) { return t.unit_code.empty() || t.unit_code == plan.unit_code; };
    for (std::size_t w = 0; w < plan.targets.size(); ++w) {
        const Target& whole = plan.targets[w];
        if (!own_unit(whole) || !additive_unit(whole.unit)) continue;
        const auto whole_value = comparable_value(whole);
        if (!whole_value) continue;
        // Breakdown by population (ethnic minority + Kinh) of the plan's unit.
        if (whole.population.empty()) {
            double sum = 0;
            std::vector<std::size_t> parts;
            for (std::size_t p = 0; p < plan.targets.size(); ++p) {
                const Target& part = plan.targets[p];
                if (p == w || !own_unit(part) || part.population.empty() || !same_measure(whole, part)) continue;
                if (const auto v = comparable_value(part)) {
                    sum += *v;
                    parts.push_back(p);
                }
            }
            // Two or more parts are a breakdown and must add up; a single "trong đó" part must
            // only not exceed the whole.
            const bool wrong = parts.size() >= 2 ? std::fabs(sum - *whole_value) > kValueTolerance
                                                 : !parts.empty() && std::fabs(sum) > std::fabs(*whole_value) + kValueTolerance;
            if (wrong)
                out.push_back({Severity::error, "target_parts_mismatch", "targets[" + std::to_string(w) + "]",
                               "Chỉ tiêu " + std::to_string(w + 1) + " (" + target_name(whole) + "): " +
                                   format_decimal_vi(*whole_value, 2) + ", các phần theo nhóm đối tượng (chỉ tiêu " +
                                   list_numbers(parts) + ") cộng lại " + format_decimal_vi(sum, 2)});
        }
        // Assignment to lower units.
        double sum = 0;
        std::vector<std::size_t> parts;
        for (std::size_t p = 0; p < plan.targets.size(); ++p) {
            const Target& part = plan.targets[p];
            if (own_unit(part) || part.population != whole.population || !same_measure(whole, part)) continue;
            if (const auto v = comparable_value(part)) {
                sum += *v;
                parts.push_back(p);
            }
        }
        if (!parts.empty() && std::fabs(sum - *whole_value) > kValueTolerance)
            out.push_back({Severity::error, "target_assignment_mismatch", "targets[" + std::to_string(w) + "]",
                           "Chỉ tiêu " + std::to_string(w + 1) + " (" + target_name(whole) + "): " +
                               format_decimal_vi(*whole_value, 2) + ", giao cho các đơn vị (chỉ tiêu " +
                               list_numbers(parts) + ") cộng lại " + format_decimal_vi(sum, 2)});
    }
    return out;
}

namespace {

// Disbursed amount per budget line (double, in VND) and whether anything was reported for it.
struct LineExecution {
    std::vector<double> disbursed;
    std::vector<bool> reported;
};

LineExecution execute(const Plan& plan, int budget_year, const Date& as_of, const Programme& programme) {
    LineExecution e{std::vector<double>(plan.budget_lines.size(), 0.0),
                    std::vector<bool>(plan.budget_lines.size(), false)};
    for (const auto& d : plan.disbursements) {
        if (d.budget_year != budget_year || !d.aggregate_of.empty()) continue;  // aggregates restate their parts
        if (d.date && *d.date > as_of) continue;
        if (!d.amount_vnd && !d.percent) continue;
        std::vector<std::size_t> lines;
        double allocated = 0;
        for (std::size_t i = 0; i < plan.budget_lines.size(); ++i) {
            const BudgetLine& l = plan.budget_lines[i];
            if (l.budget_year == budget_year && programme.within(l.node, d.node) && (d.source.empty() || l.source == d.source)) {
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

void add_line(DisbursementRow& row, const BudgetLine& line, double disbursed, bool reported) {
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
    std::vector<Finding> out = check_references(plan, rules);
    for (auto&& more : {check_totals(plan, rules), check_counterpart(plan, rules), check_project_caps(plan, rules),
                        check_fund_deadline(plan, rules), check_target_cascade(plan), check_disbursement(plan, rules)})
        out.insert(out.end(), more.begin(), more.end());
    return out;
}

std::vector<Finding> compare_with_units(const Plan& parent, const std::vector<Plan>& units, const PlanRules& rules) {
    std::vector<Finding> out;
    using Key = std::tuple<int, std::string, std::string>;  // year, node, source
    std::map<Key, std::int64_t> own, sum;
    for (const auto& l : parent.budget_lines)
        if (l.unit_code.empty()) own[{l.budget_year, l.node, l.source}] += l.amount_vnd;
    for (const auto& unit : units)
        for (const auto& l : unit.budget_lines) sum[{l.budget_year, l.node, l.source}] += l.amount_vnd;
    std::set<Key> keys;
    for (const auto& [k, v] : own) keys.insert(k);
    for (const auto& [k, v] : sum) keys.insert(k);
    const std::string count = std::to_string(units.size()) + " đơn vị";
    for (const auto& key : keys) {
        const auto& [year, node, source_key] = key;
        const std::int64_t a = own.count(key) ? own.at(key) : 0, b = sum.count(key) ? sum.at(key) : 0;
        if (a == b) continue;
        const auto* source = rules.funding.source(source_key);
        out.push_back({Severity::warning, "units_budget_mismatch", "budget_lines",
                       rules.programme.short_label(node) + ", " + (source ? source->name : source_key) + ", năm " +
                           std::to_string(year) + ": kế hoạch " + parent.unit_name + " " + format_million_vnd(a) +
                           ", tổng kế hoạch của " + count + " " + format_million_vnd(b) + " (lệch " +
                           format_million_vnd(std::llabs(a - b)) + ")"});
    }
    for (std::size_t t = 0; t < parent.targets.size(); ++t) {
        const Target& whole = parent.targets[t];
        if (!additive_unit(whole.unit) || !whole.population.empty()) continue;
        const auto value = comparable_value(whole);
        if (!value) continue;
        double total = 0;
        int found = 0;
        for (const auto& unit : units)
            for (const auto& part : unit.targets)
                if (part.indicator == whole.indicator && part.year == whole.year && part.kind == whole.kind &&
                    part.population.empty() && part.change.has_value() == whole.change.has_value())
                    if (const auto v = comparable_value(part)) {
                        total += *v;
                        ++found;
                    }
        if (found > 0 && std::fabs(total - *value) > kValueTolerance)
            out.push_back({Severity::warning, "units_target_mismatch", "targets[" + std::to_string(t) + "]",
                           "Chỉ tiêu " + std::to_string(t + 1) + " (" + target_name(whole) + "): kế hoạch " +
                               parent.unit_name + " " + format_decimal_vi(*value, 2) + ", tổng kế hoạch của " + count +
                               " " + format_decimal_vi(total, 2)});
    }
    return out;
}

BudgetTable budget_table(const Plan& plan, int budget_year, const PlanRules& rules) {
    BudgetTable table;
    table.budget_year = budget_year;
    std::set<std::string> used_sources, used_nodes;
    for (const auto& l : plan.budget_lines)
        if (l.budget_year == budget_year) {
            used_sources.insert(l.source);
            used_nodes.insert(l.node);
        }
    for (const auto& s : rules.funding.sources)
        if (used_sources.erase(s.key)) table.sources.push_back(s.key);
    table.sources.insert(table.sources.end(), used_sources.begin(), used_sources.end());
    std::vector<std::string> nodes;
    for (const auto& n : rules.programme.nodes)
        if (used_nodes.erase(n.key)) nodes.push_back(n.key);
    nodes.insert(nodes.end(), used_nodes.begin(), used_nodes.end());
    table.total.by_source.assign(table.sources.size(), 0);
    for (const auto& node : nodes) {
        BudgetTable::Row row{node, std::vector<std::int64_t>(table.sources.size(), 0), 0};
        for (const auto& l : plan.budget_lines) {
            if (l.budget_year != budget_year || l.node != node) continue;
            const auto column = static_cast<std::size_t>(
                std::find(table.sources.begin(), table.sources.end(), l.source) - table.sources.begin());
            row.by_source[column] += l.amount_vnd;
            row.total += l.amount_vnd;
            table.total.by_source[column] += l.amount_vnd;
            table.total.total += l.amount_vnd;
            if (l.carried_over()) table.carried_over += l.amount_vnd;
        }
        table.rows.push_back(std::move(row));
    }
    return table;
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
        if (l.budget_year != budget_year) continue;
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

const char* to_string(TargetStatus status) {
    switch (status) {
        case TargetStatus::achieved: return "achieved";
        case TargetStatus::not_achieved: return "not_achieved";
        case TargetStatus::in_progress: return "in_progress";
        case TargetStatus::no_data: return "no_data";
        case TargetStatus::qualitative: return "qualitative";
    }
    return "";
}

const char* vietnamese_name(TargetStatus status) {
    switch (status) {
        case TargetStatus::achieved: return "Đạt";
        case TargetStatus::not_achieved: return "Không đạt";
        case TargetStatus::in_progress: return "Đang thực hiện";
        case TargetStatus::no_data: return "Chưa có số liệu";
        case TargetStatus::qualitative: return "Chỉ tiêu định tính";
    }
    return "";
}

std::vector<TargetProgress> target_progress(const Plan& plan, const std::vector<MeasuredValue>& measured,
                                            const Date& as_of) {
    std::vector<TargetProgress> out;
    for (std::size_t i = 0; i < plan.targets.size(); ++i) {
        const Target& t = plan.targets[i];
        TargetProgress p;
        p.index = i;
        const std::string unit = t.unit_code.empty() ? plan.unit_code : t.unit_code;
        for (const auto& m : measured)
            if (t.population.empty() && m.indicator == t.indicator && m.unit_code == unit && m.year == t.year) {
                p.actual = m.value;
                p.actual_source = "review";
            }
        if (!p.actual && t.actual) {
            p.actual = t.actual;
            p.actual_source = "entered";
        }
        const bool result = t.kind == "result";
        if (!p.actual && result && t.target && t.target->value) {
            p.actual = t.target->value;
            p.actual_source = "printed";
        }
        if (t.kind == "qualitative") {
            p.status = TargetStatus::qualitative;
            out.push_back(p);
            continue;
        }
        std::optional<double> baseline;
        if (t.baseline && t.baseline->value) baseline.emplace(*t.baseline->value);
        std::optional<double> goal;
        if (t.target) goal = t.target->value ? t.target->value : t.target->value_min;
        if (!goal && baseline && t.change) goal = *baseline + t.change->value;
        if (result) goal = p.actual;  // a result reports what was reached
        if (!p.actual || !goal) {
            p.status = TargetStatus::no_data;
            out.push_back(p);
            continue;
        }
        const bool decrease = baseline ? *goal < *baseline : t.change && t.change->value < 0;
        const double actual = *p.actual;
        if (baseline && std::fabs(*baseline - *goal) > kValueTolerance)
            p.progress = (*baseline - actual) / (*baseline - *goal);
        else if (!decrease && std::fabs(*goal) > kValueTolerance)
            p.progress = actual / *goal;
        const bool reached = decrease ? actual <= *goal + kValueTolerance : actual + kValueTolerance >= *goal;
        const bool year_over = as_of > Date{t.year, 12, 31};
        p.status = reached ? TargetStatus::achieved : year_over ? TargetStatus::not_achieved : TargetStatus::in_progress;
        out.push_back(p);
    }
    return out;
}

}  // namespace giamngheo
