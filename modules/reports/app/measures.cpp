#include "modules/reports/app/measures.hpp"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <tuple>

#include "kernel/placement.hpp"
#include "modules/plans/app/plans.hpp"
#include "modules/reports/app/regular_figures.hpp"
#include "modules/statistics/app/statistics.hpp"

namespace giamngheo::app {
namespace {

const char* const kCountColumns[] = {"households", "members", "poor", "near_poor", "average", "above_average", "unclassified"};

// The row of `unit` in a statistics table, or the ALL row for the nation.
const std::vector<std::string>* row_of(const io::Table& table, const std::string& unit) {
    const std::string key = unit.empty() ? "ALL" : unit;
    for (const auto& row : table.rows)
        if (!row.empty() && row[0] == key) return &row;
    return nullptr;
}

void add_columns(const io::Table& table, const std::string& unit, const std::string& prefix,
                 const std::vector<std::string>& columns, std::map<std::string, double>& out) {
    const auto* row = row_of(table, unit);
    if (!row) {
        if (!unit.empty()) return;
        // A table without an ALL row (transitions): the nation is the sum of its units.
        for (const auto& r : table.rows)
            for (std::size_t c = 0; c < table.header.size() && c < r.size(); ++c)
                if (std::find(columns.begin(), columns.end(), table.header[c]) != columns.end())
                    out[prefix + table.header[c]] += std::atof(r[c].c_str());
        return;
    }
    for (std::size_t c = 0; c < table.header.size() && c < row->size(); ++c)
        if (std::find(columns.begin(), columns.end(), table.header[c]) != columns.end())
            out[prefix + table.header[c]] = std::atof((*row)[c].c_str());
}

std::vector<std::string> numeric_columns(const io::Table& table) {
    std::vector<std::string> out;
    for (const auto& h : table.header)
        if (h != "unit_code" && h != "unit_name" && h != "level") out.push_back(h);
    return out;
}

UnitLevel stats_level(const ReportUnit& unit) {
    UnitLevel level = UnitLevel::province;
    if (!unit.level.empty() && unit.level != "national") (void)parse_unit_level(unit.level, level);
    return level;
}

}  // namespace

class FigureCache {
  public:
    using Key = std::tuple<std::string, std::int64_t, std::int64_t, int, int>;  // kind, round or generation, date, level, map

    std::shared_ptr<const StatsResult> get(const Key& key, const std::function<StatsResult()>& compute) {
        {
            std::lock_guard lock(mutex_);
            for (auto it = entries_.begin(); it != entries_.end(); ++it)
                if (it->first == key) {
                    entries_.splice(entries_.begin(), entries_, it);
                    return it->second;
                }
        }
        // Computed outside the lock: a second request for the same figures computes them again
        // rather than wait behind the first.
        auto value = std::make_shared<const StatsResult>(compute());
        std::lock_guard lock(mutex_);
        entries_.emplace_front(key, value);
        if (entries_.size() > kEntries) entries_.pop_back();
        return value;
    }

  private:
    static constexpr std::size_t kEntries = 16;
    std::mutex mutex_;
    std::list<std::pair<Key, std::shared_ptr<const StatsResult>>> entries_;
};

std::shared_ptr<FigureCache> make_figure_cache() { return std::make_shared<FigureCache>(); }

namespace {

class StoreMeasures final : public MeasureSource {
  public:
    StoreMeasures(store::Store& registry, store::PlanStore& plans, store::ProcedureStore* procedure,
                  const UnitCatalogue& units, const Environment& env, const Date& today, std::shared_ptr<FigureCache> cache)
        : registry_(registry), plans_(plans), procedure_(procedure), placer_(units, env.area_rules()), env_(env),
          today_(today), cache_(std::move(cache)) {}

    Measures measures(const ReportUnit& unit, const reports::ReportPeriod& period, UnitMap map,
                      const std::string& programme, const std::set<std::string>& families) override {
        Measures out;
        if (families.count("review") || families.count("review_previous")) add_review(unit, period, map, out);
        if (families.count("registry")) add_registry(unit, period, map, out);
        if (families.count("plan") && !programme.empty()) add_plan(unit, period, programme, out);
        if (families.count("regular") && procedure_) add_regular(unit, period, out);
        return out;
    }

