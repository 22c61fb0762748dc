// The survey forms of Circular 07/2021/TT-BLĐTBXH as data (data/procedures/survey-forms-*.json):
// Phiếu A's signs of a household that is clearly not poor, and the two parts of Phiếu B (B1 the
// income, B2 the deprivations of the standard in force, whose indicators come from the standard,
// not from this file). Pure.
#pragma once

#include <string>
#include <vector>

#include "modules/procedure/domain/procedure.hpp"

namespace giamngheo::procedure {

struct FormPart {
    std::string title_vi, instruction_vi;
};

struct SurveyForms {
    std::string id, label_vi, legal_source_vi;
    bool verified = false;  // false: the wording is not yet checked against the circular
    FormPart phieu_a;
    std::vector<Labelled> signs;  // Phiếu A: any of them and the household is not surveyed on Phiếu B
    std::string phieu_b_title_vi;
    FormPart b1, b2;
    std::vector<std::string> b1_fields;  // the registry fields B1 may be entered as

    [[nodiscard]] bool has_sign(const std::string& key) const;
};

// Reads and checks the forms: Phiếu A has signs, none repeated. Errors: invalid_input naming
// `source` and what is wrong.
[[nodiscard]] SurveyForms survey_forms_from_json(const std::string& text, const std::string& source);

}  // namespace giamngheo::procedure
