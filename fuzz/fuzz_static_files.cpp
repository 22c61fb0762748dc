// The static file server of the web front end (server/static_files.hpp), given the decoded
// request path, over a directory made at start: files, a hidden file, a symbolic link inside
// and symbolic links leading out to a secret file and directory beside the root.
//
// Invariants: whatever the path, a response is a file whose canonical path is inside the root
// (every file inside holds "IN:" and its name, the files outside "OUT:"); never a hidden file;
// nothing for a path with a "." or ".." segment, a backslash or no leading slash; the same
// answer whether the root is given with a trailing slash or not. Nothing throws.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "fuzz_support.hpp"
#include "server/static_files.hpp"

namespace {

namespace fs = std::filesystem;
using namespace giamngheo::server;

std::string g_base, g_root;

void put(const fs::path& file, const std::string& content) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << content;
}

bool has_dot_segment(std::string_view path) {
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        if (end > start && path[start] == '.') return true;
        start = end + 1;
    }
    return false;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    std::string pattern = (fs::temp_directory_path() / "giamngheo-fuzz-static-XXXXXX").string();
    if (!mkdtemp(pattern.data())) std::abort();
    g_base = pattern;
    g_root = g_base + "/root";
    const fs::path root = g_root;
    for (const char* name : {"index.html", "robots.txt", "favicon.ico", "assets/app-3f2a.js", "assets/app-3f2a.css",
                             "sub/page.txt", "sub/deeper/data.json", "tệp.txt", ".hidden", "sub/.env"})
        put(root / name, std::string("IN:") + name);
    put(g_base + "/secret/secret.txt", "OUT:secret");
    put(g_base + "/rootx/index.html", "OUT:sibling");  // shares the root's name as a prefix
    fs::create_symlink("../secret/secret.txt", root / "link_out.txt");
    fs::create_directory_symlink("../secret", root / "linkdir");
    fs::create_directory_symlink("../rootx", root / "assets" / "sibling");
    fs::create_symlink("../sub/page.txt", root / "assets" / "link_in.txt");
    std::atexit([] { fs::remove_all(g_base); });
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path(giamngheo::fuzz::text_of(data, size));
    const auto response = serve_static(g_root, path);
    const auto with_slash = serve_static(g_root + "/", path);
    FUZZ_CHECK(response.has_value() == with_slash.has_value(), "a trailing slash on the root changes nothing");
    if (!response) return 0;
    FUZZ_CHECK(response->body == with_slash->body && response->content_type == with_slash->content_type,
               "a trailing slash on the root changes nothing");
    FUZZ_CHECK(response->body.rfind("IN:", 0) == 0, "a file served is inside the root");
    FUZZ_CHECK(response->body.find("/.") == std::string::npos && response->body != "IN:.hidden",
               "a hidden file is never served");
    FUZZ_CHECK(!path.empty() && path.front() == '/', "a path without a leading slash names nothing");
    FUZZ_CHECK(!has_dot_segment(path), "a path with a dot segment names nothing");
    FUZZ_CHECK(path.find('\\') == std::string::npos, "a path with a backslash names nothing");
    return 0;
}
