// Who reports to whom in a period: the nation, its provinces, (before 1 July 2025) their
// districts, and the communes, on the map in force at the period's end. A unit's report goes to
// its parent on that chain; a unit with units below consolidates their approved reports.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kernel/units.hpp"
#include "modules/reports/domain/period.hpp"
#include "modules/reports/domain/workflow.hpp"

namespace giamngheo::app {

struct ReportUnit {
    std::string code;   // "" for the nation
    std::string name;
    std::string level;  // national, province, district, commune
    std::string province;
};

class ReportingChain {
  public:
    ReportingChain(const UnitCatalogue& units, const reports::ReportPeriod& period);

    // The unit on the period's map; Error(not_found) when it is not on it.
    [[nodiscard]] ReportUnit unit(const std::string& code) const;
    [[nodiscard]] std::vector<ReportUnit> below(const std::string& code) const;
    // Every commune within `code` (the whole country for ""), in code order.
    [[nodiscard]] std::vector<ReportUnit> communes_within(const std::string& code) const;
    [[nodiscard]] std::optional<std::string> parent(const std::string& code) const;
    [[nodiscard]] reports::Standing standing(const std::string& user_unit, const std::string& report_unit) const;
    [[nodiscard]] UnitMap map() const { return map_; }

  private:
    const UnitCatalogue& units_;
    UnitMap map_;
    Date at_;
};

}  // namespace giamngheo::app
