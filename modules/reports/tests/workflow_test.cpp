// The workflow of one report as a table: who may take which step from which state, and the errors
// of a step out of turn, on a locked report or without a reason.
#include <gtest/gtest.h>

#include "kernel/errors.hpp"
#include "kernel/labels_vi.hpp"
#include "modules/reports/domain/workflow.hpp"

namespace giamngheo::reports {
namespace {

using A = ReportAction;
using S = ReportState;
using W = Standing;

struct Step {
    A action;
    S from;
    W standing;
    S to;
};

TEST(Workflow, TheStepsUpTheHierarchy) {
    const Step steps[] = {
        {A::save, S::not_started, W::own, S::draft},        {A::save, S::complete, W::own, S::draft},
        {A::complete, S::draft, W::own, S::complete},       {A::submit, S::complete, W::own, S::submitted},
        {A::approve, S::submitted, W::parent, S::approved}, {A::accept, S::approved, W::grandparent, S::accepted},
        {A::send_back, S::submitted, W::parent, S::draft},  {A::send_back, S::accepted, W::grandparent, S::draft},
        {A::mark_not_reporting, S::not_started, W::parent, S::not_reporting},
        {A::send_back, S::not_reporting, W::parent, S::draft},
    };
    for (const auto& s : steps) {
        EXPECT_TRUE(may(s.action, s.from, s.standing)) << to_string(s.action) << " from " << to_string(s.from);
        EXPECT_EQ(next_state(s.action, s.from, s.standing, "lý do"), s.to) << to_string(s.action);
    }
}

ErrorKind kind_of(A action, S from, W standing, const std::string& reason, std::string* code = nullptr) {
    try {
        (void)next_state(action, from, standing, reason);
    } catch (const Error& e) {
        if (code) *code = e.code();
        return e.kind();
    }
    ADD_FAILURE() << "no error for " << to_string(action) << " from " << to_string(from);
    return ErrorKind::fault;
}

TEST(Workflow, RefusedSteps) {
    std::string code;
    EXPECT_EQ(kind_of(A::approve, S::submitted, W::own, ""), ErrorKind::forbidden);  // nobody approves their own report
    EXPECT_EQ(kind_of(A::submit, S::complete, W::parent, ""), ErrorKind::forbidden);
    EXPECT_EQ(kind_of(A::accept, S::approved, W::parent, ""), ErrorKind::forbidden);
    EXPECT_EQ(kind_of(A::approve, S::submitted, W::other, ""), ErrorKind::forbidden);
    EXPECT_EQ(kind_of(A::save, S::submitted, W::own, "", &code), ErrorKind::conflict);
    EXPECT_EQ(code, "locked");
    EXPECT_EQ(kind_of(A::submit, S::draft, W::own, "", &code), ErrorKind::conflict);  // not complete yet
    EXPECT_EQ(code, "invalid_transition");
    EXPECT_EQ(kind_of(A::approve, S::draft, W::parent, "", &code), ErrorKind::conflict);
    EXPECT_EQ(kind_of(A::send_back, S::submitted, W::parent, "  ", &code), ErrorKind::conflict);
    EXPECT_EQ(code, "reason_required");
    EXPECT_EQ(kind_of(A::mark_not_reporting, S::draft, W::parent, "", &code), ErrorKind::conflict);
    EXPECT_EQ(code, "reason_required");
}

TEST(Workflow, LockedAndSettledStates) {
    for (S s : {S::submitted, S::approved, S::accepted, S::not_reporting}) EXPECT_TRUE(is_locked(s));
    for (S s : {S::not_started, S::draft, S::complete}) EXPECT_FALSE(is_locked(s));
    EXPECT_TRUE(is_settled(S::not_reporting));
    EXPECT_FALSE(is_settled(S::submitted));
    S parsed = S::draft;
    EXPECT_TRUE(parse_report_state("not_reporting", parsed));
    EXPECT_EQ(parsed, S::not_reporting);
    A action = A::save;
    EXPECT_TRUE(parse_report_action("send-back", action));
    EXPECT_EQ(action, A::send_back);
}

// What `store copy` writes is no user's step: no unit may take it, from any state.
TEST(Workflow, ACopyIsNobodysStep) {
    for (S s : {S::not_started, S::draft, S::complete, S::submitted, S::approved, S::accepted, S::not_reporting})
        for (W w : {W::own, W::parent, W::grandparent, W::other}) EXPECT_FALSE(may(A::copy, s, w));
    EXPECT_EQ(kind_of(A::copy, S::draft, W::own, ""), ErrorKind::forbidden);
    A action = A::save;
    EXPECT_TRUE(parse_report_action("copy", action));
    EXPECT_EQ(action, A::copy);
    EXPECT_EQ(label_vi("report_action", to_string(A::copy)), "Chép từ kho dữ liệu khác");
}

}  // namespace
}  // namespace giamngheo::reports
