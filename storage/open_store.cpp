// The one place where a store location chooses its backend (the pattern of ClickHouse's
// registerStorages): a new backend adds its scheme here and a folder beside storage/sqlite/.
#include <filesystem>

#include "kernel/errors.hpp"
#include "storage/sqlite/sqlite_stores.hpp"
#include "storage/open_store.hpp"

namespace giamngheo::store {
namespace {

// The SQLite file a location names; refuses every other scheme.
std::string sqlite_path(const std::string& location) {
    if (location.empty()) throw_invalid_input("chưa chỉ định nơi lưu dữ liệu (--db hoặc GIAMNGHEO_DB)", "db");
    std::string path = location.rfind("sqlite:", 0) == 0 ? location.substr(7) : location;
    const auto scheme = location.find("://");
    if (location.rfind("sqlite:", 0) != 0 && scheme != std::string::npos) {
        const std::string name = location.substr(0, scheme);
        if (name == "postgresql" || name == "postgres")
            throw_invalid_input("bản này chưa có kho PostgreSQL; hãy dùng tệp SQLite (--db đường/dẫn.db)", "db");
        throw_invalid_input("kiểu kho \"" + name + "\" không được hỗ trợ; cần đường dẫn tệp SQLite hoặc sqlite:ĐƯỜNG_DẪN",
                            "db");
    }
    const auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    return path;
}

}  // namespace

std::unique_ptr<Store> open_store(const std::string& location, const StoreOptions& options) {
    return open_sqlite_store(sqlite_path(location), options);
}

std::unique_ptr<PlanStore> open_plan_store(const std::string& location) {
    return open_sqlite_plan_store(sqlite_path(location));
}

std::unique_ptr<AccountStore> open_account_store(const std::string& location) {
    const std::string path = sqlite_path(location);
    { const auto migrated = open_sqlite_store(path, {}); }
    return open_sqlite_account_store(path);
}

std::unique_ptr<ReportStore> open_report_store(const std::string& location) {
    return open_sqlite_report_store(sqlite_path(location));
}

std::unique_ptr<ProcedureStore> open_procedure_store(const std::string& location) {
    return open_sqlite_procedure_store(sqlite_path(location));
}

}  // namespace giamngheo::store
