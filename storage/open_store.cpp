// The one place where a store location chooses its backend (the pattern of ClickHouse's
// registerStorages): a new backend adds its scheme here and a folder beside storage/sqlite/.
#include <filesystem>
#include <optional>
#include <regex>

#include "kernel/errors.hpp"
#include "storage/open_store.hpp"
#include "storage/postgres/postgres_stores.hpp"
#include "storage/sqlite/sqlite_stores.hpp"

namespace giamngheo::store {
namespace {

enum class Backend { sqlite, postgresql };

struct Location {
    Backend backend;
    std::string target;  // the SQLite file, or the PostgreSQL connection URI
};

// The backend a location names; refuses unknown schemes.
Location parse(const std::string& location) {
    if (location.empty()) throw_invalid_input("chưa chỉ định nơi lưu dữ liệu (--db hoặc GIAMNGHEO_DB)", "db");
    if (location.rfind("sqlite:", 0) == 0) return {Backend::sqlite, location.substr(7)};
    if (const auto scheme = location.find("://"); scheme != std::string::npos) {
        const std::string name = location.substr(0, scheme);
        if (name == "postgresql" || name == "postgres") return {Backend::postgresql, location};
        throw_invalid_input("kiểu kho \"" + name +
                                "\" không được hỗ trợ; cần đường dẫn tệp SQLite, sqlite:ĐƯỜNG_DẪN hoặc "
                                "postgresql://NGƯỜI_DÙNG@MÁY:CỔNG/CSDL",
                            "db");
    }
    return {Backend::sqlite, location};
}

// As parse(), with the folder of an SQLite file made when absent.
Location prepare(const std::string& location) {
    Location at = parse(location);
    if (at.backend == Backend::sqlite) {
        const auto parent = std::filesystem::path(at.target).parent_path();
        if (!parent.empty()) std::filesystem::create_directories(parent);
    }
    return at;
}

}  // namespace

std::string shown_location(const std::string& location) {
    static const std::regex user_password(R"(^(postgres(?:ql)?://[^:/@?]*):[^@/?]*@)");
    static const std::regex password_parameter(R"(([?&]password=)[^&]*)");
    return std::regex_replace(std::regex_replace(location, user_password, "$1:***@"), password_parameter, "$1***");
}

std::optional<std::string> store_file(const std::string& location) {
    const Location at = parse(location);
    if (at.backend == Backend::sqlite) return at.target;
    return std::nullopt;
}

std::unique_ptr<Store> open_store(const std::string& location, const StoreOptions& options) {
    const Location at = prepare(location);
    if (at.backend == Backend::postgresql) return open_postgres_store(at.target, options);
    return open_sqlite_store(at.target, options);
}

std::unique_ptr<PlanStore> open_plan_store(const std::string& location) {
    const Location at = prepare(location);
    if (at.backend == Backend::postgresql) return open_postgres_plan_store(at.target);
    return open_sqlite_plan_store(at.target);
}

std::unique_ptr<AccountStore> open_account_store(const std::string& location) {
    const Location at = prepare(location);
    if (at.backend == Backend::postgresql) return open_postgres_account_store(at.target);
    { const auto migrated = open_sqlite_store(at.target, {}); }
    return open_sqlite_account_store(at.target);
}

std::unique_ptr<ReportStore> open_report_store(const std::string& location) {
    const Location at = prepare(location);
    if (at.backend == Backend::postgresql) return open_postgres_report_store(at.target);
    return open_sqlite_report_store(at.target);
}

std::unique_ptr<ProcedureStore> open_procedure_store(const std::string& location) {
    const Location at = prepare(location);
    if (at.backend == Backend::postgresql) return open_postgres_procedure_store(at.target);
    return open_sqlite_procedure_store(at.target);
}

std::unique_ptr<FollowUpStore> open_follow_up_store(const std::string& location) {
    const Location at = prepare(location);
    if (at.backend == Backend::postgresql) return open_postgres_follow_up_store(at.target);
    return open_sqlite_follow_up_store(at.target);
}

std::unique_ptr<RoundChanges> open_round_changes(const std::string& location) {
    const Location at = parse(location);
    if (at.backend == Backend::postgresql) return open_postgres_round_changes(at.target);
    return nullptr;
}

void backup_store(const std::string& location, const std::string& file) {
    const Location at = parse(location);
    if (at.backend == Backend::postgresql) return backup_postgres_store(at.target, file);
    backup_sqlite_store(at.target, file);
}

std::vector<ProvinceShare> province_shares(const std::string& location) {
    const Location at = prepare(location);
    if (at.backend == Backend::sqlite)
        throw_invalid_input("kho SQLite không chia theo tỉnh; lệnh này dành cho kho PostgreSQL", "db");
    return postgres_province_shares(at.target);
}

void restore_store(const std::string& file, const std::string& location) {
    const Location at = prepare(location);
    if (at.backend == Backend::postgresql) return restore_postgres_store(file, at.target);
    restore_sqlite_store(file, at.target);
}

}  // namespace giamngheo::store
