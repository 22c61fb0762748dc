// multipart/form-data bodies (RFC 7578) as the import route receives them: each part's field
// name, file name and bytes. Pure: no I/O, so that it is tested and fuzzed without a server.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace giamngheo::server {

struct MultipartPart {
    std::string name, filename, content;
};

// The parts of `body` sent with Content-Type `content_type`. Throws ApiError (400, Vietnamese)
// when the type is not multipart/form-data with a boundary; a malformed body yields the parts
// that were whole before the damage.
[[nodiscard]] std::vector<MultipartPart> parse_multipart(std::string_view content_type, std::string_view body);

}  // namespace giamngheo::server
