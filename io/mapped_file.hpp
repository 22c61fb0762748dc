#pragma once

#include <string>
#include <string_view>

namespace giamngheo::io {

// A file's bytes mapped read-only into memory. Reading a national registry file this way
// neither copies it nor holds it as the process's own memory: its pages belong to the page
// cache, which the kernel can take back under pressure.
//
// Contract: text() stays valid for the object's lifetime and must not outlive it; the file
// must not be truncated while mapped (reading past its new end would fault). Throws
// std::runtime_error naming the file, in Vietnamese, when it cannot be opened.
class MappedFile {
public:
    explicit MappedFile(const std::string& path);
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile();

    [[nodiscard]] std::string_view text() const { return {data_, size_}; }

private:
    const char* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace giamngheo::io
