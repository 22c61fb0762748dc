// The part of ProcedureStore's contract (modules/procedure/ports/procedure_store.hpp) that
// `store copy` writes through, on every engine: a household's recorded steps written as another
// store holds them keep who recorded each and when, follow the steps held, and are refused after
// another number of steps; a
// request keeps its decision and round, or gets the round its case was opened in elsewhere; the
// copier is in the audit log.
#include <gtest/gtest.h>

#include <algorithm>

#include "kernel/errors.hpp"
#include "testing/store_backends.hpp"

namespace giamngheo::test {
namespace {

class ProcedureCopyContract : public ::testing::TestWithParam<Backend> {};
INSTANTIATE_TEST_SUITE_P(EveryEngine, ProcedureCopyContract, kEveryEngine, backend_name);

std::int64_t empty_round(store::Store& registry) {
    store::RoundRecord round;
    round.year = 2025;
    round.scope = "16204";
    round.reference_date = {2025, 11, 1};
    round.standard_id = "vn-2022";
    round.standard_document = R"({"id":"vn-2022"})";
    return registry.save_round(round, {}, {"alice", "review run"});
}

procedure::Event event(const std::string& step, Date date, const std::string& role) {
    procedure::Event e;
    e.step = step;
    e.date = date;
    e.role = role;
    return e;
}

std::vector<store::RecordedStep> recorded_case() {
    procedure::Event listed = event("list", {2025, 9, 7}, "commune_officer");
    listed.reason = "previous_list";
    procedure::Event certified = event("certificate", {2025, 12, 20}, "commune_chairman");
    certified.certificate_number = "12/GCN";
    certified.certificate_code = "GN-7Q2K-4M9D";
    return {{listed, "xa.hoaquy", "2025-09-07T02:15:00Z"}, {certified, "ct.hoaquy", "2025-12-20T08:00:00Z"}};
}

std::string key(const store::RecordedStep& s) {
    return s.event.step + '|' + s.event.date.iso() + '|' + s.event.role + '|' + s.event.reason + '|' +
           s.event.certificate_code + '|' + s.by + '|' + s.at;
}

TEST_P(ProcedureCopyContract, CopiedStepsKeepWhoRecordedThemAndWhen) {
    const FreshStore fresh(GetParam());
    auto registry = fresh.open();
    const std::int64_t round = empty_round(*registry);
    auto steps = store::open_procedure_store(fresh.location());
    const auto source = recorded_case();
    steps->copy_steps(round, "H1", 0, {source.front()}, {"tinh.admin", "store copy"});
    steps->copy_steps(round, "H1", 1, {source.back()}, {"tinh.admin", "store copy"});

    const auto copied = steps->household_steps(round, "H1");
    ASSERT_EQ(copied.size(), source.size());
    for (std::size_t i = 0; i < source.size(); ++i) EXPECT_EQ(key(copied[i]), key(source[i]));
    const auto found = steps->find_certificate("GN-7Q2K-4M9D");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->household_id, "H1");
    // A step taken after the copy follows the copied ones.
    store::StepAppend next{"H1", source.size(), event("complaint", {2026, 1, 5}, "commune_officer")};
    steps->append_steps(round, {next}, {"xa.hoaquy", "web"});
    EXPECT_EQ(steps->household_steps(round, "H1").size(), source.size() + 1);

    try {
        steps->copy_steps(round, "H1", source.size(), source, {"tinh.admin", "store copy"});
        ADD_FAILURE() << "a copy after another number of steps was accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::conflict) << e.what();
    }
    EXPECT_EQ(steps->household_steps(round, "H1").size(), source.size() + 1);

