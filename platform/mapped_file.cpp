#include "platform/mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace giamngheo::io {

namespace {

// Read ahead in chunks of 4 MiB, up to 4 of them beyond what each reader asks for: at about
// 1 GB/s a chunk takes 4 ms, and two readers hold about 40 MiB.
constexpr std::size_t kChunk = std::size_t{4} << 20;
constexpr std::size_t kChunksAhead = 4;

enum class Chunk : std::uint8_t {
    idle,      // the file's mapped pages, not asked for
    queued,    // asked for, waiting for the loader
    loading,   // being read
    loaded,    // read into memory of our own, in place of the mapped pages
    in_place,  // readable as mapped: in the page cache already, the file's short last chunk,
               // a direct read that failed, or given back to the file
};

}  // namespace

class MappedFile::ReadAhead {
public:
    ReadAhead(int mapped_fd, int direct_fd, char* data, std::size_t size)
        : mapped_fd_(mapped_fd), direct_fd_(direct_fd), data_(data), size_(size),
          state_((size + kChunk - 1) / kChunk, Chunk::idle), readers_left_(state_.size(), 0) {}

    ~ReadAhead() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        work_.notify_all();
        if (loader_.joinable()) loader_.join();
        for (char* buffer : free_buffers_) ::munmap(buffer, kChunk);
        ::close(direct_fd_);
        ::close(mapped_fd_);
    }

    void start(const std::vector<std::pair<std::size_t, std::size_t>>& ranges) {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return queue_.empty() && loading_ == 0; });
        for (std::size_t c = 0; c < state_.size(); ++c) {
            if (state_[c] == Chunk::loaded) give_back(c);
            state_[c] = Chunk::idle;
            readers_left_[c] = 0;
        }
        readers_.clear();
        for (const auto& [first, second] : ranges) {
            Reader reader;
            if (first < second) {
                reader.next = first / kChunk;
                reader.end = (second - 1) / kChunk + 1;
            }
            for (std::size_t c = reader.next; c < reader.end; ++c) ++readers_left_[c];
            readers_.push_back(reader);
        }
        if (!loader_.joinable()) loader_ = std::thread([this] { load_forever(); });
    }

    void advance(std::size_t reader_index, std::size_t position, std::size_t end) {
        std::unique_lock lock(mutex_);
        Reader& reader = readers_.at(reader_index);
        pass_before(reader, std::min(position / kChunk, reader.end));
        if (end <= position) return;
        const std::size_t needed_end = std::min((end - 1) / kChunk + 1, reader.end);
        bool asked = false;
        for (std::size_t c = reader.next; c < std::min(needed_end + kChunksAhead, reader.end); ++c)
            if (state_[c] == Chunk::idle) {
                state_[c] = Chunk::queued;
                queue_.push_back(c);
                asked = true;
            }
        if (asked) work_.notify_one();
        ready_.wait(lock, [&] {
            for (std::size_t c = reader.next; c < needed_end; ++c)
                if (state_[c] != Chunk::loaded && state_[c] != Chunk::in_place) return false;
            return true;
        });
    }

    void finish(std::size_t reader_index) {
        std::lock_guard lock(mutex_);
        Reader& reader = readers_.at(reader_index);
        pass_before(reader, reader.end);
    }