  private:
    // Approved periodic rounds that cover the unit, with a reference date by the period's end; latest last.
    std::vector<store::RoundRecord> covering_rounds(const ReportUnit& unit, const reports::ReportPeriod& period) {
        std::vector<store::RoundRecord> out;
        for (const auto& r : approved_rounds()) {
            if (r.kind != "periodic" || period.end() < r.reference_date) continue;
            if (!r.scope.empty() && (unit.code.empty() || !placer_.unit_within(unit.code, r.scope, r.reference_date))) continue;
            out.push_back(r);
        }
        std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.reference_date < b.reference_date; });
        return out;
    }

    std::shared_ptr<const StatsResult> round_stats(std::int64_t round, UnitLevel level, UnitMap map) {
        return cache_->get({"round", round, 0, static_cast<int>(level), static_cast<int>(map)}, [&] {
            StatsRequest request;
            request.round_id = round;
            request.level = level;
            request.map = map;
            return round_statistics(registry_, env_, request);
        });
    }

    void add_round(const store::RoundRecord& round, const ReportUnit& unit, UnitMap map, const std::string& prefix,
                   Measures& out) {
        const auto stats_ptr = round_stats(round.id, stats_level(unit), map);
        const StatsResult& stats = *stats_ptr;
        add_columns(stats.table, unit.code, prefix,
                    std::vector<std::string>(std::begin(kCountColumns), std::end(kCountColumns)), out.values);
        // A transition no household made is 0, not unknown, once a round exists.
        for (const auto& label : numeric_columns(stats.transitions)) out.values[prefix + label] = 0;
        add_columns(stats.transitions, unit.code, prefix, numeric_columns(stats.transitions), out.values);
        out.sources_vi.push_back((prefix == "review." ? "Kỳ rà soát năm " : "Kỳ rà soát trước: năm ") +
                                 std::to_string(round.year) + ", phê duyệt " +
                                 (round.decision_date ? round.decision_date->vietnamese() : std::string("—")));
    }

    void add_review(const ReportUnit& unit, const reports::ReportPeriod& period, UnitMap map, Measures& out) {
        const auto rounds = covering_rounds(unit, period);
        if (rounds.empty()) {
            out.sources_vi.push_back("Chưa có kỳ rà soát định kỳ nào đã phê duyệt trước khi kết thúc kỳ báo cáo");
            return;
        }
        add_round(rounds.back(), unit, map, "review.", out);
        if (rounds.size() > 1) add_round(rounds[rounds.size() - 2], unit, map, "review_previous.", out);
    }

    void add_registry(const ReportUnit& unit, const reports::ReportPeriod& period, UnitMap map, Measures& out) {
        const Date at = std::min(period.end(), today_);
        const std::string standard = standard_at(at);
        const auto live = cache_->get({"live:" + standard, registry_.registry_generation(), at.days_since_epoch(),
                                       static_cast<int>(stats_level(unit)), static_cast<int>(map)},
                                      [&] {
                                          LiveStatsRequest request;
                                          request.request.level = stats_level(unit);
                                          request.request.map = map;
                                          request.standard = standard;
                                          request.reference_date = at;
                                          request.year = at.year;
                                          return live_statistics(registry_, env_, request);
                                      });
        add_columns(live->table, unit.code, "registry.", {"households", "members", "poor", "near_poor"}, out.values);
        out.sources_vi.push_back("Sổ hộ hiện tại, phân loại theo chuẩn " + standard + " tại ngày " + at.vietnamese());
    }

    // The standard of the latest approved round by `at`; the 2022 standard before any.
    std::string standard_at(const Date& at) {
        std::string standard = "vn-2022";
        Date latest;
        for (const auto& r : approved_rounds())
            if (!(at < r.reference_date) && latest < r.reference_date) latest = r.reference_date, standard = r.standard_id;
        return standard;
    }

