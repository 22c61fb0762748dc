// The body schemas of every route (data/api/*.json, format in data/api/README.md), compiled in
// so that the server reads no file to describe its own API.
#pragma once

#include <vector>

namespace giamngheo::compose {

extern const std::vector<const char*> kApiSchemaFiles;  // one JSON text per file

}  // namespace giamngheo::compose
