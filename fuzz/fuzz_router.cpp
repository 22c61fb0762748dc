// The router's request-target handling (server/router.hpp), as the HTTP adapter applies it
// (server/http_server.cpp): the path percent-decoded (kept raw when an escape is malformed),
// the query split by parse_query, then Router::match over the API's route patterns.
// Input: "METHOD target" (GET when the first 8 bytes hold no space).
//
// Invariants: percent_decode never gives more bytes than its input (each escape takes 3 bytes
// to 1), refuses exactly the malformed escapes, and inverts percent-encoding; parse_query gives
// non-empty keys and reads its own encoding back; a match has the request's method and the
// pattern with its parameters put back is the path; no match means that no route of that
// method fits (and `allowed` lists the methods of those that do). Nothing throws.
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "server/router.hpp"

namespace {

using namespace giamngheo::server;

const char* const kRoutes[][2] = {
    {"GET", "/healthz"},
    {"POST", "/api/v1/session"},
    {"DELETE", "/api/v1/session"},
    {"GET", "/api/v1/me"},
    {"GET", "/api/v1/openapi.json"},
    {"GET", "/api/v1/units"},
    {"GET", "/api/v1/units/{code}"},
    {"GET", "/api/v1/standards"},
    {"GET", "/api/v1/households"},
    {"POST", "/api/v1/households"},
    {"GET", "/api/v1/households/{id}"},
    {"PUT", "/api/v1/households/{id}"},
    {"DELETE", "/api/v1/households/{id}"},
    {"GET", "/api/v1/households/{id}/explain"},
    {"GET", "/api/v1/households/{id}/history"},
    {"GET", "/api/v1/households/{id}/results"},
    {"POST", "/api/v1/imports"},
    {"GET", "/api/v1/jobs/{id}"},
    {"GET", "/api/v1/rounds"},
    {"POST", "/api/v1/rounds"},
    {"POST", "/api/v1/rounds/{id}/approve"},
    {"GET", "/api/v1/rounds/{id}/export.xlsx"},
    {"GET", "/api/v1/rounds/{id}/results"},
    {"GET", "/api/v1/rounds/{id}/stats"},
    {"GET", "/api/v1/rounds/{id}/transitions"},
    {"POST", "/api/v1/rounds/{id}/what-if"},
    {"GET", "/api/v1/plans"},
    {"GET", "/api/v1/plans/{unit}/{year}"},
    {"PUT", "/api/v1/plans/{unit}/{year}"},
    {"GET", "/api/v1/plans/{unit}/{year}/budget.xlsx"},
    {"GET", "/api/v1/plans/{unit}/{year}/check"},
    {"POST", "/api/v1/plans/{unit}/{year}/disbursements"},
    {"GET", "/api/v1/plans/{unit}/{year}/document.docx"},
    {"PUT", "/api/v1/plans/{unit}/{year}/targets/{index}/actual"},
    {"GET", "/api/v1/audit"},
    {"GET", "/api/v1/users"},
    {"POST", "/api/v1/users"},
    {"PUT", "/api/v1/users/{username}"},
};

const Router& router() {
    static const Router instance = [] {
        Router r;
        for (const auto& [method, pattern] : kRoutes) {
            Route route;
            route.method = method;
            route.pattern = pattern;
            route.handler = [](Request&) { return Response::no_content(); };
            r.add(std::move(route));
        }
        return r;
    }();
    return instance;
}

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> out;
    std::string segment;
    for (const char c : path + "/") {
        if (c != '/') {
            segment += c;
        } else if (!segment.empty()) {
            out.push_back(std::move(segment));
            segment.clear();
        }
    }
    return out;
}

