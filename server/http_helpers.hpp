// What every handler does with a request and an answer: read typed parameters and JSON bodies
// (a wrong one is an ApiError naming it), and write JSON answers and error bodies. Pure.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kernel/date.hpp"
#include "platform/table.hpp"
#include "server/errors.hpp"
#include "server/router.hpp"

namespace giamngheo::server {

using nlohmann::json;

inline constexpr const char* kSessionCookie = "giamngheo_session";

[[nodiscard]] std::string lower_ascii(std::string text);
// `bytes` random bytes (libsodium) as lower-case hex: ids of requests and jobs.
[[nodiscard]] std::string random_hex(std::size_t bytes);
[[nodiscard]] bool is_write(const std::string& method);

// Query parameter `name` as an integer within [min, max]; `fallback` when absent.
[[nodiscard]] long int_param(const Request& r, const std::string& name, long fallback, long min, long max);
// Path parameter "id" as a positive integer; 404 naming `what` otherwise.
[[nodiscard]] std::int64_t id_param(const Request& r, const char* what);
// If-Match as a version number; 428 when absent.
[[nodiscard]] std::string if_match(const Request& r, const char* what);
[[nodiscard]] std::string etag(std::int64_t version);

// The body as a JSON object (400 otherwise).
[[nodiscard]] json parse_body(const Request& r);
// A member of a body as text (strings, numbers, booleans as 1/0; null as empty).
[[nodiscard]] std::string text_of(const json& value);
[[nodiscard]] std::string string_field(const json& body, const char* name, const std::string& fallback = "");
[[nodiscard]] Date date_field(const json& body, const char* name);

[[nodiscard]] json problems_json(const std::vector<io::Problem>& problems);
// Rows `rows` of `table` as objects keyed by its header.
[[nodiscard]] json table_rows(const io::Table& table, const std::vector<std::size_t>& rows);

[[nodiscard]] Response json_response(int status, const json& body);
// {"error": {"code", "message", "field"?, "request_id"?}} and any other members beside it; the
// response adds the error's status and headers (a failed job carries the body alone).
[[nodiscard]] json error_body(const ApiError& e);
[[nodiscard]] Response error_response(const ApiError& e);
// A file to download.
[[nodiscard]] Response attachment(std::string body, const std::string& content_type, const std::string& file_name);
// The headers every answer carries (docs/SECURITY.md).
void add_security_headers(Response& r, bool behind_tls);

}  // namespace giamngheo::server
