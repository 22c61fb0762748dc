// Golden cases of the review procedure (tests/golden/*.json): a household's steps in order, each
// with the state it leads to or the error it is refused with — a refused step leaves the case as
// it was — and requests with the day they are due. Read against the shipped procedure and the
// shipped holidays, so that a change of either shows here.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "kernel/errors.hpp"
#include "modules/procedure/domain/household_case.hpp"
#include "platform/table.hpp"
#include "testing/support.hpp"

namespace giamngheo::procedure {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const std::string kGolden = test::kSourceDir + "/modules/procedure/tests/golden";

const Procedure& read_shipped(const std::string& file) {
    static std::map<std::string, Procedure> read;
    auto it = read.find(file);
    if (it == read.end())
        it = read.emplace(file, procedure_from_json(io::read_file(test::kSourceDir + "/data/procedures/" + file), file)).first;
    return it->second;
}
// The yearly review's procedure, or the regular review's (a golden case names it by round kind).
const Procedure& shipped(const std::string& kind = "periodic") {
    return read_shipped(kind == "regular" ? "review-regular-qd24-2021.json" : "review-qd24-2021.json");
}

const WorkCalendar& calendar() {
    static const WorkCalendar c = test::test_environment().work_calendar();
    return c;
}

Date date(const json& j, const char* key) { return parse_iso_date(j.at(key).get<std::string>()).value(); }

Event event_of(const json& e) {
    Event out;
    out.step = e.at("step").get<std::string>();
    out.date = date(e, "date");
    out.role = e.at("role").get<std::string>();
    out.reason = e.value("reason", "");
    if (e.contains("vote"))
        out.vote = Vote{e["vote"].at("attendees").get<int>(), e["vote"].at("agree").get<int>(), e["vote"].at("disagree").get<int>()};
    out.place = e.value("place", "");
    out.complainant = e.value("complainant", "");
    out.outcome_class = e.value("outcome_class", "");
    out.decision_number = e.value("decision_number", "");
    out.certificate_number = e.value("certificate_number", "");
    out.certificate_code = e.value("certificate_code", "");
    out.household_class = e.value("class", "");
    return out;
}

Event step(const std::string& key, const Date& date, const std::string& role, const std::string& reason = {}) {
    Event e;
    e.step = key;
    e.date = date;
    e.role = role;
    e.reason = reason;
    return e;
}

std::string iso(const std::optional<Date>& d) { return d ? d->iso() : ""; }

void expect_case(const HouseholdCase& c, const json& expected, const std::string& where) {
    for (const auto& [key, value] : expected.items()) {
        if (key == "state") EXPECT_EQ(c.state, value.get<std::string>()) << where;
        else if (key == "class") EXPECT_EQ(c.household_class, value.get<std::string>()) << where;
        else if (key == "sent_back") EXPECT_EQ(c.sent_back, value.get<int>()) << where;
        else if (key == "posted_until") EXPECT_EQ(iso(c.posted_until), value.get<std::string>()) << where;
        else if (key == "complaint_due") EXPECT_EQ(iso(c.complaint_due), value.get<std::string>()) << where;
        else if (key == "recognised_by_level") EXPECT_EQ(c.recognised_by_level, value.get<std::string>()) << where;
        else if (key == "decision_number") EXPECT_EQ(c.decision_number, value.get<std::string>()) << where;
        else if (key == "certificate_number") EXPECT_EQ(c.certificate_number, value.get<std::string>()) << where;
        else if (key == "certificate_code") EXPECT_EQ(c.certificate_code, value.get<std::string>()) << where;
        else ADD_FAILURE() << where << ": unknown expectation " << key;
    }
}

// Runs `attempt`; when `spec` names an error, checks that it was thrown with that code and text.
template <class Attempt>
void expect_outcome(const json& spec, const std::string& where, Attempt attempt) {
    if (!spec.contains("error")) {
        attempt();
        return;
    }
    const auto& error = spec.at("error");
    try {
        attempt();
        ADD_FAILURE() << where << ": accepted, expected " << error.dump();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), error.at("code").get<std::string>()) << where << ": " << e.what();
        if (error.contains("contains")) {
            EXPECT_NE(std::string(e.what()).find(error.at("contains").get<std::string>()), std::string::npos)
                << where << ": " << e.what();
        }
    }
}

