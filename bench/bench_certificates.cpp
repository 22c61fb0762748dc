// The review procedure's documents for a commune of 5,000 households: the official list to post
// and annex to the recognition decision (XLSX), and every certificate of its poor and near-poor
// households in one DOCX and one PDF (issue 18: ≤ 30 s in all on this machine). Baseline, in the
// same run: LibreOffice converting one certificate alone — the fixed cost of starting it, which
// one file for the whole commune pays once.
//
//   ./build/release/bench/bench_certificates [--households 5000]
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <unistd.h>
#include <vector>

#include "bench/bench_util.hpp"
#include "modules/procedure/app/cases.hpp"
#include "modules/procedure/documents/certificate_docx.hpp"
#include "modules/registry/domain/synthetic.hpp"
#include "modules/review/app/review.hpp"
#include "modules/review/documents/results_list.hpp"
#include "modules/units/app/import_units.hpp"
#include "platform/pdf.hpp"
#include "platform/printed_sheet.hpp"
#include "platform/table.hpp"
#include "storage/open_store.hpp"

using namespace giamngheo;

int main(int argc, char** argv) {
    long households = 5000;
    for (int i = 1; i + 1 < argc; i += 2)
        if (std::string(argv[i]) == "--households") households = std::stol(argv[i + 1]);
    const auto dir = std::filesystem::temp_directory_path() / ("bench-certificates-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string db = (dir / "commune.db").string();
    app::Environment env;
    env.data_dir = std::string(GIAMNGHEO_BENCH_DIR) + "/../data";
    env.today = {2026, 12, 6};
    const store::Actor actor{"bench", "certificates"};

    auto registry = store::open_store(db);
    if (!app::import_units(*registry, std::string(GIAMNGHEO_BENCH_DIR) + "/../testing/fixtures/units", actor).problems.empty())
        return 1;
    const std::string commune = "16186";  // Hóa Quỳ, a mountain commune of Thanh Hóa
    const SyntheticGenerator generator({{commune, "rural", {0.12, 0.08, 0.8}}}, {});
    std::vector<Household> all(static_cast<std::size_t>(households));
    for (long i = 0; i < households; ++i) generator.generate(static_cast<std::uint64_t>(i), all[static_cast<std::size_t>(i)]);
    registry->apply_households(all, actor);
    app::RoundSpec spec{2026, "periodic", commune, {2026, 11, 1}, "vn-2022", "", {}};
    const std::int64_t round = app::run_round(*registry, env, spec, actor).round_id;

    // The whole commune through the procedure, a step at a time for every household at once.
    const app::Procedures procedures = app::load_procedures(env);
    const WorkCalendar calendar = env.work_calendar();
    auto steps = store::open_procedure_store(db);
    app::ProcedureDeps deps{*registry, *steps, procedures, calendar, env, env.today};
    const app::RowFilter everything = [](const store::ResultRow&) { return true; };
    std::vector<std::string> ids, certified;
    for (const auto& r : registry->round_results(round)) {
        ids.push_back(r.household_id);
        if (r.household_class == "poor" || r.household_class == "near_poor") certified.push_back(r.household_id);
    }
    const auto step = [](const char* key, Date date) {
        procedure::Event e;
        e.step = key;
        e.date = date;
        e.role = "commune_officer";
        return e;
    };
    const auto take = [&](const std::vector<std::string>& who, const procedure::Event& e) {
        (void)app::take_step(deps, {round, who, e}, everything, actor);
    };
    procedure::Event e = step("list", {2026, 11, 2});
    e.reason = "previous_list";
    take(ids, e);
    take(ids, step("survey", {2026, 11, 3}));
    take(ids, step("classify", {2026, 11, 4}));
    e = step("meeting", {2026, 11, 9});
    e.vote = procedure::Vote{40, 30, 10};
    take(ids, e);
    e = step("post", {2026, 11, 10});
    e.place = "Nhà văn hóa thôn";
    take(ids, e);
    e = step("recognise", {2026, 11, 16});
    e.decision_number = "125/QĐ-UBND";
    take(ids, e);
    e = step("certify", {2026, 11, 17});
    e.certificate_number = "GCN-HN.HCN";
    take(certified, e);

    const Standard standard = app::standard_from_document(registry->round(round)->standard_document);
    const UnitCatalogue units = registry->load_units();
    const std::string basis = standard.legal_source + " về " + standard.name;
    double list_s = 0, docx_s = 0, pdf_s = 0, one_pdf_s = 0;
    std::size_t certificates = 0, docx_bytes = 0;
    std::string docx, one;
    list_s = bench::seconds([&] {
        const auto sheet = app::results_list(*registry, {round, commune, {"poor", "near_poor"}},
                                             [](const store::ResultRow&) { return true; });
        io::write_printed_xlsx((dir / "danh-sach.xlsx").string(), {sheet});
    });
    docx_s = bench::seconds([&] {
        std::vector<std::pair<app::CertificateData, app::CertificateIssuer>> all_certificates;
        for (auto& data : app::certificates_data(deps, round, everything)) {
            app::CertificateIssuer issuer = app::certificate_issuer(data, units, procedures.periodic, basis);
            all_certificates.emplace_back(std::move(data), std::move(issuer));
        }
        certificates = all_certificates.size();
        one = app::certificate_docx(all_certificates.front().first, all_certificates.front().second);
        docx = app::certificates_docx(all_certificates);
        docx_bytes = docx.size();
    });
    pdf_s = bench::seconds([&] { io::write_file_atomically((dir / "gcn.pdf").string(), io::docx_to_pdf(docx, dir.string())); });
    one_pdf_s = bench::seconds([&] { (void)io::docx_to_pdf(one, dir.string()); });

    std::printf("machine: %s, %u threads\n", bench::cpu_model().c_str(), std::thread::hardware_concurrency());
    std::printf("commune of %ld households, %zu certificates (poor and near-poor)\n", households, certificates);
    std::printf("%-52s %8.2f s\n", "official list (XLSX, grouped by village)", list_s);
    std::printf("%-52s %8.2f s  (%zu kB)\n", "every certificate, one DOCX", docx_s, docx_bytes / 1024);
    std::printf("%-52s %8.2f s\n", "that DOCX to PDF (LibreOffice, once)", pdf_s);
    std::printf("%-52s %8.2f s\n", "baseline: one certificate to PDF", one_pdf_s);
    std::printf("%-52s %8.2f s  (target <= 30 s)\n", "all documents", list_s + docx_s + pdf_s);
    std::printf("one PDF per certificate would take about %.0f s (%zu x baseline)\n", one_pdf_s * static_cast<double>(certificates),
                certificates);
    std::filesystem::remove_all(dir);
    return 0;
}
