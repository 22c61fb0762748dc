// `giamngheo plan ...`: implementation plans on the command line. Each subcommand is a CLI11
// callback over a use case of app/plans.hpp. A callback ends the program through CLI11's
// exit exceptions: Success (status 0) or RuntimeError(kExitProblems) when the input had problems.
#include "modules/plans/cli/plan_commands.hpp"

#include <iostream>
#include <memory>

#include "modules/plans/app/plans.hpp"
#include "modules/plans/app/public_investment.hpp"
#include "platform/table.hpp"
#include "kernel/format_vi.hpp"
#include "platform/xlsx.hpp"
#include "kernel/errors.hpp"

namespace giamngheo::cli {
namespace {

constexpr const char* kDefaultProgramme = "ntp-2021-2025";
constexpr double kPercent = 100.0;

struct PlanOptions {
    std::string programme = kDefaultProgramme;
    std::string unit;
    int year = 0;
    std::string file;
    std::string out;
    bool dry_run = false;
    std::optional<int> budget_year;
    std::string as_of;
    std::string node, source, date;
    std::optional<std::int64_t> amount_vnd;
    std::optional<double> percent;
    std::string note;
    std::size_t target = 0;
    double value = 0;
    bool change = false;
};

store::PlanKey key_of(const PlanOptions& o) { return {o.programme, o.unit, o.year}; }

void add_key_options(CLI::App* command, PlanOptions& o) {
    command->add_option("--unit", o.unit, "GSO code of the plan's unit (commune, district or province)")->required();
    command->add_option("--year", o.year, "Plan year")->required();
    command->add_option("--programme", o.programme, "Programme id (data/programmes)")->capture_default_str();
}

Date parse_date(const std::string& text, const char* option) {
    const auto date = parse_iso_date(text);
    if (!date) throw_invalid_input(std::string(option) + ": ngày \"" + text + "\" không hợp lệ; cần YYYY-MM-DD");
    return *date;
}

// Prints findings; returns whether any is an error.
bool print_findings(const std::vector<Finding>& findings) {
    for (const auto& f : findings)
        std::cout << upper_vi(vietnamese_name(f.severity)) << "\t" << f.code << "\t" << f.subject << "\t"
                  << f.message << "\n";
    return app::has_errors(findings);
}

void write_table_output(const std::string& path, const io::Table& table) {
    if (path.empty() || path == "-")
        std::cout << io::to_csv(table);
    else
        io::write_table(path, table);
}

[[noreturn]] void finish(bool problems) {
    if (problems) throw CLI::RuntimeError(kExitProblems);
    throw CLI::Success();
}

std::string percent_text(std::optional<double> rate) {
    return rate ? format_decimal_vi(*rate * kPercent, 2) + "%" : "chưa báo cáo";
}

}  // namespace

void register_plan_commands(CLI::App& cli, Context& context) {
    auto options = std::make_shared<PlanOptions>();
    PlanOptions& o = *options;
    auto* plan = cli.add_subcommand("plan", "Implementation plans: import, check, disbursement, targets, DOCX and XLSX");
    plan->require_subcommand(1);

    auto* import = plan->add_subcommand("import", "Import a plan (JSON); checked, stored as a new version");
    import->add_option("FILE", o.file, "Plan JSON (format of modules/plans/tests/fixtures)")->required()->check(CLI::ExistingFile);
    import->add_flag("--dry-run", o.dry_run, "Check and report, write nothing");
    import->callback([options, &context] {
        auto plans = context.open_plan_store();
        const UnitCatalogue units = context.open_store()->load_units();
        const auto result = app::import_plan(*plans, context.env, options->file, options->dry_run, context.actor, &units);
        const bool errors = print_findings(result.findings);
        if (result.written)
            std::cerr << "Đã lưu kế hoạch " << result.record.key.unit_code << " năm " << result.record.key.year
                      << ", phiên bản " << result.record.version << " (tổng kinh phí năm "
                      << format_million_vnd(result.record.budget_total_vnd) << ")\n";
        else if (errors)
            std::cerr << "Kế hoạch có lỗi; không có dữ liệu nào được ghi.\n";
        else
            std::cerr << "Kiểm tra xong (chạy thử, không ghi dữ liệu)\n";
        finish(errors);
    });

    auto* list = plan->add_subcommand("list", "List stored plans");
    list->add_option("--year", o.year, "Only this year");
    list->add_option("--unit", o.unit, "Only this unit");
    list->callback([options, &context] {
        auto plans = context.open_plan_store();
        for (const auto& r : plans->list_plans(options->year, options->unit))
            std::cout << r.key.unit_code << "\t" << r.key.year << "\t" << r.key.programme << "\t" << r.unit_level << "\t"
                      << "v" << r.version << "\t" << format_million_vnd(r.budget_total_vnd) << "\t" << r.title << "\n";
        finish(false);
    });

    auto* check = plan->add_subcommand("check", "Check a stored plan (totals, counterpart, caps, deadlines, targets, units)");
    add_key_options(check, o);
    check->callback([options, &context] {
        auto plans = context.open_plan_store();
        auto registry = context.open_store();
        const auto findings = app::check_stored_plan(*plans, *registry, context.env, key_of(*options));
        const bool errors = print_findings(findings);
        // The counterpart rules applied, met or not: base, share, rounding, minimum amount.
        const auto view = app::plan_budget_view(*plans, *registry, context.env, key_of(*options));
        for (const auto& c : view.counterpart)
            std::cout << "ĐỐI ỨNG\t" << (c.met ? "đạt" : "thiếu") << "\t" << c.rule << "\t" << c.text << "\n";
        std::cerr << findings.size() << " phát hiện\n";
        finish(errors);
    });

    auto* disbursement = plan->add_subcommand("disbursement", "Disbursement rates by node, source and in total");
    add_key_options(disbursement, o);
    disbursement->add_option("--budget-year", o.budget_year, "Budget year (default: the plan's year)");
    disbursement->add_option("--as-of", o.as_of, "Count entries up to this date YYYY-MM-DD (default: today)");
    disbursement->add_option("--out", o.out, "Write the table (.csv or .xlsx) instead of the summary");
    disbursement->callback([options, &context] {
        auto plans = context.open_plan_store();
        const Date as_of = options->as_of.empty() ? context.env.today : parse_date(options->as_of, "--as-of");
        const auto report = app::plan_disbursement(*plans, context.env, key_of(*options), options->budget_year, as_of);
        if (!options->out.empty()) {
            write_table_output(options->out, app::disbursement_table(report));
            finish(false);
        }
        const auto line = [](const DisbursementRow& row) {
            std::cout << row.name << "\tgiao " << format_million_vnd(row.allocated_vnd) << "\tđã giải ngân "
                      << format_million_vnd(row.disbursed_vnd) << "\t" << percent_text(row.rate());
            if (row.unreported_vnd > 0) std::cout << "\t(chưa báo cáo " << format_million_vnd(row.unreported_vnd) << ")";
            if (row.not_allocated_vnd > 0)
                std::cout << "\t(đề nghị, chưa giao " << format_million_vnd(row.not_allocated_vnd) << ")";
            std::cout << "\n";
        };
        std::cout << "Theo dự án, tiểu dự án (năm " << report.budget_year << "):\n";
        for (const auto& row : report.by_node) line(row);
        std::cout << "Theo nguồn vốn:\n";
        for (const auto& row : report.by_source) line(row);
        std::cout << "Tổng:\n";
        line(report.total);
        finish(false);
    });

    auto* targets = plan->add_subcommand("targets", "Targets with actual values (review, entered or printed), progress, status");
    add_key_options(targets, o);
    targets->add_option("--out", o.out, "Output file (.csv or .xlsx; default: standard output)");
    targets->callback([options, &context] {
        auto plans = context.open_plan_store();
        auto registry = context.open_store();
        write_table_output(options->out, app::targets_table(app::plan_targets(*plans, *registry, context.env, key_of(*options))));
        finish(false);
    });

    auto* situation = plan->add_subcommand(
        "situation", "The unit's current situation for a plan of --year, from the latest approved earlier review");
    situation->add_option("--unit", o.unit, "GSO code of the unit")->required();
    situation->add_option("--year", o.year, "Plan year")->required();
    situation->callback([options, &context] {
        auto registry = context.open_store();
        const auto found = app::registry_situation(*registry, options->unit, options->year);
        if (!found) throw_not_found("chưa có kỳ rà soát đã phê duyệt nào trước năm " +
                                             std::to_string(options->year) + " có hộ của đơn vị " + options->unit);
        std::cout << "Nguồn: " << found->source << "\n";
        for (const auto& f : found->figures)
            std::cout << f.indicator << ": " << (f.unit == "percent" ? format_decimal_vi(f.value, 2) + "%" : format_integer_vi(static_cast<std::int64_t>(f.value))) << "\n";
        std::cout << "Nguyên nhân nghèo chủ yếu (chỉ số thiếu hụt nhiều nhất ở hộ nghèo):\n";
        for (const auto& cause : found->causes_of_poverty) std::cout << "  - " << cause << "\n";
        finish(false);
    });

    auto* actual = plan->add_subcommand("actual", "Enter the actual value of a target");
    add_key_options(actual, o);
    actual->add_option("--target", o.target, "Target number, 1-based, as `plan targets` lists them")->required()
        ->check(CLI::PositiveNumber);
    actual->add_option("--value", o.value, "Actual value (percent as printed, e.g. 4.39)")->required();
    actual->add_flag("--change", o.change, "The value is the change reached (-300: 300 households fewer), not the level");
    actual->callback([options, &context] {
        auto plans = context.open_plan_store();
        context.actor.source = "plan actual";
        const auto record = app::enter_target_actual(*plans, key_of(*options), options->target - 1, options->value,
                                                     context.actor, options->change);
        std::cerr << "Đã ghi, phiên bản " << record.version << "\n";
        finish(false);
    });

    auto* disburse = plan->add_subcommand("disburse", "Record a disbursement (amount with its date, or a percentage)");
    add_key_options(disburse, o);
    disburse->add_option("--node", o.node, "Node key, e.g. DA2 or DA3.TDA1")->required();
    disburse->add_option("--source", o.source, "Funding source key (default: all sources of the node)");
    disburse->add_option("--budget-year", o.budget_year, "Budget year of the lines (default: the plan's year)");
    disburse->add_option("--date", o.date, "Date of the payment YYYY-MM-DD");
    auto* amount = disburse->add_option("--amount-vnd", o.amount_vnd, "Amount paid, whole VND");
    disburse->add_option("--percent", o.percent, "Share of the allocation paid, in percent")->excludes(amount);
    disburse->add_option("--note", o.note, "Note");
    disburse->callback([options, &context] {
        auto plans = context.open_plan_store();
        Disbursement entry;
        entry.node = options->node;
        entry.source = options->source;
        entry.budget_year = options->budget_year.value_or(options->year);
        if (!options->date.empty()) entry.date = parse_date(options->date, "--date");
        entry.amount_vnd = options->amount_vnd;
        entry.percent = options->percent;
        entry.note = options->note;
        context.actor.source = "plan disburse";
        const auto result = app::add_disbursement(*plans, context.env, key_of(*options), entry, context.actor);
        const bool errors = print_findings(result.findings);
        if (errors)
            std::cerr << "Không ghi giải ngân.\n";
        else
            std::cerr << "Đã ghi giải ngân, phiên bản " << result.record.version << "\n";
        finish(errors);
    });

    auto* docx = plan->add_subcommand("export-docx", "Write the plan as an official document (DOCX, Decree 30/2020/NĐ-CP)");
    add_key_options(docx, o);
    docx->add_option("--out", o.out, "Output .docx")->required();
    docx->callback([options, &context] {
        auto plans = context.open_plan_store();
        app::export_plan_docx(*plans, context.env, key_of(*options), options->out);
        std::cerr << "Đã ghi " << options->out << "\n";
        finish(false);
    });

    auto* budget_out = plan->add_subcommand("export-budget", "Write the budget lines and summary as XLSX");
    add_key_options(budget_out, o);
    budget_out->add_option("--out", o.out, "Output .xlsx")->required();
    budget_out->callback([options, &context] {
        auto plans = context.open_plan_store();
        app::export_budget_xlsx(*plans, context.env, key_of(*options), options->out);
        std::cerr << "Đã ghi " << options->out << "\n";
        finish(false);
    });

    auto* budget_in = plan->add_subcommand("import-budget", "Replace the plan's budget lines from XLSX or CSV; all or nothing");
    add_key_options(budget_in, o);
    budget_in->add_option("FILE", o.file, "Budget lines (.xlsx first sheet, or .csv)")->required()->check(CLI::ExistingFile);
    budget_in->add_flag("--dry-run", o.dry_run, "Check and report, write nothing");
    budget_in->callback([options, &context] {
        auto plans = context.open_plan_store();
        const auto result = app::import_budget(*plans, context.env, key_of(*options), options->file, options->dry_run,
                                               context.actor);
        for (const auto& p : result.problems) std::cerr << io::format_problem(p) << "\n";
        const bool errors = print_findings(result.findings);
        if (!result.problems.empty()) {
            std::cerr << "import-budget: " << result.problems.size() << " lỗi; không có dữ liệu nào được ghi.\n";
            finish(true);
        }
        if (result.written)
            std::cerr << "Đã thay " << result.lines << " dòng kinh phí\n";
        else if (options->dry_run)
            std::cerr << "Kiểm tra xong: " << result.lines << " dòng (chạy thử, không ghi dữ liệu)\n";
        else
            std::cerr << "Bảng kinh phí gây lỗi mới; không có dữ liệu nào được ghi.\n";
        finish(!result.written && (errors || !options->dry_run));
    });

    auto* investment_out = plan->add_subcommand(
        "export-public-investment",
        "Write the public-investment plan of the next year (results of the plan's year, the next year's requests) as XLSX or DOCX");
    add_key_options(investment_out, o);
    investment_out->add_option("--out", o.out, "Output .xlsx (to fill in and import) or .docx")->required();
    investment_out->callback([options, &context] {
        auto plans = context.open_plan_store();
        const bool docx = options->out.ends_with(".docx");
        if (!docx && !options->out.ends_with(".xlsx")) throw_invalid_input("--out: cần tệp .xlsx hoặc .docx");
        if (docx) app::export_public_investment_docx(*plans, context.env, key_of(*options), options->out);
        else app::export_public_investment_xlsx(*plans, context.env, key_of(*options), options->out);
        const auto view = app::public_investment_view(*plans, context.env, key_of(*options));
        const bool errors = print_findings(view.findings);
        std::cerr << "Đã ghi " << options->out << "\n";
        finish(errors);
    });

    auto* investment_in = plan->add_subcommand(
        "import-public-investment",
        "Read back a filled public-investment XLSX into the same plan (disbursement by mid-year, estimates, next year's requests); all or nothing");
    add_key_options(investment_in, o);
    investment_in->add_option("FILE", o.file, "The XLSX written by export-public-investment")->required()->check(CLI::ExistingFile);
    investment_in->add_flag("--dry-run", o.dry_run, "Check and report, write nothing");
    investment_in->callback([options, &context] {
        auto plans = context.open_plan_store();
        const auto result = app::import_public_investment(*plans, context.env, key_of(*options), io::read_file(options->file),
                                                          options->file, options->dry_run, context.actor);
        for (const auto& p : result.problems) std::cerr << io::format_problem(p) << "\n";
        const bool errors = print_findings(result.findings);
        if (!result.problems.empty()) {
            std::cerr << "import-public-investment: " << result.problems.size() << " lỗi; không có dữ liệu nào được ghi.\n";
            finish(true);
        }
        if (result.written)
            std::cerr << "Đã ghi " << result.changes << " ô thay đổi vào kế hoạch\n";
        else if (options->dry_run)
            std::cerr << "Kiểm tra xong: " << result.rows << " dòng, " << result.changes << " ô thay đổi (chạy thử, không ghi dữ liệu)\n";
        else if (result.changes == 0)
            std::cerr << "Biểu không khác kế hoạch; không có gì để ghi.\n";
        else
            std::cerr << "Biểu gây lỗi mới; không có dữ liệu nào được ghi.\n";
        finish(!result.written && (errors || (!options->dry_run && result.changes > 0)));
    });
}

}  // namespace giamngheo::cli
