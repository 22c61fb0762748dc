#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "modules/registry/formats/interchange.hpp"
#include "platform/mapped_file.hpp"
#include "testing/support.hpp"

namespace giamngheo::test {
namespace {

// CSV-like text of about `bytes` bytes in which every line says where it is.
std::string numbered_lines(std::size_t bytes) {
    std::string text = "line,position\n";
    for (std::size_t line = 1; text.size() < bytes; ++line)
        text += std::to_string(line) + "," + std::to_string(text.size()) + ",Nguyễn Thị Ánh\n";
    return text;
}

// Writes the file and drops it from the page cache, so that it is read ahead from disk.
void write_cold(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
    const int fd = ::open(path.c_str(), O_RDONLY);
    ASSERT_GE(fd, 0);
    ::fdatasync(fd);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
}

// Readers on threads of their own, over ranges that begin and end anywhere in the read-ahead
// chunks, see the file's bytes; so does anyone afterwards (what they passed is the file's
// mapping again), and so does a second round of readers.
TEST(MappedFile, ReadersSeeTheFileAsWrittenWhileItIsReadAhead) {
    TempDir dir;
    const std::string path = dir.path("registry.csv");
    const std::string text = numbered_lines(std::size_t{23} << 20);
    write_cold(path, text);
    io::MappedFile file(path);
    ASSERT_EQ(file.text().size(), text.size());
    auto read_in_readers = [&](const std::vector<std::pair<std::size_t, std::size_t>>& ranges) {
        file.start_readers(ranges);
        std::vector<std::jthread> readers;
        for (std::size_t r = 0; r < ranges.size(); ++r)
            readers.emplace_back([&, r] {
                const auto [first, second] = ranges[r];
                constexpr std::size_t kStep = 100000;
                for (std::size_t at = first; at < second; at += kStep) {
                    const std::size_t end = std::min(second, at + kStep);
                    file.advance(r, at, end);
                    ASSERT_EQ(file.text().substr(at, end - at), std::string_view(text).substr(at, end - at)) << "at " << at;
                }
                file.finish(r);
            });
    };
    read_in_readers({{14, 7'000'001}, {7'000'001, 15'500'000}, {15'500'000, text.size()}});
    EXPECT_EQ(file.text(), text);
    read_in_readers({{14, text.size()}});
    EXPECT_EQ(file.text(), text);
}

// A file partly in the page cache, one 3 MiB stretch in, the next out: chunks wholly cached stay
// mapped, the others are read from disk; readers see the file's bytes either way.
TEST(MappedFile, ReadersSeeTheFileAsWrittenWhenPartOfItIsCached) {
    TempDir dir;
    const std::string path = dir.path("registry.csv");
    const std::string text = numbered_lines(std::size_t{29} << 20);
    write_cold(path, text);
    {
        const int fd = ::open(path.c_str(), O_RDONLY);
        ASSERT_GE(fd, 0);
        constexpr std::size_t kStretch = std::size_t{3} << 20;
        std::string buffer(kStretch, '\0');
        for (std::size_t at = 0; at < text.size(); at += 2 * kStretch)
            ASSERT_GT(::pread(fd, buffer.data(), kStretch, static_cast<off_t>(at)), 0);
        ::close(fd);
    }
    io::MappedFile file(path);
    const std::vector<std::pair<std::size_t, std::size_t>> ranges = {{14, 11'000'000}, {11'000'000, text.size()}};
    file.start_readers(ranges);
    std::vector<std::jthread> readers;
    for (std::size_t r = 0; r < ranges.size(); ++r)
        readers.emplace_back([&, r] {
            const auto [first, second] = ranges[r];
            constexpr std::size_t kStep = 250000;
            for (std::size_t at = first; at < second; at += kStep) {
                const std::size_t end = std::min(second, at + kStep);
                file.advance(r, at, end);
                ASSERT_EQ(file.text().substr(at, end - at), std::string_view(text).substr(at, end - at)) << "at " << at;
            }
            file.finish(r);
        });
    readers.clear();
    EXPECT_EQ(file.text(), text);
}

// The rows of a mapped file, cut into parts, are those of its text.
TEST(MappedFile, CsvPartsOfAMappedFileGiveTheRowsOfItsText) {
    TempDir dir;
    const std::string path = dir.path("members.csv");
    const std::string text = numbered_lines(std::size_t{9} << 20);
    write_cold(path, text);
    io::MappedFile file(path);
    auto rows_of = [](std::vector<io::RowStream> parts) {
        std::vector<std::string> rows;
        std::vector<std::string_view> fields;
        long row = 0;
        for (auto& part : parts)
            while (part.next(fields, row)) rows.push_back(std::to_string(row) + ":" + std::string(fields.at(1)));
        return rows;
    };
    const auto expected = rows_of(io::RowStream::csv_parts(std::string_view(text), "members.csv", 3));
    EXPECT_EQ(rows_of(io::RowStream::csv_parts(file, "members.csv", 3)), expected);
    EXPECT_GT(expected.size(), 200000u);
}

}  // namespace
}  // namespace giamngheo::test
