#include "modules/reports/cli/report_commands.hpp"

#include <filesystem>
#include <iostream>
#include <unistd.h>
#include <memory>

#include "kernel/errors.hpp"
#include "kernel/format_vi.hpp"
#include "kernel/labels_vi.hpp"
#include "modules/reports/app/board.hpp"
#include "modules/reports/documents/report_docx.hpp"
#include "modules/reports/documents/report_sheet.hpp"
#include "platform/pdf.hpp"
#include "platform/printed_sheet.hpp"
#include "platform/table.hpp"

namespace giamngheo::cli {
namespace {

struct ReportOptions {
    std::string form, period, unit, as, action, reason, out;
    std::vector<std::string> set;
    bool late = false;
    bool all = false;
    bool dry_run = false;
};

// The stores and the use cases' dependencies for one command.
struct Session {
    explicit Session(const Context& c)
        : catalogue(app::ReportCatalogue::load(c.env)),
          registry(c.open_store()),
          plans(c.open_plan_store()),
          reports(c.open_report_store()),
          procedure(store::open_procedure_store(c.db)),
          units(registry->load_units()),
          measures(app::store_measures(*registry, *plans, procedure.get(), units, c.env, c.env.today,
                                       app::make_figure_cache())),
          deps{catalogue, units, *reports, *measures, c.env.today} {}
    app::ReportCatalogue catalogue;
    std::unique_ptr<store::Store> registry;
    std::unique_ptr<store::PlanStore> plans;
    std::unique_ptr<store::ReportStore> reports;
    std::unique_ptr<store::ProcedureStore> procedure;
    UnitCatalogue units;
    std::unique_ptr<app::MeasureSource> measures;
    app::ReportDeps deps;

