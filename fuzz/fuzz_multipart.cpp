// The multipart/form-data parser of the import route (server/multipart.hpp).
// Input: the Content-Type header, a line feed, then the body.
//
// Invariants: parse_multipart throws ApiError (400) only for the content type, never for the
// body; each part's content is bytes of the body, as are its name and file name; and when the
// boundary is made of RFC 2046 characters, the parts written back as a well-formed body with
// that boundary parse back the same.
#include <algorithm>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "server/errors.hpp"
#include "server/multipart.hpp"

namespace {

using namespace giamngheo::server;

// RFC 2046 bchars, a space not last: a boundary with these cannot overlap its own delimiter.
bool plain_boundary(std::string_view boundary) {
    static constexpr std::string_view kAllowed =
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ";
    return !boundary.empty() && boundary.size() <= 70 && boundary.back() != ' ' &&
           boundary.find_first_not_of(kAllowed) == std::string_view::npos;
}

// The boundary as parse_multipart reads it from the content type.
std::string_view boundary_of(std::string_view type) {
    std::string_view boundary = type.substr(type.find("boundary=") + 9);
    if (const auto semi = boundary.find(';'); semi != std::string_view::npos) boundary = boundary.substr(0, semi);
    if (boundary.size() >= 2 && boundary.front() == '"' && boundary.back() == '"')
        boundary = boundary.substr(1, boundary.size() - 2);
    return boundary;
}

bool same(const std::vector<MultipartPart>& a, const std::vector<MultipartPart>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const MultipartPart& x, const MultipartPart& y) {
        return x.name == y.name && x.filename == y.filename && x.content == y.content;
    });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input = giamngheo::fuzz::text_of(data, size);
    const std::size_t line_end = input.find('\n');
    if (line_end == std::string_view::npos) return 0;
    const std::string_view type = input.substr(0, line_end);
    const std::string_view body = input.substr(line_end + 1);

    std::vector<MultipartPart> parts;
    try {
        parts = parse_multipart(type, body);
    } catch (const ApiError& e) {
        FUZZ_CHECK(e.status() == 400, e.what());
        return 0;
    }
    for (const auto& part : parts) {
        FUZZ_CHECK(body.find(part.content) != std::string_view::npos, "a part's content is bytes of the body");
        FUZZ_CHECK(body.find(part.name) != std::string_view::npos, "a part's name is bytes of the body");
        FUZZ_CHECK(body.find(part.filename) != std::string_view::npos, "a file name is bytes of the body");
        FUZZ_CHECK(part.name.find('"') == std::string::npos && part.filename.find('"') == std::string::npos,
                   "names end at their closing quote");
    }

    const std::string_view boundary = boundary_of(type);
    if (!plain_boundary(boundary)) return 0;
    // A name ending in `filename=` is read as holding the file name's attribute: ambiguous in
    // the header itself, so not written back.
    for (const auto& part : parts)
        if (part.name.find("filename=") != std::string::npos) return 0;
    std::string written;
    for (const auto& part : parts) {
        written += "--" + std::string(boundary) + "\r\nContent-Disposition: form-data; name=\"" + part.name + "\"";
        if (!part.filename.empty()) written += "; filename=\"" + part.filename + "\"";
        written += "\r\nContent-Type: application/octet-stream\r\n\r\n" + part.content + "\r\n";
    }
    written += "--" + std::string(boundary) + "--\r\n";
    const auto again = parse_multipart(type, written);
    FUZZ_CHECK(same(again, parts), "parts written back with the same boundary parse back the same");
    return 0;
}
