// The workflow end to end over the SQLite store and the fixture units (province 38 and its eight
// communes on the 2025 map): fill, complete, submit, send back, approve, consolidate, the checks
// that refuse a step (stale version, out of turn, no reason, a locked report), "modified since
// approval", the board with its rates, and the audit trail.
#include <gtest/gtest.h>

#include "kernel/errors.hpp"
#include "modules/reports/app/board.hpp"
#include "modules/reports/tests/report_fixture.hpp"
#include "storage/open_store.hpp"
#include "modules/accounts/ports/account_store.hpp"
#include "testing/support.hpp"

namespace giamngheo::app {
namespace {

using reports::ReportAction;
using reports::ReportState;

// Figures set by the test: each commune has 100 households, of which `poor` are poor.
class FixedMeasures final : public MeasureSource {
  public:
    Measures measures(const ReportUnit& unit, const reports::ReportPeriod&, UnitMap, const std::string&,
                      const std::set<std::string>&) override {
        Measures m;
        m.values["registry.households"] = 100;
        m.values["registry.poor"] = poor.count(unit.code) ? poor.at(unit.code) : 5;
        return m;
    }
    std::map<std::string, double> poor;
};

class ReportFlow : public ReportStoreFixture {
  protected:
    ReportDeps deps() { return deps_with(measures); }
    store::ReportKey key(const std::string& unit) { return {"bieu-02", "2026-H1", unit}; }
    std::int64_t version(const std::string& unit) {
        const auto r = reports->load_report(key(unit));
        return r ? r->status.version : 0;
    }
    ReportView act(const std::string& unit, ReportAction a, const std::string& as, const std::string& reason = "") {
        auto d = deps();
        return act_on_report(d, key(unit), a, reason, version(unit), as, {as.empty() ? "admin" : "user." + as, "test"});
    }
    ReportView fill(const std::string& unit, double households_supported) {
        auto d = deps();
        return save_report(d, key(unit), {{"production_households.result", {households_supported, ""}}}, version(unit), unit,
                           {"xa." + unit, "test"});
    }
    // Fills, completes, submits and has the province approve a commune's report.
    void approved(const std::string& unit, double households_supported) {
        fill(unit, households_supported);
        act(unit, ReportAction::complete, unit);
        act(unit, ReportAction::submit, unit);
        act(unit, ReportAction::approve, "38");
    }
    std::string code_of(const std::function<void()>& step) {
        try {
            step();
        } catch (const Error& e) {
            return e.code();
        }
        return "accepted";
    }

