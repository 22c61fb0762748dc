// Backups of a PostgreSQL store with Debian's pg_dump (custom format: one consistent snapshot,
// compressed, taken while the servers go on) and restores with pg_restore in one transaction.
// The password of the URI goes to the programs through PGPASSWORD, never on a command line that
// any user of the machine can list. Point-in-time recovery (WAL archiving, pg_basebackup) is the
// server's own: docs/DEPLOYMENT.md.
#include <filesystem>
#include <fstream>

#include "platform/process.hpp"
#include "storage/postgres/connection.hpp"
#include "storage/postgres/postgres_stores.hpp"

namespace giamngheo::store {
namespace {

constexpr int kLockTimeoutMs = 10000;

struct Target {
    std::string conninfo;                  // keyword=value, without the password
    std::vector<std::string> environment;  // PGPASSWORD=… when the URI had one
};

std::string quoted(const std::string& value) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

Target target_of(const std::string& uri) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(uri.c_str(), &error);
    if (!options) {
        PQfreemem(error);
        throw_invalid_input("địa chỉ cơ sở dữ liệu PostgreSQL không hợp lệ", "db");
    }
    Target target;
    for (const PQconninfoOption* o = options; o->keyword; ++o) {
        if (!o->val || !*o->val) continue;
        if (std::string(o->keyword) == "password")
            target.environment.push_back("PGPASSWORD=" + std::string(o->val));
        else
            target.conninfo += std::string(o->keyword) + "=" + quoted(o->val) + " ";
    }
    PQconninfoFree(options);
    return target;
}

[[noreturn]] void program_failed(const std::string& program, const platform::ProgramRun& run) {
    throw_fault(program + " exited with " + std::to_string(run.exit_code) + ": " + run.error_output);
}

bool is_custom_dump(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char magic[5] = {};
    in.read(magic, sizeof magic);
    return in.gcount() == sizeof magic && std::string(magic, sizeof magic) == "PGDMP";
}

}  // namespace

void backup_postgres_store(const std::string& uri, const std::string& file) {
    const Target target = target_of(uri);
    // Brought up to date first, so that a backup always holds a schema this program knows.
    { const auto opened = open_postgres_store(uri, {}); }
    const std::string partial = file + ".partial";
    std::filesystem::remove(partial);
    const auto run = platform::run_program(
        {"pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file=" + partial, "--dbname=" + target.conninfo},
        target.environment);
    if (run.exit_code != 0) {
        std::filesystem::remove(partial);
        program_failed("pg_dump", run);
    }
    std::filesystem::rename(partial, file);
}

void restore_postgres_store(const std::string& file, const std::string& uri) {
    if (!is_custom_dump(file))
        throw_invalid_input("tệp " + file + " không phải bản sao lưu của kho PostgreSQL (pg_dump, định dạng custom)", "from");
    const Target target = target_of(uri);
    {
        postgres::Connection db(uri, kLockTimeoutMs);
        if (postgres::scalar(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") > 0)
            throw_conflict("cơ sở dữ liệu đích đã có bảng; hãy khôi phục vào một cơ sở dữ liệu mới rồi chuyển sang");
    }
    // One transaction: a restore that fails part way leaves the database as empty as it was.
    const auto run = platform::run_program({"pg_restore", "--single-transaction", "--exit-on-error", "--no-owner",
                                            "--no-privileges", "--dbname=" + target.conninfo, file},
                                           target.environment);
    if (run.exit_code != 0) program_failed("pg_restore", run);
    const auto opened = open_postgres_store(uri, {});
}

}  // namespace giamngheo::store
