// Internal to server/api*.cpp: the API's shared state (stores, caches, index, jobs) and the
// helpers its handlers share. The handlers are registered by route group in server/routes_*.cpp.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <filesystem>
#include <list>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <unistd.h>
#include <unordered_map>

#include "app/households.hpp"
#include "app/review.hpp"
#include "app/statistics.hpp"
#include "core/classify.hpp"
#include "core/standard.hpp"
#include "io/xlsx.hpp"
#include "server/api.hpp"
#include "server/authorization.hpp"
#include "server/error_map.hpp"
#include "server/errors.hpp"
#include "server/multipart.hpp"
#include "server/static_files.hpp"
#include "store/household_document.hpp"
#include "store/store.hpp"

namespace giamngheo::server {

using nlohmann::json;

namespace api_detail {

inline constexpr const char* kCookie = "giamngheo_session";

// The session Api::handle has checked, for the handler it calls on the same thread.
inline thread_local const Session* t_session = nullptr;

// Stores are not thread-safe: each request borrows one connection and gives it back.
class StorePool {
  public:
    explicit StorePool(std::string path) : path_(std::move(path)) { free_.push_back(open()); }

    class Lease {
      public:
        Lease(StorePool& pool, std::unique_ptr<store::Store> s) : pool_(pool), store_(std::move(s)) {}
        ~Lease() { pool_.give_back(std::move(store_)); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        store::Store& operator*() const { return *store_; }
        store::Store* operator->() const { return store_.get(); }

      private:
        StorePool& pool_;
        std::unique_ptr<store::Store> store_;
    };

    Lease borrow() {
        {
            std::lock_guard lock(mutex_);
            if (!free_.empty()) {
                auto s = std::move(free_.back());
                free_.pop_back();
                return Lease(*this, std::move(s));
            }
        }
        return Lease(*this, open());
    }

