// The local counterpart of central funds (funding.json counterpart_rules) and the province whose
// rules a plan gets: that of its issuing unit.
#include <algorithm>
#include <map>
#include <set>

#include "kernel/units.hpp"
#include "modules/plans/domain/plan.hpp"
#include "modules/plans/domain/plan_detail.hpp"

namespace giamngheo {
using namespace plan_detail;
namespace {

using nlohmann::json;
__extension__ using Wide = __int128;

constexpr std::int64_t kMillion = 1'000'000;
constexpr std::int64_t kThousand = 1'000;
constexpr std::int64_t kBillion = 1'000'000'000;
constexpr double kHundredths = 100.0;  // shares are taken to the hundredth of a percent
constexpr Wide kPercentHundredths = 10'000;

bool contains(const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

std::string join_names(const PlanRules& rules, const std::vector<std::string>& sources) {
    std::string out;
    for (const auto& s : sources) out += (out.empty() ? "" : ", ") + source_name(rules, s);
    return out;
}

std::string citation(const CounterpartRule& rule) {
    std::string out = rule.label_vi.empty() ? rule.key : rule.label_vi;
    if (!rule.province_name.empty()) out += ", " + rule.province_name;
    if (!rule.legal_source.empty()) out += "; nguồn: " + rule.legal_source;
    if (!rule.verified) out += "; chưa kiểm chứng";
    return out;
}

std::string level_vi(const std::string& level) {
    if (level == "province") return "tỉnh";
    if (level == "district") return "huyện";
    if (level == "commune") return "xã";
    return level;
}

// 1 231 800 000 → "1.231,8 triệu đồng"
std::string exact_text(double vnd) { return format_decimal_vi(vnd / static_cast<double>(kMillion), 6) + " triệu đồng"; }

}  // namespace

std::int64_t Rounding::share_of(std::int64_t base_vnd, double share_percent) const {
    const Wide numerator = static_cast<Wide>(base_vnd) * static_cast<Wide>(std::llround(share_percent * kHundredths));
    const Wide denominator = kPercentHundredths * (unit_vnd > 0 ? unit_vnd : 1);
    Wide units = numerator / denominator;
    const Wide rest = numerator % denominator;
    if (mode == "up" && rest > 0) ++units;
    if (mode == "half_up" && 2 * rest >= denominator) ++units;
    return static_cast<std::int64_t>(units * (unit_vnd > 0 ? unit_vnd : 1));
}

std::string Rounding::vietnamese() const {
    const std::string how = mode == "up" ? "làm tròn lên" : mode == "down" ? "làm tròn xuống" : "làm tròn";
    if (unit_vnd == kBillion) return how + " đến tỷ đồng";
    if (unit_vnd == kMillion) return how + " đến triệu đồng";
    if (unit_vnd == kThousand) return how + " đến nghìn đồng";
    if (unit_vnd <= 1) return how + " đến đồng";
    return how + " đến bội số của " + format_integer_vi(unit_vnd) + " đồng";
}

bool CounterpartRule::in_force(int budget_year) const {
    return (!valid_from || *valid_from <= Date{budget_year, 12, 31}) && (!valid_to || *valid_to >= Date{budget_year, 1, 1});
}

bool CounterpartRule::applies_to_level(const std::string& level) const {
    return plan_levels.empty() || contains(plan_levels, level);
}

std::vector<CounterpartRule> plan_detail::parse_counterpart_rules(const json& document) {
    std::vector<CounterpartRule> out;
    if (!document.contains("counterpart_rules")) return out;
    for (const json& r : document.at("counterpart_rules")) {
        CounterpartRule rule;
        rule.key = r.at("key").get<std::string>();
        rule.label_vi = text_or_empty(r, "label_vi");
        rule.programme = text_or_empty(r, "programme");
        rule.province_code = r.at("province_code").get<std::string>();
        rule.province_name = text_or_empty(r, "province_name");
        rule.plan_levels = r.value("plan_levels", std::vector<std::string>{});
        rule.recipient_class = text_or_empty(r, "recipient_class");
        rule.counterpart_sources = r.at("counterpart_sources").get<std::vector<std::string>>();
        rule.counterpart_label_vi = text_or_empty(r, "counterpart_label_vi");
        rule.base_sources = r.at("base_sources").get<std::vector<std::string>>();
        rule.base_label_vi = text_or_empty(r, "base_label_vi");
        rule.share_percent = r.at("share_percent").get<double>();
        rule.per = r.value("per", std::string("year"));
        if (rule.per != "year" && rule.per != "node")
            throw std::invalid_argument("counterpart_rules " + rule.key + ": per phải là year hoặc node");
        const json& rounding = r.at("rounding");
        rule.rounding.unit_vnd = rounding.at("unit_vnd").get<std::int64_t>();
        rule.rounding.mode = rounding.at("mode").get<std::string>();
        if (rule.rounding.mode != "half_up" && rule.rounding.mode != "up" && rule.rounding.mode != "down")
            throw std::invalid_argument("counterpart_rules " + rule.key + ": rounding.mode phải là half_up, up hoặc down");
        rule.valid_from = date_or_null(r, "valid_from");
        rule.valid_to = date_or_null(r, "valid_to");
        const json& source = r.value("source", json::object());
        for (const char* key : {"instrument", "plan"})
            if (const std::string text = text_or_empty(source, key); !text.empty()) {
                rule.legal_source = text;
                break;
            }
        rule.verified = r.value("verified", false);
        out.push_back(std::move(rule));
    }
    return out;
}

// The map the issuing unit is on for a plan of its year: the one in force on 1 January, else the
// other (a 2025 plan of a commune made on 1 July 2025 is on the 2025 map only).
static std::optional<UnitMap> issuer_map(const Plan& plan, const UnitCatalogue& units) {
    return units.map_of(plan.unit_code, Date{plan.year, 1, 1});
}

PlanProvince plan_province(const Plan& plan, const PlanRules& rules) {
    if (rules.units && rules.units->version_count() > 0) {
        const Date at{plan.year, 1, 1};
        const auto found = issuer_map(plan, *rules.units);
        const UnitMap map = found.value_or(UnitCatalogue::map_at(at));
        if (found && rules.units->find(plan.unit_code, map, at))
            if (const auto code = rules.units->ancestor(plan.unit_code, map, UnitLevel::province)) {
                const UnitVersion* province = rules.units->find(*code, map, at);
                return {*code, province ? province->name : plan.province_name, true};
            }
    }
    return {plan.province_code, plan.province_name, false};
}

std::vector<Finding> check_issuer(const Plan& plan, const PlanRules& rules) {
    std::vector<Finding> out;
    if (!rules.units || rules.units->version_count() == 0) return out;
    const Date at{plan.year, 1, 1};
    const auto found = issuer_map(plan, *rules.units);
    const UnitMap map = found.value_or(UnitCatalogue::map_at(at));
    const UnitVersion* unit = found ? rules.units->find(plan.unit_code, map, at) : nullptr;
    const std::string map_name = found ? "danh mục đơn vị hành chính năm " + std::to_string(static_cast<int>(map))
                                       : "danh mục đơn vị hành chính (cả hai bản đồ 2024 và 2025)";
    if (!unit) {
        out.push_back({Severity::error, "unknown_unit", "issuer",
                       "Đơn vị ban hành \"" + plan.unit_code + "\" (" + plan.issuer + ") không có trong " + map_name});
        return out;
    }
    UnitLevel level;
    if (!plan.unit_level.empty() && parse_unit_level(plan.unit_level, level) && level != unit->level)
        out.push_back({Severity::error, "issuer_level_mismatch", "issuer",
                       "Kế hoạch ghi đơn vị " + plan.unit_code + " là cấp " + level_vi(plan.unit_level) + ", " +
                           map_name + " ghi " + unit->full_name + " là cấp " + level_vi(to_string(unit->level))});
    const PlanProvince province = plan_province(plan, rules);
    if (province.from_catalogue && !plan.province_code.empty() && plan.province_code != province.code)
        out.push_back({Severity::warning, "province_mismatch", "issuer",
                       "Kế hoạch ghi tỉnh " + (plan.province_name.empty() ? plan.province_code : plan.province_name) +
                           " (mã " + plan.province_code + ") nhưng đơn vị ban hành " + unit->full_name + " thuộc tỉnh " +
                           province.name + " (mã " + province.code + "); áp dụng quy định của tỉnh " + province.name});
    return out;
}

std::vector<CounterpartCheck> counterpart_checks(const Plan& plan, const PlanRules& rules) {
    std::vector<CounterpartCheck> out;
    const PlanProvince province = plan_province(plan, rules);
    // The money of a node in a year as it stands: its allocated lines when it has any, else the
    // lines of its latest stage (requested after proposed). Proposed and requested lines are
    // earlier figures of the same money, never added to an allocation nor to each other.
    std::map<std::pair<int, std::string>, std::string> standing;  // (year, node) → stage; "" = allocated
    for (const auto& l : plan.budget_lines) {
        auto [it, inserted] = standing.try_emplace({l.budget_year, l.node}, l.allocated() ? std::string() : l.stage);
        if (!inserted && !it->second.empty() && (l.allocated() || l.stage == "requested"))
            it->second = l.allocated() ? std::string() : l.stage;
    }
    const auto stands = [&](const BudgetLine& l) {
        const std::string& stage = standing.at({l.budget_year, l.node});
        return stage.empty() ? l.allocated() : l.stage == stage;
    };
    // What a check of a year (node "" = all its nodes) weighs: one unallocated stage, or "".
    const auto stage_of = [&](int year, const std::string& node) {
        std::set<std::string> stages;
        for (const auto& [key, stage] : standing)
            if (key.first == year && (node.empty() || key.second == node)) stages.insert(stage);
        return stages.size() == 1 ? *stages.begin() : std::string();
    };
    std::set<int> years;
    for (const auto& l : plan.budget_lines) years.insert(l.budget_year);
    for (const int year : years)
        for (const auto& rule : rules.funding.counterpart_rules) {
            if (rule.province_code != province.code || (!rule.programme.empty() && rule.programme != plan.programme) ||
                !rule.in_force(year) || !rule.applies_to_level(plan.unit_level))
                continue;
            const auto in_group = [&](const BudgetLine& l) {
                return l.budget_year == year && stands(l) &&
                       (rule.recipient_class.empty() || l.recipient() == rule.recipient_class);
            };
            std::vector<std::string> groups;
            if (rule.per == "node") {
                for (const auto& n : rules.programme.nodes)
                    for (const auto& l : plan.budget_lines)
                        if (in_group(l) && l.node == n.key && contains(rule.base_sources, l.source)) {
                            groups.push_back(n.key);
                            break;
                        }
            } else {
                groups.emplace_back();
            }
            for (const auto& node : groups) {
                CounterpartCheck check;
                check.rule = &rule;
                check.budget_year = year;
                check.stage = stage_of(year, node);
                check.node = node;
                const auto in_node = [&](const BudgetLine& l) { return in_group(l) && (node.empty() || l.node == node); };
                const LineSum base = sum_lines(plan, [&](const BudgetLine& l) { return in_node(l) && contains(rule.base_sources, l.source); });
                const LineSum local = sum_lines(
                    plan, [&](const BudgetLine& l) { return in_node(l) && contains(rule.counterpart_sources, l.source); });
                if (base.amount <= 0) continue;
                check.base_vnd = base.amount;
                check.base_lines = base.lines;
                check.counterpart_vnd = local.amount;
                check.counterpart_lines = local.lines;
                check.exact_minimum_vnd = static_cast<double>(base.amount) * rule.share_percent / kPercent;
                check.minimum_vnd = rule.rounding.share_of(base.amount, rule.share_percent);
                out.push_back(std::move(check));
            }
        }
    return out;
}

std::string describe_counterpart_check(const Plan& plan, const CounterpartCheck& check, const PlanRules& rules) {
    const CounterpartRule& rule = *check.rule;
    const bool allocated = check.stage.empty();
    std::string what = (check.node.empty() ? std::string("Năm ") + std::to_string(check.budget_year)
                                           : rules.programme.short_label(check.node) + ", năm " +
                                                 std::to_string(check.budget_year)) +
                       (allocated ? "" : " (" + stage_name_vi(check.stage) + ")") + ", vốn đối ứng " +
                       (rule.counterpart_label_vi.empty() ? join_names(rules, rule.counterpart_sources) : rule.counterpart_label_vi);
    if (!rule.recipient_class.empty()) {
        std::string name = rule.recipient_class;
        for (const auto& c : rules.funding.recipient_classes)
            if (c.key == rule.recipient_class) name = c.name;
        what += " (phần giao " + name + ")";
    }
    std::string out = what + ": tối thiểu " + format_million_vnd(check.minimum_vnd) + " = " +
                      percent_text(rule.share_percent) + " × " +
                      (rule.base_label_vi.empty() ? join_names(rules, rule.base_sources) : rule.base_label_vi) + " " +
                      format_million_vnd(check.base_vnd) + " (dòng " + list_numbers(check.base_lines) + ") = " +
                      exact_text(check.exact_minimum_vnd) + ", " + rule.rounding.vietnamese() + "; đã bố trí " +
                      format_million_vnd(check.counterpart_vnd);
    out += check.counterpart_lines.empty() ? " (không có dòng nào)" : " (dòng " + list_numbers(check.counterpart_lines) + ")";
    (void)plan;
    return out;
}

std::vector<Finding> check_counterpart(const Plan& plan, const PlanRules& rules) {
    std::vector<Finding> out;
    const std::vector<CounterpartCheck> checks = counterpart_checks(plan, rules);
    for (const auto& check : checks) {
        if (check.met()) continue;
        std::string message = describe_counterpart_check(plan, check, rules) + ", thiếu " +
                              format_million_vnd(check.minimum_vnd - check.counterpart_vnd) + " (" +
                              citation(*check.rule) + ")";
        if (check.node.empty()) {
            // Nodes with central funds and no counterpart at all, so the officer knows where to add it.
            std::string without;
            std::set<std::string> seen;
            for (const auto i : check.base_lines) {
                const std::string& node = plan.budget_lines[i].node;
                const bool has_local = std::any_of(check.counterpart_lines.begin(), check.counterpart_lines.end(),
                                                   [&](std::size_t j) { return plan.budget_lines[j].node == node; });
                if (!has_local && seen.insert(node).second)
                    without += (without.empty() ? "" : ", ") + rules.programme.short_label(node);
            }
            if (!without.empty()) message += "; chưa có vốn đối ứng: " + without;
        }
        const std::size_t first = check.counterpart_lines.empty() ? check.base_lines.front() : check.counterpart_lines.front();
        out.push_back({Severity::warning, "counterpart_below_minimum", "budget_lines[" + std::to_string(first) + "]", message});
    }
    // A budget year with central funds and no rule in force: say so rather than stay silent.
    std::set<int> checked, with_central;
    for (const auto& c : checks) checked.insert(c.budget_year);
    for (const auto& l : plan.budget_lines) {
        const auto* s = rules.funding.source(l.source);
        if (s && s->is_central()) with_central.insert(l.budget_year);
    }
    const PlanProvince province = plan_province(plan, rules);
    for (const int year : with_central)
        if (!checked.count(year)) {
            const std::string where = province.code.empty()
                                          ? std::string("kế hoạch không ghi tỉnh và không xác định được tỉnh của đơn vị ban hành")
                                          : "tỉnh " + (province.name.empty() ? province.code : province.name) + " (mã " +
                                                province.code + ")";
            out.push_back({Severity::notice, "counterpart_rule_missing", "budget_lines",
                           "Năm " + std::to_string(year) + ": chưa cấu hình tỷ lệ vốn đối ứng ngân sách địa phương cho " +
                               where + (plan.unit_level.empty() ? "" : ", kế hoạch cấp " + level_vi(plan.unit_level)) +
                               " (data/programmes/funding.json, counterpart_rules); vốn đối ứng chưa được kiểm tra"});
        }
    return out;
}

}  // namespace giamngheo