    accounts::AuditQuery query;
    query.household = "H1";
    const auto audit = store::open_account_store(fresh.location())->audit(query);
    ASSERT_EQ(audit.total, 3);
    const auto copy = std::find_if(audit.items.begin(), audit.items.end(),
                                   [](const auto& item) { return item.action == "procedure.copy"; });
    ASSERT_NE(copy, audit.items.end());
    EXPECT_EQ(copy->user, "tinh.admin");
    EXPECT_EQ(copy->details.value("steps", 0), 1);
}

TEST_P(ProcedureCopyContract, ACopiedRequestKeepsItsDecisionAndRound) {
    const FreshStore fresh(GetParam());
    auto registry = fresh.open();
    const std::int64_t round = empty_round(*registry);
    auto steps = store::open_procedure_store(fresh.location());
    store::HouseholdRequest decided{0, "H2", "16204", "mau-01", {2026, 3, 2}, {2026, 3, 16}, "Lý Thị Thủy", "Mất mùa",
                                    std::nullopt, "", "", 0};
    decided.applicant = "Lò Văn Páo";
    decided.decided_on = Date{2026, 3, 12};
    decided.decision = "accepted";
    decided.decision_reason = "Đủ điều kiện rà soát";
    decided.round_id = round;
    // Received here, a request is pending whatever the record passed says.
    const std::int64_t received = steps->add_request(decided, {"xa.hoaquy", "web"});
    const std::int64_t id = steps->copy_request(decided, {"tinh.admin", "store copy"});
    EXPECT_NE(id, received);
    auto copied = *steps->request(id);
    EXPECT_EQ(copied.id, id);
    copied.id = 0;
    EXPECT_EQ(copied.decided_on, decided.decided_on);
    EXPECT_EQ(copied.decision, "accepted");
    EXPECT_EQ(copied.decision_reason, decided.decision_reason);
    EXPECT_EQ(copied.round_id, round);
    EXPECT_EQ(copied.applicant, "Lò Văn Páo");
    EXPECT_EQ(copied.received, decided.received);
    EXPECT_EQ(copied.due, decided.due);
    const auto still_pending = *steps->request(received);
    EXPECT_TRUE(still_pending.decision.empty());
    EXPECT_FALSE(still_pending.decided_on);
    EXPECT_EQ(steps->requests().size(), 2u);
}

TEST_P(ProcedureCopyContract, ARequestWhoseCaseWasOpenedElsewhereIsLinkedOnceAndAudited) {
    const FreshStore fresh(GetParam());
    auto registry = fresh.open();
    const std::int64_t round = empty_round(*registry);
    auto steps = store::open_procedure_store(fresh.location());
    const store::HouseholdRequest filed{0, "H3", "16204", "mau-01", {2026, 3, 2}, {2026, 3, 16}, "Lò Văn Páo", "",
                                        std::nullopt, "", "", 0};
    const std::int64_t id = steps->add_request(filed, {"xa.hoaquy", "web"});
    steps->link_request(id, round, {"tinh.admin", "store copy"});
    const auto linked = *steps->request(id);
    EXPECT_EQ(linked.round_id, round);
    EXPECT_TRUE(linked.decision.empty()) << "linking decides nothing";

    const auto refused = [&](std::int64_t which, ErrorKind kind) {
        try {
            steps->link_request(which, round + 1, {"tinh.admin", "store copy"});
            ADD_FAILURE() << "request " << which << " linked";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), kind) << e.what();
        }
    };
    refused(id, ErrorKind::conflict);
    refused(id + 100, ErrorKind::not_found);
    EXPECT_EQ(steps->request(id)->round_id, round);

    accounts::AuditQuery query;
    query.household = "H3";
    const auto audit = store::open_account_store(fresh.location())->audit(query);
    const auto link = std::find_if(audit.items.begin(), audit.items.end(),
                                   [](const auto& item) { return item.action == "request.link"; });
    ASSERT_NE(link, audit.items.end());
    EXPECT_EQ(link->user, "tinh.admin");
    EXPECT_EQ(link->details.value("round", std::int64_t{0}), round);
}

}  // namespace
}  // namespace giamngheo::test
