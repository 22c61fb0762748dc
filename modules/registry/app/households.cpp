#include "modules/registry/app/households.hpp"

#include <algorithm>
#include <stdexcept>

#include "kernel/classify.hpp"

namespace giamngheo::app {
namespace {

std::vector<std::pair<std::string, std::string>> zip(const std::vector<std::string>& header,
                                                     const std::vector<std::string>& row) {
    std::vector<std::pair<std::string, std::string>> out;
    for (std::size_t i = 0; i < header.size() && i < row.size(); ++i) out.emplace_back(header[i], row[i]);
    return out;
}

std::string value_of(const std::vector<std::pair<std::string, std::string>>& fields,
                     const std::string& name) {
    for (const auto& [key, value] : fields)
        if (key == name) return value;
    return {};
}

void diff_fields(const std::vector<std::pair<std::string, std::string>>& before,
                 const std::vector<std::pair<std::string, std::string>>& after, const std::string& member_id,
                 std::vector<FieldChange>& out) {
    std::vector<std::string> names;
    for (const auto& [key, value] : before) names.push_back(key);
    for (const auto& [key, value] : after)
        if (std::find(names.begin(), names.end(), key) == names.end()) names.push_back(key);
    for (const auto& name : names) {
        if (name == "household_id" || name == "member_id") continue;
        const std::string a = value_of(before, name), b = value_of(after, name);
        if (a != b) out.push_back({name, member_id, a, b});
    }
}

// Decodes one UTF-8 sequence at `i` (advancing it); U+FFFD for a malformed one.
char32_t next_code_point(std::string_view text, std::size_t& i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    const int length = lead < 0x80           ? 1
                       : (lead >> 5) == 0x6  ? 2
                       : (lead >> 4) == 0xE  ? 3
                       : (lead >> 3) == 0x1E ? 4
                                             : 0;
    if (length == 0 || i + static_cast<std::size_t>(length) > text.size()) {
        ++i;
        return 0xFFFD;
    }
    char32_t c = length == 1 ? lead : lead & (0x7F >> length);
    for (int k = 1; k < length; ++k) c = (c << 6) | (byte(i + static_cast<std::size_t>(k)) & 0x3F);
    i += static_cast<std::size_t>(length);
    return c;
}

}  // namespace

std::string search_fold(std::string_view text) {
    static const std::map<char32_t, char> kBase = [] {
        const std::pair<char, const char*> groups[] = {{'a', "aàáảãạăằắẳẵặâầấẩẫậAÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ"},
                                                       {'e', "eèéẻẽẹêềếểễệEÈÉẺẼẸÊỀẾỂỄỆ"},
                                                       {'i', "iìíỉĩịIÌÍỈĨỊ"},
                                                       {'o', "oòóỏõọôồốổỗộơờớởỡợOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ"},
                                                       {'u', "uùúủũụưừứửữựUÙÚỦŨỤƯỪỨỬỮỰ"},
                                                       {'y', "yỳýỷỹỵYỲÝỶỸỴ"},
                                                       {'d', "dđDĐ"}};
        std::map<char32_t, char> base;
        for (const auto& [letter, variants] : groups) {
            const std::string_view all(variants);
            for (std::size_t i = 0; i < all.size();) base[next_code_point(all, i)] = letter;
        }
        return base;
    }();
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const char byte = text[i];
        if (static_cast<unsigned char>(byte) < 0x80) {  // ASCII, most of any name
            out.push_back(byte >= 'A' && byte <= 'Z' ? static_cast<char>(byte - 'A' + 'a') : byte);
            ++i;
            continue;
        }
        const std::size_t start = i;
        const char32_t c = next_code_point(text, i);
        if (auto it = kBase.find(c); it != kBase.end())
            out.push_back(it->second);
        else
            out.append(text.substr(start, i - start));
    }
    return out;
}

HouseholdFields household_fields(const Household& household) {
    const io::Table h = io::households_table({household});
    const io::Table m = io::members_table({household});
    HouseholdFields fields;
    fields.household = zip(h.header, h.rows.front());
    for (const auto& row : m.rows) fields.members.push_back(zip(m.header, row));
    return fields;
}

ValidatedHousehold validate_household(const Environment& env, const UnitCatalogue& units,
                                      const HouseholdFields& fields) {
    io::Table households;
    households.source = "household";
    std::vector<std::string> row;
    for (const auto& [key, value] : fields.household) {
        households.header.push_back(key);
        row.push_back(value);
    }
    households.rows.push_back(std::move(row));
    households.row_numbers.push_back(2);
    const std::string id = value_of(fields.household, "household_id");

    io::Table members;
    members.source = "members";
    members.header.push_back("household_id");
    for (const auto& member : fields.members)
        for (const auto& [key, value] : member)
            if (std::find(members.header.begin(), members.header.end(), key) == members.header.end())
                members.header.push_back(key);
    for (const auto& column : io::kMemberColumns)
        if (std::find(members.header.begin(), members.header.end(), column) == members.header.end())
            members.header.push_back(column);
    long number = 2;
    for (const auto& member : fields.members) {
        std::vector<std::string> cells;
        for (const auto& column : members.header)
            cells.push_back(column == "household_id" ? id : value_of(member, column));
        members.rows.push_back(std::move(cells));
        members.row_numbers.push_back(number++);
    }

    const auto keys = env.all_indicator_keys();
    const io::InterchangeRules rules{
        [&](const std::string& code) { return units.contains(code); }, {keys.begin(), keys.end()}, env.today};
    io::ParsedHouseholds parsed = io::parse_interchange(households, members, rules);
    ValidatedHousehold result;
    result.problems = std::move(parsed.problems);
    if (result.problems.empty() && parsed.batch.households() == 1)
        result.household = parsed.batch.household(0);
    else if (result.problems.empty())
        result.problems.push_back({"household", 2, "", "cần đúng một hộ"});
    return result;
}

std::vector<FieldChange> diff_households(const Household& before, const Household& after) {
    const HouseholdFields a = household_fields(before), b = household_fields(after);
    std::vector<FieldChange> out;
    diff_fields(a.household, b.household, "", out);
    auto find = [](const HouseholdFields& f,
                   const std::string& member_id) -> const std::vector<std::pair<std::string, std::string>>* {
        for (const auto& m : f.members)
            if (value_of(m, "member_id") == member_id) return &m;
        return nullptr;
    };
    static const std::vector<std::pair<std::string, std::string>> kNone;
    for (const auto& m : a.members) {
        const std::string id = value_of(m, "member_id");
        const auto* other = find(b, id);
        if (!other) out.push_back({"member", id, id, ""});
        diff_fields(m, other ? *other : kNone, id, out);
    }
    for (const auto& m : b.members) {
        const std::string id = value_of(m, "member_id");
        if (find(a, id)) continue;
        out.push_back({"member", id, "", id});
        diff_fields(kNone, m, id, out);
    }
    return out;
}

std::vector<HistoryChange> household_history(const std::vector<store::HistoryEntry>& versions,
                                             const std::function<std::string(const std::string&)>& mask_id) {
    std::vector<HistoryChange> out;
    Household previous;
    for (const auto& entry : versions) {
        HistoryChange item{entry.version, entry.at, entry.user, entry.source, diff_households(previous, entry.household)};
        for (auto& c : item.changes)
            if (c.field == "personal_id") {
                c.old_value = mask_id(c.old_value);
                c.new_value = mask_id(c.new_value);
            }
        out.push_back(std::move(item));
        previous = entry.household;
    }
    std::reverse(out.begin(), out.end());
    return out;
}

}  // namespace giamngheo::app
