// Golden cases of the plan checks (tests/golden/*.json, format in tests/golden/README.md): a plan
// (a fragment over a small default, or a seed fixture), optionally a unit catalogue, measured
// values and a date, give exactly the expected findings, counterpart checks, budget table and
// target progress — or the expected refusal of the import.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "kernel/units.hpp"
#include "modules/plans/app/plans.hpp"
#include "modules/plans/app/public_investment.hpp"
#include "platform/printed_sheet.hpp"
#include "modules/plans/formats/plan_json.hpp"
#include "testing/support.hpp"

namespace giamngheo::test {
namespace {

using nlohmann::json;
const std::string kGolden = kSourceDir + "/modules/plans/tests/golden";
const std::string kFixtures = kSourceDir + "/modules/plans/tests/fixtures/";

const app::PlanCatalogues& catalogues() {
    static const app::PlanCatalogues c = app::load_plan_catalogues(test_environment(), "ntp-2021-2025");
    return c;
}

// The smallest plan the reader accepts; a case's "plan" is merged over it (JSON merge patch).
json skeleton() {
    return json::parse(R"({
      "schema_version": 1, "kind": "implementation_plan", "programme": "ntp-2021-2025", "year": 2023,
      "issuer": {"name_vi": "Ủy ban nhân dân huyện Thử Nghiệm", "unit_code": "999", "unit_level": "district",
                 "province_code": "38", "province_name": "Thanh Hóa"},
      "nodes": [], "budget_lines": []
    })");
}

UnitCatalogue units_of(const json& list) {
    UnitCatalogue units;
    for (const auto& u : list) {
        UnitVersion v;
        v.code = u.at("code");
        if (!parse_unit_level(u.at("level").get<std::string>(), v.level)) throw std::runtime_error("level");
        v.parent_code = u.value("parent", "");
        v.name = u.at("name");
        v.full_name = u.value("full_name", v.name);
        v.map = u.value("map", 2024) == 2025 ? UnitMap::map2025 : UnitMap::map2024;
        units.add(v);
    }
    return units;
}

std::string severity_name(Severity s) { return to_string(s); }

void expect_findings(const std::string& name, const std::vector<Finding>& all, const json& expected) {
    std::vector<Finding> findings;
    const auto only = expected.value("only_codes", std::vector<std::string>{});
    for (const auto& f : all)
        if (only.empty() || std::find(only.begin(), only.end(), f.code) != only.end()) findings.push_back(f);
    const json& list = expected.at("findings");
    std::string got;
    for (const auto& f : findings) got += "\n  " + severity_name(f.severity) + " " + f.code + " " + f.subject + ": " + f.message;
    ASSERT_EQ(findings.size(), list.size()) << name << ": findings" << got;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const json& e = list[i];
        EXPECT_EQ(findings[i].code, e.at("code").get<std::string>()) << name << " finding " << i << got;
        if (e.contains("severity")) { EXPECT_EQ(severity_name(findings[i].severity), e.at("severity").get<std::string>()) << name << " " << i; }
        if (e.contains("subject")) { EXPECT_EQ(findings[i].subject, e.at("subject").get<std::string>()) << name << " " << i; }
        for (const auto& part : e.value("message_contains", std::vector<std::string>{}))
            EXPECT_NE(findings[i].message.find(part), std::string::npos)
                << name << " finding " << i << ": no \"" << part << "\" in\n  " << findings[i].message;
    }
}

