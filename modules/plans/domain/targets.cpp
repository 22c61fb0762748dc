// Targets: their arithmetic (baseline, change, target), their cascade to populations and lower
// units, the comparison of a plan with its units' plans, and progress against actuals.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "modules/plans/domain/plan.hpp"
#include "modules/plans/domain/plan_detail.hpp"

namespace giamngheo {
using namespace plan_detail;
namespace {

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

// Whether a lower value is the better one: a reduction, or an indicator of poverty.
bool lower_is_better(const Target& t) {
    if (t.change) return t.change->value < 0;
    if (t.baseline && t.baseline->value && t.target && t.target->value) return *t.target->value < *t.baseline->value;
    static const std::set<std::string> poverty = {"poor_rate",          "poor_households",      "poor_persons",
                                                  "near_poor_rate",     "near_poor_households", "near_poor_persons",
                                                  "multidimensional_poverty_rate"};
    return poverty.count(t.indicator) > 0;
}

// How much `committed` falls short of `required` (0 when it is at least as strict).
double shortfall(const Target& whole, double required, double committed) {
    const double gap = lower_is_better(whole) ? committed - required : required - committed;
    return gap > kValueTolerance ? gap : 0;
}

bool rate_unit(const Target& t) { return t.unit == "percent" || t.unit == "percentage_points"; }

std::string value_text(const Target& t, double v) {
    if (t.change && t.change->unit == "percentage_points") return format_decimal_vi(v, 2) + " điểm %";
    if (t.unit == "percent") return format_decimal_vi(v, 2) + "%";
    if (t.unit == "households") return format_decimal_vi(v, 2) + " hộ";
    return format_decimal_vi(v, 2);
}

std::string assigned_text(const Target& t) {
    if (t.assigned_by == "province") return " (tỉnh giao)";
    if (t.assigned_by == "district") return " (huyện giao)";
    if (t.assigned_by == "self") return " (tự đặt)";
    return {};
}

}  // namespace

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
        // Assignment to lower units: together at least the whole.
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
        if (!parts.empty() && shortfall(whole, *whole_value, sum) > 0)
            out.push_back({Severity::warning, "target_assignment_shortfall", "targets[" + std::to_string(w) + "]",
                           "Chỉ tiêu " + std::to_string(w + 1) + " (" + target_name(whole) + "): " +
                               value_text(whole, *whole_value) + ", giao cho các đơn vị (chỉ tiêu " + list_numbers(parts) +
                               ") cộng lại " + value_text(whole, sum) + ", thiếu " +
                               value_text(whole, shortfall(whole, *whole_value, sum))});
    }
    // Rate targets assigned to lower units: the units' rate points weighted by their households.
    for (std::size_t w = 0; w < plan.targets.size(); ++w) {
        const Target& whole = plan.targets[w];
        if (!own_unit(whole) || !rate_unit(whole) || !whole.change || !whole.population.empty()) continue;
        double weighted = 0, weights = 0;
        std::vector<std::size_t> parts, unweighted;
        for (std::size_t p = 0; p < plan.targets.size(); ++p) {
            const Target& part = plan.targets[p];
            if (own_unit(part) || !part.population.empty() || !same_measure(whole, part)) continue;
            if (!part.households || *part.households <= 0) {
                unweighted.push_back(p);
                continue;
            }
            weighted += part.change->value * *part.households;
            weights += *part.households;
            parts.push_back(p);
        }
        if (!unweighted.empty())
            out.push_back({Severity::notice, "target_rate_not_weighed", "targets[" + std::to_string(w) + "]",
                           "Chỉ tiêu " + std::to_string(w + 1) + " (" + target_name(whole) +
                               "): không tính được mức giảm bình quân của các đơn vị vì chỉ tiêu " + list_numbers(unweighted) +
                               " không ghi số hộ của đơn vị (households)"});
        if (parts.empty() || !unweighted.empty()) continue;
        const double average = weighted / weights;
        if (shortfall(whole, whole.change->value, average) > 0)
            out.push_back({Severity::warning, "target_assignment_shortfall", "targets[" + std::to_string(w) + "]",
                           "Chỉ tiêu " + std::to_string(w + 1) + " (" + target_name(whole) + "): " +
                               value_text(whole, whole.change->value) + ", các đơn vị (chỉ tiêu " + list_numbers(parts) +
                               ") bình quân theo số hộ " + value_text(whole, average) + ", thiếu " +
                               value_text(whole, shortfall(whole, whole.change->value, average))});
    }
    return out;
}

