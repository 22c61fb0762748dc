// Golden cases of the shipped forms (tests/golden/*.json): the figures, the entries and, for a
// unit that consolidates, its units' approved values, give exactly the expected cells and findings.
// Also: every form of data/reports reads and checks, and a broken form is refused with its place.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "kernel/errors.hpp"
#include "modules/reports/documents/report_sheet.hpp"
#include "modules/reports/formats/report_json.hpp"
#include "platform/table.hpp"
#include "platform/xlsx.hpp"
#include "testing/support.hpp"

namespace giamngheo::reports {
namespace {

using nlohmann::json;
const std::string kForms = test::kSourceDir + "/data/reports";
const std::string kGolden = test::kSourceDir + "/modules/reports/tests/golden";

// The printed cell of `id` in the XLSX the report downloads in: its row found by its label, its
// column by the form's column order (after TT, Chỉ tiêu, Đơn vị tính).
std::string printed_in(const io::XlsxGrid& grid, const ReportForm& form, const std::string& id) {
    const std::string row_key = id.substr(0, id.find('.')), column = id.substr(id.find('.') + 1);
    std::string label;
    bool narrative = false;
    for (const auto& section : form.sections)
        for (const auto& row : section.rows)
            if (row.key == row_key) label = row.label_vi, narrative = row.narrative;
    long index = 0;
    for (std::size_t i = 0; i < form.columns.size(); ++i)
        if (form.columns[i].key == column) index = static_cast<long>(i);
    if (narrative) index = 0;
    for (const auto& [r, cells] : grid.cells) {
        const auto l = cells.find(1);
        if (l == cells.end() || l->second.text != label) continue;
        const auto c = cells.find(3 + index);
        return c == cells.end() ? std::string() : c->second.text;
    }
    return "(no row " + label + ")";
}

const ReportForm& form_named(const std::string& code) {
    static const std::vector<ReportForm> forms = load_forms(kForms);
    for (const auto& f : forms)
        if (f.code == code) return f;
    throw std::runtime_error("no form " + code);
}

TEST(ReportForms, EveryShippedFormReadsAndHasItsSource) {
    const auto forms = load_forms(kForms);
    ASSERT_GE(forms.size(), 3u);
    for (const auto& f : forms) {
        EXPECT_FALSE(f.legal_source_vi.empty()) << f.code;
        EXPECT_FALSE(f.cells().empty()) << f.code;
    }
}

TEST(ReportForms, GoldenCases) {
    int cases = 0;
    for (const auto& entry : std::filesystem::directory_iterator(kGolden)) {
        const json c = json::parse(io::read_file(entry.path().string()));
        const std::string name = entry.path().filename().string();
        const ReportForm& form = form_named(c.at("form"));
        FillInput input;
        input.entered = cell_values_from_json(c.at("entered"));
        for (const auto& [k, v] : c.at("measures").items()) input.measures[k] = v.get<double>();
        if (c.contains("below")) {
            input.below.emplace();
            for (const auto& b : c.at("below")) input.below->push_back(cell_values_from_json(b));
        }
        const FilledCells cells = fill_report(form, input);
        for (const auto& [id, expected] : c.at("expected").at("cells").items()) {
            ASSERT_TRUE(cells.count(id)) << name << ": no cell " << id;
            const CellValue& got = cells.at(id).value;
            if (expected.is_null()) EXPECT_TRUE(got.empty()) << name << " " << id;
            else if (expected.is_string()) EXPECT_EQ(got.text, expected.get<std::string>()) << name << " " << id;
            else {
                ASSERT_TRUE(got.number) << name << " " << id;
                EXPECT_NEAR(*got.number, expected.get<double>(), 1e-9) << name << " " << id;
            }
        }
        // The same cells read back from the XLSX as printed.
        app::ReportView view;
        view.form = &form;
        view.unit = {"16186", "Xã Hóa Quỳ", "commune", "38"};
        view.period = *ReportPeriod::parse(form.period_kinds.front() == "year" ? "2026" : "2026-H1");
        view.cells = cells;
        test::TempDir temp;
        io::write_printed_xlsx(temp.path("report.xlsx"), {app::report_sheet(view, "")});
        const io::XlsxGrid grid = io::read_xlsx_grid(io::read_file(temp.path("report.xlsx")), "report.xlsx");
        for (const auto& [id, expected] : c.at("expected").at("cells").items()) {
            const CellSpec& spec = *form.cell(id);
            CellValue value;
            if (expected.is_string()) value.text = expected.get<std::string>();
            else if (expected.is_number()) value.number = expected.get<double>();
            const std::string printed = app::printed_cell(form, spec, value);
            EXPECT_EQ(printed_in(grid, form, id), printed == "—" && spec.type == CellType::text ? "" : printed) << name << " " << id;
        }
        const auto findings = validate_report(form, cells);
        const auto& expected_findings = c.at("expected").at("findings");
        ASSERT_EQ(findings.size(), expected_findings.size()) << name;
        for (std::size_t i = 0; i < findings.size(); ++i) {
            EXPECT_EQ(findings[i].rule, expected_findings[i].at("rule")) << name;
            EXPECT_EQ(findings[i].importance == Importance::error ? "error" : "warning",
                      expected_findings[i].at("importance").get<std::string>()) << name;
            if (expected_findings[i].contains("cells")) {
                EXPECT_EQ(findings[i].cells, expected_findings[i].at("cells").get<std::vector<std::string>>()) << name;
            }
            EXPECT_FALSE(findings[i].message_vi.empty());
        }
        EXPECT_EQ(has_errors(findings), std::any_of(findings.begin(), findings.end(), [](const Finding& f) {
                      return f.importance == Importance::error;
                  }));
        ++cases;
    }
    EXPECT_GE(cases, 4);
}

TEST(ReportForms, EntriesAreCheckedAgainstTheForm) {
    const ReportForm& form = form_named("bieu-02");
    const auto refused = [&](const char* id, CellValue value, const char* words) {
        try {
            check_entries(form, {{id, value}});
            ADD_FAILURE() << id;
        } catch (const Error& e) {
            EXPECT_EQ(e.field(), id);
            EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
        }
    };
    refused("poor.result", {1.0, ""}, "tự tính");
    refused("poor.plan", {-1.0, ""}, "nhỏ hơn");
    refused("poor.plan", {1.5, ""}, "số nguyên");
    refused("poor.plan", {std::nullopt, "nhiều"}, "cần nhập số");
    refused("nothing.here", {1.0, ""}, "không có ô");
    refused("poor_rate.plan", {101.0, ""}, "lớn hơn");
    EXPECT_NO_THROW(check_entries(form, {{"poor_rate.plan", {4.5, ""}}}));
}

TEST(ReportForms, FormsNamingEachOtherInACircleAreRefused) {
    std::vector<ReportForm> forms = load_forms(kForms);
    json looped = json::parse(io::read_file(kForms + "/forms/bieu-02.json"));
    looped["sections"][0]["rows"][0]["cells"]["result"]["formula"] = "{form.mau-01.households.value}";
    for (auto& f : forms)
        if (f.code == "bieu-02") f = form_from_json(looped);
    try {
        check_form_references(forms);
        FAIL() << "a circle of forms was accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("vòng tròn"), std::string::npos) << e.what();
    }
    looped["sections"][0]["rows"][0]["cells"]["result"]["formula"] = "{form.mau-01.nothing.value}";
    for (auto& f : forms)
        if (f.code == "bieu-02") f = form_from_json(looped);
    EXPECT_THROW(check_form_references(forms), Error);
}

TEST(ReportForms, ABrokenFormIsRefusedWithItsPlace) {
    json form = json::parse(io::read_file(kForms + "/forms/bieu-02.json"));
    form["sections"][0]["rows"][1]["cells"]["rate"]["formula"] = "percent([poor.result], [nowhere.plan])";
    try {
        (void)form_from_json(form);
        FAIL() << "accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("nowhere.plan"), std::string::npos) << e.what();
    }
    form = json::parse(io::read_file(kForms + "/forms/bieu-02.json"));
    form["sections"][0]["rows"][0]["cells"]["result"]["formula"] = "[households.result] + 1";
    EXPECT_THROW((void)form_from_json(form), Error);  // a cycle
    form = json::parse(io::read_file(kForms + "/forms/bieu-02.json"));
    form["sections"][0]["rows"][0]["cells"]["result"]["formula"] = "{registy.households}";
    try {
        (void)form_from_json(form);
        FAIL() << "a misspelt figure was accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("registy.households"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace giamngheo::reports