  private:
    // A request waits briefly for a lock held by another process (a command-line import) and is
    // then answered "busy, retry" instead of being held for the length of that work.
    std::unique_ptr<store::Store> open() const {
        store::SqliteOptions options;
        options.busy_timeout_ms = 2000;
        return store::open_sqlite_store(path_, options);
    }
    void give_back(std::unique_ptr<store::Store> s) {
        std::lock_guard lock(mutex_);
        free_.push_back(std::move(s));
    }
    std::string path_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<store::Store>> free_;
};

// A round's results, immutable once stored (a round is a snapshot).
struct RoundData {
    store::RoundRecord record;
    std::vector<store::ResultRow> rows;
    std::unordered_map<std::string, std::size_t> by_household;
    std::vector<std::string> indicator_keys;
};

// What the household list filters on, for every active household, kept in memory: the units it
// counts under on both maps are resolved once so that filtering by unit or scope is a comparison.
struct HouseholdEntry {
    std::string id, unit_code, current_unit_code, village, head_name;
    std::string search;                 // id, head and member names (app::search_fold), one per line
    std::string personal_ids;           // one per line; searched only for roles that see them
    std::array<std::string, 5> places;  // commune, province (2025); commune, district, province (2024)
    std::int64_t version = 0;
    int members = 0;
    [[nodiscard]] bool under(const std::string& unit) const {
        return unit.empty() || unit == unit_code || unit == current_unit_code ||
               std::find(places.begin(), places.end(), unit) != places.end();
    }
};

struct Job {
    std::string id, owner;
    std::string state = "running";  // running | done | failed
    double expected_seconds = 1;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    int status = 200;  // of the answer the work gave, when done
    json result;
    std::optional<ApiError> error;  // when failed
};

inline std::string lower_ascii(std::string text) {
    for (auto& c : text)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return text;
}

inline long int_param(const Request& r, const std::string& name, long fallback, long min, long max) {
    const std::string text = r.query_value(name);
    if (text.empty()) return fallback;
    try {
        std::size_t used = 0;
        const long value = std::stol(text, &used);
        if (used == text.size() && value >= min && value <= max) return value;
    } catch (const std::exception&) {
    }
    bad_request("tham số \"" + name + "\" phải là số nguyên từ " + std::to_string(min) + " đến " +
                std::to_string(max));
}

inline std::int64_t id_param(const Request& r, const char* what) {
    const std::string text = r.param("id");
    try {
        std::size_t used = 0;
        const long long value = std::stoll(text, &used);
        if (used == text.size() && value > 0) return value;
    } catch (const std::exception&) {
    }
    not_found(std::string("không có ") + what + " \"" + text + "\"");
}

inline std::optional<UnitMap> map_param(const Request& r) {
    const std::string text = r.query_value("map");
    if (text.empty()) return std::nullopt;
    if (text == "2024") return UnitMap::map2024;
    if (text == "2025") return UnitMap::map2025;
    bad_request("tham số \"map\" phải là 2024 hoặc 2025");
}

inline Date date_field(const json& body, const char* name) {
    if (!body.contains(name) || !body[name].is_string())
        bad_request(std::string("thiếu trường \"") + name + "\" (YYYY-MM-DD)");
    auto date = parse_iso_date(body[name].get<std::string>());
    if (!date) bad_request(std::string("trường \"") + name + "\": ngày không hợp lệ; cần YYYY-MM-DD");
    return *date;
}

inline json parse_body(const Request& r) {
    json body = json::parse(r.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) bad_request("nội dung yêu cầu phải là một đối tượng JSON");
    return body;
}

inline std::string text_of(const json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_null()) return {};
    if (value.is_boolean()) return value.get<bool>() ? "1" : "0";
    if (value.is_number_integer()) return std::to_string(value.get<long long>());
    if (value.is_number()) return value.dump();
    bad_request("giá trị phải là chuỗi, số hoặc true/false");
}

// A string member of a JSON body; missing or null gives `fallback`.
inline std::string string_field(const json& body, const char* name, const std::string& fallback = "") {
    auto it = body.find(name);
    return it == body.end() || it->is_null() ? fallback : text_of(*it);
}

inline json problems_json(const std::vector<io::Problem>& problems) {
    json out = json::array();
    for (const auto& p : problems)
        out.push_back({{"file", p.file}, {"row", p.row}, {"column", p.column}, {"message", p.message}});
    return out;
}

inline json table_rows(const io::Table& table, const std::vector<std::size_t>& rows) {
    json out = json::array();
    for (std::size_t i : rows) {
        json row = json::object();
        for (std::size_t c = 0; c < table.header.size() && c < table.rows[i].size(); ++c)
            row[table.header[c]] = table.rows[i][c];
        out.push_back(std::move(row));
    }
    return out;
}

// A directory of the server's own for the files a library can only write to a path (XLSX, DOCX
// outputs): private to the server's user (0700), emptied at start (what a crash left behind),
// and each output in a directory of its own removed as soon as it has been read back.
class WorkDirectory {
  public:
    explicit WorkDirectory(std::filesystem::path root) : root_(std::move(root)) {
        std::error_code ec;
        std::filesystem::remove_all(root_, ec);
        std::filesystem::create_directories(root_);
        std::filesystem::permissions(root_, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace);
    }

    class Scratch {
      public:
        explicit Scratch(const std::filesystem::path& root) {
            std::string pattern = (root / "out-XXXXXX").string();
            if (!::mkdtemp(pattern.data())) throw_fault("mkdtemp failed under " + root.string());
            path = pattern;
        }
        ~Scratch() {
            std::error_code ec;
            std::filesystem::remove_all(path, ec);
        }
        Scratch(const Scratch&) = delete;
        Scratch& operator=(const Scratch&) = delete;
        std::filesystem::path path;
    };
    [[nodiscard]] Scratch scratch() const { return Scratch(root_); }