std::vector<Finding> compare_with_units(const Plan& parent, const std::vector<Plan>& units, const PlanRules& rules,
                                        const std::vector<std::string>& expected_units) {
    std::vector<Finding> out;
    std::set<std::string> present;
    for (const auto& unit : units) present.insert(unit.unit_code);
    std::vector<std::string> missing;
    for (const auto& code : expected_units)
        if (!present.count(code)) missing.push_back(code);
    const bool complete = missing.empty();
    if (!complete) {
        std::string list;
        for (const auto& code : missing) list += (list.empty() ? "" : ", ") + code;
        out.push_back({Severity::notice, "units_plans_missing", "",
                       "Chưa có kế hoạch năm " + std::to_string(parent.year) + " của " + std::to_string(missing.size()) +
                           " trong " + std::to_string(expected_units.size()) + " đơn vị trực thuộc (" + list +
                           "); chỉ so từng đơn vị đã có kế hoạch với chỉ tiêu được giao, chưa so tổng"});
    }
    const std::string count = std::to_string(units.size()) + " đơn vị";
    if (complete) {
        using Key = std::tuple<int, std::string, std::string>;  // year, node, source
        std::map<Key, std::int64_t> own, sum;
        for (const auto& l : parent.budget_lines)
            if (l.unit_code.empty() && !l.programme_level) own[{l.budget_year, l.node, l.source}] += l.amount_vnd;
        for (const auto& unit : units)
            for (const auto& l : unit.budget_lines)
                if (!l.programme_level) sum[{l.budget_year, l.node, l.source}] += l.amount_vnd;
        std::set<Key> keys;
        for (const auto& [k, v] : own) keys.insert(k);
        for (const auto& [k, v] : sum) keys.insert(k);
        for (const auto& key : keys) {
            const auto& [year, node, source_key] = key;
            const std::int64_t a = own.count(key) ? own.at(key) : 0, b = sum.count(key) ? sum.at(key) : 0;
            if (a == b) continue;
            out.push_back({Severity::warning, "units_budget_mismatch", "budget_lines",
                           rules.programme.short_label(node) + ", " + source_name(rules, source_key) + ", năm " +
                               std::to_string(year) + ": kế hoạch " + parent.unit_name + " " + format_million_vnd(a) +
                               ", tổng kế hoạch của " + count + " " + format_million_vnd(b) + " (lệch " +
                               format_million_vnd(std::llabs(a - b)) + ")"});
        }
    }
    const auto same = [](const Target& a, const Target& b) {
        return a.indicator == b.indicator && a.year == b.year && a.kind == b.kind && b.population.empty() &&
               a.change.has_value() == b.change.has_value();
    };
    const auto own_target = [&](const Plan& unit, const Target& whole) -> const Target* {
        for (const auto& part : unit.targets)
            if (same(whole, part) && (part.unit_code.empty() || part.unit_code == unit.unit_code) && comparable_value(part))
                return &part;
        return nullptr;
    };
    for (std::size_t t = 0; t < parent.targets.size(); ++t) {
        const Target& whole = parent.targets[t];
        if (!whole.population.empty() || (!whole.unit_code.empty() && whole.unit_code != parent.unit_code)) continue;
        const auto value = comparable_value(whole);
        if (!value) continue;
        // Each unit present against what the parent assigned to it.
        for (const auto& unit : units) {
            const Target* mine = own_target(unit, whole);
            if (!mine) continue;
            for (std::size_t a = 0; a < parent.targets.size(); ++a) {
                const Target& assigned = parent.targets[a];
                if (assigned.unit_code != unit.unit_code || !same(whole, assigned) || !comparable_value(assigned)) continue;
                const double gap = shortfall(whole, *comparable_value(assigned), *comparable_value(*mine));
                if (gap > 0)
                    out.push_back({Severity::warning, "unit_commits_less", "targets[" + std::to_string(a) + "]",
                                   "Chỉ tiêu " + std::to_string(a + 1) + " (" + target_name(assigned) + "): " + parent.unit_name +
                                       " giao " + value_text(whole, *comparable_value(assigned)) + assigned_text(assigned) +
                                       ", kế hoạch của " + (unit.unit_name.empty() ? unit.unit_code : unit.unit_name) +
                                       " chỉ đặt " + value_text(whole, *comparable_value(*mine)) + assigned_text(*mine) +
                                       ", thiếu " + value_text(whole, gap)});
            }
        }
        if (!complete) continue;
        // The units together against the whole: counts added, rate points weighted by households.
        double total = 0, weights = 0;
        int found = 0;
        bool weighed = true;
        for (const auto& unit : units)
            if (const Target* mine = own_target(unit, whole)) {
                const double v = *comparable_value(*mine);
                if (additive_unit(whole.unit)) {
                    total += v;
                } else if (rate_unit(whole) && whole.change && mine->households && *mine->households > 0) {
                    total += v * *mine->households;
                    weights += *mine->households;
                } else {
                    weighed = false;
                }
                ++found;
            }
        if (found == 0 || (!additive_unit(whole.unit) && (!rate_unit(whole) || !whole.change || !weighed))) continue;
        const double together = additive_unit(whole.unit) ? total : total / weights;
        if (const double gap = shortfall(whole, *value, together); gap > 0)
            out.push_back({Severity::warning, "units_target_shortfall", "targets[" + std::to_string(t) + "]",
                           "Chỉ tiêu " + std::to_string(t + 1) + " (" + target_name(whole) + "): kế hoạch " +
                               parent.unit_name + " " + value_text(whole, *value) + ", " + count + " cộng lại " +
                               (additive_unit(whole.unit) ? "" : "(bình quân theo số hộ) ") + value_text(whole, together) +
                               ", thiếu " + value_text(whole, gap)});
    }
    return out;
}

