#include "modules/plans/formats/public_investment_xlsx.hpp"

#include <map>
#include <set>

#include "kernel/format_vi.hpp"

namespace giamngheo::io {
namespace {

constexpr std::int64_t kMillion = 1'000'000;
constexpr int kMillionDigits = 6;  // a million VND to the đồng
// The columns before the amounts: TT, code, name, measure.
const std::vector<std::string> kLeadHeadings = {"TT", "Mã", "Dự án, tiểu dự án", "Nội dung"};
constexpr const char* kTotalHeading = "Tổng số";
constexpr const char* kTotalName = "Tổng cộng";
constexpr const char* kPartResults = "A. KẾT QUẢ THỰC HIỆN NĂM ";
constexpr const char* kPartPlan = "B. KẾ HOẠCH NĂM ";
constexpr const char* kTargetsResults = "Kết quả thực hiện các mục tiêu năm ";
constexpr const char* kTargetsPlan = "Mục tiêu năm ";

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::string text_at(const XlsxGrid& grid, long row, long column) {
    const auto r = grid.cells.find(row);
    if (r == grid.cells.end()) return {};
    const auto c = r->second.find(column);
    return c == r->second.end() ? std::string() : trim(c->second.text);
}

// An amount in million VND: typed as a number (its shortest decimal text, a point) or as text the
// Vietnamese way ("1.234,5"); exact to the đồng. nullopt when it is neither, or finer than a đồng.
std::optional<std::int64_t> million_to_vnd(const XlsxCell& cell) {
    const std::string text = trim(cell.text);
    const char decimal = cell.number ? '.' : ',';
    const auto point = text.find(decimal);
    const std::string whole_text = text.substr(0, point);
    std::optional<std::int64_t> whole;
    if (cell.number) {
        if (whole_text.empty() || whole_text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
        whole = std::stoll(whole_text);
    } else {
        whole = parse_integer_vi(whole_text);
    }
    if (!whole) return std::nullopt;
    std::string fraction = point == std::string::npos ? "" : text.substr(point + 1);
    if (point != std::string::npos && fraction.empty()) return std::nullopt;
    if (fraction.find_first_not_of("0123456789") != std::string::npos || fraction.size() > kMillionDigits) return std::nullopt;
    fraction.resize(kMillionDigits, '0');
    return *whole * kMillion + std::stoll(fraction);
}

std::string heading_of(const Plan& plan) {
    return plan.issuer.starts_with("Ủy ban nhân dân ") ? "UBND " + upper_vi(plan.unit_name) : upper_vi(plan.issuer);
}

}  // namespace

std::string spreadsheet_column(long column) {
    std::string out;
    for (long c = column + 1; c > 0; c = (c - 1) / 26) out.insert(out.begin(), static_cast<char>('A' + (c - 1) % 26));
    return out;
}

std::string million_text(std::int64_t vnd) {
    const std::string sign = vnd < 0 ? "-" : "";
    const std::int64_t magnitude = vnd < 0 ? -vnd : vnd;
    std::string out = sign + format_integer_vi(magnitude / kMillion);
    if (const std::int64_t rest = magnitude % kMillion) {
        std::string fraction = std::to_string(rest);
        fraction.insert(0, kMillionDigits - fraction.size(), '0');
        while (fraction.back() == '0') fraction.pop_back();
        out += "," + fraction;
    }
    return out;
}

std::string layout_target_text(const Target& t) {
    // The names of the plans' indicators are the web's (web/src/lib/plans.ts); a target entered
    // without its printed text is shown by its year and value, never by its code.
    std::string out = t.text_printed.empty() ? "Chỉ tiêu năm " + std::to_string(t.year) : t.text_printed;
    const std::string unit = t.unit == "percent" ? "%" : "";
    if (t.text_printed.empty() && t.target && t.target->value) out += ": " + format_decimal_vi(*t.target->value, 2) + unit;
    if (t.actual) out += "; thực hiện: " + format_decimal_vi(*t.actual, 2) + unit;
    if (t.actual_change) out += "; thay đổi thực hiện: " + format_decimal_vi(*t.actual_change, 2);
    return out;
}

PrintedSheet public_investment_sheet(const Plan& plan, const PublicInvestmentLayout& layout, const PlanRules& rules) {
    PrintedSheet s;
    s.sheet_name = "Kế hoạch ĐTC " + std::to_string(layout.plan_year);
    s.issuer_above = plan.unit_level == "province" || plan.province_name.empty() ? "" : "UBND " + upper_vi(plan.province_name);
    s.issuer = heading_of(plan);
    s.title = "KẾ HOẠCH ĐẦU TƯ CÔNG NĂM " + std::to_string(layout.plan_year);
    s.subtitle = {rules.programme.name + " - " + plan.unit_name,
                  "(Kết quả thực hiện năm " + std::to_string(layout.results_year) + " đến ngày " +
                      layout.results_as_of.vietnamese() + ", ước cả năm; kế hoạch năm " + std::to_string(layout.plan_year) + ")",
                  "Đơn vị tính: triệu đồng"};
    s.columns = {{kLeadHeadings[0], 5, false}, {kLeadHeadings[1], 10, false}, {kLeadHeadings[2], 38, false},
                 {kLeadHeadings[3], 31, false}, {kTotalHeading, 13, true}};
    for (const auto& c : layout.columns) s.columns.push_back({column_title(c, rules), 15, true});
    const auto rows = [&](const std::vector<LayoutRow>& part, std::size_t measures) {
        const std::vector<std::string> numbers = layout_numbers(part, measures, rules.programme);
        for (std::size_t i = 0; i < part.size(); ++i) {
            const LayoutRow& r = part[i];
            const bool first = i % measures == 0;
            const bool total = r.node.empty();
            std::vector<std::string> cells = {
                numbers[i], r.node,
                first ? (total ? kTotalName : rules.programme.qualified_title(r.node)) : "", measure_title(layout, r.measure),
                million_text(r.total)};
            // An empty cell of a node's row is nothing; a total shows its zero.
            for (const auto v : r.by_column) cells.push_back(v || total ? million_text(v) : "");
            s.rows.push_back({PrintedRow::Kind::item, std::move(cells)});
        }
    };
    const auto targets = [&](const std::string& heading, const std::vector<std::size_t>& indices) {
        if (indices.empty()) return;
        s.rows.push_back({PrintedRow::Kind::group, {heading}});
        int number = 0;
        for (const auto i : indices)
            s.rows.push_back({PrintedRow::Kind::item, {std::to_string(++number), "", layout_target_text(plan.targets[i])}});
    };
    s.rows.push_back({PrintedRow::Kind::group, {kPartResults + std::to_string(layout.results_year)}});
    rows(layout.results, std::size(kResultMeasures));
    targets(kTargetsResults + std::to_string(layout.results_year), layout.result_targets);
    s.rows.push_back({PrintedRow::Kind::group, {kPartPlan + std::to_string(layout.plan_year)}});
    rows(layout.plan, std::size(kPlanMeasures));
    targets(kTargetsPlan + std::to_string(layout.plan_year), layout.plan_targets);
    s.place_and_date = (plan.place.empty() ? plan.unit_name : plan.place) + ", ngày .... tháng .... năm " + std::to_string(layout.results_year);
    s.signatures = {"NGƯỜI LẬP BIỂU", plan.signer.title.empty() ? "THỦ TRƯỞNG ĐƠN VỊ" : upper_vi(plan.signer.title)};
    return s;
}

TypedLayout read_public_investment_sheet(const PublicInvestmentLayout& layout, const XlsxGrid& grid,
                                         const std::string& source, const PlanRules& rules) {
    TypedLayout out;
    out.file = source + (grid.sheet_name.empty() ? "" : " (trang " + grid.sheet_name + ")");
    const auto problem = [&](long row, long column, const std::string& message) {
        out.problems.push_back({out.file, row + 1, column < 0 ? "" : spreadsheet_column(column), message});
    };
    long header = -1;
    for (const auto& [row, cells] : grid.cells)
        if (text_at(grid, row, 0) == kLeadHeadings[0] && text_at(grid, row, 1) == kLeadHeadings[1]) {
            header = row;
            break;
        }
    if (header < 0) {
        problem(-1, -1, "không thấy bảng kế hoạch đầu tư công (dòng tiêu đề bắt đầu bằng \"TT\", \"Mã\"); hãy dùng tệp tải về từ hệ thống");
        return out;
    }
    std::vector<std::string> headings = kLeadHeadings;
    headings.push_back(kTotalHeading);
    for (const auto& c : layout.columns) headings.push_back(column_title(c, rules));
    for (std::size_t c = 0; c < headings.size(); ++c)
        if (text_at(grid, header, static_cast<long>(c)) != headings[c])
            problem(header, static_cast<long>(c), "cần cột \"" + headings[c] + "\", gặp \"" + text_at(grid, header, static_cast<long>(c)) +
                                                      "\" (các cột nguồn vốn theo dữ liệu của kế hoạch; hãy tải lại biểu)");
    if (!out.problems.empty()) return out;
    out.first_amount_column = static_cast<long>(kLeadHeadings.size());

    // The nodes and measures each part has, and the rows already read.
    std::map<std::string, std::set<std::string>> nodes;
    for (const auto& r : layout.results) nodes["results"].insert(r.node);
    for (const auto& r : layout.plan) nodes["plan"].insert(r.node);
    std::set<std::tuple<std::string, std::string, std::string>> seen;
    std::string part;
    bool in_targets = false;
    long previous = header;
    for (auto it = grid.cells.upper_bound(header); it != grid.cells.end(); ++it) {
        const long r = it->first;
        if (r != previous + 1) break;  // the empty row between the table and the signatures
        previous = r;
        const std::string first = text_at(grid, r, 0);
        if (first.starts_with(kPartResults) || first.starts_with(kPartPlan)) {
            part = first.starts_with(kPartResults) ? "results" : "plan";
            in_targets = false;
            continue;
        }
        if (first.starts_with(kTargetsResults) || first.starts_with(kTargetsPlan)) {
            in_targets = true;  // the targets are shown, not read back
            continue;
        }
        const std::string measure_text = text_at(grid, r, 3);
        if (in_targets) continue;
        if (part.empty()) {
            problem(r, 0, "dòng nằm trước phần A");
            continue;
        }
        std::string measure;
        for (const char* m : kResultMeasures)
            if (part == "results" && measure_title(layout, m) == measure_text) measure = m;
        for (const char* m : kPlanMeasures)
            if (part == "plan" && measure_title(layout, m) == measure_text) measure = m;
        if (measure.empty()) {
            std::string expected;
            for (const char* m : kResultMeasures)
                if (part == "results") expected += (expected.empty() ? "\"" : ", \"") + measure_title(layout, m) + "\"";
            for (const char* m : kPlanMeasures)
                if (part == "plan") expected += (expected.empty() ? "\"" : ", \"") + measure_title(layout, m) + "\"";
            problem(r, 3, "cần một trong " + expected + ", gặp \"" + measure_text + "\"");
            continue;
        }
        TypedLayoutRow typed{part, text_at(grid, r, 1), measure, r, {}, 0};
        if (!nodes[part].count(typed.node)) {
            problem(r, 1, "không có dự án, tiểu dự án \"" + typed.node + "\" trong biểu; biểu chỉ sửa số, không thêm dòng");
            continue;
        }
        if (!seen.insert({part, typed.node, measure}).second) {
            problem(r, 1, "dòng \"" + measure_text + "\" của " + (typed.node.empty() ? kTotalName : typed.node) + " bị lặp");
            continue;
        }
        bool readable = true;
        for (std::size_t c = 0; c <= layout.columns.size(); ++c) {
            const long column = out.first_amount_column + static_cast<long>(c);
            const auto row_cells = it->second.find(column);
            std::int64_t vnd = 0;
            if (row_cells != it->second.end() && !trim(row_cells->second.text).empty()) {
                const auto read = million_to_vnd(row_cells->second);
                if (!read) {
                    problem(r, column, "cần số triệu đồng (ví dụ 1.234 hoặc 1.234,5; tối đa 6 chữ số thập phân), gặp \"" +
                                           trim(row_cells->second.text) + "\"");
                    readable = false;
                    continue;
                }
                vnd = *read;
            }
            if (c == 0) typed.total = vnd;
            else typed.by_column.push_back(vnd);
        }
        if (readable) out.rows.push_back(std::move(typed));
    }
    return out;
}

}  // namespace giamngheo::io
