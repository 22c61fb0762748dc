#include "kernel/units.hpp"

#include <set>

namespace giamngheo {
namespace {

int slot(UnitMap map) { return map == UnitMap::map2024 ? 0 : 1; }

bool in_force(const UnitVersion& v, const Date& at) {
    return (!v.valid_from || *v.valid_from <= at) && (!v.valid_to || at <= *v.valid_to);
}

}  // namespace

const char* to_string(UnitLevel level) {
    switch (level) {
        case UnitLevel::province: return "province";
        case UnitLevel::district: return "district";
        case UnitLevel::commune: return "commune";
        case UnitLevel::village: return "village";
    }
    return "commune";
}

bool parse_unit_level(const std::string& text, UnitLevel& out) {
    for (auto level : {UnitLevel::province, UnitLevel::district, UnitLevel::commune, UnitLevel::village}) {
        if (text == to_string(level)) {
            out = level;
            return true;
        }
    }
    return false;
}

std::vector<UnitVersion> UnitCatalogue::all_versions() const {
    std::vector<UnitVersion> out;
    out.reserve(version_count_);
    for (const auto& map : by_code_)
        for (const auto& [code, versions] : map) out.insert(out.end(), versions.begin(), versions.end());
    return out;
}

void UnitCatalogue::add(UnitVersion version) {
    auto& versions = by_code_[slot(version.map)][version.code];
    versions.push_back(std::move(version));
    ++version_count_;
}

void UnitCatalogue::add_lineage(Lineage row) {
    const std::size_t index = lineage_.size();
    successors_[row.old_code].push_back(index);
    predecessors_[row.new_code].push_back(index);
    lineage_.push_back(std::move(row));
}

const UnitVersion* UnitCatalogue::find(const std::string& code, UnitMap map, std::optional<Date> at) const {
    const auto& table = by_code_[slot(map)];
    auto it = table.find(code);
    if (it == table.end() || it->second.empty()) return nullptr;
    if (at)
        for (const auto& v : it->second)
            if (in_force(v, *at)) return &v;
    return &it->second.back();
}

std::optional<UnitMap> UnitCatalogue::map_of(const std::string& code, const Date& at) const {
    const UnitMap preferred = map_at(at);
    const UnitMap other = preferred == UnitMap::map2024 ? UnitMap::map2025 : UnitMap::map2024;
    if (find(code, preferred)) return preferred;
    if (find(code, other)) return other;
    return std::nullopt;
}

bool UnitCatalogue::contains(const std::string& code) const {
    return by_code_[0].count(code) > 0 || by_code_[1].count(code) > 0 || successors_.count(code) > 0;
}

std::optional<std::string> UnitCatalogue::ancestor(const std::string& code, UnitMap map, UnitLevel level) const {
    std::string current = code;
    for (int depth = 0; depth < 4; ++depth) {
        const UnitVersion* v = find(current, map);
        if (!v) return std::nullopt;
        if (v->level == level) return current;
        if (v->parent_code.empty()) return std::nullopt;
        current = v->parent_code;
    }
    return std::nullopt;
}

Placement UnitCatalogue::place(const std::string& code, UnitMap source, const std::string& current_code,
                               UnitMap target) const {
    if (source == target) {
        if (find(code, target)) return {code, {}};
        return {{}, "mã đơn vị " + code + " không có trên bản đồ đích"};
    }
    if (source == UnitMap::map2024) {
        auto it = successors_.find(code);
        if (it == successors_.end()) return {{}, "xã cũ " + code + " không có trong bảng chuyển đổi"};
        std::vector<const Lineage*> rows;
        for (std::size_t i : it->second)
            if (lineage_[i].old_level == "commune" || lineage_[i].old_level == "district") rows.push_back(&lineage_[i]);
        if (rows.size() == 1 && rows.front()->full) return {rows.front()->new_code, {}};
        for (const Lineage* row : rows)
            if (!current_code.empty() && row->new_code == current_code) return {current_code, {}};
        return {{}, "xã cũ " + code + " được chia cho " + std::to_string(rows.size()) +
                        " xã mới và hộ chưa có mã xã hiện tại"};
    }
    auto it = predecessors_.find(code);
    std::set<std::string> olds;
    if (it != predecessors_.end())
        for (std::size_t i : it->second)
            if (lineage_[i].old_level == "commune") olds.insert(lineage_[i].old_code);
    if (olds.size() == 1) return {*olds.begin(), {}};
    return {{}, "xã mới " + code + " được hợp thành từ " + std::to_string(olds.size()) +
                    " xã cũ nên không xác định được xã cũ của hộ"};
}

std::optional<std::string> UnitCatalogue::ancestor_on(const std::string& code, UnitMap source, UnitMap target,
                                                      UnitLevel level) const {
    if (source == target) return ancestor(code, source, level);
    if (level == UnitLevel::district && target == UnitMap::map2025) return std::nullopt;
    // The counterparts of the recorded unit on the target map: what it went into, or what it
    // was made from.
    const auto& links = source == UnitMap::map2024 ? successors_ : predecessors_;
    std::set<std::string> found;
    if (auto it = links.find(code); it != links.end())
        for (std::size_t i : it->second) {
            const Lineage& row = lineage_[i];
            const std::string& other = source == UnitMap::map2024 ? row.new_code : row.old_code;
            const auto at_level = ancestor(other, target, level);
            if (!at_level) return std::nullopt;
            found.insert(*at_level);
        }
    if (found.size() == 1) return *found.begin();
    if (!found.empty() || source != UnitMap::map2024 || level != UnitLevel::province) return std::nullopt;
    // A unit without commune lineage of its own: through its province's (every province mapping is full).
    const auto province = ancestor(code, source, UnitLevel::province);
    if (!province) return std::nullopt;
    auto it = successors_.find(*province);
    if (it == successors_.end()) return std::nullopt;
    return lineage_[it->second.front()].new_code;
}

std::vector<const UnitVersion*> UnitCatalogue::units(UnitMap map, UnitLevel level, std::optional<Date> at) const {
    std::vector<const UnitVersion*> out;
    for (const auto& [code, versions] : by_code_[slot(map)]) {
        const UnitVersion* v = find(code, map, at);
        if (v && v->level == level) out.push_back(v);
    }
    return out;
}

std::string AreaRules::area_of(const UnitVersion& commune) const {
    if (auto it = area_by_unit.find(commune.code); it != area_by_unit.end()) return it->second;
    if (auto it = area_by_type.find(commune.type); it != area_by_type.end()) return it->second;
    return {};
}

}  // namespace giamngheo
