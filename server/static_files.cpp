#include "server/static_files.hpp"

#include <filesystem>
#include <map>
#include <vector>

#include "platform/table.hpp"
#include "platform/utf8.hpp"

namespace giamngheo::server {
namespace {

namespace fs = std::filesystem;

std::string content_type(const fs::path& file) {
    static const std::map<std::string, std::string> kTypes = {{".html", "text/html; charset=utf-8"},
                                                              {".js", "text/javascript; charset=utf-8"},
                                                              {".mjs", "text/javascript; charset=utf-8"},
                                                              {".css", "text/css; charset=utf-8"},
                                                              {".json", "application/json"},
                                                              {".svg", "image/svg+xml"},
                                                              {".png", "image/png"},
                                                              {".ico", "image/x-icon"},
                                                              {".woff2", "font/woff2"},
                                                              {".woff", "font/woff"},
                                                              {".ttf", "font/ttf"},
                                                              {".map", "application/json"},
                                                              {".txt", "text/plain; charset=utf-8"}};
    auto it = kTypes.find(file.extension().string());
    return it == kTypes.end() ? "application/octet-stream" : it->second;
}

// The path's segments when every one is a plain name; nullopt for anything that could step out.
std::optional<std::vector<std::string>> plain_segments(const std::string& path) {
    if (path.empty() || path.front() != '/' || !io::is_valid_utf8(path)) return std::nullopt;
    std::vector<std::string> out;
    std::size_t start = 1;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        std::string segment = path.substr(start, end - start);
        start = end + 1;
        if (segment.empty()) continue;
        if (segment.front() == '.') return std::nullopt;  // ".", "..", and hidden files
        for (const unsigned char c : segment)
            if (c < 0x20 || c == 0x7f || c == '\\' || c == ':') return std::nullopt;
        out.push_back(std::move(segment));
    }
    return out;
}

// Whether `file` resolves (symbolic links followed) to somewhere under `root`.
bool resolves_inside(const fs::path& root, const fs::path& file) {
    std::error_code ec;
    const fs::path base = fs::canonical(root, ec);
    if (ec) return false;
    const fs::path target = fs::canonical(file, ec);
    if (ec) return false;
    const auto [root_end, unused] = std::mismatch(base.begin(), base.end(), target.begin(), target.end());
    return root_end == base.end();
}

Response file_response(const fs::path& file, bool immutable) {
    Response r;
    r.content_type = content_type(file);
    r.body = io::read_file(file.string());
    // Vite names built assets by content hash: they never change; index.html always may.
    r.headers.emplace_back("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
    return r;
}

}  // namespace

std::optional<Response> serve_static(const std::string& root, const std::string& path) {
    if (root.empty()) return std::nullopt;
    const auto segments = plain_segments(path);
    if (!segments) return std::nullopt;
    fs::path file = root;
    for (const auto& segment : *segments) file /= segment;
    const bool asset = !segments->empty() && segments->front() == "assets";
    std::error_code ec;
    if (!segments->empty() && fs::is_regular_file(file, ec)) {
        if (!resolves_inside(root, file)) return std::nullopt;
        return file_response(file, asset);
    }
    // A missing asset or file stays missing: answering index.html would be cached as that file.
    if (asset || (!segments->empty() && fs::path(segments->back()).has_extension())) return std::nullopt;
    const fs::path index = fs::path(root) / "index.html";
    if (!fs::is_regular_file(index, ec) || !resolves_inside(root, index)) return std::nullopt;
    return file_response(index, false);
}

}  // namespace giamngheo::server
