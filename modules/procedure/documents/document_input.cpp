#include "kernel/errors.hpp"
#include "modules/procedure/app/survey.hpp"
#include "modules/procedure/documents/procedure_docx.hpp"
#include "modules/procedure/documents/survey_form_docx.hpp"
#include "platform/environment.hpp"

namespace giamngheo::app {
namespace {

// The district that recognised before July 2025, named as the heading names its issuer.
void recognised_by_district(CertificateIssuer& issuer, const store::ResultRow& row, const UnitCatalogue& units) {
    const auto district = units.ancestor(row.unit_code, UnitMap::map2024, UnitLevel::district);
    const UnitVersion* unit = district ? units.find(*district, UnitMap::map2024) : nullptr;
    if (!unit) return;
    issuer.commune_name = unit_in_sentence(*unit);
    issuer.place = unit->name;
}

// The forms of the households waiting to be surveyed (listed, or sent back by their meeting).
std::string survey_forms(ProcedureDeps& deps, const DocumentRequest& request, const RowFilter& within,
                         const UnitCatalogue& units) {
    const auto round = deps.registry.round(request.round_id);
    if (!round) throw_not_found("không có kỳ rà soát " + std::to_string(request.round_id));
    const Standard standard = standard_from_document(round->standard_document);
    const procedure::Procedure& procedure = procedure_of(deps, request.round_id);
    SurveyFormInput input{round->year, {}, load_survey_forms(deps.env), {}};
    std::optional<store::ResultRow> first;
    for (const auto& row : round_cases(deps, request.round_id, within)) {
        if (row.now.state != "listed" || (!request.village.empty() && row.result.village != request.village)) continue;
        auto stored = deps.registry.load_household(row.result.household_id, std::nullopt);
        if (!stored) continue;  // removed from the registry since: nobody to survey
        SurveyFormHousehold h{std::move(stored->household), row.result.village, {}};
        for (std::size_t i = 0; i < standard.indicators.size(); ++i)
            h.indicators.push_back({standard.indicators[i].name, i < row.result.indicators.size() ? row.result.indicators[i] : '?'});
        input.households.push_back(std::move(h));
        if (!first) first = row.result;
    }
    if (first) input.issuer = commune_issuer(*first, units, procedure, deps.today, "");
    return survey_forms_docx(input);
}

}  // namespace

std::string round_standard_basis(ProcedureDeps& deps, std::int64_t round_id) {
    const auto round = deps.registry.round(round_id);
    if (!round) throw_not_found("không có kỳ rà soát " + std::to_string(round_id));
    const Standard standard = standard_from_document(round->standard_document);
    return standard.legal_source + " về " + standard.name;
}

std::string procedure_document(ProcedureDeps& deps, const DocumentRequest& request, const RowFilter& within,
                               const UnitCatalogue& units) {
    if (request.document == ProcedureDocument::survey_forms) return survey_forms(deps, request, within, units);
    const std::string basis = round_standard_basis(deps, request.round_id);
    ProcedureDocumentInput input;
    input.document = request.document;
    input.year = deps.registry.round(request.round_id)->year;
    const procedure::Procedure& procedure = procedure_of(deps, request.round_id);
    input.procedure = &procedure;
    input.decision_number = request.decision_number;
    std::optional<Date> decided;
    for (auto& row : round_cases(deps, request.round_id, within)) {
        if (!request.village.empty() && row.result.village != request.village) continue;
        if (row.now.state.empty()) continue;  // never listed: on none of the papers
        if (row.now.decision_date && (request.decision_number.empty() || row.now.decision_number == request.decision_number))
            decided = std::max(decided.value_or(*row.now.decision_date), *row.now.decision_date);
        const auto stored = deps.registry.load_household(row.result.household_id, row.result.household_version);
        if (!stored) throw_fault("procedure document: no version " + std::to_string(row.result.household_version) + " of " +
                                 row.result.household_id);
        input.households.push_back({std::move(row), head_name(stored->household),
                                    static_cast<int>(stored->household.members.size())});
    }
    if (input.households.empty())
        throw Error(ErrorKind::conflict, "nothing_to_print",
                    request.village.empty() ? "chưa có hộ nào được đưa vào danh sách rà soát"
                                            : "thôn \"" + request.village + "\" chưa có hộ nào trong danh sách rà soát");
    const Date on = request.document == ProcedureDocument::recognition_decision && decided ? *decided : deps.today;
    const auto& first = input.households.front().row.result;
    input.issuer = commune_issuer(first, units, procedure, on, basis);
    if (procedure.recognising(on).level == "district") recognised_by_district(input.issuer, first, units);
    return procedure_document_docx(input);
}

}  // namespace giamngheo::app
