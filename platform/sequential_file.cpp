#include "platform/sequential_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <utility>

namespace giamngheo::io {
namespace {

// O_DIRECT needs addresses, offsets and lengths aligned to the disk's logical block; 4096
// bytes covers the common block sizes.
constexpr std::size_t kBlockBytes = 4096;
constexpr std::size_t kBufferBytes = std::size_t{8} << 20;  // large writes keep the disk busy

}  // namespace

SequentialFileWriter::SequentialFileWriter(const std::string& path, PageCache cache, Appearance appearance)
    : path_(path),
      written_path_(appearance == Appearance::when_closed ? path + ".tmp" : path),
      buffer_(static_cast<char*>(std::aligned_alloc(kBlockBytes, kBufferBytes)), &std::free) {
    if (!buffer_) throw std::bad_alloc();
    constexpr int kFlags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;
    if (cache == PageCache::bypass) {
        fd_ = ::open(written_path_.c_str(), kFlags | O_DIRECT, 0644);
        if (fd_ < 0 && errno != EINVAL) throw std::runtime_error(path + ": không ghi được tệp");
    }
    if (fd_ < 0) fd_ = ::open(written_path_.c_str(), kFlags, 0644);
    if (fd_ < 0) throw std::runtime_error(path + ": không ghi được tệp");
}

SequentialFileWriter::~SequentialFileWriter() {
    if (fd_ < 0) return;
    ::close(fd_);
    if (written_path_ != path_) ::unlink(written_path_.c_str());
}

void SequentialFileWriter::write(std::string_view text) {
    while (!text.empty()) {
        const std::size_t count = std::min(text.size(), kBufferBytes - used_);
        std::memcpy(buffer_.get() + used_, text.data(), count);
        used_ += count;
        text.remove_prefix(count);
        if (used_ == kBufferBytes) {
            write_through(buffer_.get(), used_);
            used_ = 0;
        }
    }
}

void SequentialFileWriter::close() {
    const std::size_t whole_blocks = used_ / kBlockBytes * kBlockBytes;
    write_through(buffer_.get(), whole_blocks);
    if (used_ > whole_blocks) {
        stop_bypassing();  // the last, partial block cannot be written with O_DIRECT
        write_through(buffer_.get() + whole_blocks, used_ - whole_blocks);
    }
    used_ = 0;
    const bool renamed = written_path_ != path_;
    if (::close(std::exchange(fd_, -1)) != 0 || (renamed && std::rename(written_path_.c_str(), path_.c_str()) != 0)) {
        if (renamed) ::unlink(written_path_.c_str());
        throw std::runtime_error(path_ + ": ghi tệp thất bại");
    }
}

bool SequentialFileWriter::bypassing_cache() const {
    const int flags = ::fcntl(fd_, F_GETFL);
    return flags >= 0 && (flags & O_DIRECT) != 0;
}

void SequentialFileWriter::write_through(const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t count = ::write(fd_, data, size);
        if (count < 0 && errno == EINTR) continue;
        // A file system may accept O_DIRECT when opening and refuse it when writing (an
        // alignment it does not support, or a short write that left the offset unaligned).
        if (count < 0 && errno == EINVAL && stop_bypassing()) continue;
        if (count < 0) throw std::runtime_error(path_ + ": ghi tệp thất bại");
        data += count;
        size -= static_cast<std::size_t>(count);
    }
}

// Returns false when the file was not written with O_DIRECT.
bool SequentialFileWriter::stop_bypassing() {
    const int flags = ::fcntl(fd_, F_GETFL);
    if (flags < 0 || !(flags & O_DIRECT)) return false;
    return ::fcntl(fd_, F_SETFL, flags & ~O_DIRECT) == 0;
}

}  // namespace giamngheo::io
