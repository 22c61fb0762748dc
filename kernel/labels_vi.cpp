#include "kernel/labels_vi.hpp"

#include <map>
#include <nlohmann/json.hpp>

#include "kernel/vocabulary.hpp"

namespace giamngheo {
namespace {

// Every label of the vocabulary by group (a code list's field name, or a label group such as
// household_class), and each code list's own label.
struct Labels {
    std::map<std::string, std::map<std::string, std::string>> by_group;
    std::map<std::string, std::string> fields;
};

const Labels& labels() {
    static const Labels kLabels = [] {
        Labels out;
        const auto vocabulary = nlohmann::json::parse(kVocabularyJson);
        for (const auto& [field, list] : vocabulary.at("code_lists").items()) {
            out.fields[field] = list.at("label").get<std::string>();
            for (const auto& entry : list.at("codes"))
                out.by_group[field][entry.at("code").get<std::string>()] = entry.at("label").get<std::string>();
        }
        for (const char* file : {"households", "members"})
            for (const auto& column : vocabulary.at("columns").at(file))
                out.fields.emplace(column.at("key").get<std::string>(), column.at("label").get<std::string>());
        for (const auto& [group, entries] : vocabulary.at("labels").items())
            for (const auto& [code, label] : entries.items()) out.by_group[group][code] = label.get<std::string>();
        return out;
    }();
    return kLabels;
}

}  // namespace

std::string label_vi(const std::string& field, const std::string& code) {
    const auto& groups = labels().by_group;
    auto f = groups.find(field);
    if (f == groups.end()) return code;
    auto c = f->second.find(code);
    return c == f->second.end() ? code : c->second;
}

bool has_label(const std::string& group, const std::string& code) {
    const auto& groups = labels().by_group;
    const auto f = groups.find(group);
    return f != groups.end() && f->second.count(code) > 0;
}

std::string field_label_vi(const std::string& field) {
    const auto& fields = labels().fields;
    auto it = fields.find(field);
    return it == fields.end() ? field : it->second;
}

}  // namespace giamngheo
