#include "modules/plans/domain/amount.hpp"

#include <array>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <utility>

namespace giamngheo {
namespace {

constexpr std::int64_t kThousand = 1'000, kMillion = 1'000'000, kBillion = 1'000'000'000;
constexpr int kDecimalBase = 10;
constexpr std::size_t kGroup = 3;  // digits between thousands dots

std::string_view trim(std::string_view text) {
    // ASCII spaces, tabs, line ends and the no-break space (U+00A0, C2 A0) at either end.
    const auto space_at_start = [&](std::string_view t) -> std::size_t {
        if (t.empty()) return 0;
        if (t[0] == ' ' || t[0] == '\t' || t[0] == '\r' || t[0] == '\n') return 1;
        if (t.size() >= 2 && static_cast<unsigned char>(t[0]) == 0xC2 && static_cast<unsigned char>(t[1]) == 0xA0) return 2;
        return 0;
    };
    while (const std::size_t n = space_at_start(text)) text.remove_prefix(n);
    while (!text.empty()) {
        const char c = text.back();
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            text.remove_suffix(1);
        } else if (text.size() >= 2 && static_cast<unsigned char>(text[text.size() - 2]) == 0xC2 &&
                   static_cast<unsigned char>(c) == 0xA0) {
            text.remove_suffix(2);
        } else {
            break;
        }
    }
    return text;
}

bool starts_with_word(std::string_view text, std::string_view word) {
    return text.size() > word.size() && text.substr(0, word.size()) == word && text[word.size()] == ' ';
}

struct Word {
    std::string_view text;
    const char* value;
};

// Words before the figure that make it a bound (both as written at the start of a sentence and inside one).
constexpr std::array<Word, 22> kBounds{{
    {"không dưới", "at_least"}, {"Không dưới", "at_least"}, {"ít nhất", "at_least"}, {"Ít nhất", "at_least"},
    {"tối thiểu", "at_least"},  {"Tối thiểu", "at_least"},  {"hơn", "at_least"},     {"Hơn", "at_least"},
    {"trên", "at_least"},       {"Trên", "at_least"},       {"không quá", "at_most"}, {"Không quá", "at_most"},
    {"tối đa", "at_most"},      {"Tối đa", "at_most"},      {"dưới", "at_most"},      {"Dưới", "at_most"},
    {"khoảng", "about"},        {"Khoảng", "about"},        {"gần", "about"},         {"Gần", "about"},
    {"xấp xỉ", "about"},        {"Xấp xỉ", "about"},
}};

// Units after the figure.
const std::array<std::pair<std::string_view, std::int64_t>, 20> kUnits{{
    {"đồng", 1},           {"đ", 1},           {"VNĐ", 1},         {"VND", 1},        {"vnđ", 1},
    {"nghìn đồng", kThousand}, {"ngàn đồng", kThousand}, {"nghìn", kThousand}, {"ngàn", kThousand},
    {"triệu đồng", kMillion},  {"triệu", kMillion},      {"tr", kMillion},     {"trđ", kMillion},
    {"Tr.đ", kMillion},        {"tỷ đồng", kBillion},    {"tỉ đồng", kBillion}, {"tỷ", kBillion},
    {"tỉ", kBillion},          {"Tỷ đồng", kBillion},    {"Tỷ", kBillion},
}};

[[noreturn]] void refuse(const std::string& why) { throw std::invalid_argument(why); }

}  // namespace

bool PrintedAmount::admits(std::int64_t vnd_sum) const {
    if (bound == "at_least") return vnd_sum >= vnd;
    if (bound == "at_most") return vnd_sum <= vnd;
    if (bound == "about") return std::llabs(vnd_sum - vnd) <= precision_vnd;
    return vnd_sum == vnd;
}

std::string PrintedAmount::bound_vi() const {
    if (bound == "at_least") return "tối thiểu ";
    if (bound == "at_most") return "tối đa ";
    if (bound == "about") return "khoảng ";
    return {};
}

