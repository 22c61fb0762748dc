#include "storage/faults.hpp"

#include <csignal>
#include <cstdlib>
#include <string>

namespace giamngheo::store {

void fault_point(const char* point) {
    static const std::string spec = [] {
        const char* value = std::getenv("GIAMNGHEO_FAULT");
        return std::string(value ? value : "");
    }();
    if (spec.empty()) return;
    static long reached = 0;
    const auto colon = spec.rfind(':');
    if (colon == std::string::npos || spec.compare(0, colon, point) != 0) return;
    if (++reached >= std::atol(spec.c_str() + colon + 1)) std::raise(SIGKILL);
}

}  // namespace giamngheo::store
