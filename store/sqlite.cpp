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

}  // namespace giamngheo::store::sqlite
