// The review engine over the columnar image: a standard is compiled once for a reference date
// (ages become comparisons, code lists become bit masks) and then classifies households in a
// tight loop. It must give exactly what core/classify.hpp gives household by household; the
// test suite checks that on golden, synthetic and random households.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "kernel/classify.hpp"
#include "kernel/registry_image.hpp"
#include "kernel/vocabulary.hpp"

namespace giamngheo {

// One round's results as columns (row i = household i of the image).
struct RoundColumns {
    std::vector<std::uint32_t> deprived;  // bit j: indicator j deprived
    std::vector<std::uint32_t> unknown;   // bit j: indicator j unknown
    std::vector<std::uint8_t> household_class;
    std::vector<std::uint8_t> income_test;
    std::vector<std::uint8_t> flags;
    void resize(std::size_t households);
};

class BatchClassifier {
public:
    // `image` supplies the string tables (ethnicities, override keys) the rules need.
    BatchClassifier(const Standard& standard, const Date& reference_date, int year, const RegistryImage& image);

    // Classifies households [begin, end). `area` holds the resolved area code id of each household
    // (CodeField::area: 1 rural, 2 urban, 0 unknown).
    void classify(const RegistryImage& image, const std::vector<std::uint8_t>& area, std::size_t begin,
                  std::size_t end, RoundColumns& out) const;

    [[nodiscard]] int indicator_count() const { return static_cast<int>(rules_.size()); }

private:
    struct Rule {
        RuleKind kind{};
        int from_age = -1;
        int below_age = -1;
        bool working_age = false;
        CodeField member_field{};
        CodeField household_field{};
        std::uint64_t value_mask = 0;
        std::uint16_t flag_mask = 0;
        int dependant_below_age = 0;
        int dependant_from_age = 0;
        std::uint64_t dependant_disability_mask = 0;
        double share_above = 0;
        std::vector<EducationBand> bands;
        std::vector<std::uint64_t> band_accepted_masks;
        std::uint64_t not_attending_mask = 0;
        std::vector<std::pair<int, int>> expected_rank_by_school_age;  // (from school age, rank), ascending
        std::array<int, 16> attending_rank{};
        std::int64_t min_milli_m2_per_member = 0;
        std::uint8_t asset_mask = 0;
        std::uint32_t override_bit = 0;  // 0 when no household in the image overrides it
    };
    struct MemberView;

    Date reference_;
    int year_;
    int days_in_reference_month_;
    int working_age_from_;
    int retirement_male_months_;
    int retirement_female_months_;
    std::uint64_t incapacitating_mask_ = 0;
    std::vector<std::uint8_t> minority_by_ethnicity_;
    double line_[3] = {}, band_[3] = {}, score_line_[3] = {}, score_band_[3] = {};
    bool has_line_[3] = {}, has_band_[3] = {}, has_score_line_[3] = {}, has_score_band_[3] = {};
    int poor_min_deprivations_;
    std::vector<Rule> rules_;
};

}  // namespace giamngheo
