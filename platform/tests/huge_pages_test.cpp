#include "platform/huge_pages.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "testing/support.hpp"

namespace giamngheo {
namespace {

constexpr const char* kMadvise = "always [madvise] never\n";

TEST(HugePages, AskedForWhereTheKernelGivesThemOnRequest) {
    EXPECT_EQ(app::huge_page_tunables(nullptr, nullptr, kMadvise), "glibc.malloc.hugetlb=1");
    EXPECT_EQ(app::huge_page_tunables(nullptr, "1", kMadvise), "glibc.malloc.hugetlb=1");
}

TEST(HugePages, NothingChangesWhenTheUserOrTheKernelHasDecided) {
    EXPECT_EQ(app::huge_page_tunables("glibc.malloc.arena_max=2", nullptr, kMadvise), std::nullopt);
    EXPECT_EQ(app::huge_page_tunables("", nullptr, kMadvise), std::nullopt);
    EXPECT_EQ(app::huge_page_tunables(nullptr, "0", kMadvise), std::nullopt);
    EXPECT_EQ(app::huge_page_tunables(nullptr, nullptr, "[always] madvise never\n"), std::nullopt);
    EXPECT_EQ(app::huge_page_tunables(nullptr, nullptr, "always madvise [never]\n"), std::nullopt);
    EXPECT_EQ(app::huge_page_tunables(nullptr, nullptr, ""), std::nullopt);  // no such file
}

// The restart keeps the arguments, the standard streams and the exit status, with and without it.
TEST(HugePages, TheCommandLineWorksTheSameRestartedOrNot) {
    for (const char* env : {"env -u GLIBC_TUNABLES", "env -u GLIBC_TUNABLES GIAMNGHEO_HUGE_PAGES=0"}) {
        test::TempDir dir;
        const std::string db = dir.path("store.db");
        const auto init = test::run_cli("--db '" + db + "' init", env);
        EXPECT_EQ(init.status, 0) << env << init.err;
        EXPECT_TRUE(std::filesystem::exists(db)) << env;
        const auto wrong = test::run_cli("--db '" + db + "' units import /no/such/units", env);
        EXPECT_NE(wrong.status, 0) << env;
        EXPECT_NE(wrong.err.find("/no/such/units"), std::string::npos) << env << wrong.err;
    }
}

}  // namespace
}  // namespace giamngheo
