#include "modules/plans/formats/plan_docx.hpp"

#include <algorithm>
#include <array>
#include <map>

#include "kernel/format_vi.hpp"
#include "modules/plans/domain/public_investment.hpp"
#include "modules/plans/formats/public_investment_xlsx.hpp"
#include "platform/table.hpp"
#include "platform/official_docx.hpp"

namespace giamngheo::io {
namespace {

using docx::Align;
using docx::kBodySize;
using docx::kSmallSize;
using docx::kSpacingAfter;
using docx::kTextWidth;
using docx::paragraph;
using docx::run;
using docx::Style;
using docx::table;
using docx::text_paragraph;

constexpr std::int64_t kMillion = 1'000'000;
constexpr std::array<const char*, 12> kRoman = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"};
constexpr std::array<const char*, 8> kLetters = {"a", "b", "c", "d", "đ", "e", "g", "h"};

std::string million(std::int64_t vnd) {
    constexpr int kDecimals = 3;
    return vnd % kMillion == 0 ? format_integer_vi(vnd / kMillion)
                               : format_decimal_vi(static_cast<double>(vnd) / kMillion, kDecimals);
}

std::string place_of(const Plan& plan) {
    if (!plan.place.empty()) return plan.place;
    // The place is the unit's own name, without its type.
    for (const char* type : {"thành phố ", "thị xã ", "thị trấn ", "huyện ", "tỉnh ", "phường ", "xã "})
        if (plan.unit_name.starts_with(type)) return plan.unit_name.substr(std::string(type).size());
    return plan.unit_name;
}

std::string date_line(const Plan& plan) {
    if (plan.date)
        return place_of(plan) + ", ngày " + std::to_string(plan.date->day) + " tháng " + std::to_string(plan.date->month) +
               " năm " + std::to_string(plan.date->year);
    return place_of(plan) + ", ngày      tháng      năm " + std::to_string(plan.year);
}

std::string header(const Plan& plan) {
    constexpr const char* kIssuerPrefix = "Ủy ban nhân dân ";
    docx::Heading h;
    h.issuer_lines = plan.issuer.starts_with(kIssuerPrefix) ? std::vector<std::string>{"Ủy ban nhân dân", plan.unit_name}
                                                             : std::vector<std::string>{plan.issuer};
    h.number = plan.number.empty() ? "Số:       " + plan.number_suffix : "Số: " + plan.number;
    h.place_and_date = date_line(plan);
    return docx::heading(h);
}

// Numbered sections: I., II., ... with the numbering kept consecutive when a section is empty.
class Sections {
public:
    std::string open(const std::string& title) {
        return paragraph(run(std::string(kRoman.at(count_++)) + ". " + title, {true}), Align::justify, true);
    }

private:
    std::size_t count_ = 0;
};

std::string items(const std::vector<std::string>& list, const char* bullet = "- ") {
    std::string out;
    for (const auto& item : list) out += text_paragraph(bullet + item);
    return out;
}

std::string budget_paragraph(const Plan& plan, const std::string& node, const PlanRules& rules) {
    std::int64_t total = 0;
    std::vector<std::pair<std::string, std::int64_t>> by_source;
    for (const auto& l : plan.budget_lines) {
        if (l.budget_year != plan.year || !rules.programme.within(l.node, node)) continue;
        total += l.amount_vnd;
        const auto* source = rules.funding.source(l.source);
        std::string name = source ? source->name : l.source;
        if (l.carried_over()) name += " (vốn năm " + std::to_string(l.origin_year) + " chuyển sang)";
        by_source.emplace_back(name, l.amount_vnd);
    }
    if (total == 0) return {};
    std::string text = million(total) + " triệu đồng";
    if (by_source.size() > 1) {
        text += ", trong đó: ";
        for (std::size_t i = 0; i < by_source.size(); ++i)
            text += (i ? "; " : "") + by_source[i].first + " " + million(by_source[i].second) + " triệu đồng";
    }
    return text + ".";
}

std::string node_body(const Plan& plan, const NodeSection& s, const PlanRules& rules) {
    std::string out;
    std::size_t letter = 0;
    auto part = [&](const std::string& title, const std::string& body) {
        if (body.empty()) return;
        out += paragraph(run(std::string(kLetters.at(letter++)) + ") " + title, {false, true}));
        out += body;
    };
    part("Mục tiêu", items(s.objectives));
    part("Đối tượng", items(s.beneficiaries));
    part("Nội dung", items(s.content));
    const std::string budget = budget_paragraph(plan, s.node, rules);
    if (!budget.empty()) {
        out += paragraph(run(std::string(kLetters.at(letter++)) + ") Kinh phí thực hiện: ", {false, true}) + run(budget));
    }
    std::string organisation;
    if (!s.lead_agencies.empty()) {
        std::string leads;
        for (const auto& a : s.lead_agencies) leads += (leads.empty() ? "" : ", ") + a;
        organisation += text_paragraph("- Cơ quan chủ trì: " + leads + ".");
    }
    if (!s.coordinating_agencies.empty()) {
        std::string others;
        for (const auto& a : s.coordinating_agencies) others += (others.empty() ? "" : ", ") + a;
        organisation += text_paragraph("- Cơ quan phối hợp: " + others + ".");
    }
    organisation += items(s.assignment);
    for (const auto& d : s.reporting_duties)
        if (!d.printed.empty()) organisation += text_paragraph("- " + d.printed);
    part("Tổ chức thực hiện", organisation);
    return out;
}

std::string content_section(const Plan& plan, const PlanRules& rules) {
    std::string out;
    if (!plan.budget_intro.empty()) out += text_paragraph(plan.budget_intro);
    int number = 0;
    for (const auto& node : rules.programme.nodes) {
        if (!node.parent.empty()) continue;
        const NodeSection* s = plan.section(node.key);
        if (!s || !s->applicable) continue;
        ++number;
        out += text_paragraph(std::to_string(number) + ". " + rules.programme.title(node.key), {true});
        std::vector<const NodeSection*> children;
        for (const auto& child : rules.programme.nodes)
            if (child.parent == node.key)
                if (const NodeSection* cs = plan.section(child.key); cs && cs->applicable && !cs->content_in_sub_projects)
                    children.push_back(cs);
        if (!s->content_in_sub_projects || children.empty()) out += node_body(plan, *s, rules);
        int sub = 0;
        for (const NodeSection* cs : children) {
            ++sub;
            out += text_paragraph(std::to_string(number) + "." + std::to_string(sub) + ". " + rules.programme.title(cs->node),
                                  {true, true});
            out += node_body(plan, *cs, rules);
        }
    }
    std::string skipped;
    for (const auto& s : plan.nodes)
        if (!s.applicable && s.reason_printed)
            skipped += text_paragraph("- " + rules.programme.title(s.node) + ": " + s.reason);
    if (!skipped.empty()) out += text_paragraph("Các dự án, tiểu dự án không thực hiện:", {false, true}) + skipped;
    return out;
}

std::string budget_section(const Plan& plan, const PlanRules& rules) {
    const BudgetTable t = budget_table(plan, plan.year, rules);
    std::string out;
    if (!t.rows.empty()) {
        const Style head{true, false, false, kSmallSize}, body{false, false, false, kSmallSize};
        const auto cell_text = [](const std::string& text, const Style& style, Align align) {
            return paragraph(run(text, style), align, false, 0);
        };
        constexpr int kNumberWidth = 600, kTotalWidth = 1300, kNameShare = 2;
        const bool central_column = t.total.central > 0 && t.columns.size() > 1;
        const int columns = static_cast<int>(t.columns.size()) + (central_column ? 2 : 1);  // + central + total
        const int rest = kTextWidth - kNumberWidth;
        const int amount_width = std::min(kTotalWidth, rest / (columns + kNameShare));
        std::vector<int> widths = {kNumberWidth, rest - amount_width * columns};
        for (int c = 0; c < columns; ++c) widths.push_back(amount_width);
        std::vector<std::vector<std::string>> rows;
        std::vector<std::string> head_row = {cell_text("TT", head, Align::center), cell_text("Dự án, tiểu dự án", head, Align::center)};
        for (const auto& c : t.columns) head_row.push_back(cell_text(column_title(c, rules), head, Align::center));
        if (central_column) head_row.push_back(cell_text("Trong đó: ngân sách trung ương", head, Align::center));
        head_row.push_back(cell_text("Tổng cộng", head, Align::center));
        rows.push_back(std::move(head_row));
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            std::vector<std::string> row = {cell_text(std::to_string(r + 1), body, Align::center),
                                            cell_text(rules.programme.qualified_title(t.rows[r].node), body, Align::left)};
            for (const auto v : t.rows[r].by_column) row.push_back(cell_text(v ? million(v) : "", body, Align::right));
            if (central_column) row.push_back(cell_text(t.rows[r].central ? million(t.rows[r].central) : "", body, Align::right));
            row.push_back(cell_text(million(t.rows[r].total), head, Align::right));
            rows.push_back(std::move(row));
        }
        std::vector<std::string> total_row = {cell_text("", head, Align::center), cell_text("Tổng cộng", head, Align::left)};
        for (const auto v : t.total.by_column) total_row.push_back(cell_text(million(v), head, Align::right));
        if (central_column) total_row.push_back(cell_text(million(t.total.central), head, Align::right));
        total_row.push_back(cell_text(million(t.total.total), head, Align::right));
        rows.push_back(std::move(total_row));
        // Stages stay distinct: only allocated (or adjusted) money is "được giao".
        std::int64_t allocated = 0;
        std::map<std::string, std::int64_t> other;  // stage → amount
        std::vector<std::string> decisions;
        for (const auto& l : plan.budget_lines) {
            if (l.budget_year != plan.year || l.programme_level) continue;
            if (l.allocated()) allocated += l.amount_vnd;
            else other[l.stage] += l.amount_vnd;
            const std::string decision = l.decision + (l.tranche.empty() || l.decision.empty() ? "" : " (" + l.tranche + ")");
            if (!decision.empty() && std::find(decisions.begin(), decisions.end(), decision) == decisions.end())
                decisions.push_back(decision);
        }
        const std::string year = std::to_string(plan.year);
        std::string heading;
        if (other.empty()) {
            heading = "1. Kinh phí được giao năm " + year + ": " + million(t.total.total) + " triệu đồng";
        } else if (allocated == 0 && other.size() == 1) {
            heading = "1. Kinh phí năm " + year + " (" + stage_name_vi(other.begin()->first) + ", chưa giao): " +
                      million(t.total.total) + " triệu đồng";
        } else {
            heading = "1. Kinh phí năm " + year + ": " + million(t.total.total) + " triệu đồng, trong đó được giao " +
                      million(allocated) + " triệu đồng";
            for (const auto& [stage, amount] : other)
                heading += "; " + stage_name_vi(stage) + " (chưa giao) " + million(amount) + " triệu đồng";
        }
        if (!decisions.empty()) {
            heading += " (giao tại";
            for (std::size_t i = 0; i < decisions.size(); ++i) heading += (i ? "; " : " ") + decisions[i];
            heading += ")";
        }
        out += text_paragraph(heading + ".");
        out += paragraph(run("Đơn vị tính: triệu đồng", {false, true, false, kSmallSize}), Align::right, false);
        out += table(widths, rows, true);
        if (t.carried_over > 0)
            out += text_paragraph("Trong đó vốn các năm trước chuyển sang: " + million(t.carried_over) + " triệu đồng.");
    }
    for (const auto& text : plan.funding_text) out += text_paragraph(text);
    return out;
}

std::string blocks(const std::vector<TextBlock>& list) {
    std::string out;
    for (const auto& b : list) {
        if (!b.heading.empty()) out += text_paragraph(b.heading, {true});
        for (const auto& item : b.items) out += text_paragraph(item);
    }
    return out;
}

std::string agencies_section(const Plan& plan) {
    std::string out;
    for (const auto& a : plan.agencies) {
        const std::string title = (a.number.empty() ? "" : a.number + ". ") + (a.request ? "Đề nghị " : "") + a.name;
        out += text_paragraph(title, {true});
        out += items(a.duties);
    }
    return out;
}

std::string reporting_section(const Plan& plan) {
    std::string out = items(plan.reporting_text, "");
    for (const auto& r : plan.reports) {
        if (r.printed.empty()) continue;
        std::string text = "- " + r.printed;
        if (r.deadline && r.printed.find(std::to_string(r.deadline->day) + "/" + std::to_string(r.deadline->month)) ==
                              std::string::npos)
            text += " (hạn: ngày " + std::to_string(r.deadline->day) + "/" + std::to_string(r.deadline->month) + ")";
        out += text_paragraph(text);
    }
    return out;
}

std::string situation_section(const Plan& plan) {
    if (!plan.situation) return {};
    const Situation& s = *plan.situation;
    std::string out;
    if (!s.source.empty()) out += text_paragraph(s.source + ":");
    if (!s.printed.empty()) {
        out += items(s.printed);
    } else {
        for (const auto& f : s.figures) out += text_paragraph("- " + f.indicator + ": " + f.printed);
    }
    if (!s.causes_of_poverty.empty()) {
        std::string causes;
        for (const auto& c : s.causes_of_poverty) causes += (causes.empty() ? "" : "; ") + c;
        out += text_paragraph("- Nguyên nhân nghèo chủ yếu: " + causes + ".");
    }
    return out;
}

std::string objectives_section(const Plan& plan) {
    std::string out;
    if (!plan.general_objectives.empty())
        out += text_paragraph("1. Mục tiêu chung", {true}) + items(plan.general_objectives, "");
    std::vector<std::string> specific = plan.specific_objectives;
    if (specific.empty())
        for (const auto& t : plan.targets)
            if (t.kind != "result" && !t.text_printed.empty()) specific.push_back(t.text_printed);
    if (!specific.empty()) out += text_paragraph("2. Mục tiêu cụ thể", {true}) + items(specific);
    return out;
}

std::string purpose_section(const Plan& plan) {
    std::string out;
    if (!plan.purpose.empty()) out += text_paragraph("1. Mục đích", {true}) + items(plan.purpose, "");
    if (!plan.requirements.empty()) out += text_paragraph("2. Yêu cầu", {true}) + items(plan.requirements, "");
    return out;
}

std::string legal_bases(const Plan& plan) {
    if (!plan.legal_bases_printed.empty()) return text_paragraph(plan.legal_bases_printed, {false, true});
    std::string text;
    for (const auto& l : plan.legal_bases) text += (text.empty() ? "Căn cứ " : "; ") + l.citation();
    return text.empty() ? text : text_paragraph(text + ";", {false, true});
}

std::string footer(const Plan& plan) {
    docx::Signature signature{{}, plan.signer.authority, plan.signer.title, plan.signer.name};
    for (const auto& r : plan.recipients) signature.recipients.push_back(r.name + (r.purpose.empty() ? "" : " (" + r.purpose + ")"));
    return docx::signature(signature);
}

std::string document_xml(const Plan& plan, const PlanRules& rules) {
    std::string body = header(plan);
    body += paragraph("", Align::center, false);
    body += paragraph(run(plan.document_type, {true, false, true}), Align::center, false, 0);
    body += paragraph(run(plan.title, {true}), Align::center, false, kSpacingAfter * 2);
    body += legal_bases(plan);
    Sections sections;
    auto section = [&](const std::string& title, const std::string& content) {
        if (!content.empty()) body += sections.open(title) + content;
    };
    section("MỤC ĐÍCH, YÊU CẦU", purpose_section(plan));
    section("THỰC TRẠNG HỘ NGHÈO, HỘ CẬN NGHÈO", situation_section(plan));
    section("MỤC TIÊU", objectives_section(plan));
    section("NỘI DUNG", content_section(plan, rules));
    section("KINH PHÍ THỰC HIỆN", budget_section(plan, rules));
    section("NHIỆM VỤ, GIẢI PHÁP", blocks(plan.solutions));
    section("CÁC CHÍNH SÁCH GIẢM NGHÈO CHUNG", blocks(plan.general_policies));
    section("TỔ CHỨC THỰC HIỆN", agencies_section(plan));
    section("CHẾ ĐỘ BÁO CÁO", reporting_section(plan));
    body += paragraph("", Align::left, false);
    body += footer(plan);
    return body;
}

// A table of the layout's rows in million VND: the leading text columns (TT first) of
// `lead_widths`, then the amounts sharing the rest of the width; rows of `bold` are totals.
std::string layout_table(const std::vector<std::string>& headings, const std::vector<std::vector<std::string>>& body,
                         const std::vector<bool>& bold, const std::vector<int>& lead_widths) {
    const Style head{true, false, false, kSmallSize}, plain{false, false, false, kSmallSize};
    int lead = 0;
    for (const int w : lead_widths) lead += w;
    const int amounts = static_cast<int>(headings.size() - lead_widths.size());
    std::vector<int> widths = lead_widths;
    for (int c = 0; c < amounts; ++c) widths.push_back((kTextWidth - lead) / std::max(amounts, 1));
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> head_row;
    for (const auto& h : headings) head_row.push_back(paragraph(run(h, head), Align::center, false, 0));
    rows.push_back(std::move(head_row));
    for (std::size_t r = 0; r < body.size(); ++r) {
        std::vector<std::string> row;
        for (std::size_t c = 0; c < body[r].size(); ++c) {
            const Align align = c == 0 ? Align::center : c < lead_widths.size() ? Align::left : Align::right;
            row.push_back(paragraph(run(body[r][c], bold[r] ? head : plain), align, false, 0));
        }
        rows.push_back(std::move(row));
    }
    return paragraph(run("Đơn vị tính: triệu đồng", {false, true, false, kSmallSize}), Align::right, false) + table(widths, rows, true);
}

std::string rate(std::int64_t part, std::int64_t whole) {
    constexpr double kPercentOf = 100.0;
    return whole > 0 && part > 0 ? format_decimal_vi(kPercentOf * static_cast<double>(part) / static_cast<double>(whole), 1) : "";
}

std::string public_investment_xml(const Plan& plan, const PlanRules& rules) {
    const PublicInvestmentLayout layout = public_investment_layout(plan, rules);
    const std::string n = std::to_string(layout.results_year), next = std::to_string(layout.plan_year);
    std::string body = header(plan);
    body += paragraph("", Align::center, false);
    body += paragraph(run("Kế hoạch", {true, false, true}), Align::center, false, 0);
    body += paragraph(run("Đầu tư công năm " + next + " thực hiện " + rules.programme.name, {true}), Align::center, false,
                      kSpacingAfter * 2);
    const auto title_of = [&](const LayoutRow& r) { return r.node.empty() ? std::string("Tổng cộng") : rules.programme.qualified_title(r.node); };
    // A. Year N: one row per node, the three measures in total over the sources.
    body += paragraph(run("A. KẾT QUẢ THỰC HIỆN NĂM " + n, {true}), Align::justify, true);
    body += text_paragraph("1. Tình hình giao và giải ngân vốn (đến ngày " + layout.results_as_of.vietnamese() +
                           " và ước cả năm " + n + ")", {true});
    std::vector<std::vector<std::string>> a_rows;
    std::vector<bool> a_bold;
    const auto a_numbers = layout_numbers(layout.results, std::size(kResultMeasures), rules.programme);
    for (std::size_t i = 0; i + 2 < layout.results.size(); i += std::size(kResultMeasures)) {
        const LayoutRow &allocated = layout.results[i], &paid = layout.results[i + 1], &estimated = layout.results[i + 2];
        a_rows.push_back({a_numbers[i], title_of(allocated), io::million_text(allocated.total), io::million_text(paid.total),
                          rate(paid.total, allocated.total), io::million_text(estimated.total), rate(estimated.total, allocated.total)});
        a_bold.push_back(allocated.node.empty() || allocated.subtotal);
    }
    // Part B gives up some of the name's width to its "Nội dung" column, so that "Nhu cầu" holds on one line.
    constexpr int kNumberWidth = 600, kNameWidth = 3000, kPlanNameWidth = 2800, kMeasureWidth = 1200;
    const std::string mid_year = "Giải ngân đến " + std::to_string(layout.results_as_of.day) + "/" + std::to_string(layout.results_as_of.month);
    body += layout_table({"TT", "Dự án, tiểu dự án", "Được giao", mid_year, "Tỷ lệ (%)", "Ước cả năm", "Tỷ lệ (%)"}, a_rows, a_bold,
                         {kNumberWidth, kNameWidth});
    if (!layout.result_targets.empty()) {
        body += text_paragraph("2. Kết quả thực hiện các mục tiêu", {true});
        for (const auto i : layout.result_targets) body += text_paragraph("- " + io::layout_target_text(plan.targets[i]));
    }
    // B. Year N+1: targets, then each node's money requested and proposed by source × fund kind.
    body += paragraph(run("B. KẾ HOẠCH NĂM " + next, {true}), Align::justify, true);
    int section = 0;
    if (!layout.plan_targets.empty()) {
        body += text_paragraph(std::to_string(++section) + ". Mục tiêu", {true});
        for (const auto i : layout.plan_targets) body += text_paragraph("- " + io::layout_target_text(plan.targets[i]));
    }
    body += text_paragraph(std::to_string(++section) + ". Nhu cầu và đề xuất kế hoạch vốn", {true});
    std::vector<std::string> headings = {"TT", "Dự án, tiểu dự án", "Nội dung"};
    for (const auto& c : layout.columns) headings.push_back(column_title(c, rules));
    headings.push_back("Tổng số");
    std::vector<std::vector<std::string>> b_rows;
    std::vector<bool> b_bold;
    // A node with nothing asked for the next year is left out of the document (not of the Excel to fill).
    std::vector<LayoutRow> asked;
    for (std::size_t i = 0; i + 1 < layout.plan.size(); i += std::size(kPlanMeasures))
        if (layout.plan[i].node.empty() || layout.plan[i].total || layout.plan[i + 1].total)
            asked.insert(asked.end(), {layout.plan[i], layout.plan[i + 1]});
    const auto b_numbers = layout_numbers(asked, std::size(kPlanMeasures), rules.programme);
    for (std::size_t i = 0; i < asked.size(); ++i) {
        const LayoutRow& r = asked[i];
        const bool first = i % std::size(kPlanMeasures) == 0;
        std::vector<std::string> cells = {b_numbers[i], first ? title_of(r) : "", first ? "Nhu cầu" : "Đề xuất"};
        for (const auto v : r.by_column) cells.push_back(v || r.node.empty() ? io::million_text(v) : "");
        cells.push_back(io::million_text(r.total));
        b_rows.push_back(std::move(cells));
        b_bold.push_back(r.node.empty() || r.subtotal);
    }
    body += layout_table(headings, b_rows, b_bold, {kNumberWidth, kPlanNameWidth, kMeasureWidth});
    body += paragraph("", Align::left, false);
    body += footer(plan);
    return body;
}

}  // namespace

std::string plan_docx(const Plan& plan, const PlanRules& rules) { return docx::docx_package(document_xml(plan, rules)); }

void write_plan_docx(const std::string& path, const Plan& plan, const PlanRules& rules) {
    write_file_atomically(path, plan_docx(plan, rules));
}

}  // namespace giamngheo::io

namespace giamngheo::io {

std::string public_investment_docx(const Plan& plan, const PlanRules& rules) {
    return docx::docx_package(public_investment_xml(plan, rules));
}

void write_public_investment_docx(const std::string& path, const Plan& plan, const PlanRules& rules) {
    write_file_atomically(path, public_investment_docx(plan, rules));
}

}  // namespace giamngheo::io
