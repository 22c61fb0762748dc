// What the two writers of households share (postgres_store.cpp's PieceWriter, row by row, and
// first_load.hpp's bulk load): the columns each COPY names, in the order their rows give them,
// and the statement that adds an import's villages.
#pragma once

namespace giamngheo::store::postgres {

inline constexpr const char* kHouseholdsCopyTarget =
    "households (province_code, household_id, unit_code, village, head_name, version, change_set)";
inline constexpr const char* kVersionsCopyTarget =
    "household_versions (province_code, household_id, version, change_set, document)";
inline constexpr const char* kMembersCopyTarget =
    "members (province_code, member_id, household_id, full_name, personal_id)";
// $1 commune codes, $2 village names, $3 change sets; a village already there is left as it is.
inline constexpr const char* kAddVillages =
    "INSERT INTO villages (commune_code, name, change_set) "
    "SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) ON CONFLICT DO NOTHING";

}  // namespace giamngheo::store::postgres
