#include "store/sqlite.hpp"

#include <chrono>
#include <ctime>

namespace giamngheo::store::sqlite {

std::string now_utc() {
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::int64_t scalar(Database& db, const char* sql) {
    Statement s(db, sql);
    return s.step() ? s.integer(0) : 0;
}

std::int64_t insert_change_set(Database& db, const std::string& user, const std::string& source,
                               const std::string& action) {
    const std::int64_t id = scalar(db, "SELECT COALESCE(MAX(id), 0) + 1 FROM change_sets");
    Statement s(db, "INSERT INTO change_sets (id, at, actor, source, action) VALUES (?1, ?2, ?3, ?4, ?5)");
    s.bind(1, id).bind(2, now_utc()).bind(3, user).bind(4, source).bind(5, action).run();
    return id;
}

}  // namespace giamngheo::store::sqlite