  private:
    std::filesystem::path root_;
};

inline Response json_response(int status, const json& body) {
    return Response::json(status, body.dump(-1, ' ', false, json::error_handler_t::replace));
}

inline Response error_response(const ApiError& e) {
    json body = {{"error", {{"code", e.code()}, {"message", e.what()}}}};
    // Where the error is and which request it was belong to the error; anything else (the
    // current record, the problems of a file) sits beside it.
    if (e.extra().is_object())
        for (const auto& [key, value] : e.extra().items())
            (key == "field" || key == "request_id" ? body["error"][key] : body[key]) = value;
    Response r = json_response(e.status(), body);
    if (e.status() == 401) r.headers.emplace_back("WWW-Authenticate", "Cookie");
    if (e.status() == 503 || e.status() == 429)
        r.headers.emplace_back("Retry-After", e.extra().is_object() && e.extra().contains("retry_after")
                                                  ? e.extra()["retry_after"].dump()
                                                  : "5");
    return r;
}

// On every answer, the web application's pages and the API alike. The interface is built by
// Vite into same-origin scripts and style sheets; Element Plus sets inline styles, hence
// 'unsafe-inline' for styles only.
inline void add_security_headers(Response& r, bool behind_tls) {
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                           "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
                           "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'");
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    r.headers.emplace_back("X-Frame-Options", "DENY");
    r.headers.emplace_back("Referrer-Policy", "same-origin");
    r.headers.emplace_back("Cross-Origin-Opener-Policy", "same-origin");
    r.headers.emplace_back("Cross-Origin-Resource-Policy", "same-origin");
    r.headers.emplace_back("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    if (behind_tls) r.headers.emplace_back("Strict-Transport-Security", "max-age=31536000");
}

inline bool is_write(const std::string& method) {
    return method == "POST" || method == "PUT" || method == "DELETE" || method == "PATCH";
}

}  // namespace api_detail

using namespace api_detail;

struct Api::State {
    ApiOptions options;
    ErrorLog error_log{options.error_log};
    WorkDirectory work{options.db_path + ".work"};
    StorePool stores;
    Accounts accounts;
    UnitCatalogue units;
    std::unique_ptr<Scope> scope;
    Router router;
    std::mutex write_mutex;  // an edit checks its version and writes as one step

    std::mutex cache_mutex;
    // One expensive computation at a time: the first requests for the same figures after a start
    // wait for one computation instead of each loading a million results.
    std::mutex compute_mutex;
    std::list<std::shared_ptr<const RoundData>> rounds;  // most recently used first
    std::map<std::int64_t, store::RoundRecord> records;
    std::map<std::string, std::shared_ptr<const std::string>> stats;
    std::map<std::string, std::shared_ptr<const app::StatsResult>> stats_tables;
    std::map<std::string, std::shared_ptr<const std::vector<std::size_t>>> rows_in_scope;

    std::shared_mutex index_mutex;
    std::vector<HouseholdEntry> index;
    std::unordered_map<std::string, std::size_t> index_by_id;
    bool index_built = false;

    static constexpr int kMaxJobs = 2;  // a job uses every core for seconds to minutes
    std::atomic<int> running_jobs{0};
    std::mutex jobs_mutex;
    std::map<std::string, std::shared_ptr<Job>> jobs;
    std::atomic<double> seconds_per_household{20e-6};

    // Background work (jobs, the index): joined when finished, at the next spawn, or at the end.
    struct Worker {
        std::thread thread;
        std::shared_ptr<std::atomic<bool>> finished;
    };
    std::mutex workers_mutex;
    std::vector<Worker> workers;

    void spawn(std::function<void()> work) {
        std::lock_guard lock(workers_mutex);
        std::erase_if(workers, [](Worker& w) {
            if (!*w.finished) return false;
            w.thread.join();
            return true;
        });
        auto finished = std::make_shared<std::atomic<bool>>(false);
        workers.push_back({std::thread([work = std::move(work), finished] {
                               work();
                               *finished = true;
                           }),
                           finished});
    }

    explicit State(ApiOptions o)
        : options(std::move(o)),
          stores(options.db_path),
          accounts(options.db_path),
          units(stores.borrow()->load_units()),
          scope(std::make_unique<Scope>(units, options.env.area_rules(), options.env.today)) {}

    ~State() {
        std::lock_guard lock(workers_mutex);
        for (auto& w : workers) w.thread.join();
    }

    // ---- sessions and scope ----

    Session session_of(const Request& r) {
        if (t_session) return *t_session;
        auto s = accounts.session(r.cookie(kCookie));
        if (!s) throw ApiError(401, "not_signed_in", "Bạn chưa đăng nhập hoặc phiên đăng nhập đã hết hạn.");
        return *s;
    }

    void require_unit(const Session& s, const std::string& unit) const {
        if (!scope->unit_within(unit, s.user.unit_code)) forbidden_scope();
    }

    // The unit a request is about: `unit` when given (and within the user's scope), else the user's own.
    std::string unit_param(const Request& r, const Session& s) const {
        const std::string unit = r.query_value("unit");
        if (unit.empty()) return s.user.unit_code;
        if (!units.contains(unit)) not_found("không có đơn vị hành chính \"" + unit + "\"");
        require_unit(s, unit);
        return unit;
    }

    std::string unit_name(const std::string& code) const {
        if (code.empty()) return "Toàn quốc";
        for (UnitMap map : {UnitMap::map2025, UnitMap::map2024})
            if (const auto* u = units.find(code, map)) return u->full_name;
        return code;
    }

