#include "modules/procedure/cli/procedure_commands.hpp"

#include <filesystem>
#include <iostream>
#include <unistd.h>
#include <memory>

#include "kernel/errors.hpp"
#include "kernel/labels_vi.hpp"
#include "kernel/placement.hpp"
#include "modules/procedure/app/cases.hpp"
#include "modules/procedure/app/survey.hpp"
#include "modules/procedure/documents/certificate_docx.hpp"
#include "modules/procedure/documents/procedure_docx.hpp"
#include "platform/pdf.hpp"
#include "platform/table.hpp"

namespace giamngheo::cli {
namespace {

struct ProcedureOptions {
    std::int64_t round = 0, request = 0;
    std::string household, households, step, date, as = "commune_officer", reason, place, complainant, outcome_class,
        decision_number, certificate_number, unit, form, applicant, note, decision, out, document, village, kind = "periodic";
    int attendees = -1, agree = -1, disagree = -1;
    std::string phieu_a, deprived;
    std::optional<std::int64_t> income, version;
    std::optional<double> score_a;
};

// The stores and the use cases' dependencies for one command.
struct Session {
    explicit Session(const Context& c)
        : procedures(app::load_procedures(c.env)),
          calendar(c.env.work_calendar()),
          registry(c.open_store()),
          steps(store::open_procedure_store(c.db)),
          deps{*registry, *steps, procedures, calendar, c.env, c.env.today} {}
    // The procedure round `id` follows.
    const procedure::Procedure& of(std::int64_t id) { return app::procedure_of(deps, id); }
    app::Procedures procedures;
    WorkCalendar calendar;
    std::unique_ptr<store::Store> registry;
    std::unique_ptr<store::ProcedureStore> steps;
    app::ProcedureDeps deps;
};

Date date_arg(const std::string& text, const Date& today, const char* option) {
    if (text.empty()) return today;
    auto date = parse_iso_date(text);
    if (!date) date = parse_vietnamese_date(text);
    if (!date) throw_invalid_input(std::string(option) + ": ngày \"" + text + "\" không hợp lệ (YYYY-MM-DD hoặc DD/MM/YYYY)", option);
    return *date;
}

// A document to `out`: the DOCX as it is, or rendered to PDF by LibreOffice for a .pdf name.
void write_document(const std::string& docx, const std::filesystem::path& out) {
    if (out.extension() != ".pdf") return io::write_file_atomically(out.string(), docx);
    const auto work = std::filesystem::temp_directory_path() / ("giamngheo-doc-" + std::to_string(::getpid()));
    std::filesystem::create_directories(work);
    io::write_file_atomically(out.string(), io::docx_to_pdf(docx, work.string()));
    std::filesystem::remove_all(work);
}

std::vector<std::string> split(const std::string& list) {
    std::vector<std::string> out;
    std::string item;
    for (char c : list + ",") {
        if (c != ',') {
            item += c;
        } else if (!item.empty()) {
            out.push_back(item);
            item.clear();
        }
    }
    return out;
}

std::string date_text(const std::optional<Date>& d) { return d ? d->vietnamese() : ""; }

void print_case(const procedure::Procedure& p, const app::CaseRow& c) {
    std::cout << c.result.household_id << "\t" << c.result.village << "\t" << p.state_label(c.now.state) << "\t"
              << (c.now.household_class.empty() ? "" : label_vi("household_class", c.now.household_class)) << "\t"
              << date_text(c.now.posted_until) << "\t" << c.now.decision_number << "\t" << c.now.certificate_number << "\n";
}

const app::RowFilter kEverything = [](const store::ResultRow&) { return true; };

// "water=1,latrine=0": B2's answers; an indicator not named is computed from the members.
std::map<std::string, bool> deprived_arg(const std::string& list) {
    std::map<std::string, bool> out;
    for (const auto& item : split(list)) {
        const auto eq = item.find('=');
        const std::string value = eq == std::string::npos ? "" : item.substr(eq + 1);
        if (value != "1" && value != "0")
            throw_invalid_input("--deprived: \"" + item + "\" cần dạng chỉ_số=1 (thiếu hụt) hoặc chỉ_số=0", "deprived");
        out[item.substr(0, eq)] = value == "1";
    }
    return out;
}

void register_survey_command(CLI::App& group, Context& context, const std::shared_ptr<ProcedureOptions>& options) {
    auto& o = *options;
    auto* survey = group.add_subcommand("survey", "Enter a listed household's survey (Phiếu A; else B1, B2) and classify it");
    survey->add_option("--round", o.round, "Round id")->required();
    survey->add_option("--household", o.household, "Household id")->required();
    survey->add_option("--date", o.date, "Date of the survey (default: today)");
    survey->add_option("--as", o.as, "The surveyor's role")->capture_default_str();
    survey->add_option("--phieu-a", o.phieu_a, "Phiếu A: the signs found, comma separated (any: not poor)");
    auto* income = survey->add_option("--income", o.income, "B1: income per person per month, whole VND");
    survey->add_option("--score-a", o.score_a, "B1: score A instead of the income")->excludes(income);
    survey->add_option("--deprived", o.deprived, "B2: indicator=1 (deprived) or =0, comma separated; others from the members");
    survey->add_option("--note", o.note, "What the surveyor noted");
    survey->add_option("--version", o.version, "The household's registry version surveyed (default: the current one)");
    survey->callback([&context, options] {
        Session s(context);
        const auto& op = *options;
        app::SurveyInput in;
        in.round_id = op.round;
        in.household_id = op.household;
        in.date = date_arg(op.date, context.env.today, "--date");
        in.role = op.as;
        in.phieu_a = split(op.phieu_a);
        in.income_per_capita = op.income;
        in.score_a = op.score_a;
        in.deprived = deprived_arg(op.deprived);
        in.note = op.note;
        if (op.version) {
            in.version = *op.version;
        } else if (const auto current = s.registry->load_household(op.household, std::nullopt)) {
            in.version = current->version;
        }
        store::Actor actor = context.actor;
        actor.source = "procedure survey";
        const auto out = app::record_survey(s.deps, app::load_survey_forms(context.env), in, kEverything, actor);
        print_case(s.of(op.round), out.after);
        std::cout << label_vi("household_class", out.household_class);
        if (out.classification) std::cout << "\tđiểm B " << out.classification->score_b;
        std::cout << "\t" << out.reason << "\n";
        throw CLI::Success();
    });
}

}  // namespace

void register_certificate_commands(CLI::App& cli, Context& context) {
    auto* group = cli.add_subcommand("certificate", "Certificates of poor and near-poor households");
    group->require_subcommand(1);
    auto code = std::make_shared<std::string>();
    auto* verify = group->add_subcommand("verify", "Check a certificate by its code (exit status 4 when no certificate has it)");
    verify->add_option("code", *code, "The code printed on the certificate")->required();
    verify->callback([&context, code] {
        Session s(context);
        const auto check = app::check_certificate(s.deps, *code);
        if (!check) throw_not_found("không có giấy chứng nhận nào mang mã " + *code);
        const UnitCatalogue units = s.registry->load_units();
        const std::string commune = app::issuing_commune(units, check->unit_code, check->current_unit_code);
        const UnitVersion* unit = units.find(commune, UnitMap::map2025);
        std::cout << (check->valid ? "CÒN HIỆU LỰC" : "KHÔNG CÒN HIỆU LỰC") << "\t"
                  << label_vi("household_class", check->household_class) << "\t" << check->year << "\t"
                  << (unit ? unit->full_name : commune) << "\t" << check->number << "\n";
        throw CLI::Success();
    });
}

void register_procedure_commands(CLI::App& cli, Context& context) {
    register_certificate_commands(cli, context);
    auto* group = cli.add_subcommand("procedure", "The review procedure (Decision 24/2021): steps, villages, households, requests");
    group->require_subcommand(1);
    auto options = std::make_shared<ProcedureOptions>();
    auto& o = *options;

    auto* steps = group->add_subcommand("steps", "List the procedure's steps: who may take each, days, legal source");
    steps->add_option("--kind", o.kind, "periodic (yearly review) or regular (on request)")->capture_default_str();
    steps->callback([&context, options] {
        const auto procedures = app::load_procedures(context.env);
        for (const auto& s : procedures.of(options->kind).steps) {
            std::string roles;
            for (const auto& r : s.roles) roles += (roles.empty() ? "" : ",") + r;
            std::cout << s.key << "\t" << s.label_vi << "\t" << roles << "\t"
                      << (s.working_days ? std::to_string(s.working_days) + " ngày làm việc" : "") << "\t" << s.legal_source_vi
                      << "\n";
        }
        throw CLI::Success();
    });

    auto* board = group->add_subcommand("board", "Where each village of a round stands: households by step");
    board->add_option("--round", o.round, "Round id")->required();
    board->add_option("--unit", o.unit, "Only the households of this unit");
    board->callback([&context, options] {
        Session s(context);
        const UnitCatalogue units = s.registry->load_units();
        const Placer placer(units, context.env.area_rules());
        const std::string unit = options->unit;
        const auto cases = app::round_cases(s.deps, options->round, [&](const store::ResultRow& row) {
            return unit.empty() || placer.in_scope({row.unit_code, row.current_unit_code}, unit, context.env.today);
        });
        for (const auto& v : app::village_board(cases, context.env.today)) {
            std::cout << v.unit_code << "\t" << (v.village.empty() ? "(chưa ghi thôn)" : v.village) << "\t" << v.households << " hộ";
            for (const auto& [state, count] : v.by_state) std::cout << "\t" << s.of(options->round).state_label(state) << ": " << count;
            if (v.complaints_open) std::cout << "\tkhiếu nại đang mở: " << v.complaints_open;
            std::cout << "\n";
        }
        throw CLI::Success();
    });

    auto* show = group->add_subcommand("show", "One household's case in a round, with its history");
    show->add_option("--round", o.round, "Round id")->required();
    show->add_option("--household", o.household, "Household id")->required();
    show->callback([&context, options] {
        Session s(context);
        const auto c = app::household_case(s.deps, options->round, options->household, kEverything);
        print_case(s.of(options->round), c);
        for (std::size_t i = 0; i < c.now.history.size(); ++i) {
            const auto& e = c.now.history[i];
            std::cout << "  " << e.date.vietnamese() << "\t" << s.of(options->round).step(e.step).label_vi << "\t" << e.role << "\t"
                      << e.reason << e.place << e.decision_number << e.certificate_number;
            if (i < c.recorded.size()) std::cout << "\t" << c.recorded[i].by << "\t" << c.recorded[i].at;
            std::cout << "\n";
        }
        throw CLI::Success();
    });

    auto* step = group->add_subcommand("step", "Take a step for households (all or none)");
    step->add_option("--round", o.round, "Round id")->required();
    step->add_option("--step", o.step, "Step key (procedure steps)")->required();
    step->add_option("--households", o.households, "Household ids, comma separated")->required();
    step->add_option("--date", o.date, "Date of the step (default: today)");
    step->add_option("--as", o.as, "The role taking the step")->capture_default_str();
    step->add_option("--reason", o.reason, "list: listing reason; complain: what is complained of");
    step->add_option("--attendees", o.attendees, "meeting: people present");
    step->add_option("--agree", o.agree, "meeting: votes for the result");
    step->add_option("--disagree", o.disagree, "meeting: votes against");
    step->add_option("--place", o.place, "post: where the list is posted");
    step->add_option("--complainant", o.complainant, "complain: who complains");
    step->add_option("--outcome-class", o.outcome_class, "recheck: the class after re-checking");
    step->add_option("--decision-number", o.decision_number, "recognise: number of the decision");
    step->add_option("--certificate-number", o.certificate_number, "certify: number of the certificate");
    step->callback([&context, options] {
        Session s(context);
        const auto& op = *options;
        app::StepRequest request;
        request.round_id = op.round;
        request.households = split(op.households);
        request.event.step = op.step;
        request.event.date = date_arg(op.date, context.env.today, "--date");
        request.event.role = op.as;
        request.event.reason = op.reason;
        if (op.attendees >= 0) request.event.vote = procedure::Vote{op.attendees, std::max(op.agree, 0), std::max(op.disagree, 0)};
        request.event.place = op.place;
        request.event.complainant = op.complainant;
        request.event.outcome_class = op.outcome_class;
        request.event.decision_number = op.decision_number;
        request.event.certificate_number = op.certificate_number;
        store::Actor actor = context.actor;
        actor.source = "procedure step " + op.step;
        for (const auto& c : app::take_step(s.deps, request, kEverything, actor)) print_case(s.of(op.round), c);
        throw CLI::Success();
    });

    register_survey_command(*group, context, options);

    auto* certificate = group->add_subcommand("certificate", "Write a household's certificate (DOCX, or PDF through LibreOffice)");
    certificate->add_option("--round", o.round, "Round id")->required();
    certificate->add_option("--household", o.household, "Household id")->required();
    certificate->add_option("--out", o.out, "Output file: .docx or .pdf")->required();
    certificate->callback([&context, options] {
        Session s(context);
        const auto data = app::certificate_data(s.deps, options->round, options->household, kEverything);
        const UnitCatalogue units = s.registry->load_units();
        write_document(app::certificate_docx(data, app::certificate_issuer(data, units, s.of(options->round),
                                                                            app::round_standard_basis(s.deps, options->round))),
                       options->out);
        throw CLI::Success();
    });

    auto* document = group->add_subcommand(
        "document", "Write a paper of the procedure: review-list, survey-forms, meeting-minutes, posting-notice or recognition-decision");
    document->add_option("--round", o.round, "Round id")->required();
    document->add_option("--document", o.document, "review-list, survey-forms, meeting-minutes, posting-notice, recognition-decision")->required();
    document->add_option("--unit", o.unit, "Only the households of this unit (a commune)");
    document->add_option("--village", o.village, "Only this village");
    document->add_option("--decision", o.decision_number, "recognition-decision: the decision's number (default: the latest)");
    document->add_option("--out", o.out, "Output file: .docx or .pdf")->required();
    document->callback([&context, options] {
        Session s(context);
        const auto& op = *options;
        const UnitCatalogue units = s.registry->load_units();
        const Placer placer(units, context.env.area_rules());
        const app::DocumentRequest request{op.round, app::procedure_document_from_key(op.document), op.village, op.decision_number};
        write_document(app::procedure_document(s.deps, request,
                                               [&](const store::ResultRow& row) {
                                                   return op.unit.empty() ||
                                                          placer.in_scope({row.unit_code, row.current_unit_code}, op.unit,
                                                                          context.env.today);
                                               },
                                               units),
                       op.out);
        throw CLI::Success();
    });

    auto* requests = group->add_subcommand("requests", "Households' requests (Mẫu 01, 04) with their due day");
    requests->callback([&context] {
        Session s(context);
        for (const auto& v : app::request_list(s.deps, [](const std::string&) { return true; })) {
            const auto& r = v.request;
            std::cout << r.id << "\t" << r.form << "\t" << r.household_id << "\t" << r.received.vietnamese() << "\t"
                      << r.due.vietnamese() << "\t"
                      << (r.decision.empty() ? (v.overdue ? "QUÁ HẠN" : "đang giải quyết")
                                             : r.decision == "accepted" ? "công nhận" : "không công nhận")
                      << "\n";
        }
        throw CLI::Success();
    });

    auto* receive = group->add_subcommand("receive", "Receive a household's request; prints its id and due day");
    receive->add_option("--household", o.household, "Household id")->required();
    receive->add_option("--unit", o.unit, "The household's commune code")->required();
    receive->add_option("--form", o.form, "mau-01 or mau-04")->required();
    receive->add_option("--received", o.date, "Day received (default: today)");
    receive->add_option("--applicant", o.applicant, "Who filed it");
    receive->add_option("--note", o.note, "What the request says");
    receive->callback([&context, options] {
        Session s(context);
        const auto& op = *options;
        store::Actor actor = context.actor;
        actor.source = "procedure receive";
        const auto v = app::receive_request(
            s.deps, {op.household, op.unit, op.form, op.applicant, op.note, date_arg(op.date, context.env.today, "--received")}, actor);
        std::cout << v.request.id << "\t" << v.request.due.vietnamese() << "\n";
        throw CLI::Success();
    });

    auto* open = group->add_subcommand("open", "Open a request's case: a regular round of its household alone; prints the round id");
    open->add_option("--request", o.request, "Request id")->required();
    open->add_option("--as", o.as, "The role listing the household")->capture_default_str();
    open->callback([&context, options] {
        Session s(context);
        store::Actor actor = context.actor;
        actor.source = "procedure open";
        std::cout << app::open_request_case(s.deps, options->request, options->as, actor) << "\n";
        throw CLI::Success();
    });

    auto* decide = group->add_subcommand("decide", "Decide a request: accepted, or refused with its reason");
    decide->add_option("--request", o.request, "Request id")->required();
    decide->add_option("--decision", o.decision, "accepted or refused")->required();
    decide->add_option("--date", o.date, "Day of the decision (default: today)");
    decide->add_option("--reason", o.reason, "Why (required for a refusal)");
    decide->callback([&context, options] {
        Session s(context);
        const auto& op = *options;
        store::Actor actor = context.actor;
        actor.source = "procedure decide";
        app::decide_request(s.deps, op.request, date_arg(op.date, context.env.today, "--date"), op.decision, op.reason, actor);
        throw CLI::Success();
    });
}

}  // namespace giamngheo::cli
