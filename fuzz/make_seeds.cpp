// Writes the seeds that only the project's own writers can make, from the test fixtures:
//   fuzz_seeds SOURCE_DIR CORPUS_DIR
// CORPUS_DIR/fuzz_xlsx: every tests/golden review case's households.csv and members.csv as XLSX
// (io/xlsx.hpp, libxlsxwriter). CORPUS_DIR/fuzz_zip: a few of those, archives with stored,
// deflated, empty and many entries (io/zip.hpp), one that inflates past the target's limit, and
// the DOCX of each plan of modules/plans/tests/fixtures (io/docx.hpp). The other seeds are plain files
// that scripts/fuzz.sh copies.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "modules/plans/domain/plan.hpp"
#include "modules/plans/formats/plan_docx.hpp"
#include "modules/registry/formats/interchange.hpp"
#include "modules/plans/formats/plan_json.hpp"
#include "platform/table.hpp"
#include "platform/xlsx.hpp"
#include "platform/zip.hpp"

namespace fs = std::filesystem;
using namespace giamngheo;

namespace {

void put(const fs::path& file, const std::string& bytes) {
    std::ofstream(file, std::ios::binary) << bytes;
}

std::vector<fs::path> sorted(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(dir)) out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: fuzz_seeds SOURCE_DIR CORPUS_DIR\n";
        return 2;
    }
    const fs::path source = argv[1], corpus = argv[2];
    const fs::path xlsx = corpus / "fuzz_xlsx", zip = corpus / "fuzz_zip";
    fs::create_directories(xlsx);
    fs::create_directories(zip);

    std::size_t cases = 0;
    for (const fs::path& dir : sorted(source / "modules/review/tests/golden")) {
        for (const char* name : {"households", "members"}) {
            const fs::path csv = dir / (std::string(name) + ".csv");
            if (!fs::exists(csv)) continue;
            const io::Table table = io::read_table(csv.string());
            const fs::path out = xlsx / (dir.filename().string() + "-" + name + ".xlsx");
            io::write_xlsx_table(out.string(), table, name, io::kHouseholdNumericColumns);
            if (cases < 4) fs::copy_file(out, zip / out.filename(), fs::copy_options::overwrite_existing);
        }
        ++cases;
    }

    {
        io::ZipWriter w;
        w.add("stored.txt", "a stored entry\n", false);
        w.add("deflated.txt", std::string(4000, 'x') + "deflated\n", true);
        w.add("dir/nested.csv", "household_id,unit_code\nH1,16186\n", true);
        put(zip / "stored-and-deflated.zip", w.finish());
    }
    put(zip / "empty.zip", io::ZipWriter().finish());
    {
        io::ZipWriter w;
        for (int i = 0; i < 40; ++i) w.add("entry-" + std::to_string(i), std::to_string(i), i % 2 == 0);
        put(zip / "many-entries.zip", w.finish());  // more than the target's 32
    }
    {
        io::ZipWriter w;
        w.add("zeros.bin", std::string(std::size_t{3} << 20, '\0'), true);  // past the target's limits
        put(zip / "inflates-past-limit.zip", w.finish());
    }

    const fs::path programmes = source / "data/programmes";
    const FundingCatalogue funding = parse_funding(nlohmann::json::parse(io::read_file((programmes / "funding.json").string())));
    for (const fs::path& file : sorted(source / "modules/plans/tests/fixtures")) {
        if (file.extension() != ".json") continue;
        const Plan plan = io::read_plan_file(file.string());
        const fs::path programme_file = programmes / (plan.programme + ".json");
        if (!fs::exists(programme_file)) continue;
        const Programme programme = parse_programme(nlohmann::json::parse(io::read_file(programme_file.string())));
        put(zip / (file.stem().string() + ".docx"), io::plan_docx(plan, PlanRules{programme, funding}));
    }
    std::cout << "fuzz_seeds: " << cases << " review cases as XLSX, archives and plan documents in " << corpus.string()
              << "\n";
    return 0;
}
