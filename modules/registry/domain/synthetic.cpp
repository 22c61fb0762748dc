#include "modules/registry/domain/synthetic.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string_view>

namespace giamngheo {
namespace {

using namespace std::string_view_literals;

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

constexpr std::array<std::string_view, 14> kFamilyNames = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng",
                                                           "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Lò"};
constexpr std::array<std::string_view, 12> kMaleNames = {"An", "Bình", "Cường", "Dũng", "Hùng", "Nam",
                                                         "Quang", "Sơn", "Tuấn", "Khải", "Long", "Phúc"};
constexpr std::array<std::string_view, 12> kFemaleNames = {"Hà", "Hạnh", "Hoa", "Lan", "Linh", "Mai",
                                                           "Phương", "Thảo", "Trang", "Yến", "Nga", "Thủy"};
constexpr std::array<std::string_view, 8> kMinorities = {"Tày", "Thái", "Mường", "H'Mông", "Khmer", "Nùng", "Dao", "Ê Đê"};
// What a household that is not deprived of information access owns.
constexpr std::array<std::string_view, 2> kInfoAssets = {"tv", "smartphone"};
constexpr int kMaxMembers = 9;

// The parts of a 12-digit personal identification number, in the order they are written.
struct PersonalId {
    std::uint64_t province = 0;         // 3 digits
    std::uint64_t century_and_sex = 0;  // 1 digit
    std::uint64_t year_in_century = 0;  // 2 digits
    std::uint64_t serial = 0;           // 6 digits
};

// Every random choice made for one member, before any text is assembled. An empty code is
// an unknown answer, as in Member.
struct DrawnMember {
    bool female = false;
    Date birth_date;
    std::string_view relation;
    std::string_view given_name;
    std::string_view disability;
    std::optional<bool> social_protection;
    std::optional<bool> revolutionary_merit;
    std::optional<bool> health_insurance;
    std::string_view employment;
    std::string_view attending_level;
    std::string_view completed_level;
    std::optional<bool> stunted;
    std::optional<bool> underweight;
    std::optional<bool> uses_phone;
    std::optional<bool> uses_internet;
    std::optional<PersonalId> personal_id;
};

// Every random choice made for one household. Both emitters (Household and CSV text) read
// only this, so the sequence of draws exists once.
struct DrawnHousehold {
    const SyntheticCommune* commune = nullptr;
    bool urban = false;
    int village = 0;
    std::optional<std::int64_t> income_per_capita;
    std::optional<int> score_a;
    std::string_view housing_type;
    std::string_view water_source;
    std::string_view latrine;
    std::string_view waste_treatment;
    std::optional<bool> hears_loudspeaker;
    std::optional<bool> owns_info_assets;  // false: known to own none
    std::string_view family_name;
    std::string_view ethnicity;
    int member_count = 0;
    std::array<DrawnMember, kMaxMembers> members;
    std::int64_t housing_area_milli_m2 = 0;
};

std::optional<bool> maybe(Random& r, bool value, double missing) {
    if (r.chance(missing)) return std::nullopt;
    return value;
}

std::string_view maybe_code(Random& r, std::string_view value, double missing) { return r.chance(missing) ? std::string_view{} : value; }

DrawnHousehold draw(const std::vector<SyntheticCommune>& communes, const SyntheticOptions& options, std::uint64_t index) {
    Random r(options.seed * 0x100000001B3ULL ^ (index + 1) * 0x9E3779B97F4A7C15ULL);
    DrawnHousehold d;
    const SyntheticCommune& commune = communes[r.next() % communes.size()];
    const double missing = options.missing_answer_rate;
    const double u = r.uniform();
    const int status = u < commune.region.poor_rate ? 0 : u < commune.region.poor_rate + commune.region.near_poor_rate ? 1 : 2;
    const bool urban = commune.area == "urban";
    const bool minority = r.chance(commune.region.ethnic_minority_share);

    d.commune = &commune;
    d.urban = urban;
    d.village = r.between(1, 9);
    // Poor and near-poor households sit below the line; the others are spread above it.
    const std::int64_t line = urban ? 2000000 : 1500000;
    const std::int64_t income = status == 2 ? line + 10000 * r.between(1, 600) : line - 10000 * r.between(0, 100);
    if (!r.chance(missing)) d.income_per_capita = income;
    else if (!r.chance(0.5)) d.score_a = status == 2 ? r.between(urban ? 176 : 141, 260) : r.between(60, urban ? 175 : 140);

    // How many deprivations to aim for: poor ≥ 3, near-poor < 3, others mostly few.
    const int target = status == 0 ? r.between(3, 6) : status == 1 ? r.between(0, 2) : r.between(0, 2);
    std::array<bool, 7> deprived{};
    for (int k = 0; k < target; ++k) deprived[static_cast<std::size_t>(r.between(0, 6))] = true;

    d.housing_type = maybe_code(r, deprived[0] ? (r.chance(0.5) ? "less_permanent"sv : "simple"sv)
                                               : (r.chance(0.6) ? "permanent"sv : "semi_permanent"sv), missing);
    d.water_source = maybe_code(r, deprived[1] ? "unprotected_dug_well"sv : (urban ? "piped"sv : "drilled_well"sv), missing);
    d.latrine = maybe_code(r, deprived[2] ? "unhygienic"sv : "septic"sv, missing);
    d.waste_treatment = maybe_code(r, deprived[2] && r.chance(0.5) ? "unhygienic"sv : "collected"sv, missing);
    if (!r.chance(missing)) d.hears_loudspeaker = !deprived[3] || r.chance(0.3);
    if (!r.chance(missing)) d.owns_info_assets = !deprived[3];

    // Sequenced one by one: the operands of + may be evaluated in any order.
    int size = 1 + r.between(0, 2);
    size += r.between(0, 2);
    size += r.between(0, 1);
    d.member_count = std::max(1, std::min(kMaxMembers, size));
    d.family_name = r.pick(kFamilyNames);
    d.ethnicity = minority ? r.pick(kMinorities) : "Kinh"sv;
    const int year = options.reference_year;
    for (int k = 0; k < d.member_count; ++k) {
        DrawnMember& m = d.members[static_cast<std::size_t>(k)];
        m.female = k == 1 ? true : (k == 0 ? r.chance(0.25) : r.chance(0.5));
        const int age = k < 2 ? r.between(22, 75) : r.between(0, 30);
        m.birth_date = Date{year - age, r.between(1, 12), r.between(1, 28)};
        m.relation = k == 0 ? "head"sv : k == 1 ? "spouse"sv : age < 25 ? "child"sv : "other"sv;
        m.given_name = m.female ? r.pick(kFemaleNames) : r.pick(kMaleNames);
        m.disability = maybe_code(r, r.chance(0.03) ? "severe"sv : "none"sv, missing);
        m.social_protection = maybe(r, r.chance(0.04), missing);
        m.revolutionary_merit = maybe(r, r.chance(0.02), missing);
        m.health_insurance = maybe(r, !(deprived[4] && k == 0) && r.chance(0.97), missing);
        const bool working = age >= 15 && age < 60;
        m.employment = maybe_code(r, !working ? "not_in_labour_force"sv
                                      : deprived[5] && k == 0 ? "unemployed"sv
                                      : r.chance(0.5) ? "self_employed"sv : "wage_contract"sv, missing);
        const std::string_view attending = age >= 3 && age < 6 ? "preschool"sv : age >= 6 && age < 11 ? "primary"sv
                                           : age >= 11 && age < 15 ? "lower_secondary"sv
                                           : age >= 15 && age < 18 ? "upper_secondary"sv : "none"sv;
        m.attending_level = maybe_code(r, deprived[6] && age >= 3 && age < 16 ? "none"sv : attending, missing);
        m.completed_level = maybe_code(r, age < 11 ? "none"sv : age < 15 ? "primary"sv : age < 18 ? "lower_secondary"sv
                                          : r.chance(0.7) ? "upper_secondary"sv : "lower_secondary"sv, missing);
        if (age < 16) {
            m.stunted = maybe(r, status == 0 && r.chance(0.1), missing);
            m.underweight = maybe(r, status == 0 && r.chance(0.05), missing);
        }
        m.uses_phone = maybe(r, age >= 12, missing);
        m.uses_internet = maybe(r, age >= 12 && !(deprived[3] && status == 0), missing);
        const auto province = 1 + r.next() % 96;
        const auto century_and_sex = static_cast<std::uint64_t>((m.birth_date.year >= 2000 ? 2 : 0) + (m.female ? 1 : 0));
        const auto serial = r.next() % 1000000;
        if (!r.chance(0.1))
            m.personal_id = PersonalId{province, century_and_sex, static_cast<std::uint64_t>(m.birth_date.year % 100), serial};
    }
    // Housing area: deprived households get under 8 m² per person.
    d.housing_area_milli_m2 = static_cast<std::int64_t>(d.member_count) * (deprived[0] && r.chance(0.5) ? r.between(4000, 7900)
                                                                                                   : r.between(9000, 30000));
    return d;
}

// The text of a national file is made of billions of short pieces (codes, names, digits,
// commas), so the few functions that copy one piece are forced inline: GCC's -O2 heuristics
// leave them as calls, which made the CSV emitter 1.4 times slower.

// Copies at most 16 bytes with fixed-size moves that the compiler emits inline (a call to
// memcpy costs more than the copy for the short codes and names of a row). The two moves of
// each size overlap, so no byte outside [from, from + size) is read.
[[gnu::always_inline]] inline void copy_short(char* to, const char* from, std::size_t size) {
    if (size >= 8) {
        std::uint64_t head, tail;
        std::memcpy(&head, from, 8);
        std::memcpy(&tail, from + size - 8, 8);
        std::memcpy(to, &head, 8);
        std::memcpy(to + size - 8, &tail, 8);
    } else if (size >= 4) {
        std::uint32_t head, tail;
        std::memcpy(&head, from, 4);
        std::memcpy(&tail, from + size - 4, 4);
        std::memcpy(to, &head, 4);
        std::memcpy(to + size - 4, &tail, 4);
    } else if (size > 0) {
        to[0] = from[0];
        to[size / 2] = from[size / 2];
        to[size - 1] = from[size - 1];
    }
}

// Collects text in a local buffer and appends it to a string in large pieces: std::string's
// append is an out-of-line call for every piece.
class BufferedText {
public:
    explicit BufferedText(std::string& out) : out_(out) {}
    BufferedText(const BufferedText&) = delete;
    BufferedText& operator=(const BufferedText&) = delete;
    [[gnu::always_inline]] BufferedText& operator+=(char c) {
        *extend(1) = c;
        return *this;
    }
    [[gnu::always_inline]] BufferedText& operator+=(std::string_view text) {
        constexpr std::size_t kShort = 16;
        if (text.size() <= kShort) copy_short(extend(text.size()), text.data(), text.size());
        else append_long(text);
        return *this;
    }
    // Bytes given so far, flushed or not.
    [[nodiscard]] std::size_t written() const { return flushed_ + used_; }
    void flush() {
        out_.append(buffer_.data(), used_);
        flushed_ += used_;
        used_ = 0;
    }

private:
    static constexpr std::size_t kCapacity = 1024;  // a few rows

