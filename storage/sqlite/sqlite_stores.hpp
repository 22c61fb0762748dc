// The SQLite backend's stores, for storage/open_store.cpp (which registers backends) and the
// backend's own tests. Every store opens the same file; the first to open it migrates it.
#pragma once

#include <memory>
#include <string>

#include "storage/open_store.hpp"

namespace giamngheo::store {

[[nodiscard]] std::unique_ptr<Store> open_sqlite_store(const std::string& path, const StoreOptions& options);
[[nodiscard]] std::unique_ptr<PlanStore> open_sqlite_plan_store(const std::string& path);
[[nodiscard]] std::unique_ptr<AccountStore> open_sqlite_account_store(const std::string& path);
[[nodiscard]] std::unique_ptr<ReportStore> open_sqlite_report_store(const std::string& path);
[[nodiscard]] std::unique_ptr<ProcedureStore> open_sqlite_procedure_store(const std::string& path);
[[nodiscard]] std::unique_ptr<FollowUpStore> open_sqlite_follow_up_store(const std::string& path);

// The backend's halves of store::backup_store and store::restore_store (storage/open_store.hpp).
void backup_sqlite_store(const std::string& path, const std::string& file);
void restore_sqlite_store(const std::string& file, const std::string& path);

}  // namespace giamngheo::store
