// The built front end (web/dist): files under a root directory, and index.html for any other
// path that looks like one of the single-page application's own routes, so they survive a reload.
#pragma once

#include <optional>
#include <string>

#include "server/router.hpp"

namespace giamngheo::server {

// `path` is the request's decoded path. nullopt (a 404) when `root` is empty, when the path could
// name anything outside `root` (a "." or ".." segment, a backslash, a control byte, invalid UTF-8,
// a hidden file, a symbolic link leading out), or when it names an asset or a file with an
// extension that does not exist: only a path without an extension outside /assets/ falls back to
// index.html. Repeated slashes count as one, so "//etc/passwd" is "etc/passwd" under `root`.
[[nodiscard]] std::optional<Response> serve_static(const std::string& root, const std::string& path);

}  // namespace giamngheo::server