    // Room for `size` ≤ kCapacity bytes.
    [[gnu::always_inline]] char* extend(std::size_t size) {
        if (size > kCapacity - used_) [[unlikely]] flush();
        char* at = buffer_.data() + used_;
        used_ += size;
        return at;
    }
    void append_long(std::string_view text) {
        if (text.size() > kCapacity) {
            flush();
            out_.append(text);
            flushed_ += text.size();
            return;
        }
        std::memcpy(extend(text.size()), text.data(), text.size());
    }

    std::string& out_;
    std::array<char, kCapacity> buffer_;
    std::size_t used_ = 0;
    std::size_t flushed_ = 0;
};

// The helpers below write to a std::string (the Household emitter) or a BufferedText (the CSV
// emitter). Those used by both make the two emitters write the same text.

// Appends `value` with at least `width` digits (zero-padded).
template <class Text>
[[gnu::always_inline]] inline void append_number(Text& out, std::uint64_t value, int width) {
    char digits[24];
    char* const end = digits + sizeof digits;
    char* first = end;
    do {
        *--first = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (end - first < width) *--first = '0';
    out += std::string_view(first, static_cast<std::size_t>(end - first));
}

template <class Text>
void append_household_id(Text& out, std::string_view commune_code, std::uint64_t seed, std::uint64_t index) {
    // The seed is part of the id so that sets generated with different seeds never collide.
    out += commune_code;
    out += '-';
    append_number(out, seed, 1);
    out += '-';
    append_number(out, index, 8);
}

template <class Text>
void append_member_id(Text& out, std::string_view household_id, int member) {
    out += household_id;
    out += '-';
    append_number(out, static_cast<std::uint64_t>(member + 1), 2);
}

template <class Text>
void append_village(Text& out, const DrawnHousehold& d) {
    out += d.urban ? "Tổ dân phố "sv : "Thôn "sv;
    append_number(out, static_cast<std::uint64_t>(d.village), 1);
}

template <class Text>
void append_full_name(Text& out, std::string_view family_name, const DrawnMember& m) {
    out += family_name;
    out += ' ';
    out += m.female ? "Thị "sv : "Văn "sv;
    out += m.given_name;
}

template <class Text>
void append_personal_id(Text& out, const PersonalId& id) {
    append_number(out, id.province, 3);
    append_number(out, id.century_and_sex, 1);
    append_number(out, id.year_in_century, 2);
    append_number(out, id.serial, 6);
}

// Text only the CSV emitter writes, as io::household_fields and io::member_fields write it.

void append_flag(BufferedText& out, std::optional<bool> value) {
    if (value) out += *value ? '1' : '0';
}

void append_signed(BufferedText& out, std::int64_t value) {
    if (value < 0) out += '-';
    append_number(out, value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value), 1);
}

// Thousandths as a decimal without trailing zeros (43150 → 43.15).
void append_thousandths(BufferedText& out, std::int64_t value) {
    append_signed(out, value / 1000);
    auto fraction = static_cast<int>(value % 1000);
    if (fraction == 0) return;
    int digits = 3;
    for (; fraction % 10 == 0; fraction /= 10) --digits;
    out += '.';
    append_number(out, static_cast<std::uint64_t>(fraction), digits);
}

void append_iso_date(BufferedText& out, const Date& date) {
    append_number(out, static_cast<std::uint64_t>(date.year), 4);
    out += '-';
    append_number(out, static_cast<std::uint64_t>(date.month), 2);
    out += '-';
    append_number(out, static_cast<std::uint64_t>(date.day), 2);
}

void append_info_assets(BufferedText& out, std::optional<bool> owns) {
    if (!owns) return;
    if (!*owns) {
        out += "none"sv;
        return;
    }
    for (std::size_t i = 0; i < kInfoAssets.size(); ++i) {
        if (i) out += ';';
        out += kInfoAssets[i];
    }
}

}  // namespace

