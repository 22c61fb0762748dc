#include "app/generate.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/synthetic.hpp"
#include "io/csv.hpp"
#include "io/interchange.hpp"
#include "io/table.hpp"

namespace giamngheo::app {
namespace {

// Buffers rows and writes them in large blocks: generation is I/O bound otherwise.
class BufferedCsv {
public:
    explicit BufferedCsv(const std::string& path) : out_(path, std::ios::binary | std::ios::trunc), path_(path) {
        if (!out_) throw std::runtime_error(path + ": không ghi được tệp");
        buffer_.reserve(kBlock + 4096);
    }
    void row(const std::vector<std::string>& fields) {
        io::append_csv_row(buffer_, fields);
        if (buffer_.size() >= kBlock) flush();
    }
    void raw(const std::string& text) {
        flush();
        out_.write(text.data(), static_cast<std::streamsize>(text.size()));
    }
    void close() {
        flush();
        out_.close();
        if (!out_) throw std::runtime_error(path_ + ": ghi tệp thất bại");
    }

private:
    static constexpr std::size_t kBlock = 1 << 20;
    void flush() {
        out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
        buffer_.clear();
    }
    std::ofstream out_;
    std::string path_;
    std::string buffer_;
};

}  // namespace

GenerateResult generate_households(const Environment& env, const GenerateRequest& request) {
    if (request.households <= 0) throw std::runtime_error("--households phải là số dương");
    const io::Table units = io::read_table(request.units_dir + "/units-2025.csv");
    const auto regions = nlohmann::json::parse(io::read_file(env.data_dir + "/synthetic/regions-2025.json"));
    std::map<std::string, SyntheticRegion> region_of_province;
    for (const auto& [key, region] : regions.at("regions").items())
        for (const auto& province : region.at("provinces"))
            region_of_province[province.get<std::string>()] = {region.at("poor_rate").get<double>(),
                                                               region.at("near_poor_rate").get<double>(),
                                                               region.at("ethnic_minority_share").get<double>()};
    const AreaRules rules = env.area_rules();
    std::vector<SyntheticCommune> communes;
    for (const auto& row : units.rows) {
        // code,name,level,parent_code,type,full_name
        if (row.size() < 6 || row[2] != "commune") continue;
        if (!request.scope.empty() && row[0] != request.scope && row[3] != request.scope) continue;
        UnitVersion unit;
        unit.code = row[0];
        unit.type = row[4];
        auto region = region_of_province.find(row[3]);
        communes.push_back({row[0], rules.area_of(unit), region == region_of_province.end() ? SyntheticRegion{0.02, 0.03, 0.1}
                                                                                            : region->second});
    }
    if (communes.empty()) throw std::runtime_error("không có xã nào trong phạm vi \"" + request.scope + "\"");

    std::filesystem::create_directories(request.out_dir);
    BufferedCsv households(request.out_dir + "/households.csv");
    BufferedCsv members(request.out_dir + "/members.csv");
    std::vector<std::string> household_header = io::kHouseholdColumns;
    household_header.pop_back();  // no current_unit_code: generated households are on the 2025 map
    households.row(household_header);
    members.row(io::kMemberColumns);

    SyntheticOptions options;
    options.seed = request.seed;
    options.missing_answer_rate = regions.value("missing_answer_rate", 0.01);
    options.reference_year = request.reference_year;
    const SyntheticGenerator generator(communes, options);
    GenerateResult result;
    result.communes = communes.size();

    // Households are generated in chunks on every core; chunks are written in order, so the
    // files do not depend on the number of threads.
    constexpr long kChunk = 16384;
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    struct Chunk {
        std::string households, members;
        long member_count = 0;
    };
    std::vector<Chunk> chunks(threads);
    for (long first = 0; first < request.households; first += kChunk * static_cast<long>(threads)) {
        std::vector<std::thread> workers;
        for (unsigned t = 0; t < threads; ++t) {
            workers.emplace_back([&, t] {
                Chunk& chunk = chunks[t];
                chunk.households.clear();
                chunk.members.clear();
                chunk.member_count = 0;
                const long begin = first + static_cast<long>(t) * kChunk;
                const long end = std::min(request.households, begin + kChunk);
                Household h;
                for (long i = begin; i < end; ++i) {
                    generator.generate(static_cast<std::uint64_t>(i), h);
                    auto fields = io::household_fields(h);
                    fields.pop_back();
                    io::append_csv_row(chunk.households, fields);
                    for (const auto& m : h.members) io::append_csv_row(chunk.members, io::member_fields(h, m));
                    chunk.member_count += static_cast<long>(h.members.size());
                }
            });
        }
        for (auto& worker : workers) worker.join();
        for (auto& chunk : chunks) {
            households.raw(chunk.households);
            members.raw(chunk.members);
            result.members += chunk.member_count;
        }
    }
    result.households = request.households;
    households.close();
    members.close();
    return result;
}

}  // namespace giamngheo::app
