#include "modules/reports/formats/report_json.hpp"

#include <algorithm>
#include <filesystem>

#include "kernel/errors.hpp"
#include "platform/table.hpp"

namespace giamngheo::reports {
namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& where, const std::string& what) {
    throw Error(ErrorKind::invalid_input, "invalid_form", where + ": " + what);
}

std::string text(const json& j, const char* key, const std::string& where, bool required = true) {
    if (!j.contains(key) || j.at(key).is_null()) {
        if (required) bad(where, std::string("thiếu \"") + key + "\"");
        return {};
    }
    if (!j.at(key).is_string()) bad(where, std::string("\"") + key + "\" phải là chuỗi");
    return j.at(key).get<std::string>();
}

CellType cell_type(const std::string& name, const std::string& where) {
    if (name == "integer") return CellType::integer;
    if (name == "number") return CellType::number;
    if (name == "money") return CellType::money;
    if (name == "percent") return CellType::percent;
    if (name == "text") return CellType::text;
    bad(where, "kiểu ô \"" + name + "\" không có (integer, number, money, percent, text)");
}

// The families of figures modules/reports/app/measures.cpp computes (data/reports/README.md).
const char* const kFigureFamilies[] = {"review", "review_previous", "registry", "plan", "regular", "form"};

Formula formula(const std::string& source, const std::string& where) {
    Formula f = [&] {
        try {
            return Formula::parse(source);
        } catch (const Error& e) {
            bad(where, e.what());
        }
    }();
    for (const auto& name : f.measures()) {
        const std::string family = name.substr(0, name.find('.'));
        if (std::find(std::begin(kFigureFamilies), std::end(kFigureFamilies), family) == std::end(kFigureFamilies) ||
            name.find('.') == std::string::npos)
            bad(where, "số liệu {" + name + "} không có (cần review.…, review_previous.…, registry.…, plan.… hoặc form.BIỂU.dòng.cột)");
    }
    return f;
}

CellSpec cell_spec(const json& j, const std::string& id, CellType column_type, const std::string& where) {
    CellSpec cell;
    cell.id = id;
    cell.type = j.contains("type") ? cell_type(j.at("type").get<std::string>(), where) : column_type;
    if (j.contains("formula")) {
        cell.kind = CellKind::computed;
        cell.formula = formula(text(j, "formula", where), where);
        cell.aggregate = cell.type == CellType::percent ? Aggregate::recompute : Aggregate::sum;
    } else if (j.contains("entered")) {
        const json& e = j.at("entered");
        cell.kind = CellKind::entered;
        if (e.contains("min")) cell.min = e.at("min").get<double>();
        if (e.contains("max")) cell.max = e.at("max").get<double>();
        cell.required = e.value("required", false);
        // An entered rate is the unit's own (rates do not add up); an entered count or amount adds up.
        cell.aggregate = cell.type == CellType::text || cell.type == CellType::percent ? Aggregate::own : Aggregate::sum;
    } else {
        bad(where, "ô phải có \"formula\" hoặc \"entered\"");
    }
    if (j.contains("aggregate")) {
        const std::string a = j.at("aggregate").get<std::string>();
        if (a == "sum") cell.aggregate = Aggregate::sum;
        else if (a == "recompute") cell.aggregate = Aggregate::recompute;
        else if (a == "own") cell.aggregate = Aggregate::own;
        else bad(where, "\"aggregate\" phải là sum, recompute hoặc own");
        if (cell.aggregate == Aggregate::recompute && !cell.formula) bad(where, "\"recompute\" chỉ dùng cho ô có công thức");
    }
    return cell;
}

}  // namespace