SyntheticGenerator::SyntheticGenerator(std::vector<SyntheticCommune> communes, SyntheticOptions options)
    : communes_(std::move(communes)), options_(options) {
    for (const auto& commune : communes_)
        if (commune.code.find_first_of(",\"\r\n") != std::string::npos)
            throw std::invalid_argument("mã xã \"" + commune.code + "\" chứa dấu phẩy, dấu nháy kép hoặc xuống dòng");
}

void SyntheticGenerator::generate(std::uint64_t index, Household& h) const {
    const DrawnHousehold d = draw(communes_, options_, index);
    h = Household{};
    append_household_id(h.household_id, d.commune->code, options_.seed, index);
    h.unit_code = d.commune->code;
    append_village(h.village, d);
    h.income_per_capita = d.income_per_capita;
    if (d.score_a) h.score_a = *d.score_a;
    h.housing_type = d.housing_type;
    h.water_source = d.water_source;
    h.latrine = d.latrine;
    h.waste_treatment = d.waste_treatment;
    h.hears_loudspeaker = d.hears_loudspeaker;
    if (d.owns_info_assets)
        h.info_assets = *d.owns_info_assets ? std::vector<std::string>(kInfoAssets.begin(), kInfoAssets.end())
                                            : std::vector<std::string>{};
    h.members.reserve(static_cast<std::size_t>(d.member_count));
    for (int k = 0; k < d.member_count; ++k) {
        const DrawnMember& drawn = d.members[static_cast<std::size_t>(k)];
        Member m;
        append_member_id(m.member_id, h.household_id, k);
        m.sex = drawn.female ? Sex::female : Sex::male;
        m.birth_date = drawn.birth_date;
        m.relation = drawn.relation;
        append_full_name(m.full_name, d.family_name, drawn);
        m.ethnicity = d.ethnicity;
        m.disability = drawn.disability;
        m.social_protection = drawn.social_protection;
        m.revolutionary_merit = drawn.revolutionary_merit;
        m.health_insurance = drawn.health_insurance;
        m.employment = drawn.employment;
        m.attending_level = drawn.attending_level;
        m.completed_level = drawn.completed_level;
        m.stunted = drawn.stunted;
        m.underweight = drawn.underweight;
        m.uses_phone = drawn.uses_phone;
        m.uses_internet = drawn.uses_internet;
        if (drawn.personal_id) append_personal_id(m.personal_id, *drawn.personal_id);
        if (k == 0) h.head_name = m.full_name;
        h.members.push_back(std::move(m));
    }
    h.housing_area_milli_m2 = d.housing_area_milli_m2;
}

