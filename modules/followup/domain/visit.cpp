#include "modules/followup/domain/visit.hpp"

#include "kernel/errors.hpp"
#include "kernel/labels_vi.hpp"

namespace giamngheo::followup {

void check_visit(const Visit& visit, const Date& today) {
    if (visit.household_id.empty()) throw_invalid_input("cần mã hộ", "household_id");
    if (!is_valid_date(visit.date.year, visit.date.month, visit.date.day))
        throw_invalid_input("ngày thăm không hợp lệ", "date");
    if (visit.date > today)
        throw_invalid_input("ngày thăm " + visit.date.vietnamese() + " chưa đến (hôm nay là " + today.vietnamese() + ")",
                            "date");
    if (!has_label(kSituationGroup, visit.situation))
        throw_invalid_input("tình trạng \"" + visit.situation + "\" không có trong danh mục (ổn định, có nguy cơ tái nghèo, "
                            "đã tái nghèo)", "situation");
    if (visit.support.size() > kMaxText) throw_invalid_input("nội dung hỗ trợ quá dài", "support");
    if (visit.note.size() > kMaxText) throw_invalid_input("ghi chú quá dài", "note");
}

long days_between(const Date& from, const Date& to) {
    return static_cast<long>(to.days_since_epoch() - from.days_since_epoch());
}

}  // namespace giamngheo::followup
