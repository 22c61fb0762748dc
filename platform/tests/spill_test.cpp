#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "platform/spill.hpp"
#include "testing/support.hpp"

namespace giamngheo::test {
namespace {

// Writers on threads of their own fill the same runs at once, with chunks small enough that
// their appends interleave in the file; each run still reads back writer by writer, each
// writer's records in the order it added them.
class SpillIo : public ::testing::TestWithParam<io::SpillFile::Io> {};

TEST_P(SpillIo, RunsReadBackInWriterOrderAndRecordOrder) {
    TempDir dir;
    io::SpillFile file(dir.path(), GetParam());
    constexpr std::size_t kWriters = 3, kRuns = 5, kRecords = 20000;
    std::vector<io::SpillRuns> writers;
    for (std::size_t w = 0; w < kWriters; ++w) writers.emplace_back(file, kRuns, 4096);
    {
        std::vector<std::jthread> threads;
        for (std::size_t w = 0; w < kWriters; ++w)
            threads.emplace_back([&, w] {
                for (std::uint32_t i = 0; i < kRecords; ++i) {
                    const std::size_t run = (i * 7 + w) % kRuns;
                    std::string& out = writers[w].buffer(run);
                    io::put_number(out, static_cast<std::uint32_t>(w));
                    io::put_number(out, i);
                    io::put_text(out, std::string(i % 200, 'x'));  // lengths of one and two varint bytes
                    writers[w].added(run);
                }
                writers[w].finish();
            });
    }
    for (std::size_t run = 0; run < kRuns; ++run) {
        std::string bytes;
        for (const auto& writer : writers) {
            const std::size_t at = bytes.size();
            bytes.resize(at + writer.bytes(run));
            writer.read(run, bytes.data() + at);
        }
        std::vector<std::pair<std::uint32_t, std::uint32_t>> read, expected;
        for (std::uint32_t w = 0; w < kWriters; ++w)
            for (std::uint32_t i = 0; i < kRecords; ++i)
                if ((i * 7 + w) % kRuns == run) expected.emplace_back(w, i);
        for (io::RecordReader r(bytes.data()); r.position() < bytes.data() + bytes.size();) {
            const auto w = r.number<std::uint32_t>();
            const auto i = r.number<std::uint32_t>();
            ASSERT_EQ(r.text(), std::string(i % 200, 'x'));
            read.emplace_back(w, i);
        }
        EXPECT_EQ(read, expected) << "run " << run;
    }
}

TEST(Spill, VarintsRoundTripAtTheirLimits) {
    std::string bytes;
    const std::vector<std::uint64_t> values = {0, 1, 127, 128, 16383, 16384, (1ull << 32) - 1, ~0ull};
    for (const auto v : values) io::put_varint(bytes, v);
    io::RecordReader r(bytes.data());
    for (const auto v : values) EXPECT_EQ(r.varint(), v);
    EXPECT_EQ(r.position(), bytes.data() + bytes.size());
}

TEST_P(SpillIo, AppendsReadBackWholeOrInPartAndNotPastTheEnd) {
    TempDir dir;
    io::SpillFile file(dir.path(), GetParam());
    const auto abc = file.append("abc");
    const auto de = file.append("de");
    const auto long_text = file.append(std::string(10000, 'z') + "end");
    EXPECT_GE(de, abc + 3);
    std::vector<char> buffer(1 << 16);
    char* const out = buffer.data();
    file.read(abc, 3, out);
    EXPECT_EQ(std::string(out, 3), "abc");
    file.read(de, 2, out);
    EXPECT_EQ(std::string(out, 2), "de");
    file.read(abc + 1, 2, out);
    EXPECT_EQ(std::string(out, 2), "bc");
    file.read(long_text + 9998, 5, out);  // across a block boundary
    EXPECT_EQ(std::string(out, 5), "zzend");
    EXPECT_THROW(file.read(long_text + 10000, file.size() - long_text - 10000 + 1, out), std::runtime_error);
}

INSTANTIATE_TEST_SUITE_P(BothWays, SpillIo,
                         ::testing::Values(io::SpillFile::Io::direct_if_possible, io::SpillFile::Io::page_cache));

TEST(Spill, AMissingDirectoryIsAnError) {
    TempDir dir;
    try {
        io::SpillFile missing(dir.path("no-such-directory"));
        ADD_FAILURE() << "a spill file in a missing directory";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("no-such-directory"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace giamngheo::test
