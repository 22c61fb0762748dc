// The built front end (web/dist): files under a root directory, and index.html for any other
// path without an extension, so the single-page application's own routes survive a reload.
#pragma once

#include <optional>
#include <string>

#include "server/router.hpp"

namespace giamngheo::server {

// nullopt when `root` is empty or the file (and the fallback) does not exist. Never leaves
// `root`: a path with a ".." segment is refused.
[[nodiscard]] std::optional<Response> serve_static(const std::string& root, const std::string& path);

}  // namespace giamngheo::server