int SyntheticGenerator::append_csv(std::uint64_t index, std::string& households_csv, std::string& members_csv) const {
    const DrawnHousehold d = draw(communes_, options_, index);
    const std::size_t id_start = households_csv.size();
    BufferedText household(households_csv);
    append_household_id(household, d.commune->code, options_.seed, index);
    const std::size_t id_length = household.written();
    household += ',';
    household += d.commune->code;
    household += ',';
    append_village(household, d);
    household += ',';
    append_full_name(household, d.family_name, d.members[0]);
    // area: left empty, as generate() leaves Household::area.
    household += ",,"sv;
    if (d.income_per_capita) append_signed(household, *d.income_per_capita);
    household += ',';
    // A whole number, which the interchange writer prints without a decimal point.
    if (d.score_a) append_signed(household, *d.score_a);
    household += ',';
    household += d.housing_type;
    household += ',';
    append_thousandths(household, d.housing_area_milli_m2);
    household += ',';
    household += d.water_source;
    household += ',';
    household += d.latrine;
    household += ',';
    append_info_assets(household, d.owns_info_assets);
    household += ',';
    append_flag(household, d.hears_loudspeaker);
    household += ',';
    household += d.waste_treatment;
    household += '\n';
    household.flush();

    // A view into the finished households row: households_csv is not touched again here.
    const std::string_view household_id(households_csv.data() + id_start, id_length);
    BufferedText members(members_csv);
    for (int k = 0; k < d.member_count; ++k) {
        const DrawnMember& m = d.members[static_cast<std::size_t>(k)];
        members += household_id;
        members += ',';
        append_member_id(members, household_id, k);
        members += ',';
        append_full_name(members, d.family_name, m);
        members += ',';
        if (m.personal_id) append_personal_id(members, *m.personal_id);
        members += ',';
        members += m.relation;
        members += ',';
        members += m.female ? "female"sv : "male"sv;
        members += ',';
        append_iso_date(members, m.birth_date);
        members += ',';
        members += d.ethnicity;
        members += ',';
        members += m.disability;
        members += ',';
        append_flag(members, m.social_protection);
        members += ',';
        append_flag(members, m.revolutionary_merit);
        members += ',';
        append_flag(members, m.health_insurance);
        members += ',';
        members += m.employment;
        members += ',';
        members += m.attending_level;
        members += ',';
        members += m.completed_level;
        members += ',';
        append_flag(members, m.stunted);
        members += ',';
        append_flag(members, m.underweight);
        members += ',';
        append_flag(members, m.uses_phone);
        members += ',';
        append_flag(members, m.uses_internet);
        members += '\n';
    }
    members.flush();
    return d.member_count;
}

}  // namespace giamngheo
