// Numbered work made on every core a round at a time while the calling thread takes the round
// before, in number order: the output never depends on the number of threads, and making and
// taking (say, encoding and writing) overlap.
#pragma once

#include <array>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace giamngheo {

// Calls make(k, slot) for every k in [0, count) on worker threads, `per_round` at a time, and
// take(k, slot) on the calling thread in order of k, a round while the next one is made. Slots
// are reused (item k + 2 × per_round gets item k's), so buffers in them keep their capacity.
// An exception from make is rethrown on the calling thread when it reaches that item; should
// take throw, the workers of the round being made are joined before it propagates.
template <class Slot, class Make, class Take>
void make_in_rounds(std::size_t count, std::size_t per_round, Make make, Take take) {
    struct Made {
        Slot slot;
        std::exception_ptr error;
    };
    std::array<std::vector<Made>, 2> rounds = {std::vector<Made>(per_round), std::vector<Made>(per_round)};
    auto start = [&](std::size_t first, std::vector<Made>& round) {
        std::vector<std::jthread> workers;
        for (std::size_t k = 0; k < per_round && first + k < count; ++k)
            workers.emplace_back([&make, &made = round[k], item = first + k] {
                made.error = nullptr;
                try {
                    make(item, made.slot);
                } catch (...) {
                    made.error = std::current_exception();
                }
            });
        return workers;
    };
    // Declared after `rounds`, so destroyed (joined) before them.
    std::vector<std::jthread> workers = start(0, rounds[0]);
    std::size_t current = 0;
    for (std::size_t first = 0; first < count; first += per_round) {
        workers.clear();
        workers = start(first + per_round, rounds[1 - current]);
        for (std::size_t k = 0; k < per_round && first + k < count; ++k) {
            Made& made = rounds[current][k];
            if (made.error) std::rethrow_exception(made.error);
            take(first + k, made.slot);
        }
        current = 1 - current;
    }
}

}  // namespace giamngheo