    json user_json(const User& u) const {
        return {{"username", u.username},
                {"full_name", u.full_name},
                {"role", to_string(u.role)},
                {"unit_code", u.unit_code},
                {"unit_name", unit_name(u.unit_code)},
                {"disabled", u.disabled}};
    }

    // ---- households ----

    using Places = std::array<std::string, 5>;

    Places places_of(const UnitRef& ref) const {
        const Date today = options.env.today;
        const auto& placer = scope->placer();
        return {placer.group(ref, "", UnitLevel::commune, UnitMap::map2025, today).commune,
                placer.group(ref, "", UnitLevel::province, UnitMap::map2025, today).commune,
                placer.group(ref, "", UnitLevel::commune, UnitMap::map2024, today).commune,
                placer.group(ref, "", UnitLevel::district, UnitMap::map2024, today).commune,
                placer.group(ref, "", UnitLevel::province, UnitMap::map2024, today).commune};
    }

    // `memo`: places already resolved, by recorded unit codes (a registry has a few thousand).
    void fill_entry(const store::StoredHousehold& stored, HouseholdEntry& e,
                    std::unordered_map<std::string, Places>* memo = nullptr) const {
        const Household& h = stored.household;
        e.id = h.household_id;
        e.unit_code = h.unit_code;
        e.current_unit_code = h.current_unit_code;
        e.village = h.village;
        e.head_name = h.head_name;
        e.version = stored.version;
        e.members = static_cast<int>(h.members.size());
        e.search = app::search_fold(h.household_id) + "\n" + app::search_fold(h.head_name) + "\n";
        e.personal_ids.clear();
        for (const auto& m : h.members) {
            e.search += app::search_fold(m.full_name) + "\n";
            if (!m.personal_id.empty()) e.personal_ids += m.personal_id + "\n";
        }
        const UnitRef ref{h.unit_code, h.current_unit_code};
        if (!memo) {
            e.places = places_of(ref);
            return;
        }
        auto [it, inserted] = memo->try_emplace(h.unit_code + '\x1f' + h.current_unit_code);
        if (inserted) it->second = places_of(ref);
        e.places = it->second;
    }

    void ensure_index() {
        {
            std::shared_lock lock(index_mutex);
            if (index_built) return;
        }
        std::unique_lock lock(index_mutex);
        if (index_built) return;
        std::unordered_map<std::string, Places> memo;
        stores.borrow()->for_each_household([&](const store::StoredHousehold& stored) {
            index_by_id[stored.household.household_id] = index.size();
            fill_entry(stored, index.emplace_back(), &memo);
        });
        index_built = true;
    }

    void refresh_entries(store::Store& s, const std::vector<std::string>& ids) {
        std::unique_lock lock(index_mutex);
        if (!index_built) return;
        for (const auto& id : ids) {
            auto stored = s.load_household(id, std::nullopt);
            if (!stored) continue;
            auto it = index_by_id.find(id);
            if (it == index_by_id.end()) {
                index_by_id[id] = index.size();
                index.emplace_back();
                fill_entry(*stored, index.back());
            } else {
                fill_entry(*stored, index[it->second]);
            }
        }
    }

    store::StoredHousehold household_in_scope(store::Store& s, const Session& session,
                                              const std::string& id) const {
        auto stored = s.load_household(id, std::nullopt);
        if (!stored) not_found("không có hộ \"" + id + "\"");
        if (!scope->household_within({stored->household.unit_code, stored->household.current_unit_code},
                                     session.user.unit_code))
            forbidden_scope();
        return *stored;
    }

    json household_json(const store::StoredHousehold& stored, const Session& session) const {
        const app::HouseholdFields fields = app::household_fields(stored.household);
        const bool full_ids = sees_personal_ids(session.user.role);
        json out = json::object();
        for (const auto& [key, value] : fields.household) out[key] = value;
        out["members"] = json::array();
        for (const auto& member : fields.members) {
            json m = json::object();
            for (const auto& [key, value] : member)
                if (key != "household_id")
                    m[key] = key == "personal_id" && !full_ids ? mask_personal_id(value) : value;
            out["members"].push_back(std::move(m));
        }
        out["version"] = stored.version;
        return out;
    }

    static std::string etag(std::int64_t version) { return "\"" + std::to_string(version) + "\""; }

