#include "testing/postgres_support.hpp"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <stdexcept>

namespace giamngheo::test {
namespace {

// Runs `sql` on the cluster's own database; throws with the server's message.
void admin(const std::string& uri, const std::string& sql) {
    PGconn* conn = PQconnectdb(uri.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
        const std::string message = PQerrorMessage(conn);
        PQfinish(conn);
        throw std::runtime_error("PostgreSQL test cluster unreachable at " + uri + ": " + message);
    }
    PGresult* result = PQexec(conn, sql.c_str());
    const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    const std::string message = ok ? "" : PQresultErrorMessage(result);
    PQclear(result);
    PQfinish(conn);
    if (!ok) throw std::runtime_error(sql + ": " + message);
}

// `uri` with its database replaced by `database`.
std::string with_database(const std::string& uri, const std::string& database) {
    const auto query = uri.find('?');
    const auto slash = uri.rfind('/', query);
    if (slash == std::string::npos || slash < uri.find("://") + 3)
        throw std::runtime_error("PostgreSQL test URI without a database: " + uri);
    return uri.substr(0, slash + 1) + database + (query == std::string::npos ? "" : uri.substr(query));
}

}  // namespace

std::string postgres_uri() {
    if (const char* uri = std::getenv("GIAMNGHEO_TEST_POSTGRES"); uri && *uri) return uri;
    std::ifstream in(GIAMNGHEO_PG_URI_FILE);
    std::string uri;
    if (!std::getline(in, uri) || uri.empty())
        throw std::runtime_error(std::string("no PostgreSQL test cluster: ") + GIAMNGHEO_PG_URI_FILE +
                                 " is missing (ctest starts it as the fixture \"postgres\"; by hand: "
                                 "scripts/pg_test_cluster.sh start build/release/pg-test-cluster)");
    return uri;
}

PostgresDatabase::PostgresDatabase(const std::string& options) : admin_uri_(postgres_uri()) {
    static std::atomic<int> counter{0};
    static const auto salt = std::random_device{}();
    name_ = "test_" + std::to_string(getpid()) + "_" + std::to_string(salt % 100000) + "_" +
            std::to_string(++counter);
    admin(admin_uri_, "CREATE DATABASE " + name_ + (options.empty() ? "" : " " + options));
    uri_ = with_database(admin_uri_, name_);
}

PostgresDatabase::~PostgresDatabase() {
    try {
        admin(admin_uri_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (const std::exception&) {
        // The cluster is removed whole when the fixture stops it.
    }
}

}  // namespace giamngheo::test
