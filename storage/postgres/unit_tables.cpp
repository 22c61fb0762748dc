#include "storage/postgres/tables.hpp"

#include <string>
#include <unordered_map>

#include "kernel/errors.hpp"

namespace giamngheo::store::postgres {
namespace {

// The import a catalogue came from; 0 for one imported before catalogues were recorded.
constexpr const char* kCatalogueInForce = "SELECT COALESCE(MAX(change_set), 0) FROM unit_catalogues";

}  // namespace

void replace_unit_tables(Connection& db, const std::vector<UnitVersion>& units,
                         const std::vector<Lineage>& lineage, std::int64_t change_set) {
    const std::int64_t outgoing = scalar(db, kCatalogueInForce);
    Statement used(db,
                   "SELECT (EXISTS (SELECT 1 FROM rounds WHERE created_change_set > $1) AND NOT EXISTS "
                   "(SELECT 1 FROM archived_units WHERE catalogue = $1))::int");
    if (used.bind(1, outgoing).step() && used.integer(0) != 0) {
        Statement keep_units(
            db,
            "INSERT INTO archived_units SELECT $1, code, map, version_no, level, parent_code, type, "
            "name, full_name, valid_from, valid_to FROM units");
        keep_units.bind(1, outgoing).run();
        Statement keep_lineage(
            db,
            "INSERT INTO archived_unit_lineage SELECT $1, old_level, old_code, new_code, kind "
            "FROM unit_lineage");
        keep_lineage.bind(1, outgoing).run();
    }
    db.exec("DELETE FROM units; DELETE FROM unit_lineage;");
    Statement insert(db,
                     "INSERT INTO units (code, map, version_no, level, parent_code, type, name, full_name, "
                     "valid_from, valid_to) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)");
    std::unordered_map<std::string, int> version_numbers;
    for (const auto& u : units) {
        const int map = static_cast<int>(u.map);
        const int version = ++version_numbers[u.code + "/" + std::to_string(map)];
        insert.bind(1, u.code)
            .bind(2, map)
            .bind(3, version)
            .bind(4, std::string(to_string(u.level)))
            .bind(5, u.parent_code)
            .bind(6, u.type)
            .bind(7, u.name)
            .bind(8, u.full_name)
            .bind(9, date_text(u.valid_from))
            .bind(10, date_text(u.valid_to));
        insert.run();
    }
    Statement link(db,
                   "INSERT INTO unit_lineage (old_level, old_code, new_code, kind) VALUES ($1, $2, $3, $4)");
    for (const auto& l : lineage) {
        link.bind(1, l.old_level)
            .bind(2, l.old_code)
            .bind(3, l.new_code)
            .bind(4, std::string(l.full ? "full" : "partial"));
        link.run();
    }
    Statement record(db, "INSERT INTO unit_catalogues (change_set) VALUES ($1)");
    record.bind(1, change_set).run();
}

UnitCatalogue load_unit_catalogue(Connection& db, std::optional<std::int64_t> catalogue) {
    const std::string where = catalogue ? " WHERE catalogue = $1" : "";
    const std::string units_sql =
        "SELECT code, map, level, parent_code, type, name, full_name, valid_from, valid_to FROM " +
        std::string(catalogue ? "archived_units" : "units") + where + " ORDER BY map, code, version_no";
    UnitCatalogue out;
    Statement s(db, units_sql);
    if (catalogue) s.bind(1, *catalogue);
    while (s.step()) {
        UnitVersion u;
        u.code = s.text(0);
        u.map = s.integer(1) == 2024 ? UnitMap::map2024 : UnitMap::map2025;
        parse_unit_level(s.text(2), u.level);
        u.parent_code = s.text(3);
        u.type = s.text(4);
        u.name = s.text(5);
        u.full_name = s.text(6);
        u.valid_from = read_date(s, 7);
        u.valid_to = read_date(s, 8);
        out.add(std::move(u));
    }
    const std::string lineage_sql = "SELECT old_level, old_code, new_code, kind FROM " +
                                    std::string(catalogue ? "archived_unit_lineage" : "unit_lineage") +
                                    where + " ORDER BY old_code, new_code";
    Statement l(db, lineage_sql);
    if (catalogue) l.bind(1, *catalogue);
    while (l.step()) out.add_lineage({l.text(0), l.text(1), l.text(2), l.text(3) == "full"});
    return out;
}

std::optional<std::int64_t> catalogue_of_round(Connection& db, std::int64_t round_id) {
    Statement s(db,
                "SELECT (SELECT COALESCE(MAX(change_set), 0) FROM unit_catalogues WHERE change_set < "
                "r.created_change_set) "
                "FROM rounds r WHERE r.id = $1");
    if (!s.bind(1, round_id).step()) throw_not_found("không có kỳ rà soát " + std::to_string(round_id));
    const std::int64_t catalogue = s.integer(0);
    if (catalogue == scalar(db, kCatalogueInForce)) return std::nullopt;
    return catalogue;
}

}  // namespace giamngheo::store::postgres
