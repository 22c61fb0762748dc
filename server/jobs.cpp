#include "server/jobs.hpp"

#include <thread>

#include "server/http_helpers.hpp"

namespace giamngheo::server {

Jobs::Jobs(ErrorLog& log, int slots, std::size_t queue) : log_(log), pool_(slots, queue) {}

std::shared_ptr<Job> Jobs::start(const std::string& owner, double expected_seconds, std::function<Response()> work) {
    auto job = std::make_shared<Job>();
    job->id = random_hex(12);
    job->owner = owner;
    job->expected_seconds = std::max(expected_seconds, 0.5);
    {
        std::lock_guard lock(mutex_);
        jobs_[job->id] = job;
    }
    const bool accepted = pool_.try_submit([this, job, work = std::move(work)] {
        std::optional<Response> answer;
        std::optional<ApiError> error;
        try {
            answer = work();
        } catch (...) {
            error = to_api_error(std::current_exception(), job->id, "job", log_);
        }
        std::lock_guard done(mutex_);
        if (answer) {
            job->status = answer->status;
            job->result = json::parse(answer->body, nullptr, false);
            job->state = "done";
        } else {
            job->error = std::move(error);
            job->state = "failed";
        }
    });
    if (!accepted) {
        std::lock_guard lock(mutex_);
        jobs_.erase(job->id);
        throw ApiError(503, "busy",
                       "Máy chủ đang bận với các công việc lớn khác (nhập dữ liệu, rà soát); vui lòng thử lại sau "
                       "ít phút.",
                       {{"retry_after", 30}});
    }
    return job;
}

Response Jobs::answer(const std::shared_ptr<Job>& job) {
    for (int i = 0; i < 100; ++i) {
        {
            std::lock_guard check(mutex_);
            if (job->state != "running") break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const json now = status(*job);
    if (now["state"] == "failed") {
        std::lock_guard lock(mutex_);
        throw *job->error;
    }
    Response out = now["state"] == "done" ? json_response(job->status, now["result"]) : json_response(202, {{"job", now}});
    out.headers.emplace_back("Location", "/api/v1/jobs/" + job->id);
    return out;
}

std::shared_ptr<Job> Jobs::find(const std::string& id, const std::string& user, bool administrator) {
    std::lock_guard lock(mutex_);
    const auto it = jobs_.find(id);
    if (it == jobs_.end() || (it->second->owner != user && !administrator)) return nullptr;
    return it->second;
}

json Jobs::status(const Job& job) {
    std::lock_guard lock(mutex_);
    json out = {{"id", job.id}, {"state", job.state}};
    if (job.state == "running") {
        // An estimate from the measured speed of earlier runs: the work itself cannot report.
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - job.started).count();
        out["progress"] = std::min(0.95, elapsed / job.expected_seconds);
    } else {
        out["progress"] = 1.0;
    }
    if (job.state == "done") out["result"] = job.result;
    if (job.state == "failed") {
        // The error body the work would have been answered with had it taken no job, and its
        // status, so that a client reads a refusal (422 with its problems) the same either way.
        const json body = error_body(*job.error);  // kept: items() refers to it
        for (const auto& [key, value] : body.items())
            if (!out.contains(key)) out[key] = value;
        out["status"] = job.error->status();
    }
    return out;
}

}  // namespace giamngheo::server
