// Plans as JSON: the format of modules/plans/tests/fixtures (see its README). Reading accepts the
// fixtures as transcribed from the seed plans, including their printed-only keys; writing emits
// the keys the plan model holds, in the same shape, so that write → read gives the same plan.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "modules/plans/domain/plan.hpp"

namespace giamngheo::io {

// Throws std::invalid_argument naming the key path (e.g. "budget_lines[3].amount_vnd") when
// a value has the wrong type or a required key is missing.
[[nodiscard]] Plan plan_from_json(const nlohmann::json& document);
[[nodiscard]] nlohmann::json plan_to_json(const Plan& plan);

// Reads a plan file; errors name the file.
[[nodiscard]] Plan read_plan_file(const std::string& path);
void write_plan_file(const std::string& path, const Plan& plan);

}  // namespace giamngheo::io
