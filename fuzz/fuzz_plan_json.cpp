// The plan JSON reader (io/plan_json.hpp) on what the plan routes receive, then what the server
// does next with an accepted plan: the checks (check_plan), the budget table and the DOCX
// document (io/docx.hpp), against the programme catalogues of data/programmes.
//
// Invariants: plan_from_json either returns a plan or throws std::invalid_argument (its
// documented error, which the routes answer with 422); nothing else may escape it or the
// checks. An accepted plan written back (plan_to_json) reads back the same plan, and its DOCX is
// a ZIP archive that the project's own reader accepts.
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "modules/plans/domain/plan.hpp"
#include "fuzz_support.hpp"
#include "modules/plans/formats/plan_docx.hpp"
#include "modules/plans/formats/plan_json.hpp"
#include "platform/table.hpp"
#include "platform/zip_reader.hpp"

namespace {

using namespace giamngheo;
using nlohmann::json;

struct Catalogues {
    std::map<std::string, Programme> programmes;
    std::optional<FundingCatalogue> funding;
};
Catalogues* g_catalogues = nullptr;

json load(const std::string& path) { return json::parse(io::read_file(path)); }

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    g_catalogues = new Catalogues;
    const std::string dir = std::string(GIAMNGHEO_FUZZ_DATA) + "/programmes/";
    for (const char* id : {"ntp-2021-2025", "ntp-2026-2035"}) g_catalogues->programmes.emplace(id, parse_programme(load(dir + id + ".json")));
    g_catalogues->funding = parse_funding(load(dir + "funding.json"));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const json document = json::parse(fuzz::text_of(data, size), nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded()) return 0;
    Plan plan;
    try {
        plan = io::plan_from_json(document);
    } catch (const std::invalid_argument&) {
        return 0;
    }
    const json written = io::plan_to_json(plan);
    std::optional<Plan> again;
    try {
        again = io::plan_from_json(written);
    } catch (const std::invalid_argument& e) {
        FUZZ_CHECK(false, e.what());
    }
    FUZZ_CHECK(*again == plan, "a plan written back reads back the same");

    auto programme = g_catalogues->programmes.find(plan.programme);
    if (programme == g_catalogues->programmes.end()) programme = g_catalogues->programmes.begin();
    const PlanRules rules{programme->second, *g_catalogues->funding};
    (void)check_plan(plan, rules);
    if (plan.year > 0) (void)budget_table(plan, plan.year, rules);
    const std::string docx = io::plan_docx(plan, rules);
    try {
        io::ZipLimits limits;
        limits.max_total_bytes = limits.max_entry_bytes = std::uint64_t{1} << 30;
        (void)io::check_zip(docx, "plan.docx", limits);
    } catch (const Error& e) {
        FUZZ_CHECK(false, e.what());  // the project's writer and reader disagree
    }
    return 0;
}
