// Crash injection for recovery tests. With GIAMNGHEO_FAULT="<point>:<n>" in the environment,
// the process kills itself with SIGKILL the n-th time it reaches `fault_point("<point>")`:
// a real kill -9 at a chosen, repeatable moment (for example in the middle of an import).
#pragma once

namespace giamngheo::store {

void fault_point(const char* point);

}  // namespace giamngheo::store
