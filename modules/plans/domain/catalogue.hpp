// The catalogues a plan refers to: the programme's nodes (data/programmes/<id>.json) and the
// funding sources, fund kinds, rules and counterpart rules (data/programmes/funding.json), each
// rule with where it applies and its legal source. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "kernel/date.hpp"

namespace giamngheo {

// ---------------------------------------------------------------- catalogues

struct ProgrammeNode {
    std::string key;     // DA2, DA3.TDA1, HP1.ND01
    std::string kind;    // project | sub_project | component | component_content
    std::string parent;  // empty for a top-level node
    int order = 0;
    std::string label;  // "Dự án 2", "Tiểu dự án 1"
    std::string name;   // official Vietnamese name
    std::string lead_ministry;
};

struct Programme {
    std::string id;  // ntp-2021-2025
    std::string name;
    int start_year = 0;
    int end_year = 0;
    std::string legal_source;  // "90/QĐ-TTg"
    // Last day on which the programme's funds may be used, with the instrument that allows it
    // (2021–2025 funds: 31/12/2026 by Resolution 257/2025/QH15). Unset: no limit known.
    std::optional<Date> funds_usable_until;
    std::string funds_usable_until_source;
    std::vector<ProgrammeNode> nodes;  // catalogue order

    [[nodiscard]] const ProgrammeNode* find(const std::string& key) const;
    // "Dự án 2: Đa dạng hóa sinh kế, ..." or "Tiểu dự án 1 (Dự án 3): ..."; the key itself when unknown.
    [[nodiscard]] std::string title(const std::string& key) const;
    // "Dự án 3 - Tiểu dự án 1: Hỗ trợ ..." (a table row that must stand on its own).
    [[nodiscard]] std::string qualified_title(const std::string& key) const;
    // "Dự án 2" / "Dự án 3 - Tiểu dự án 1" (short, for tables and messages).
    [[nodiscard]] std::string short_label(const std::string& key) const;
    // Whether `key` is `ancestor` or lies under it.
    [[nodiscard]] bool within(const std::string& key, const std::string& ancestor) const;
};

// Builds a programme from data/programmes/<id>.json. Throws std::invalid_argument naming the key.
[[nodiscard]] Programme parse_programme(const nlohmann::json& document);

struct FundSubKind {
    std::string key;  // economic, education_training ... (a budget chapter of the fund kind)
    std::string name;  // "sự nghiệp kinh tế"
};

struct FundKind {
    std::string key;  // recurrent | investment | credit | other
    std::string name;
    std::vector<FundSubKind> sub_kinds;

    [[nodiscard]] const FundSubKind* sub_kind(const std::string& key) const;
};

struct FundingSource {
    std::string key;
    std::string name;
    std::string level;  // central | provincial | district | commune | local | non_state | mixed
    std::vector<std::string> fund_kinds;
    std::optional<bool> state_budget;

    [[nodiscard]] bool is_central() const { return level == "central"; }
    // A local state budget: what counts as the local counterpart of central funds.
    [[nodiscard]] bool is_local_budget() const {
        return level == "provincial" || level == "district" || level == "commune" || level == "local";
    }
};

// A rule parameter from funding.json, with where it applies and where it comes from.
struct FundingRule {
    std::string key;
    std::string label_vi;  // what the rule is, as findings name it
    double value = 0;
    std::string unit;        // vnd | years | percent_of_central_support | ...
    std::string comparison;  // max_inclusive | min_inclusive | equal
    std::string programme;   // applies_to.programme
    std::vector<std::string> nodes;   // applies_to.nodes; empty = every node
    std::string support_form;         // applies_to.support_form (single form only)
    std::string scope;                // national | provincial
    std::string province_code;        // for provincial rules (GSO 2024 code)
    std::string province_name;
    std::string legal_source;  // the instrument or plan that sets it, as a citation
    bool verified = false;
};

// How a minimum amount is rounded: to a multiple of `unit_vnd` (1 000 000: to the million, as
// plans print), half_up | up | down.
struct Rounding {
    std::int64_t unit_vnd = 1;
    std::string mode = "half_up";

    // `share_percent` % of `base_vnd` rounded (the share is taken to the hundredth of a percent).
    [[nodiscard]] std::int64_t share_of(std::int64_t base_vnd, double share_percent) const;
    // "làm tròn đến triệu đồng", "làm tròn lên đến nghìn đồng".
    [[nodiscard]] std::string vietnamese() const;
};

// The minimum local counterpart of a province (funding.json counterpart_rules): the lines of
// `counterpart_sources` must reach `share_percent` of the lines of `base_sources`, per node or
// per budget year, for plans of `plan_levels` and lines of `recipient_class`.
struct CounterpartRule {
    std::string key;
    std::string label_vi;
    std::string programme;
    std::string province_code;  // GSO 2024 code of the issuing unit's province
    std::string province_name;
    std::vector<std::string> plan_levels;  // province | district | commune; empty = every level
    std::string recipient_class;           // department | locality; empty = every line
    std::vector<std::string> counterpart_sources;
    std::string counterpart_label_vi;  // "ngân sách địa phương"; empty: the sources' names
    std::vector<std::string> base_sources;
    std::string base_label_vi;  // "vốn sự nghiệp ngân sách trung ương"
    double share_percent = 0;
    std::string per;  // node | year
    Rounding rounding;
    std::optional<Date> valid_from;  // inclusive; the budget year's days the rule is in force
    std::optional<Date> valid_to;
    std::string legal_source;
    bool verified = false;

    // In force on some day of `budget_year`.
    [[nodiscard]] bool in_force(int budget_year) const;
    [[nodiscard]] bool applies_to_level(const std::string& level) const;
};

// The yearly public-investment plan ("kế hoạch đầu tư công năm N+1") reports year N up to a
// day of that year ("giải ngân đến 30/6") before it proposes year N+1 (funding.json
// public_investment_plan, with its legal source).
struct PublicInvestmentSchedule {
    int results_month = 0;
    int results_day = 0;
    std::string legal_source;
    bool verified = false;
};

struct RecipientClass {
    std::string key;  // department | locality
    std::string name;
};

struct FundingCatalogue {
    std::vector<FundKind> fund_kinds;
    std::vector<FundingSource> sources;
    std::vector<FundingRule> rules;
    std::vector<CounterpartRule> counterpart_rules;
    std::vector<RecipientClass> recipient_classes;
    PublicInvestmentSchedule public_investment;

    [[nodiscard]] const FundingSource* source(const std::string& key) const;
    [[nodiscard]] const FundKind* fund_kind(const std::string& key) const;
    // The rule `key` for a plan of `programme` in `province_code`: the province's own rule
    // wins over a national one; nullptr when none applies.
    [[nodiscard]] const FundingRule* rule(const std::string& key, const std::string& programme,
                                          const std::string& province_code) const;
};

[[nodiscard]] FundingCatalogue parse_funding(const nlohmann::json& document);

}  // namespace giamngheo
