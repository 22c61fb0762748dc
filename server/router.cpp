#include "server/router.hpp"

#include <string_view>

namespace giamngheo::server {
namespace {

std::vector<std::string_view> segments(std::string_view path) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t slash = path.find('/', start);
        const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
        if (end > start) out.push_back(path.substr(start, end - start));
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return out;
}

bool matches(const std::string& pattern, const std::vector<std::string_view>& path,
             std::map<std::string, std::string>* params) {
    const auto parts = segments(pattern);
    if (parts.size() != path.size()) return false;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const auto part = parts[i];
        if (part.size() > 2 && part.front() == '{' && part.back() == '}') {
            if (params) (*params)[std::string(part.substr(1, part.size() - 2))] = std::string(path[i]);
        } else if (part != path[i]) {
            return false;
        }
    }
    return true;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::string Request::header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string{} : it->second;
}

std::string Request::query_value(const std::string& name, const std::string& fallback) const {
    auto it = query.find(name);
    return it == query.end() || it->second.empty() ? fallback : it->second;
}

std::string Request::param(const std::string& name) const {
    auto it = params.find(name);
    return it == params.end() ? std::string{} : it->second;
}

std::string Request::cookie(const std::string& name) const {
    const std::string all = header("cookie");
    std::size_t start = 0;
    while (start < all.size()) {
        std::size_t end = all.find(';', start);
        if (end == std::string::npos) end = all.size();
        std::string_view pair(all.data() + start, end - start);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name)
            return std::string(pair.substr(eq + 1));
        start = end + 1;
    }
    return {};
}

Response Response::json(int status, std::string body) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

Response Response::no_content() {
    Response r;
    r.status = 204;
    r.content_type.clear();
    return r;
}

void Router::add(Route route) { routes_.push_back(std::move(route)); }

Router::Match Router::match(Request& request) const {
    const auto path = segments(request.path);
    Match result;
    for (const auto& route : routes_) {
        if (!matches(route.pattern, path, nullptr)) continue;
        if (route.method != request.method) {
            result.allowed.push_back(route.method);
            continue;
        }
        request.params.clear();
        matches(route.pattern, path, &request.params);
        result.route = &route;
        result.allowed.clear();
        return result;
    }
    return result;
}

std::optional<std::string> percent_decode(const std::string& text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size()) return std::nullopt;
            const int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else {
            out.push_back(plus_is_space && c == '+' ? ' ' : c);
        }
    }
    return out;
}

std::map<std::string, std::string> parse_query(const std::string& query) {
    std::map<std::string, std::string> out;
    std::size_t start = 0;
    while (start < query.size()) {
        std::size_t end = query.find('&', start);
        if (end == std::string::npos) end = query.size();
        const std::string pair = query.substr(start, end - start);
        const auto eq = pair.find('=');
        auto key = percent_decode(pair.substr(0, eq), true);
        auto value = eq == std::string::npos ? std::optional<std::string>("")
                                             : percent_decode(pair.substr(eq + 1), true);
        if (key && value && !key->empty()) out[*key] = *value;
        start = end + 1;
    }
    return out;
}

}  // namespace giamngheo::server
