#include "server/work_directory.hpp"

#include <unistd.h>

#include "kernel/errors.hpp"

namespace giamngheo::server {

namespace fs = std::filesystem;

WorkDirectory::WorkDirectory(fs::path root) : root_(std::move(root)) {
    std::error_code ec;
    fs::remove_all(root_, ec);
    fs::create_directories(root_);
    fs::permissions(root_, fs::perms::owner_all, fs::perm_options::replace);
}

WorkDirectory::Scratch::Scratch(const fs::path& root) {
    std::string pattern = (root / "out-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw_fault("mkdtemp failed under " + root.string());
    path = pattern;
}

WorkDirectory::Scratch::~Scratch() {
    std::error_code ec;
    fs::remove_all(path, ec);
}

}  // namespace giamngheo::server