    FixedMeasures measures;
};
INSTANTIATE_TEST_SUITE_P(EveryEngine, ReportFlow, test::kEveryEngine, test::backend_name);

TEST_P(ReportFlow, SubmitSendBackResubmitApprove) {
    const ReportView filled = fill("16186", 12);
    EXPECT_EQ(filled.state, ReportState::draft);
    EXPECT_EQ(filled.cells.at("poor.result").value.number, 5);
    EXPECT_EQ(act("16186", ReportAction::complete, "16186").state, ReportState::complete);
    EXPECT_EQ(act("16186", ReportAction::submit, "16186").state, ReportState::submitted);
    EXPECT_EQ(code_of([&] { fill("16186", 13); }), "locked");
    EXPECT_EQ(code_of([&] { act("16186", ReportAction::send_back, "38", " "); }), "reason_required");
    EXPECT_EQ(code_of([&] { act("16186", ReportAction::approve, "16186"); }), "forbidden");
    EXPECT_EQ(act("16186", ReportAction::send_back, "38", "Thiếu số hộ được hỗ trợ").state, ReportState::draft);
    fill("16186", 14);
    act("16186", ReportAction::complete, "16186");
    act("16186", ReportAction::submit, "16186");
    const ReportView done = act("16186", ReportAction::approve, "38");
    EXPECT_EQ(done.state, ReportState::approved);
    EXPECT_EQ(done.cells.at("production_households.result").value.number, 14);
    ASSERT_EQ(done.history.size(), 8u);  // save, complete, submit, send back, save, complete, submit, approve
    EXPECT_EQ(done.history[3].action, "send-back");
    EXPECT_EQ(done.history[3].reason, "Thiếu số hộ được hỗ trợ");
    EXPECT_EQ(done.history[3].by, "user.38");
    EXPECT_EQ(done.history.back().to, ReportState::approved);
    // Every step is in the audit log too, with its states and reason.
    const auto audit = store::open_account_store(fresh->location())->audit({"user.38", "", std::nullopt, 1, 50});
    ASSERT_EQ(audit.total, 2);  // the send-back and the approval
    bool send_back_seen = false;
    for (const auto& e : audit.items)
        if (e.action == "report.send-back") send_back_seen = e.details.dump().find("Thiếu số hộ") != std::string::npos;
    EXPECT_TRUE(send_back_seen);
}

TEST_P(ReportFlow, StaleVersionIsRefusedAndNothingChanges) {
    fill("16186", 12);
    auto d = deps();
    EXPECT_EQ(code_of([&] {
                  (void)save_report(d, key("16186"), {{"production_households.result", {20.0, ""}}}, 0, "16186", {"b", "t"});
              }),
              "stale_version");
    EXPECT_EQ(reports->load_report(key("16186"))->entered.at("production_households.result").number, 12);
    EXPECT_EQ(code_of([&] { (void)act_on_report(d, key("16186"), ReportAction::complete, "", 7, "16186", {"b", "t"}); }),
              "stale_version");
}

TEST_P(ReportFlow, ValidationErrorBlocksCompletionAndNamesTheCell) {
    auto d = deps();
    (void)save_report(d, key("16186"), {{"poor.plan", {3.0, ""}}}, 0, "16186", {"x", "t"});  // required result missing
    try {
        (void)act_on_report(d, key("16186"), ReportAction::complete, "", 1, "16186", {"x", "t"});
        FAIL() << "completed";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), "validation_failed");
        EXPECT_NE(std::string(e.what()).find("Số hộ được hỗ trợ phát triển sản xuất"), std::string::npos) << e.what();
    }
    EXPECT_EQ(reports->load_report(key("16186"))->status.state, ReportState::draft);
}

TEST_P(ReportFlow, ProvinceApprovesOnlyWhenEveryCommuneIsSettledAndConsolidatesThem) {
    measures.poor = {{"16186", 7}, {"16174", 3}};
    approved("16186", 12);
    fill("38", 0);
    EXPECT_EQ(code_of([&] { act("38", ReportAction::complete, "38"); }), "units_below_pending");
    approved("16174", 8);
    auto d = deps();
    EXPECT_EQ(code_of([&] { (void)mark_rest_not_reporting(d, "bieu-02", "2026-H1", "38", "", "38", {"p", "t"}); }),
              "reason_required");
    EXPECT_EQ(mark_rest_not_reporting(d, "bieu-02", "2026-H1", "38", "Chưa có hộ trong sổ", "38", {"p", "t"}), 6);
    const ReportView province = act("38", ReportAction::complete, "38");
    EXPECT_EQ(province.below->approved, 2);
    EXPECT_EQ(province.below->not_reporting, 6);
    // Each consolidated cell is the sum of the communes' approved cells (plus the province's own entry).
    const auto commune_a = reports->load_report(key("16186"))->snapshot;
    const auto commune_b = reports->load_report(key("16174"))->snapshot;
    int summed = 0;
    for (const auto& [id, cell] : province.cells) {
        if (!cell.consolidated || catalogue.form("bieu-02").cell(id)->type == reports::CellType::percent) continue;
        const double a = commune_a.count(id) ? commune_a.at(id).number.value_or(0) : 0;
        const double b = commune_b.count(id) ? commune_b.at(id).number.value_or(0) : 0;
        EXPECT_DOUBLE_EQ(cell.value.number.value_or(0), a + b + cell.own.value_or(0)) << id;
        ++summed;
    }
    EXPECT_GE(summed, 5);
    EXPECT_EQ(province.cells.at("poor.result").value.number, 10);
    EXPECT_EQ(province.cells.at("households.result").value.number, 200);
    EXPECT_DOUBLE_EQ(*province.cells.at("poor_rate.result").value.number, 5.0);
    EXPECT_EQ(act("38", ReportAction::submit, "38").state, ReportState::submitted);
    EXPECT_EQ(act("38", ReportAction::approve, "").state, ReportState::approved);  // the ministry
}