    // ---- rounds ----

    std::shared_ptr<const RoundData> cached_round(std::int64_t id) {
        std::lock_guard lock(cache_mutex);
        for (auto it = rounds.begin(); it != rounds.end(); ++it)
            if ((*it)->record.id == id) {
                auto found = *it;
                rounds.erase(it);
                rounds.push_front(found);
                return found;
            }
        return nullptr;
    }

    std::shared_ptr<const RoundData> round_data(std::int64_t id) {
        if (auto found = cached_round(id)) return found;
        std::lock_guard computing(compute_mutex);
        if (auto found = cached_round(id)) return found;
        auto lease = stores.borrow();
        auto record = lease->round(id);
        if (!record) not_found("không có kỳ rà soát " + std::to_string(id));
        auto data = std::make_shared<RoundData>();
        data->record = *record;
        data->rows = lease->round_results(id);
        for (std::size_t i = 0; i < data->rows.size(); ++i)
            data->by_household[data->rows[i].household_id] = i;
        for (const auto& rule : app::standard_from_document(record->standard_document).indicators)
            data->indicator_keys.push_back(rule.key);
        std::lock_guard lock(cache_mutex);
        rounds.push_front(data);
        // Rounds of a million households are large: keep the few in use.
        if (rounds.size() > 3) rounds.pop_back();
        return data;
    }

    store::RoundRecord record_of(std::int64_t id) {
        {
            std::lock_guard lock(cache_mutex);
            if (auto it = records.find(id); it != records.end()) return it->second;
        }
        auto record = stores.borrow()->round(id);
        if (!record) not_found("không có kỳ rà soát " + std::to_string(id));
        std::lock_guard lock(cache_mutex);
        return records[id] = *record;
    }

    // Drops what depends on a round's record (its status changes when approved).
    void forget_round(std::int64_t id) {
        std::lock_guard lock(cache_mutex);
        rounds.remove_if([&](const auto& r) { return r->record.id == id; });
        records.erase(id);
    }

    void require_round_visible(std::int64_t id, const Session& s) {
        if (!scope->round_visible(record_of(id).scope, s.user.unit_code)) forbidden_scope();
    }

    std::shared_ptr<const RoundData> visible_round(std::int64_t id, const Session& s) {
        require_round_visible(id, s);
        return round_data(id);
    }

    // Indices of the round's rows within `unit` (empty: all), computed once per round and unit.
    std::shared_ptr<const std::vector<std::size_t>> rows_within(const RoundData& data,
                                                                const std::string& unit) {
        const std::string key = std::to_string(data.record.id) + "|" + unit;
        {
            std::lock_guard lock(cache_mutex);
            if (auto it = rows_in_scope.find(key); it != rows_in_scope.end()) return it->second;
        }
        auto rows = std::make_shared<std::vector<std::size_t>>();
        std::map<std::pair<std::string, std::string>, bool> memo;
        for (std::size_t i = 0; i < data.rows.size(); ++i) {
            const auto& r = data.rows[i];
            auto [it, inserted] = memo.try_emplace({r.unit_code, r.current_unit_code}, false);
            if (inserted) it->second = scope->household_within({r.unit_code, r.current_unit_code}, unit);
            if (it->second) rows->push_back(i);
        }
        std::lock_guard lock(cache_mutex);
        rows_in_scope[key] = rows;
        return rows;
    }

    json round_json(const RoundData& data, const std::string& unit) {
        const auto& r = data.record;
        const auto rows = rows_within(data, unit);
        json by_class = json::object();
        for (int c = 0; c < kHouseholdClassCount; ++c)
            by_class[to_string(static_cast<HouseholdClass>(c))] = 0;
        for (std::size_t i : *rows)
            by_class[data.rows[i].household_class] = by_class[data.rows[i].household_class].get<long>() + 1;
        return {{"id", r.id},
                {"year", r.year},
                {"kind", r.kind},
                {"scope", r.scope},
                {"scope_name", unit_name(r.scope)},
                {"reference_date", r.reference_date.iso()},
                {"standard", r.standard_id},
                {"status", r.status == store::RoundStatus::approved ? "approved" : "draft"},
                {"decision_date", r.decision_date ? json(r.decision_date->iso()) : json(nullptr)},
                {"created_at", r.created_at},
                {"households", rows->size()},
                {"by_class", by_class}};
    }

