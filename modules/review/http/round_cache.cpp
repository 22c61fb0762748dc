#include "modules/review/http/round_cache.hpp"

#include <algorithm>

#include "kernel/classify.hpp"
#include "platform/environment.hpp"
#include "server/errors.hpp"

namespace giamngheo::app {
namespace {

// Rounds of a million households are large: keep the few in use. A regular review's round holds
// a household or a few: many are kept, apart, so that listing them never pushes a large one out.
constexpr std::size_t kRoundsKept = 3;
constexpr std::size_t kSmallRoundRows = 1000, kSmallRoundsKept = 500;
bool small(const RoundData& round) { return round.rows.size() < kSmallRoundRows; }

class RoundView final : public RoundResultsView {
  public:
    explicit RoundView(std::shared_ptr<const RoundData> data) : data_(std::move(data)) {}
    [[nodiscard]] std::int64_t round_id() const override { return data_->record.id; }
    [[nodiscard]] std::optional<ListedResult> result(const std::string& household_id) const override {
        const auto it = data_->by_household.find(household_id);
        if (it == data_->by_household.end()) return std::nullopt;
        const auto& row = data_->rows[it->second];
        return ListedResult{row.household_class, row.transition, row.deprivation_count, row.flags, row.recently_escaped};
    }

  private:
    std::shared_ptr<const RoundData> data_;
};

}  // namespace

std::shared_ptr<const RoundData> RoundCache::cached(std::int64_t id) {
    std::lock_guard lock(mutex_);
    for (auto it = rounds_.begin(); it != rounds_.end(); ++it)
        if ((*it)->record.id == id) {
            auto found = *it;
            rounds_.erase(it);
            rounds_.push_front(found);
            return found;
        }
    return nullptr;
}

std::shared_ptr<const RoundData> RoundCache::round(std::int64_t id) {
    if (auto found = cached(id); found && found->record.status == store::RoundStatus::approved) return found;
    return round(id, record(id));
}

std::shared_ptr<const RoundData> RoundCache::round(std::int64_t id, const store::RoundRecord& now) {
    if (auto found = cached(id)) {
        // A draft may have been approved since by another path (a regular review's decision,
        // another server process), or households of it classified again after a survey: `now`
        // says so; an approved one never changes.
        if (found->record.status == store::RoundStatus::approved) return found;
        if (now.status == found->record.status && now.results_change_set == found->record.results_change_set)
            return found;
        forget(id);
    }
    std::lock_guard computing(compute_mutex_);
    if (auto found = cached(id)) return found;
    auto lease = web_.stores.borrow();
    auto record = lease->round(id);
    if (!record) server::not_found("không có kỳ rà soát " + std::to_string(id));
    auto data = std::make_shared<RoundData>();
    data->record = *record;
    data->rows = lease->round_results(id);
    for (std::size_t i = 0; i < data->rows.size(); ++i) data->by_household[data->rows[i].household_id] = i;
    for (const auto& rule : standard_from_document(record->standard_document).indicators)
        data->indicator_keys.push_back(rule.key);
    std::lock_guard lock(mutex_);
    rounds_.push_front(data);
    const bool is_small = small(*data);
    const std::size_t kept = std::count_if(rounds_.begin(), rounds_.end(), [&](const auto& r) { return small(*r) == is_small; });
    if (kept > (is_small ? kSmallRoundsKept : kRoundsKept)) {
        const auto last = std::find_if(rounds_.rbegin(), rounds_.rend(), [&](const auto& r) { return small(*r) == is_small; });
        rounds_.erase(std::next(last).base());
    }
    return data;
}

bool RoundCache::fresh(const Kept& kept) const {
    if (kept.record.status == store::RoundStatus::approved) return true;  // it can no longer change
    return kept.generation && changes_ && changes_->generation() == kept.generation;
}

store::RoundRecord RoundCache::record(std::int64_t id) {
    {
        std::lock_guard lock(mutex_);
        if (auto it = records_.find(id); it != records_.end() && fresh(it->second)) return it->second.record;
    }
    // The generation before the read: a change notified meanwhile moves it, and the next use reads again.
    const auto generation = changes_ ? changes_->generation() : std::nullopt;
    auto found = web_.stores.borrow()->round(id);
    if (!found) server::not_found("không có kỳ rà soát " + std::to_string(id));
    std::lock_guard lock(mutex_);
    records_[id] = {*found, generation};
    return *found;
}

std::shared_ptr<const std::vector<store::RoundRecord>> RoundCache::records() {
    {
        std::lock_guard lock(mutex_);
        if (all_generation_ && changes_ && changes_->generation() == all_generation_) return all_;
    }
    const auto generation = changes_ ? changes_->generation() : std::nullopt;
    auto all = std::make_shared<const std::vector<store::RoundRecord>>(web_.stores.borrow()->rounds());
    std::lock_guard lock(mutex_);
    all_ = all;
    all_generation_ = generation;
    return all;
}

store::RoundRecord RoundCache::require_visible(std::int64_t id, const accounts::Session& s) {
    auto now = record(id);
    if (!web_.scope.round_visible(now.scope, s.user.unit_code)) server::forbidden_scope();
    return now;
}

std::shared_ptr<const RoundData> RoundCache::visible(std::int64_t id, const accounts::Session& s) {
    return round(id, require_visible(id, s));
}

void RoundCache::forget(std::int64_t id) {
    std::lock_guard lock(mutex_);
    rounds_.remove_if([&](const auto& r) { return r->record.id == id; });
    records_.erase(id);
    all_generation_.reset();
}

std::shared_ptr<const std::vector<std::size_t>> RoundCache::rows_within(const RoundData& data, const std::string& unit) {
    // A draft's results read again are other rows: the key holds their version.
    const std::string key =
        std::to_string(data.record.id) + "|" + std::to_string(data.record.results_change_set) + "|" + unit;
    {
        std::lock_guard lock(mutex_);
        if (auto it = rows_in_scope_.find(key); it != rows_in_scope_.end()) return it->second;
    }
    auto rows = std::make_shared<std::vector<std::size_t>>();
    std::map<std::pair<std::string, std::string>, bool> memo;
    for (std::size_t i = 0; i < data.rows.size(); ++i) {
        const auto& r = data.rows[i];
        auto [it, inserted] = memo.try_emplace({r.unit_code, r.current_unit_code}, false);
        if (inserted) it->second = web_.scope.household_within({r.unit_code, r.current_unit_code}, unit);
        if (it->second) rows->push_back(i);
    }
    std::lock_guard lock(mutex_);
    // Another request may have computed the same rows meanwhile: the first kept stays, and every
    // caller holds its own reference while it reads.
    return rows_in_scope_.try_emplace(key, rows).first->second;
}

nlohmann::json RoundCache::round_json(const RoundData& data, const std::string& unit) {
    const auto& r = data.record;
    const auto rows = rows_within(data, unit);
    nlohmann::json by_class = nlohmann::json::object();
    for (int c = 0; c < kHouseholdClassCount; ++c) by_class[to_string(static_cast<HouseholdClass>(c))] = 0;
    for (std::size_t i : *rows)
        by_class[data.rows[i].household_class] = by_class[data.rows[i].household_class].get<long>() + 1;
    return {{"id", r.id},
            {"year", r.year},
            {"kind", r.kind},
            {"scope", r.scope},
            {"scope_name", web_.unit_name(r.scope)},
            {"reference_date", r.reference_date.iso()},
            {"standard", r.standard_id},
            {"status", r.status == store::RoundStatus::approved ? "approved" : "draft"},
            {"decision_date", r.decision_date ? nlohmann::json(r.decision_date->iso()) : nlohmann::json(nullptr)},
            {"created_at", r.created_at},
            {"households", rows->size()},
            {"by_class", by_class}};
}

std::shared_ptr<const RoundResultsView> RoundCache::results_view(std::optional<std::int64_t> id,
                                                                 const accounts::Session& s) {
    if (!id) {  // the latest round the user may see, preferring one that holds their whole unit
        const auto all = records();
        for (auto it = all->rbegin(); it != all->rend() && !id; ++it)
            if (it->scope.empty() || web_.scope.unit_within(s.user.unit_code, it->scope)) id = it->id;
        for (auto it = all->rbegin(); it != all->rend() && !id; ++it)
            if (web_.scope.round_visible(it->scope, s.user.unit_code)) id = it->id;
        if (!id) return nullptr;
    }
    return std::make_shared<RoundView>(visible(*id, s));
}

}  // namespace giamngheo::app