void run_case(const fs::path& file) {
    const json spec = json::parse(io::read_file(file.string()));
    const Procedure& procedure = shipped(spec.value("round_kind", "periodic"));
    HouseholdCase now;
    int at = 0;
    for (const auto& e : spec.value("events", json::array())) {
        const std::string where = file.filename().string() + " event " + std::to_string(++at) + " (" +
                                  e.at("step").get<std::string>() + ")";
        const HouseholdCase before = now;
        expect_outcome(e, where, [&] { now = apply(procedure, calendar(), now, event_of(e)); });
        if (e.contains("error")) {
            EXPECT_EQ(now.state, before.state) << where << ": a refused step changed the case";
            EXPECT_EQ(now.history.size(), before.history.size()) << where;
        } else if (e.contains("expect")) {
            expect_case(now, e.at("expect"), where);
        }
    }
    for (const auto& r : spec.value("requests", json::array())) {
        const std::string where = file.filename().string() + " request " + r.at("form").get<std::string>();
        expect_outcome(r, where, [&] {
            const Date due = request_due(procedure, calendar(), r.at("form").get<std::string>(), date(r, "received"));
            EXPECT_EQ(due.iso(), r.at("due").get<std::string>()) << where;
        });
    }
}

TEST(ReviewProcedure, GoldenCases) {
    int cases = 0;
    for (const auto& entry : fs::directory_iterator(kGolden)) {
        if (entry.path().extension() != ".json") continue;
        SCOPED_TRACE(entry.path().filename().string());
        run_case(entry.path());
        ++cases;
    }
    EXPECT_GE(cases, 6);
}

TEST(ReviewProcedure, TheShippedProcedureCarriesItsSources) {
    const Procedure& p = shipped();
    EXPECT_FALSE(p.legal_source_vi.empty());
    for (const auto& step : p.steps) EXPECT_FALSE(step.legal_source_vi.empty()) << step.key;
    EXPECT_EQ(p.agreement_percent_min, 50);
    EXPECT_EQ(p.recognising(Date{2025, 6, 30}).level, "district");
    EXPECT_EQ(p.recognising(Date{2025, 7, 1}).level, "commune");
    EXPECT_EQ(next_steps(p, HouseholdCase{}, "commune_officer"), std::vector<std::string>{"list"});
    EXPECT_TRUE(next_steps(p, HouseholdCase{}, "reviewer").empty());
    const Procedure& regular = shipped("regular");
    EXPECT_EQ(regular.round_kind, "regular");
    EXPECT_EQ(regular.step_of_kind(StepKind::meeting), nullptr) << "no village meeting in the regular review";
    for (const auto& step : regular.steps) EXPECT_FALSE(step.legal_source_vi.empty()) << step.key;
    for (const auto& r : regular.requests) EXPECT_FALSE(r.listing_reason.empty()) << r.form;
}

TEST(ReviewProcedure, AProvinceAddsARecordStepInData) {
    // A step the law does not name (a second check by the village head) between survey and
    // classification: no code, and the case goes through it.
    std::string text = io::read_file(test::kSourceDir + "/data/procedures/review-qd24-2021.json");
    json d = json::parse(text);
    d["states"].push_back({{"key", "village_checked"}, {"label_vi", "Trưởng thôn đã xác nhận"}});
    for (auto& step : d["steps"])
        if (step["key"] == "classify") step["from"] = json::array({"village_checked"});
    d["steps"].push_back({{"key", "village_check"}, {"kind", "record"}, {"label_vi", "Trưởng thôn xác nhận phiếu"},
                          {"from", {"surveyed"}}, {"to", "village_checked"}, {"roles", {"reviewer"}},
                          {"legal_source_vi", "Quyết định của UBND tỉnh (thử nghiệm)"}});
    const Procedure p = procedure_from_json(d.dump(), "province.json");
    HouseholdCase c;
    c = apply(p, calendar(), c, step("list", Date{2026, 9, 7}, "commune_officer", "previous_list"));
    c = apply(p, calendar(), c, step("survey", Date{2026, 9, 8}, "reviewer"));
    Event classify = step("classify", Date{2026, 9, 9}, "reviewer");
    classify.household_class = "poor";
    EXPECT_THROW((void)apply(p, calendar(), c, classify), Error);
    c = apply(p, calendar(), c, step("village_check", Date{2026, 9, 9}, "reviewer"));
    classify.date = Date{2026, 9, 10};
    c = apply(p, calendar(), c, classify);
    EXPECT_EQ(c.state, "classified");

    d["steps"].back()["to"] = "nowhere";
    EXPECT_THROW((void)procedure_from_json(d.dump(), "province.json"), Error);
}

}  // namespace
}  // namespace giamngheo::procedure