PrintedAmount parse_printed_amount(std::string_view input, std::int64_t default_unit_vnd) {
    PrintedAmount out;
    std::string_view text = trim(input);
    out.printed = std::string(text);
    const std::string quoted = "\"" + out.printed + "\"";
    if (text.empty()) refuse("trống; cần một số tiền, ví dụ \"152.417 triệu đồng\"");
    for (const auto& [word, bound] : kBounds)
        if (starts_with_word(text, word)) {
            out.bound = bound;
            text = trim(text.substr(word.size()));
            break;
        }
    // The figure: digits, thousands dots, one decimal comma.
    std::size_t end = 0;
    while (end < text.size() && ((text[end] >= '0' && text[end] <= '9') || text[end] == '.' || text[end] == ','))
        ++end;
    const std::string_view figure = text.substr(0, end);
    const std::string_view unit_text = trim(text.substr(end));
    if (figure.empty() || figure[0] < '0' || figure[0] > '9')
        refuse(quoted + " không phải số tiền; cần dạng \"152.417 triệu đồng\", \"13,508 tỷ\" hoặc \"hơn 90 tỷ đồng\"");
    std::int64_t unit = default_unit_vnd;
    bool unit_written = false;
    if (!unit_text.empty()) {
        bool known = false;
        for (const auto& [name, value] : kUnits)
            if (unit_text == name) {
                unit = value;
                known = true;
                break;
            }
        if (!known)
            refuse(quoted + ": đơn vị \"" + std::string(unit_text) + "\" không rõ; cần đồng, nghìn đồng, triệu đồng hoặc tỷ đồng");
        unit_written = true;
    }
    if (unit <= 0) refuse(quoted + ": cần ghi đơn vị (đồng, nghìn đồng, triệu đồng hoặc tỷ đồng)");
    out.unit_vnd = unit;
    out.unit_written = unit_written;
    const std::size_t comma = figure.find(',');
    if (comma != std::string_view::npos && figure.find(',', comma + 1) != std::string_view::npos)
        refuse(quoted + ": có nhiều dấu phẩy; số tiền viết dấu chấm phân cách hàng nghìn và dấu phẩy thập phân, ví dụ \"1.234.567\" hoặc \"13,5 tỷ\"");
    const std::string_view whole = figure.substr(0, comma);
    const std::string_view fraction = comma == std::string_view::npos ? std::string_view() : figure.substr(comma + 1);
    if (fraction.find('.') != std::string_view::npos || (comma != std::string_view::npos && fraction.empty()))
        refuse(quoted + ": dấu chấm hoặc dấu phẩy đặt sai chỗ");
    // Thousands dots: a first group of one to three digits, then groups of exactly three.
    std::string digits;
    bool groups_ok = true;
    std::size_t start = 0, groups = 0;
    while (true) {
        const std::size_t dot = whole.find('.', start);
        const std::string_view part = whole.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        const bool dotted = groups > 0 || dot != std::string_view::npos;
        if (part.empty() || (dotted && (groups == 0 ? part.size() > kGroup : part.size() != kGroup))) groups_ok = false;
        digits += part;
        ++groups;
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    if (!groups_ok)
        refuse(quoted + ": dấu chấm là dấu phân cách hàng nghìn nên sau mỗi dấu chấm cần đúng 3 chữ số; phần thập phân viết sau dấu phẩy (\"13,5 tỷ\")");
    if (!fraction.empty() && fraction.size() == kGroup && !unit_written)
        refuse(quoted + " không rõ: theo cách viết Việt Nam dấu phẩy là dấu thập phân (" + std::string(whole) + " phẩy " +
               std::string(fraction) + "), nhưng cũng có thể là hàng nghìn viết kiểu nước ngoài; hãy ghi đơn vị (\"" +
               out.printed + " tỷ\") hoặc viết hàng nghìn bằng dấu chấm (\"" + std::string(whole) + "." +
               std::string(fraction) + "\")");
    // Exactly, in integers: (whole digits + fraction digits) × unit / 10^(fraction digits).
    __extension__ using Wide = __int128;
    Wide value = 0, scale = 1;
    for (const char c : digits) value = value * kDecimalBase + (c - '0');
    for (const char c : fraction) {
        value = value * kDecimalBase + (c - '0');
        scale *= kDecimalBase;
    }
    const Wide vnd = value * unit;
    if (vnd % scale != 0)
        refuse(quoted + " không ra số đồng chẵn (" + (unit_written ? "đơn vị đã ghi" : "đơn vị mặc định của trường") +
               "); hãy ghi thêm đơn vị hoặc bớt chữ số thập phân");
    if (vnd / scale <= 0) refuse(quoted + ": số tiền phải lớn hơn 0");
    if (vnd / scale > std::numeric_limits<std::int64_t>::max()) refuse(quoted + ": số tiền quá lớn");
    out.vnd = static_cast<std::int64_t>(vnd / scale);
    out.precision_vnd = std::max<std::int64_t>(1, static_cast<std::int64_t>(unit / scale));
    return out;
}

}  // namespace giamngheo
