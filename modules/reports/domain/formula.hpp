// The formulas of report cells and validation rules, as the form files write them:
//   [row.column]      another cell of the same form
//   {measure.name}    a figure the system computes for the unit and period (modules/reports/app/measures.hpp)
//   numbers, + - * /, parentheses, and the functions percent(a, b), sum(a, ...), coalesce(a, ...).
// A missing operand makes the result missing (the cell shows "—"), as does a division by zero;
// sum() skips missing values and is missing only when all are. Parsing throws Error(invalid_input)
// naming the position; evaluation never throws.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace giamngheo::reports {

using Number = std::optional<double>;

class Formula {
  public:
    using Lookup = std::function<Number(const std::string&)>;

    [[nodiscard]] static Formula parse(std::string_view text);

    [[nodiscard]] Number evaluate(const Lookup& cell, const Lookup& measure) const;
    [[nodiscard]] const std::vector<std::string>& cells() const { return cells_; }
    [[nodiscard]] const std::vector<std::string>& measures() const { return measures_; }
    [[nodiscard]] const std::string& text() const { return text_; }

  private:
    enum class Op { number, cell, measure, negate, add, subtract, multiply, divide, percent, sum, coalesce };
    struct Node {
        Op op = Op::number;
        double number = 0;
        std::string name;
        std::vector<int> args;
    };
    friend class FormulaParser;

    [[nodiscard]] Number eval(int node, const Lookup& cell, const Lookup& measure) const;

    std::string text_;
    std::vector<Node> nodes_;
    int root_ = -1;
    std::vector<std::string> cells_;
    std::vector<std::string> measures_;
};

}  // namespace giamngheo::reports
