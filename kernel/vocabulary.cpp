#include "kernel/vocabulary.hpp"

#include <array>
#include <nlohmann/json.hpp>

namespace giamngheo {
namespace {

struct FieldCodes {
    const char* name;
    std::vector<std::string> codes;
};

// The fields in CodeField order; their codes, in stored-id order, come from the vocabulary.
constexpr std::array<const char*, kCodeFieldCount> kFieldNames = {
    "area",     "housing_type", "water_source", "latrine",    "info_assets",     "waste_treatment",
    "relation", "sex",          "disability",   "employment", "attending_level", "completed_level"};

const std::array<FieldCodes, kCodeFieldCount>& all() {
    static const std::array<FieldCodes, kCodeFieldCount> kAll = [] {
        const auto lists = nlohmann::json::parse(kVocabularyJson).at("code_lists");
        std::array<FieldCodes, kCodeFieldCount> out;
        for (int i = 0; i < kCodeFieldCount; ++i) {
            out[static_cast<std::size_t>(i)].name = kFieldNames[static_cast<std::size_t>(i)];
            for (const auto& entry : lists.at(kFieldNames[static_cast<std::size_t>(i)]).at("codes"))
                out[static_cast<std::size_t>(i)].codes.push_back(entry.at("code").get<std::string>());
        }
        return out;
    }();
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
