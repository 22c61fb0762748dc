#include "storage/postgres/bulk_load.hpp"

namespace giamngheo::store::postgres {
namespace {

constexpr const char* kTables = "('households', 'household_versions', 'members')";

}  // namespace

BulkLoad::BulkLoad(Connection& db, std::size_t households, std::size_t minimum) : db_(db) {
    if (households < minimum || scalar(db_, "SELECT count(*) FROM (SELECT 1 FROM households LIMIT 1) AS any_row") > 0)
        return;
    std::vector<std::string> drop;
    // Foreign keys first: an index may be what one of them leans on.
    Statement keys(db_, std::string("SELECT conname, conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint "
                                    "WHERE contype = 'f' AND conrelid::regclass::text IN ") + kTables + " ORDER BY conname");
    std::vector<std::string> add_keys;
    while (keys.step()) {
        drop.push_back("ALTER TABLE " + keys.text(1) + " DROP CONSTRAINT " + keys.text(0));
        add_keys.push_back("ALTER TABLE " + keys.text(1) + " ADD CONSTRAINT " + keys.text(0) + " " + keys.text(2));
    }
    Statement indexes(db_, std::string("SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
                                       "AND i.tablename IN ") + kTables +
                               " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname) "
                               "ORDER BY i.indexname");
    while (indexes.step()) {
        drop.push_back("DROP INDEX " + indexes.text(0));
        // A partitioned table's index reads "ON ONLY table": built so, it would cover no partition.
        std::string definition = indexes.text(1);
        if (const auto only = definition.find(" ON ONLY "); only != std::string::npos) definition.erase(only + 3, 5);
        rebuild_.push_back(std::move(definition));
    }
    // Primary keys last, built first again: an index built whole is several times cheaper than one
    // kept row by row, and a key repeated in the load fails it when the key is built.
    Statement primary(db_, std::string("SELECT conname, conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint "
                                       "WHERE contype = 'p' AND conrelid::regclass::text IN ") + kTables + " ORDER BY conname");
    std::vector<std::string> add_primary;
    while (primary.step()) {
        drop.push_back("ALTER TABLE " + primary.text(1) + " DROP CONSTRAINT " + primary.text(0));
        add_primary.push_back("ALTER TABLE " + primary.text(1) + " ADD CONSTRAINT " + primary.text(0) + " " +
                              primary.text(2));
    }
    rebuild_.insert(rebuild_.begin(), add_primary.begin(), add_primary.end());
    rebuild_.insert(rebuild_.end(), add_keys.begin(), add_keys.end());
    for (const auto& statement : drop) db_.exec(statement);
}

void BulkLoad::finish() {
    for (const auto& statement : rebuild_) db_.exec(statement);
    rebuild_.clear();
}

}  // namespace giamngheo::store::postgres
