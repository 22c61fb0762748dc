#include "platform/spill.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <tuple>
#include <stdexcept>

namespace giamngheo::io {
namespace {

std::string temporary_directory() {
    const char* configured = std::getenv("TMPDIR");
    return configured && *configured ? configured : "/tmp";
}

// Direct I/O moves whole blocks between the disk and memory aligned to a block.
constexpr std::size_t kBlock = 4096;

std::uint64_t round_up(std::uint64_t n) { return (n + kBlock - 1) / kBlock * kBlock; }

// Aligned memory for one thread's direct reads, kept for the next one: fresh pages cost more
// than the copy into them.
char* aligned_buffer(std::size_t size) {
    struct Free {
        void operator()(char* p) const { std::free(p); }
    };
    thread_local std::unique_ptr<char, Free> buffer;
    thread_local std::size_t capacity = 0;
    if (capacity < size) {
        buffer.reset(static_cast<char*>(std::aligned_alloc(kBlock, round_up(size))));
        if (!buffer) throw std::bad_alloc();
        capacity = round_up(size);
    }
    return buffer.get();
}

}  // namespace

SpillFile::SpillFile(const std::string& directory, Io io)
    : directory_(directory.empty() ? temporary_directory() : directory) {
    fd_ = ::open(directory_.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd_ < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
        // A file system without O_TMPFILE: a named file, unlinked at once.
        std::string path = (std::filesystem::path(directory_) / "giamngheo-spill-XXXXXX").string();
        fd_ = ::mkstemp(path.data());
        if (fd_ >= 0) ::unlink(path.c_str());
    }
    if (fd_ < 0) throw std::runtime_error(directory_ + ": không tạo được tệp tạm để nhập dữ liệu lớn");
    // The same file opened again for direct I/O, where the file system has it.
    if (io == Io::direct_if_possible)
        direct_fd_ = ::open(("/proc/self/fd/" + std::to_string(fd_)).c_str(), O_RDWR | O_CLOEXEC | O_DIRECT);
}

SpillFile::~SpillFile() {
    {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return writes_.empty() && writing_ == 0; });
        stopping_ = true;
    }
    changed_.notify_all();
    if (writer_.joinable()) writer_.join();
    for (const auto& [block, capacity] : free_blocks_) std::free(block);
    if (direct_fd_ >= 0) ::close(direct_fd_);
    ::close(fd_);
}

std::uint64_t SpillFile::append(std::string_view bytes) {
    constexpr std::size_t kMostWrites = 8;  // behind the appends: 2 MiB of 256 KiB chunks
    const std::size_t stored = direct() ? round_up(bytes.size()) : bytes.size();
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return writes_.size() < kMostWrites || !failure_.empty(); });
    throw_if_failed();
    char* block = nullptr;
    std::size_t capacity = 0;
    for (auto free = free_blocks_.begin(); free != free_blocks_.end(); ++free)
        if (free->second >= stored) {
            std::tie(block, capacity) = *free;
            free_blocks_.erase(free);
            break;
        }
    if (!block) {
        capacity = round_up(std::max<std::size_t>(stored, 1));
        block = static_cast<char*>(std::aligned_alloc(kBlock, capacity));
        if (!block) throw std::bad_alloc();
    }
    std::memcpy(block, bytes.data(), bytes.size());
    std::memset(block + bytes.size(), 0, stored - bytes.size());
    const std::uint64_t offset = end_.fetch_add(stored);
    writes_.push_back({offset, block, stored, capacity});
    if (!writer_.joinable()) writer_ = std::thread([this] { write_forever(); });
    lock.unlock();
    changed_.notify_all();
    return offset;
}

void SpillFile::write_forever() {
    std::unique_lock lock(mutex_);
    while (true) {
        changed_.wait(lock, [&] { return stopping_ || !writes_.empty(); });
        if (writes_.empty()) return;
        const Write write = writes_.front();
        writes_.pop_front();
        ++writing_;
        lock.unlock();
        std::string failure;
        try {
            write_all(direct() ? direct_fd_ : fd_, write.block, write.size, write.offset);
        } catch (const std::runtime_error& e) {
            failure = e.what();
        }
        lock.lock();
        --writing_;
        free_blocks_.emplace_back(write.block, write.capacity);
        if (failure_.empty()) failure_ = std::move(failure);
        changed_.notify_all();
    }
}

void SpillFile::throw_if_failed() const {
    if (!failure_.empty()) throw std::runtime_error(failure_);
}

void SpillFile::read(std::uint64_t offset, std::size_t size, char* into) const {
    if (offset + size > end_.load()) throw std::runtime_error(directory_ + ": đọc ngoài phần đã ghi của tệp tạm");
    {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return writes_.empty() && writing_ == 0; });
        throw_if_failed();
    }
    if (!direct()) {
        read_all(fd_, into, size, offset);
        return;
    }
    const std::uint64_t first = offset / kBlock * kBlock, stored = round_up(offset + size) - first;
    char* const block = aligned_buffer(stored);
    read_all(direct_fd_, block, stored, first);
    std::memcpy(into, block + (offset - first), size);
}

void SpillFile::write_all(int fd, const char* bytes, std::size_t size, std::uint64_t offset) const {
    for (std::size_t done = 0; done < size;) {
        const ssize_t n = ::pwrite(fd, bytes + done, size - done, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw std::runtime_error(directory_ + ": không ghi được tệp tạm (ổ đĩa đầy?)");
        done += static_cast<std::size_t>(n);
    }
}

void SpillFile::read_all(int fd, char* into, std::size_t size, std::uint64_t offset) const {
    for (std::size_t done = 0; done < size;) {
        const ssize_t n = ::pread(fd, into + done, size - done, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw std::runtime_error(directory_ + ": không đọc được tệp tạm");
        done += static_cast<std::size_t>(n);
    }
}

SpillRuns::SpillRuns(SpillFile& file, std::size_t runs, std::size_t chunk_bytes)
    : file_(file), chunk_bytes_(chunk_bytes), buffers_(runs), chunks_(runs) {
    // Room for a chunk and the record that fills it, so that a buffer never grows twice as large.
    for (auto& buffer : buffers_) buffer.reserve(chunk_bytes_ + chunk_bytes_ / 8);
}

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
