#include "modules/units/formats/unit_files.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

namespace giamngheo::io {
namespace {

std::map<std::string, std::size_t> columns_of(const Table& table, const std::vector<std::string>& required,
                                              std::vector<Problem>& problems) {
    std::map<std::string, std::size_t> columns;
    for (std::size_t i = 0; i < table.header.size(); ++i) columns.emplace(table.header[i], i);
    for (const auto& name : required)
        if (!columns.count(name)) problems.push_back({table.source, 1, name, "thiếu cột bắt buộc"});
    return columns;
}

std::string cell(const Table& t, std::size_t row, const std::map<std::string, std::size_t>& columns, const char* name) {
    auto it = columns.find(name);
    return it != columns.end() && it->second < t.rows[row].size() ? t.rows[row][it->second] : std::string{};
}

void read_units(const std::string& path, UnitMap map, UnitFiles& out) {
    const Table table = read_table(path);
    const auto columns = columns_of(table, {"code", "name", "level", "parent_code", "type", "full_name"}, out.problems);
    if (!out.problems.empty()) return;
    std::set<std::string> codes;
    const std::size_t first = out.units.size();
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        UnitVersion u;
        u.map = map;
        u.code = cell(table, r, columns, "code");
        u.name = cell(table, r, columns, "name");
        u.parent_code = cell(table, r, columns, "parent_code");
        u.type = cell(table, r, columns, "type");
        u.full_name = cell(table, r, columns, "full_name");
        const std::string level = cell(table, r, columns, "level");
        auto problem = [&](const char* column, const std::string& message) {
            out.problems.push_back({table.source, table.row_numbers[r], column, message});
        };
        if (u.code.empty() || !std::all_of(u.code.begin(), u.code.end(), ::isdigit))
            problem("code", "mã \"" + u.code + "\" không hợp lệ; cần chuỗi chữ số");
        if (!parse_unit_level(level, u.level) || u.level == UnitLevel::village)
            problem("level", "cấp \"" + level + "\" không hợp lệ; cần province, district hoặc commune");
        if (map == UnitMap::map2025 && u.level == UnitLevel::district)
            problem("level", "bản đồ 2025 không còn cấp huyện");
        if (!codes.insert(u.code).second) problem("code", "mã \"" + u.code + "\" bị trùng");
        if (map == UnitMap::map2024) u.valid_to = Date::from_days_since_epoch(UnitCatalogue::kReformDate.days_since_epoch() - 1);
        else u.valid_from = UnitCatalogue::kReformDate;
        out.units.push_back(std::move(u));
    }
    for (std::size_t i = first; i < out.units.size(); ++i) {
        const auto& u = out.units[i];
        if (u.level != UnitLevel::province && !codes.count(u.parent_code))
            out.problems.push_back({table.source, table.row_numbers[i - first], "parent_code",
                                    "đơn vị cấp trên \"" + u.parent_code + "\" không có trong tệp"});
    }
}

void read_mapping(const std::string& path, UnitFiles& out) {
    const Table table = read_table(path);
    const auto columns = columns_of(table, {"old_level", "old_code", "new_code", "kind"}, out.problems);
    if (!out.problems.empty()) return;
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        Lineage row{cell(table, r, columns, "old_level"), cell(table, r, columns, "old_code"),
                    cell(table, r, columns, "new_code"), true};
        const std::string kind = cell(table, r, columns, "kind");
        if (kind != "full" && kind != "partial")
            out.problems.push_back({table.source, table.row_numbers[r], "kind", "cần full hoặc partial, gặp \"" + kind + "\""});
        row.full = kind == "full";
        out.lineage.push_back(std::move(row));
    }
}

std::string strip_type(const std::string& full_name, const std::string& type) {
    // "Thành phố trực thuộc trung ương" is written "Thành phố X"; "Đặc khu tại hải đảo" as "Đặc khu X".
    for (const auto& prefix : {type + " ", std::string("Thành phố "), std::string("Đặc khu ")})
        if (full_name.rfind(prefix, 0) == 0) return full_name.substr(prefix.size());
    return full_name;
}

void read_changes(const std::string& path, UnitFiles& out) {
    const Table table = read_table(path);
    const auto columns = columns_of(table, {"code", "level", "new_full_name", "new_type"}, out.problems);
    if (!out.problems.empty()) return;
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const std::string code = cell(table, r, columns, "code");
        auto it = std::find_if(out.units.begin(), out.units.end(),
                               [&](const UnitVersion& u) { return u.map == UnitMap::map2025 && u.code == code; });
        if (it == out.units.end()) {
            out.problems.push_back({table.source, table.row_numbers[r], "code", "mã \"" + code + "\" không có trong units-2025.csv"});
            continue;
        }
        UnitVersion changed = *it;
        it->valid_to = Date::from_days_since_epoch(kChanges2026Effective.days_since_epoch() - 1);
        changed.valid_from = kChanges2026Effective;
        changed.type = cell(table, r, columns, "new_type");
        changed.full_name = cell(table, r, columns, "new_full_name");
        changed.name = strip_type(changed.full_name, changed.type);
        out.units.push_back(std::move(changed));
    }
}

}  // namespace

UnitFiles read_unit_files(const std::string& directory) {
    namespace fs = std::filesystem;
    UnitFiles out;
    const fs::path dir(directory);
    for (const char* name : {"units-2024.csv", "units-2025.csv", "mapping-2024-2025.csv"})
        if (!fs::exists(dir / name)) out.problems.push_back({(dir / name).string(), 0, "", "thiếu tệp"});
    if (!out.problems.empty()) return out;
    read_units((dir / "units-2024.csv").string(), UnitMap::map2024, out);
    read_units((dir / "units-2025.csv").string(), UnitMap::map2025, out);
    read_mapping((dir / "mapping-2024-2025.csv").string(), out);
    if (fs::exists(dir / "changes-2025-2026.csv")) read_changes((dir / "changes-2025-2026.csv").string(), out);
    return out;
}

}  // namespace giamngheo::io
