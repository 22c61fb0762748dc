// What every use case needs besides the store: the data directory (standards, unit rules)
// and "today". Tests point it at fixtures and pin the date.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "kernel/date.hpp"
#include "kernel/standard.hpp"
#include "kernel/units.hpp"
#include "kernel/work_calendar.hpp"

namespace giamngheo::app {

struct Environment {
    std::string data_dir;  // holds standards/ and units/
    Date today;

    // GIAMNGHEO_DATA, else the directory the build was configured with.
    static Environment from_process();

    // The JSON document of a standard: `id` names data/standards/<id>.json, or a path to a
    // .json file. A variant document ({"base": ...}) is merged onto its base. Throws
    // std::runtime_error naming the standard when it cannot be found or read.
    [[nodiscard]] std::string standard_document(const std::string& id_or_path) const;
    [[nodiscard]] std::vector<std::string> standard_ids() const;
    // Every indicator key of every available standard (for validating deprived_<key>).
    [[nodiscard]] std::vector<std::string> all_indicator_keys() const;
    [[nodiscard]] AreaRules area_rules() const;
    // The working days of data/holidays.json.
    [[nodiscard]] WorkCalendar work_calendar() const;
};

[[nodiscard]] Standard standard_from_document(const std::string& document);

}  // namespace giamngheo::app
