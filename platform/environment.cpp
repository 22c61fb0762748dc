#include "platform/environment.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "platform/table.hpp"
#include "kernel/errors.hpp"

#ifndef GIAMNGHEO_DEFAULT_DATA_DIR
#error "GIAMNGHEO_DEFAULT_DATA_DIR must be defined by the build"
#endif

namespace giamngheo::app {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

Date today_utc() {
    const auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    return Date::from_days_since_epoch(days.time_since_epoch().count());
}

json load_json(const std::string& path) {
    try {
        return json::parse(io::read_file(path));
    } catch (const json::exception& e) {
        throw_fault(path + ": JSON không hợp lệ (" + e.what() + ")");
    }
}

}  // namespace

Environment Environment::from_process() {
    Environment env;
    const char* data = std::getenv("GIAMNGHEO_DATA");
    env.data_dir = data && *data ? data : GIAMNGHEO_DEFAULT_DATA_DIR;
    // A fixed day for demonstrations and tests of deadlines (GIAMNGHEO_TODAY=2026-11-23).
    const char* today = std::getenv("GIAMNGHEO_TODAY");
    const auto fixed = today && *today ? parse_iso_date(today) : std::nullopt;
    if (today && *today && !fixed) throw_invalid_input(std::string("GIAMNGHEO_TODAY=") + today + ": cần YYYY-MM-DD");
    env.today = fixed ? *fixed : today_utc();
    return env;
}

std::string Environment::standard_document(const std::string& id_or_path) const {
    const bool is_path = id_or_path.find('/') != std::string::npos || id_or_path.ends_with(".json");
    const std::string path = is_path ? id_or_path : data_dir + "/standards/" + id_or_path + ".json";
    if (!fs::exists(path)) {
        std::string known;
        for (const auto& id : standard_ids()) known += (known.empty() ? "" : ", ") + id;
        throw_invalid_input("không có chuẩn nghèo \"" + id_or_path + "\"; các chuẩn hiện có: " + known, "standard");
    }
    json document = load_json(path);
    if (document.contains("base"))
        document = apply_variant(json::parse(standard_document(document.at("base").get<std::string>())), document);
    return document.dump();
}

std::vector<std::string> Environment::standard_ids() const {
    std::vector<std::string> ids;
    const fs::path dir = fs::path(data_dir) / "standards";
    if (fs::exists(dir))
        for (const auto& entry : fs::directory_iterator(dir))
            if (entry.path().extension() == ".json") ids.push_back(entry.path().stem().string());
    std::sort(ids.begin(), ids.end());
    return ids;
}

std::vector<std::string> Environment::all_indicator_keys() const {
    std::set<std::string> keys;
    for (const auto& id : standard_ids())
        for (const auto& rule : standard_from_document(standard_document(id)).indicators) keys.insert(rule.key);
    return {keys.begin(), keys.end()};
}

AreaRules Environment::area_rules() const {
    const json document = load_json(data_dir + "/units/area-by-type.json");
    AreaRules rules;
    rules.area_by_type = document.at("area_by_type").get<std::map<std::string, std::string>>();
    rules.area_by_unit = document.value("area_by_unit", json::object()).get<std::map<std::string, std::string>>();
    return rules;
}

WorkCalendar Environment::work_calendar() const {
    const std::string file = data_dir + "/holidays.json";
    return work_calendar_from_json(io::read_file(file), file);
}

Standard standard_from_document(const std::string& document) {
    try {
        return parse_standard(json::parse(document));
    } catch (const std::invalid_argument& e) {
        throw_invalid_input(e.what(), "standard");
    }
}

}  // namespace giamngheo::app
