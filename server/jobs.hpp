// Long work a request starts (an import, a review run): it runs on a bounded pool of its own, and
// the request answers with the work's own result when it ends within a second, else 202 and a job
// to follow at /api/v1/jobs/{id}. When every slot is taken the answer is "busy, retry" (503).
// A job's error is mapped as the request's would have been. Thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "server/error_map.hpp"
#include "server/errors.hpp"
#include "server/router.hpp"
#include "server/work_pool.hpp"

namespace giamngheo::server {

struct Job {
    std::string id, owner;
    std::string state = "running";  // running | done | failed
    double expected_seconds = 1;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    int status = 200;  // of the answer the work gave, when done
    nlohmann::json result;
    std::optional<ApiError> error;  // when failed
};

class Jobs {
  public:
    // `slots`: jobs at once (each may use every core); `queue`: accepted, waiting for a slot.
    Jobs(ErrorLog& log, int slots = 2, std::size_t queue = 2);

    // Starts `work` for `owner`; `expected_seconds` drives the progress estimate.
    std::shared_ptr<Job> start(const std::string& owner, double expected_seconds, std::function<Response()> work);
    // The job's own answer when it ends within a second, else 202 with the job; with Location.
    Response answer(const std::shared_ptr<Job>& job);
    // The job `id` when `user` may see it (its owner, or an administrator); nullptr otherwise.
    [[nodiscard]] std::shared_ptr<Job> find(const std::string& id, const std::string& user, bool administrator);
    [[nodiscard]] nlohmann::json status(const Job& job);

  private:
    ErrorLog& log_;
    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<Job>> jobs_;
    WorkPool pool_;  // last: its threads finish before the map they write to goes
};

}  // namespace giamngheo::server
