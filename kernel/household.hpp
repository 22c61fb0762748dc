// The registry's record of a household and its members: the answers a review reads.
// Every answer may be unknown (std::nullopt or an empty code); the rules never guess one.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kernel/date.hpp"

namespace giamngheo {

enum class Sex : std::uint8_t { unknown, male, female };

struct Member {
    std::string member_id;
    std::string full_name;
    std::string personal_id;  // 12 digits or empty
    std::string relation;     // head, spouse, child, ... or empty
    Sex sex = Sex::unknown;
    Date birth_date;
    bool birth_year_only = false;  // given as YYYY: the date is 1 July of that year
    std::string ethnicity;         // as written: Kinh, Tày, H'Mông ...
    std::string disability;        // none, mild, severe, very_severe or empty
    std::optional<bool> social_protection;
    std::optional<bool> revolutionary_merit;
    std::optional<bool> health_insurance;
    std::string employment;
    std::string attending_level;
    std::string completed_level;
    std::optional<bool> stunted;
    std::optional<bool> underweight;
    std::optional<bool> uses_phone;
    std::optional<bool> uses_internet;
    // Columns the interchange format does not know, kept in file order.
    std::vector<std::pair<std::string, std::string>> extra;

    bool operator==(const Member&) const = default;
};

struct Household {
    std::string household_id;
    std::string unit_code;          // commune-level GSO code as recorded
    std::string current_unit_code;  // 2025-map commune when the record predates the reform and
                                    // its old commune was split; empty when unknown
    std::string village;
    std::string head_name;
    std::string area;  // rural, urban, or empty (derived from the commune type)
    std::optional<std::int64_t> income_per_capita;  // VND per person per month
    std::optional<double> score_a;
    std::string housing_type;
    // Floor area in thousandths of a square metre, so that the 8 m² test is exact.
    std::optional<std::int64_t> housing_area_milli_m2;
    std::string water_source;
    std::string latrine;
    std::optional<std::vector<std::string>> info_assets;  // an empty list = known to have none
    std::optional<bool> hears_loudspeaker;
    std::string waste_treatment;
    // deprived_<key> answers recorded directly on form B2; they override the computed value.
    std::map<std::string, bool> deprived_override;
    std::vector<Member> members;
    std::vector<std::pair<std::string, std::string>> extra;

    bool operator==(const Household&) const = default;

    [[nodiscard]] const Member* head() const {
        for (const auto& m : members)
            if (m.relation == "head") return &m;
        return nullptr;
    }
};

}  // namespace giamngheo
