#include "modules/followup/cli/followup_commands.hpp"

#include <iostream>
#include <memory>

#include "kernel/errors.hpp"
#include "kernel/labels_vi.hpp"
#include "modules/followup/app/follow_up.hpp"

namespace giamngheo::cli {
namespace {

struct FollowUpOptions {
    std::string household, date, situation, support, note, unit;
};

// The stores and the use cases' dependencies for one command.
struct Session {
    explicit Session(const Context& c)
        : registry(c.open_store()), visits(store::open_follow_up_store(c.db)), deps{*registry, *visits, c.env.today} {}
    std::unique_ptr<store::Store> registry;
    std::unique_ptr<store::FollowUpStore> visits;
    app::FollowUpDeps deps;
};

const app::HouseholdWithin kEverywhere = [](const UnitRef&) { return true; };

Date date_arg(const std::string& text, const Date& today) {
    if (text.empty()) return today;
    auto date = parse_iso_date(text);
    if (!date) date = parse_vietnamese_date(text);
    if (!date) throw_invalid_input("--date: ngày \"" + text + "\" không hợp lệ (YYYY-MM-DD hoặc DD/MM/YYYY)", "date");
    return *date;
}

void print_visit(const followup::Visit& v) {
    std::cout << v.date.vietnamese() << "\t" << label_vi(followup::kSituationGroup, v.situation) << "\t" << v.visitor << "\t"
              << v.support << "\t" << v.note << "\n";
}

}  // namespace

void register_followup_commands(CLI::App& cli, Context& context) {
    auto* group = cli.add_subcommand("followup", "Follow-up of households that left poverty: visits and the list to follow");
    group->require_subcommand(1);
    auto options = std::make_shared<FollowUpOptions>();
    auto& o = *options;

    auto* visit = group->add_subcommand("visit", "Record a follow-up visit to a household");
    visit->add_option("--household", o.household, "Household id")->required();
    visit->add_option("--date", o.date, "Day of the visit, not after today (default: today)");
    visit->add_option("--situation", o.situation, "stable, at_risk or fell_back (data/vocabulary.json)")->required();
    visit->add_option("--support", o.support, "Support given or needed");
    visit->add_option("--note", o.note, "Note");
    visit->callback([&context, options] {
        Session s(context);
        followup::Visit v;
        v.household_id = options->household;
        v.date = date_arg(options->date, context.env.today);
        v.situation = options->situation;
        v.support = options->support;
        v.note = options->note;
        print_visit(app::record_visit(s.deps, v, kEverywhere, context.actor));
        throw CLI::Success();
    });

    auto* visits = group->add_subcommand("visits", "A household's follow-up visits, oldest first");
    visits->add_option("--household", o.household, "Household id")->required();
    visits->callback([&context, options] {
        Session s(context);
        for (const auto& v : app::household_visits(s.deps, options->household, kEverywhere)) print_visit(v);
        throw CLI::Success();
    });

    auto* list = group->add_subcommand("list", "The households of a unit to follow: last visit, days since, relapse");
    list->add_option("--unit", o.unit, "Unit code (any level)")->required();
    list->callback([&context, options] {
        Session s(context);
        const UnitCatalogue units = s.registry->load_units();
        const Placer placer(units, context.env.area_rules());
        const std::string unit = options->unit;
        const Date today = context.env.today;
        app::RoundSource source;
        source.covers = [&](const std::string& scope) { return scope.empty() || placer.unit_within(unit, scope, today); };
        source.overlaps = [&](const std::string& scope) { return placer.scopes_overlap(scope, unit, today); };
        source.rows = [&](const store::RoundRecord& record, const std::function<void(const store::ResultRow&)>& visit) {
            s.registry->for_each_round_result(record.id, [&](const store::ResultRow& row) {
                if (placer.in_scope({row.unit_code, row.current_unit_code}, unit, today)) visit(row);
            });
        };
        const auto result = app::follow_up_list(s.deps, source);
        if (!result.round) throw_not_found("chưa có kỳ rà soát nào đã phê duyệt bao trùm đơn vị " + unit);
        for (const auto& r : result.rows) {
            std::cout << r.household_id << "\t" << r.village << "\t" << r.head_name << "\t"
                      << label_vi("household_class", r.household_class) << "\t"
                      << (r.last_visit ? r.last_visit->date.vietnamese() + "\t" +
                                             label_vi(followup::kSituationGroup, r.last_visit->situation) + "\t" +
                                             std::to_string(*r.days_since_visit) + " ngày"
                                       : std::string("chưa thăm\t\t"))
                      << (r.relapsed ? "\tTÁI NGHÈO" : "") << "\n";
        }
        throw CLI::Success();
    });
}

}  // namespace giamngheo::cli
