#include "modules/registry/http/household_index.hpp"

#include <mutex>

namespace giamngheo::app {

void HouseholdIndex::ensure() {
    {
        std::shared_lock lock(mutex_);
        if (built_) return;
    }
    std::unique_lock lock(mutex_);
    if (built_) return;
    PlacesMemo memo;
    const Placer& placer = web_.scope.placer();
    web_.stores.borrow()->for_each_household([&](const store::StoredHousehold& stored) {
        by_id_[stored.household.household_id] = entries_.size();
        entries_.push_back(household_entry(stored, placer, web_.options.env.today, &memo));
    });
    built_ = true;
}

void HouseholdIndex::refresh(store::RegistryStore& registry, const std::vector<std::string>& ids) {
    std::unique_lock lock(mutex_);
    if (!built_) return;
    for (const auto& id : ids) {
        auto stored = registry.load_household(id, std::nullopt);
        if (!stored) continue;
        HouseholdEntry entry = household_entry(*stored, web_.scope.placer(), web_.options.env.today);
        if (auto it = by_id_.find(id); it != by_id_.end()) {
            entries_[it->second] = std::move(entry);
        } else {
            by_id_[id] = entries_.size();
            entries_.push_back(std::move(entry));
        }
    }
}

void HouseholdIndex::read(const std::function<void(const std::vector<HouseholdEntry>&)>& use) {
    ensure();
    std::shared_lock lock(mutex_);
    use(entries_);
}

}  // namespace giamngheo::app