private:
    struct Reader {
        std::size_t next = 0, end = 0;  // the chunks [next, end) are still to be passed
    };

    // Under the lock: the reader is done with the chunks before `chunk`; a chunk no reader needs
    // any more goes back to the file.
    void pass_before(Reader& reader, std::size_t chunk) {
        for (; reader.next < chunk; ++reader.next)
            if (--readers_left_[reader.next] == 0 && state_[reader.next] == Chunk::loaded) give_back(reader.next);
    }

    // Under the lock: moves the chunk's pages out to be used again, and maps the file there.
    void give_back(std::size_t c) {
        char* const at = data_ + c * kChunk;
        void* spare = ::mmap(nullptr, kChunk, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (spare != MAP_FAILED &&
            ::mremap(at, kChunk, kChunk, MREMAP_MAYMOVE | MREMAP_FIXED, spare) != MAP_FAILED) {
            free_buffers_.push_back(static_cast<char*>(spare));
        } else if (spare != MAP_FAILED) {
            ::munmap(spare, kChunk);
        }
        if (::mmap(at, kChunk, PROT_READ, MAP_PRIVATE | MAP_FIXED, mapped_fd_, static_cast<off_t>(c * kChunk)) == MAP_FAILED)
            std::terminate();  // the text would have a hole: nothing sane can follow
        state_[c] = Chunk::in_place;
    }

    void load_forever() {
        std::unique_lock lock(mutex_);
        while (true) {
            work_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            const std::size_t c = queue_.front();
            queue_.pop_front();
            if (readers_left_[c] == 0) {  // passed while it waited
                state_[c] = Chunk::idle;
                ready_.notify_all();
                continue;
            }
            state_[c] = Chunk::loading;
            ++loading_;
            char* buffer = nullptr;
            if (!free_buffers_.empty()) {
                buffer = free_buffers_.back();
                free_buffers_.pop_back();
            }
            lock.unlock();
            const bool loaded = load(c, buffer);
            lock.lock();
            --loading_;
            state_[c] = loaded ? Chunk::loaded : Chunk::in_place;
            if (!loaded && buffer) free_buffers_.push_back(buffer);
            if (loaded && readers_left_[c] == 0) give_back(c);
            ready_.notify_all();
        }
    }

    // Without the lock: reads chunk c into `buffer` (or new memory) and moves it in place of the
    // mapped pages; false when the chunk is to be read as mapped.
    bool load(std::size_t c, char* buffer) const {
        const std::size_t offset = c * kChunk;
        if (resident(offset)) return false;
        if (offset + kChunk > size_) {  // the file's last bytes: through the page cache, at once
            ::madvise(data_ + offset, size_ - offset, MADV_WILLNEED);
            return false;
        }
        if (!buffer) {
            void* fresh = ::mmap(nullptr, kChunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
            if (fresh == MAP_FAILED) return false;
            buffer = static_cast<char*>(fresh);
        }
        std::size_t done = 0;
        while (done < kChunk) {
            const ssize_t n = ::pread(direct_fd_, buffer + done, kChunk - done, static_cast<off_t>(offset + done));
            if (n <= 0) break;
            done += static_cast<std::size_t>(n);
        }
        // mremap replaces the mapped pages at once: a reader sees either the file's pages or
        // these, with the same bytes.
        if (done < kChunk ||
            ::mremap(buffer, kChunk, kChunk, MREMAP_MAYMOVE | MREMAP_FIXED, data_ + offset) == MAP_FAILED) {
            ::munmap(buffer, kChunk);
            return false;
        }
        return true;
    }

    // Whether the whole chunk at `offset` is in the page cache already, where mapping it is
    // cheapest. A page missing from a mapped chunk would be read on its own when a reader
    // faults on it (the mapping reads no more, see MADV_RANDOM below): with a file partly in
    // the cache (just after the bench's sqlite3 baseline had read it), a 5M import took 17.9 s
    // that way and 12.2-14.7 s with such chunks read from disk whole.
    bool resident(std::size_t offset) const {
        const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
        const std::size_t length = std::min(kChunk, size_ - offset);
        std::vector<unsigned char> pages((length + page - 1) / page);
        if (::mincore(data_ + offset, length, pages.data()) != 0) return false;
        const auto in_core = std::count_if(pages.begin(), pages.end(), [](unsigned char p) { return p & 1; });
        return static_cast<std::size_t>(in_core) == pages.size();
    }

    const int mapped_fd_, direct_fd_;
    char* const data_;
    const std::size_t size_;
    std::mutex mutex_;
    std::condition_variable work_, ready_;
    std::vector<Chunk> state_;
    std::vector<std::uint16_t> readers_left_;  // per chunk: readers whose range holds it and have not passed it
    std::vector<Reader> readers_;
    std::deque<std::size_t> queue_;
    std::size_t loading_ = 0;
    std::vector<char*> free_buffers_;
    bool stopping_ = false;
    std::thread loader_;
};

MappedFile::MappedFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error(path + ": không mở được tệp");
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        ::close(fd);
        throw std::runtime_error(path + ": không đọc được tệp");
    }
    size_ = static_cast<std::size_t>(info.st_size);
    if (size_ == 0) {
        ::close(fd);
        return;
    }
    void* mapped = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (mapped == MAP_FAILED) {
        ::close(fd);
        throw std::runtime_error(path + ": không đọc được tệp");
    }
    data_ = static_cast<const char*>(mapped);
    const int direct_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_DIRECT);
    if (direct_fd < 0) {
        ::close(fd);  // the mapping keeps the file
        // Read front to back: read ahead, and drop pages behind.
        ::madvise(mapped, size_, MADV_SEQUENTIAL);
        return;
    }
    // The loader reads ahead; the kernel's own read-ahead would only read the same twice.
    ::madvise(mapped, size_, MADV_RANDOM);
    read_ahead_ = std::make_unique<ReadAhead>(fd, direct_fd, static_cast<char*>(mapped), size_);
}

MappedFile::~MappedFile() {
    read_ahead_.reset();
    if (data_) ::munmap(const_cast<char*>(data_), size_);
}

void MappedFile::start_readers(const std::vector<std::pair<std::size_t, std::size_t>>& ranges) {
    if (read_ahead_) read_ahead_->start(ranges);
}

void MappedFile::advance(std::size_t reader, std::size_t position, std::size_t end) {
    if (read_ahead_) read_ahead_->advance(reader, position, end);
}

void MappedFile::finish(std::size_t reader) {
    if (read_ahead_) read_ahead_->finish(reader);
}

}  // namespace giamngheo::io
