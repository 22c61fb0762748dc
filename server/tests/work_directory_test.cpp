// The server's work directory: private to its user, emptied at start, each output's directory
// gone once it has been read back.
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

#include "server/work_directory.hpp"
#include "testing/support.hpp"

namespace giamngheo::test {
namespace {

namespace fs = std::filesystem;

TEST(WorkDirectory, IsPrivateAndEmptiedAtStart) {
    TempDir dir;
    const fs::path root = dir.path("server.db.work");
    fs::create_directories(root / "out-left-by-a-crash");
    write_text((root / "out-left-by-a-crash" / "export.xlsx").string(), "personal data");
    fs::permissions(root, fs::perms::all, fs::perm_options::replace);

    server::WorkDirectory work(root);

    EXPECT_TRUE(fs::is_empty(root));
    EXPECT_EQ(fs::status(root).permissions() & fs::perms::all, fs::perms::owner_all);
}

TEST(WorkDirectory, AScratchDirectoryIsRemovedWithWhatItHolds) {
    TempDir dir;
    server::WorkDirectory work(dir.path("work"));
    fs::path kept;
    {
        const auto scratch = work.scratch();
        kept = scratch.path;
        write_text((scratch.path / "plan.docx").string(), "x");
        EXPECT_TRUE(fs::exists(kept / "plan.docx"));
        EXPECT_NE(work.scratch().path, kept);  // each output in a directory of its own
    }
    EXPECT_FALSE(fs::exists(kept));
}

}  // namespace
}  // namespace giamngheo::test
