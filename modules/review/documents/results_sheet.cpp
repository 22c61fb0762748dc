#include "modules/review/documents/results_sheet.hpp"

#include <functional>

#include "kernel/classify.hpp"
#include "kernel/labels_vi.hpp"

namespace giamngheo::app {
namespace {

struct Column {
    std::string header;
    std::function<std::string(const std::string&)> value;
};

std::string as_is(const std::string& value) { return value; }

std::function<std::string(const std::string&)> labelled_by(std::string group) {
    return [group = std::move(group)](const std::string& code) { return code.empty() ? code : label_vi(group, code); };
}

std::string answer(const std::string& value) {
    if (value == "1") return label_vi("answer", "yes");
    if (value == "0") return label_vi("answer", "no");
    return value;
}

Column column_of(const std::string& key) {
    if (key == "household_id" || key == "unit_code" || key == "area")
        return {field_label_vi(key), key == "area" ? labelled_by("area") : as_is};
    if (key == "class") return {"Phân loại", labelled_by("household_class")};
    if (key == "income_test") return {"Tiêu chí thu nhập", labelled_by("income_test")};
    if (key == "deprivation_count") return {"Số chỉ số thiếu hụt", as_is};
    if (key == "score_b") return {"Điểm B", as_is};
    if (key == "transition") return {"Biến động so với kỳ trước", labelled_by("transition")};
    for (const char* flag : kHouseholdFlagKeys)
        if (key == flag) return {label_vi("flag", key), answer};
    if (const std::string indicator = label_vi("indicator", key); indicator != key)
        return {"Thiếu hụt: " + indicator, answer};
    return {key, as_is};
}

}  // namespace

LabelledResults labelled_results(const io::Table& results) {
    LabelledResults out;
    out.table.source = results.source;
    std::vector<Column> columns;
    for (const auto& key : results.header) {
        columns.push_back(column_of(key));
        out.table.header.push_back(columns.back().header);
        if (key == "deprivation_count" || key == "score_b") out.numeric_columns.insert(columns.back().header);
    }
    out.table.rows.reserve(results.rows.size());
    for (const auto& row : results.rows) {
        std::vector<std::string> cells;
        cells.reserve(row.size());
        for (std::size_t c = 0; c < row.size() && c < columns.size(); ++c) cells.push_back(columns[c].value(row[c]));
        out.table.rows.push_back(std::move(cells));
    }
    return out;
}

}  // namespace giamngheo::app
