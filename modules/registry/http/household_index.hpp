// The household list's entries, in memory: built once from the registry (seconds for a
// national one, so in the background at start) and kept current as this process writes.
// Thread-safe.
#pragma once

#include <functional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "modules/accounts/http/web_context.hpp"
#include "modules/registry/app/household_list.hpp"

namespace giamngheo::app {

class HouseholdIndex {
  public:
    explicit HouseholdIndex(accounts::WebContext& web) : web_(web) {}

    // Builds the entries unless they are built.
    void ensure();
    // Reads the households `ids` again after a write.
    void refresh(store::RegistryStore& registry, const std::vector<std::string>& ids);
    // Calls `use` with the entries, which stay unchanged while it runs.
    void read(const std::function<void(const std::vector<HouseholdEntry>&)>& use);

  private:
    accounts::WebContext& web_;
    std::shared_mutex mutex_;
    std::vector<HouseholdEntry> entries_;
    std::unordered_map<std::string, std::size_t> by_id_;
    bool built_ = false;
};

}  // namespace giamngheo::app
