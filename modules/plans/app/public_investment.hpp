// Use cases of the public-investment layout ("kế hoạch đầu tư công năm N+1") of a stored plan of
// year N: the layout with its checks, its XLSX and DOCX, and the import of the filled XLSX back
// into the same plan (all or nothing; a dry run writes nothing).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "modules/plans/domain/public_investment.hpp"
#include "modules/plans/formats/public_investment_xlsx.hpp"
#include "modules/plans/ports/plan_store.hpp"
#include "platform/environment.hpp"

namespace giamngheo::app {

struct PublicInvestmentView {
    PublicInvestmentLayout layout;
    std::vector<std::string> column_titles;  // of layout.columns
    std::vector<std::string> row_titles;     // per node of the layout's rows ("Tổng cộng" for the total)
    std::vector<Finding> findings;           // check_public_investment
};
[[nodiscard]] PublicInvestmentView public_investment_view(store::PlanStore& plans, const Environment& env,
                                                          const store::PlanKey& key);

void export_public_investment_xlsx(store::PlanStore& plans, const Environment& env, const store::PlanKey& key,
                                   const std::string& path);
void export_public_investment_docx(store::PlanStore& plans, const Environment& env, const store::PlanKey& key,
                                   const std::string& path);

// The typed sheet applied to the plan: a cell that differs from the plan becomes data — the
// mid-year disbursement an entry dated the mid-year day, the estimate an estimate entry, both
// for the node × source × fund kind (replacing the entries of exactly that cell); money
// requested or proposed for N+1 the line of that node, source, fund kind and stage. The
// allocation is not entered here (it comes from the budget lines), nor can a cell split money
// entered for several nodes, sources or lines; each is a problem naming its row and column, as
// is a subtotal, total or "Tổng số" that does not add up once the cells are applied.
struct AppliedLayout {
    Plan plan;
    std::vector<io::Problem> problems;
    std::size_t changes = 0;  // cells that differed
};
[[nodiscard]] AppliedLayout apply_public_investment(const Plan& plan, const io::TypedLayout& typed, const PlanRules& rules);

struct PublicInvestmentImport {
    std::vector<io::Problem> problems;  // nothing was written when not empty
    std::vector<Finding> findings;      // of the plan with the sheet applied (layout checks and plan checks)
    std::size_t rows = 0;
    std::size_t changes = 0;
    bool written = false;  // only when something changed, nothing is wrong and it is not a dry run
};
PublicInvestmentImport import_public_investment(store::PlanStore& plans, const Environment& env, const store::PlanKey& key,
                                                std::string_view bytes, const std::string& source, bool dry_run,
                                                const store::Actor& actor);

}  // namespace giamngheo::app
