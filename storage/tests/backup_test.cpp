// The store as a whole through the command line, on both engines: a backup restored into an empty
// store gives the same digest, a restore never lands on a store with data, a commune's store
// copied into the other engine and back gives the same digest, review procedure, requests, plans,
// follow-up visits, reports and the commune's users (a copy run again changes nothing, one after
// more work adds it, one over a case gone another way or a user of the same name is refused), a
// commune's extract holds that commune alone and goes back without duplicates, and a store written
// by a newer program is refused with a clear error.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <set>

#include "modules/accounts/app/accounts.hpp"
#include "storage/open_store.hpp"
#include "storage/postgres/connection.hpp"
#include "testing/postgres_support.hpp"
#include "testing/store_backends.hpp"
#include "testing/support.hpp"

namespace giamngheo::test {
namespace {

std::string at(const std::string& location) { return "--db '" + location + "' "; }

std::string cli_ok(const std::string& arguments) {
    const auto r = run_cli(arguments);
    EXPECT_EQ(r.status, 0) << arguments << "\n" << r.err;
    return r.out;
}

// Units, 400 households and an approved round, with one household edited after it.
void fill(const std::string& location, const TempDir& dir) {
    cli_ok("generate --units '" + kUnitsFixture + "' --households 400 --seed 3 --out-dir '" + dir.path("gen") + "'");
    cli_ok(at(location) + "units import '" + kUnitsFixture + "'");
    cli_ok(at(location) + "import --households '" + dir.path("gen/households.csv") + "' --members '" +
           dir.path("gen/members.csv") + "'");
    std::string round = cli_ok(at(location) + "review run --year 2025 --standard vn-2022 --reference-date 2025-11-01");
    round.erase(round.find_last_not_of('\n') + 1);
    cli_ok(at(location) + "review approve --round " + round + " --decision-date 2025-12-20");
    cli_ok(at(location) + "review run --year 2026 --standard vn-2022 --reference-date 2026-11-01");
}

std::string digest(const std::string& location) { return cli_ok(at(location) + "store digest"); }

class StoreBackup : public ::testing::TestWithParam<Backend> {};
INSTANTIATE_TEST_SUITE_P(EveryEngine, StoreBackup, kEveryEngine, backend_name);

TEST_P(StoreBackup, ARestoredBackupHasTheSameDigest) {
    TempDir dir;
    const FreshStore source(GetParam()), restored(GetParam());
    fill(source.location(), dir);
    const std::string before = digest(source.location());
    EXPECT_NE(before.find("households 400\n"), std::string::npos) << before;
    EXPECT_NE(before.find("rounds 2\n"), std::string::npos) << before;

    const std::string file = dir.path("backup");
    cli_ok(at(source.location()) + "backup --out '" + file + "'");
    EXPECT_EQ(cli_ok(at(restored.location()) + "restore --from '" + file + "'"), before);
    EXPECT_EQ(digest(restored.location()), before);

    // Never over a store with data: nothing changes there.
    const auto again = run_cli(at(source.location()) + "restore --from '" + file + "'");
    EXPECT_EQ(again.status, 5) << again.err;
    EXPECT_EQ(digest(source.location()), before);
    // Not a backup of this engine: the other engine's store copy is the way between them.
    write_text(dir.path("not-a-backup"), "households\n");
    EXPECT_EQ(run_cli(at(dir.path("empty.db")) + "restore --from '" + dir.path("not-a-backup") + "'").status, 2);
}

// What a commune's store holds besides the registry that a copy carries: its plans (as listed,
// with their budget totals) and the follow-up visits of its households.
std::string plans_and_visits(const std::string& location, const std::string& household_id) {
    const std::string env = "GIAMNGHEO_DATA='" + kSourceDir + "/data' ";
    std::string out = run_cli(at(location) + "plan list", env).out;
    out += run_cli(at(location) + "followup visits --household " + household_id, env).out;
    return out;
}

// The audit log's events about a household by some people, oldest first, as one line each.
std::string log_of(const std::string& location, const std::string& household_id, const std::vector<std::string>& users) {
    accounts::AuditQuery query;
    query.household = household_id;
    query.only_users = users;
    query.page_size = 1000;
    std::string out;
    const auto page = store::open_account_store(location)->audit(query);
    for (auto it = page.items.rbegin(); it != page.items.rend(); ++it)
        out += it->at + ' ' + it->user + ' ' + it->action + ' ' + it->source + ' ' + it->target + ' ' + it->details.dump() + '\n';
    return out;
}

long log_size(const std::string& location) { return store::open_account_store(location)->audit({}).total; }

TEST(StoreCopy, ACommuneStoreToPostgreSqlAndBackIsTheSame) {
    TempDir dir;
    const FreshStore sqlite(Backend::sqlite_rows), back(Backend::sqlite_rows);
    const PostgresDatabase postgresql;
    fill(sqlite.location(), dir);
    ASSERT_EQ(run_cli(at(sqlite.location()) + "plan import '" + kSourceDir +
                          "/modules/plans/tests/fixtures/binh-luong-2024.json'",
                      "GIAMNGHEO_DATA='" + kSourceDir + "/data'")
                  .status,
              0);
    const std::string visited = store::open_store(sqlite.location())->load_households().front().household.household_id;
    {
        auto visits = store::open_follow_up_store(sqlite.location());
        for (const auto& [day, situation] : {std::pair{12, "at_risk"}, std::pair{20, "stable"}, std::pair{20, "stable"}})
            (void)visits->add_visit({0, visited, {2026, 11, day}, "xa.hoaquy", situation, "Hỗ trợ giống", "Lần thăm", ""},
                                    {"xa.hoaquy", "web"});
    }
    const store::ReportKey report{"bc-giam-ngheo", "2026-H1", "16204"};
    {
        auto reports = store::open_report_store(sqlite.location());
        const reports::CellValues values{{"poor.plan", {40.0, ""}}, {"poor.note", {0.0, "đạt"}}};
        using reports::ReportAction, reports::ReportState;
        (void)reports->write_report({report, 0, ReportAction::submit, ReportState::submitted, values, values, "", std::nullopt},
                                    {"xa.hoaquy", "web"});
        (void)reports->write_report({report, 1, ReportAction::approve, ReportState::approved, values, std::nullopt, "", std::nullopt},
                                    {"huyen", "web"});
    }
    const auto report_in = [&](const std::string& location) { return *store::open_report_store(location)->load_report(report); };
    const store::StoredReport submitted = report_in(sqlite.location());
    ASSERT_FALSE(submitted.status.submitted_at.empty());
    const auto same_report = [&](const std::string& location) {
        const store::StoredReport copied = report_in(location);
        EXPECT_EQ(copied.status.state, reports::ReportState::approved) << location;
        EXPECT_EQ(copied.status.submitted_at, submitted.status.submitted_at) << "on time or late as in the source";
        EXPECT_EQ(copied.entered, submitted.entered);
        EXPECT_EQ(copied.snapshot, submitted.snapshot);
        EXPECT_EQ(copied.status.last.action, "copy");
    };
    // The last round's case of the visited household, opened by a request, up to its certificate;
    // another request of it refused.
    const store::Actor officer{"xa.hoaquy", "web"};
    const auto last_round = [](const std::string& location) { return store::open_store(location)->rounds().back().id; };
    const auto commune_step = [](const std::string& step, Date date) {
        procedure::Event event;
        event.step = step;
        event.date = date;
        event.role = "commune_officer";
        if (step == "list") event.reason = "request";
        return event;
    };
    const auto take_step = [&](const std::string& location, const std::string& step, Date date, const store::Actor& by) {
        auto steps = store::open_procedure_store(location);
        const std::int64_t round = last_round(location);
        steps->append_steps(round, {{visited, steps->household_steps(round, visited).size(), commune_step(step, date)}}, by);
    };
    {
        auto steps = store::open_procedure_store(sqlite.location());
        const procedure::Event listed = commune_step("list", {2026, 11, 5});
        const auto opened = steps->add_request(
            {0, visited, "16204", "mau-01", {2026, 11, 2}, {2026, 11, 16}, "Lý Thị Thủy", "Mất việc", std::nullopt, "", "", 0}, officer);
        steps->open_request_case(opened, last_round(sqlite.location()), {visited, 0, listed}, officer);
        const auto refused = steps->add_request(
            {0, visited, "16204", "mau-04", {2026, 11, 3}, {2026, 11, 17}, "Lý Thị Thủy", "", std::nullopt, "", "", 0}, officer);
        steps->decide_request(refused, {2026, 11, 10}, "refused", "Không đủ điều kiện", officer);
    }
    take_step(sqlite.location(), "certificate", {2026, 12, 1}, {"ct.hoaquy", "web"});
    const auto case_in = [&](const std::string& location) {
        const std::int64_t round = last_round(location);
        auto steps = store::open_procedure_store(location);
        std::string out;
        for (const auto& step : steps->household_steps(round, visited))
            out += step.event.step + ' ' + step.event.date.iso() + ' ' + step.by + ' ' + step.at + '\n';
        for (const auto& r : steps->requests())
            out += r.form + ' ' + r.received.iso() + ' ' + r.decision + ' ' + (r.round_id == round ? "this round" : "none") + '\n';
        return out;
    };
    // The commune's officer goes with its households, signing in with the same password; the
    // administrator and another commune's officer stay behind.
    const std::string commune = store::open_store(sqlite.location())->load_household(visited, std::nullopt)->household.unit_code;
    accounts::initialise_crypto();
    const std::string password_hash = accounts::hash_password("Mật-khẩu-xã-2026");
    {
        auto people = store::open_account_store(sqlite.location());
        (void)people->put_user({"can.bo.xa", "Lò Thị Xã", accounts::Role::commune_officer, commune, false}, password_hash, officer);
        (void)people->put_user({"quan.tri", "Quản trị", accounts::Role::admin, "", false}, password_hash, officer);
        (void)people->put_user({"xa.khac", "Xã khác", accounts::Role::commune_officer, "99999", false}, password_hash, officer);
    }
    const auto signs_in = [](const std::string& location, const std::string& username) {
        const auto found = store::open_account_store(location)->find_user(username);
        return found && accounts::verify_password(found->password_hash, "Mật-khẩu-xã-2026");
    };
    const auto has_user = [](const std::string& location, const std::string& username) {
        return store::open_account_store(location)->find_user(username).has_value();
    };
    const std::string recorded = case_in(sqlite.location());
    ASSERT_NE(recorded.find("certificate 2026-12-01 ct.hoaquy"), std::string::npos) << recorded;
    ASSERT_NE(recorded.find("mau-01 2026-11-02  this round"), std::string::npos) << recorded;

    // The commune's history of the household: who recorded the visits, the requests and the steps.
    const std::vector<std::string> officers{"xa.hoaquy", "ct.hoaquy"};
    const std::string history = log_of(sqlite.location(), visited, officers);
    ASSERT_NE(history.find("ct.hoaquy"), std::string::npos) << history;
    const long logged = log_size(sqlite.location());
    const std::string original = digest(sqlite.location());
    const std::string kept = plans_and_visits(sqlite.location(), visited);
    ASSERT_NE(kept.find("16204"), std::string::npos) << kept;
    ASSERT_NE(kept.find("xa.hoaquy"), std::string::npos) << kept;

    const auto copy = [&](const std::string& from, const std::string& to) {
        return cli_ok("store copy --from '" + from + "' --to '" + to + "'");
    };
    const auto copy_run = [&](const std::string& from, const std::string& to) {
        const auto run = run_cli("store copy --from '" + from + "' --to '" + to + "'");
        EXPECT_EQ(run.status, 0) << run.err;
        return run;
    };
    // A dry run says what the copy will write, and writes nothing.
    const auto trial = run_cli("store copy --dry-run --from '" + sqlite.location() + "' --to '" + postgresql.uri() + "'");
    EXPECT_EQ(trial.status, 0) << trial.err;
    EXPECT_TRUE(trial.out.empty()) << trial.out;
    const std::string trial_prefix = "Chạy thử, chưa ghi gì; sẽ chép: ";
    ASSERT_EQ(trial.err.rfind(trial_prefix, 0), 0u) << trial.err;
    EXPECT_EQ(store::open_store(postgresql.uri())->household_count(), 0);
    EXPECT_FALSE(has_user(postgresql.uri(), "can.bo.xa"));
    const auto first = run_cli("store copy --from '" + sqlite.location() + "' --to '" + postgresql.uri() + "'");
    EXPECT_EQ(first.status, 0) << first.err;
    EXPECT_EQ(first.out, original);
    EXPECT_EQ(first.err.substr(0, first.err.find('\n')), "Đã chép: " + trial.err.substr(trial_prefix.size(), trial.err.find('\n') - trial_prefix.size()));
    EXPECT_NE(first.err.find("danh mục đơn vị, 400 hộ mới, 0 hộ cập nhật, 0 hộ không đổi; 2 kỳ rà soát (0 kỳ đã có); "
                             "quy trình rà soát của 1 hộ (0 đã có); 2 đơn đề nghị (0 đã có); 1 kế hoạch (0 đã có); "
                             "3 lần theo dõi hộ thoát nghèo (0 đã có); 1 báo cáo (0 đã có); "
                             "1 người dùng của các xã (0 đã có, 2 không thuộc các xã được chép); " +
                             std::to_string(logged) + " sự kiện nhật ký thao tác (0 đã có)"),
              std::string::npos)
        << first.err;
    EXPECT_EQ(log_of(postgresql.uri(), visited, officers), history);
    EXPECT_EQ(plans_and_visits(postgresql.uri(), visited), kept);
    same_report(postgresql.uri());
    EXPECT_EQ(case_in(postgresql.uri()), recorded);
    EXPECT_TRUE(signs_in(postgresql.uri(), "can.bo.xa"));
    EXPECT_FALSE(has_user(postgresql.uri(), "quan.tri"));
    EXPECT_FALSE(has_user(postgresql.uri(), "xa.khac"));
    EXPECT_EQ(copy(postgresql.uri(), back.location()), original);
    EXPECT_EQ(plans_and_visits(back.location(), visited), kept);
    same_report(back.location());
    EXPECT_EQ(case_in(back.location()), recorded);
    EXPECT_TRUE(signs_in(back.location(), "can.bo.xa"));
    EXPECT_EQ(log_of(back.location(), visited, officers), history);
    // Run again (after a failure, say): nothing new is written.
    const auto rerun = run_cli("store copy --from '" + sqlite.location() + "' --to '" + postgresql.uri() + "'");
    EXPECT_EQ(rerun.status, 0) << rerun.err;
    EXPECT_EQ(rerun.out, original);
    EXPECT_NE(rerun.err.find("0 kỳ rà soát (2 kỳ đã có); quy trình rà soát của 0 hộ (1 đã có); 0 đơn đề nghị (2 đã có); "
                             "0 kế hoạch (1 đã có); 0 lần theo dõi hộ thoát nghèo (3 đã có); 0 báo cáo (1 đã có); "
                             "0 người dùng của các xã (1 đã có, 2 không thuộc các xã được chép); "
                             "0 sự kiện nhật ký thao tác (" + std::to_string(logged) + " đã có)"),
              std::string::npos)
        << rerun.err;
    EXPECT_NE(rerun.err.find("400 hộ không đổi"), std::string::npos) << rerun.err;
    EXPECT_EQ(plans_and_visits(postgresql.uri(), visited), kept);

    // The commune chairman approved the round on the laptop since: the server's draft is approved
    // alike, not added again beside it.
    cli_ok(at(sqlite.location()) + "review approve --round " + std::to_string(last_round(sqlite.location())) +
           " --decision-date 2026-12-05");
    const auto approved = copy_run(sqlite.location(), postgresql.uri());
    EXPECT_NE(approved.err.find("0 kỳ rà soát (2 kỳ đã có, 1 kỳ được phê duyệt theo kho nguồn); "), std::string::npos)
        << approved.err;
    const auto server_rounds = store::open_store(postgresql.uri())->rounds();
    ASSERT_EQ(server_rounds.size(), 2u);
    EXPECT_EQ(server_rounds.back().status, store::RoundStatus::approved);
    EXPECT_EQ(server_rounds.back().decision_date, (Date{2026, 12, 5}));
    EXPECT_NE(copy_run(sqlite.location(), postgresql.uri()).err.find("0 kỳ rà soát (2 kỳ đã có); "), std::string::npos);

    // The commune went on with the case on its laptop: copied again, the new step follows.
    take_step(sqlite.location(), "complaint", {2026, 12, 3}, officer);
    const auto more = run_cli("store copy --from '" + sqlite.location() + "' --to '" + postgresql.uri() + "'");
    EXPECT_NE(more.err.find("quy trình rà soát của 1 hộ (0 đã có)"), std::string::npos) << more.err;
    EXPECT_EQ(case_in(postgresql.uri()), case_in(sqlite.location()));
    // A request copied while pending, whose case the commune then opened on its laptop: copied
    // again, the server's request runs in that round too, its steps with it.
    const std::string neighbour = store::open_store(sqlite.location())->load_households().at(1).household.household_id;
    std::int64_t pending = 0;
    {
        auto steps = store::open_procedure_store(sqlite.location());
        pending = steps->add_request(
            {0, neighbour, "16204", "mau-01", {2026, 12, 2}, {2026, 12, 16}, "Hà Văn Sáu", "", std::nullopt, "", "", 0}, officer);
    }
    EXPECT_NE(copy_run(sqlite.location(), postgresql.uri()).err.find("1 đơn đề nghị (2 đã có)"), std::string::npos);
    {
        auto steps = store::open_procedure_store(sqlite.location());
        steps->open_request_case(pending, last_round(sqlite.location()), {neighbour, 0, commune_step("list", {2026, 12, 3})},
                                 officer);
    }
    const auto opened_trial = run_cli("store copy --dry-run --from '" + sqlite.location() + "' --to '" + postgresql.uri() + "'");
    const auto opened = copy_run(sqlite.location(), postgresql.uri());
    EXPECT_NE(opened.err.find("quy trình rà soát của 1 hộ (1 đã có); 1 đơn đề nghị (2 đã có)"), std::string::npos) << opened.err;
    EXPECT_EQ(opened.err.substr(0, opened.err.find('\n')),
              "Đã chép: " + opened_trial.err.substr(trial_prefix.size(), opened_trial.err.find('\n') - trial_prefix.size()))
        << "the dry run counts the link as the copy makes it";
    EXPECT_EQ(case_in(postgresql.uri()), case_in(sqlite.location()));
    // The same login on the server with another password: refused, nothing written.
    (void)store::open_account_store(postgresql.uri())
        ->put_user({"can.bo.xa", "Lò Thị Xã", accounts::Role::commune_officer, commune, false},
                   accounts::hash_password("mật khẩu khác"), {"tinh", "web"});
    take_step(sqlite.location(), "post", {2026, 12, 4}, officer);
    const auto other_user = run_cli("store copy --from '" + sqlite.location() + "' --to '" + postgresql.uri() + "'");
    EXPECT_EQ(other_user.status, 5);
    EXPECT_NE(other_user.err.find("người dùng can.bo.xa ở kho đích khác kho nguồn"), std::string::npos) << other_user.err;
    EXPECT_NE(case_in(postgresql.uri()), case_in(sqlite.location()));
    // Both went on, differently: refused before anything is written.
    take_step(postgresql.uri(), "meeting", {2026, 12, 4}, {"tinh", "web"});
    take_step(sqlite.location(), "recheck", {2026, 12, 4}, officer);
    const std::string province_case = case_in(postgresql.uri());
    const auto diverged = run_cli("store copy --from '" + sqlite.location() + "' --to '" + postgresql.uri() + "'");
    EXPECT_NE(diverged.status, 0);
    EXPECT_NE(diverged.err.find("khác kho nguồn; không chép đè"), std::string::npos) << diverged.err;
    EXPECT_EQ(case_in(postgresql.uri()), province_case);
}

// A commune's extract out of the province server to work offline: its households, their results,
// its officer; nobody else's; copied again or back with the same unit, nothing new.
TEST(StoreCopy, ACommunesExtractHoldsThatCommuneAloneAndGoesBackWithoutDuplicates) {
    TempDir dir;
    const PostgresDatabase province;
    const FreshStore laptop(Backend::sqlite_rows);
    fill(province.uri(), dir);
    const auto all = store::open_store(province.uri())->load_households();
    const std::string commune = all.front().household.unit_code;
    std::set<std::string> communes;
    long in_commune = 0;
    for (const auto& h : all) {
        communes.insert(h.household.unit_code);
        in_commune += h.household.unit_code == commune;
    }
    ASSERT_GE(communes.size(), 2u) << "the fixture spans several communes";
    const std::string other = *std::find_if(communes.begin(), communes.end(), [&](const auto& c) { return c != commune; });
    {
        auto people = store::open_account_store(province.uri());
        const store::Actor admin{"quan.tri", "web"};
        (void)people->put_user({"can.bo.xa", "Lò Thị Xã", accounts::Role::commune_officer, commune, false}, "h1", admin);
        (void)people->put_user({"xa.khac", "Xã khác", accounts::Role::commune_officer, other, false}, "h2", admin);
        (void)people->put_user({"tinh", "Tỉnh", accounts::Role::province_officer, "38", false}, "h3", admin);
    }
    // Each officer visits a household of their own commune: the extract's log has its own officer's.
    const std::string ours = all.front().household.household_id;
    const std::string theirs =
        std::find_if(all.begin(), all.end(), [&](const auto& h) { return h.household.unit_code == other; })->household.household_id;
    {
        auto visits = store::open_follow_up_store(province.uri());
        (void)visits->add_visit({0, ours, {2026, 11, 12}, "can.bo.xa", "stable", "", "Thăm hộ", ""}, {"can.bo.xa", "web"});
        (void)visits->add_visit({0, theirs, {2026, 11, 12}, "xa.khac", "stable", "", "Thăm hộ", ""}, {"xa.khac", "web"});
    }
    const auto extract = [&](const std::string& from, const std::string& to) {
        const auto r = run_cli("store copy --unit " + commune + " --from '" + from + "' --to '" + to + "'");
        EXPECT_EQ(r.status, 0) << r.err;
        return r.err.substr(0, r.err.find('\n'));
    };
    const auto trial = run_cli("store copy --dry-run --unit " + commune + " --from '" + province.uri() + "' --to '" +
                               laptop.location() + "'");
    EXPECT_NE(trial.err.find("Kho đích sẽ là bản trích xuất của đơn vị " + commune), std::string::npos) << trial.err;
    EXPECT_FALSE(store::open_store(laptop.location())->extract_mark()) << "a dry run marks nothing";
    const std::string first = extract(province.uri(), laptop.location());
    EXPECT_NE(first.find(std::to_string(in_commune) + " hộ mới, 0 hộ cập nhật, 0 hộ không đổi; 2 kỳ rà soát (0 kỳ đã có)"),
              std::string::npos)
        << first;
    EXPECT_NE(first.find("1 người dùng của các xã (0 đã có, 2 không thuộc các xã được chép)"), std::string::npos) << first;
    const auto said = run_cli("store copy --unit " + commune + " --from '" + province.uri() + "' --to '" + laptop.location() + "'");
    EXPECT_NE(said.err.find("Chỉ những gì thuộc đơn vị " + commune + ";"), std::string::npos) << said.err;
    auto copied = store::open_store(laptop.location());
    EXPECT_EQ(copied->household_count(), in_commune);
    for (const auto& h : copied->load_households()) EXPECT_EQ(h.household.unit_code, commune) << h.household.household_id;
    for (const auto& round : copied->rounds()) {
        long results = 0;
        copied->for_each_round_result(round.id, [&](const store::ResultRow& row) {
            ++results;
            EXPECT_EQ(row.unit_code, commune);
        });
        EXPECT_EQ(results, in_commune) << "round " << round.id;
    }
    auto laptop_people = store::open_account_store(laptop.location());
    EXPECT_TRUE(laptop_people->find_user("can.bo.xa"));
    EXPECT_FALSE(laptop_people->find_user("xa.khac"));
    EXPECT_FALSE(laptop_people->find_user("tinh"));
    EXPECT_EQ(log_of(laptop.location(), ours, {"can.bo.xa"}), log_of(province.uri(), ours, {"can.bo.xa"}));
    EXPECT_NE(log_of(laptop.location(), ours, {"can.bo.xa"}).find("can.bo.xa"), std::string::npos);
    EXPECT_EQ(log_of(laptop.location(), theirs, {"xa.khac"}), "");
    accounts::AuditQuery everything;
    everything.page_size = 100000;
    for (const auto& event : store::open_account_store(laptop.location())->audit(everything).items) {
        EXPECT_NE(event.user, "xa.khac") << "another commune's officer's work stays on the server";
        EXPECT_NE(event.household_id, theirs);
    }

    const std::string again = said.err.substr(0, said.err.find('\n'));
    EXPECT_NE(again.find("0 hộ mới, 0 hộ cập nhật, " + std::to_string(in_commune) + " hộ không đổi; 0 kỳ rà soát (2 kỳ đã có)"),
              std::string::npos)
        << again;
    const std::string back = extract(laptop.location(), province.uri());
    EXPECT_NE(back.find("0 hộ mới, 0 hộ cập nhật, " + std::to_string(in_commune) + " hộ không đổi; 0 kỳ rà soát (2 kỳ đã có)"),
              std::string::npos)
        << back;
    EXPECT_NE(back.find("; 0 sự kiện nhật ký thao tác ("), std::string::npos) << back;
    EXPECT_EQ(store::open_store(province.uri())->rounds().size(), 2u) << "no round twice on the server";
    EXPECT_EQ(store::open_store(province.uri())->household_count(), static_cast<long>(all.size()));

    // The laptop remembers it is the commune's extract: copied back without --unit, what goes is
    // still the commune's alone, and no round is added again; with another unit, refused.
    const auto mark = store::open_store(laptop.location())->extract_mark();
    ASSERT_TRUE(mark);
    EXPECT_EQ(mark->unit_code, commune);
    EXPECT_EQ(mark->made_from, province.uri());
    EXPECT_FALSE(store::open_store(province.uri())->extract_mark()) << "the server is nobody's extract";
    const auto whole = run_cli("store copy --from '" + laptop.location() + "' --to '" + province.uri() + "'");
    EXPECT_EQ(whole.status, 0) << whole.err;
    EXPECT_NE(whole.err.find("Kho nguồn là bản trích xuất của đơn vị " + commune + ": chỉ chép những gì thuộc đơn vị đó"),
              std::string::npos)
        << whole.err;
    EXPECT_NE(whole.err.find("0 kỳ rà soát (2 kỳ đã có)"), std::string::npos) << whole.err;
    EXPECT_EQ(store::open_store(province.uri())->rounds().size(), 2u);
    EXPECT_FALSE(store::open_store(province.uri())->extract_mark());
    const auto elsewhere = run_cli("store copy --unit " + other + " --from '" + laptop.location() + "' --to '" + province.uri() + "'");
    EXPECT_EQ(elsewhere.status, 5);
    EXPECT_NE(elsewhere.err.find("kho nguồn là bản trích xuất của đơn vị " + commune), std::string::npos) << elsewhere.err;
    // The commune approves on its laptop the round that covers the whole registry: its approval
    // cannot stand for the other communes' results on the server. Refused, nothing written.
    cli_ok(at(laptop.location()) + "review approve --round " + std::to_string(copied->rounds().back().id) +
           " --decision-date 2026-12-05");
    const auto wide = run_cli("store copy --from '" + laptop.location() + "' --to '" + province.uri() + "'");
    EXPECT_EQ(wide.status, 5);
    EXPECT_NE(wide.err.find("đã được phê duyệt ở bản trích xuất của đơn vị " + commune), std::string::npos) << wide.err;
    EXPECT_EQ(store::open_store(province.uri())->rounds().back().status, store::RoundStatus::draft);

    const auto unknown = run_cli("store copy --unit 99999 --from '" + province.uri() + "' --to '" + laptop.location() + "'");
    EXPECT_EQ(unknown.status, 2);
    EXPECT_NE(unknown.err.find("không có đơn vị 99999"), std::string::npos) << unknown.err;
}

TEST(StoreSchema, AStoreOfANewerProgramIsRefused) {
    TempDir dir;
    const std::string file = dir.path("newer.db");
    cli_ok(at(file) + "init");
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
    sqlite3_exec(db, "INSERT INTO schema_migrations VALUES (9999, 'from the future', '2030-01-01')", nullptr, nullptr,
                 nullptr);
    sqlite3_close(db);
    auto r = run_cli(at(file) + "store digest");
    EXPECT_EQ(r.status, 5);
    EXPECT_NE(r.err.find("mới hơn phiên bản"), std::string::npos) << r.err;

    const PostgresDatabase database;
    cli_ok(at(database.uri()) + "init");
    {
        store::postgres::Connection connection(database.uri(), 1000);
        connection.exec("INSERT INTO schema_migrations VALUES (9999, 'from the future', '2030-01-01')");
    }
    r = run_cli(at(database.uri()) + "store digest");
    EXPECT_EQ(r.status, 5);
    EXPECT_NE(r.err.find("mới hơn phiên bản"), std::string::npos) << r.err;
}

TEST(StoreLocation, APasswordIsNeverShown) {
    EXPECT_EQ(store::shown_location("postgresql://giamngheo:b1m%40t@db.tinh:5432/giamngheo"),
              "postgresql://giamngheo:***@db.tinh:5432/giamngheo");
    EXPECT_EQ(store::shown_location("postgres://u@h/db?sslmode=require&password=x&port=5"),
              "postgres://u@h/db?sslmode=require&password=***&port=5");
    EXPECT_EQ(store::shown_location("postgresql://u@h/db"), "postgresql://u@h/db");
    EXPECT_EQ(store::shown_location("/var/lib/giamngheo/xa.db"), "/var/lib/giamngheo/xa.db");
}

}  // namespace
}  // namespace giamngheo::test
