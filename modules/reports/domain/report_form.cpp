#include "modules/reports/domain/report_form.hpp"

#include <cmath>
#include <functional>

#include "kernel/errors.hpp"
#include "kernel/format_vi.hpp"

namespace giamngheo::reports {
namespace {

[[noreturn]] void form_error(const ReportForm& form, const std::string& what, const std::string& field = {}) {
    throw Error(ErrorKind::invalid_input, "invalid_form", "biểu " + form.code + ": " + what, field);
}

[[noreturn]] void entry_error(const std::string& cell, const std::string& what) {
    throw Error(ErrorKind::invalid_input, "invalid_entry", "ô " + cell + ": " + what, cell);
}

bool compare(double a, const std::string& op, double b) {
    constexpr double kTolerance = 1e-9;
    if (op == "==") return std::fabs(a - b) <= kTolerance * std::max(1.0, std::fabs(b));
    if (op == "!=") return std::fabs(a - b) > kTolerance * std::max(1.0, std::fabs(b));
    if (op == "<") return a < b;
    if (op == "<=") return a <= b + kTolerance;
    if (op == ">") return a > b;
    return a + kTolerance >= b;  // >=
}

}  // namespace

const char* to_string(CellType type) {
    switch (type) {
        case CellType::integer: return "integer";
        case CellType::number: return "number";
        case CellType::money: return "money";
        case CellType::percent: return "percent";
        case CellType::text: return "text";
    }
    return "integer";
}

const char* to_string(CellKind kind) {
    switch (kind) {
        case CellKind::computed: return "computed";
        case CellKind::entered: return "entered";
        case CellKind::none: return "none";
    }
    return "none";
}

const CellSpec* ReportForm::cell(const std::string& id) const {
    const auto dot = id.find('.');
    if (dot == std::string::npos) return nullptr;
    const std::string row = id.substr(0, dot), column = id.substr(dot + 1);
    for (const auto& section : sections)
        for (const auto& r : section.rows)
            if (r.key == row) {
                const auto it = r.cells.find(column);
                return it == r.cells.end() ? nullptr : &it->second;
            }
    return nullptr;
}

std::vector<const CellSpec*> ReportForm::cells() const {
    std::vector<const CellSpec*> out;
    for (const auto& section : sections)
        for (const auto& row : section.rows) {
            if (row.narrative) {
                if (const auto it = row.cells.find("text"); it != row.cells.end()) out.push_back(&it->second);
                continue;
            }
            for (const auto& column : columns)
                if (const auto it = row.cells.find(column.key); it != row.cells.end()) out.push_back(&it->second);
        }
    return out;
}

std::string ReportForm::cell_label(const std::string& id) const {
    const auto dot = id.find('.');
    const std::string row = id.substr(0, dot), column = dot == std::string::npos ? "" : id.substr(dot + 1);
    std::string label = id;
    for (const auto& section : sections)
        for (const auto& r : section.rows)
            if (r.key == row) label = r.label_vi;
    for (const auto& c : columns)
        if (c.key == column) return label + " — " + c.label_vi;
    return label;
}

void check_form(const ReportForm& form) {
    if (form.code.empty() || form.title_vi.empty()) form_error(form, "thiếu mã hoặc tên biểu");
    std::set<std::string> rows;
    for (const auto& section : form.sections)
        for (const auto& row : section.rows)
            if (!rows.insert(row.key).second) form_error(form, "dòng \"" + row.key + "\" lặp lại");
    const auto check_refs = [&](const Formula& f, const std::string& where) {
        for (const auto& ref : f.cells())
            if (!form.cell(ref)) form_error(form, where + " tham chiếu ô không có: [" + ref + "]", where);
    };
    for (const auto* cell : form.cells())
        if (cell->formula) check_refs(*cell->formula, cell->id);
    for (const auto& rule : form.validations) {
        check_refs(rule.left, rule.key);
        check_refs(rule.right, rule.key);
    }
    // A cycle among formulas would never settle: depth-first search over cell references.
    std::map<std::string, int> state;  // 1 visiting, 2 done
    std::function<void(const CellSpec&)> visit = [&](const CellSpec& cell) {
        int& s = state[cell.id];
        if (s == 2) return;
        if (s == 1) form_error(form, "công thức của ô " + cell.id + " tham chiếu vòng tròn", cell.id);
        s = 1;
        if (cell.formula)
            for (const auto& ref : cell.formula->cells()) visit(*form.cell(ref));
        state[cell.id] = 2;
    };
    for (const auto* cell : form.cells()) visit(*cell);
}

std::vector<std::string> forms_referenced(const ReportForm& form) {
    std::set<std::string> codes;
    const auto collect = [&](const Formula& f) {
        for (const auto& name : f.measures())
            if (name.rfind("form.", 0) == 0) codes.insert(name.substr(5, name.find('.', 5) - 5));
    };
    for (const auto* cell : form.cells())
        if (cell->formula) collect(*cell->formula);
    return {codes.begin(), codes.end()};
}

void check_form_references(const std::vector<ReportForm>& forms) {
    const auto find = [&](const std::string& code) -> const ReportForm* {
        for (const auto& f : forms)
            if (f.code == code) return &f;
        return nullptr;
    };
    for (const auto& form : forms)
        for (const auto* cell : form.cells()) {
            if (!cell->formula) continue;
            for (const auto& name : cell->formula->measures()) {
                if (name.rfind("form.", 0) != 0) continue;
                const auto dot = name.find('.', 5);
                const ReportForm* other = dot == std::string::npos ? nullptr : find(name.substr(5, dot - 5));
                if (!other || !other->cell(name.substr(dot + 1)))
                    form_error(form, "ô " + cell->id + " lấy số liệu {" + name + "} của một biểu hoặc ô không có", cell->id);
            }
        }
    std::map<std::string, int> state;  // 1 visiting, 2 done
    std::function<void(const ReportForm&)> visit = [&](const ReportForm& form) {
        int& s = state[form.code];
        if (s == 2) return;
        if (s == 1) form_error(form, "các biểu lấy số liệu của nhau thành vòng tròn");
        s = 1;
        for (const auto& code : forms_referenced(form)) visit(*find(code));
        state[form.code] = 2;
    };
    for (const auto& form : forms) visit(form);
}

FilledCells fill_report(const ReportForm& form, const FillInput& input) {
    FilledCells out;
    const bool consolidating = input.below.has_value();
    const auto measure = [&](const std::string& name) -> Number {
        const auto it = input.measures.find(name);
        return it == input.measures.end() ? std::nullopt : Number(it->second);
    };
    const auto sum_below = [&](const std::string& id) -> Number {
        Number total;
        for (const auto& values : *input.below) {
            const auto it = values.find(id);
            if (it != values.end() && it->second.number) total = total.value_or(0) + *it->second.number;
        }
        return total;
    };
    std::function<const FilledCell&(const CellSpec&)> fill = [&](const CellSpec& spec) -> const FilledCell& {
        if (const auto it = out.find(spec.id); it != out.end()) return it->second;
        FilledCell cell;
        const auto entered = input.entered.find(spec.id);
        const CellValue own = entered == input.entered.end() ? CellValue{} : entered->second;
        const bool numeric = spec.type != CellType::text;
        if (consolidating && numeric && spec.aggregate == Aggregate::sum) {
            cell.consolidated = true;
            cell.value.number = sum_below(spec.id);
            if (spec.kind == CellKind::entered && own.number) {
                cell.own = own.number;
                cell.value.number = cell.value.number.value_or(0) + *own.number;
            }
        } else if (spec.kind == CellKind::entered) {
            cell.value = own;
        } else if (spec.formula) {
            cell.consolidated = consolidating && spec.aggregate == Aggregate::recompute;
            cell.value.number = spec.formula->evaluate(
                [&](const std::string& ref) { return fill(*form.cell(ref)).value.number; }, measure);
        }
        return out.emplace(spec.id, std::move(cell)).first->second;
    };
    for (const auto* spec : form.cells()) fill(*spec);
    return out;
}

CellValues values_of(const FilledCells& cells) {
    CellValues out;
    for (const auto& [id, cell] : cells)
        if (!cell.value.empty()) out[id] = cell.value;
    return out;
}

std::vector<Finding> validate_report(const ReportForm& form, const FilledCells& cells) {
    std::vector<Finding> findings;
    const auto number = [&](const std::string& id) -> Number {
        const auto it = cells.find(id);
        return it == cells.end() ? std::nullopt : it->second.value.number;
    };
    for (const auto* spec : form.cells()) {
        if (!spec->required || spec->kind != CellKind::entered) continue;
        const auto it = cells.find(spec->id);
        if (it == cells.end() || it->second.value.empty())
            findings.push_back({"required", Importance::error, "Chưa nhập ô bắt buộc: " + form.cell_label(spec->id), {spec->id}});
    }
    for (const auto& rule : form.validations) {
        bool any_missing = false, all_missing = true;
        const auto tracked = [&](const std::string& id) {
            const Number v = number(id);
            if (v) all_missing = false;
            else any_missing = true;
            return rule.missing == MissingStrategy::never_skip ? Number(v.value_or(0)) : v;
        };
        const Number left = rule.left.evaluate(tracked, [](const std::string&) { return Number(); });
        const Number right = rule.right.evaluate(tracked, [](const std::string&) { return Number(); });
        if (rule.missing == MissingStrategy::skip_if_any_missing && any_missing) continue;
        if (rule.missing == MissingStrategy::skip_if_all_missing && all_missing) continue;
        if (!left || !right || compare(*left, rule.op, *right)) continue;
        std::vector<std::string> refs = rule.left.cells();
        refs.insert(refs.end(), rule.right.cells().begin(), rule.right.cells().end());
        findings.push_back({rule.key, rule.importance,
                            rule.message_vi + " (" + format_decimal_vi(*left, 2) + " " + rule.op + " " +
                                format_decimal_vi(*right, 2) + " không đúng)",
                            refs});
    }
    return findings;
}

bool has_errors(const std::vector<Finding>& findings) {
    for (const auto& f : findings)
        if (f.importance == Importance::error) return true;
    return false;
}

void check_entries(const ReportForm& form, const CellValues& entered) {
    for (const auto& [id, value] : entered) {
        const CellSpec* spec = form.cell(id);
        if (!spec) entry_error(id, "biểu " + form.code + " không có ô này");
        if (spec->kind != CellKind::entered) entry_error(id, "ô tự tính, không nhập được");
        if (value.empty()) continue;
        if (spec->type == CellType::text) {
            if (value.number) entry_error(id, "cần nhập chữ");
            continue;
        }
        if (!value.number) entry_error(id, "cần nhập số");
        const double v = *value.number;
        if ((spec->type == CellType::integer || spec->type == CellType::money) && v != std::floor(v))
            entry_error(id, "cần số nguyên");
        if (spec->min && v < *spec->min) entry_error(id, "không được nhỏ hơn " + format_decimal_vi(*spec->min, 2));
        if (spec->max && v > *spec->max) entry_error(id, "không được lớn hơn " + format_decimal_vi(*spec->max, 2));
    }
}

}  // namespace giamngheo::reports
