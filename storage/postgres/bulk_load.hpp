// The first load of a registry: a national or provincial file into empty household tables. Index
// and foreign-key upkeep row by row costs several times the rows' own writing (measured at 200,000
// households: members 11.3 s with both, 1.1 s without, 0.9 s to build the two indexes after), so
// such a load drops the indexes, primary keys and foreign keys of the household tables inside its
// transaction and builds them again, whole, before it commits (a key the load repeats fails it
// then). The drop takes an exclusive lock on
// those tables until the end: other sessions wait instead of reading an empty registry; a load
// that fails or is killed rolls back with the definitions as they were.
#pragma once

#include <string>
#include <vector>

#include "storage/postgres/connection.hpp"

namespace giamngheo::store::postgres {

class BulkLoad {
  public:
    // Inside the load's transaction. Does nothing unless `households` ≥ `minimum` and the registry
    // has no household yet.
    BulkLoad(Connection& db, std::size_t households, std::size_t minimum);
    // Builds what was dropped, from the definitions read before (so always those of the schema
    // in force). Before the commit; a failure is the load's.
    void finish();
    [[nodiscard]] bool active() const { return !rebuild_.empty(); }

  private:
    Connection& db_;
    std::vector<std::string> rebuild_;
};

}  // namespace giamngheo::store::postgres
