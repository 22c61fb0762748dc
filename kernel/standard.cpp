#include "kernel/standard.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace giamngheo {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& where, const std::string& what) {
    throw std::invalid_argument("standard: " + where + ": " + what);
}

const json& require(const json& object, const std::string& key, const std::string& where) {
    if (!object.is_object() || !object.contains(key)) fail(where, "missing \"" + key + "\"");
    return object.at(key);
}

std::string source_text(const json& node) {
    if (!node.contains("legal_source")) return {};
    const json& source = node.at("legal_source");
    if (source.is_string()) return source.get<std::string>();
    std::string text = source.value("document", "");
    if (source.contains("article")) text += ", " + source.at("article").get<std::string>();
    if (source.contains("note")) text += " (" + source.at("note").get<std::string>() + ")";
    return text;
}

AreaValues area_values(const json& parent, const std::string& key) {
    AreaValues values;
    if (!parent.contains(key) || parent.at(key).is_null()) return values;
    const json& node = parent.at(key);
    if (node.contains("rural") && !node.at("rural").is_null()) values.rural = node.at("rural").get<double>();
    if (node.contains("urban") && !node.at("urban").is_null()) values.urban = node.at("urban").get<double>();
    return values;
}

RetirementAge retirement(const json& node, const std::string& where) {
    RetirementAge age;
    age.base_year = require(node, "base_year", where).get<int>();
    age.base_months = require(node, "base_months", where).get<int>();
    age.step_months_per_year = require(node, "step_months_per_year", where).get<int>();
    age.max_months = require(node, "max_months", where).get<int>();
    return age;
}

const std::set<std::string> kMemberCodeFields = {"employment", "disability", "relation",
                                                 "attending_level", "completed_level", "ethnicity",
                                                 "sex"};
const std::set<std::string> kMemberFlagFields = {"social_protection", "revolutionary_merit",
                                                 "health_insurance", "stunted", "underweight",
                                                 "uses_phone", "uses_internet"};
const std::set<std::string> kHouseholdCodeFields = {"housing_type", "water_source", "latrine",
                                                    "waste_treatment"};

RuleKind rule_kind(const std::string& name, const std::string& where) {
    static const std::map<std::string, RuleKind> kKinds = {
        {"member_value_in", RuleKind::member_value_in},
        {"member_flag_any", RuleKind::member_flag_any},
        {"member_flag_false", RuleKind::member_flag_false},
        {"dependant_share", RuleKind::dependant_share},
        {"adult_education", RuleKind::adult_education},
        {"child_schooling", RuleKind::child_schooling},
        {"household_value_in", RuleKind::household_value_in},
        {"household_value_not_in", RuleKind::household_value_not_in},
        {"area_per_member_below", RuleKind::area_per_member_below},
        {"no_member_flag", RuleKind::no_member_flag},
        {"no_info_access", RuleKind::no_info_access},
    };
    auto it = kKinds.find(name);
    if (it == kKinds.end()) fail(where, "unknown rule \"" + name + "\"");
    return it->second;
}

void check_fields(const std::vector<std::string>& fields, const std::set<std::string>& allowed,
                  const std::string& where) {
    if (fields.empty()) fail(where, "needs at least one field");
    for (const auto& f : fields)
        if (!allowed.count(f)) fail(where, "unknown field \"" + f + "\"");
}

IndicatorRule parse_indicator(const std::string& key, const json& node) {
    const std::string where = "indicators." + key;
    IndicatorRule rule;
    rule.key = key;
    rule.name = require(node, "name", where).get<std::string>();
    rule.dimension = require(node, "dimension", where).get<std::string>();
    rule.kind = rule_kind(require(node, "rule", where).get<std::string>(), where);
    rule.legal_source = source_text(node);
    const json params = node.value("params", json::object());
    if (params.contains("scope")) {
        const json& scope = params.at("scope");
        if (scope.contains("from_age")) rule.scope.from_age = scope.at("from_age").get<int>();
        if (scope.contains("below_age")) rule.scope.below_age = scope.at("below_age").get<int>();
        rule.scope.working_age = scope.value("working_age", false);
    }
    rule.field = params.value("field", "");
    rule.values = params.value("values", std::vector<std::string>{});
    rule.flags = params.value("flags", std::vector<std::string>{});

    switch (rule.kind) {
        case RuleKind::member_value_in:
            check_fields({rule.field}, kMemberCodeFields, where);
            if (rule.values.empty()) fail(where, "needs \"values\"");
            break;
        case RuleKind::member_flag_any:
        case RuleKind::no_member_flag:
            check_fields(rule.flags, kMemberFlagFields, where);
            break;
        case RuleKind::member_flag_false:
            check_fields(rule.flags, kMemberFlagFields, where);
            if (rule.flags.size() != 1) fail(where, "member_flag_false takes exactly one flag");
            break;
        case RuleKind::household_value_in:
        case RuleKind::household_value_not_in:
            check_fields({rule.field}, kHouseholdCodeFields, where);
            if (rule.values.empty()) fail(where, "needs \"values\"");
            break;
        case RuleKind::dependant_share:
            rule.dependant_below_age = require(params, "dependant_below_age", where).get<int>();
            rule.dependant_from_age = require(params, "dependant_from_age", where).get<int>();
            rule.dependant_disabilities =
                require(params, "dependant_disabilities", where).get<std::vector<std::string>>();
            rule.share_above = require(params, "share_above", where).get<double>();
            break;
        case RuleKind::adult_education:
            for (const json& band : require(params, "bands", where)) {
                rule.education_bands.push_back({require(band, "from_age", where).get<int>(),
                                                require(band, "to_age", where).get<int>(),
                                                require(band, "accepted_completed_levels", where)
                                                    .get<std::vector<std::string>>()});
            }
            rule.not_attending_levels =
                require(params, "not_attending_levels", where).get<std::vector<std::string>>();
            break;
        case RuleKind::child_schooling:
            for (const json& level : require(params, "expected_levels", where))
                rule.expected_levels.push_back({require(level, "from_school_age", where).get<int>(),
                                                require(level, "level", where).get<std::string>()});
            std::sort(rule.expected_levels.begin(), rule.expected_levels.end(),
                      [](const auto& a, const auto& b) { return a.from_school_age < b.from_school_age; });
            rule.attending_level_rank =
                require(params, "attending_level_rank", where).get<std::map<std::string, int>>();
            for (const auto& level : rule.expected_levels)
                if (!rule.attending_level_rank.count(level.level))
                    fail(where, "expected level \"" + level.level + "\" has no rank");
            break;
        case RuleKind::area_per_member_below: {
            const double m2 = require(params, "min_m2_per_member", where).get<double>();
            rule.min_milli_m2_per_member = static_cast<std::int64_t>(std::llround(m2 * 1000.0));
            break;
        }
        case RuleKind::no_info_access:
            rule.assets = require(params, "assets", where).get<std::vector<std::string>>();
            break;
    }
    return rule;
}

}  // namespace

