#include "kernel/classify.hpp"

#include <algorithm>
#include <cctype>

#include "kernel/format_vi.hpp"
#include "kernel/labels_vi.hpp"

namespace giamngheo {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

bool equals_ignoring_case(const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

const std::string* member_code(const Member& m, const std::string& field) {
    if (field == "employment") return &m.employment;
    if (field == "disability") return &m.disability;
    if (field == "relation") return &m.relation;
    if (field == "attending_level") return &m.attending_level;
    if (field == "completed_level") return &m.completed_level;
    if (field == "ethnicity") return &m.ethnicity;
    return nullptr;
}

const std::optional<bool>* member_flag(const Member& m, const std::string& field) {
    if (field == "social_protection") return &m.social_protection;
    if (field == "revolutionary_merit") return &m.revolutionary_merit;
    if (field == "health_insurance") return &m.health_insurance;
    if (field == "stunted") return &m.stunted;
    if (field == "underweight") return &m.underweight;
    if (field == "uses_phone") return &m.uses_phone;
    if (field == "uses_internet") return &m.uses_internet;
    return nullptr;
}

const std::string& household_code(const Household& h, const std::string& field) {
    if (field == "housing_type") return h.housing_type;
    if (field == "water_source") return h.water_source;
    if (field == "latrine") return h.latrine;
    return h.waste_treatment;
}

// Evaluates one rule. Rules are literal about unknowns: any needed input that is missing
// makes the indicator unknown, even when another member already satisfies it.
class RuleEvaluator {
public:
    RuleEvaluator(const Household& h, const Standard& s, const ReviewContext& c)
        : household_(h), standard_(s), context_(c) {}

    IndicatorOutcome evaluate(const IndicatorRule& rule) const {
        IndicatorOutcome out;
        switch (rule.kind) {
            case RuleKind::member_value_in: member_value_in(rule, out); break;
            case RuleKind::member_flag_any: member_flag_any(rule, out); break;
            case RuleKind::member_flag_false: member_flag_false(rule, out); break;
            case RuleKind::dependant_share: dependant_share(rule, out); break;
            case RuleKind::adult_education: adult_education(rule, out); break;
            case RuleKind::child_schooling: child_schooling(rule, out); break;
            case RuleKind::household_value_in:
            case RuleKind::household_value_not_in: household_value(rule, out); break;
            case RuleKind::area_per_member_below: area_per_member(rule, out); break;
            case RuleKind::no_member_flag: no_member_flag(rule, out); break;
            case RuleKind::no_info_access: no_info_access(rule, out); break;
        }
        if (!out.missing.empty()) {
            out.value = Tri::unknown;
            std::string list;
            for (const auto& m : out.missing) list += (list.empty() ? "" : ", ") + m;
            out.detail = "Thiếu thông tin: " + list;
        } else if (out.value != Tri::yes) {
            out.value = Tri::no;
        }
        out.computed = out.value;
        return out;
    }

private:
    int age(const Member& m) const { return completed_years(m.birth_date, context_.reference_date); }

    Tri in_scope(const Member& m, const AgeScope& scope) const {
        const int years = age(m);
        if (scope.from_age && years < *scope.from_age) return Tri::no;
        if (scope.below_age && years >= *scope.below_age) return Tri::no;
        if (scope.working_age) return working_age(m, standard_, context_);
        return Tri::yes;
    }

    // Adds the member to `missing` when its scope is undecidable; returns whether it is in scope.
    bool check_scope(const Member& m, const AgeScope& scope, IndicatorOutcome& out) const {
        const Tri s = in_scope(m, scope);
        if (s == Tri::unknown) out.missing.push_back(m.member_id + ".sex");
        return s == Tri::yes;
    }

    static void decide(const Member& m, IndicatorOutcome& out) {
        out.deciding_members.push_back(m.member_id);
        out.value = Tri::yes;
    }

    void member_value_in(const IndicatorRule& rule, IndicatorOutcome& out) const {
        for (const auto& m : household_.members) {
            if (!check_scope(m, rule.scope, out)) continue;
            const std::string& value = *member_code(m, rule.field);
            if (value.empty())
                out.missing.push_back(m.member_id + "." + rule.field);
            else if (contains(rule.values, value))
                decide(m, out);
        }
    }

    void member_flag_any(const IndicatorRule& rule, IndicatorOutcome& out) const {
        for (const auto& m : household_.members) {
            if (!check_scope(m, rule.scope, out)) continue;
            bool satisfied = false;
            for (const auto& flag : rule.flags) {
                const auto& value = *member_flag(m, flag);
                if (!value) out.missing.push_back(m.member_id + "." + flag);
                else if (*value) satisfied = true;
            }
            if (satisfied) decide(m, out);
        }
    }

    void member_flag_false(const IndicatorRule& rule, IndicatorOutcome& out) const {
        for (const auto& m : household_.members) {
            if (!check_scope(m, rule.scope, out)) continue;
            const auto& value = *member_flag(m, rule.flags.front());
            if (!value) out.missing.push_back(m.member_id + "." + rule.flags.front());
            else if (!*value) decide(m, out);
        }
    }

    void dependant_share(const IndicatorRule& rule, IndicatorOutcome& out) const {
        const int members = static_cast<int>(household_.members.size());
        int dependants = 0;
        for (const auto& m : household_.members) {
            const int years = age(m);
            if (years < rule.dependant_below_age || years >= rule.dependant_from_age) {
                ++dependants;
                out.deciding_members.push_back(m.member_id);
            } else if (m.disability.empty()) {
                out.missing.push_back(m.member_id + ".disability");
            } else if (contains(rule.dependant_disabilities, m.disability)) {
                ++dependants;
                out.deciding_members.push_back(m.member_id);
            }
        }
        if (members == 0) {
            out.missing.push_back("members");
            return;
        }
        if (static_cast<double>(dependants) > rule.share_above * members) out.value = Tri::yes;
        out.detail = std::to_string(dependants) + "/" + std::to_string(members) + " người phụ thuộc (" +
                     format_decimal_vi(100.0 * dependants / members, 1) + "%, ngưỡng trên " +
                     format_decimal_vi(100.0 * rule.share_above, 1) + "%)";
    }

    void adult_education(const IndicatorRule& rule, IndicatorOutcome& out) const {
        for (const auto& m : household_.members) {
            const int years = age(m);
            const EducationBand* band = nullptr;
            for (const auto& b : rule.education_bands)
                if (years >= b.from_age && years <= b.to_age) band = &b;
            if (!band) continue;
            if (m.attending_level.empty()) {
                out.missing.push_back(m.member_id + ".attending_level");
                continue;
            }
            if (!contains(rule.not_attending_levels, m.attending_level)) continue;
            if (m.completed_level.empty())
                out.missing.push_back(m.member_id + ".completed_level");
            else if (!contains(band->accepted_completed_levels, m.completed_level))
                decide(m, out);
        }
    }

    void child_schooling(const IndicatorRule& rule, IndicatorOutcome& out) const {
        for (const auto& m : household_.members) {
            if (!check_scope(m, rule.scope, out)) continue;
            const int school_age = context_.year - m.birth_date.year;
            const ExpectedSchoolLevel* expected = nullptr;
            for (const auto& level : rule.expected_levels)
                if (school_age >= level.from_school_age) expected = &level;
            if (m.attending_level.empty()) {
                out.missing.push_back(m.member_id + ".attending_level");
                continue;
            }
            const auto rank = rule.attending_level_rank.find(m.attending_level);
            const int attending = rank == rule.attending_level_rank.end() ? 0 : rank->second;
            const int wanted = expected ? rule.attending_level_rank.at(expected->level) : 1;
            if (attending == 0 || attending < wanted) decide(m, out);
        }
    }

    void household_value(const IndicatorRule& rule, IndicatorOutcome& out) const {
        const std::string& value = household_code(household_, rule.field);
        if (value.empty()) {
            out.missing.push_back(rule.field);
            return;
        }
        const bool listed = contains(rule.values, value);
        if (listed == (rule.kind == RuleKind::household_value_in)) out.value = Tri::yes;
        out.detail = field_label_vi(rule.field) + ": " + label_vi(rule.field, value);
    }

    void area_per_member(const IndicatorRule& rule, IndicatorOutcome& out) const {
        const auto members = static_cast<std::int64_t>(household_.members.size());
        if (!household_.housing_area_milli_m2) out.missing.push_back("housing_area_m2");
        if (members == 0) out.missing.push_back("members");
        if (!out.missing.empty()) return;
        const std::int64_t area = *household_.housing_area_milli_m2;
        if (area < rule.min_milli_m2_per_member * members) out.value = Tri::yes;
        out.detail = format_decimal_vi(area / 1000.0, 3) + " m² / " + std::to_string(members) + " người = " +
                     format_decimal_vi(static_cast<double>(area) / 1000.0 / static_cast<double>(members), 2) +
                     " m²/người (ngưỡng " + format_decimal_vi(rule.min_milli_m2_per_member / 1000.0, 3) + " m²)";
    }

    void no_member_flag(const IndicatorRule& rule, IndicatorOutcome& out) const {
        bool someone = false;
        for (const auto& m : household_.members) {
            for (const auto& flag : rule.flags) {
                const auto& value = *member_flag(m, flag);
                if (!value) out.missing.push_back(m.member_id + "." + flag);
                else if (*value) someone = true;
            }
        }
        if (household_.members.empty()) out.missing.push_back("members");
        if (!someone) out.value = Tri::yes;
        out.detail = someone ? "có thành viên sử dụng" : "không thành viên nào sử dụng";
    }

    void no_info_access(const IndicatorRule& rule, IndicatorOutcome& out) const {
        if (!household_.info_assets) out.missing.push_back("info_assets");
        if (!household_.hears_loudspeaker) out.missing.push_back("hears_loudspeaker");
        if (!out.missing.empty()) return;
        bool has_asset = false;
        for (const auto& asset : *household_.info_assets) has_asset = has_asset || contains(rule.assets, asset);
        if (!has_asset && !*household_.hears_loudspeaker) out.value = Tri::yes;
        out.detail = std::string(has_asset ? "có" : "không có") + " phương tiện tiếp cận thông tin; " +
                     (*household_.hears_loudspeaker ? "nghe được" : "không nghe được") + " loa truyền thanh";
    }

    const Household& household_;
    const Standard& standard_;
    const ReviewContext& context_;
};

std::uint8_t household_flags(const Household& h, const Standard& s, const ReviewContext& c) {
    std::uint8_t flags = 0;
    const Member* head = h.head();
    auto minority = [&](const Member& m) {
        return !m.ethnicity.empty() && !equals_ignoring_case(m.ethnicity, s.majority_ethnicity);
    };
    if (head) {
        if (minority(*head)) flags |= kEthnicMinority;
        if (head->sex == Sex::female) flags |= kFemaleHead;
    } else {
        const auto count = std::count_if(h.members.begin(), h.members.end(), minority);
        if (2 * count > static_cast<long>(h.members.size())) flags |= kEthnicMinority;
    }
    bool all_protected = !h.members.empty();
    bool any_able = false;
    for (const auto& m : h.members) {
        if (m.revolutionary_merit.value_or(false)) flags |= kRevolutionaryMerit;
        if (!m.social_protection.value_or(false)) all_protected = false;
        const bool incapacitated = !m.disability.empty() && contains(s.incapacitating_disabilities, m.disability);
        if (working_age(m, s, c) != Tri::no && !incapacitated) any_able = true;
    }
    if (all_protected) flags |= kSocialProtectionOnly;
    if (!h.members.empty() && !any_able) flags |= kNoLabourCapacity;
    return flags;
}

std::string area_name(const std::string& area) { return area == "urban" ? "thành thị" : "nông thôn"; }

void apply_income_test(const Household& h, const Standard& s, Classification& out) {
    if (out.area.empty()) {
        out.reason = "Không xác định được khu vực (thành thị/nông thôn) nên không áp được chuẩn thu nhập";
        return;
    }
    const std::string where = area_name(out.area);
    if (h.income_per_capita) {
        const double income = static_cast<double>(*h.income_per_capita);
        const double line = *s.income_line.for_area(out.area);
        const auto band = s.average_band_upper.for_area(out.area);
        const std::string shown = format_integer_vi(*h.income_per_capita) + " đồng/người/tháng";
        if (income <= line) {
            out.income_test = IncomeTest::low_income;
            out.reason = "Thu nhập bình quân " + shown + " ≤ chuẩn nghèo " + where + " " +
                         format_integer_vi(static_cast<std::int64_t>(line));
        } else if (band && income <= *band) {
            out.income_test = IncomeTest::average_band;
            out.reason = "Thu nhập bình quân " + shown + " trong khoảng mức sống trung bình " + where + " (" +
                         format_integer_vi(static_cast<std::int64_t>(line)) + "; " +
                         format_integer_vi(static_cast<std::int64_t>(*band)) + "]";
        } else {
            out.income_test = IncomeTest::above;
            out.reason = "Thu nhập bình quân " + shown + " cao hơn mức sống trung bình " + where;
        }
        return;
    }
    if (h.score_a) {
        const auto line = s.score_a_line.for_area(out.area);
        if (!line) {
            out.reason = "Không có thu nhập; chuẩn " + s.id + " chưa có quy đổi điểm A nên chưa phân loại được";
            return;
        }
        const auto band = s.score_a_average_band_upper.for_area(out.area);
        const std::string shown = "Điểm A " + format_decimal_vi(*h.score_a, 2);
        if (*h.score_a <= *line) {
            out.income_test = IncomeTest::low_income;
            out.reason = shown + " ≤ " + format_decimal_vi(*line, 2) + " (tương đương chuẩn nghèo " + where + ")";
        } else if (band && *h.score_a <= *band) {
            out.income_test = IncomeTest::average_band;
            out.reason = shown + " trong khoảng mức sống trung bình";
        } else {
            out.income_test = IncomeTest::above;
            out.reason = shown + " > " + format_decimal_vi(*line, 2) + " (cao hơn chuẩn nghèo " + where + ")";
        }
        return;
    }
    out.reason = "Không có thu nhập bình quân và điểm A nên chưa phân loại được";
}

}  // namespace

const char* to_string(HouseholdClass c) {
    switch (c) {
        case HouseholdClass::poor: return "poor";
        case HouseholdClass::near_poor: return "near_poor";
        case HouseholdClass::average: return "average";
        case HouseholdClass::above_average: return "above_average";
        case HouseholdClass::unclassified: return "unclassified";
    }
    return "unclassified";
}

const char* vietnamese_name(HouseholdClass c) {
    switch (c) {
        case HouseholdClass::poor: return "hộ nghèo";
        case HouseholdClass::near_poor: return "hộ cận nghèo";
        case HouseholdClass::average: return "hộ có mức sống trung bình";
        case HouseholdClass::above_average: return "hộ trên mức sống trung bình";
        case HouseholdClass::unclassified: return "chưa phân loại";
    }
    return "chưa phân loại";
}

const char* to_string(IncomeTest t) {
    switch (t) {
        case IncomeTest::low_income: return "low_income";
        case IncomeTest::average_band: return "average_band";
        case IncomeTest::above: return "above";
        case IncomeTest::unknown: return "unknown";
    }
    return "unknown";
}

bool parse_household_class(const std::string& text, HouseholdClass& out) {
    for (int i = 0; i < kHouseholdClassCount; ++i) {
        if (text == to_string(static_cast<HouseholdClass>(i))) {
            out = static_cast<HouseholdClass>(i);
            return true;
        }
    }
    return false;
}

bool parse_income_test(const std::string& text, IncomeTest& out) {
    for (int i = 0; i <= static_cast<int>(IncomeTest::unknown); ++i) {
        if (text == to_string(static_cast<IncomeTest>(i))) {
            out = static_cast<IncomeTest>(i);
            return true;
        }
    }
    return false;
}

Tri working_age(const Member& m, const Standard& s, const ReviewContext& c) {
    if (completed_years(m.birth_date, c.reference_date) < s.working_age_from) return Tri::no;
    const int months = completed_months(m.birth_date, c.reference_date);
    const int male = s.retirement_male.months_in(c.year);
    const int female = s.retirement_female.months_in(c.year);
    switch (m.sex) {
        case Sex::male: return months < male ? Tri::yes : Tri::no;
        case Sex::female: return months < female ? Tri::yes : Tri::no;
        case Sex::unknown: break;
    }
    if (months < std::min(male, female)) return Tri::yes;
    if (months >= std::max(male, female)) return Tri::no;
    return Tri::unknown;
}

Classification classify(const Household& h, const Standard& s, const ReviewContext& c) {
    Classification out;
    out.area = c.area;
    RuleEvaluator evaluator(h, s, c);
    out.indicators.reserve(s.indicators.size());
    for (const auto& rule : s.indicators) {
        IndicatorOutcome outcome = evaluator.evaluate(rule);
        if (auto it = h.deprived_override.find(rule.key); it != h.deprived_override.end()) {
            outcome.overridden = true;
            outcome.value = it->second ? Tri::yes : Tri::no;
        }
        if (outcome.value == Tri::yes) ++out.deprivation_count;
        if (outcome.value == Tri::unknown) ++out.unknown_count;
        out.indicators.push_back(std::move(outcome));
    }
    out.score_b = out.deprivation_count * s.score_b_per_deprivation;
    out.flags = household_flags(h, s, c);

    apply_income_test(h, s, out);
    const int needed = s.poor_min_deprivations;
    const std::string count = "thiếu hụt " + std::to_string(out.deprivation_count) + " chỉ số";
    switch (out.income_test) {
        case IncomeTest::low_income:
            if (out.deprivation_count >= needed) {
                out.household_class = HouseholdClass::poor;
                out.reason += "; " + count + " (≥ " + std::to_string(needed) + ") → hộ nghèo";
            } else if (out.deprivation_count + out.unknown_count >= needed) {
                out.household_class = HouseholdClass::unclassified;
                out.reason += "; " + count + ", còn " + std::to_string(out.unknown_count) +
                              " chỉ số chưa đủ thông tin có thể đưa tổng lên " + std::to_string(needed) +
                              " → chưa phân loại (thiếu thông tin)";
            } else {
                out.household_class = HouseholdClass::near_poor;
                out.reason += "; " + count + " (< " + std::to_string(needed) + ") → hộ cận nghèo";
            }
            break;
        case IncomeTest::average_band:
            out.household_class = HouseholdClass::average;
            out.reason += " → hộ có mức sống trung bình";
            break;
        case IncomeTest::above:
            out.household_class = HouseholdClass::above_average;
            out.reason += " → không thuộc diện nghèo, cận nghèo, mức sống trung bình";
            break;
        case IncomeTest::unknown:
            out.household_class = HouseholdClass::unclassified;
            break;
    }
    return out;
}

}  // namespace giamngheo
