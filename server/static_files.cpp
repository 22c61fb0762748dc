#include "server/static_files.hpp"

#include <filesystem>
#include <map>

#include "io/table.hpp"

namespace giamngheo::server {
namespace {

std::string content_type(const std::filesystem::path& file) {
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

}  // namespace

std::optional<Response> serve_static(const std::string& root, const std::string& path) {
    if (root.empty() || path.empty() || path.front() != '/') return std::nullopt;
    const std::filesystem::path relative = std::filesystem::path(path.substr(1)).lexically_normal();
    for (const auto& part : relative)
        if (part == "..") return std::nullopt;
    std::filesystem::path file = std::filesystem::path(root) / relative;
    std::error_code ec;
    const bool is_file = std::filesystem::is_regular_file(file, ec);
    if (!is_file) {
        if (relative.has_extension()) return std::nullopt;
        file = std::filesystem::path(root) / "index.html";
        if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
    }
    Response r;
    r.content_type = content_type(file);
    r.body = io::read_file(file.string());
    // Vite names built assets by content hash: they never change; index.html always may.
    r.headers.emplace_back("Cache-Control",
                           relative.begin() != relative.end() && *relative.begin() == "assets"
                               ? "public, max-age=31536000, immutable"
                               : "no-cache");
    return r;
}

}  // namespace giamngheo::server