int RetirementAge::months_in(int year) const {
    const int steps = std::max(0, year - base_year);
    return std::min(max_months, base_months + steps * step_months_per_year);
}

int Standard::indicator_index(const std::string& key) const {
    for (std::size_t i = 0; i < indicators.size(); ++i)
        if (indicators[i].key == key) return static_cast<int>(i);
    return -1;
}

Standard parse_standard(const json& doc) {
    Standard s;
    s.id = require(doc, "id", "").get<std::string>();
    const std::string where = s.id;
    s.name = require(doc, "name", where).get<std::string>();
    s.status = require(doc, "status", where).get<std::string>();
    s.legal_source = source_text(doc);
    if (doc.contains("review_years")) {
        s.first_review_year = doc.at("review_years").at(0).get<int>();
        s.last_review_year = doc.at("review_years").at(1).get<int>();
    }

    const json& income = require(doc, "income", where);
    s.income_line = area_values(income, "lines");
    s.average_band_upper = area_values(income, "average_band_upper");
    s.score_a_line = area_values(income, "score_a_lines");
    s.score_a_average_band_upper = area_values(income, "score_a_average_band_upper");
    if (!s.income_line.rural || !s.income_line.urban) fail(where, "income.lines needs rural and urban");

    const json& classification = require(doc, "classification", where);
    s.poor_min_deprivations = require(classification, "poor_min_deprivations", where).get<int>();
    s.score_b_per_deprivation = require(classification, "score_b_per_deprivation", where).get<int>();
    s.recently_escaped_months = require(require(doc, "transitions", where), "recently_escaped_months", where).get<int>();

    const json& working_age = require(doc, "working_age", where);
    s.working_age_from = require(working_age, "from_age", where).get<int>();
    const json& retire = require(working_age, "retirement", where);
    s.retirement_male = retirement(require(retire, "male", where), where + ".working_age.male");
    s.retirement_female = retirement(require(retire, "female", where), where + ".working_age.female");

    const json& flags = require(doc, "household_flags", where);
    s.majority_ethnicity = require(flags, "majority_ethnicity", where).get<std::string>();
    s.incapacitating_disabilities =
        require(flags, "incapacitating_disabilities", where).get<std::vector<std::string>>();

    for (const json& d : require(doc, "dimensions", where))
        s.dimensions.push_back({require(d, "key", where).get<std::string>(),
                                require(d, "name", where).get<std::string>()});

    const json& indicators = require(doc, "indicators", where);
    for (const json& key_node : require(doc, "indicator_order", where)) {
        const std::string key = key_node.get<std::string>();
        if (!indicators.contains(key)) fail(where, "indicator_order names \"" + key + "\" with no definition");
        IndicatorRule rule = parse_indicator(key, indicators.at(key));
        const bool known_dimension = std::any_of(s.dimensions.begin(), s.dimensions.end(),
                                                 [&](const Dimension& d) { return d.key == rule.dimension; });
        if (!known_dimension) fail(where, "indicator \"" + key + "\" has unknown dimension \"" + rule.dimension + "\"");
        s.indicators.push_back(std::move(rule));
    }
    if (s.indicators.empty()) fail(where, "no indicators");
    return s;
}

json apply_variant(const json& base, const json& variant) {
    json merged = base;
    if (variant.contains("overrides")) merged.merge_patch(variant.at("overrides"));
    merged["id"] = require(variant, "id", "variant");
    merged["status"] = "variant";
    merged["base"] = base.at("id");
    if (variant.contains("name")) merged["name"] = variant.at("name");
    if (variant.contains("legal_source")) merged["variant_legal_source"] = variant.at("legal_source");
    return merged;
}

}  // namespace giamngheo
