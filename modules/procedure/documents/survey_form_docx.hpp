// Phiếu A and phiếu B for the surveyor (Circular 07/2021, Appendix II), pre-filled from the
// registry: one household to a page — the household and its members as recorded, Phiếu A's signs
// to tick, B1's income with the value on record, B2's indicators of the round's standard with what
// the round found, and room for the two signatures. The wording is data
// (data/procedures/survey-forms-tt07-2021.json).
#pragma once

#include <string>
#include <vector>

#include "modules/procedure/documents/certificate_docx.hpp"
#include "modules/procedure/domain/survey_forms.hpp"

namespace giamngheo::app {

struct SurveyIndicator {
    std::string name;      // as the standard names it
    char on_record = '?';  // what the round found: '1' deprived, '0' not, '?' unknown
};

struct SurveyFormHousehold {
    Household household;  // the record as it stands now: what the surveyor checks
    std::string village;
    std::vector<SurveyIndicator> indicators;  // the round's standard, in its order
};

struct SurveyFormInput {
    int year = 0;
    CertificateIssuer issuer;  // the commune (and province) the households live in
    procedure::SurveyForms forms;
    std::vector<SurveyFormHousehold> households;
};

// The .docx file (bytes), one household to a page. Errors: conflict (code "nothing_to_print") when
// no household is waiting to be surveyed.
[[nodiscard]] std::string survey_forms_docx(const SurveyFormInput& input);

}  // namespace giamngheo::app
