#include "core/synthetic.hpp"

#include <array>
#include <charconv>

namespace giamngheo {
namespace {

// SplitMix64: a small, fast generator whose stream is fixed by its seed.
class Random {
public:
    explicit Random(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    int between(int low, int high) { return low + static_cast<int>(next() % static_cast<std::uint64_t>(high - low + 1)); }
    bool chance(double p) { return uniform() < p; }
    template <class T, std::size_t N>
    const T& pick(const std::array<T, N>& items) { return items[next() % N]; }

private:
    std::uint64_t state_;
};

// Appends `value` with at least `width` digits (zero-padded).
void append_number(std::string& out, std::uint64_t value, int width) {
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
    for (int pad = width - static_cast<int>(end - digits); pad > 0; --pad) out += '0';
    out.append(digits, end);
}

constexpr std::array<const char*, 14> kFamilyNames = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng",
                                                      "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Lò"};
constexpr std::array<const char*, 12> kMaleNames = {"An", "Bình", "Cường", "Dũng", "Hùng", "Nam",
                                                    "Quang", "Sơn", "Tuấn", "Khải", "Long", "Phúc"};
constexpr std::array<const char*, 12> kFemaleNames = {"Hà", "Hạnh", "Hoa", "Lan", "Linh", "Mai",
                                                      "Phương", "Thảo", "Trang", "Yến", "Nga", "Thủy"};
constexpr std::array<const char*, 8> kMinorities = {"Tày", "Thái", "Mường", "H'Mông", "Khmer", "Nùng", "Dao", "Ê Đê"};

std::optional<bool> maybe(Random& r, bool value, double missing) {
    if (r.chance(missing)) return std::nullopt;
    return value;
}

std::string maybe_code(Random& r, std::string value, double missing) { return r.chance(missing) ? std::string{} : value; }

}  // namespace

SyntheticGenerator::SyntheticGenerator(std::vector<SyntheticCommune> communes, SyntheticOptions options)
    : communes_(std::move(communes)), options_(options) {}

void SyntheticGenerator::generate(std::uint64_t index, Household& h) const {
    Random r(options_.seed * 0x100000001B3ULL ^ (index + 1) * 0x9E3779B97F4A7C15ULL);
    const SyntheticCommune& commune = communes_[r.next() % communes_.size()];
    const double missing = options_.missing_answer_rate;
    const double u = r.uniform();
    const int status = u < commune.region.poor_rate ? 0 : u < commune.region.poor_rate + commune.region.near_poor_rate ? 1 : 2;
    const bool urban = commune.area == "urban";
    const bool minority = r.chance(commune.region.ethnic_minority_share);

    h = Household{};
    // The seed is part of the id so that sets generated with different seeds never collide.
    h.household_id.reserve(32);
    h.household_id.append(commune.code).append(1, '-');
    append_number(h.household_id, options_.seed, 1);
    h.household_id += '-';
    append_number(h.household_id, index, 8);
    h.unit_code = commune.code;
    h.village = std::string(urban ? "Tổ dân phố " : "Thôn ") + std::to_string(r.between(1, 9));
    // Poor and near-poor households sit below the line; the others are spread above it.
    const std::int64_t line = urban ? 2000000 : 1500000;
    std::int64_t income = status == 2 ? line + 10000 * r.between(1, 600) : line - 10000 * r.between(0, 100);
    if (!r.chance(missing)) h.income_per_capita = income;
    else if (!r.chance(0.5)) h.score_a = status == 2 ? r.between(urban ? 176 : 141, 260) : r.between(60, urban ? 175 : 140);

    // How many deprivations to aim for: poor ≥ 3, near-poor < 3, others mostly few.
    const int target = status == 0 ? r.between(3, 6) : status == 1 ? r.between(0, 2) : r.between(0, 2);
    std::array<bool, 7> deprived{};
    for (int k = 0; k < target; ++k) deprived[static_cast<std::size_t>(r.between(0, 6))] = true;

    h.housing_type = maybe_code(r, deprived[0] ? (r.chance(0.5) ? "less_permanent" : "simple")
                                               : (r.chance(0.6) ? "permanent" : "semi_permanent"), missing);
    h.water_source = maybe_code(r, deprived[1] ? "unprotected_dug_well" : (urban ? "piped" : "drilled_well"), missing);
    h.latrine = maybe_code(r, deprived[2] ? "unhygienic" : "septic", missing);
    h.waste_treatment = maybe_code(r, deprived[2] && r.chance(0.5) ? "unhygienic" : "collected", missing);
    if (!r.chance(missing)) h.hears_loudspeaker = !deprived[3] || r.chance(0.3);
    if (!r.chance(missing)) h.info_assets = deprived[3] ? std::vector<std::string>{} : std::vector<std::string>{"tv", "smartphone"};

    const int size = std::max(1, std::min(9, static_cast<int>(1 + r.between(0, 2) + r.between(0, 2) + r.between(0, 1))));
    const std::string family = r.pick(kFamilyNames);
    const std::string ethnicity = minority ? r.pick(kMinorities) : "Kinh";
    const int year = options_.reference_year;
    for (int k = 0; k < size; ++k) {
        Member m;
        m.member_id.reserve(h.household_id.size() + 3);
        m.member_id.append(h.household_id).append(1, '-');
        append_number(m.member_id, static_cast<std::uint64_t>(k + 1), 2);
        const bool female = k == 1 ? true : (k == 0 ? r.chance(0.25) : r.chance(0.5));
        m.sex = female ? Sex::female : Sex::male;
        const int age = k < 2 ? r.between(22, 75) : r.between(0, 30);
        m.birth_date = Date{year - age, r.between(1, 12), r.between(1, 28)};
        m.relation = k == 0 ? "head" : k == 1 ? "spouse" : age < 25 ? "child" : "other";
        m.full_name = family + " " + (female ? "Thị " : "Văn ") + (female ? r.pick(kFemaleNames) : r.pick(kMaleNames));
        m.ethnicity = ethnicity;
        m.disability = maybe_code(r, r.chance(0.03) ? "severe" : "none", missing);
        m.social_protection = maybe(r, r.chance(0.04), missing);
        m.revolutionary_merit = maybe(r, r.chance(0.02), missing);
        m.health_insurance = maybe(r, !(deprived[4] && k == 0) && r.chance(0.97), missing);
        const bool working = age >= 15 && age < 60;
        m.employment = maybe_code(r, !working ? "not_in_labour_force"
                                      : deprived[5] && k == 0 ? "unemployed"
                                      : r.chance(0.5) ? "self_employed" : "wage_contract", missing);
        const char* attending = age >= 3 && age < 6 ? "preschool" : age >= 6 && age < 11 ? "primary"
                                : age >= 11 && age < 15 ? "lower_secondary" : age >= 15 && age < 18 ? "upper_secondary" : "none";
        m.attending_level = maybe_code(r, deprived[6] && age >= 3 && age < 16 ? "none" : attending, missing);
        m.completed_level = maybe_code(r, age < 11 ? "none" : age < 15 ? "primary" : age < 18 ? "lower_secondary"
                                          : r.chance(0.7) ? "upper_secondary" : "lower_secondary", missing);
        if (age < 16) {
            m.stunted = maybe(r, status == 0 && r.chance(0.1), missing);
            m.underweight = maybe(r, status == 0 && r.chance(0.05), missing);
        }
        m.uses_phone = maybe(r, age >= 12, missing);
        m.uses_internet = maybe(r, age >= 12 && !(deprived[3] && status == 0), missing);
        const auto province = 1 + r.next() % 96;
        const auto century_sex = static_cast<std::uint64_t>((m.birth_date.year >= 2000 ? 2 : 0) + (female ? 1 : 0));
        const auto serial = r.next() % 1000000;
        if (!r.chance(0.1)) {
            append_number(m.personal_id, province, 3);
            append_number(m.personal_id, century_sex, 1);
            append_number(m.personal_id, static_cast<std::uint64_t>(m.birth_date.year % 100), 2);
            append_number(m.personal_id, serial, 6);
        }
        if (k == 0) h.head_name = m.full_name;
        h.members.push_back(std::move(m));
    }
    // Housing area: deprived households get under 8 m² per person.
    h.housing_area_milli_m2 = static_cast<std::int64_t>(size) * (deprived[0] && r.chance(0.5) ? r.between(4000, 7900)
                                                                                            : r.between(9000, 30000));
}

}  // namespace giamngheo
