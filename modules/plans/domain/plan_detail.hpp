// Helpers shared by the files of the plan domain (plan.cpp, counterpart.cpp, budget.cpp,
// targets.cpp); not part of the module's interface.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kernel/format_vi.hpp"
#include "modules/plans/domain/plan.hpp"

namespace giamngheo::plan_detail {

// Percent values and shares are compared within this tolerance, since plans print at most two
// decimals.
inline constexpr double kValueTolerance = 1e-6;
inline constexpr double kPercent = 100.0;

inline std::string text_or_empty(const nlohmann::json& object, const char* key) {
    if (!object.is_object() || !object.contains(key) || object.at(key).is_null()) return {};
    return object.at(key).get<std::string>();
}

inline std::optional<Date> date_or_null(const nlohmann::json& object, const char* key) {
    const std::string text = text_or_empty(object, key);
    if (text.empty()) return std::nullopt;
    auto date = parse_iso_date(text);
    if (!date) throw std::invalid_argument(std::string(key) + ": ngày \"" + text + "\" không hợp lệ");
    return date;
}

inline std::string percent_text(double value) { return format_decimal_vi(value, 2) + "%"; }

inline std::string list_numbers(const std::vector<std::size_t>& indices) {
    std::string out;
    for (const auto i : indices) out += (out.empty() ? "" : ", ") + std::to_string(i + 1);
    return out;
}

struct LineSum {
    std::int64_t amount = 0;
    std::vector<std::size_t> lines;
};

// The lines of projects that `take` accepts (programme-level envelopes are never added in).
template <typename Predicate>
LineSum sum_lines(const Plan& plan, Predicate&& take) {
    LineSum sum;
    for (std::size_t i = 0; i < plan.budget_lines.size(); ++i)
        if (!plan.budget_lines[i].programme_level && take(plan.budget_lines[i])) {
            sum.amount += plan.budget_lines[i].amount_vnd;
            sum.lines.push_back(i);
        }
    return sum;
}

inline std::string source_name(const PlanRules& rules, const std::string& key) {
    const auto* source = rules.funding.source(key);
    return source ? source->name : key;
}

inline std::string fund_kind_name(const PlanRules& rules, const std::string& key) {
    const auto* kind = rules.funding.fund_kind(key);
    return kind ? kind->name : key;
}

// Disbursed amount per budget line (double, in VND) and whether anything was reported for it.
struct LineExecution {
    std::vector<double> disbursed;
    std::vector<bool> reported;
};
// The disbursements of `budget_year` dated up to `as_of` (undated ones count), each spread over
// the lines it names (node, source, fund kind) in proportion to their amounts; with `estimates`,
// the full-year estimates instead of the money paid.
[[nodiscard]] LineExecution execute(const Plan& plan, int budget_year, const Date& as_of, const Programme& programme,
                                    bool estimates = false);

// Reads funding.json's counterpart_rules (counterpart.cpp).
[[nodiscard]] std::vector<CounterpartRule> parse_counterpart_rules(const nlohmann::json& document);

}  // namespace giamngheo::plan_detail
