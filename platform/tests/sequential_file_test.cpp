#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <stdexcept>

#include "platform/sequential_file.hpp"
#include "platform/table.hpp"
#include "testing/support.hpp"

namespace giamngheo::test {
namespace {

// Text of `size` bytes that differs at every position, so a lost, repeated or misplaced block
// changes it.
std::string numbered_text(std::size_t size) {
    std::string text;
    text.reserve(size + 16);
    for (std::size_t i = 0; text.size() < size; ++i) text += std::to_string(i) + ',';
    text.resize(size);
    return text;
}

class SequentialFile : public testing::TestWithParam<io::PageCache> {};

// Sizes around the 4 KiB blocks that O_DIRECT writes and the 8 MiB the writer gathers, in
// pieces of random length; the last partial block is where a bypassing writer switches to
// ordinary writes.
TEST_P(SequentialFile, WritesEveryByteInOrder) {
    TempDir dir;
    std::mt19937 random(7);
    for (const std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{4096}, std::size_t{4097},
                                   std::size_t{8} << 20, (std::size_t{8} << 20) + 4095, std::size_t{19'000'001}}) {
        const std::string text = numbered_text(size);
        const std::string path = dir.path("out-" + std::to_string(size) + ".txt");
        io::SequentialFileWriter writer(path, GetParam());
        for (std::size_t at = 0; at < text.size();) {
            const std::size_t piece = std::min<std::size_t>(text.size() - at, random() % 3'000'000);
            writer.write(std::string_view(text).substr(at, piece));
            at += piece;
        }
        writer.close();
        EXPECT_EQ(io::read_file(path), text) << size << " bytes";
    }
}

TEST_P(SequentialFile, OverwritesAnExistingFile) {
    TempDir dir;
    write_text(dir.path("f.txt"), numbered_text(100000));
    io::SequentialFileWriter writer(dir.path("f.txt"), GetParam());
    writer.write("short");
    writer.close();
    EXPECT_EQ(io::read_file(dir.path("f.txt")), "short");
}

TEST_P(SequentialFile, NamesTheFileItCannotCreate) {
    TempDir dir;
    try {
        io::SequentialFileWriter writer(dir.path("missing/f.txt"), GetParam());
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("missing/f.txt"), std::string::npos) << e.what();
    }
}

// Written to appear when closed: until then readers see the old file, and a writer that never
// closes leaves the old file and no temporary behind.
TEST_P(SequentialFile, AFileThatAppearsWhenClosedIsOldOrWholeNeverPart) {
    TempDir dir;
    const std::string path = dir.path("f.txt"), old_text = numbered_text(5000), new_text = numbered_text(9'000'000);
    write_text(path, old_text);
    {
        io::SequentialFileWriter abandoned(path, GetParam(), io::Appearance::when_closed);
        abandoned.write(new_text);
        EXPECT_EQ(io::read_file(path), old_text);
    }
    EXPECT_EQ(io::read_file(path), old_text);
    EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
    io::SequentialFileWriter writer(path, GetParam(), io::Appearance::when_closed);
    writer.write(new_text);
    EXPECT_EQ(io::read_file(path), old_text);
    writer.close();
    EXPECT_EQ(io::read_file(path), new_text);
    EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}

INSTANTIATE_TEST_SUITE_P(PageCache, SequentialFile, testing::Values(io::PageCache::use, io::PageCache::bypass),
                         [](const auto& info) { return info.param == io::PageCache::use ? "use" : "bypass"; });

TEST(SequentialFile, UsingThePageCacheNeverBypassesIt) {
    TempDir dir;
    io::SequentialFileWriter writer(dir.path("f.txt"), io::PageCache::use);
    EXPECT_FALSE(writer.bypassing_cache());
    writer.close();
}

}  // namespace
}  // namespace giamngheo::test
