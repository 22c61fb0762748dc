#include "modules/procedure/formats/event_json.hpp"

#include "kernel/errors.hpp"

namespace giamngheo::procedure {
namespace {

using nlohmann::json;

std::string text(const json& j, const char* key) {
    if (!j.contains(key) || j.at(key).is_null()) return {};
    if (!j.at(key).is_string()) throw_invalid_input(std::string("trường ") + key + " phải là chữ", key);
    return j.at(key).get<std::string>();
}

void put(json& j, const char* key, const std::string& value) {
    if (!value.empty()) j[key] = value;
}

json date_or_null(const std::optional<Date>& d) { return d ? json(d->iso()) : json(nullptr); }

}  // namespace

json event_to_json(const Event& e) {
    json j = {{"step", e.step}, {"date", e.date.iso()}, {"role", e.role}};
    put(j, "reason", e.reason);
    if (e.vote) j["vote"] = {{"attendees", e.vote->attendees}, {"agree", e.vote->agree}, {"disagree", e.vote->disagree}};
    put(j, "place", e.place);
    put(j, "complainant", e.complainant);
    put(j, "outcome_class", e.outcome_class);
    put(j, "decision_number", e.decision_number);
    put(j, "certificate_number", e.certificate_number);
    put(j, "certificate_code", e.certificate_code);
    put(j, "class", e.household_class);
    if (!e.signs.empty()) j["signs"] = e.signs;
    put(j, "note", e.note);
    return j;
}

Event event_from_json(const json& j) {
    if (!j.is_object()) throw_invalid_input("bước cần là một đối tượng JSON");
    Event e;
    e.step = text(j, "step");
    if (e.step.empty()) throw_invalid_input("cần tên bước (step)", "step");
    const std::string day = text(j, "date");
    auto date = parse_iso_date(day);
    if (!date) date = parse_vietnamese_date(day);
    if (!date) throw_invalid_input("ngày \"" + day + "\" không hợp lệ (cần YYYY-MM-DD hoặc DD/MM/YYYY)", "date");
    e.date = *date;
    e.role = text(j, "role");
    e.reason = text(j, "reason");
    if (j.contains("vote") && !j.at("vote").is_null()) {
        const json& v = j.at("vote");
        for (const char* key : {"attendees", "agree", "disagree"})
            if (!v.contains(key) || !v.at(key).is_number_integer())
                throw_invalid_input(std::string("biểu quyết cần số nguyên ") + key, "vote");
        e.vote = Vote{v.at("attendees").get<int>(), v.at("agree").get<int>(), v.at("disagree").get<int>()};
    }
    e.place = text(j, "place");
    e.complainant = text(j, "complainant");
    e.outcome_class = text(j, "outcome_class");
    e.decision_number = text(j, "decision_number");
    e.certificate_number = text(j, "certificate_number");
    e.certificate_code = text(j, "certificate_code");
    e.household_class = text(j, "class");
    // Events stored before surveys were entered have neither.
    if (j.contains("signs") && !j.at("signs").is_null()) {
        const json& signs = j.at("signs");
        if (!signs.is_array()) throw_invalid_input("các đặc điểm phiếu A (signs) phải là một danh sách", "signs");
        for (const auto& s : signs) {
            if (!s.is_string()) throw_invalid_input("mỗi đặc điểm phiếu A phải là chữ", "signs");
            e.signs.push_back(s.get<std::string>());
        }
    }
    e.note = text(j, "note");
    return e;
}

json case_to_json(const Procedure& procedure, const HouseholdCase& c) {
    json history = json::array();
    for (const auto& e : c.history) {
        json h = event_to_json(e);
        h["step_label"] = procedure.step(e.step).label_vi;
        history.push_back(std::move(h));
    }
    return {{"state", c.state},
            {"state_label", procedure.state_label(c.state)},
            {"listing_reason", c.listing_reason},
            {"class", c.household_class},
            {"posted_from", date_or_null(c.posted_from)},
            {"posted_until", date_or_null(c.posted_until)},
            {"complaint_due", date_or_null(c.complaint_due)},
            {"decision_number", c.decision_number},
            {"decision_date", date_or_null(c.decision_date)},
            {"recognised_by_level", c.recognised_by_level},
            {"certificate_number", c.certificate_number},
            {"certificate_code", c.certificate_code},
            {"certified_on", date_or_null(c.certified_on)},
            {"sent_back", c.sent_back},
            {"history", history}};
}

}  // namespace giamngheo::procedure
