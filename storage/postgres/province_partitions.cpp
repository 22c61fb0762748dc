#include "storage/postgres/province_partitions.hpp"

#include <array>
#include <cctype>
#include <set>

#include "storage/postgres/migrations.hpp"
#include "storage/postgres/postgres_stores.hpp"

namespace giamngheo::store::postgres {
namespace {

// The partitioned tables; a household's rows in each share its key.
constexpr std::array<const char*, 4> kPartitioned = {"households", "household_versions", "members", "round_results"};

// The province a unit's households belong to: on the 2025 map when the catalogue places the unit
// there, else on the 2024 map (a catalogue of that map alone, or a commune without lineage).
std::string province_key(const UnitCatalogue& catalogue, const std::string& code) {
    if (catalogue.find(code, UnitMap::map2025))
        return catalogue.ancestor(code, UnitMap::map2025, UnitLevel::province).value_or("");
    if (auto placed = catalogue.ancestor_on(code, UnitMap::map2024, UnitMap::map2025, UnitLevel::province))
        return *placed;
    return catalogue.ancestor(code, UnitMap::map2024, UnitLevel::province).value_or("");
}

// A province code becomes part of a table's name: only letters and digits do.
bool usable_in_name(const std::string& key) {
    if (key.empty() || key.size() > 16) return false;
    for (const char c : key)
        if (!std::isalnum(static_cast<unsigned char>(c))) return false;
    return true;
}

void make_partitions(Connection& db, const std::string& key) {
    for (const char* table : kPartitioned) {
        const std::string partition = std::string(table) + "_p" + key;
        Statement exists(db, "SELECT to_regclass($1) IS NOT NULL");
        if (exists.bind(1, partition).step() && exists.text(0) == "t") continue;
        db.exec("CREATE TABLE " + partition + " PARTITION OF " + table + " FOR VALUES IN ('" + key + "')");
    }
}

}  // namespace

void place_households_by_province(Connection& db, const UnitCatalogue& catalogue) {
    std::vector<std::string> codes, keys;
    std::set<std::string> provinces;
    std::set<std::string> seen;
    for (const auto& unit : catalogue.all_versions()) {
        if (!seen.insert(unit.code).second) continue;
        std::string key = province_key(catalogue, unit.code);
        if (!usable_in_name(key)) key.clear();
        if (!key.empty()) provinces.insert(key);
        codes.push_back(unit.code);
        keys.push_back(std::move(key));
    }
    db.exec("DELETE FROM unit_provinces");
    Statement insert(db, "INSERT INTO unit_provinces (unit_code, province_code) SELECT * FROM unnest($1::text[], $2::text[])");
    insert.bind(1, text_array(codes)).bind(2, text_array(keys)).run();
    for (const auto& key : provinces) make_partitions(db, key);
    // A household moves when its commune's province is another one now (a merger of provinces, a
    // commune moved between them, a catalogue imported after the households): its versions and
    // members and results go with it (results through rounds, to be found by their key).
    db.exec(R"SQL(
WITH moved AS (
    UPDATE households h SET province_code = k.key
    FROM (SELECT x.household_id, COALESCE(p.province_code, '') AS key FROM households x
          LEFT JOIN unit_provinces p ON p.unit_code = x.unit_code
          WHERE x.province_code <> COALESCE(p.province_code, '')) AS k
    WHERE h.household_id = k.household_id
    RETURNING h.household_id, h.province_code),
versions AS (
    UPDATE household_versions v SET province_code = m.province_code FROM moved m
    WHERE v.household_id = m.household_id),
results AS (
    UPDATE round_results x SET province_code = m.province_code FROM moved m, rounds r
    WHERE x.round_id = r.id AND x.household_id = m.household_id)
UPDATE members x SET province_code = m.province_code FROM moved m WHERE x.household_id = m.household_id
)SQL");
}

}  // namespace giamngheo::store::postgres

namespace giamngheo::store {

// Counted in each partition alone: the key is a parameter of each count, so PostgreSQL scans the
// one partition it names.
std::vector<ProvinceShare> postgres_province_shares(const std::string& uri) {
    postgres::Connection db(uri, StoreOptions{}.busy_timeout_ms);
    postgres::migrate(db);
    postgres::Statement s(db, R"SQL(
SELECT k.code,
    COALESCE((SELECT name FROM units WHERE code = k.code AND level = 'province' ORDER BY map DESC, version_no DESC
              LIMIT 1), ''),
    (SELECT count(*) FROM households WHERE province_code = k.code AND removed_change_set IS NULL),
    (SELECT count(*) FROM members WHERE province_code = k.code),
    (SELECT count(*) FROM round_results WHERE province_code = k.code),
    (SELECT COALESCE(sum(pg_total_relation_size(to_regclass(t || k.suffix))), 0)
     FROM unnest(ARRAY['households', 'household_versions', 'members', 'round_results']) AS t)
FROM (SELECT CASE WHEN c.relname = 'households_unplaced' THEN '' ELSE substr(c.relname, 13) END AS code,
             substr(c.relname, 11) AS suffix
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'households'::regclass) AS k
ORDER BY k.code
)SQL");
    std::vector<ProvinceShare> out;
    while (s.step())
        out.push_back({s.text(0), s.text(1), static_cast<long>(s.integer(2)), static_cast<long>(s.integer(3)),
                       static_cast<long>(s.integer(4)), s.integer(5)});
    return out;
}

}  // namespace giamngheo::store

namespace giamngheo::store::postgres {

std::unordered_map<std::string, std::string> provinces_of(Connection& db,
                                                          std::optional<std::vector<std::string_view>> unit_codes) {
    Statement s(db, unit_codes ? "SELECT unit_code, province_code FROM unit_provinces WHERE unit_code = ANY($1::text[])"
                               : "SELECT unit_code, province_code FROM unit_provinces");
    if (unit_codes) s.bind(1, text_array(*unit_codes));
    std::unordered_map<std::string, std::string> out;
    while (s.step()) out.emplace(s.text(0), s.text(1));
    return out;
}

}  // namespace giamngheo::store::postgres
