#include "kernel/vocabulary.hpp"

#include <array>

namespace giamngheo {
namespace {

struct FieldCodes {
    const char* name;
    std::vector<std::string> codes;
};

const std::array<FieldCodes, kCodeFieldCount>& all() {
    static const std::array<FieldCodes, kCodeFieldCount> kAll = {{
        {"area", {"rural", "urban"}},
        {"housing_type", {"permanent", "semi_permanent", "less_permanent", "simple"}},
        {"water_source", {"piped", "drilled_well", "protected_dug_well", "protected_spring", "rainwater", "bottled",
                          "unprotected_dug_well", "unprotected_spring", "surface", "other"}},
        {"latrine", {"septic", "semi_septic", "pour_flush", "double_vault", "ventilated_pit", "pit_with_slab",
                     "unhygienic", "none"}},
        {"info_assets", {"tv", "radio", "computer", "smartphone"}},
        {"waste_treatment", {"collected", "hygienic_self", "unhygienic"}},
        {"relation", {"head", "spouse", "child", "parent", "grandchild", "sibling", "other"}},
        {"sex", {"male", "female"}},
        {"disability", {"none", "mild", "severe", "very_severe"}},
        {"employment", {"wage_contract", "wage_no_contract", "self_employed", "unpaid_family", "unemployed",
                        "not_in_labour_force"}},
        {"attending_level", {"none", "preschool", "primary", "lower_secondary", "upper_secondary", "vocational", "higher"}},
        {"completed_level", {"none", "primary", "lower_secondary", "upper_secondary", "vocational_elementary",
                             "vocational_intermediate", "college", "university"}},
    }};
    return kAll;
}

}  // namespace

const std::vector<std::string>& codes_of(CodeField field) { return all()[static_cast<std::size_t>(field)].codes; }

const char* field_name(CodeField field) { return all()[static_cast<std::size_t>(field)].name; }

bool code_field_by_name(std::string_view name, CodeField& out) {
    for (int i = 0; i < kCodeFieldCount; ++i) {
        if (name == all()[static_cast<std::size_t>(i)].name) {
            out = static_cast<CodeField>(i);
            return true;
        }
    }
    return false;
}

std::uint8_t code_id(CodeField field, std::string_view code) {
    const auto& codes = codes_of(field);
    for (std::size_t i = 0; i < codes.size(); ++i)
        if (codes[i] == code) return static_cast<std::uint8_t>(i + 1);
    return 0;
}

}  // namespace giamngheo
