// A job's failure reads as the request's would have: answered at once, the Error body with its
// status; followed at /jobs/{id}, the same body with the status beside it (an import refused for
// its problems lists them either way).
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "server/http_helpers.hpp"
#include "server/jobs.hpp"

namespace giamngheo::server {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

const json kProblems = json::array({{{"file", "ho.csv"}, {"row", 2}, {"column", "unit_code"}, {"message", "thiếu"}}});

ApiError refusal() {
    return ApiError(422, "invalid_import", "Tệp có 1 lỗi; không có dữ liệu nào được ghi.",
                    {{"problems", kProblems}, {"households", 1}, {"members", 0}});
}

TEST(Jobs, AFailureWithinASecondIsTheRequestsOwnErrorBody) {
    std::ostringstream log_text;
    ErrorLog log(&log_text);
    Jobs jobs(log);
    const auto job = jobs.start("an", 1, []() -> Response { throw refusal(); });
    try {
        (void)jobs.answer(job);
        FAIL() << "the refusal was not thrown";
    } catch (const ApiError& e) {
        const Response r = error_response(e);
        EXPECT_EQ(r.status, 422);
        const json body = json::parse(r.body);
        EXPECT_EQ(body["error"]["code"], "invalid_import");
        EXPECT_EQ(body["problems"], kProblems);
        EXPECT_EQ(body["households"], 1);
    }
}

TEST(Jobs, AFailedJobCarriesTheErrorBodyAndItsStatus) {
    std::ostringstream log_text;
    ErrorLog log(&log_text);
    Jobs jobs(log);
    const auto job = jobs.start("an", 2, []() -> Response {
        std::this_thread::sleep_for(1500ms);  // past the second a request waits for its job
        throw refusal();
    });
    EXPECT_EQ(jobs.answer(job).status, 202);
    json status;
    for (int i = 0; i < 300; ++i) {
        status = jobs.status(*job);
        if (status["state"] != "running") break;
        std::this_thread::sleep_for(10ms);
    }
    ASSERT_EQ(status["state"], "failed") << status.dump();
    EXPECT_EQ(status["status"], 422);
    EXPECT_EQ(status["error"]["code"], "invalid_import");
    EXPECT_EQ(status["error"]["message"], "Tệp có 1 lỗi; không có dữ liệu nào được ghi.");
    EXPECT_EQ(status["problems"], kProblems);
    EXPECT_EQ(status["id"], job->id);
    EXPECT_TRUE(log_text.str().empty()) << "a refusal is no fault: " << log_text.str();
}

TEST(Jobs, AFaultInAJobNamesItsRequestInsideTheError) {
    std::ostringstream log_text;
    ErrorLog log(&log_text);
    Jobs jobs(log);
    const auto job = jobs.start("an", 2, []() -> Response {
        std::this_thread::sleep_for(1500ms);
        throw std::runtime_error("disk I/O error at /var/lib/giamngheo/store.db");
    });
    EXPECT_EQ(jobs.answer(job).status, 202);
    json status;
    for (int i = 0; i < 300 && (status = jobs.status(*job))["state"] == "running"; ++i) std::this_thread::sleep_for(10ms);
    ASSERT_EQ(status["state"], "failed") << status.dump();
    EXPECT_EQ(status["status"], 500);
    EXPECT_EQ(status["error"]["request_id"], job->id);
    EXPECT_EQ(status.dump().find("/var/lib"), std::string::npos) << status.dump();
    EXPECT_NE(log_text.str().find("/var/lib"), std::string::npos);
}

}  // namespace
}  // namespace giamngheo::server
