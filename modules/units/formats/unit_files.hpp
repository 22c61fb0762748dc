// Reads the administrative-unit files of shared/data/admin-units (or a user's files of the
// same format): units-2024.csv, units-2025.csv, mapping-2024-2025.csv, changes-2025-2026.csv.
#pragma once

#include <string>
#include <vector>

#include "kernel/units.hpp"
#include "platform/table.hpp"

namespace giamngheo::io {

struct UnitFiles {
    std::vector<UnitVersion> units;
    std::vector<Lineage> lineage;
    std::vector<Problem> problems;
};

// The 2026 changes take effect on 30 April 2026 (Resolutions 30/2026/QH16 and 237/NQ-UBTVQH16).
inline constexpr Date kChanges2026Effective{2026, 4, 30};

[[nodiscard]] UnitFiles read_unit_files(const std::string& directory);

}  // namespace giamngheo::io
