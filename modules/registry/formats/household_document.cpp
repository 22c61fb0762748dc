#include "modules/registry/formats/household_document.hpp"

#include "kernel/errors.hpp"

#include <charconv>
#include <stdexcept>

#include "platform/csv.hpp"
#include "modules/registry/formats/interchange.hpp"

namespace giamngheo::store {
namespace {

constexpr char kUnitSeparator = '\x1F';
constexpr char kRecordSeparator = '\x1E';

std::string encode_extras(const std::vector<std::pair<std::string, std::string>>& extras) {
    std::string out;
    for (const auto& [name, value] : extras) {
        if (!out.empty()) out += kRecordSeparator;
        out += name;
        out += kUnitSeparator;
        out += value;
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> decode_extras(const std::string& text) {
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = std::min(text.find(kRecordSeparator, start), text.size());
        const std::size_t split = text.find(kUnitSeparator, start);
        out.emplace_back(text.substr(start, split - start), text.substr(split + 1, end - split - 1));
        start = end + 1;
    }
    return out;
}

[[noreturn]] void malformed(const std::string& what) { throw_fault("hồ sơ hộ lưu trữ bị hỏng: " + what); }

template <class T>
std::optional<T> number(const std::string& text) {
    if (text.empty()) return std::nullopt;
    T value{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) malformed("số \"" + text + "\"");
    return value;
}

std::optional<bool> boolean(const std::string& text) {
    if (text.empty()) return std::nullopt;
    return text == "1";
}

std::optional<std::int64_t> thousandths(const std::string& text) {
    if (text.empty()) return std::nullopt;
    const auto dot = text.find('.');
    std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
    fraction.resize(3, '0');
    return *number<std::int64_t>(text.substr(0, dot)) * 1000 + *number<std::int64_t>(fraction);
}

Sex sex(const std::string& text) { return text == "male" ? Sex::male : text == "female" ? Sex::female : Sex::unknown; }

}  // namespace

std::string to_document(const Household& h) {
    std::vector<std::string> fields = io::household_fields(h);
    fields.insert(fields.begin(), "H");
    std::string overrides;
    for (const auto& [key, value] : h.deprived_override) {
        if (!overrides.empty()) overrides += ';';
        overrides.append(key).append(value ? ":1" : ":0");
    }
    fields.push_back(std::move(overrides));
    fields.push_back(encode_extras(h.extra));
    std::string out;
    io::append_raw_csv_row(out, fields);
    for (const auto& m : h.members) {
        std::vector<std::string> member = io::member_fields(h, m);
        member.front().assign(1, 'M');  // the household id is the household's own
        member.push_back(encode_extras(m.extra));
        io::append_raw_csv_row(out, member);
    }
    return out;
}

Household from_document(const std::string& document) {
    io::CsvReader reader(document);
    std::vector<std::string> f;
    const std::size_t household_width = io::kHouseholdColumns.size() + 3;
    if (!reader.next(f) || f.size() != household_width || f[0] != "H") malformed("dòng hộ");
    Household h;
    // Positions follow io::kHouseholdColumns, shifted by the leading record tag.
    h.household_id = f[1];
    h.unit_code = f[2];
    h.village = f[3];
    h.head_name = f[4];
    h.area = f[5];
    h.income_per_capita = number<std::int64_t>(f[6]);
    h.score_a = number<double>(f[7]);
    h.housing_type = f[8];
    h.housing_area_milli_m2 = thousandths(f[9]);
    h.water_source = f[10];
    h.latrine = f[11];
    if (f[12] == "none") {
        h.info_assets = std::vector<std::string>{};
    } else if (!f[12].empty()) {
        std::vector<std::string> assets;
        std::size_t start = 0;
        while (start <= f[12].size()) {
            const std::size_t end = std::min(f[12].find(';', start), f[12].size());
            assets.push_back(f[12].substr(start, end - start));
            start = end + 1;
        }
        h.info_assets = std::move(assets);
    }
    h.hears_loudspeaker = boolean(f[13]);
    h.waste_treatment = f[14];
    h.current_unit_code = f[15];
    for (std::size_t start = 0; start < f[16].size();) {
        const std::size_t end = std::min(f[16].find(';', start), f[16].size());
        const std::string item = f[16].substr(start, end - start);
        h.deprived_override[item.substr(0, item.size() - 2)] = item.back() == '1';
        start = end + 1;
    }
    h.extra = decode_extras(f[17]);
    const std::size_t member_width = io::kMemberColumns.size() + 1;
    while (reader.next(f)) {
        if (f.size() != member_width || f[0] != "M") malformed("dòng thành viên của hộ " + h.household_id);
        Member m;
        m.member_id = f[1];
        m.full_name = f[2];
        m.personal_id = f[3];
        m.relation = f[4];
        m.sex = sex(f[5]);
        if (f[6].size() == 4) {
            m.birth_date = Date{*number<int>(f[6]), 7, 1};
            m.birth_year_only = true;
        } else if (auto date = parse_iso_date(f[6])) {
            m.birth_date = *date;
        } else {
            malformed("ngày sinh \"" + f[6] + "\"");
        }
        m.ethnicity = f[7];
        m.disability = f[8];
        m.social_protection = boolean(f[9]);
        m.revolutionary_merit = boolean(f[10]);
        m.health_insurance = boolean(f[11]);
        m.employment = f[12];
        m.attending_level = f[13];
        m.completed_level = f[14];
        m.stunted = boolean(f[15]);
        m.underweight = boolean(f[16]);
        m.uses_phone = boolean(f[17]);
        m.uses_internet = boolean(f[18]);
        m.extra = decode_extras(f[19]);
        h.members.push_back(std::move(m));
    }
    return h;
}

}  // namespace giamngheo::store
