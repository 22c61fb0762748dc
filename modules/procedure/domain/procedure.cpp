#include "modules/procedure/domain/procedure.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "kernel/errors.hpp"

namespace giamngheo::procedure {
namespace {

using nlohmann::json;

constexpr std::pair<StepKind, const char*> kKinds[] = {
    {StepKind::record, "record"},           {StepKind::meeting, "meeting"},     {StepKind::posting, "posting"},
    {StepKind::complaint, "complaint"},     {StepKind::recheck, "recheck"},     {StepKind::recognition, "recognition"},
    {StepKind::certificate, "certificate"}};

[[noreturn]] void bad(const std::string& source, const std::string& message) {
    throw_invalid_input(source + ": " + message, "procedure");
}

std::optional<Date> date_at(const json& j, const char* key, const std::string& source) {
    if (!j.contains(key)) return std::nullopt;
    const auto date = parse_iso_date(j.at(key).get<std::string>());
    if (!date) bad(source, std::string("ngày \"") + j.at(key).get<std::string>() + "\" không hợp lệ (cần YYYY-MM-DD)");
    return date;
}

std::vector<Labelled> labelled(const json& list) {
    std::vector<Labelled> out;
    for (const auto& e : list) out.push_back({e.at("key").get<std::string>(), e.at("label_vi").get<std::string>()});
    return out;
}

void check(const Procedure& p, const std::string& source) {
    std::set<std::string> states, reached;
    for (const auto& s : p.states)
        if (!states.insert(s.key).second) bad(source, "trạng thái \"" + s.key + "\" bị lặp");
    std::set<std::string> steps;
    for (const auto& step : p.steps) {
        if (!steps.insert(step.key).second) bad(source, "bước \"" + step.key + "\" bị lặp");
        for (const auto& from : step.from)
            if (!states.count(from)) bad(source, "bước \"" + step.key + "\" bắt đầu từ trạng thái \"" + from + "\" không có");
        if (!states.count(step.to)) bad(source, "bước \"" + step.key + "\" dẫn tới trạng thái \"" + step.to + "\" không có");
        reached.insert(step.to);
        if (step.kind == StepKind::meeting && !states.count(step.back_to))
            bad(source, "bước họp \"" + step.key + "\" cần back_to là một trạng thái có");
        if ((step.kind == StepKind::posting || step.kind == StepKind::recheck) && step.working_days <= 0)
            bad(source, "bước \"" + step.key + "\" cần số ngày làm việc (working_days) lớn hơn 0");
        if (step.roles.empty()) bad(source, "bước \"" + step.key + "\" chưa nói ai được thực hiện (roles)");
    }
    for (const auto& s : p.states)
        if (!reached.count(s.key)) bad(source, "không bước nào dẫn tới trạng thái \"" + s.key + "\"");
    for (const auto& r : p.requests)
        if (!r.listing_reason.empty() &&
            std::none_of(p.listing_reasons.begin(), p.listing_reasons.end(), [&](const auto& l) { return l.key == r.listing_reason; }))
            bad(source, "đơn \"" + r.form + "\" mở hồ sơ với lý do \"" + r.listing_reason + "\" không có trong listing_reasons");
    if (p.step_of_kind(StepKind::meeting) && (p.agreement_percent_min <= 0 || p.agreement_percent_min > 100))
        bad(source, "ngưỡng đồng ý của cuộc họp phải từ 1 đến 100 (%)");
    if (p.round_kind != "periodic" && p.round_kind != "regular")
        bad(source, "round_kind phải là periodic (rà soát định kỳ) hoặc regular (rà soát thường xuyên)");
    for (std::size_t i = 0; i < p.recognition.size(); ++i)
        for (std::size_t j = i + 1; j < p.recognition.size(); ++j) {
            const auto& a = p.recognition[i];
            const auto& b = p.recognition[j];
            const bool apart = (a.until && b.from && *a.until < *b.from) || (b.until && a.from && *b.until < *a.from);
            if (!apart) bad(source, "hai quy định về cấp công nhận áp dụng cùng một ngày");
        }
}

}  // namespace

const char* to_string(StepKind kind) {
    for (const auto& [k, name] : kKinds)
        if (k == kind) return name;
    return "record";
}

const Step& Procedure::step(const std::string& key) const {
    for (const auto& s : steps)
        if (s.key == key) return s;
    throw_invalid_input("quy trình không có bước \"" + key + "\"", "step");
}

const Step* Procedure::step_of_kind(StepKind kind) const {
    for (const auto& s : steps)
        if (s.kind == kind) return &s;
    return nullptr;
}

const RequestKind& Procedure::request(const std::string& form) const {
    for (const auto& r : requests)
        if (r.form == form) return r;
    throw_invalid_input("quy trình không có loại đơn \"" + form + "\"", "form");
}

std::string Procedure::state_label(const std::string& key) const {
    for (const auto& s : states)
        if (s.key == key) return s.label_vi;
    return key.empty() ? "Chưa vào danh sách" : key;
}

const Recognition& Procedure::recognising(const Date& date) const {
    for (const auto& r : recognition)
        if ((!r.from || !(date < *r.from)) && (!r.until || !(*r.until < date))) return r;
    throw_invalid_input("không có quy định về cấp công nhận cho ngày " + date.iso(), "decision_date");
}

Procedure procedure_from_json(const std::string& text, const std::string& source) {
    Procedure p;
    try {
        const json d = json::parse(text);
        p.id = d.at("id").get<std::string>();
        p.label_vi = d.at("label_vi").get<std::string>();
        p.legal_source_vi = d.at("legal_source_vi").get<std::string>();
        p.round_kind = d.at("round_kind").get<std::string>();
        p.states = labelled(d.at("states"));
        p.listing_reasons = labelled(d.at("listing_reasons"));
        for (const auto& s : d.at("steps")) {
            Step step;
            step.key = s.at("key").get<std::string>();
            step.label_vi = s.at("label_vi").get<std::string>();
            const std::string kind = s.value("kind", std::string("record"));
            const auto* found = std::find_if(std::begin(kKinds), std::end(kKinds), [&](const auto& k) { return kind == k.second; });
            if (found == std::end(kKinds)) bad(source, "bước \"" + step.key + "\" có loại \"" + kind + "\" không có");
            step.kind = found->first;
            step.from = s.at("from").get<std::vector<std::string>>();
            step.to = s.at("to").get<std::string>();
            step.back_to = s.value("back_to", std::string());
            step.working_days = s.value("working_days", 0);
            step.verified = s.value("verified", true);
            step.roles = s.at("roles").get<std::vector<std::string>>();
            step.legal_source_vi = s.at("legal_source_vi").get<std::string>();
            p.steps.push_back(std::move(step));
        }
        if (d.contains("meeting")) {
            p.agreement_percent_min = d.at("meeting").at("agreement_percent_min").get<int>();
            p.meeting_legal_source_vi = d.at("meeting").at("legal_source_vi").get<std::string>();
        }
        for (const auto& r : d.at("recognition"))
            p.recognition.push_back({date_at(r, "from", source), date_at(r, "until", source), r.at("level").get<std::string>(),
                                     r.at("by_vi").get<std::string>(), r.at("legal_source_vi").get<std::string>()});
        for (const auto& r : d.value("requests", json::array())) {
            const std::string counted = r.at("counted_in").get<std::string>();
            if (counted != "days" && counted != "working_days")
                bad(source, "đơn \"" + r.at("form").get<std::string>() + "\": counted_in phải là days hoặc working_days");
            p.requests.push_back({r.at("form").get<std::string>(), r.at("label_vi").get<std::string>(),
                                  r.value("listing_reason", std::string()), r.at("decide_within").get<int>(),
                                  counted == "working_days",
                                  r.at("legal_source_vi").get<std::string>()});
        }
    } catch (const json::exception& e) {
        bad(source, std::string("không đọc được quy trình: ") + e.what());
    }
    check(p, source);
    return p;
}

}  // namespace giamngheo::procedure
