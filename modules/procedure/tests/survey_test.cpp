// Surveying a household (record_survey) on a demo store of every backend, round 2 (2025, standard
// vn-2022, Bình Lương rural): a sign of Phiếu A gives not_poor and leaves the registry alone; B1
// below the line with three deprivations gives poor, written as a new version of the household
// with its change set and audit entry; a household not listed, a stale version, a surveyor outside
// the commune or of another role, an unknown sign or indicator are refused and write nothing.
#include <gtest/gtest.h>

#include <algorithm>

#include "kernel/errors.hpp"
#include "modules/demo/demo.hpp"
#include "modules/procedure/app/survey.hpp"
#include "storage/open_store.hpp"
#include "testing/store_backends.hpp"
#include "testing/support.hpp"

namespace giamngheo::test {
namespace {

const app::RowFilter kHoaQuy = [](const store::ResultRow& row) { return row.unit_code == "16204"; };
const app::RowFilter kVanDon = [](const store::ResultRow& row) { return row.unit_code == "06994"; };

// 60 households, 12 of them in Bình Lương (16204-7-00000000 …), and the rounds of 2024 and 2025.
std::unique_ptr<store::Store> demo_store(const std::string& location, const app::Environment& env) {
    auto store = store::open_store(location);
    app::fill_demo(*store, env, kUnitsFixture, 60, 7);
    return store;
}

class Survey : public ::testing::TestWithParam<Backend> {
  protected:
    Survey()
        : fresh(GetParam()),
          env(test_environment()),
          registry(demo_store(fresh.location(), env)),
          steps(store::open_procedure_store(fresh.location())),
          procedures(app::load_procedures(env)),
          forms(app::load_survey_forms(env)),
          calendar(env.work_calendar()),
          deps{*registry, *steps, procedures, calendar, env, env.today} {}

    static std::string household(int i) { return "16204-7-0000000" + std::to_string(i); }

    void list(const std::string& id) {
        app::StepRequest r{2, {id}, {}};
        r.event.step = "list";
        r.event.date = {2026, 9, 7};
        r.event.role = "commune_officer";
        r.event.reason = "previous_list";
        (void)app::take_step(deps, r, kHoaQuy, {"xa", "test"});
    }
    std::int64_t version(const std::string& id) { return registry->load_household(id, std::nullopt)->version; }

    // Phiếu B: income below the rural line (1 500 000) and exactly three of the twelve deprived.
    app::SurveyInput phieu_b(const std::string& id) {
        app::SurveyInput in;
        in.round_id = 2;
        in.household_id = id;
        in.date = {2026, 9, 10};
        in.role = "reviewer";
        in.income_per_capita = 1'200'000;
        for (const auto& i : app::survey_indicators(deps, 2)) in.deprived[i.key] = false;
        in.deprived["employment"] = in.deprived["water"] = in.deprived["latrine"] = true;
        in.version = version(id);
        return in;
    }
    app::SurveyOutcome survey(const app::SurveyInput& in, const app::RowFilter& within = kHoaQuy) {
        return app::record_survey(deps, forms, in, within, {"rasoat", "test survey"});
    }
    // `call` is refused with `kind` (and `code` when given), and nothing is written for `id`.
    template <class F>
    void refused(F call, ErrorKind kind, const std::string& code, const std::string& id) {
        const std::int64_t before = version(id);
        const std::size_t recorded = steps->household_steps(2, id).size();
        try {
            call();
            ADD_FAILURE() << "not refused";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), kind) << e.what();
            if (!code.empty()) {
                EXPECT_EQ(e.code(), code) << e.what();
            }
        }
        EXPECT_EQ(version(id), before);
        EXPECT_EQ(steps->household_steps(2, id).size(), recorded);
    }

    FreshStore fresh;
    app::Environment env;
    std::unique_ptr<store::Store> registry;
    std::unique_ptr<store::ProcedureStore> steps;
    app::Procedures procedures;
    procedure::SurveyForms forms;
    WorkCalendar calendar;
    app::ProcedureDeps deps;
};
INSTANTIATE_TEST_SUITE_P(EveryEngine, Survey, kEveryEngine, backend_name);

TEST_P(Survey, TheFormsAndTheRoundsIndicators) {
    EXPECT_TRUE(forms.has_sign("car"));
    EXPECT_FALSE(forms.verified);
    const auto indicators = app::survey_indicators(deps, 2);
    ASSERT_EQ(indicators.size(), 12u);
    EXPECT_EQ(indicators.front().key, "employment");
    EXPECT_EQ(indicators.back().key, "info_access");
    EXPECT_THROW((void)procedure::survey_forms_from_json(R"({"id":"x"})", "phieu.json"), Error);
}

