// A report form as data (data/reports/forms/*.json, format in data/reports/README.md): columns,
// sections of rows, and for every cell either a formula over the system's figures and other
// cells, or a value the officer enters; validation rules in the DHIS2 manner. Filling a form is
// pure: `fill_report` takes the entered values, the figures of the unit and, for a unit that
// consolidates, the approved reports of its units below, and gives every cell its value.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "modules/reports/domain/formula.hpp"

namespace giamngheo::reports {

enum class CellType { integer, number, money, percent, text };
enum class CellKind { computed, entered, none };
// How a unit that consolidates gets the cell: the sum of its units' approved values (plus its own
// entry for an entered cell), the formula again over the consolidated cells, or its own entry.
enum class Aggregate { sum, recompute, own };

[[nodiscard]] const char* to_string(CellType type);
[[nodiscard]] const char* to_string(CellKind kind);

struct CellSpec {
    std::string id;  // "row.column"
    CellType type = CellType::integer;
    CellKind kind = CellKind::none;
    std::optional<Formula> formula;
    std::optional<double> min, max;
    bool required = false;
    Aggregate aggregate = Aggregate::sum;
};

struct RowSpec {
    std::string key;
    std::string label_vi;
    std::string unit_vi;
    bool narrative = false;  // one text cell "row.text" across the row
    std::map<std::string, CellSpec> cells;  // by column key ("text" for a narrative row)
};

struct SectionSpec {
    std::string key;
    std::string title_vi;
    std::vector<RowSpec> rows;
};

struct ColumnSpec {
    std::string key;
    std::string label_vi;
    CellType type = CellType::integer;
};

enum class Importance { error, warning };
enum class MissingStrategy { skip_if_any_missing, skip_if_all_missing, never_skip };

struct ValidationRule {
    std::string key;
    Formula left, right;
    std::string op;  // == != < <= > >=
    MissingStrategy missing = MissingStrategy::skip_if_any_missing;
    Importance importance = Importance::error;
    std::string message_vi;
};

struct ReportForm {
    std::string code;
    std::string title_vi;
    std::string short_vi;
    std::string legal_source_vi;
    bool provisional = false;
    bool money_in_millions = false;
    std::string programme;
    std::vector<std::string> period_kinds;  // year, half_year, month
    std::vector<ColumnSpec> columns;
    std::vector<SectionSpec> sections;
    std::vector<ValidationRule> validations;

    [[nodiscard]] const CellSpec* cell(const std::string& id) const;
    [[nodiscard]] std::vector<const CellSpec*> cells() const;
    [[nodiscard]] std::string cell_label(const std::string& id) const;  // "Hộ nghèo — Cuối kỳ"
};

// Checks references (cells exist, no cycle) and orders nothing yet; throws Error(invalid_input)
// naming the form and the cell.
void check_form(const ReportForm& form);

// The codes of the other forms whose cells `form` names ({form.CODE.row.column}), in code order.
[[nodiscard]] std::vector<std::string> forms_referenced(const ReportForm& form);
// Every {form.CODE.row.column} names a form of `forms` and a cell of it, and no form reaches itself
// through them; throws Error(invalid_input) naming the form and the figure.
void check_form_references(const std::vector<ReportForm>& forms);

struct CellValue {
    std::optional<double> number;
    std::string text;
    [[nodiscard]] bool empty() const { return !number && text.empty(); }
    bool operator==(const CellValue&) const = default;
};
using CellValues = std::map<std::string, CellValue>;

struct FillInput {
    CellValues entered;                                   // the unit's own entries
    std::map<std::string, double> measures;               // figures of the unit and period
    std::optional<std::vector<CellValues>> below;         // approved values of the units below, when the unit consolidates
};

struct FilledCell {
    CellValue value;
    std::optional<double> own;  // a consolidating unit's own entry, included in value
    bool consolidated = false;
};
using FilledCells = std::map<std::string, FilledCell>;

[[nodiscard]] FilledCells fill_report(const ReportForm& form, const FillInput& input);
[[nodiscard]] CellValues values_of(const FilledCells& cells);

struct Finding {
    std::string rule;
    Importance importance = Importance::error;
    std::string message_vi;
    std::vector<std::string> cells;
};

// The form's rules over filled cells, and required entered cells that are empty.
[[nodiscard]] std::vector<Finding> validate_report(const ReportForm& form, const FilledCells& cells);
[[nodiscard]] bool has_errors(const std::vector<Finding>& findings);

// Entered values checked against the form: the cell exists and is entered, a number is of its
// type and within its bounds. Throws Error(invalid_input) naming the cell.
void check_entries(const ReportForm& form, const CellValues& entered);

}  // namespace giamngheo::reports