const char* to_string(TargetStatus status) {
    switch (status) {
        case TargetStatus::achieved: return "achieved";
        case TargetStatus::not_achieved: return "not_achieved";
        case TargetStatus::in_progress: return "in_progress";
        case TargetStatus::no_data: return "no_data";
        case TargetStatus::qualitative: return "qualitative";
        case TargetStatus::reported: return "reported";
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
        case TargetStatus::reported: return "Kết quả thực hiện";
    }
    return "";
}

namespace {

bool same_target(const Target& a, const Target& b) {
    return a.indicator == b.indicator && a.year == b.year && a.unit_code == b.unit_code && a.population == b.population;
}

// The result printed in the plan for the same indicator, year, unit and population as `t`.
const Target* printed_result(const Plan& plan, const Target& t) {
    for (const auto& r : plan.targets)
        if (&r != &t && r.kind == "result" && same_target(r, t)) return &r;
    return nullptr;
}

std::optional<double> level_of(const std::optional<Quantity>& q) {
    if (!q) return std::nullopt;
    return q->value ? q->value : q->value_min;
}

// Plans print rates to two decimals and counts whole: values within half the last printed digit agree.
double printed_tolerance(const std::string& unit) { return additive_unit(unit) ? 0.5 : 0.005 + kValueTolerance; }

}  // namespace

