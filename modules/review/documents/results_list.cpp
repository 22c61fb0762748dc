#include "modules/review/documents/results_list.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

#include "kernel/classify.hpp"
#include "kernel/errors.hpp"
#include "kernel/format_vi.hpp"
#include "kernel/labels_vi.hpp"
#include "modules/review/app/review.hpp"

namespace giamngheo::app {
namespace {

struct Listed {
    const store::ResultRow* row;
    std::string head_name;
    std::optional<std::int64_t> income;
};

// A label inside a sentence: "Hộ nghèo" → "hộ nghèo" (labels begin with a capital).
std::string in_sentence(std::string label) {
    if (!label.empty() && label[0] >= 'A' && label[0] <= 'Z') label[0] = static_cast<char>(label[0] - 'A' + 'a');
    return label;
}

std::string counts_text(const std::map<std::string, long>& by_class, const std::vector<std::string>& classes) {
    std::string out;
    for (const auto& c : classes) {
        if (!out.empty()) out += ", ";
        out += format_integer_vi(by_class.count(c) ? by_class.at(c) : 0) + " " + in_sentence(label_vi("household_class", c));
    }
    return out;
}

}  // namespace

std::vector<std::string> listed_classes(const std::string& comma_separated) {
    std::vector<std::string> out;
    for (std::size_t from = 0; from <= comma_separated.size();) {
        const std::size_t to = std::min(comma_separated.find(',', from), comma_separated.size());
        out.push_back(comma_separated.substr(from, to - from));
        HouseholdClass parsed{};
        if (!parse_household_class(out.back(), parsed))
            throw_invalid_input("phân loại \"" + out.back() + "\" không hợp lệ", "classes");
        from = to + 1;
    }
    return out;
}

io::PrintedSheet results_list(store::Store& store, const ResultsListRequest& request,
                              const std::function<bool(const store::ResultRow&)>& within) {
    const store::RoundRecord round = require_round(store, request.round_id);
    const Standard standard = standard_from_document(round.standard_document);
    const UnitCatalogue units = store.units_of_round(request.round_id);
    const UnitVersion* unit = nullptr;
    for (UnitMap map : {UnitMap::map2025, UnitMap::map2024})
        if (!unit && !request.unit.empty()) unit = units.find(request.unit, map);
    if (!request.unit.empty() && !unit) throw_not_found("không có đơn vị \"" + request.unit + "\"");

    std::vector<store::ResultRow> rows;
    store.for_each_round_result(request.round_id, [&](const store::ResultRow& row) {
        if (std::find(request.classes.begin(), request.classes.end(), row.household_class) != request.classes.end() &&
            within(row))
            rows.push_back(row);
    });
    std::vector<Listed> listed;
    for (const auto& row : rows) listed.push_back({&row, {}, {}});
    for (auto& l : listed)
        if (const auto stored = store.load_household(l.row->household_id, l.row->household_version)) {
            l.head_name = stored->household.head_name;
            for (const auto& m : stored->household.members)
                if (l.head_name.empty() && m.relation == "head") l.head_name = m.full_name;
            l.income = stored->household.income_per_capita;
        }
    std::stable_sort(listed.begin(), listed.end(), [&](const Listed& a, const Listed& b) {
        const auto rank = [&](const std::string& c) { return std::find(request.classes.begin(), request.classes.end(), c) - request.classes.begin(); };
        return std::forward_as_tuple(a.row->village, rank(a.row->household_class), a.row->household_id) <
               std::forward_as_tuple(b.row->village, rank(b.row->household_class), b.row->household_id);
    });

    io::PrintedSheet sheet;
    sheet.sheet_name = "Danh sách";
    if (unit) {
        const auto province = units.ancestor(unit->code, unit->map, UnitLevel::province);
        const UnitVersion* above = province && *province != unit->code ? units.find(*province, unit->map) : nullptr;
        sheet.issuer_above = above ? "UBND " + upper_vi(above->full_name) : "";
        sheet.issuer = "UBND " + upper_vi(unit->full_name);
    } else {
        sheet.issuer = "TOÀN QUỐC";
    }
    std::string classes_text;
    for (const auto& c : request.classes)
        classes_text += (classes_text.empty() ? "" : ", ") + upper_vi(label_vi("household_class", c));
    sheet.title = "DANH SÁCH " + classes_text + " NĂM " + std::to_string(round.year);
    sheet.subtitle.push_back("(Kèm theo kết quả " + in_sentence(label_vi("round_kind", round.kind)) + " năm " +
                             std::to_string(round.year) + ", ngày tham chiếu " + round.reference_date.vietnamese() +
                             "; " + standard.name + ")");
    sheet.subtitle.push_back(round.status == store::RoundStatus::approved
                                 ? "Kết quả đã phê duyệt ngày " + round.decision_date->vietnamese()
                                 : "Kết quả chưa phê duyệt: dùng để niêm yết, lấy ý kiến");
    sheet.columns = {{"STT", 5, true},
                     {"Mã hộ", 20},
                     {"Họ và tên chủ hộ", 24},
                     {"Thôn, tổ dân phố", 16},
                     {"Số nhân khẩu", 9, true},
                     {"Phân loại", 14},
                     {"Thu nhập bình quân (đồng/người/tháng)", 15, true},
                     {"Các chỉ số thiếu hụt", 38},
                     {"Đặc điểm của hộ", 22},
                     {"Ghi chú", 12}};
    std::map<std::string, long> all;
    std::map<std::string, long> in_village;
    long number = 0;
    auto close_village = [&](const std::string& village) {
        sheet.rows.push_back({io::PrintedRow::Kind::total,
                              {"Cộng " + (village.empty() ? std::string("(chưa ghi thôn)") : village) + ": " +
                               counts_text(in_village, request.classes)}});
        in_village.clear();
    };
    for (std::size_t i = 0; i < listed.size(); ++i) {
        const store::ResultRow& r = *listed[i].row;
        if (i == 0 || listed[i - 1].row->village != r.village)
            sheet.rows.push_back({io::PrintedRow::Kind::group, {r.village.empty() ? "Chưa ghi thôn, tổ dân phố" : r.village}});
        std::string deprived, traits;
        for (std::size_t j = 0; j < r.indicators.size() && j < standard.indicators.size(); ++j)
            if (r.indicators[j] == '1') deprived += (deprived.empty() ? "" : "; ") + standard.indicators[j].name;
        for (const auto& flag : household_flag_keys(r.flags)) traits += (traits.empty() ? "" : "; ") + label_vi("flag", flag);
        sheet.rows.push_back({io::PrintedRow::Kind::item,
                              {std::to_string(++number), r.household_id, listed[i].head_name, r.village,
                               std::to_string(r.members), label_vi("household_class", r.household_class),
                               listed[i].income ? std::to_string(*listed[i].income) : "", deprived, traits, ""}});
        ++all[r.household_class];
        ++in_village[r.household_class];
        if (i + 1 == listed.size() || listed[i + 1].row->village != r.village) close_village(r.village);
    }
    sheet.rows.push_back({io::PrintedRow::Kind::total, {"Tổng cộng: " + counts_text(all, request.classes)}});
    sheet.place_and_date = (unit ? unit->name : std::string()) + ", ngày ..... tháng ..... năm " + std::to_string(round.year);
    sheet.signatures = {"NGƯỜI LẬP BIỂU", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"};
    return sheet;
}

}  // namespace giamngheo::app
