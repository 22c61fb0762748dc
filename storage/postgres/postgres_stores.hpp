// The PostgreSQL backend's stores, for storage/open_store.cpp (which registers backends) and the
// contract tests. `uri` is a libpq connection URI; every store migrates the database on open.
#pragma once

#include <memory>
#include <string>

#include "storage/open_store.hpp"

namespace giamngheo::store {

[[nodiscard]] std::unique_ptr<Store> open_postgres_store(const std::string& uri, const StoreOptions& options);
[[nodiscard]] std::unique_ptr<AccountStore> open_postgres_account_store(const std::string& uri);
[[nodiscard]] std::unique_ptr<PlanStore> open_postgres_plan_store(const std::string& uri);
[[nodiscard]] std::unique_ptr<ReportStore> open_postgres_report_store(const std::string& uri);
[[nodiscard]] std::unique_ptr<ProcedureStore> open_postgres_procedure_store(const std::string& uri);
[[nodiscard]] std::unique_ptr<FollowUpStore> open_postgres_follow_up_store(const std::string& uri);
// A postgres::RoundListener (round_listener.hpp).
[[nodiscard]] std::unique_ptr<RoundChanges> open_postgres_round_changes(const std::string& uri);

// The backend's halves of store::backup_store and store::restore_store (storage/open_store.hpp).
void backup_postgres_store(const std::string& uri, const std::string& file);
void restore_postgres_store(const std::string& file, const std::string& uri);
// store::province_shares on a PostgreSQL database (migrated first).
[[nodiscard]] std::vector<ProvinceShare> postgres_province_shares(const std::string& uri);

}  // namespace giamngheo::store