    std::shared_ptr<const app::StatsResult> stats_table(std::int64_t round, UnitLevel level, UnitMap map) {
        const std::string key =
            std::to_string(round) + "|" + to_string(level) + "|" + std::to_string(static_cast<int>(map));
        auto cached = [&]() -> std::shared_ptr<const app::StatsResult> {
            std::lock_guard lock(cache_mutex);
            auto it = stats_tables.find(key);
            return it == stats_tables.end() ? nullptr : it->second;
        };
        if (auto found = cached()) return found;
        std::lock_guard computing(compute_mutex);
        if (auto found = cached()) return found;
        app::StatsRequest request;
        request.round_id = round;
        request.level = level;
        request.map = map;
        auto result = std::make_shared<const app::StatsResult>(
            app::round_statistics(*stores.borrow(), options.env, request));
        std::lock_guard lock(cache_mutex);
        stats_tables[key] = result;
        return result;
    }

    // ---- jobs ----

    // Runs `work` on a thread of its own, at most kMaxJobs at a time (more is "busy, retry").
    // Its answer, or its error as the API maps it, is kept for GET /jobs/{id}.
    std::shared_ptr<Job> start_job(const std::string& owner, double expected_seconds, std::function<Response()> work) {
        if (running_jobs.fetch_add(1) >= kMaxJobs) {
            --running_jobs;
            throw ApiError(503, "busy",
                           "Máy chủ đang bận với các công việc lớn khác (nhập dữ liệu, rà soát); vui lòng thử lại "
                           "sau ít phút.",
                           {{"retry_after", 30}});
        }
        auto job = std::make_shared<Job>();
        job->id = random_token(12);
        job->owner = owner;
        job->expected_seconds = std::max(expected_seconds, 0.5);
        {
            std::lock_guard lock(jobs_mutex);
            jobs[job->id] = job;
        }
        spawn([this, job, work = std::move(work)] {
            std::optional<Response> answer;
            std::optional<ApiError> error;
            try {
                answer = work();
            } catch (...) {
                error = to_api_error(std::current_exception(), job->id, "job", error_log);
            }
            --running_jobs;
            std::lock_guard done(jobs_mutex);
            if (answer) {
                job->status = answer->status;
                job->result = json::parse(answer->body, nullptr, false);
                job->state = "done";
            } else {
                job->error = std::move(error);
                job->state = "failed";
            }
        });
        return job;
    }

    // The job's own answer when it ends within a second, else 202 with the job to follow; either
    // way with its Location.
    Response answer_job(const std::shared_ptr<Job>& job) {
        for (int i = 0; i < 100; ++i) {
            {
                std::lock_guard check(jobs_mutex);
                if (job->state != "running") break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        const json status = job_json(*job);
        if (status["state"] == "failed") {
            std::lock_guard lock(jobs_mutex);
            throw *job->error;
        }
        Response out = status["state"] == "done" ? json_response(job->status, status["result"])
                                                 : json_response(202, {{"job", status}});
        out.headers.emplace_back("Location", "/api/v1/jobs/" + job->id);
        return out;
    }

    json job_json(const Job& job) {
        std::lock_guard lock(jobs_mutex);
        json out = {{"id", job.id}, {"state", job.state}};
        if (job.state == "running") {
            // An estimate from the measured speed of earlier runs: the review itself cannot report.
            const double elapsed =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - job.started).count();
            out["progress"] = std::min(0.95, elapsed / job.expected_seconds);
        } else {
            out["progress"] = 1.0;
        }
        if (job.state == "done") out["result"] = job.result;
        if (job.state == "failed") {
            out["error"] = {{"code", job.error->code()}, {"message", job.error->what()}};
            if (job.error->extra().is_object())
                for (const auto& [key, value] : job.error->extra().items()) out[key] = value;
        }
        return out;
    }

    void add(const char* method, const char* pattern, const char* summary, Handler handler) {
        const RoutePolicy& policy = policy_for(method, pattern);
        router.add({method, pattern, policy.capability, summary, std::move(handler), policy.heavy});
    }
    void register_routes(Api& api);
    // Routing, sign-in, capability and CSRF checks, then the handler (Api::handle maps errors).
    Response dispatch(Request& request, std::string& user);
    // Each group of routes, by server/routes_*.cpp.
    void register_session_routes(Api& api);
    void register_household_routes();
    void register_round_routes();
    void register_import_routes();
    void register_plan_routes();
};

}  // namespace giamngheo::server
