// Helpers shared by the use cases of app/ (plans.cpp, plan_budget.cpp); not part of the interface.
#pragma once

#include <cstdio>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "modules/plans/domain/plan.hpp"

namespace giamngheo::app::detail {

inline constexpr std::int64_t kMillion = 1'000'000;

// Errors the change brings that the plan did not have before.
inline std::vector<Finding> new_errors(const std::vector<Finding>& before, const std::vector<Finding>& after) {
    std::set<std::string> known;
    for (const auto& f : before) known.insert(f.code + "\n" + f.message);
    std::vector<Finding> out;
    for (const auto& f : after)
        if (f.severity == Severity::error && !known.count(f.code + "\n" + f.message)) out.push_back(f);
    return out;
}

inline std::string number_text(std::optional<double> value) {
    constexpr int kDecimals = 4;
    if (!value) return {};
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", kDecimals, *value);
    std::string text = buffer;
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
    return text;
}

inline std::optional<std::int64_t> parse_integer(std::string text) {
    // Spaces around a cell are as good as none, at either end.
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.erase(0, 1);
    if (text.empty()) return std::nullopt;
    std::size_t used = 0;
    try {
        const long long v = std::stoll(text, &used);
        if (used != text.size()) return std::nullopt;
        return v;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

}  // namespace giamngheo::app::detail
