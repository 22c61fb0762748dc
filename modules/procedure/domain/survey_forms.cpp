#include "modules/procedure/domain/survey_forms.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "kernel/errors.hpp"

namespace giamngheo::procedure {
namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& source, const std::string& message) {
    throw_invalid_input(source + ": " + message, "survey_forms");
}

FormPart part(const json& j) { return {j.at("title_vi").get<std::string>(), j.at("instruction_vi").get<std::string>()}; }

}  // namespace

bool SurveyForms::has_sign(const std::string& key) const {
    return std::any_of(signs.begin(), signs.end(), [&](const Labelled& s) { return s.key == key; });
}

SurveyForms survey_forms_from_json(const std::string& text, const std::string& source) {
    SurveyForms f;
    try {
        const json d = json::parse(text);
        f.id = d.at("id").get<std::string>();
        f.label_vi = d.at("label_vi").get<std::string>();
        f.legal_source_vi = d.at("legal_source_vi").get<std::string>();
        f.verified = d.value("verified", false);
        const json& a = d.at("phieu_a");
        f.phieu_a = part(a);
        for (const auto& s : a.at("signs")) f.signs.push_back({s.at("key").get<std::string>(), s.at("label_vi").get<std::string>()});
        const json& b = d.at("phieu_b");
        f.phieu_b_title_vi = b.at("title_vi").get<std::string>();
        f.b1 = part(b.at("b1"));
        f.b1_fields = b.at("b1").at("fields").get<std::vector<std::string>>();
        f.b2 = part(b.at("b2"));
    } catch (const json::exception& e) {
        bad(source, std::string("không đọc được phiếu khảo sát: ") + e.what());
    }
    if (f.signs.empty()) bad(source, "phiếu A chưa có đặc điểm nào (signs)");
    std::set<std::string> keys;
    for (const auto& s : f.signs)
        if (s.key.empty() || !keys.insert(s.key).second) bad(source, "đặc điểm \"" + s.key + "\" của phiếu A trống hoặc bị lặp");
    for (const auto& field : f.b1_fields)
        if (field != "income_per_capita" && field != "score_a")
            bad(source, "phiếu B1 ghi trường \"" + field + "\": chỉ có income_per_capita, score_a");
    return f;
}

}  // namespace giamngheo::procedure
