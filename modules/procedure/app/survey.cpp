#include "modules/procedure/app/survey.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "kernel/errors.hpp"
#include "modules/registry/app/households.hpp"
#include "modules/review/app/review.hpp"
#include "platform/table.hpp"

namespace giamngheo::app {
namespace {

using nlohmann::json;

bool allows(const procedure::SurveyForms& forms, const char* field) {
    return std::find(forms.b1_fields.begin(), forms.b1_fields.end(), field) != forms.b1_fields.end();
}

// Phiếu B: the household with B1 and B2 entered. B1 replaces the income the registry held (the
// other of its two fields is cleared); B2's answers replace the deprived_<key> answers (an
// indicator not answered is computed from the members again).
Household surveyed(const procedure::SurveyForms& forms, const Standard& standard, Household h, const SurveyInput& in) {
    if (in.income_per_capita && in.score_a)
        throw_invalid_input("phiếu B1 ghi thu nhập bình quân hoặc điểm A, không ghi cả hai", "score_a");
    if (!in.income_per_capita && !in.score_a)
        throw_invalid_input("cần thu nhập bình quân đầu người một tháng (phiếu B1) hoặc điểm A", "income_per_capita");
    if (in.income_per_capita && (!allows(forms, "income_per_capita") || *in.income_per_capita < 0))
        throw_invalid_input("thu nhập bình quân đầu người phải là số đồng không âm", "income_per_capita");
    if (in.score_a && (!allows(forms, "score_a") || !std::isfinite(*in.score_a) || *in.score_a < 0))
        throw_invalid_input("điểm A phải là một số không âm", "score_a");
    h.income_per_capita = in.income_per_capita;
    h.score_a = in.score_a;
    for (const auto& [key, deprived] : in.deprived)
        if (standard.indicator_index(key) < 0)
            throw_invalid_input("chỉ số \"" + key + "\" không có trong chuẩn nghèo " + standard.id, "deprived");
    h.deprived_override = in.deprived;
    return h;
}

[[noreturn]] void stale(const std::string& id, std::int64_t now) {
    throw Error(ErrorKind::stale_version, "stale_version",
                "hồ sơ hộ " + id + " đã được sửa (phiên bản " + std::to_string(now) +
                    ") sau khi bạn mở nó; phiếu chưa được lưu. Hãy tải lại hồ sơ rồi nhập lại.");
}

}  // namespace

procedure::SurveyForms load_survey_forms(const Environment& env) {
    const std::string file = env.data_dir + "/procedures/survey-forms-tt07-2021.json";
    return procedure::survey_forms_from_json(io::read_file(file), file);
}

std::vector<procedure::Labelled> survey_indicators(ProcedureDeps& deps, std::int64_t round_id) {
    const store::RoundRecord round = require_round(deps.registry, round_id);
    std::vector<procedure::Labelled> out;
    for (const auto& rule : standard_from_document(round.standard_document).indicators) out.push_back({rule.key, rule.name});
    return out;
}

SurveyOutcome record_survey(ProcedureDeps& deps, const procedure::SurveyForms& forms, const SurveyInput& in,
                            const RowFilter& within, const store::Actor& actor) {
    const store::RoundRecord round = require_round(deps.registry, in.round_id);
    const procedure::Procedure& p = deps.procedures.of(round.kind);
    const CaseRow before = household_case(deps, in.round_id, in.household_id, within);
    procedure::Event survey;
    survey.step = "survey";
    survey.date = in.date;
    survey.role = in.role;
    survey.signs = in.phieu_a;
    survey.note = in.note;
    // The role and the state first: who may not survey learns nothing more of the household.
    const procedure::HouseholdCase after_survey = procedure::apply(p, deps.calendar, before.now, survey);
    if (deps.today < in.date)
        throw_invalid_input("ngày " + in.date.vietnamese() + " sau hôm nay: chỉ ghi phiếu đã khảo sát", "date");
    for (const auto& sign : in.phieu_a)
        if (!forms.has_sign(sign)) throw_invalid_input("phiếu A không có đặc điểm \"" + sign + "\"", "phieu_a");

    const auto current = deps.registry.load_household(in.household_id, std::nullopt);
    if (!current) throw_not_found("hộ \"" + in.household_id + "\" không còn trong sổ hộ");
    if (current->version != in.version) stale(in.household_id, current->version);

    SurveyOutcome out;
    out.by_phieu_a = !in.phieu_a.empty();
    out.household_version = current->version;
    std::optional<Household> edited;  // Phiếu B: the record to write
    if (out.by_phieu_a) {
        out.household_class = kNotPoor;
        std::string signs;
        for (const auto& s : forms.signs)
            if (std::find(in.phieu_a.begin(), in.phieu_a.end(), s.key) != in.phieu_a.end())
                signs += (signs.empty() ? "" : "; ") + s.label_vi;
        out.reason = "Hộ có đặc điểm của phiếu A (" + signs + "): không thuộc diện nghèo, cận nghèo, không khảo sát phiếu B.";
    } else {
        const Standard standard = standard_from_document(round.standard_document);
        edited = surveyed(forms, standard, current->household, in);
        out.classification = classify(*edited, standard, {round.reference_date, round.year, before.result.area});
        out.household_class = to_string(out.classification->household_class);
        out.reason = out.classification->reason;
    }
    procedure::Event classified;
    classified.step = "classify";
    classified.date = in.date;
    classified.role = in.role;
    classified.household_class = out.household_class;
    // Refused here, before anything is written, when the procedure does not let the role classify.
    procedure::HouseholdCase now = procedure::apply(p, deps.calendar, after_survey, classified);

    if (edited) {
        json changes = json::array();
        for (const auto& c : diff_households(current->household, *edited))
            changes.push_back({{"field", c.field}, {"old", c.old_value}, {"new", c.new_value}});
        store::Actor writer{actor.user, "survey"};
        writer.audit.push_back({"household.survey", in.household_id, "round " + std::to_string(in.round_id),
                                json{{"old_version", current->version},
                                     {"new_version", current->version + 1},
                                     {"changes", changes},
                                     {"by", actor.source}}
                                    .dump()});
        store::WriteCheck check;
        check.expected_versions[in.household_id] = current->version;
        // Checked again inside the write: another officer may have saved the household since.
        try {
            if (deps.registry.apply_households({*edited}, writer, check).change_set != 0)
                out.household_version = current->version + 1;
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::stale_version) throw;
            stale(in.household_id, deps.registry.load_household(in.household_id, std::nullopt)->version);
        }
    }
    // The draft round's result follows the corrected record, so that its figures and the case agree.
    store::ResultRow result = before.result;
    if (edited && out.household_version != current->version && round.status == store::RoundStatus::draft) {
        result = classify_again(deps.registry, deps.env, in.round_id, {in.household_id}, actor).front();
        if (result.household_class != classified.household_class) {  // only if the area came out otherwise
            classified.household_class = out.household_class = result.household_class;
            now = procedure::apply(p, deps.calendar, after_survey, classified);
        }
    }
    const std::size_t steps = before.now.history.size();
    deps.steps.append_steps(in.round_id, {{in.household_id, steps, survey}, {in.household_id, steps + 1, classified}}, actor);
    out.after = {result, std::move(now), {}};
    return out;
}

}  // namespace giamngheo::app
