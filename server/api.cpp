#include "server/api.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <filesystem>
#include <list>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <unordered_map>

#include "app/households.hpp"
#include "app/review.hpp"
#include "app/statistics.hpp"
#include "core/classify.hpp"
#include "core/standard.hpp"
#include "io/xlsx.hpp"
#include "server/authorization.hpp"
#include "server/errors.hpp"
#include "server/static_files.hpp"
#include "store/household_document.hpp"
#include "store/store.hpp"

namespace giamngheo::server {

using nlohmann::json;

namespace {

constexpr const char* kCookie = "giamngheo_session";

// The session Api::handle has checked, for the handler it calls on the same thread.
thread_local const Session* t_session = nullptr;

// Stores are not thread-safe: each request borrows one connection and gives it back.
class StorePool {
  public:
    explicit StorePool(std::string path) : path_(std::move(path)) {
        free_.push_back(store::open_sqlite_store(path_));
    }

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
        return Lease(*this, store::open_sqlite_store(path_));
    }

  private:
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
    std::string state = "running";
    double expected_seconds = 1;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    json result;
    std::string error;
};

std::string lower_ascii(std::string text) {
    for (auto& c : text)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return text;
}

long int_param(const Request& r, const std::string& name, long fallback, long min, long max) {
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

std::int64_t id_param(const Request& r, const char* what) {
    const std::string text = r.param("id");
    try {
        std::size_t used = 0;
        const long long value = std::stoll(text, &used);
        if (used == text.size() && value > 0) return value;
    } catch (const std::exception&) {
    }
    not_found(std::string("không có ") + what + " \"" + text + "\"");
}

std::optional<UnitMap> map_param(const Request& r) {
    const std::string text = r.query_value("map");
    if (text.empty()) return std::nullopt;
    if (text == "2024") return UnitMap::map2024;
    if (text == "2025") return UnitMap::map2025;
    bad_request("tham số \"map\" phải là 2024 hoặc 2025");
}

Date date_field(const json& body, const char* name) {
    if (!body.contains(name) || !body[name].is_string())
        bad_request(std::string("thiếu trường \"") + name + "\" (YYYY-MM-DD)");
    auto date = parse_iso_date(body[name].get<std::string>());
    if (!date) bad_request(std::string("trường \"") + name + "\": ngày không hợp lệ; cần YYYY-MM-DD");
    return *date;
}

json parse_body(const Request& r) {
    json body = json::parse(r.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) bad_request("nội dung yêu cầu phải là một đối tượng JSON");
    return body;
}

std::string text_of(const json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_null()) return {};
    if (value.is_boolean()) return value.get<bool>() ? "1" : "0";
    if (value.is_number_integer()) return std::to_string(value.get<long long>());
    if (value.is_number()) return value.dump();
    bad_request("giá trị phải là chuỗi, số hoặc true/false");
}

// A string member of a JSON body; missing or null gives `fallback`.
std::string string_field(const json& body, const char* name, const std::string& fallback = "") {
    auto it = body.find(name);
    return it == body.end() || it->is_null() ? fallback : text_of(*it);
}

json problems_json(const std::vector<io::Problem>& problems) {
    json out = json::array();
    for (const auto& p : problems)
        out.push_back({{"file", p.file}, {"row", p.row}, {"column", p.column}, {"message", p.message}});
    return out;
}

json table_rows(const io::Table& table, const std::vector<std::size_t>& rows) {
    json out = json::array();
    for (std::size_t i : rows) {
        json row = json::object();
        for (std::size_t c = 0; c < table.header.size() && c < table.rows[i].size(); ++c)
            row[table.header[c]] = table.rows[i][c];
        out.push_back(std::move(row));
    }
    return out;
}

struct Multipart {
    std::string name, filename, content;
};

std::vector<Multipart> parse_multipart(const Request& r) {
    const std::string type = r.header("content-type");
    const auto at = type.find("boundary=");
    if (type.rfind("multipart/form-data", 0) != 0 || at == std::string::npos)
        bad_request("cần gửi tệp dạng multipart/form-data (households, members)");
    std::string boundary = type.substr(at + 9);
    if (const auto semi = boundary.find(';'); semi != std::string::npos) boundary.resize(semi);
    if (boundary.size() >= 2 && boundary.front() == '"') boundary = boundary.substr(1, boundary.size() - 2);
    const std::string delimiter = "--" + boundary;
    std::vector<Multipart> parts;
    std::size_t pos = r.body.find(delimiter);
    while (pos != std::string::npos) {
        pos += delimiter.size();
        if (r.body.compare(pos, 2, "--") == 0) break;
        const std::size_t headers_end = r.body.find("\r\n\r\n", pos);
        if (headers_end == std::string::npos) break;
        const std::string headers = r.body.substr(pos, headers_end - pos);
        const std::size_t next = r.body.find("\r\n" + delimiter, headers_end + 4);
        if (next == std::string::npos) break;
        Multipart part;
        part.content = r.body.substr(headers_end + 4, next - headers_end - 4);
        auto attribute = [&](const std::string& key) {
            const auto k = headers.find(key + "=\"");
            if (k == std::string::npos) return std::string{};
            const auto start = k + key.size() + 2;
            return headers.substr(start, headers.find('"', start) - start);
        };
        part.name = attribute(" name");
        part.filename = attribute("filename");
        parts.push_back(std::move(part));
        pos = next + 2;
    }
    return parts;
}

// A scratch directory removed when it goes out of scope.
struct ScratchDir {
    std::filesystem::path path;
    ScratchDir() {
        static std::atomic<long> counter{0};
        path = std::filesystem::temp_directory_path() /
               ("giamngheo-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
        std::filesystem::create_directories(path);
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

}  // namespace

struct Api::State {
    ApiOptions options;
    StorePool stores;
    Accounts accounts;
    Throttle throttle{5, std::chrono::minutes(15)};
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

    std::mutex jobs_mutex;
    std::map<std::string, std::shared_ptr<Job>> jobs;
    std::vector<std::thread> job_threads;
    std::atomic<double> seconds_per_household{20e-6};

    explicit State(ApiOptions o)
        : options(std::move(o)),
          stores(options.db_path),
          accounts(options.db_path),
          units(stores.borrow()->load_units()),
          scope(std::make_unique<Scope>(units, options.env.area_rules(), options.env.today)) {}

    ~State() {
        for (auto& t : job_threads) t.join();
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

    std::shared_ptr<Job> new_job(const std::string& owner, double expected_seconds) {
        auto job = std::make_shared<Job>();
        job->id = random_token(12);
        job->owner = owner;
        job->expected_seconds = std::max(expected_seconds, 0.5);
        std::lock_guard lock(jobs_mutex);
        jobs[job->id] = job;
        return job;
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
        if (job.state == "failed") out["error"] = {{"code", "job_failed"}, {"message", job.error}};
        return out;
    }

    void register_routes(Api& api);
};

namespace {

Response json_response(int status, const json& body) {
    return Response::json(status, body.dump(-1, ' ', false, json::error_handler_t::replace));
}

Response error_response(const ApiError& e) {
    json body = {{"error", {{"code", e.code()}, {"message", e.what()}}}};
    if (e.extra().is_object())
        for (const auto& [key, value] : e.extra().items()) body[key] = value;
    Response r = json_response(e.status(), body);
    if (e.status() == 401) r.headers.emplace_back("WWW-Authenticate", "Cookie");
    return r;
}

void add_security_headers(Response& r) {
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    r.headers.emplace_back("X-Frame-Options", "DENY");
    r.headers.emplace_back("Referrer-Policy", "same-origin");
}

bool is_write(const std::string& method) {
    return method == "POST" || method == "PUT" || method == "DELETE" || method == "PATCH";
}

}  // namespace

void Api::State::register_routes(Api& api) {
    auto add = [&](const char* method, const char* pattern, const char* summary, Handler handler) {
        const RoutePolicy& policy = policy_for(method, pattern);
        router.add({method, pattern, policy.capability, summary, std::move(handler)});
    };
    State& st = *this;

    add("GET", "/healthz", "Máy chủ đang chạy", [](Request&) {
        return json_response(200, {{"status", "ok"}});
    });
    add("GET", "/api/v1/openapi.json", "Tài liệu OpenAPI 3 của API này",
        [&api](Request&) { return json_response(200, api.openapi()); });

    // ---- session and users ----
    add("POST", "/api/v1/session", "Đăng nhập", [&st](Request& r) {
        const json body = parse_body(r);
        const std::string username = string_field(body, "username"),
                          password = string_field(body, "password");
        // Behind the TLS proxy every request comes from the proxy: count the client it names.
        std::string address = r.remote_address;
        if (const std::string forwarded = r.header("x-forwarded-for");
            st.options.tls_proxy && !forwarded.empty())
            address = forwarded.substr(
                forwarded.find_last_of(',') == std::string::npos ? 0 : forwarded.find_last_of(',') + 1);
        if (st.throttle.blocked(username, address))
            throw ApiError(429, "too_many_attempts",
                           "Đăng nhập sai quá nhiều lần; vui lòng thử lại sau 15 phút.");
        auto session = st.accounts.sign_in(username, password);
        if (!session) {
            st.throttle.failed(username, address);
            throw ApiError(401, "invalid_credentials", "Tên đăng nhập hoặc mật khẩu không đúng.");
        }
        st.throttle.succeeded(username);
        Response out =
            json_response(200, {{"user", st.user_json(session->user)}, {"csrf_token", session->csrf_token}});
        const bool secure = st.options.tls_proxy || lower_ascii(r.header("x-forwarded-proto")) == "https";
        out.headers.emplace_back("Set-Cookie", std::string(kCookie) + "=" + session->token +
                                                   "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                                                   std::to_string(Accounts::kSessionLifetime.count() * 3600) +
                                                   (secure ? "; Secure" : ""));
        out.user = username;
        return out;
    });
    add("DELETE", "/api/v1/session", "Đăng xuất", [&st](Request& r) {
        st.accounts.sign_out(r.cookie(kCookie));
        Response out = Response::no_content();
        out.headers.emplace_back("Set-Cookie",
                                 std::string(kCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        return out;
    });
    add("GET", "/api/v1/me", "Người dùng đang đăng nhập", [&st](Request& r) {
        const Session s = st.session_of(r);
        return json_response(200, {{"user", st.user_json(s.user)}, {"csrf_token", s.csrf_token}});
    });
    add("GET", "/api/v1/users", "Danh sách người dùng (trong đơn vị của bạn)", [&st](Request& r) {
        const Session s = st.session_of(r);
        const std::string unit = st.unit_param(r, s);
        json out = json::array();
        for (const auto& u : st.accounts.users())
            if (unit.empty() || (!u.unit_code.empty() && st.scope->unit_within(u.unit_code, unit)))
                out.push_back(st.user_json(u));
        return json_response(200, out);
    });
    auto check_assignment = [&st](const Session& s, Role role, const std::string& unit) {
        if (role == Role::admin && s.user.role != Role::admin)
            throw ApiError(403, "forbidden_role", "Chỉ quản trị hệ thống mới tạo được tài khoản quản trị.");
        if (unit.empty() && role != Role::admin) bad_request("cần mã đơn vị (unit_code) cho vai trò này");
        if (!unit.empty() && !st.units.contains(unit))
            bad_request("không có đơn vị hành chính \"" + unit + "\"");
        if (unit.empty() ? !s.user.unit_code.empty() : !st.scope->unit_within(unit, s.user.unit_code))
            forbidden_scope();
    };
    auto check_password = [](const std::string& password) {
        if (password.size() < 10) bad_request("mật khẩu cần ít nhất 10 ký tự");
    };
    add("POST", "/api/v1/users", "Tạo người dùng", [&st, check_assignment, check_password](Request& r) {
        const Session s = st.session_of(r);
        const json body = parse_body(r);
        User u;
        u.username = string_field(body, "username");
        if (u.username.size() < 3 || u.username.size() > 32 ||
            !std::all_of(u.username.begin(), u.username.end(), [](char c) {
                return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
            }))
            bad_request("tên đăng nhập gồm 3–32 ký tự a-z, 0-9, dấu chấm, gạch dưới hoặc gạch ngang");
        u.full_name = string_field(body, "full_name");
        const auto role = parse_role(string_field(body, "role"));
        if (!role)
            bad_request("vai trò phải là admin, province_officer, commune_officer, reviewer hoặc viewer");
        u.role = *role;
        u.unit_code = string_field(body, "unit_code");
        check_assignment(s, u.role, u.unit_code);
        const std::string password = string_field(body, "password");
        check_password(password);
        if (st.accounts.user(u.username))
            throw ApiError(409, "conflict", "Tên đăng nhập \"" + u.username + "\" đã có.");
        st.accounts.put_user(u, password, s.user.username);
        return json_response(201, st.user_json(u));
    });
    add("PUT", "/api/v1/users/{username}", "Sửa người dùng",
        [&st, check_assignment, check_password](Request& r) {
            const Session s = st.session_of(r);
            const json body = parse_body(r);
            auto before = st.accounts.user(r.param("username"));
            if (!before) not_found("không có người dùng \"" + r.param("username") + "\"");
            if (before->unit_code.empty() ? !s.user.unit_code.empty()
                                          : !st.scope->unit_within(before->unit_code, s.user.unit_code))
                forbidden_scope();
            std::optional<Role> role;
            if (body.contains("role")) {
                role = parse_role(text_of(body["role"]));
                if (!role) bad_request("vai trò không hợp lệ");
            }
            std::optional<std::string> unit, full_name, password;
            if (body.contains("unit_code")) unit = text_of(body["unit_code"]);
            if (body.contains("full_name")) full_name = text_of(body["full_name"]);
            if (body.contains("password")) check_password(*(password = text_of(body["password"])));
            check_assignment(s, role.value_or(before->role), unit.value_or(before->unit_code));
            std::optional<bool> disabled;
            if (body.contains("disabled"))
                disabled = body["disabled"].is_boolean() ? body["disabled"].get<bool>()
                                                         : text_of(body["disabled"]) == "1";
            st.accounts.update_user(before->username, full_name, role, unit, password, disabled,
                                    s.user.username);
            return json_response(200, st.user_json(*st.accounts.user(before->username)));
        });

    // ---- units and standards ----
    auto unit_json = [&st](const UnitVersion& u) {
        return json{{"code", u.code},
                    {"name", u.name},
                    {"full_name", u.full_name},
                    {"type", u.type},
                    {"level", to_string(u.level)},
                    {"parent_code", u.parent_code},
                    {"area", u.level == UnitLevel::commune ? st.options.env.area_rules().area_of(u) : ""},
                    {"map", static_cast<int>(u.map)}};
    };
    add("GET", "/api/v1/units", "Các đơn vị con của một đơn vị (không có parent: các tỉnh)",
        [&st, unit_json](Request& r) {
            st.session_of(r);
            const UnitMap map = map_param(r).value_or(UnitCatalogue::map_at(st.options.env.today));
            const std::string parent = r.query_value("parent");
            json out = json::array();
            for (UnitLevel level : {UnitLevel::province, UnitLevel::district, UnitLevel::commune})
                for (const auto* u : st.units.units(map, level, st.options.env.today))
                    if (u->parent_code == parent) out.push_back(unit_json(*u));
            return json_response(200, out);
        });
    add("GET", "/api/v1/units/{code}", "Một đơn vị và các cấp trên", [&st, unit_json](Request& r) {
        st.session_of(r);
        const std::string code = r.param("code");
        const auto map = map_param(r) ? map_param(r) : st.units.map_of(code, st.options.env.today);
        const UnitVersion* u = map ? st.units.find(code, *map, st.options.env.today) : nullptr;
        if (!u) not_found("không có đơn vị hành chính \"" + code + "\"");
        json out = unit_json(*u);
        out["ancestors"] = json::array();
        for (const UnitVersion* p = st.units.find(u->parent_code, u->map); p;
             p = st.units.find(p->parent_code, p->map))
            out["ancestors"].insert(out["ancestors"].begin(), unit_json(*p));
        return json_response(200, out);
    });
    add("GET", "/api/v1/standards", "Các chuẩn nghèo", [&st](Request& r) {
        st.session_of(r);
        json out = json::array();
        for (const auto& id : st.options.env.standard_ids()) {
            const Standard s = app::standard_from_document(st.options.env.standard_document(id));
            json indicators = json::array();
            for (const auto& rule : s.indicators)
                indicators.push_back({{"key", rule.key}, {"name", rule.name}, {"dimension", rule.dimension}});
            out.push_back({{"id", s.id}, {"name", s.name}, {"status", s.status}, {"indicators", indicators}});
        }
        return json_response(200, out);
    });

    // ---- households ----
    add("GET", "/api/v1/households", "Danh sách hộ có phân trang và lọc", [&st](Request& r) {
        const Session s = st.session_of(r);
        const std::string unit = st.unit_param(r, s), village = r.query_value("village");
        const std::string wanted_class = r.query_value("class"), flag = r.query_value("flag");
        const std::string q = app::search_fold(r.query_value("q"));
        // Searching by personal id would tell those who see ids masked whose id it is.
        const bool full_ids = sees_personal_ids(s.user.role);
        const long page = int_param(r, "page", 1, 1, 1000000),
                   page_size = int_param(r, "page_size", 50, 1, 500);
        std::shared_ptr<const RoundData> round;
        if (!r.query_value("round").empty()) {
            round = st.visible_round(int_param(r, "round", 0, 1, 1L << 40), s);
        } else if (!wanted_class.empty() || !flag.empty()) {
            auto all = st.stores.borrow()->rounds();
            if (all.empty()) bad_request("chưa có kỳ rà soát nào để lọc theo phân loại");
            round = st.visible_round(all.back().id, s);
        }
        int flag_bit = -1;
        for (int b = 0; b < kHouseholdFlagCount; ++b)
            if (flag == kHouseholdFlagKeys[b]) flag_bit = b;
        if (!flag.empty() && flag_bit < 0) bad_request("đặc điểm hộ \"" + flag + "\" không hợp lệ");
        st.ensure_index();
        std::shared_lock lock(st.index_mutex);
        std::vector<const HouseholdEntry*> hits;
        for (const auto& e : st.index) {
            if (!e.under(s.user.unit_code) || !e.under(unit)) continue;
            if (!village.empty() && e.village != village) continue;
            if (!q.empty() && e.search.find(q) == std::string::npos &&
                !(full_ids && e.personal_ids.find(q) != std::string::npos))
                continue;
            if (round) {
                auto it = round->by_household.find(e.id);
                if ((!wanted_class.empty() || flag_bit >= 0) && it == round->by_household.end()) continue;
                if (it != round->by_household.end()) {
                    const auto& row = round->rows[it->second];
                    if (!wanted_class.empty() && row.household_class != wanted_class) continue;
                    if (flag_bit >= 0 && !((row.flags >> flag_bit) & 1)) continue;
                }
            }
            hits.push_back(&e);
        }
        const std::string sort = r.query_value("sort", "household_id");
        if (sort == "head_name")
            std::stable_sort(hits.begin(), hits.end(),
                             [](auto* a, auto* b) { return a->head_name < b->head_name; });
        else if (sort == "unit_code")
            std::stable_sort(hits.begin(), hits.end(),
                             [](auto* a, auto* b) { return a->unit_code < b->unit_code; });
        else if (sort == "-household_id")
            std::reverse(hits.begin(), hits.end());
        else if (sort != "household_id")
            bad_request("sắp xếp theo household_id, -household_id, head_name hoặc unit_code");
        json items = json::array();
        for (std::size_t i = static_cast<std::size_t>((page - 1) * page_size);
             i < hits.size() && i < static_cast<std::size_t>(page * page_size); ++i) {
            const auto& e = *hits[i];
            json item = {{"household_id", e.id},
                         {"unit_code", e.unit_code},
                         {"current_unit_code", e.current_unit_code},
                         {"unit_name", st.unit_name(e.places[0].empty() ? e.unit_code : e.places[0])},
                         {"village", e.village},
                         {"head_name", e.head_name},
                         {"members", e.members},
                         {"version", e.version}};
            if (round) {
                auto it = round->by_household.find(e.id);
                if (it != round->by_household.end()) {
                    const auto& row = round->rows[it->second];
                    item["class"] = row.household_class;
                    item["transition"] = row.transition;
                    item["deprivation_count"] = row.deprivation_count;
                }
            }
            items.push_back(std::move(item));
        }
        return json_response(200, {{"total", hits.size()},
                                   {"page", page},
                                   {"page_size", page_size},
                                   {"round", round ? json(round->record.id) : json(nullptr)},
                                   {"items", items}});
    });
    add("GET", "/api/v1/households/{id}", "Hồ sơ một hộ (ETag là phiên bản)", [&st](Request& r) {
        const Session s = st.session_of(r);
        const auto stored = st.household_in_scope(*st.stores.borrow(), s, r.param("id"));
        Response out = json_response(200, st.household_json(stored, s));
        out.headers.emplace_back("ETag", State::etag(stored.version));
        return out;
    });
    add("PUT", "/api/v1/households/{id}", "Sửa hồ sơ hộ (cần If-Match)", [&st](Request& r) {
        const Session s = st.session_of(r);
        const std::string id = r.param("id");
        std::string match = r.header("if-match");
        if (match.rfind("W/", 0) == 0) match = match.substr(2);
        if (match.size() >= 2 && match.front() == '"') match = match.substr(1, match.size() - 2);
        if (match.empty())
            throw ApiError(428, "precondition_required",
                           "Thiếu phiên bản hồ sơ (If-Match); hãy tải lại hồ sơ trước khi sửa.");
        const json body = parse_body(r);
        app::HouseholdFields fields;
        for (const auto& [key, value] : body.items()) {
            if (key == "members" || key == "version") continue;
            fields.household.emplace_back(key, text_of(value));
        }
        if (body.contains("household_id") && text_of(body["household_id"]) != id)
            bad_request("household_id trong nội dung khác với địa chỉ");
        if (!body.contains("household_id")) fields.household.emplace_back("household_id", id);
        if (body.contains("members") && !body["members"].is_array())
            bad_request("\"members\" phải là một mảng");

        std::lock_guard write(st.write_mutex);
        auto lease = st.stores.borrow();
        const store::StoredHousehold current = st.household_in_scope(*lease, s, id);
        if (std::to_string(current.version) != match)
            throw ApiError(412, "stale_version",
                           "Hồ sơ hộ " + id + " đã được người khác sửa (phiên bản " +
                               std::to_string(current.version) +
                               ") sau khi bạn mở nó; các thay đổi của bạn chưa được lưu. Hãy xem giá trị "
                               "hiện tại và sửa lại.",
                           {{"current", st.household_json(current, s)}});
        for (const auto& member :
             body.contains("members") && body["members"].is_array() ? body["members"] : json::array()) {
            if (!member.is_object()) bad_request("mỗi thành viên phải là một đối tượng JSON");
            std::vector<std::pair<std::string, std::string>> row;
            for (const auto& [key, value] : member.items()) row.emplace_back(key, text_of(value));
            // A masked personal id sent back unchanged keeps the stored one.
            auto pid =
                std::find_if(row.begin(), row.end(), [](const auto& f) { return f.first == "personal_id"; });
            auto mid =
                std::find_if(row.begin(), row.end(), [](const auto& f) { return f.first == "member_id"; });
            if (pid != row.end() && mid != row.end() && pid->second.find('*') != std::string::npos)
                for (const auto& m : current.household.members)
                    if (m.member_id == mid->second && mask_personal_id(m.personal_id) == pid->second)
                        pid->second = m.personal_id;
            fields.members.push_back(std::move(row));
        }
        auto validated = app::validate_household(st.options.env, st.units, fields);
        if (!validated.problems.empty())
            throw ApiError(422, "invalid_household",
                           "Hồ sơ hộ có " + std::to_string(validated.problems.size()) + " lỗi.",
                           {{"problems", problems_json(validated.problems)}});
        const Household& edited = validated.household;
        if (!st.scope->household_within({edited.unit_code, edited.current_unit_code}, s.user.unit_code))
            forbidden_scope();
        const std::string source = "PUT /api/v1/households/" + id;
        store::ImportSummary summary;
        try {
            summary = lease->apply_households({edited}, {s.user.username, source});
        } catch (const std::runtime_error& e) {
            throw ApiError(409, "conflict", e.what());
        }
        const auto stored = *lease->load_household(id, std::nullopt);
        if (stored.version != current.version) {
            json changes = json::array();
            const bool full_ids = sees_personal_ids(s.user.role);
            for (const auto& c : app::diff_households(current.household, stored.household))
                changes.push_back(
                    {{"field", c.field},
                     {"member_id", c.member_id},
                     {"old",
                      c.field == "personal_id" && !full_ids ? mask_personal_id(c.old_value) : c.old_value},
                     {"new",
                      c.field == "personal_id" && !full_ids ? mask_personal_id(c.new_value) : c.new_value}});
            st.accounts.record(
                {"",
                 s.user.username,
                 "household.edit",
                 source,
                 id,
                 "",
                 {{"old_version", current.version}, {"new_version", stored.version}, {"changes", changes}}},
                summary.change_set);
            st.refresh_entries(*lease, {id});
        }
        Response out = json_response(200, st.household_json(stored, s));
        out.headers.emplace_back("ETag", State::etag(stored.version));
        return out;
    });
    add("GET", "/api/v1/households/{id}/history", "Lịch sử thay đổi của hộ: ai, khi nào, cũ → mới",
        [&st](Request& r) {
            const Session s = st.session_of(r);
            auto lease = st.stores.borrow();
            st.household_in_scope(*lease, s, r.param("id"));
            const bool full_ids = sees_personal_ids(s.user.role);
            json out = json::array();
            Household previous;
            for (const auto& entry : lease->household_history(r.param("id"))) {
                const Household h = store::from_document(entry.document);
                json changes = json::array();
                for (const auto& c : app::diff_households(previous, h)) {
                    json change = {
                        {"field", c.field},
                        {"old",
                         c.field == "personal_id" && !full_ids ? mask_personal_id(c.old_value) : c.old_value},
                        {"new", c.field == "personal_id" && !full_ids ? mask_personal_id(c.new_value)
                                                                      : c.new_value}};
                    if (!c.member_id.empty()) change["member_id"] = c.member_id;
                    changes.push_back(std::move(change));
                }
                out.push_back({{"version", entry.version},
                               {"at", entry.at},
                               {"user", entry.user},
                               {"source", entry.source},
                               {"changes", changes}});
                previous = h;
            }
            std::reverse(out.begin(), out.end());
            return json_response(200, out);
        });
    add("GET", "/api/v1/households/{id}/results", "Phân loại của hộ qua các kỳ rà soát", [&st](Request& r) {
        const Session s = st.session_of(r);
        const std::string id = r.param("id");
        std::vector<store::RoundRecord> all;
        {
            auto lease = st.stores.borrow();
            st.household_in_scope(*lease, s, id);
            all = lease->rounds();
        }
        json out = json::array();
        for (const auto& record : all) {
            auto data = st.round_data(record.id);
            auto it = data->by_household.find(id);
            if (it == data->by_household.end()) continue;
            const auto& row = data->rows[it->second];
            json indicators = json::object();
            for (std::size_t k = 0; k < data->indicator_keys.size() && k < row.indicators.size(); ++k)
                indicators[data->indicator_keys[k]] =
                    row.indicators[k] == '?' ? "" : std::string(1, row.indicators[k]);
            out.push_back({{"round_id", record.id},
                           {"year", record.year},
                           {"kind", record.kind},
                           {"reference_date", record.reference_date.iso()},
                           {"standard", record.standard_id},
                           {"status", record.status == store::RoundStatus::approved ? "approved" : "draft"},
                           {"class", row.household_class},
                           {"income_test", row.income_test},
                           {"transition", row.transition},
                           {"deprivation_count", row.deprivation_count},
                           {"score_b", row.score_b},
                           {"household_version", row.household_version},
                           {"indicators", indicators}});
        }
        return json_response(200, out);
    });
    add("GET", "/api/v1/households/{id}/explain", "Vì sao hộ có phân loại này (tiếng Việt)",
        [&st](Request& r) {
            const Session s = st.session_of(r);
            const std::string id = r.param("id");
            auto lease = st.stores.borrow();
            st.household_in_scope(*lease, s, id);
            std::int64_t round = r.query_value("round").empty() ? 0 : int_param(r, "round", 0, 1, 1L << 40);
            if (round == 0) {
                const auto all = lease->rounds();
                for (auto it = all.rbegin(); it != all.rend() && round == 0; ++it)
                    if (st.round_data(it->id)->by_household.count(id)) round = it->id;
                if (round == 0) not_found("hộ \"" + id + "\" chưa có trong kỳ rà soát nào");
            }
            const auto data = st.visible_round(round, s);
            if (!data->by_household.count(id))
                not_found("hộ \"" + id + "\" không có trong kỳ rà soát " + std::to_string(round));
            const auto e = app::explain_household(*lease, round, id);
            json indicators = json::array();
            for (const auto& i : e.indicators)
                indicators.push_back({{"key", i.key},
                                      {"name", i.name},
                                      {"value", i.value},
                                      {"detail", i.detail},
                                      {"members", i.members},
                                      {"missing", i.missing},
                                      {"overridden", i.overridden}});
            return json_response(200, {{"round_id", round},
                                       {"text", e.text},
                                       {"class", e.household_class},
                                       {"income_test", e.income_test},
                                       {"reason", e.reason},
                                       {"indicators", indicators}});
        });

    // ---- rounds ----
    add("GET", "/api/v1/rounds", "Các kỳ rà soát", [&st](Request& r) {
        const Session s = st.session_of(r);
        const std::string unit = st.unit_param(r, s);
        json out = json::array();
        for (const auto& record : st.stores.borrow()->rounds()) {
            if (!st.scope->round_visible(record.scope, s.user.unit_code) ||
                !st.scope->round_visible(record.scope, unit))
                continue;
            out.push_back(st.round_json(*st.round_data(record.id), unit));
        }
        return json_response(200, out);
    });
    add("POST", "/api/v1/rounds", "Chạy một kỳ rà soát (việc dài: trả về mã công việc)", [&st](Request& r) {
        const Session s = st.session_of(r);
        const json body = parse_body(r);
        app::RoundSpec spec;
        if (!body.contains("year") || !body["year"].is_number_integer())
            bad_request("thiếu năm rà soát (year)");
        spec.year = body["year"].get<int>();
        spec.kind = string_field(body, "kind", "periodic");
        spec.scope = string_field(body, "scope", s.user.unit_code);
        spec.reference_date = date_field(body, "reference_date");
        spec.standard = string_field(body, "standard", "vn-2022");
        if (spec.standard.find('/') != std::string::npos || spec.standard.find('.') != std::string::npos)
            bad_request("chuẩn nghèo \"" + spec.standard + "\" không hợp lệ");
        if (!spec.scope.empty() && !st.units.contains(spec.scope))
            bad_request("không có đơn vị \"" + spec.scope + "\"");
        st.require_unit(s, spec.scope);
        const long households = st.stores.borrow()->household_count();
        auto job = st.new_job(s.user.username, static_cast<double>(households) * st.seconds_per_household);
        const std::string user = s.user.username;
        std::unique_lock lock(st.jobs_mutex);
        st.job_threads.emplace_back([&st, job, spec, user, households] {
            const auto started = std::chrono::steady_clock::now();
            try {
                auto lease = st.stores.borrow();
                const auto result =
                    app::run_round(*lease, st.options.env, spec, {user, "POST /api/v1/rounds"});
                const auto record = *lease->round(result.round_id);
                st.accounts.record({"",
                                    user,
                                    "round.run",
                                    "POST /api/v1/rounds",
                                    "",
                                    "round " + std::to_string(result.round_id),
                                    {{"year", spec.year},
                                     {"scope", spec.scope},
                                     {"standard", record.standard_id},
                                     {"reference_date", spec.reference_date.iso()},
                                     {"households", result.households}}});
                const json round = st.round_json(*st.round_data(result.round_id), "");
                const double took =
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
                if (households > 0) st.seconds_per_household = took / static_cast<double>(households);
                std::lock_guard done(st.jobs_mutex);
                job->result = round;
                job->state = "done";
            } catch (const std::exception& e) {
                std::lock_guard done(st.jobs_mutex);
                job->error = e.what();
                job->state = "failed";
            }
        });
        lock.unlock();
        // Answer with the round when it is done within a second, else with the job to follow.
        for (int i = 0; i < 100; ++i) {
            {
                std::lock_guard check(st.jobs_mutex);
                if (job->state != "running") break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        const json status = st.job_json(*job);
        if (status["state"] == "failed")
            throw ApiError(422, "round_failed", status["error"]["message"].get<std::string>());
        Response out = status["state"] == "done" ? json_response(201, status["result"])
                                                 : json_response(202, {{"job", status}});
        out.headers.emplace_back("Location", "/api/v1/jobs/" + job->id);
        return out;
    });
    add("POST", "/api/v1/rounds/{id}/approve", "Phê duyệt kỳ rà soát", [&st](Request& r) {
        const Session s = st.session_of(r);
        const std::int64_t id = id_param(r, "kỳ rà soát");
        const auto data = st.visible_round(id, s);
        // Approving decides for every household of the round: the round must lie within the user's unit.
        st.require_unit(s, data->record.scope);
        const Date decision = date_field(parse_body(r), "decision_date");
        {
            std::lock_guard write(st.write_mutex);
            app::approve_round(*st.stores.borrow(), id, decision,
                               {s.user.username, "POST /api/v1/rounds/" + std::to_string(id) + "/approve"});
        }
        st.accounts.record({"",
                            s.user.username,
                            "round.approve",
                            "POST /api/v1/rounds/" + std::to_string(id) + "/approve",
                            "",
                            "round " + std::to_string(id),
                            {{"old", {{"status", "draft"}}},
                             {"new", {{"status", "approved"}, {"decision_date", decision.iso()}}}}});
        st.forget_round(id);
        return json_response(200, st.round_json(*st.round_data(id), s.user.unit_code));
    });
    add("GET", "/api/v1/rounds/{id}/results", "Kết quả của kỳ rà soát (phân trang)", [&st](Request& r) {
        const Session s = st.session_of(r);
        const auto data = st.visible_round(id_param(r, "kỳ rà soát"), s);
        const std::string unit = st.unit_param(r, s), wanted = r.query_value("class");
        const long page = int_param(r, "page", 1, 1, 1000000),
                   page_size = int_param(r, "page_size", 50, 1, 500);
        const auto rows = st.rows_within(*data, unit);
        std::vector<std::size_t> hits;
        for (std::size_t i : *rows)
            if (wanted.empty() || data->rows[i].household_class == wanted) hits.push_back(i);
        json items = json::array();
        for (std::size_t k = static_cast<std::size_t>((page - 1) * page_size);
             k < hits.size() && k < static_cast<std::size_t>(page * page_size); ++k) {
            const auto& row = data->rows[hits[k]];
            json item = {{"household_id", row.household_id},
                         {"unit_code", row.unit_code},
                         {"village", row.village},
                         {"area", row.area},
                         {"class", row.household_class},
                         {"income_test", row.income_test},
                         {"deprivation_count", row.deprivation_count},
                         {"score_b", row.score_b},
                         {"transition", row.transition},
                         {"members", row.members}};
            for (std::size_t j = 0; j < data->indicator_keys.size() && j < row.indicators.size(); ++j)
                item[data->indicator_keys[j]] =
                    row.indicators[j] == '?' ? "" : std::string(1, row.indicators[j]);
            for (int b = 0; b < kHouseholdFlagCount; ++b)
                item[kHouseholdFlagKeys[b]] = (row.flags >> b) & 1 ? "1" : "0";
            items.push_back(std::move(item));
        }
        return json_response(
            200, {{"total", hits.size()}, {"page", page}, {"page_size", page_size}, {"items", items}});
    });
    add("GET", "/api/v1/rounds/{id}/stats", "Thống kê của kỳ rà soát theo cấp, trên bản đồ 2024 hoặc 2025",
        [&st](Request& r) {
            const Session s = st.session_of(r);
            const std::int64_t id = id_param(r, "kỳ rà soát");
            const std::string unit = st.unit_param(r, s);
            UnitLevel level = UnitLevel::province;
            if (!parse_unit_level(r.query_value("level", "province"), level))
                bad_request("cấp (level) phải là province, district, commune hoặc village");
            const auto requested_map = map_param(r);
            const std::string key = std::to_string(id) + "|" + to_string(level) + "|" +
                                    (requested_map ? std::to_string(static_cast<int>(*requested_map)) : "") +
                                    "|" + unit;
            st.require_round_visible(id, s);
            {
                std::lock_guard lock(st.cache_mutex);
                if (auto it = st.stats.find(key); it != st.stats.end())
                    return Response::json(200, *it->second);
            }
            const UnitMap map =
                requested_map.value_or(UnitCatalogue::map_at(st.record_of(id).reference_date));
            const auto table = st.stats_table(id, level, map);
            std::vector<std::size_t> rows;
            for (std::size_t i = 0; i < table->table.rows.size(); ++i) {
                const std::string& code = table->table.rows[i].front();
                if (unit.empty() ||
                    ((code != "ALL" && code != "UNPLACED") && st.scope->unit_within(code, unit)))
                    rows.push_back(i);
            }
            json body = {{"round_id", id},
                         {"level", to_string(level)},
                         {"map", static_cast<int>(map)},
                         {"unit", unit},
                         {"rows", table_rows(table->table, rows)},
                         {"unplaced", unit.empty() ? table->unplaced : 0}};
            // The unit's own figures (rates do not add up, so they come from the unit's own level).
            json total = nullptr;
            const UnitVersion* self = unit.empty() ? nullptr : st.units.find(unit, map);
            if (unit.empty()) {
                for (std::size_t i = 0; i < table->table.rows.size(); ++i)
                    if (table->table.rows[i].front() == "ALL") total = table_rows(table->table, {i}).front();
            } else if (self && !(self->level == UnitLevel::district && map == UnitMap::map2025)) {
                const auto own = st.stats_table(id, self->level, map);
                for (std::size_t i = 0; i < own->table.rows.size(); ++i)
                    if (own->table.rows[i].front() == unit) total = table_rows(own->table, {i}).front();
            }
            body["total"] = total;
            auto text = std::make_shared<const std::string>(
                body.dump(-1, ' ', false, json::error_handler_t::replace));
            std::lock_guard lock(st.cache_mutex);
            st.stats[key] = text;
            return Response::json(200, *text);
        });
    add("GET", "/api/v1/rounds/{id}/transitions", "Biến động so với các kỳ đã phê duyệt trước",
        [&st](Request& r) {
            const Session s = st.session_of(r);
            const auto data = st.visible_round(id_param(r, "kỳ rà soát"), s);
            const std::string unit = st.unit_param(r, s);
            std::unordered_map<std::string, std::string> previous;
            for (const auto& past : st.stores.borrow()->approved_results_before(data->record.reference_date))
                previous[past.household_id] = past.household_class;
            std::map<std::string, std::map<std::string, long>> matrix;
            std::map<std::string, long> counts;
            for (std::size_t i : *st.rows_within(*data, unit)) {
                const auto& row = data->rows[i];
                auto it = previous.find(row.household_id);
                ++matrix[it == previous.end() ? "none" : it->second][row.household_class];
                ++counts[row.transition];
            }
            return json_response(200, {{"matrix", matrix}, {"counts", counts}});
        });
    add("GET", "/api/v1/rounds/{id}/what-if", "Phân loại lại theo chuẩn khác: các hộ thay đổi",
        [&st](Request& r) {
            const Session s = st.session_of(r);
            const std::int64_t id = id_param(r, "kỳ rà soát");
            const auto data = st.visible_round(id, s);
            const std::string standard = r.query_value("standard");
            if (standard.empty() || standard.find('/') != std::string::npos ||
                standard.find('.') != std::string::npos)
                bad_request("cần tham số standard (mã chuẩn nghèo, ví dụ vn-2027)");
            const std::string unit = st.unit_param(r, s);
            const auto rows = st.rows_within(*data, unit);
            std::unordered_map<std::string, bool> in_scope;
            for (std::size_t i : *rows) in_scope[data->rows[i].household_id] = true;
            const io::Table table = app::what_if(*st.stores.borrow(), st.options.env, id, standard);
            json out = json::array();
            for (const auto& row : table.rows)
                if (in_scope.count(row[0]))
                    out.push_back({{"household_id", row[0]},
                                   {"unit_code", row[1]},
                                   {"class_before", row[2]},
                                   {"class_after", row[3]},
                                   {"income_test_before", row[4]},
                                   {"income_test_after", row[5]},
                                   {"deprivations_before", row[6]},
                                   {"deprivations_after", row[7]},
                                   {"changes", row[8]}});
            return json_response(200, out);
        });
    add("GET", "/api/v1/rounds/{id}/export.xlsx", "Kết quả kỳ rà soát dạng XLSX", [&st](Request& r) {
        const Session s = st.session_of(r);
        const std::int64_t id = id_param(r, "kỳ rà soát");
        const auto data = st.visible_round(id, s);
        const std::string unit = st.unit_param(r, s), wanted = r.query_value("class");
        std::unordered_map<std::string, bool> keep;
        for (std::size_t i : *st.rows_within(*data, unit))
            if (wanted.empty() || data->rows[i].household_class == wanted)
                keep[data->rows[i].household_id] = true;
        io::Table table = app::results_table(*st.stores.borrow(), id);
        std::erase_if(table.rows, [&](const auto& row) { return !keep.count(row[0]); });
        ScratchDir dir;
        const std::string path = (dir.path / "results.xlsx").string();
        io::write_xlsx_table(path, table, "results", {"deprivation_count", "score_b"});
        Response out;
        out.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        out.headers.emplace_back("Content-Disposition",
                                 "attachment; filename=\"ket-qua-ra-soat-" + std::to_string(id) + ".xlsx\"");
        out.body = io::read_file(path);
        return out;
    });

    // ---- imports, audit, jobs ----
    add("POST", "/api/v1/imports", "Nhập hộ và thành viên (CSV/XLSX); dry_run=1 chỉ kiểm tra",
        [&st](Request& r) {
            const Session s = st.session_of(r);
            const bool dry_run = r.query_value("dry_run") == "1" || r.query_value("dry_run") == "true";
            ScratchDir dir;
            std::map<std::string, std::string> paths;
            for (const auto& part : parse_multipart(r)) {
                if (part.name != "households" && part.name != "members") continue;
                const std::string extension =
                    lower_ascii(part.filename).ends_with(".xlsx") ? ".xlsx" : ".csv";
                const std::string original = part.filename.empty() ? part.name + extension : part.filename;
                const std::string path = (dir.path / (part.name + extension)).string();
                io::write_file_atomically(path, part.content);
                paths[part.name] = path;
                paths[part.name + ".name"] = std::filesystem::path(original).filename().string();
            }
            if (!paths.count("households") || !paths.count("members"))
                bad_request("cần hai tệp: households và members (CSV hoặc XLSX)");
            auto read = [&](const std::string& name) {
                io::Table table = io::read_table(paths[name]);
                table.source = paths[name + ".name"];
                return table;
            };
            const io::Table households = read("households"), members = read("members");
            const auto keys = st.options.env.all_indicator_keys();
            const io::InterchangeRules rules{[&](const std::string& code) { return st.units.contains(code); },
                                             {keys.begin(), keys.end()},
                                             st.options.env.today};
            io::ParsedHouseholds parsed = io::parse_interchange(households, members, rules);
            std::vector<io::Problem> outside;
            for (std::size_t i = 0; i < parsed.households.size(); ++i) {
                const auto& h = parsed.households[i];
                if (!st.scope->household_within({h.unit_code, h.current_unit_code}, s.user.unit_code))
                    outside.push_back({households.source,
                                       i < households.row_numbers.size() ? households.row_numbers[i] : 0,
                                       "unit_code",
                                       "hộ " + h.household_id + " thuộc đơn vị " + h.unit_code +
                                           ", ngoài đơn vị bạn được giao"});
            }
            if (!outside.empty())
                throw ApiError(403, "outside_scope",
                               "Tệp có " + std::to_string(outside.size()) + " hộ ngoài đơn vị bạn được giao.",
                               {{"problems", problems_json(outside)}});
            long member_count = 0;
            for (const auto& h : parsed.households) member_count += static_cast<long>(h.members.size());
            json body = {{"ok", parsed.problems.empty()},
                         {"dry_run", dry_run},
                         {"households", parsed.households.size()},
                         {"members", member_count},
                         {"problems", problems_json(parsed.problems)},
                         {"summary", nullptr}};
            if (!parsed.problems.empty()) return json_response(422, body);
            if (dry_run) return json_response(200, body);
            const std::string source = "POST /api/v1/imports: " + households.source + " + " + members.source;
            store::ImportSummary summary;
            {
                std::lock_guard write(st.write_mutex);
                auto lease = st.stores.borrow();
                try {
                    summary = lease->apply_households(parsed.households, {s.user.username, source});
                } catch (const std::runtime_error& e) {
                    throw ApiError(409, "conflict", e.what());
                }
                std::vector<std::string> ids;
                for (const auto& h : parsed.households) ids.push_back(h.household_id);
                st.refresh_entries(*lease, ids);
            }
            body["summary"] = {
                {"created", summary.created}, {"updated", summary.updated}, {"unchanged", summary.unchanged}};
            st.accounts.record({"", s.user.username, "households.import", source, "", "", body["summary"]},
                               summary.change_set);
            return json_response(200, body);
        });
    add("GET", "/api/v1/audit", "Nhật ký ghi: theo người dùng hoặc theo hộ", [&st](Request& r) {
        const Session s = st.session_of(r);
        const std::string user = r.query_value("user"), household = r.query_value("household");
        const long page = int_param(r, "page", 1, 1, 1000000),
                   page_size = int_param(r, "page_size", 50, 1, 500);
        std::vector<std::string> allowed;
        const bool restricted = !s.user.unit_code.empty();
        if (restricted) {
            for (const auto& u : st.accounts.users())
                if (!u.unit_code.empty() && st.scope->unit_within(u.unit_code, s.user.unit_code))
                    allowed.push_back(u.username);
            if (!user.empty() && std::find(allowed.begin(), allowed.end(), user) == allowed.end())
                forbidden_scope();
        }
        if (!household.empty()) st.household_in_scope(*st.stores.borrow(), s, household);
        // Everything about a household in scope may be seen, whoever wrote it; otherwise only
        // what users of the unit did.
        const auto result = st.accounts.audit(
            user, household, restricted && household.empty() ? &allowed : nullptr, page, page_size);
        json items = json::array();
        for (const auto& e : result.items) {
            json item = {{"at", e.at}, {"user", e.user}, {"action", e.action}, {"source", e.source}};
            if (!e.household_id.empty()) item["household_id"] = e.household_id;
            if (!e.target.empty()) item["target"] = e.target;
            if (!e.details.is_discarded() && !e.details.empty()) item["details"] = e.details;
            items.push_back(std::move(item));
        }
        return json_response(
            200, {{"total", result.total}, {"page", page}, {"page_size", page_size}, {"items", items}});
    });
    add("GET", "/api/v1/jobs/{id}", "Tiến độ một công việc dài", [&st](Request& r) {
        const Session s = st.session_of(r);
        std::shared_ptr<Job> job;
        {
            std::lock_guard lock(st.jobs_mutex);
            if (auto it = st.jobs.find(r.param("id")); it != st.jobs.end()) job = it->second;
        }
        if (!job || (job->owner != s.user.username && s.user.role != Role::admin))
            not_found("không có công việc này");
        return json_response(200, st.job_json(*job));
    });
}

Api::Api(ApiOptions options) : state_(std::make_unique<State>(std::move(options))) {
    state_->register_routes(*this);
    // The household list's index takes seconds for a national registry: build it now rather than
    // on the first officer's request. A failure here is met again, and reported, by that request.
    std::lock_guard lock(state_->jobs_mutex);
    state_->job_threads.emplace_back([st = state_.get()] {
        try {
            st->ensure_index();
        } catch (const std::exception&) {
        }
    });
}

Api::~Api() = default;

const Router& Api::router() const { return state_->router; }

Accounts& Api::accounts() { return state_->accounts; }

Response Api::handle(Request& request) {
    State& st = *state_;
    std::string user;
    Response response;
    try {
        const bool api = request.path == "/healthz" || request.path.rfind("/api/", 0) == 0;
        if (!api) {
            if (request.method == "GET" || request.method == "HEAD")
                if (auto file = serve_static(st.options.static_dir, request.path)) {
                    add_security_headers(*file);
                    return *file;
                }
            throw ApiError(404, "not_found", "Không tìm thấy trang này.");
        }
        const auto match = st.router.match(request);
        if (!match.route) {
            if (match.path_known)
                throw ApiError(405, "method_not_allowed", "Phương thức này không dùng được ở địa chỉ này.");
            throw ApiError(404, "not_found", "Không có địa chỉ API này.");
        }
        const Route& route = *match.route;
        std::optional<Session> session;
        if (route.capability != Capability::public_access) {
            session = st.session_of(request);
            user = session->user.username;
            if (!has_capability(session->user.role, route.capability))
                throw ApiError(403, "forbidden_role",
                               "Vai trò " + std::string(vietnamese_name(session->user.role)) +
                                   " không được làm việc này.");
            if (is_write(request.method) && request.header("x-csrf-token") != session->csrf_token)
                throw ApiError(403, "csrf",
                               "Thiếu hoặc sai mã chống giả mạo (X-CSRF-Token); hãy tải lại trang.");
        }
        struct Current {
            explicit Current(const Session* s) { t_session = s; }
            ~Current() { t_session = nullptr; }
        } current(session ? &*session : nullptr);
        response = route.handler(request);
    } catch (const ApiError& e) {
        response = error_response(e);
    } catch (const json::exception& e) {
        response = error_response(
            ApiError(400, "invalid_input", std::string("dữ liệu JSON không hợp lệ: ") + e.what()));
    } catch (const std::runtime_error& e) {
        response = error_response(ApiError(400, "invalid_input", e.what()));
    } catch (const std::exception& e) {
        response = error_response(ApiError(500, "internal", "Lỗi máy chủ; vui lòng thử lại sau."));
    }
    if (response.user.empty()) response.user = user;
    response.headers.emplace_back("Cache-Control", "no-store");
    add_security_headers(response);
    return response;
}

json Api::openapi() const {
    json paths = json::object();
    for (const auto& route : state_->router.routes()) {
        json operation = {
            {"summary", route.summary},
            {"x-capability", to_string(route.capability)},
            {"responses", {{"200", {{"description", "OK"}}}, {"default", {{"description", "Lỗi"}}}}}};
        json parameters = json::array();
        std::size_t at = 0;
        while ((at = route.pattern.find('{', at)) != std::string::npos) {
            const auto end = route.pattern.find('}', at);
            parameters.push_back({{"name", route.pattern.substr(at + 1, end - at - 1)},
                                  {"in", "path"},
                                  {"required", true},
                                  {"schema", {{"type", "string"}}}});
            at = end;
        }
        if (!parameters.empty()) operation["parameters"] = parameters;
        if (route.capability != Capability::public_access)
            operation["security"] = json::array({{{"cookieAuth", json::array()}}});
        std::string method = route.method;
        for (auto& c : method) c = static_cast<char>(c - 'A' + 'a');
        paths[route.pattern][method] = operation;
    }
    return {
        {"openapi", "3.0.3"},
        {"info",
         {{"title", "giamngheo API"},
          {"version", "1"},
          {"description", "API của hệ thống quản lý giảm nghèo bền vững (docs/API.md)"}}},
        {"paths", paths},
        {"components",
         {{"securitySchemes", {{"cookieAuth", {{"type", "apiKey"}, {"in", "cookie"}, {"name", kCookie}}}}}}}};
}

}  // namespace giamngheo::server