    // The version the command line writes over: the stored one (it acts on what is there now).
    [[nodiscard]] std::int64_t version_of(const store::ReportKey& key) const {
        const auto current = reports->load_report(key);
        return current ? current->status.version : 0;
    }
};

std::string unit_arg(const std::string& code) { return code == "VN" ? std::string() : code; }

store::ReportKey key_of(const ReportOptions& o) { return {o.form, o.period, unit_arg(o.unit)}; }

void add_key(CLI::App* command, ReportOptions& o) {
    command->add_option("form", o.form, "Form code (giamngheo report forms)")->required();
    command->add_option("period", o.period, "Period: 2026, 2026-H1 or 2026-05")->required();
    command->add_option("unit", o.unit, "Unit code (VN for the nation)")->required();
}

void add_as(CLI::App* command, ReportOptions& o) {
    command->add_option("--as", o.as, "The unit you act for (default: the report's own unit; VN for the nation)");
}

// One line a finding: its importance, rule, cells and message.
void print_findings(const std::vector<reports::Finding>& findings) {
    for (const auto& f : findings) {
        std::string cells;
        for (const auto& c : f.cells) cells += (cells.empty() ? "" : ", ") + c;
        std::cout << (f.importance == reports::Importance::error ? "LỖI" : "CẢNH BÁO") << "\t" << f.rule << "\t" << cells
                  << "\t" << f.message_vi << "\n";
    }
}

void print_view(const app::ReportView& v) {
    const reports::ReportForm& form = *v.form;
    std::cout << form.short_vi << " — " << v.unit.name << " — " << v.period.label_vi() << "\n"
              << "Trạng thái: " << label_vi("report_state", reports::to_string(v.state)) << " (phiên bản " << v.version << ")";
    if (v.deadline) std::cout << "; hạn gửi " << v.deadline->date.vietnamese();
    std::cout << "\n";
    for (const auto& s : v.sources_vi) std::cout << "Nguồn: " << s << "\n";
    for (const auto& section : form.sections) {
        std::cout << section.title_vi << "\n";
        for (const auto& row : section.rows)
            for (const auto& [column, spec] : row.cells) {
                const auto it = v.cells.find(spec.id);
                const reports::CellValue value = it == v.cells.end() ? reports::CellValue{} : it->second.value;
                std::cout << "  " << spec.id << "\t" << reports::to_string(spec.kind) << "\t"
                          << app::printed_cell(form, spec, value) << "\t" << form.cell_label(spec.id) << "\n";
            }
    }
    print_findings(v.findings);
    if (!v.modified.empty()) std::cout << "Đã thay đổi sau khi gửi/duyệt: " << v.modified.size() << " ô\n";
    if (v.below && !v.below->pending.empty())
        std::cout << "Đơn vị cấp dưới chưa duyệt: " << v.below->pending.size() << "/" << v.below->expected << "\n";
}

reports::CellValues parse_sets(const std::vector<std::string>& sets) {
    reports::CellValues out;
    for (const auto& s : sets) {
        const auto eq = s.find('=');
        if (eq == std::string::npos) throw_invalid_input("--set cần dạng dòng.cột=giá trị, không phải \"" + s + "\"");
        const std::string id = s.substr(0, eq), text = s.substr(eq + 1);
        reports::CellValue value;
        if (const auto number = parse_integer_vi(text)) value.number = static_cast<double>(*number);
        else if (!text.empty()) {
            char* end = nullptr;
            const double d = std::strtod(text.c_str(), &end);
            if (end && *end == '\0') value.number = d;
            else value.text = text;
        }
        out[id] = value;
    }
    return out;
}

}  // namespace

void register_report_commands(CLI::App& cli, Context& context) {
    auto* group = cli.add_subcommand("report", "Reports (Circular 10/2022): forms, fill, submit, approve, board, XLSX");
    group->require_subcommand(1);
    auto options = std::make_shared<ReportOptions>();
    auto& o = *options;

    group->add_subcommand("forms", "List the report forms")->callback([&context] {
        for (const auto& f : app::ReportCatalogue::load(context.env).forms) {
            std::cout << f.code << "\t" << f.short_vi << "\t";
            for (const auto& k : f.period_kinds) std::cout << k << " ";
            std::cout << "\t" << (f.provisional ? "tạm tính" : "") << "\t" << f.legal_source_vi << "\n";
        }
        throw CLI::Success();
    });

    auto* show = group->add_subcommand("show", "Show a report with every cell, its checks and state");
    add_key(show, o);
    add_as(show, o);
    show->callback([&context, options] {
        Session s(context);
        print_view(app::open_report(s.deps, key_of(*options), options->as.empty() ? unit_arg(options->unit) : unit_arg(options->as)));
        throw CLI::Success();
    });

    auto* validate = group->add_subcommand("validate", "Check a report against its form's rules (exit status 3 when an error is found)");
    add_key(validate, o);
    validate->callback([&context, options] {
        Session s(context);
        const auto view = app::open_report(s.deps, key_of(*options), unit_arg(options->unit));
        print_findings(view.findings);
        if (reports::has_errors(view.findings)) throw CLI::RuntimeError(kExitProblems);
        std::cout << "Không có lỗi" << (view.findings.empty() ? "" : " (có cảnh báo)") << "\n";
        throw CLI::Success();
    });

    auto* fill = group->add_subcommand("fill", "Save entered values as a draft (--set row.column=value ...)");
    add_key(fill, o);
    fill->add_option("--set", o.set, "row.column=value (repeatable)")->required();
    fill->callback([&context, options] {
        Session s(context);
        const auto key = key_of(*options);
        print_view(app::save_report(s.deps, key, parse_sets(options->set), s.version_of(key), key.unit_code, context.actor));
        throw CLI::Success();
    });

    auto* act = group->add_subcommand("act", "A workflow step: complete, submit, approve, accept, send-back, not-reporting");
    add_key(act, o);
    act->add_option("action", o.action, "complete | submit | approve | accept | send-back | not-reporting")->required();
    act->add_option("--reason", o.reason, "Why (required to send back or mark as not reporting)");
    add_as(act, o);
    act->callback([&context, options] {
        Session s(context);
        const auto key = key_of(*options);
        reports::ReportAction action = reports::ReportAction::save;
        if (!reports::parse_report_action(options->action, action) || action == reports::ReportAction::save)
            throw_invalid_input("thao tác \"" + options->action + "\" không có");
        const std::string as = options->as.empty() ? key.unit_code : unit_arg(options->as);
        print_view(app::act_on_report(s.deps, key, action, options->reason, s.version_of(key), as, context.actor));
        throw CLI::Success();
    });

    auto* import = group->add_subcommand("import", "Read the entered cells of a report filled in Excel (the layout of export); all or nothing");
    add_key(import, o);
    import->add_option("--file", o.out, "The filled .xlsx")->required()->check(CLI::ExistingFile);
    import->add_flag("--dry-run", o.dry_run, "Only check the file; write nothing");
    import->callback([&context, options] {
        Session s(context);
        const auto key = key_of(*options);
        const auto imported = app::import_report_sheet(s.deps, key, io::read_file(options->out), options->out,
                                                       options->dry_run, s.version_of(key), key.unit_code, context.actor);
        for (const auto& p : imported.problems) std::cerr << io::format_problem(p) << "\n";
        if (!imported.problems.empty()) throw CLI::RuntimeError(kExitProblems);
        std::cout << imported.cells << " ô đã đọc" << (imported.written ? ", đã lưu" : " (chạy thử, chưa lưu)") << "\n";
        if (imported.view) print_view(*imported.view);
        throw CLI::Success();
    });

    auto* board = group->add_subcommand("board", "Status board of the units below (or --out board.xlsx)");
    board->add_option("--unit", o.unit, "Unit code (VN for the nation)")->required();
    board->add_option("--period", o.period, "Period: 2026, 2026-H1 or 2026-05")->required();
    board->add_option("--form", o.form, "Only this form");
    board->add_flag("--late", o.late, "Only the late ones");
    board->add_flag("--all", o.all, "Every commune within the unit, not only the units directly below");
    board->add_option("--out", o.out, "Write the board as XLSX");
    board->callback([&context, options] {
        Session s(context);
        const app::Board b = app::report_board(s.deps, {unit_arg(options->unit), options->period, options->form, options->late, options->all});
        if (!options->out.empty()) {
            io::write_printed_xlsx(options->out, {app::board_sheet(b, "")});
            throw CLI::Success();
        }
        for (const auto& rows : {&b.own, &b.rows})
            for (const auto& r : *rows)
                std::cout << (r.unit.code.empty() ? "VN" : r.unit.code) << "\t" << r.unit.name << "\t" << r.form << "\t"
                          << reports::to_string(r.status.state) << "\t" << (r.deadline ? r.deadline->date.iso() : "-") << "\t"
                          << (r.days_late ? "trễ " + std::to_string(*r.days_late) + " ngày" : r.on_time ? "đúng hạn" : "") << "\n";
        for (const auto& r : b.rates)
            std::cout << "# " << r.form << ": " << r.submitted << "/" << r.expected << " đã gửi, " << r.on_time << " đúng hạn\n";
        throw CLI::Success();
    });

    auto* exp = group->add_subcommand("export", "Write a report in the printed layout (XLSX) or as a document (DOCX)");
    add_key(exp, o);
    exp->add_option("--out", o.out, "Output: .xlsx (the printed table), .docx or .pdf (the document to sign)")->required();
    exp->callback([&context, options] {
        Session s(context);
        const auto key = key_of(*options);
        const app::ReportView view = app::open_report(s.deps, key, key.unit_code);
        if (options->out.ends_with(".docx")) io::write_file_atomically(options->out, app::report_docx(view, ""));
        else if (options->out.ends_with(".pdf")) {
            const auto dir = std::filesystem::temp_directory_path() / ("giamngheo-pdf-" + std::to_string(::getpid()));
            std::filesystem::create_directories(dir);
            const std::string pdf = io::docx_to_pdf(app::report_docx(view, ""), dir.string());
            std::filesystem::remove_all(dir);
            io::write_file_atomically(options->out, pdf);
        }
        else io::write_printed_xlsx(options->out, {app::report_sheet(view, "")});
        throw CLI::Success();
    });

    auto* due = group->add_subcommand("due", "What a unit must submit or approve this week (and what is late)");
    due->add_option("--unit", o.unit, "Unit code (VN for the nation)")->required();
    due->callback([&context, options] {
        Session s(context);
        for (const auto& item : app::reports_due(s.deps, unit_arg(options->unit)))
            std::cout << item.action << "\t" << item.row.form << "\t" << item.period.id() << "\t" << item.row.unit.name << "\t"
                      << (item.row.deadline ? item.row.deadline->date.iso() : "-") << "\n";
        throw CLI::Success();
    });
}

}  // namespace giamngheo::cli