TEST_P(Survey, ASignOfPhieuAGivesNotPoorAndLeavesTheRegistryAlone) {
    const std::string id = household(0);
    list(id);
    const std::int64_t before = version(id);
    app::SurveyInput in;
    in.round_id = 2;
    in.household_id = id;
    in.date = {2026, 9, 10};
    in.role = "commune_officer";
    in.phieu_a = {"car"};
    in.note = "nhà có ô tô";
    in.version = before;
    const auto out = survey(in);
    EXPECT_TRUE(out.by_phieu_a);
    EXPECT_EQ(out.household_class, "not_poor");
    EXPECT_FALSE(out.classification);
    EXPECT_NE(out.reason.find("Có ô tô"), std::string::npos) << out.reason;
    EXPECT_EQ(version(id), before);
    // As stored: the two steps, the signs and the note read back.
    const auto c = app::household_case(deps, 2, id, kHoaQuy);
    EXPECT_EQ(c.now.state, "classified");
    EXPECT_EQ(c.now.household_class, "not_poor");
    ASSERT_EQ(c.now.history.size(), 3u);
    EXPECT_EQ(c.now.history[1].signs, std::vector<std::string>{"car"});
    EXPECT_EQ(c.now.history[1].note, "nhà có ô tô");
    EXPECT_EQ(c.now.history[2].household_class, "not_poor");
}

TEST_P(Survey, PhieuBBelowTheLineWithThreeDeprivationsIsPoorOnANewVersion) {
    const std::string id = household(1);
    list(id);
    const std::int64_t before = version(id);
    const auto out = survey(phieu_b(id));
    EXPECT_FALSE(out.by_phieu_a);
    EXPECT_EQ(out.household_class, "poor") << out.reason;
    ASSERT_TRUE(out.classification);
    EXPECT_EQ(out.classification->deprivation_count, 3);
    EXPECT_EQ(out.classification->score_b, 30);
    EXPECT_EQ(out.household_version, before + 1);
    EXPECT_EQ(out.after.now.state, "classified");

    const auto stored = registry->load_household(id, std::nullopt);
    EXPECT_EQ(stored->version, before + 1);
    EXPECT_EQ(stored->household.income_per_capita, 1'200'000);
    EXPECT_FALSE(stored->household.score_a);
    EXPECT_EQ(stored->household.deprived_override.at("water"), true);
    EXPECT_EQ(stored->household.deprived_override.at("housing_area"), false);
    const auto history = registry->household_history(id);
    ASSERT_FALSE(history.empty());
    EXPECT_EQ(history.back().version, before + 1);
    EXPECT_EQ(history.back().source, "survey");
    EXPECT_EQ(history.back().user, "rasoat");
    accounts::AuditQuery query;
    query.household = id;
    const auto audit = store::open_account_store(fresh.location())->audit(query);
    const auto entry = std::find_if(audit.items.begin(), audit.items.end(), [](const auto& e) { return e.action == "household.survey"; });
    ASSERT_NE(entry, audit.items.end());
    EXPECT_EQ(entry->user, "rasoat");
    EXPECT_EQ(entry->details["new_version"], before + 1);
    EXPECT_EQ(entry->details["by"], "test survey");
    EXPECT_EQ(app::household_case(deps, 2, id, kHoaQuy).now.household_class, "poor");
}

TEST_P(Survey, RefusalsWriteNothing) {
    const std::string listed = household(2), unlisted = household(3);
    list(listed);
    // Not on the list yet: the survey is out of order.
    refused([&] { (void)survey(phieu_b(unlisted)); }, ErrorKind::conflict, "out_of_order", unlisted);
    // Saved by someone else since the surveyor opened it.
    auto stale = phieu_b(listed);
    --stale.version;
    refused([&] { (void)survey(stale); }, ErrorKind::stale_version, "", listed);
    // A reviewer of another commune, a viewer.
    refused([&] { (void)survey(phieu_b(listed), kVanDon); }, ErrorKind::forbidden, "outside_scope", listed);
    auto viewer = phieu_b(listed);
    viewer.role = "viewer";
    refused([&] { (void)survey(viewer); }, ErrorKind::forbidden, "", listed);
    // A sign the forms do not have, an indicator the standard does not have, no B1, a day to come.
    auto sign = phieu_b(listed);
    sign.phieu_a = {"boat"};
    refused([&] { (void)survey(sign); }, ErrorKind::invalid_input, "", listed);
    auto indicator = phieu_b(listed);
    indicator.deprived["electricity"] = true;
    refused([&] { (void)survey(indicator); }, ErrorKind::invalid_input, "", listed);
    auto no_income = phieu_b(listed);
    no_income.income_per_capita.reset();
    refused([&] { (void)survey(no_income); }, ErrorKind::invalid_input, "", listed);
    auto later = phieu_b(listed);
    later.date = {2026, 12, 1};
    refused([&] { (void)survey(later); }, ErrorKind::invalid_input, "", listed);
    // Once surveyed, again is out of order.
    (void)survey(phieu_b(listed));
    refused([&] { (void)survey(phieu_b(listed)); }, ErrorKind::conflict, "out_of_order", listed);
}

}  // namespace
}  // namespace giamngheo::test