std::vector<Finding> check_target_arithmetic(const Plan& plan) {
    std::vector<Finding> out;
    for (std::size_t i = 0; i < plan.targets.size(); ++i) {
        const Target& t = plan.targets[i];
        if (!t.baseline || !t.baseline->value || !t.target || !t.change) continue;
        const double baseline = *t.baseline->value;
        const double tolerance = printed_tolerance(t.unit);
        const std::string name = "Chỉ tiêu " + std::to_string(i + 1) + " (" + target_name(t) + ")";
        const auto text = [](double v) { return format_decimal_vi(v, 2); };
        if (t.change->is_range()) {
            // The target must lie within baseline + the range.
            const double low = baseline + *t.change->value_min, high = baseline + *t.change->value_max;
            const auto level = level_of(t.target);
            if (level && (*level < low - tolerance || *level > high + tolerance))
                out.push_back({Severity::warning, "target_arithmetic_mismatch", "targets[" + std::to_string(i) + "]",
                               name + ": đầu kỳ " + text(baseline) + ", thay đổi " + text(*t.change->value_min) + " đến " +
                                   text(*t.change->value_max) + " cho mức " + text(low) + " đến " + text(high) +
                                   ", nhưng mục tiêu ghi " + text(*level)});
            continue;
        }
        if (!t.target->value) continue;
        const double expected = baseline + t.change->value;
        if (std::fabs(expected - *t.target->value) > tolerance)
            out.push_back({Severity::warning, "target_arithmetic_mismatch", "targets[" + std::to_string(i) + "]",
                           name + ": đầu kỳ " + text(baseline) + (t.change->value < 0 ? " - " : " + ") +
                               text(std::fabs(t.change->value)) + " = " + text(expected) + ", nhưng mục tiêu ghi " +
                               text(*t.target->value) + " (lệch " + text(std::fabs(expected - *t.target->value)) + ")"});
    }
    return out;
}

std::vector<TargetProgress> target_progress(const Plan& plan, const std::vector<MeasuredValue>& measured,
                                            const Date& as_of) {
    std::vector<TargetProgress> out;
    for (std::size_t i = 0; i < plan.targets.size(); ++i) {
        const Target& t = plan.targets[i];
        TargetProgress p;
        p.index = i;
        const bool result = t.kind == "result";
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
        if (t.actual_change) {
            p.achieved_change = t.actual_change;
            if (p.actual_source.empty()) p.actual_source = "entered";
        }
        // A printed result: its own values for a result, the actual of the same target otherwise.
        const Target* printed = result ? &t : printed_result(plan, t);
        if (printed && !p.actual && !p.achieved_change) {
            p.actual = level_of(printed->target);
            if (printed->change && !printed->change->is_range()) p.achieved_change = printed->change->value;
            if (p.actual || p.achieved_change) p.actual_source = "printed";
        }
        std::optional<double> baseline;
        if (t.baseline && t.baseline->value) baseline = *t.baseline->value;
        if (!p.achieved_change && p.actual && baseline) p.achieved_change = *p.actual - *baseline;
        if (t.kind == "qualitative") {
            p.status = TargetStatus::qualitative;
            out.push_back(p);
            continue;
        }
        if (result) {  // what was reached, with nothing to judge it by
            p.status = p.actual || p.achieved_change ? TargetStatus::reported : TargetStatus::no_data;
            out.push_back(p);
            continue;
        }
        std::optional<double> goal = level_of(t.target);
        if (t.change) p.planned_change = t.change->value;
        if (!goal && baseline && t.change && !t.change->is_range()) goal = *baseline + t.change->value;
        if (!p.planned_change && goal && baseline) p.planned_change = *goal - *baseline;
        p.measure = t.change && t.change->is_range() ? "range" : t.change && !(t.target && t.target->value) ? "change" : "level";
        const bool year_over = as_of > Date{t.year, 12, 31};
        bool reached = false;
        if (p.measure == "level" && goal && p.actual) {
            const bool decrease = baseline ? *goal < *baseline : t.change && t.change->value < 0;
            const double actual = *p.actual;
            if (baseline && std::fabs(*baseline - *goal) > kValueTolerance)
                p.progress = (*baseline - actual) / (*baseline - *goal);
            else if (!decrease && std::fabs(*goal) > kValueTolerance)
                p.progress = actual / *goal;
            reached = decrease ? actual <= *goal + kValueTolerance : actual + kValueTolerance >= *goal;
        } else if (p.planned_change && p.achieved_change && std::fabs(*p.planned_change) > kValueTolerance) {
            // The share of the planned change reached (of the least the range commits to).
            p.progress = *p.achieved_change / *p.planned_change;
            reached = *p.progress + kValueTolerance >= 1.0;
        } else {
            p.status = TargetStatus::no_data;
            out.push_back(p);
            continue;
        }
        p.status = reached ? TargetStatus::achieved : year_over ? TargetStatus::not_achieved : TargetStatus::in_progress;
        out.push_back(p);
    }
    return out;
}

}  // namespace giamngheo
