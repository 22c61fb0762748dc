// Rounds as the web application reads them, kept in memory: an approved round is a snapshot whose
// results never change; a draft's record may change through other paths and processes (approved,
// households of it classified again: then its results are read again). With a live feed of
// rounds' changes (store::RoundChanges, PostgreSQL's LISTEN/NOTIFY) a draft's record and the list
// of rounds are kept until the feed's generation moves; without one, or while it is not live,
// they are read again on each use. The few rounds in use are kept; the first requests after a
// start wait for one load instead of each loading a million results. Thread-safe.
#pragma once

#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "modules/accounts/http/web_context.hpp"
#include "modules/registry/app/household_list.hpp"
#include "modules/review/ports/round_changes.hpp"
#include "modules/review/ports/round_store.hpp"

namespace giamngheo::app {

struct RoundData {
    store::RoundRecord record;
    std::vector<store::ResultRow> rows;
    std::unordered_map<std::string, std::size_t> by_household;
    std::vector<std::string> indicator_keys;
};

class RoundCache {
  public:
    // `changes`: nullptr when the store has no feed.
    RoundCache(accounts::WebContext& web, const store::RoundChanges* changes) : web_(web), changes_(changes) {}

    [[nodiscard]] std::shared_ptr<const RoundData> round(std::int64_t id);
    // The same, with the round's record as just read (a draft's is not read again).
    [[nodiscard]] std::shared_ptr<const RoundData> round(std::int64_t id, const store::RoundRecord& now);
    [[nodiscard]] store::RoundRecord record(std::int64_t id);
    // Every round, ordered by id (RoundStore::rounds); shared, as each holds its standard.
    [[nodiscard]] std::shared_ptr<const std::vector<store::RoundRecord>> records();
    // The round, 403 when it and the user's unit do not overlap.
    [[nodiscard]] std::shared_ptr<const RoundData> visible(std::int64_t id, const accounts::Session& s);
    // The round's record (as read now for a draft), 403 as visible() when the user may not see it.
    store::RoundRecord require_visible(std::int64_t id, const accounts::Session& s);
    // Forgets what depends on a round's record (its status changes when it is approved).
    void forget(std::int64_t id);
    // Indices of the round's rows within `unit` (empty: all), computed once per round and unit.
    [[nodiscard]] std::shared_ptr<const std::vector<std::size_t>> rows_within(const RoundData& data,
                                                                              const std::string& unit);
    [[nodiscard]] nlohmann::json round_json(const RoundData& data, const std::string& unit);
    // For the household list: round `id`, or the latest the user may see (one that holds their
    // whole unit first); nullptr when there is none.
    [[nodiscard]] std::shared_ptr<const RoundResultsView> results_view(std::optional<std::int64_t> id,
                                                                       const accounts::Session& s);

  private:
    std::shared_ptr<const RoundData> cached(std::int64_t id);
    // A record read at the feed's `generation` (nullopt: not live, never reused).
    struct Kept {
        store::RoundRecord record;
        std::optional<std::uint64_t> generation;
    };
    [[nodiscard]] bool fresh(const Kept& kept) const;
    accounts::WebContext& web_;
    const store::RoundChanges* changes_;
    std::mutex mutex_;
    std::mutex compute_mutex_;  // one load at a time
    std::list<std::shared_ptr<const RoundData>> rounds_;  // most recently used first
    std::map<std::int64_t, Kept> records_;
    std::shared_ptr<const std::vector<store::RoundRecord>> all_;
    std::optional<std::uint64_t> all_generation_;
    std::map<std::string, std::shared_ptr<const std::vector<std::size_t>>> rows_in_scope_;
};

}  // namespace giamngheo::app
