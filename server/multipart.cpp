#include "server/multipart.hpp"

#include "server/errors.hpp"

namespace giamngheo::server {
namespace {

// The value of `key="..."` among a part's headers; empty when absent.
std::string attribute(std::string_view headers, std::string_view key) {
    const std::string wanted = std::string(key) + "=\"";
    std::size_t at = 0;
    while ((at = headers.find(wanted, at)) != std::string_view::npos) {
        // "name" must not match the end of "filename".
        if (at == 0 || headers[at - 1] == ' ' || headers[at - 1] == ';') {
            const std::size_t start = at + wanted.size();
            const std::size_t end = headers.find('"', start);
            if (end == std::string_view::npos) return {};
            return std::string(headers.substr(start, end - start));
        }
        at += wanted.size();
    }
    return {};
}

}  // namespace

std::vector<MultipartPart> parse_multipart(std::string_view type, std::string_view body) {
    const auto at = type.find("boundary=");
    if (type.rfind("multipart/form-data", 0) != 0 || at == std::string_view::npos)
        bad_request("cần gửi tệp dạng multipart/form-data (households, members)");
    std::string_view boundary = type.substr(at + 9);
    if (const auto semi = boundary.find(';'); semi != std::string_view::npos) boundary = boundary.substr(0, semi);
    if (boundary.size() >= 2 && boundary.front() == '"' && boundary.back() == '"')
        boundary = boundary.substr(1, boundary.size() - 2);
    if (boundary.empty() || boundary.size() > 70) bad_request("ranh giới multipart (boundary) không hợp lệ");
    const std::string delimiter = "--" + std::string(boundary);
    const std::string next_delimiter = "\r\n" + delimiter;
    std::vector<MultipartPart> parts;
    std::size_t pos = body.find(delimiter);
    while (pos != std::string_view::npos) {
        pos += delimiter.size();
        if (body.compare(pos, 2, "--") == 0) break;
        const std::size_t headers_end = body.find("\r\n\r\n", pos);
        if (headers_end == std::string_view::npos) break;
        const std::string_view headers = body.substr(pos, headers_end - pos);
        const std::size_t next = body.find(next_delimiter, headers_end + 4);
        if (next == std::string_view::npos) break;
        MultipartPart part;
        part.content = std::string(body.substr(headers_end + 4, next - headers_end - 4));
        part.name = attribute(headers, "name");
        part.filename = attribute(headers, "filename");
        parts.push_back(std::move(part));
        pos = next + 2;
    }
    return parts;
}

}  // namespace giamngheo::server
