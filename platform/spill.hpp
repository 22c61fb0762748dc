// Room on disk for what an import has read but does not need again until later: records
// sorted into numbered runs as they are read (say, members by the piece of the registry their
// household falls in) and read back a run at a time. This is what keeps a national import's
// memory bounded: the runs are written once and read once, with direct I/O (O_DIRECT) where the
// file system allows it: through the page cache, writing a national import's 6 GB of runs cost
// about 12 s of processor on the machines this runs on (docs/PERFORMANCE.md).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace giamngheo::io {

// An unlinked temporary file: no name, gone when the object is or when the process dies.
// Appends are written on a thread of the file's own, a few at most behind, so that whoever
// appends goes on reading while the disk writes; a read waits for the writes before it.
// Contract: append() and read() may be called from several threads at once; read() past the
// end of what was appended throws. Appends are not necessarily back to back (with direct I/O each
// starts on a block). Errors throw std::runtime_error in Vietnamese naming the directory; a
// failed write is thrown by the next append or read.
class SpillFile {
public:
    enum class Io { direct_if_possible, page_cache };
    // In `directory`, or the system's temporary directory (TMPDIR, else /tmp) when empty.
    explicit SpillFile(const std::string& directory = "", Io io = Io::direct_if_possible);
    SpillFile(const SpillFile&) = delete;
    SpillFile& operator=(const SpillFile&) = delete;
    ~SpillFile();

    // Where the bytes start.
    std::uint64_t append(std::string_view bytes);
    void read(std::uint64_t offset, std::size_t size, char* into) const;
    [[nodiscard]] std::uint64_t size() const { return end_.load(); }
    [[nodiscard]] bool direct() const { return direct_fd_ >= 0; }

private:
    struct Write {
        std::uint64_t offset;
        char* block;  // aligned
        std::size_t size, capacity;
    };
    void write_forever();
    void throw_if_failed() const;  // under the lock
    void write_all(int fd, const char* bytes, std::size_t size, std::uint64_t offset) const;
    void read_all(int fd, char* into, std::size_t size, std::uint64_t offset) const;
    std::string directory_;
    int fd_ = -1, direct_fd_ = -1;
    std::atomic<std::uint64_t> end_{0};
    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    std::deque<Write> writes_;
    std::size_t writing_ = 0;
    std::vector<std::pair<char*, std::size_t>> free_blocks_;  // with their capacity
    std::string failure_;
    bool stopping_ = false;
    std::thread writer_;
};

// One writer's records sorted into runs: each run gathers its records in a buffer and appends
// it to the file as a chunk once full. A run of several writers, read in writer order and each
// writer's chunks in order, gives its records in the order they were added.
class SpillRuns {
public:
    struct Chunk {
        std::uint64_t offset;
        std::uint32_t size;
    };
    // Chunks of 256 KiB: direct writes of 64 KiB ran at half the disk's speed.
    SpillRuns(SpillFile& file, std::size_t runs, std::size_t chunk_bytes = std::size_t{1} << 18);

    // Where to append run r's next record; call added(r) after each one.
    [[nodiscard]] std::string& buffer(std::size_t run) { return buffers_[run]; }
    void added(std::size_t run) {
        if (buffers_[run].size() >= chunk_bytes_) flush(run);
    }
    // Appends what the buffers still hold and gives their memory back.
    void finish();

    [[nodiscard]] std::size_t runs() const { return chunks_.size(); }
    [[nodiscard]] const std::vector<Chunk>& chunks(std::size_t run) const { return chunks_[run]; }
    [[nodiscard]] std::uint64_t bytes(std::size_t run) const;
    // Reads run r's chunks into bytes(r) bytes at `into`.
    void read(std::size_t run, char* into) const;

private:
    void flush(std::size_t run);
    SpillFile& file_;
    std::size_t chunk_bytes_;
    std::vector<std::string> buffers_;
    std::vector<std::vector<Chunk>> chunks_;
};

// Records are plain bytes: fixed-size numbers in the machine's order (the file never leaves
// the process that wrote it) and lengths as LEB128 varints.
inline void put_varint(std::string& out, std::uint64_t value) {
    while (value >= 0x80) {
        out.push_back(static_cast<char>(value | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}
template <class Number>
void put_number(std::string& out, Number value) {
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}
inline void put_text(std::string& out, std::string_view text) {
    put_varint(out, text.size());
    out.append(text);
}

// Reads what the put_ functions wrote, in the same order. The caller knows where records end.
class RecordReader {
public:
    explicit RecordReader(const char* at) : at_(at) {}
    std::uint64_t varint() {
        std::uint64_t value = 0;
        for (int shift = 0;; shift += 7) {
            const auto byte = static_cast<unsigned char>(*at_++);
            value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
            if (byte < 0x80) return value;
        }
    }
    template <class Number>
    Number number() {
        Number value;
        std::memcpy(&value, at_, sizeof value);
        at_ += sizeof value;
        return value;
    }
    std::string_view text() { return text_of(static_cast<std::size_t>(varint())); }
    // `size` bytes as text (their size was written some other way).
    std::string_view text_of(std::size_t size) {
        const std::string_view out(at_, size);
        at_ += size;
        return out;
    }
    void bytes(void* into, std::size_t size) {
        std::memcpy(into, at_, size);
        at_ += size;
    }
    [[nodiscard]] const char* position() const { return at_; }

private:
    const char* at_;
};

}  // namespace giamngheo::io
