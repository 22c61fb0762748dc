// Numbered work made on every core while the calling thread takes what was made before, in
// number order: the output never depends on the number of threads, and making and taking (say,
// encoding and writing) overlap.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace giamngheo {

// Calls make(k, slot) for every k in [0, count) on `per_round` worker threads, and take(k, slot)
// on the calling thread in order of k. Workers run up to 2 × per_round items ahead of take, each
// taking the next item as soon as it is free (no worker waits for a slower one's item), so an
// item whose making waits on the disk leaves the processor to the others. Slots are reused (item
// k + 2 × per_round gets item k's), so buffers in them keep their capacity.
// An exception from make is rethrown on the calling thread when it reaches that item; should
// take throw, the workers finish the items they are making and stop before it propagates.
template <class Slot, class Make, class Take>
void make_in_rounds(std::size_t count, std::size_t per_round, Make make, Take take) {
    if (per_round == 0) per_round = 1;
    const std::size_t window = 2 * per_round;
    struct Made {
        Slot slot;
        std::exception_ptr error;
        bool ready = false;
    };
    std::vector<Made> made(window);
    std::mutex mutex;
    std::condition_variable changed;
    std::size_t next = 0, taken = 0;
    bool stopping = false;
    auto work = [&] {
        std::unique_lock lock(mutex);
        while (true) {
            changed.wait(lock, [&] { return stopping || next >= count || next < taken + window; });
            if (stopping || next >= count) return;
            const std::size_t k = next++;
            Made& item = made[k % window];
            lock.unlock();
            item.error = nullptr;
            try {
                make(k, item.slot);
            } catch (...) {
                item.error = std::current_exception();
            }
            lock.lock();
            item.ready = true;
            changed.notify_all();
        }
    };
    // Declared after what they use, so joined before it is destroyed; `stop` first of all.
    std::vector<std::jthread> workers;
    for (std::size_t w = 0; w < per_round && w < count; ++w) workers.emplace_back(work);
    struct Stop {
        std::mutex& mutex;
        std::condition_variable& changed;
        bool& stopping;
        ~Stop() {
            {
                std::lock_guard lock(mutex);
                stopping = true;
            }
            changed.notify_all();
        }
    } stop{mutex, changed, stopping};
    for (std::size_t k = 0; k < count; ++k) {
        Made& item = made[k % window];
        {
            std::unique_lock lock(mutex);
            changed.wait(lock, [&] { return item.ready; });
        }
        if (item.error) std::rethrow_exception(item.error);
        take(k, item.slot);
        {
            std::lock_guard lock(mutex);
            item.ready = false;
            ++taken;
        }
        changed.notify_all();
    }
}

}  // namespace giamngheo
