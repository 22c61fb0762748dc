// Backups of the embedded store through SQLite's online backup API: the copy is one consistent
// snapshot while the server goes on reading and writing (the store is in WAL mode), and the
// result is itself an SQLite store that opens as one.
#include <sqlite3.h>

#include <filesystem>
#include <fstream>

#include "kernel/errors.hpp"
#include "storage/sqlite/sqlite_stores.hpp"

namespace giamngheo::store {
namespace {

struct Handle {
    sqlite3* db = nullptr;
    ~Handle() { sqlite3_close_v2(db); }
};

void open_file(Handle& handle, const std::string& path, int flags) {
    if (sqlite3_open_v2(path.c_str(), &handle.db, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
        throw_fault("cannot open " + path + ": " + (handle.db ? sqlite3_errmsg(handle.db) : "out of memory"));
    sqlite3_busy_timeout(handle.db, 10000);
}

// Copies database `from` into a new file `to`, written beside it and renamed when complete, so
// that `to` is either absent or whole.
void copy_database(const std::string& from, const std::string& to) {
    const std::string partial = to + ".partial";
    std::filesystem::remove(partial);
    {
        Handle source, target;
        open_file(source, from, SQLITE_OPEN_READONLY);
        open_file(target, partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        sqlite3_backup* backup = sqlite3_backup_init(target.db, "main", source.db, "main");
        if (!backup) throw_fault("backup of " + from + ": " + sqlite3_errmsg(target.db));
        const int stepped = sqlite3_backup_step(backup, -1);
        sqlite3_backup_finish(backup);
        if (stepped != SQLITE_DONE) {
            std::filesystem::remove(partial);
            if (stepped == SQLITE_BUSY || stepped == SQLITE_LOCKED)
                throw_busy("kho dữ liệu đang bị khóa bởi việc khác; hãy thử lại");
            throw_fault("backup of " + from + ": " + sqlite3_errstr(stepped));
        }
        // A backup is a single file: it takes no WAL with it.
        sqlite3_exec(target.db, "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr);
    }
    std::filesystem::rename(partial, to);
}

bool is_sqlite_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char header[16] = {};
    in.read(header, sizeof header);
    return in.gcount() == sizeof header && std::string(header, sizeof header) == std::string("SQLite format 3\0", 16);
}

}  // namespace

void backup_sqlite_store(const std::string& path, const std::string& file) {
    if (!std::filesystem::exists(path)) throw_not_found("không có kho dữ liệu " + path);
    copy_database(path, file);
}

void restore_sqlite_store(const std::string& file, const std::string& path) {
    if (!is_sqlite_file(file))
        throw_invalid_input("tệp " + file + " không phải bản sao lưu của kho SQLite", "from");
    if (std::filesystem::exists(path) && std::filesystem::file_size(path) > 0)
        throw_conflict("kho đích " + path + " đã có dữ liệu; hãy khôi phục vào một kho mới rồi thay thế");
    if (const auto parent = std::filesystem::path(path).parent_path(); !parent.empty())
        std::filesystem::create_directories(parent);
    copy_database(file, path);
    // Opening it checks that it is a store of this program and brings an older schema up to date
    // (a newer one is refused); a file that is not a store is taken away again.
    try {
        const auto opened = open_sqlite_store(path, {});
    } catch (...) {
        std::filesystem::remove(path);
        throw;
    }
}

}  // namespace giamngheo::store
