// Formulas of report cells: arithmetic, references, missing values, and errors that name the place.
#include <gtest/gtest.h>

#include <map>

#include "kernel/errors.hpp"
#include "modules/reports/domain/formula.hpp"

namespace giamngheo::reports {
namespace {

Number run(const std::string& text, const std::map<std::string, double>& cells = {},
           const std::map<std::string, double>& measures = {}) {
    const auto lookup = [](const std::map<std::string, double>& values) {
        return [&values](const std::string& name) -> Number {
            const auto it = values.find(name);
            return it == values.end() ? std::nullopt : Number(it->second);
        };
    };
    return Formula::parse(text).evaluate(lookup(cells), lookup(measures));
}

TEST(Formula, ArithmeticWithPrecedenceAndParentheses) {
    EXPECT_EQ(run("1 + 2 * 3"), 7);
    EXPECT_EQ(run("(1 + 2) * 3"), 9);
    EXPECT_EQ(run("10 - 4 - 3"), 3);
    EXPECT_EQ(run("-2 * 3"), -6);
    EXPECT_EQ(run("7 / 2"), 3.5);
}

TEST(Formula, CellsAndMeasures) {
    EXPECT_EQ(run("[poor.end] + {review.poor}", {{"poor.end", 4}}, {{"review.poor", 6}}), 10);
    const Formula f = Formula::parse("percent([poor.end], [households.end]) + {registry.poor} + [poor.end]");
    EXPECT_EQ(f.cells(), (std::vector<std::string>{"households.end", "poor.end"}));
    EXPECT_EQ(f.measures(), (std::vector<std::string>{"registry.poor"}));
}

TEST(Formula, MissingValuesAndDivisionByZero) {
    EXPECT_EQ(run("[a.b] + 1"), std::nullopt);
    EXPECT_EQ(run("5 / 0"), std::nullopt);
    EXPECT_EQ(run("percent(1, 0)"), std::nullopt);
    EXPECT_EQ(run("percent(40, 729)").value(), 40.0 / 729 * 100);
    EXPECT_EQ(run("sum([a.b], 2, {x})"), 2);
    EXPECT_EQ(run("sum([a.b], {x})"), std::nullopt);
    EXPECT_EQ(run("coalesce([a.b], {x}, 3, 4)"), 3);
}

TEST(Formula, ErrorsNameThePosition) {
    for (const char* bad : {"1 +", "[poor]", "{review.poor", "max(1, 2)", "1 2", "percent(1)", "(1 + 2"}) {
        try {
            (void)Formula::parse(bad);
            ADD_FAILURE() << "no error for " << bad;
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::invalid_input) << bad;
            EXPECT_NE(std::string(e.what()).find("vị trí"), std::string::npos) << e.what();
        }
    }
}

}  // namespace
}  // namespace giamngheo::reports
