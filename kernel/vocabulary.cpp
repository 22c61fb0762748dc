#include "kernel/vocabulary.hpp"

#include <array>
#include <map>
#include <nlohmann/json.hpp>

#include "kernel/format_vi.hpp"

namespace giamngheo {
namespace {

struct FieldCodes {
    const char* name;
    std::vector<std::string> codes;
    std::vector<std::string> labels;  // in code order
    std::map<std::string, std::uint8_t> id_by_folded_label;
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
            auto& field = out[static_cast<std::size_t>(i)];
            for (const auto& entry : lists.at(kFieldNames[static_cast<std::size_t>(i)]).at("codes")) {
                field.codes.push_back(entry.at("code").get<std::string>());
                field.labels.push_back(entry.at("label").get<std::string>());
                field.id_by_folded_label[upper_vi(field.labels.back())] = static_cast<std::uint8_t>(field.codes.size());
            }
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

std::uint8_t code_id_by_label(CodeField field, std::string_view label) {
    const auto& by_label = all()[static_cast<std::size_t>(field)].id_by_folded_label;
    const auto it = by_label.find(upper_vi(std::string(label)));
    return it == by_label.end() ? 0 : it->second;
}

namespace {

struct Columns {
    std::vector<InterchangeColumn> of_file[2];
    std::map<std::string, std::string> key_by_folded_header[2];
    std::string yes, no;  // folded
};

const Columns& columns() {
    static const Columns kColumns = [] {
        const auto vocabulary = nlohmann::json::parse(kVocabularyJson);
        Columns out;
        const char* files[] = {"households", "members"};
        for (std::size_t f = 0; f < 2; ++f) {
            for (const auto& entry : vocabulary.at("columns").at(files[f])) {
                InterchangeColumn c;
                c.key = entry.at("key").get<std::string>();
                c.label = entry.at("label").get<std::string>();
                c.kind = entry.at("kind").get<std::string>();
                c.code_list = entry.value("code_list", "");
                c.example = entry.value("example", "");
                c.note = entry.value("note", "");
                c.required = entry.value("required", false);
                out.key_by_folded_header[f][upper_vi(c.key)] = c.key;
                out.key_by_folded_header[f][upper_vi(c.label)] = c.key;
                out.of_file[f].push_back(std::move(c));
            }
        }
        const auto& answer = vocabulary.at("labels").at("answer");
        out.yes = upper_vi(answer.at("yes").get<std::string>());
        out.no = upper_vi(answer.at("no").get<std::string>());
        return out;
    }();
    return kColumns;
}

}  // namespace

const std::vector<InterchangeColumn>& interchange_columns(InterchangeFile file) {
    return columns().of_file[static_cast<std::size_t>(file)];
}

std::string column_key_by_header(InterchangeFile file, std::string_view header) {
    const auto& keys = columns().key_by_folded_header[static_cast<std::size_t>(file)];
    const auto it = keys.find(upper_vi(std::string(header)));
    return it == keys.end() ? std::string(header) : it->second;
}

std::optional<bool> answer_by_label(std::string_view text) {
    const std::string folded = upper_vi(std::string(text));
    if (folded == columns().yes) return true;
    if (folded == columns().no) return false;
    return std::nullopt;
}

std::string accepted_values(CodeField field) {
    const auto& f = all()[static_cast<std::size_t>(field)];
    std::string out;
    for (std::size_t i = 0; i < f.codes.size(); ++i)
        out += (i ? ", " : "") + f.labels[i] + " (" + f.codes[i] + ")";
    return out;
}

}  // namespace giamngheo