ReportForm form_from_json(const json& d) {
    ReportForm form;
    form.code = text(d, "code", "biểu");
    const std::string where = "biểu " + form.code;
    form.title_vi = text(d, "title_vi", where);
    form.short_vi = text(d, "short_vi", where);
    form.legal_source_vi = text(d, "legal_source_vi", where);
    form.provisional = d.value("provisional", false);
    form.money_in_millions = d.value("money_unit", std::string()) == "million_vnd";
    form.programme = text(d, "programme", where, false);
    for (const auto& kind : d.at("periods")) {
        if (!parse_period_kind(kind.get<std::string>())) bad(where, "kỳ báo cáo \"" + kind.get<std::string>() + "\" không có");
        form.period_kinds.push_back(kind.get<std::string>());
    }
    for (const auto& c : d.at("columns")) {
        const std::string key = text(c, "key", where + ", cột");
        form.columns.push_back({key, text(c, "label_vi", where + ", cột " + key),
                                cell_type(c.value("type", std::string("integer")), where + ", cột " + key)});
    }
    if (form.columns.empty()) bad(where, "cần ít nhất một cột");
    for (const auto& s : d.at("sections")) {
        SectionSpec section{text(s, "key", where + ", phần"), text(s, "title_vi", where + ", phần", false), {}};
        for (const auto& r : s.at("rows")) {
            RowSpec row;
            row.key = text(r, "key", where + ", dòng");
            const std::string row_where = where + ", dòng " + row.key;
            if (row.key.find('.') != std::string::npos) bad(row_where, "khóa dòng không được có dấu chấm");
            row.label_vi = text(r, "label_vi", row_where);
            row.unit_vi = text(r, "unit_vi", row_where, false);
            row.narrative = r.value("narrative", false);
            if (row.narrative) {
                json spec = r.value("text", json{{"entered", json::object()}});
                spec["type"] = "text";
                row.cells.emplace("text", cell_spec(spec, row.key + ".text", CellType::text, row_where));
            } else if (r.contains("cells")) {
                for (const auto& [column, spec] : r.at("cells").items()) {
                    const auto col = std::find_if(form.columns.begin(), form.columns.end(),
                                                  [&](const ColumnSpec& c) { return c.key == column; });
                    if (col == form.columns.end()) bad(row_where, "không có cột \"" + column + "\"");
                    row.cells.emplace(column, cell_spec(spec, row.key + "." + column, col->type, row_where + ", cột " + column));
                }
            }
            section.rows.push_back(std::move(row));
        }
        form.sections.push_back(std::move(section));
    }
    for (const auto& v : d.value("validations", json::array())) {
        ValidationRule rule;
        rule.key = text(v, "key", where + ", kiểm tra");
        const std::string rule_where = where + ", kiểm tra " + rule.key;
        rule.left = formula(text(v, "left", rule_where), rule_where);
        rule.right = formula(text(v, "right", rule_where), rule_where);
        rule.op = text(v, "operator", rule_where);
        static const char* const kOps[] = {"==", "!=", "<", "<=", ">", ">="};
        if (std::find(std::begin(kOps), std::end(kOps), rule.op) == std::end(kOps)) bad(rule_where, "phép so sánh \"" + rule.op + "\" không có");
        const std::string missing = v.value("missing", std::string("skip_if_any_missing"));
        if (missing == "skip_if_any_missing") rule.missing = MissingStrategy::skip_if_any_missing;
        else if (missing == "skip_if_all_missing") rule.missing = MissingStrategy::skip_if_all_missing;
        else if (missing == "never_skip") rule.missing = MissingStrategy::never_skip;
        else bad(rule_where, "\"missing\" phải là skip_if_any_missing, skip_if_all_missing hoặc never_skip");
        const std::string importance = v.value("importance", std::string("error"));
        if (importance != "error" && importance != "warning") bad(rule_where, "\"importance\" phải là error hoặc warning");
        rule.importance = importance == "error" ? Importance::error : Importance::warning;
        rule.message_vi = text(v, "message_vi", rule_where);
        form.validations.push_back(std::move(rule));
    }
    check_form(form);
    return form;
}

Schedule schedule_from_json(const json& d, WorkCalendar calendar) {
    std::vector<DeadlineRule> rules;
    for (const auto& r : d.at("deadlines")) {
        DeadlineRule rule;
        rule.form = r.value("form", std::string("*"));
        const auto kind = parse_period_kind(r.at("period").get<std::string>());
        if (!kind) bad("lịch báo cáo", "kỳ \"" + r.at("period").get<std::string>() + "\" không có");
        rule.kind = *kind;
        rule.index = r.value("index", 0);
        rule.level = r.value("level", std::string("*"));
        rule.province = r.value("province", std::string());
        if (r.contains("working_days_after_end")) {
            rule.working_days_after_end = r.at("working_days_after_end").get<int>();
        } else if (r.contains("days_after_end")) {
            rule.days_after_end = r.at("days_after_end").get<int>();
        } else {
            const auto& fixed = r.at("fixed");
            rule.month = fixed.at("month").get<int>();
            rule.day = fixed.at("day").get<int>();
            rule.year_offset = fixed.value("year_offset", 0);
            if (!is_valid_date(2024, rule.month, rule.day)) bad("lịch báo cáo", "hạn cố định không hợp lệ");
        }
        rule.legal_source_vi = r.at("legal_source_vi").get<std::string>();
        rules.push_back(std::move(rule));
    }
    return Schedule(std::move(rules), std::move(calendar));
}

std::vector<ReportForm> load_forms(const std::string& dir) {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir + "/forms"))
        if (entry.path().extension() == ".json") files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    std::vector<ReportForm> forms;
    for (const auto& file : files) {
        try {
            forms.push_back(form_from_json(json::parse(io::read_file(file))));
        } catch (const json::exception& e) {
            bad(file, std::string("JSON không hợp lệ: ") + e.what());
        } catch (const Error& e) {
            bad(file, e.what());
        }
    }
    check_form_references(forms);
    return forms;
}

Schedule load_schedule(const std::string& dir, WorkCalendar calendar) {
    const std::string file = dir + "/calendar.json";
    try {
        return schedule_from_json(json::parse(io::read_file(file)), std::move(calendar));
    } catch (const json::exception& e) {
        bad(file, std::string("JSON không hợp lệ: ") + e.what());
    } catch (const Error& e) {
        bad(file, e.what());
    }
}

CellValues cell_values_from_json(const json& values) {
    if (!values.is_object()) throw Error(ErrorKind::invalid_input, "invalid_entry", "\"values\" phải là đối tượng {\"dòng.cột\": giá trị}");
    CellValues out;
    for (const auto& [id, v] : values.items()) {
        CellValue cell;
        if (v.is_number()) cell.number = v.get<double>();
        else if (v.is_string()) cell.text = v.get<std::string>();
        else if (!v.is_null()) throw Error(ErrorKind::invalid_input, "invalid_entry", "ô " + id + ": cần số, chuỗi hoặc null", id);
        out[id] = cell;
    }
    return out;
}

json cell_values_to_json(const CellValues& values) {
    json out = json::object();
    for (const auto& [id, v] : values) {
        if (v.number) out[id] = *v.number;
        else if (!v.text.empty()) out[id] = v.text;
    }
    return out;
}

}  // namespace giamngheo::reports
