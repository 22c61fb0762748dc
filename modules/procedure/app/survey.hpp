// Surveying a listed household (Circular 07/2021: Phiếu A, then Phiếu B's B1 and B2) and
// classifying it: the survey is written into the registry as a new version of the household and
// recorded as the `survey` and `classify` steps of its case.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kernel/classify.hpp"
#include "modules/procedure/app/cases.hpp"
#include "modules/procedure/domain/survey_forms.hpp"

namespace giamngheo::app {

// data/procedures/survey-forms-tt07-2021.json. Errors: invalid_input naming the file.
[[nodiscard]] procedure::SurveyForms load_survey_forms(const Environment& env);

// The indicators B2 asks about in a round: those of the round's standard, in its order (key and
// Vietnamese name). Errors: not_found for no such round.
[[nodiscard]] std::vector<procedure::Labelled> survey_indicators(ProcedureDeps& deps, std::int64_t round_id);

struct SurveyInput {
    std::int64_t round_id = 0;
    std::string household_id;
    Date date;
    std::string role;                  // the surveyor's
    std::vector<std::string> phieu_a;  // the signs found (keys of the forms)
    // B1, one of the two (the other is cleared: the survey replaces the household's income).
    std::optional<std::int64_t> income_per_capita;  // whole VND per person per month
    std::optional<double> score_a;
    // B2 by indicator key: deprived or not; an indicator not named is computed from the members.
    std::map<std::string, bool> deprived;
    std::string note;
    std::int64_t version = 0;  // the household's registry version the surveyor saw
};

struct SurveyOutcome {
    CaseRow after;  // the case after both steps
    bool by_phieu_a = false;
    std::string household_class;  // not_poor by Phiếu A, else the classification's
    std::optional<Classification> classification;  // unset by Phiếu A
    std::string reason;                             // why this class, in Vietnamese
    std::int64_t household_version = 0;  // the registry version the class was given on
};

// The class a Phiếu A sign gives: neither poor nor near-poor.
inline constexpr const char* kNotPoor = "not_poor";

// Surveys a household whose case is at the `survey` step. Checks, before anything is written:
// the household is in the round (not_found) and within `within` (forbidden), the survey step is
// the case's next and the role may take it (conflict out_of_order / forbidden), the date is not
// after today, the signs are the forms' and the indicators the standard's (invalid_input naming
// the key), B1 is given when no sign is, and the household is still at `version` (stale_version).
//
// A sign of Phiếu A: the household is clearly not poor, the registry is left alone, and the two
// steps are recorded with class not_poor. Otherwise B1 and B2 are written into the registry as a
// new version of the household (change set source "survey", audit household.survey with what
// changed), the new version is classified under the round's standard at its reference date and
// area, and the two steps are recorded with that class; in a draft round the household's result is
// classified again on the new version (classify_again), so the round's figures follow. The
// household is written first, then its result, then the steps in one transaction: a failure between the two (another officer took a step meanwhile)
// leaves the new version in the registry and the case at `survey`; surveying again with the new
// version finishes it.
[[nodiscard]] SurveyOutcome record_survey(ProcedureDeps& deps, const procedure::SurveyForms& forms, const SurveyInput& input,
                                          const RowFilter& within, const store::Actor& actor);

}  // namespace giamngheo::app
