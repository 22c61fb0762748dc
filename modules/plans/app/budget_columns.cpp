#include "modules/plans/app/budget_columns.hpp"

#include <utility>

#include "kernel/format_vi.hpp"
#include "kernel/labels_vi.hpp"
#include "modules/plans/domain/plan.hpp"

namespace giamngheo::app {
namespace {

constexpr std::pair<const char*, const char*> kHeaders[] = {
    {"node", "Mã dự án, tiểu dự án"},      {"source", "Nguồn vốn"},
    {"fund_kind", "Loại vốn"},              {"budget_year", "Năm ngân sách"},
    {"origin_year", "Năm của nguồn vốn"},   {"amount_vnd", "Số tiền (đồng)"},
    {"stage", "Giai đoạn"},                 {"counterpart", "Vốn đối ứng"},
    {"unit_code", "Mã đơn vị thực hiện"},   {"label", "Nội dung"},
    {"decision", "Quyết định giao vốn"},    {"tranche", "Đợt"},
    {"node_name", "Tên dự án, tiểu dự án"}, {"source_name", "Tên nguồn vốn"},
    {"amount_printed", "Số tiền như in"},   {"amount_million", "Số tiền (triệu đồng)"}};

bool same(const std::string& a, const std::string& b) { return upper_vi(a) == upper_vi(b); }

}  // namespace

std::string budget_column_header(const std::string& key) {
    for (const auto& [k, header] : kHeaders)
        if (key == k) return header;
    return key;
}

std::string budget_column_key(const std::string& header) {
    for (const auto& [key, text] : kHeaders)
        if (same(header, key) || same(header, text)) return key;
    return header;
}

std::string source_text(const FundingCatalogue& funding, const std::string& key) {
    const auto* source = funding.source(key);
    return source ? source->name : key;
}

std::string fund_kind_text(const FundingCatalogue& funding, const std::string& key) {
    const auto* kind = funding.fund_kind(key);
    return kind ? kind->name : key;
}

std::string stage_text(const std::string& key) { return key.empty() ? key : stage_name_vi(key); }

std::string counterpart_text(bool counterpart) { return label_vi("answer", counterpart ? "yes" : "no"); }

std::string source_key(const FundingCatalogue& funding, const std::string& text) {
    for (const auto& s : funding.sources)
        if (text == s.key || same(text, s.name)) return s.key;
    return text;
}

std::string fund_kind_key(const FundingCatalogue& funding, const std::string& text) {
    for (const auto& k : funding.fund_kinds)
        if (text == k.key || same(text, k.name)) return k.key;
    return text;
}

std::string stage_key(const std::string& text) {
    for (const char* stage : kBudgetStages)
        if (text == stage || same(text, stage_name_vi(stage))) return stage;
    return text;
}

std::string counterpart_key(const std::string& text) {
    if (same(text, label_vi("answer", "yes"))) return "1";
    if (same(text, label_vi("answer", "no"))) return "0";
    return text;
}

}  // namespace giamngheo::app
