// The PostgreSQL schema as versioned migrations, applied in order on open and recorded in
// schema_migrations (as storage/sqlite/migrations.hpp does for SQLite). The tables mirror the
// SQLite ones, less the SQLite-only bulk-load segments: a household is always a row here.
// Never edit a released migration; add a new one.
#pragma once

#include "storage/postgres/connection.hpp"

namespace giamngheo::store::postgres {

// Brings the database's schema up to date, all of it in one transaction under an advisory lock,
// so that processes opening a new database together migrate it once. A read-only session (a
// standby, or `options=-c default_transaction_read_only=on` in the URI) changes nothing: conflict
// unless the schema is the one this program knows.
void migrate(Connection& connection);

}  // namespace giamngheo::store::postgres