// The public-investment layout: column titles, then every row of part A ("results") and part B
// ("plan") as [node, measure, [amount by column], total], amounts in million VND.
void expect_public_investment(const std::string& name, const Plan& plan, const PlanRules& rules, const json& expected) {
    constexpr double kMillion = 1e6;
    const PublicInvestmentLayout layout = public_investment_layout(plan, rules);
    std::vector<std::string> titles;
    for (const auto& column : layout.columns) titles.push_back(column_title(column, rules));
    EXPECT_EQ(titles, expected.at("columns").get<std::vector<std::string>>()) << name;
    EXPECT_EQ(layout.results_as_of.iso(), expected.at("results_as_of").get<std::string>()) << name;
    const auto rows_json = [&](const std::vector<LayoutRow>& rows) {
        json out = json::array();
        for (const auto& r : rows) {
            json amounts = json::array();
            for (const auto v : r.by_column) amounts.push_back(static_cast<double>(v) / kMillion);
            out.push_back({r.node, r.measure, amounts, static_cast<double>(r.total) / kMillion});
        }
        return out;
    };
    EXPECT_EQ(rows_json(layout.results), expected.at("results")) << name << "\n" << rows_json(layout.results).dump();
    EXPECT_EQ(rows_json(layout.plan), expected.at("plan")) << name << "\n" << rows_json(layout.plan).dump();
    // The targets each part lists, as the sheet and the document show them.
    const auto texts = [&](const std::vector<std::size_t>& indices) {
        std::vector<std::string> out;
        for (const auto i : indices) out.push_back(io::layout_target_text(plan.targets[i]));
        return out;
    };
    if (expected.contains("result_targets")) {
        EXPECT_EQ(texts(layout.result_targets), expected.at("result_targets").get<std::vector<std::string>>()) << name;
    }
    if (expected.contains("plan_targets")) {
        EXPECT_EQ(texts(layout.plan_targets), expected.at("plan_targets").get<std::vector<std::string>>()) << name;
    }
}

// The layout's XLSX written, read back with the case's edits typed into its cells ("edits": part,
// node, measure, column title or "Tổng số", the text typed, "number": true for a cell typed as a
// number, which the reader sees as its shortest decimal text with a point), and applied to the plan: exactly the
// expected problems (row, column, message_contains), or the expected number of changed cells and
// the layout after. Without edits the sheet comes back unchanged and writes the same sheet again.
void expect_layout_import(const std::string& name, const Plan& plan, const PlanRules& rules, const json& c) {
    const PublicInvestmentLayout layout = public_investment_layout(plan, rules);
    const io::PrintedSheet sheet = io::public_investment_sheet(plan, layout, rules);
    TempDir temp;
    io::write_printed_xlsx(temp.path("layout.xlsx"), {sheet});
    io::XlsxGrid grid = io::read_xlsx_grid(io::read_file(temp.path("layout.xlsx")), "layout.xlsx");
    const io::TypedLayout as_written = io::read_public_investment_sheet(layout, grid, "layout.xlsx", rules);
    ASSERT_TRUE(as_written.problems.empty()) << name << ": " << io::format_problem(as_written.problems.front());
    for (const auto& edit : c.value("edits", json::array())) {
        long row = -1;
        for (const auto& r : as_written.rows)
            if (r.part == edit.at("part") && r.node == edit.at("node") && r.measure == edit.at("measure")) row = r.row;
        ASSERT_GE(row, 0) << name << ": no row " << edit.dump();
        long column = as_written.first_amount_column;
        const std::string title = edit.at("column");
        for (std::size_t i = 0; i < layout.columns.size(); ++i)
            if (column_title(layout.columns[i], rules) == title) column = as_written.first_amount_column + 1 + static_cast<long>(i);
        ASSERT_TRUE(title == "Tổng số" || column > as_written.first_amount_column) << name << ": no column " << title;
        grid.cells[row][column] = io::XlsxCell{edit.at("typed").get<std::string>(), edit.value("number", false)};
    }
    const io::TypedLayout typed = io::read_public_investment_sheet(layout, grid, "layout.xlsx", rules);
    const app::AppliedLayout applied = app::apply_public_investment(plan, typed, rules);
    const json& expected = c.at("expected").at("import");
    std::string got;
    for (const auto& p : applied.problems) got += "\n  " + io::format_problem(p);
    const json problems = expected.value("problems", json::array());
    ASSERT_EQ(applied.problems.size(), problems.size()) << name << ": problems" << got;
    for (std::size_t i = 0; i < problems.size(); ++i) {
        EXPECT_EQ(applied.problems[i].row, problems[i].at("row").get<long>()) << name << " problem " << i << got;
        EXPECT_EQ(applied.problems[i].column, problems[i].at("column").get<std::string>()) << name << " problem " << i << got;
        for (const auto& part : problems[i].value("message_contains", std::vector<std::string>{}))
            EXPECT_NE(applied.problems[i].message.find(part), std::string::npos) << name << " problem " << i << got;
    }
    EXPECT_EQ(applied.changes, expected.value("changes", std::size_t{0})) << name;
    if (expected.contains("after")) expect_public_investment(name + " (after)", applied.plan, rules, expected.at("after"));
    if (!c.contains("edits")) {  // export → import → export: the same sheet
        const io::PrintedSheet again = io::public_investment_sheet(applied.plan, public_investment_layout(applied.plan, rules), rules);
        ASSERT_EQ(again.rows.size(), sheet.rows.size()) << name;
        for (std::size_t r = 0; r < sheet.rows.size(); ++r) EXPECT_EQ(again.rows[r].cells, sheet.rows[r].cells) << name << " row " << r;
    }
}

