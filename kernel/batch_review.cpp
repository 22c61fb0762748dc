#include "kernel/batch_review.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "kernel/vocabulary.hpp"

namespace giamngheo {
namespace {

std::uint64_t mask_of(CodeField field, const std::vector<std::string>& codes) {
    std::uint64_t mask = 0;
    for (const auto& code : codes)
        if (const auto id = code_id(field, code)) mask |= 1ull << id;
    return mask;
}

std::uint16_t flags_of(const std::vector<std::string>& names) {
    std::uint16_t mask = 0;
    for (const auto& name : names) mask |= member_flag_bit(name);
    return mask;
}

bool in_mask(std::uint64_t mask, std::uint8_t id) { return (mask >> id) & 1u; }

int days_in_month(int year, int month) {
    const Date first{year, month, 1};
    return static_cast<int>(add_months(first, 1).days_since_epoch() - first.days_since_epoch());
}

std::string lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

constexpr std::uint8_t kTriNo = static_cast<std::uint8_t>(Tri::no);
constexpr std::uint8_t kTriYes = static_cast<std::uint8_t>(Tri::yes);
constexpr std::uint8_t kTriUnknown = static_cast<std::uint8_t>(Tri::unknown);
constexpr std::uint8_t kHead = 1;    // code id of "head" in CodeField::relation
constexpr std::uint8_t kMale = 1;    // code ids of CodeField::sex
constexpr std::uint8_t kFemale = 2;

}  // namespace

void RoundColumns::resize(std::size_t n) {
    deprived.resize(n);
    unknown.resize(n);
    household_class.resize(n);
    income_test.resize(n);
    flags.resize(n);
}

// A member's ages at the reference date, computed once per household.
struct BatchClassifier::MemberView {
    int age = 0;
    int school_age = 0;
    std::uint8_t working = kTriNo;
};

BatchClassifier::BatchClassifier(const Standard& s, const Date& reference_date, int year, const RegistryImage& image)
    : reference_(reference_date),
      year_(year),
      days_in_reference_month_(days_in_month(reference_date.year, reference_date.month)),
      working_age_from_(s.working_age_from),
      retirement_male_months_(s.retirement_male.months_in(year)),
      retirement_female_months_(s.retirement_female.months_in(year)),
      incapacitating_mask_(mask_of(CodeField::disability, s.incapacitating_disabilities)),
      poor_min_deprivations_(s.poor_min_deprivations) {
    const std::string majority = lower(s.majority_ethnicity);
    for (std::size_t e = 0; e < image.ethnicities.size(); ++e) {
        const std::string& name = image.ethnicities.at(static_cast<std::int32_t>(e));
        minority_by_ethnicity_.push_back(!name.empty() && lower(name) != majority);
    }
    const std::uint8_t rural = code_id(CodeField::area, "rural"), urban = code_id(CodeField::area, "urban");
    auto set = [](const AreaValues& values, std::uint8_t r, std::uint8_t u, double* out, bool* has) {
        if (values.rural) out[r] = *values.rural, has[r] = true;
        if (values.urban) out[u] = *values.urban, has[u] = true;
    };
    set(s.income_line, rural, urban, line_, has_line_);
    set(s.average_band_upper, rural, urban, band_, has_band_);
    set(s.score_a_line, rural, urban, score_line_, has_score_line_);
    set(s.score_a_average_band_upper, rural, urban, score_band_, has_score_band_);

    for (const IndicatorRule& r : s.indicators) {
        Rule c;
        c.kind = r.kind;
        c.from_age = r.scope.from_age.value_or(-1);
        c.below_age = r.scope.below_age.value_or(-1);
        c.working_age = r.scope.working_age;
        CodeField field{};
        if (!r.field.empty() && code_field_by_name(r.field, field)) {
            c.member_field = c.household_field = field;
            c.value_mask = mask_of(field, r.values);
        }
        c.flag_mask = flags_of(r.flags);
        c.dependant_below_age = r.dependant_below_age;
        c.dependant_from_age = r.dependant_from_age;
        c.dependant_disability_mask = mask_of(CodeField::disability, r.dependant_disabilities);
        c.share_above = r.share_above;
        c.bands = r.education_bands;
        for (const auto& band : r.education_bands)
            c.band_accepted_masks.push_back(mask_of(CodeField::completed_level, band.accepted_completed_levels));
        c.not_attending_mask = mask_of(CodeField::attending_level, r.not_attending_levels);
        for (const auto& level : r.expected_levels)
            c.expected_rank_by_school_age.emplace_back(level.from_school_age, r.attending_level_rank.at(level.level));
        for (const auto& [code, rank] : r.attending_level_rank)
            if (const auto id = code_id(CodeField::attending_level, code)) c.attending_rank[id] = rank;
        c.min_milli_m2_per_member = r.min_milli_m2_per_member;
        c.asset_mask = static_cast<std::uint8_t>(mask_of(CodeField::info_assets, r.assets));
        const auto key = image.override_keys.find(r.key);
        c.override_bit = key > 0 ? 1u << (key - 1) : 0u;
        rules_.push_back(std::move(c));
    }
}

void BatchClassifier::classify(const RegistryImage& im, const std::vector<std::uint8_t>& area, std::size_t begin,
                               std::size_t end, RoundColumns& out) const {
    std::vector<MemberView> view;
    const int ry = reference_.year, rm = reference_.month, rd = reference_.day;
    for (std::size_t i = begin; i < end; ++i) {
        const std::uint32_t first = im.member_begin[i], last = im.member_begin[i + 1];
        const int n = static_cast<int>(last - first);
        view.resize(static_cast<std::size_t>(n));
        for (int k = 0; k < n; ++k) {
            const std::size_t j = first + static_cast<std::size_t>(k);
            const int by = im.birth_year[j], bm = im.birth_month[j], bd = im.birth_day[j];
            MemberView& v = view[static_cast<std::size_t>(k)];
            v.age = ry - by - ((bm > rm || (bm == rm && bd > rd)) ? 1 : 0);
            v.school_age = year_ - by;
            if (v.age < working_age_from_) {
                v.working = kTriNo;
            } else {
                const int months = (ry - by) * 12 + (rm - bm) - (rd < std::min(bd, days_in_reference_month_) ? 1 : 0);
                const std::uint8_t s = im.sex[j];
                if (s == kMale) v.working = months < retirement_male_months_ ? kTriYes : kTriNo;
                else if (s == kFemale) v.working = months < retirement_female_months_ ? kTriYes : kTriNo;
                else if (months < std::min(retirement_male_months_, retirement_female_months_)) v.working = kTriYes;
                else if (months >= std::max(retirement_male_months_, retirement_female_months_)) v.working = kTriNo;
                else v.working = kTriUnknown;
            }
        }
        auto in_scope = [&](const Rule& r, const MemberView& v) -> std::uint8_t {
            if (r.from_age >= 0 && v.age < r.from_age) return kTriNo;
            if (r.below_age >= 0 && v.age >= r.below_age) return kTriNo;
            return r.working_age ? v.working : kTriYes;
        };
        auto member_code = [&](CodeField f, std::size_t j) -> std::uint8_t {
            switch (f) {
                case CodeField::employment: return im.employment[j];
                case CodeField::disability: return im.disability[j];
                case CodeField::relation: return im.relation[j];
                case CodeField::attending_level: return im.attending_level[j];
                case CodeField::completed_level: return im.completed_level[j];
                case CodeField::sex: return im.sex[j];
                default: return 0;
            }
        };
        auto household_code = [&](CodeField f) -> std::uint8_t {
            switch (f) {
                case CodeField::housing_type: return im.housing_type[i];
                case CodeField::water_source: return im.water_source[i];
                case CodeField::latrine: return im.latrine[i];
                default: return im.waste_treatment[i];
            }
        };

        std::uint32_t deprived = 0, unknown = 0;
        for (std::size_t r = 0; r < rules_.size(); ++r) {
            const Rule& rule = rules_[r];
            bool missing = false, satisfied = false;
            switch (rule.kind) {
                case RuleKind::member_value_in:
                    for (int k = 0; k < n; ++k) {
                        const std::uint8_t s = in_scope(rule, view[static_cast<std::size_t>(k)]);
                        if (s == kTriUnknown) missing = true;
                        if (s != kTriYes) continue;
                        const std::uint8_t code = member_code(rule.member_field, first + static_cast<std::size_t>(k));
                        if (code == 0) missing = true;
                        else if (in_mask(rule.value_mask, code)) satisfied = true;
                    }
                    break;
                case RuleKind::member_flag_any:
                case RuleKind::member_flag_false:
                    for (int k = 0; k < n; ++k) {
                        const std::uint8_t s = in_scope(rule, view[static_cast<std::size_t>(k)]);
                        if (s == kTriUnknown) missing = true;
                        if (s != kTriYes) continue;
                        const std::size_t j = first + static_cast<std::size_t>(k);
                        if ((im.flag_known[j] & rule.flag_mask) != rule.flag_mask) missing = true;
                        const std::uint16_t known_set = im.flag_known[j] & im.flag_value[j] & rule.flag_mask;
                        const std::uint16_t known_clear = im.flag_known[j] & ~im.flag_value[j] & rule.flag_mask;
                        if (rule.kind == RuleKind::member_flag_any ? known_set != 0 : known_clear != 0) satisfied = true;
                    }
                    break;
                case RuleKind::dependant_share: {
                    int dependants = 0;
                    for (int k = 0; k < n; ++k) {
                        const int age = view[static_cast<std::size_t>(k)].age;
                        const std::uint8_t d = im.disability[first + static_cast<std::size_t>(k)];
                        if (age < rule.dependant_below_age || age >= rule.dependant_from_age) ++dependants;
                        else if (d == 0) missing = true;
                        else if (in_mask(rule.dependant_disability_mask, d)) ++dependants;
                    }
                    if (n == 0) missing = true;
                    satisfied = static_cast<double>(dependants) > rule.share_above * n;
                    break;
                }
                case RuleKind::adult_education:
                    for (int k = 0; k < n; ++k) {
                        const int age = view[static_cast<std::size_t>(k)].age;
                        int band = -1;
                        for (std::size_t b = 0; b < rule.bands.size(); ++b)
                            if (age >= rule.bands[b].from_age && age <= rule.bands[b].to_age) band = static_cast<int>(b);
                        if (band < 0) continue;
                        const std::size_t j = first + static_cast<std::size_t>(k);
                        if (im.attending_level[j] == 0) {
                            missing = true;
                            continue;
                        }
                        if (!in_mask(rule.not_attending_mask, im.attending_level[j])) continue;
                        if (im.completed_level[j] == 0) missing = true;
                        else if (!in_mask(rule.band_accepted_masks[static_cast<std::size_t>(band)], im.completed_level[j]))
                            satisfied = true;
                    }
                    break;
                case RuleKind::child_schooling:
                    for (int k = 0; k < n; ++k) {
                        const MemberView& v = view[static_cast<std::size_t>(k)];
                        const std::uint8_t s = in_scope(rule, v);
                        if (s == kTriUnknown) missing = true;
                        if (s != kTriYes) continue;
                        const std::uint8_t attending = im.attending_level[first + static_cast<std::size_t>(k)];
                        if (attending == 0) {
                            missing = true;
                            continue;
                        }
                        int wanted = 1;
                        for (const auto& [from, rank] : rule.expected_rank_by_school_age)
                            if (v.school_age >= from) wanted = rank;
                        const int rank = rule.attending_rank[attending];
                        if (rank == 0 || rank < wanted) satisfied = true;
                    }
                    break;
                case RuleKind::household_value_in:
                case RuleKind::household_value_not_in: {
                    const std::uint8_t code = household_code(rule.household_field);
                    if (code == 0) missing = true;
                    else satisfied = in_mask(rule.value_mask, code) == (rule.kind == RuleKind::household_value_in);
                    break;
                }
                case RuleKind::area_per_member_below:
                    if (im.housing_area_milli_m2[i] == kUnknownNumber || n == 0) missing = true;
                    else satisfied = im.housing_area_milli_m2[i] < rule.min_milli_m2_per_member * n;
                    break;
                case RuleKind::no_member_flag: {
                    bool someone = false;
                    for (int k = 0; k < n; ++k) {
                        const std::size_t j = first + static_cast<std::size_t>(k);
                        if ((im.flag_known[j] & rule.flag_mask) != rule.flag_mask) missing = true;
                        if (im.flag_known[j] & im.flag_value[j] & rule.flag_mask) someone = true;
                    }
                    if (n == 0) missing = true;
                    satisfied = !someone;
                    break;
                }
                case RuleKind::no_info_access: {
                    const std::uint8_t assets = im.info_assets[i];
                    const std::uint8_t hears = im.loudspeaker[i];
                    if (!(assets & 0x80) || hears == 2) missing = true;
                    else satisfied = !(assets & rule.asset_mask) && hears == 0;
                    break;
                }
            }
            const std::uint32_t bit = 1u << r;
            if (rule.override_bit && (im.override_known[i] & rule.override_bit)) {
                if (im.override_value[i] & rule.override_bit) deprived |= bit;
            } else if (missing) {
                unknown |= bit;
            } else if (satisfied) {
                deprived |= bit;
            }
        }
        out.deprived[i] = deprived;
        out.unknown[i] = unknown;

        // Household flags.
        std::uint8_t flags = 0;
        int head = -1;
        for (int k = 0; k < n && head < 0; ++k)
            if (im.relation[first + static_cast<std::size_t>(k)] == kHead) head = k;
        if (head >= 0) {
            const std::size_t j = first + static_cast<std::size_t>(head);
            if (minority_by_ethnicity_[static_cast<std::size_t>(im.ethnicity[j])]) flags |= kEthnicMinority;
            if (im.sex[j] == kFemale) flags |= kFemaleHead;
        } else {
            int minority = 0;
            for (int k = 0; k < n; ++k)
                minority += minority_by_ethnicity_[static_cast<std::size_t>(im.ethnicity[first + static_cast<std::size_t>(k)])];
            if (2 * minority > n) flags |= kEthnicMinority;
        }
        bool all_protected = n > 0, any_able = false;
        for (int k = 0; k < n; ++k) {
            const std::size_t j = first + static_cast<std::size_t>(k);
            if (im.flag_known[j] & im.flag_value[j] & kFlagRevolutionaryMerit) flags |= kRevolutionaryMerit;
            if (!(im.flag_known[j] & im.flag_value[j] & kFlagSocialProtection)) all_protected = false;
            const bool incapacitated = in_mask(incapacitating_mask_, im.disability[j]);
            if (view[static_cast<std::size_t>(k)].working != kTriNo && !incapacitated) any_able = true;
        }
        if (all_protected) flags |= kSocialProtectionOnly;
        if (n > 0 && !any_able) flags |= kNoLabourCapacity;
        out.flags[i] = flags;

        // Income test and class.
        const std::uint8_t a = area[i];
        IncomeTest test = IncomeTest::unknown;
        if (a != 0) {
            if (im.income[i] != kUnknownNumber) {
                const double income = static_cast<double>(im.income[i]);
                test = income <= line_[a] ? IncomeTest::low_income
                       : has_band_[a] && income <= band_[a] ? IncomeTest::average_band
                                                            : IncomeTest::above;
            } else if (!std::isnan(im.score_a[i]) && has_score_line_[a]) {
                const double score = im.score_a[i];
                test = score <= score_line_[a] ? IncomeTest::low_income
                       : has_score_band_[a] && score <= score_band_[a] ? IncomeTest::average_band
                                                                       : IncomeTest::above;
            }
        }
        const int count = __builtin_popcount(deprived), unknowns = __builtin_popcount(unknown);
        HouseholdClass c = HouseholdClass::unclassified;
        if (test == IncomeTest::low_income)
            c = count >= poor_min_deprivations_ ? HouseholdClass::poor
                : count + unknowns >= poor_min_deprivations_ ? HouseholdClass::unclassified
                                                             : HouseholdClass::near_poor;
        else if (test == IncomeTest::average_band)
            c = HouseholdClass::average;
        else if (test == IncomeTest::above)
            c = HouseholdClass::above_average;
        out.income_test[i] = static_cast<std::uint8_t>(test);
        out.household_class[i] = static_cast<std::uint8_t>(c);
    }
}

}  // namespace giamngheo
