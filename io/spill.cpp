#include "io/spill.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace giamngheo::io {
namespace {

std::string temporary_directory() {
    const char* configured = std::getenv("TMPDIR");
    return configured && *configured ? configured : "/tmp";
}

}  // namespace

SpillFile::SpillFile(const std::string& directory) : directory_(directory.empty() ? temporary_directory() : directory) {
    fd_ = ::open(directory_.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd_ < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
        // A file system without O_TMPFILE: a named file, unlinked at once.
        std::string path = (std::filesystem::path(directory_) / "giamngheo-spill-XXXXXX").string();
        fd_ = ::mkstemp(path.data());
        if (fd_ >= 0) ::unlink(path.c_str());
    }
    if (fd_ < 0) throw std::runtime_error(directory_ + ": không tạo được tệp tạm để nhập dữ liệu lớn");
}

SpillFile::~SpillFile() { ::close(fd_); }

std::uint64_t SpillFile::append(std::string_view bytes) {
    const std::uint64_t offset = end_.fetch_add(bytes.size());
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::pwrite(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw std::runtime_error(directory_ + ": không ghi được tệp tạm (ổ đĩa đầy?)");
        done += static_cast<std::size_t>(n);
    }
    return offset;
}

void SpillFile::read(std::uint64_t offset, std::size_t size, char* into) const {
    if (offset + size > end_.load()) throw std::runtime_error(directory_ + ": đọc ngoài phần đã ghi của tệp tạm");
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = ::pread(fd_, into + done, size - done, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw std::runtime_error(directory_ + ": không đọc được tệp tạm");
        done += static_cast<std::size_t>(n);
    }
}

SpillRuns::SpillRuns(SpillFile& file, std::size_t runs, std::size_t chunk_bytes)
    : file_(file), chunk_bytes_(chunk_bytes), buffers_(runs), chunks_(runs) {}

void SpillRuns::flush(std::size_t run) {
    std::string& buffer = buffers_[run];
    if (buffer.empty()) return;
    chunks_[run].push_back({file_.append(buffer), static_cast<std::uint32_t>(buffer.size())});
    buffer.clear();
}

void SpillRuns::finish() {
    for (std::size_t run = 0; run < buffers_.size(); ++run) {
        flush(run);
        std::string().swap(buffers_[run]);
    }
}

std::uint64_t SpillRuns::bytes(std::size_t run) const {
    std::uint64_t total = 0;
    for (const auto& chunk : chunks_[run]) total += chunk.size;
    return total;
}

void SpillRuns::read(std::size_t run, char* into) const {
    for (const auto& chunk : chunks_[run]) {
        file_.read(chunk.offset, chunk.size, into);
        into += chunk.size;
    }
}

}  // namespace giamngheo::io
