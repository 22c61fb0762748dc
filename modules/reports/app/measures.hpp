// The figures report formulas name ({review.poor}, {registry.households}, {plan.disbursed.DA3}),
// computed for one unit and period from the system's own data: approved review rounds, the
// registry as it is now, and the unit's implementation plan. The list and meaning of every name
// is in data/reports/README.md.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "modules/reports/app/chain.hpp"
#include "modules/reports/domain/period.hpp"
#include "modules/plans/ports/plan_store.hpp"
#include "modules/procedure/ports/procedure_store.hpp"
#include "platform/environment.hpp"
#include "storage/store.hpp"

namespace giamngheo::app {

struct Measures {
    std::map<std::string, double> values;
    std::vector<std::string> sources_vi;  // where they come from, for the officer ("Kỳ rà soát năm 2024, phê duyệt 20/12/2024")
};

class MeasureSource {
  public:
    virtual ~MeasureSource() = default;
    // The figures of `families` (review, review_previous, registry, plan, regular: the first part of the
    // names a form uses) for `unit` in `period`; a figure that cannot be known is left out.
    [[nodiscard]] virtual Measures measures(const ReportUnit& unit, const reports::ReportPeriod& period, UnitMap map,
                                            const std::string& programme, const std::set<std::string>& families) = 0;
};

// The statistics figures come from, kept between requests: a round's never change once approved,
// the live registry's until its generation moves (RegistryStore::registry_generation). So a form
// read again, or by another officer, does not read the households again. Thread-safe; holds a few
// entries, the least recently used dropped first.
class FigureCache;
[[nodiscard]] std::shared_ptr<FigureCache> make_figure_cache();

// Over the stores, with `cache` (one per server; a command can use a fresh one). Without a
// procedure store the `{regular.…}` figures are missing.
// `units` is the catalogue the caller holds already (the server's, the command's): the rounds' scopes
// are placed with it rather than with one read again from the store for every form.
[[nodiscard]] std::unique_ptr<MeasureSource> store_measures(store::Store& registry, store::PlanStore& plans,
                                                            store::ProcedureStore* procedure, const UnitCatalogue& units, const Environment& env,
                                                            const Date& today, std::shared_ptr<FigureCache> cache);

}  // namespace giamngheo::app
