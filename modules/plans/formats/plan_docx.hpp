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

// The public-investment plan of year N+1 over the plan of year N ("kế hoạch đầu tư công năm
// N+1", domain/public_investment.hpp) in the same layout: part A (year N: allocated, disbursed by
// the mid-year day, estimated for the year, by node; the targets' results), part B (year N+1: its
// targets, money requested and proposed by node and source × fund kind), tables in million VND.
[[nodiscard]] std::string public_investment_docx(const Plan& plan, const PlanRules& rules);
void write_public_investment_docx(const std::string& path, const Plan& plan, const PlanRules& rules);

}  // namespace giamngheo::io
