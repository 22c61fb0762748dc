// A round's results as an officer opens them in Excel: the columns of results.csv under
// Vietnamese headers, every code as its Vietnamese label, yes/no as Có/Không. results.csv stays the
// machine format (codes, 1/0) for programs; this is its reading for people.
#pragma once

#include <set>
#include <string>

#include "platform/table.hpp"

namespace giamngheo::app {

struct LabelledResults {
    io::Table table;
    std::set<std::string> numeric_columns;  // headers of the columns that hold numbers
};

// `results` has the header of results_table (review.hpp); an unknown column keeps its header and
// values.
[[nodiscard]] LabelledResults labelled_results(const io::Table& results);

}  // namespace giamngheo::app
