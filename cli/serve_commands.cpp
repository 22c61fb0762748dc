// giamngheo serve: the web application (HTTP API and the built front end) over the store, and
// giamngheo users: its accounts.
#include "cli/serve_commands.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "modules/demo/demo.hpp"
#include "modules/plans/app/plans.hpp"
#include "compose/web_api.hpp"
#include "server/http_server.hpp"
#include "kernel/errors.hpp"

namespace giamngheo::cli {
namespace {

struct ServeOptions {
    std::string listen = "127.0.0.1:8080";
    bool demo = false;
    std::string static_dir;
    bool tls_proxy = false;
    int threads = 3;
    std::string access_log = "-";
    long demo_households = 3500;
    long max_body_mb = 64;
    int heavy_threads = 2;
    int max_connections_per_client = 64;
    long idle_timeout = 15;
};

struct DemoUser {
    const char* username;
    const char* full_name;
    accounts::Role role;
    const char* unit;
    const char* unit_name;
};

std::string demo_units_dir(const app::Environment& env) {
    const std::filesystem::path source = std::filesystem::path(env.data_dir).parent_path();
    const auto shared = source.parent_path() / "shared" / "data" / "admin-units";
    if (std::filesystem::exists(shared / "units-2025.csv")) return shared.string();
    return (source / "testing" / "fixtures" / "units").string();
}

// The seed plan of Bình Lương 2024 (a real commune plan turned into data, kept with the plan
// tests): Bình Lương lies within the demo commune Hóa Quỳ, so its plan pages have a plan to show.
std::string demo_plan_file(const app::Environment& env) {
    return (std::filesystem::path(env.data_dir).parent_path() / "modules" / "plans" / "tests" / "fixtures" /
            "binh-luong-2024.json")
        .string();
}

int serve(Context& context, const ServeOptions& options) {
    accounts::initialise_crypto();
    server::ServerOptions server_options;
    server::parse_listen(options.listen, server_options);
    server_options.threads = std::clamp(options.threads, 1, 16);
    server_options.body_limit = static_cast<std::size_t>(std::clamp(options.max_body_mb, 1L, 1024L)) << 20;
    server_options.heavy_threads = std::clamp(options.heavy_threads, 1, 16);
    server_options.max_connections_per_client = std::max(options.max_connections_per_client, 0);
    server_options.idle_timeout = std::chrono::seconds(std::clamp(options.idle_timeout, 1L, 3600L));
    server_options.event_log = &std::cerr;
    std::ofstream log_file;
    if (options.access_log == "-") {
        server_options.access_log = &std::cerr;
    } else if (options.access_log != "off") {
        log_file.open(options.access_log, std::ios::app);
        if (!log_file) throw_invalid_input(options.access_log + ": không ghi được nhật ký truy cập");
        server_options.access_log = &log_file;
    }

    {
        auto store = context.open_store();
        if (options.demo) {
            const std::string units = demo_units_dir(context.env);
            std::cerr << "Đang chuẩn bị dữ liệu demo (đơn vị: " << units << ")...\n";
            const auto filled = app::fill_demo(*store, context.env, units, options.demo_households, 2025);
            if (filled.filled) {
                std::cerr << "Đã tạo " << filled.households
                          << " hộ mẫu, kỳ rà soát 2024 (đã phê duyệt) và 2025 (nháp)\n";
                if (const std::string plan = demo_plan_file(context.env); std::filesystem::exists(plan)) {
                    auto plans = context.open_plan_store();
                    if (app::import_plan(*plans, context.env, plan, false, {"demo", "giamngheo serve --demo"}).written)
                        std::cerr << "Đã nhập kế hoạch năm 2024 của xã Bình Lương (nay thuộc xã Hóa Quỳ)\n";
                }
            }
        }
    }

    compose::WebApiOptions api_options;
    api_options.store = context.db;
    api_options.env = context.env;
    api_options.static_dir = options.static_dir;
    api_options.tls_proxy = options.tls_proxy;
    if (api_options.static_dir.empty()) {
        const auto dist = std::filesystem::path(context.env.data_dir).parent_path() / "web" / "dist";
        if (std::filesystem::exists(dist / "index.html")) api_options.static_dir = dist.string();
    }
    compose::WebApi api(api_options);
    if (options.demo) {
        static const DemoUser kUsers[] = {
            {"admin", "Quản trị hệ thống", accounts::Role::admin, "", ""},
            {"tinh.thanhhoa", "Lê Văn Tỉnh (Sở Lao động Thanh Hóa)", accounts::Role::province_officer,
             app::kDemoProvince, "tỉnh Thanh Hóa"},
            {"xa.hoaquy", "Hà Thị Xã (UBND xã Hóa Quỳ)", accounts::Role::commune_officer, app::kDemoCommune,
             "xã Hóa Quỳ (gồm xã Bình Lương cũ)"},
            {"rasoat.hoaquy", "Lò Văn Rà (rà soát viên thôn Làng Sao)", accounts::Role::reviewer,
             app::kDemoCommune, "xã Hóa Quỳ"},
            {"xem.thanhhoa", "Nguyễn Thị Xem", accounts::Role::viewer, app::kDemoProvince, "tỉnh Thanh Hóa"},
        };
        std::cout << "Tài khoản demo (mật khẩu mới mỗi lần khởi động):\n";
        for (const auto& u : kUsers) {
            const std::string password = accounts::random_token(9);
            api.accounts().put_user({u.username, u.full_name, u.role, u.unit, false}, password, "demo");
            std::cout << "  " << u.username << " / " << password << "  — " << accounts::vietnamese_name(u.role)
                      << ", " << (*u.unit ? u.unit_name : "toàn quốc") << "\n";
        }
    }
    server_options.is_heavy = [&api](const server::Request& r) { return api.is_heavy(r); };
    server::HttpServer http(server_options, [&api](server::Request& r) { return api.handle(r); });
    const std::string host = server_options.address == "0.0.0.0" ? "127.0.0.1" : server_options.address;
    std::cout << "Mở http://" << host << ":" << http.port() << "/ trong trình duyệt"
              << (api_options.static_dir.empty() ? " (chưa có giao diện đã build: web/dist; API ở /api/v1)"
                                                 : "")
              << ". Dừng bằng Ctrl+C.\n"
              << std::flush;
    http.run();
    std::cerr << "Đã dừng máy chủ.\n";
    return 0;
}

struct UserOptions {
    std::string username, full_name, role, unit;
    bool disabled = false;
};

// The first administrator of a new installation has to come from somewhere: the command line,
// with the password read from standard input so it never shows in the process list.
void add_user(Context& context, const UserOptions& options) {
    accounts::initialise_crypto();
    const auto role = accounts::parse_role(options.role);
    if (!role)
        throw_invalid_input(
            "--role phải là admin, province_officer, commune_officer, reviewer hoặc viewer");
    if (options.unit.empty() && *role != accounts::Role::admin)
        throw_invalid_input("vai trò này cần --unit");
    auto store = context.open_store();
    if (!options.unit.empty() && !store->load_units().contains(options.unit))
        throw_invalid_input("không có đơn vị hành chính \"" + options.unit + "\"");
    std::string password;
    std::getline(std::cin, password);
    if (password.size() < 10)
        throw_invalid_input("mật khẩu (đọc từ đầu vào chuẩn) cần ít nhất 10 ký tự");
    accounts::Accounts accounts(context.open_account_store());
    accounts.put_user({options.username, options.full_name.empty() ? options.username : options.full_name,
                       *role, options.unit, options.disabled},
                      password, context.actor.user);
    std::cerr << "Đã lưu người dùng " << options.username << " (" << accounts::vietnamese_name(*role) << ")\n";
}

}  // namespace

void register_serve_commands(CLI::App& cli, Context& context) {
    auto options = std::make_shared<ServeOptions>();
    auto* serve_cmd =
        cli.add_subcommand("serve", "Run the web application (HTTP API and the built front end)");
    serve_cmd->add_option("--listen", options->listen, "Address and port to listen on")
        ->capture_default_str();
    serve_cmd->add_flag(
        "--demo", options->demo,
        "Fill an empty store with demo units, households and rounds; print demo users' passwords");
    serve_cmd->add_option("--demo-households", options->demo_households, "Households of a new demo store")
        ->capture_default_str();
    serve_cmd->add_option("--static", options->static_dir,
                          "Built front end to serve (default: web/dist when present)");
    serve_cmd->add_flag("--tls-proxy", options->tls_proxy,
                        "Behind a TLS-terminating proxy: session cookies are Secure");
    serve_cmd->add_option("--threads", options->threads, "Threads that answer requests (light ones)")
        ->capture_default_str();
    serve_cmd
        ->add_option("--heavy-threads", options->heavy_threads,
                     "Threads for heavy requests (exports, statistics, imports); when they and their "
                     "queue are taken, such a request gets 503 busy")
        ->capture_default_str();
    serve_cmd
        ->add_option("--max-connections-per-client", options->max_connections_per_client,
                     "Connections at once from one address (0: no cap; raise it behind a reverse proxy)")
        ->capture_default_str();
    serve_cmd
        ->add_option("--idle-timeout", options->idle_timeout,
                     "Seconds a connection may stay open with no request under way")
        ->capture_default_str();
    serve_cmd->add_option("--max-body-mb", options->max_body_mb, "Largest request body (imports), in MiB")
        ->capture_default_str();
    serve_cmd
        ->add_option("--access-log", options->access_log,
                     "Access log file, - for standard error, off for none")
        ->capture_default_str();
    auto user = std::make_shared<UserOptions>();
    auto* users = cli.add_subcommand("users", "Users of the web application");
    users->require_subcommand(1);
    auto* add =
        users->add_subcommand("add", "Create or replace a user; the password is read from standard input");
    add->add_option("--username", user->username, "Sign-in name")->required();
    add->add_option("--full-name", user->full_name, "Full name");
    add->add_option("--role", user->role, "admin | province_officer | commune_officer | reviewer | viewer")
        ->required();
    add->add_option("--unit", user->unit, "Unit code the user works in (empty for an administrator)");
    add->callback([&context, user] {
        add_user(context, *user);
        throw CLI::Success();
    });
    auto* list = users->add_subcommand("list", "List the users");
    list->callback([&context] {
        auto store = context.open_store();
        accounts::Accounts accounts(context.open_account_store());
        for (const auto& u : accounts.users())
            std::cout << u.username << "\t" << accounts::to_string(u.role) << "\t"
                      << (u.unit_code.empty() ? "*" : u.unit_code) << "\t"
                      << (u.disabled ? "disabled" : "active") << "\t" << u.full_name << "\n";
        throw CLI::Success();
    });

    serve_cmd->callback([&context, options] {
        serve(context, *options);
        // Done: nothing else in main() applies (a Success "error" ends parsing with status 0).
        throw CLI::Success();
    });
}

}  // namespace giamngheo::cli
