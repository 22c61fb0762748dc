// The papers of the yearly review that a commune prints between the survey and the certificates
// (Decision 24/2021/QĐ-TTg, Article 4): the list of households to review in each village, the
// minutes of each village meeting with its vote per household, the notice posting the results,
// and the chairman's recognition decision with its annexed list. Each is built from the cases the
// procedure recorded, in the Decree 30/2020 layout (A4, Times New Roman), one village to a page
// where the paper is a village's.
#pragma once

#include <string>
#include <vector>

#include "modules/procedure/app/cases.hpp"
#include "modules/procedure/documents/certificate_docx.hpp"

namespace giamngheo::app {

enum class ProcedureDocument { review_list, survey_forms, meeting_minutes, posting_notice, recognition_decision };

// "review-list", "survey-forms", "meeting-minutes", "posting-notice", "recognition-decision". Errors: invalid_input
// (field "document") naming the ones there are.
[[nodiscard]] ProcedureDocument procedure_document_from_key(const std::string& key);
// The file name a download is saved under, without extension: "bien-ban-hop-thon-ky-2".
[[nodiscard]] std::string procedure_document_file_name(ProcedureDocument document, std::int64_t round_id);

struct DocumentHousehold {
    CaseRow row;
    std::string head_name;
    int members = 0;
};

struct ProcedureDocumentInput {
    ProcedureDocument document = ProcedureDocument::review_list;
    int year = 0;
    const procedure::Procedure* procedure = nullptr;
    CertificateIssuer issuer;        // the commune (or, before July 2025, the district) that issues it
    std::string decision_number;     // recognition: the decision the annex lists ("" = the latest)
    std::vector<DocumentHousehold> households;  // within the caller's unit and village, by village then id
};

// The .docx file (bytes) of every paper but the survey forms (survey_form_docx.hpp). Errors:
// conflict (code "nothing_to_print") when no household has reached the step the paper records (no
// one listed, no meeting held, nothing posted, no decision).
[[nodiscard]] std::string procedure_document_docx(const ProcedureDocumentInput& input);

// What a paper of a round says it rests on: "Nghị định 07/2021/NĐ-CP … về Chuẩn nghèo …", from
// the standard the round was run with. Errors: not_found for no such round.
[[nodiscard]] std::string round_standard_basis(ProcedureDeps& deps, std::int64_t round_id);

struct DocumentRequest {
    std::int64_t round_id = 0;
    ProcedureDocument document = ProcedureDocument::review_list;
    std::string village;          // one village's paper; "" every village within reach
    std::string decision_number;  // recognition: which decision ("" = the latest)
};

// The paper for the round's households that `within` keeps (of `village` when named), with their
// heads' names as the round recorded them; the survey forms for those waiting to be surveyed, each
// pre-filled from the household's record as it stands now. The issuer is the households' commune on the map in
// force, or its district for a decision before July 2025 (who recognised then). Errors: not_found
// for no such round, conflict (nothing_to_print) as procedure_document_docx.
[[nodiscard]] std::string procedure_document(ProcedureDeps& deps, const DocumentRequest& request, const RowFilter& within,
                                             const UnitCatalogue& units);

}  // namespace giamngheo::app
