// Connections to a store for concurrent requests: a store object is not thread-safe, so each
// request borrows one and gives it back. Opened by the factory the composition root hands in,
// so that whoever borrows never knows which backend it is. Thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace giamngheo::store {

template <class StoreType>
class Pool {
  public:
    using Factory = std::function<std::unique_ptr<StoreType>()>;
    explicit Pool(Factory open) : open_(std::move(open)) { free_.push_back(open_()); }

    class Lease {
      public:
        Lease(Pool& pool, std::unique_ptr<StoreType> s) : pool_(pool), store_(std::move(s)) {}
        ~Lease() { pool_.give_back(std::move(store_)); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        StoreType& operator*() const { return *store_; }
        StoreType* operator->() const { return store_.get(); }

      private:
        Pool& pool_;
        std::unique_ptr<StoreType> store_;
    };

    Lease borrow() {
        {
            std::lock_guard lock(mutex_);
            if (!free_.empty()) {
                auto s = std::move(free_.back());
                free_.pop_back();
                return Lease(*this, std::move(s));
            }
        }
        return Lease(*this, open_());
    }

  private:
    void give_back(std::unique_ptr<StoreType> s) {
        std::lock_guard lock(mutex_);
        free_.push_back(std::move(s));
    }
    Factory open_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<StoreType>> free_;
};

}  // namespace giamngheo::store
