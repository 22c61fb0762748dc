#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include "platform/ordered_pipeline.hpp"

namespace giamngheo {
namespace {

// Whatever the round size, every item is made once and taken in order with what was made for it.
TEST(Rounds, TakesEveryItemInOrderWithWhatWasMadeForIt) {
    for (const std::size_t per_round : {1u, 2u, 3u, 8u}) {
        for (const std::size_t count : {0u, 1u, 5u, 17u}) {
            std::atomic<int> made{0};
            std::vector<std::size_t> taken;
            make_in_rounds<std::string>(
                count, per_round,
                [&](std::size_t k, std::string& slot) {
                    slot = "item " + std::to_string(k);
                    ++made;
                },
                [&](std::size_t k, const std::string& slot) {
                    EXPECT_EQ(slot, "item " + std::to_string(k));
                    taken.push_back(k);
                });
            EXPECT_EQ(made, static_cast<int>(count));
            ASSERT_EQ(taken.size(), count);
            for (std::size_t k = 0; k < count; ++k) EXPECT_EQ(taken[k], k);
        }
    }
}

TEST(Rounds, AFailureToMakeReachesTheCallerAtItsItemAfterTheItemsBefore) {
    std::vector<std::size_t> taken;
    EXPECT_THROW(make_in_rounds<int>(
                     10, 3,
                     [](std::size_t k, int& slot) {
                         if (k == 4) throw std::runtime_error("item 4");
                         slot = static_cast<int>(k);
                     },
                     [&](std::size_t k, int) { taken.push_back(k); }),
                 std::runtime_error);
    EXPECT_EQ(taken, (std::vector<std::size_t>{0, 1, 2, 3}));
}

TEST(Rounds, AFailureToTakeStopsTheWork) {
    std::size_t taken = 0;
    EXPECT_THROW(make_in_rounds<int>(
                     100, 2, [](std::size_t, int&) {},
                     [&](std::size_t k, int) {
                         if (k == 5) throw std::runtime_error("disk full");
                         ++taken;
                     }),
                 std::runtime_error);
    EXPECT_EQ(taken, 5u);
}

}  // namespace
}  // namespace giamngheo
