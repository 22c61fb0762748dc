#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace giamngheo::io {

// A file's bytes mapped read-only into memory. Reading a national registry file this way
// neither copies it nor holds it as the process's own memory: its pages belong to the page
// cache, which the kernel can take back under pressure.
//
// Readers that go front to back over ranges of the text (start_readers, advance, finish) have
// what they come to read ahead for them, where the file is not already in the page cache: a
// thread of the file's own reads it in large direct reads (O_DIRECT) into memory that is used
// again and again, and puts those pages in place of the mapped ones — the same bytes at the
// same addresses, so a view into text() never notices. Faulting a cold file in through the page
// cache costs about 1 s of processor per GB on the machines this runs on, direct reads about
// 0.05 s (docs/PERFORMANCE.md). Where direct reads are not possible the text is simply mapped.
//
// Contract: text() stays valid for the object's lifetime and must not outlive it; the file
// must not be truncated while mapped (reading past its new end would fault). Throws
// std::runtime_error naming the file, in Vietnamese, when it cannot be opened. The reader calls
// may come from several threads at once; start_readers only when no reader is reading.
class MappedFile {
public:
    explicit MappedFile(const std::string& path);
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile();

    [[nodiscard]] std::string_view text() const { return {data_, size_}; }

    // Readers, numbered from 0, each over range [first, second) of text(), are about to read,
    // each front to back; forgets earlier readers.
    void start_readers(const std::vector<std::pair<std::size_t, std::size_t>>& ranges);
    // Reader `reader` has no more use for the text before `position` and is about to read up to
    // `end`: returns once the text before `end` is in memory, with more being read ahead.
    void advance(std::size_t reader, std::size_t position, std::size_t end);
    // Reader `reader` has read its range.
    void finish(std::size_t reader);

private:
    class ReadAhead;
    const char* data_ = nullptr;
    std::size_t size_ = 0;
    std::unique_ptr<ReadAhead> read_ahead_;
};

}  // namespace giamngheo::io
