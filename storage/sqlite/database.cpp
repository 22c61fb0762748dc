#include "storage/sqlite/database.hpp"

#include "storage/records.hpp"
#include "storage/store.hpp"

namespace giamngheo::store::sqlite {

void fail(int rc, const std::string& detail) {
    const int primary = rc & 0xff;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) throw_store_busy();
    throw_fault(detail);
}

std::optional<std::string> date_text(const std::optional<Date>& date) {
    return date ? std::optional<std::string>(date->iso()) : std::nullopt;
}

std::optional<Date> read_date(const Statement& s, int column) {
    if (s.is_null(column)) return std::nullopt;
    return parse_iso_date(s.text(column));
}

std::int64_t scalar(Database& db, const char* sql) {
    Statement s(db, sql);
    return s.step() ? s.integer(0) : 0;
}

std::int64_t insert_change_set(Database& db, const std::string& user, const std::string& source,
                               const std::string& action, const std::optional<std::string>& at) {
    const std::int64_t id = scalar(db, "SELECT COALESCE(MAX(id), 0) + 1 FROM change_sets");
    Statement s(db, "INSERT INTO change_sets (id, at, actor, source, action) VALUES (?1, ?2, ?3, ?4, ?5)");
    s.bind(1, id).bind(2, at.value_or(now_utc())).bind(3, user).bind(4, source).bind(5, action).run();
    return id;
}

void insert_audit(Database& db, std::int64_t change_set, const Actor& actor) {
    if (actor.audit.empty()) return;
    Statement s(db,
                "INSERT INTO audit_events (id, at, actor, action, source, household_id, target, details, change_set) "
                "VALUES ((SELECT COALESCE(MAX(id), 0) + 1 FROM audit_events), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    const std::string at = now_utc();
    for (const auto& note : actor.audit)
        s.bind(1, at)
            .bind(2, actor.user)
            .bind(3, note.action)
            .bind(4, actor.source)
            .bind(5, note.household_id)
            .bind(6, note.target)
            .bind(7, note.details.empty() ? std::string("{}") : note.details)
            .bind(8, change_set)
            .run();
}

}  // namespace giamngheo::store::sqlite