// Runs `read`, which must refuse the plan with a message holding every expected fragment.
template <class Read>
void expect_refused(const json& c, const std::string& name, Read read) {
    try {
        read();
        ADD_FAILURE() << name << ": the plan was accepted";
    } catch (const std::exception& e) {
        for (const auto& part : c.at("expected").at("error_contains"))
            EXPECT_NE(std::string(e.what()).find(part.get<std::string>()), std::string::npos)
                << name << ": no \"" << part.get<std::string>() << "\" in\n  " << e.what();
    }
}

void run_case(const std::string& name, const json& c) {
    std::optional<UnitCatalogue> units;
    if (c.contains("units")) units = units_of(c.at("units"));
    // A case may bring its own counterpart rules (funding.json format) in place of the shipped ones.
    app::PlanCatalogues own = catalogues();
    if (c.contains("counterpart_rules")) {
        json funding = json::parse(io::read_file(kSourceDir + "/data/programmes/funding.json"));
        funding["counterpart_rules"] = c.at("counterpart_rules");
        own.funding = parse_funding(funding);
    }
    const PlanRules rules = own.rules(units ? &*units : nullptr);
    // A refused import: the text as a file, the error message expected.
    if (c.contains("refused_text")) {
        TempDir temp;
        write_text(temp.path("plan.json"), c.at("refused_text").get<std::string>());
        expect_refused(c, name, [&] { (void)io::read_plan_file(temp.path("plan.json")); });
        return;
    }
    Plan plan;
    if (c.contains("fixture")) {
        json document = json::parse(io::read_file(kFixtures + c.at("fixture").get<std::string>() + ".json"));
        if (c.contains("fixture_patch")) document = document.patch(c.at("fixture_patch"));  // RFC 6902
        plan = io::plan_from_json(document);
    } else {
        json document = skeleton();
        document.merge_patch(c.at("plan"));
        if (c.at("expected").contains("error_contains")) {
            expect_refused(c, name, [&] { (void)io::plan_from_json(document); });
            return;
        }
        plan = io::plan_from_json(document);
    }
    const json& expected = c.at("expected");
    for (const auto& e : c.value("expected_amounts", json::array())) {
        const auto index = e.at("line").get<std::size_t>();
        ASSERT_LT(index, plan.budget_lines.size()) << name;
        const BudgetLine& l = plan.budget_lines[index];
        EXPECT_EQ(l.amount_vnd, e.at("vnd").get<std::int64_t>()) << name << " line " << index;
        ASSERT_TRUE(l.amount_printed) << name << " line " << index;
        EXPECT_EQ(l.amount_printed->printed, e.at("printed").get<std::string>()) << name << " line " << index;
        EXPECT_EQ(l.amount_printed->bound, e.at("bound").get<std::string>()) << name << " line " << index;
    }
    if (expected.contains("findings")) {
        const std::string check = c.value("check", "plan");
        std::vector<Finding> findings;
        if (check == "plan") findings = check_plan(plan, rules);
        else if (check == "counterpart") findings = check_counterpart(plan, rules);
        else if (check == "totals") findings = check_totals(plan, rules);
        else if (check == "targets") findings = check_target_cascade(plan);
        else if (check == "issuer") findings = check_issuer(plan, rules);
        else if (check == "public_investment") findings = check_public_investment(plan, rules);
        else if (check == "units") {
            // The plans of the units below, each a fragment over the default plan.
            std::vector<Plan> units_plans;
            for (const auto& fragment : c.at("unit_plans")) {
                json document = skeleton();
                document.merge_patch(fragment);
                units_plans.push_back(io::plan_from_json(document));
            }
            findings = compare_with_units(plan, units_plans, rules, c.value("expected_units", std::vector<std::string>{}));
        }
        else FAIL() << name << ": unknown check " << check;
        expect_findings(name, findings, expected);
    }
    if (expected.contains("counterpart_checks")) {
        const auto checks = counterpart_checks(plan, rules);
        const json& list = expected.at("counterpart_checks");
        ASSERT_EQ(checks.size(), list.size()) << name << ": counterpart checks";
        for (std::size_t i = 0; i < list.size(); ++i) {
            const json& e = list[i];
            EXPECT_EQ(checks[i].rule->key, e.at("rule").get<std::string>()) << name << " check " << i;
            EXPECT_EQ(checks[i].node, e.value("node", "")) << name << " check " << i;
            EXPECT_EQ(checks[i].base_vnd, e.at("base_vnd").get<std::int64_t>()) << name << " check " << i;
            EXPECT_EQ(checks[i].minimum_vnd, e.at("minimum_vnd").get<std::int64_t>()) << name << " check " << i;
            EXPECT_EQ(checks[i].counterpart_vnd, e.at("counterpart_vnd").get<std::int64_t>()) << name << " check " << i;
            EXPECT_EQ(checks[i].met(), e.at("met").get<bool>()) << name << " check " << i;
            if (e.contains("described")) {
                EXPECT_EQ(describe_counterpart_check(plan, checks[i], rules), e.at("described").get<std::string>()) << name;
            }
        }
    }
    if (expected.contains("budget_table")) {
        const json& e = expected.at("budget_table");
        const BudgetTable t = budget_table(plan, plan.year, rules);
        std::vector<std::string> titles;
        for (const auto& column : t.columns) titles.push_back(column_title(column, rules));
        EXPECT_EQ(titles, e.at("columns").get<std::vector<std::string>>()) << name;
        const auto row_json = [](const BudgetTable::Row& row) {
            return json{{"node", row.node}, {"by_column", row.by_column}, {"central", row.central}, {"total", row.total}};
        };
        json rows = json::array();
        for (const auto& row : t.rows) rows.push_back(row_json(row));
        EXPECT_EQ(rows, e.at("rows")) << name;
        EXPECT_EQ(row_json(t.total), e.at("total")) << name;
    }
    if (expected.contains("public_investment")) expect_public_investment(name, plan, rules, expected.at("public_investment"));
    if (expected.contains("import")) expect_layout_import(name, plan, rules, c);
    if (expected.contains("targets")) {
        std::vector<MeasuredValue> measured;
        for (const auto& m : c.value("measured", json::array()))
            measured.push_back({m.at("indicator"), m.value("unit_code", plan.unit_code), m.at("year"), m.at("value")});
        const Date as_of = *parse_iso_date(c.value("as_of", std::string("2024-01-15")));
        const auto progress = target_progress(plan, measured, as_of);
        for (const auto& e : expected.at("targets")) {
            const auto index = e.at("index").get<std::size_t>();
            ASSERT_LT(index, progress.size()) << name;
            const TargetProgress& p = progress[index];
            EXPECT_EQ(to_string(p.status), e.at("status").get<std::string>()) << name << " target " << index;
            if (e.contains("actual")) {
                if (e.at("actual").is_null()) {
                    EXPECT_FALSE(p.actual) << name << " target " << index;
                } else {
                    EXPECT_TRUE(p.actual) << name << " target " << index;
                    if (p.actual) { EXPECT_NEAR(*p.actual, e.at("actual").get<double>(), 1e-9) << name << " target " << index; }
                }
            }
            if (e.contains("progress")) {
                if (e.at("progress").is_null()) {
                    EXPECT_FALSE(p.progress) << name << " target " << index;
                } else {
                    EXPECT_TRUE(p.progress) << name << " target " << index;
                    if (p.progress) { EXPECT_NEAR(*p.progress, e.at("progress").get<double>(), 1e-9) << name << " target " << index; }
                }
            }
            if (e.contains("actual_source")) { EXPECT_EQ(p.actual_source, e.at("actual_source").get<std::string>()) << name; }
        }
    }
}

TEST(PlanGolden, EveryCase) {
    int cases = 0;
    std::vector<std::filesystem::path> paths;
    for (const auto& entry : std::filesystem::directory_iterator(kGolden))
        if (entry.path().extension() == ".json") paths.push_back(entry.path());
    std::sort(paths.begin(), paths.end());
    for (const auto& path : paths) {
        const std::string name = path.filename().string();
        SCOPED_TRACE(name);
        json c;
        ASSERT_NO_THROW(c = json::parse(io::read_file(path.string()))) << name;
        run_case(name, c);
        ++cases;
    }
    EXPECT_GE(cases, 10);
}

}  // namespace
}  // namespace giamngheo::test