bool is_parameter(const std::string& segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool fits(const std::string& pattern, const std::vector<std::string>& path) {
    const auto parts = split_path(pattern);
    if (parts.size() != path.size()) return false;
    for (std::size_t i = 0; i < parts.size(); ++i)
        if (!is_parameter(parts[i]) && parts[i] != path[i]) return false;
    return true;
}

std::string encode_all(const std::string& text) {
    static const char* const kHex = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : text) {
        out += '%';
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
    return out;
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool escapes_well_formed(const std::string& text) {
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '%') {
            if (i + 2 >= text.size() || !is_hex(text[i + 1]) || !is_hex(text[i + 2])) return false;
            i += 2;
        }
    return true;
}

void check_decode(const std::string& text, bool plus_is_space) {
    const auto decoded = percent_decode(text, plus_is_space);
    FUZZ_CHECK(decoded.has_value() == escapes_well_formed(text), "refuses exactly the malformed escapes");
    if (!decoded) return;
    FUZZ_CHECK(decoded->size() <= text.size(), "decoding never produces more bytes than its input");
    FUZZ_CHECK(text.size() - decoded->size() == 2 * static_cast<std::size_t>(std::count(text.begin(), text.end(), '%')),
               "each escape takes three bytes to one");
    const auto again = percent_decode(encode_all(*decoded), plus_is_space);
    FUZZ_CHECK(again && *again == *decoded, "decoding inverts percent-encoding");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string input(giamngheo::fuzz::text_of(data, size));
    Request request;
    std::string target = input;
    if (const auto space = input.find(' '); space != std::string::npos && space <= 8) {
        request.method = input.substr(0, space);
        target = input.substr(space + 1);
    } else {
        request.method = "GET";
    }

    // As server/http_server.cpp reads a request target.
    const auto question = target.find('?');
    const std::string raw_path = target.substr(0, question);
    request.path = percent_decode(raw_path, false).value_or(raw_path);
    if (question != std::string::npos) request.query = parse_query(target.substr(question + 1));

    check_decode(raw_path, false);
    check_decode(target, true);
    std::string encoded_query;
    for (const auto& [key, value] : request.query) {
        FUZZ_CHECK(!key.empty(), "a query key is never empty");
        encoded_query += (encoded_query.empty() ? "" : "&") + encode_all(key) + "=" + encode_all(value);
    }
    FUZZ_CHECK(parse_query(encoded_query) == request.query, "a query reads its own encoding back");

    const std::vector<std::string> path = split_path(request.path);
    const auto match = router().match(request);
    if (match.route) {
        FUZZ_CHECK(match.route->method == request.method, "a match has the request's method");
        FUZZ_CHECK(fits(match.route->pattern, path), "a match fits the path");
        std::vector<std::string> rebuilt;
        for (const auto& part : split_path(match.route->pattern)) {
            if (!is_parameter(part)) {
                rebuilt.push_back(part);
                continue;
            }
            const std::string value = request.param(part.substr(1, part.size() - 2));
            FUZZ_CHECK(!value.empty() && value.find('/') == std::string::npos, "a parameter is one segment");
            rebuilt.push_back(value);
        }
        FUZZ_CHECK(rebuilt == path, "the pattern with its parameters is the path");
        // The first route that fits wins: none before it fits with the same method.
        for (const auto& route : router().routes()) {
            if (&route == match.route) break;
            FUZZ_CHECK(route.method != request.method || !fits(route.pattern, path), "the first route that fits wins");
        }
        FUZZ_CHECK(match.allowed.empty(), "a match lists no other methods");
    } else {
        std::vector<std::string> allowed;
        for (const auto& route : router().routes()) {
            if (!fits(route.pattern, path)) continue;
            FUZZ_CHECK(route.method != request.method, "no match means no route of this method fits");
            allowed.push_back(route.method);
        }
        FUZZ_CHECK(match.allowed == allowed, "allowed lists the methods of the routes that fit");
    }

    // The cookie header uses the same bytes: a value never runs past its ';'.
    request.headers["cookie"] = input;
    for (const auto& [key, value] : request.query) {
        const std::string cookie = request.cookie(key);
        FUZZ_CHECK(cookie.find(';') == std::string::npos, "a cookie value ends at ';'");
    }
    return 0;
}
