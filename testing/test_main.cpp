// The main of every test executable. GoogleTest reports each test of a suite whose
// SetUpTestSuite failed as SKIPPED, which ctest (gtest_discover_tests) counts as skipped, not
// failed: a failure outside any test therefore ends the program at once with status 1.
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>

namespace {

class FailuresOutsideTestsEndTheRun : public ::testing::EmptyTestEventListener {
    // Tracked here: asking GoogleTest for the current test while it reports a result deadlocks.
    void OnTestStart(const ::testing::TestInfo&) override { in_test_ = true; }
    void OnTestEnd(const ::testing::TestInfo&) override { in_test_ = false; }
    void OnTestPartResult(const ::testing::TestPartResult& result) override {
        if (!result.failed() || in_test_) return;
        std::cerr << "failure outside a test (a suite's set-up or tear-down):\n"
                  << (result.file_name() ? result.file_name() : "?") << ":" << result.line_number() << ": "
                  << result.message() << std::endl;
        std::_Exit(1);
    }
    bool in_test_ = false;
};

}  // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    ::testing::UnitTest::GetInstance()->listeners().Append(new FailuresOutsideTestsEndTheRun);
    return RUN_ALL_TESTS();
}