    // The approved rounds, read once for the life of the object (one request or command).
    const std::vector<store::RoundRecord>& approved_rounds() {
        if (!approved_rounds_) {
            approved_rounds_.emplace();
            for (auto& r : registry_.rounds())
                if (r.status == store::RoundStatus::approved) approved_rounds_->push_back(std::move(r));
        }
        return *approved_rounds_;
    }

    void add_plan(const ReportUnit& unit, const reports::ReportPeriod& period, const std::string& programme, Measures& out) {
        const store::PlanKey key{programme, unit.code, period.year};
        const auto stored = plans_.load_plan(key);
        if (!stored) {
            out.sources_vi.push_back("Chưa có kế hoạch năm " + std::to_string(period.year) + " của đơn vị");
            return;
        }
        // The plan's own targets for the unit as a whole this year, and what was entered as reached.
        for (const auto& t : stored->plan.targets) {
            if (t.kind != "target" || t.year != period.year || !t.population.empty() ||
                (!t.unit_code.empty() && t.unit_code != unit.code))
                continue;
            if (t.target && t.target->value) out.values["plan.target." + t.indicator] = *t.target->value;
            if (t.actual) out.values["plan.actual." + t.indicator] = *t.actual;
        }
        const DisbursementReport report = plan_disbursement(plans_, env_, key, period.year, std::min(period.end(), today_));
        out.values["plan.allocated"] = static_cast<double>(report.total.allocated_vnd);
        out.values["plan.disbursed"] = static_cast<double>(report.total.disbursed_vnd);
        for (const auto& row : report.by_node)
            for (std::string node = row.key;;) {  // a sub-project counts in its project too
                out.values["plan.allocated." + node] += static_cast<double>(row.allocated_vnd);
                out.values["plan.disbursed." + node] += static_cast<double>(row.disbursed_vnd);
                const auto dot = node.rfind('.');
                if (dot == std::string::npos) break;
                node.resize(dot);
            }
        out.sources_vi.push_back("Kế hoạch năm " + std::to_string(period.year) + " của đơn vị (vốn giao, giải ngân đến " +
                                 std::min(period.end(), today_).vietnamese() + ")");
    }

    // The requests of the period and the regular rounds decided in it (one household each).
    void add_regular(const ReportUnit& unit, const reports::ReportPeriod& period, Measures& out) {
        const Date start = period.start(), end = period.end();
        std::vector<RegularDecision> decisions;
        for (const auto& r : approved_rounds()) {
            if (r.kind != "regular" || !r.decision_date || *r.decision_date < start || end < *r.decision_date) continue;
            registry_.for_each_round_result(r.id, [&](const store::ResultRow& row) {
                decisions.push_back({*r.decision_date, row.unit_code, row.household_class, row.transition});
            });
        }
        const auto within = [&](const std::string& code) {
            return unit.code.empty() || placer_.unit_within(code, unit.code, end);
        };
        add_regular_figures(procedure_->requests(), decisions, within, period, today_, out.values);
        out.sources_vi.push_back("Đơn đề nghị và quyết định rà soát thường xuyên từ " + start.vietnamese() + " đến " +
                                 end.vietnamese());
    }

    store::Store& registry_;
    store::PlanStore& plans_;
    store::ProcedureStore* procedure_;
    Placer placer_;
    std::optional<std::vector<store::RoundRecord>> approved_rounds_;
    const Environment& env_;
    Date today_;
    std::shared_ptr<FigureCache> cache_;
};

}  // namespace

std::unique_ptr<MeasureSource> store_measures(store::Store& registry, store::PlanStore& plans, store::ProcedureStore* procedure,
                                              const UnitCatalogue& units, const Environment& env, const Date& today,
                                              std::shared_ptr<FigureCache> cache) {
    return std::make_unique<StoreMeasures>(registry, plans, procedure, units, env, today, std::move(cache));
}

}  // namespace giamngheo::app
