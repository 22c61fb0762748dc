// Work that takes seconds (exports, statistics, imports, review runs) on threads of its own,
// bounded, so that it never takes the threads that answer light requests.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace giamngheo::server {

// A fixed set of threads with a bounded queue: try_submit refuses work, rather than queueing it
// without end, when every thread is busy and the queue is full. The threads run at a lower
// scheduling priority (nice) than the rest of the process, so that the I/O threads stay quick
// while they compute. Thread-safe.
class WorkPool {
  public:
    WorkPool(int threads, std::size_t queue, int nice_increment = 5);
    // Runs what was already accepted, then joins the threads.
    ~WorkPool();
    WorkPool(const WorkPool&) = delete;
    WorkPool& operator=(const WorkPool&) = delete;

    // Queues `work`, or returns false at once when threads + queue are all taken. `work` must not
    // throw (an exception it lets out is swallowed).
    [[nodiscard]] bool try_submit(std::function<void()> work);
    [[nodiscard]] std::size_t busy() const;    // running now
    [[nodiscard]] std::size_t queued() const;  // accepted, waiting for a thread
    [[nodiscard]] int threads() const { return static_cast<int>(threads_.size()); }
    [[nodiscard]] std::size_t queue_capacity() const { return capacity_; }

  private:
    void run(int nice_increment);
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> queue_;
    std::size_t capacity_ = 0;
    std::size_t busy_ = 0;
    bool closing_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace giamngheo::server