TEST_P(ReportFlow, ADataChangeAfterApprovalShowsTheCellsModified) {
    approved("16186", 12);
    EXPECT_TRUE(open_report(*std::make_unique<ReportDeps>(deps()), key("16186"), "16186").modified.empty());
    measures.poor["16186"] = 4;  // a household edited: one poor household fewer
    auto d = deps();
    const ReportView view = open_report(d, key("16186"), "38");
    ASSERT_FALSE(view.modified.empty());
    std::set<std::string> ids;
    for (const auto& m : view.modified) ids.insert(m.id);
    EXPECT_TRUE(ids.count("poor.result"));
    EXPECT_TRUE(ids.count("poor_rate.result"));
    EXPECT_EQ(view.cells.at("poor.result").value.number, 5);  // the report still shows what was approved
}

TEST_P(ReportFlow, AFormTakesACellOfAnotherFormOfTheSamePeriod) {
    fill("16186", 12);  // Biểu 02, a draft: its values as they are now
    auto d = deps();
    const store::ReportKey monitoring{"mau-01", "2026-H1", "16186"};
    EXPECT_EQ(open_report(d, monitoring, "16186").cells.at("production_households.value").value.number, 12);
    approved("16186", 12);
    fill("16174", 3);
    // Submitted: the value submitted stays what Mẫu 01 shows even if the draft's entries move on.
    EXPECT_EQ(open_report(d, monitoring, "16186").cells.at("production_households.value").value.number, 12);
    EXPECT_EQ(open_report(d, {"mau-01", "2026-H1", "16174"}, "16174").cells.at("production_households.value").value.number, 3);
}

TEST_P(ReportFlow, BoardShowsStatesDeadlinesAndRates) {
    approved("16186", 12);
    auto d = deps();
    const Board board = report_board(d, {"38", "2026-H1", "bieu-02", false});
    ASSERT_EQ(board.rows.size(), 8u);
    ASSERT_EQ(board.rates.size(), 1u);
    EXPECT_EQ(board.rates[0].expected, 8);
    EXPECT_EQ(board.rates[0].submitted, 1);
    EXPECT_EQ(board.rates[0].on_time, 0);  // submitted on 6/12, due 20/5
    for (const auto& row : board.rows) {
        ASSERT_TRUE(row.deadline) << row.unit.code;
        EXPECT_EQ(row.deadline->date, (Date{2026, 5, 20}));
        if (row.unit.code == "16186") {
            EXPECT_EQ(row.status.state, ReportState::approved);
            EXPECT_FALSE(*row.on_time);
        } else {
            EXPECT_EQ(row.days_late, 200);  // 20/5 → 6/12
        }
    }
    EXPECT_EQ(board.own.size(), 1u);
    EXPECT_EQ(board.own[0].deadline->date, (Date{2026, 5, 31}));
    const Board late = report_board(d, {"38", "2026-H1", "bieu-02", true});
    EXPECT_EQ(late.rows.size(), 8u);  // the approved one was late too
    const auto due = reports_due(d, "38");
    EXPECT_TRUE(std::any_of(due.begin(), due.end(), [](const DueItem& i) { return i.action == "submit"; }));
    // A form not reported for the period asked, or none of that code: said so, not an empty board.
    for (const auto& [form, says] : {std::pair{"bieu-01", "Biểu 01 — Khung kết quả không báo cáo theo kỳ 6 tháng"}, std::pair{"bieu-99", "không có biểu"}}) {
        try {
            (void)report_board(d, {"38", "2026-H1", form, false});
            ADD_FAILURE() << form << ": a board";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::not_found) << e.what();
            EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << e.what();
        }
    }
}

}  // namespace
}  // namespace giamngheo::app
