// Persistence of implementation plans, in the same database as the registry (migration 2).
// A plan is identified by programme, unit and year; each save writes a new version of its
// document, and every write is atomic and recorded in change_sets with the actor and source.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "modules/plans/domain/plan.hpp"
#include "kernel/actor.hpp"

namespace giamngheo::store {

struct PlanKey {
    std::string programme;
    std::string unit_code;
    int year = 0;
};

struct PlanRecord {
    std::int64_t id = 0;
    PlanKey key;
    std::string unit_level;
    std::string title;
    std::int64_t version = 0;
    std::int64_t change_set = 0;
    std::string saved_at;  // ISO timestamp, UTC, of the change set
    std::string saved_by;
    std::int64_t budget_total_vnd = 0;  // lines of the plan's year
};

struct StoredPlan {
    PlanRecord record;
    Plan plan;
};

struct PlanVersion {
    std::int64_t version = 0;
    std::int64_t change_set = 0;
    std::string at;
    std::string user;
    std::string source;
    std::string action;
};

class PlanStore {
public:
    virtual ~PlanStore() = default;

    // Creates the plan or writes a new version when its content changed (an identical plan is
    // left alone and its current record returned). `expected_version`, when given, must be the
    // stored version (optimistic locking for editors); otherwise std::runtime_error.
    virtual PlanRecord save_plan(const Plan& plan, const Actor& actor, const std::string& action,
                                 std::optional<std::int64_t> expected_version = std::nullopt) = 0;
    [[nodiscard]] virtual std::optional<StoredPlan> load_plan(const PlanKey& key) = 0;
    [[nodiscard]] virtual std::optional<StoredPlan> load_plan_version(const PlanKey& key, std::int64_t version) = 0;
    // Plans ordered by year, unit code and programme; `unit_prefix` empty = all, `year` 0 = all.
    [[nodiscard]] virtual std::vector<PlanRecord> list_plans(int year, const std::string& unit_code) = 0;
    [[nodiscard]] virtual std::vector<PlanVersion> plan_history(const PlanKey& key) = 0;
};

}  // namespace giamngheo::store
