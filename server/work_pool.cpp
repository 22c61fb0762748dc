#include "server/work_pool.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace giamngheo::server {

WorkPool::WorkPool(int threads, std::size_t queue, int nice_increment) : capacity_(queue) {
    for (int i = 0; i < std::max(threads, 1); ++i)
        threads_.emplace_back([this, nice_increment] { run(nice_increment); });
}

WorkPool::~WorkPool() {
    {
        std::lock_guard lock(mutex_);
        closing_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_) t.join();
}

bool WorkPool::try_submit(std::function<void()> work) {
    {
        std::lock_guard lock(mutex_);
        if (closing_ || busy_ + queue_.size() >= threads_.size() + capacity_) return false;
        queue_.push_back(std::move(work));
    }
    wake_.notify_one();
    return true;
}

std::size_t WorkPool::busy() const {
    std::lock_guard lock(mutex_);
    return busy_;
}

std::size_t WorkPool::queued() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

void WorkPool::run(int nice_increment) {
    // Linux keeps a nice value per thread: this one yields to the I/O threads when both want a core.
    if (nice_increment > 0) {
        errno = 0;
        const int now = ::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()));
        if (errno == 0) ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), now + nice_increment);
    }
    for (;;) {
        std::function<void()> work;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return closing_ || !queue_.empty(); });
            if (queue_.empty()) return;  // closing, and everything accepted has run
            work = std::move(queue_.front());
            queue_.pop_front();
            ++busy_;
        }
        try {
            work();
        } catch (...) {
        }
        std::lock_guard lock(mutex_);
        --busy_;
    }
}

}  // namespace giamngheo::server
