// The plan as an official document: DOCX (WordprocessingML in a ZIP) laid out as a State
// administrative document of Decree 30/2020/NĐ-CP — A4, Times New Roman, the national title
// and motto beside the issuing body and the number, place and date, the title, numbered
// sections with the budget table, then the recipients ("Nơi nhận") beside the signature block.
#pragma once

#include <string>

#include "modules/plans/domain/plan.hpp"

namespace giamngheo::io {

// The document's bytes. Sections without content in the plan are left out and the rest keep
// consecutive numbers. Amounts are shown in million VND, Vietnamese style (7.782).
[[nodiscard]] std::string plan_docx(const Plan& plan, const PlanRules& rules);
void write_plan_docx(const std::string& path, const Plan& plan, const PlanRules& rules);

}  // namespace giamngheo::io
