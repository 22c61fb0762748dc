#include "server/http_helpers.hpp"

#include <sodium.h>

namespace giamngheo::server {

std::string random_hex(std::size_t bytes) {
    std::vector<unsigned char> raw(bytes);
    randombytes_buf(raw.data(), raw.size());
    std::string hex(bytes * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), raw.data(), raw.size());
    hex.pop_back();
    return hex;
}

std::string lower_ascii(std::string text) {
    for (auto& c : text)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return text;
}

bool is_write(const std::string& method) {
    return method == "POST" || method == "PUT" || method == "DELETE" || method == "PATCH";
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
    throw ApiError(400, "invalid_input",
                   "tham số \"" + name + "\" phải là số nguyên từ " + std::to_string(min) + " đến " +
                       std::to_string(max),
                   {{"field", name}});
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

std::string if_match(const Request& r, const char* what) {
    std::string match = r.header("if-match");
    if (match.rfind("W/", 0) == 0) match = match.substr(2);
    if (match.size() >= 2 && match.front() == '"') match = match.substr(1, match.size() - 2);
    if (match.empty())
        throw ApiError(428, "precondition_required",
                       std::string("Thiếu phiên bản ") + what + " (If-Match); hãy tải lại trước khi sửa.");
    return match;
}

std::string etag(std::int64_t version) { return "\"" + std::to_string(version) + "\""; }

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

std::string string_field(const json& body, const char* name, const std::string& fallback) {
    auto it = body.find(name);
    return it == body.end() || it->is_null() ? fallback : text_of(*it);
}

Date date_field(const json& body, const char* name) {
    if (!body.contains(name) || !body[name].is_string())
        throw ApiError(400, "invalid_input", std::string("thiếu trường \"") + name + "\" (YYYY-MM-DD)",
                       {{"field", name}});
    auto date = parse_iso_date(body[name].get<std::string>());
    if (!date)
        throw ApiError(400, "invalid_input", std::string("trường \"") + name + "\": ngày không hợp lệ; cần YYYY-MM-DD",
                       {{"field", name}});
    return *date;
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

Response json_response(int status, const json& body) {
    return Response::json(status, body.dump(-1, ' ', false, json::error_handler_t::replace));
}

json error_body(const ApiError& e) {
    json body = {{"error", {{"code", e.code()}, {"message", e.what()}}}};
    // Where the error is and which request it was belong to the error; anything else (the
    // current record, the problems of a file) sits beside it.
    if (e.extra().is_object())
        for (const auto& [key, value] : e.extra().items())
            (key == "field" || key == "request_id" ? body["error"][key] : body[key]) = value;
    return body;
}

Response error_response(const ApiError& e) {
    Response r = json_response(e.status(), error_body(e));
    if (e.status() == 401) r.headers.emplace_back("WWW-Authenticate", "Cookie");
    if (e.status() == 503 || e.status() == 429)
        r.headers.emplace_back("Retry-After", e.extra().is_object() && e.extra().contains("retry_after")
                                                  ? e.extra()["retry_after"].dump()
                                                  : "5");
    return r;
}

Response attachment(std::string body, const std::string& content_type, const std::string& file_name) {
    Response out;
    out.content_type = content_type;
    out.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + file_name + "\"");
    out.body = std::move(body);
    return out;
}

// The interface is built by Vite into same-origin scripts and style sheets; Element Plus sets
// inline styles, hence 'unsafe-inline' for styles only.
void add_security_headers(Response& r, bool behind_tls) {
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

}  // namespace giamngheo::server
