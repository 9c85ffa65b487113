#include "rekindle/db.hpp"

#include "rekindle/error.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <random>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace rekindle::db {
namespace {

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view path, std::string_view doing) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    std::string what =
        fmt::format("database '{}': {}{}{}", path, doing, doing.empty() ? "" : ": ", msg);
    switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        throw BusyError(fmt::format("database '{}' is busy: another rekindle is writing to it; "
                                    "try again in a moment",
                                    path));
    case SQLITE_READONLY:
        throw IoError(fmt::format("database '{}' is read-only here: {}", path, msg));
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
        throw CantCreateError(what);
    case SQLITE_IOERR:
    case SQLITE_FULL:
        throw IoError(what);
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        throw ConfigError(fmt::format("'{}' is not a rekindle database ({})", path, msg));
    case SQLITE_CONSTRAINT:
        throw ConflictError(what);
    default:
        throw Error(ExitCode::internal, what);
    }
}

std::int64_t pragma_int(sqlite3* db, const std::string& path, const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
    if (rc != SQLITE_OK)
        fail(db, rc, path, "");
    rc = sqlite3_step(stmt);
    std::int64_t value = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
    sqlite3_finalize(stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        fail(db, rc, path, "");
    return value;
}

void exec_raw(sqlite3* db, const std::string& path, const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    sqlite3_free(err);
    if (rc != SQLITE_OK)
        fail(db, rc, path, "");
}

int latest(const std::vector<Migration>& migrations) {
    return migrations.empty() ? 0 : migrations.back().version;
}

// Refuses a database this program must not touch, before anything is written.
void check_identity(sqlite3* db, const std::string& path,
                    const std::vector<Migration>& migrations) {
    auto app = pragma_int(db, path, "PRAGMA application_id");
    auto version = pragma_int(db, path, "PRAGMA user_version");
    if (app != 0 && app != application_id)
        throw ConfigError(fmt::format("'{}' is a database of another program, not rekindle", path));
    bool has_tables = pragma_int(db, path, "SELECT count(*) FROM sqlite_master") > 0;
    if (app == 0 && has_tables)
        throw ConfigError(fmt::format("'{}' is a database of another program, not rekindle", path));
    if (version == 0 && has_tables)
        throw ConfigError(fmt::format("database '{}' has tables but no schema version; it may "
                                      "be damaged, so it was left untouched",
                                      path));
    if (version > latest(migrations))
        throw ConfigError(
            fmt::format("database '{}' has schema version {}, newer than this rekindle knows ({}); "
                        "it was left untouched: upgrade rekindle to use it",
                        path, version, latest(migrations)));
}

void migrate(sqlite3* db, const std::string& path, const std::vector<Migration>& migrations) {
    if (pragma_int(db, path, "PRAGMA user_version") >= latest(migrations))
        return;
    exec_raw(db, path, "BEGIN IMMEDIATE");
    try {
        // Read again under the lock: another process may have migrated meanwhile.
        auto version = pragma_int(db, path, "PRAGMA user_version");
        for (const auto& m : migrations) {
            if (m.version <= version)
                continue;
            exec_raw(db, path, m.sql);
            exec_raw(db, path, fmt::format("PRAGMA user_version = {}", m.version));
        }
        exec_raw(db, path, fmt::format("PRAGMA application_id = {}", application_id));
        exec_raw(db, path, "COMMIT");
    } catch (...) {
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

std::string uri_escape(const std::string& path) {
    std::string out;
    for (unsigned char c : path) {
        if (std::isalnum(c) || std::strchr("/-_.~", c))
            out += static_cast<char>(c);
        else
            out += fmt::format("%{:02X}", c);
    }
    return out;
}

sqlite3* open_raw(const std::string& name, int flags, const std::string& shown) {
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(name.c_str(), &db, flags | SQLITE_OPEN_EXRESCODE, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        sqlite3_close_v2(db);
        if ((rc & 0xFF) == SQLITE_CANTOPEN)
            throw CantCreateError(fmt::format("cannot open database '{}': {}", shown, msg));
        fail(nullptr, rc, shown, "cannot open");
    }
    return db;
}

// A regular file, nothing at all (false), or an error: a FIFO, a device or a folder at the
// database's path would hang or confuse SQLite, so it is refused at once.
bool regular_file_exists(const std::string& path) {
    if (path.back() == '/')
        throw CantCreateError(fmt::format("database '{}' names a folder, not a file", path));
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        struct stat link {};
        if (errno == ENOENT && ::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode))
            throw CantCreateError(fmt::format("database '{}' is a link to a file that does not "
                                              "exist",
                                              path));
        if (errno == ENOENT || errno == ENOTDIR) // a missing folder says why when it is made
            return false;
        throw CantCreateError(
            fmt::format("cannot open database '{}': {}", path, std::strerror(errno)));
    }
    if (S_ISDIR(st.st_mode))
        throw CantCreateError(fmt::format("database '{}' is a folder, not a file", path));
    if (!S_ISREG(st.st_mode))
        throw CantCreateError(fmt::format("database '{}' is not a regular file", path));
    return true;
}

std::string parent_of(const std::string& path) {
    auto parent = std::filesystem::path(path).parent_path();
    return parent.empty() ? std::string(".") : parent.string();
}

void sync_folder(const std::string& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

void remove_quietly(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        ::unlink((path + suffix).c_str());
}

// Paths a signal handler removes when the person interrupts the building of a new
// database (Ctrl-C at an import prompt, say), so nothing half-made is left behind. Fixed
// buffers: a handler may only call async-signal-safe functions.
struct PendingFiles {
    char temp[4][4096] = {};
    char dirs[8][4096] = {};
    volatile std::sig_atomic_t active = 0;
};
// One slot for each database being built at once (a process builds one; a program using the
// library may build a few).
std::array<PendingFiles, 4> pending_slots;
constexpr std::array<int, 4> interrupting_signals{SIGINT, SIGTERM, SIGHUP, SIGQUIT};
std::array<struct sigaction, 4> previous_actions{};
int watched = 0; // slots in use; the handlers are installed while it is above zero

void remove_pending_files(const PendingFiles& files) noexcept {
    for (const auto& path : files.temp)
        if (path[0])
            ::unlink(path);
    for (int i = 7; i >= 0; --i)
        if (files.dirs[i][0])
            ::rmdir(files.dirs[i]);
}

extern "C" void on_interrupt(int signal_number) {
    for (const auto& files : pending_slots)
        if (files.active)
            remove_pending_files(files);
    std::signal(signal_number, SIG_DFL);
    std::raise(signal_number);
}

void copy_path(char (&buffer)[4096], const std::string& path) {
    std::size_t n = std::min(path.size(), sizeof buffer - 1);
    std::memcpy(buffer, path.data(), n);
    buffer[n] = '\0';
}

// Makes the files of a database being built removable by a signal handler; returns its slot
// (-1 when every slot is taken: the files then only go through the normal clean-up).
int watch_pending(const std::string& temp, const std::vector<std::string>& dirs) {
    int slot = -1;
    for (int i = 0; i < static_cast<int>(pending_slots.size()); ++i)
        if (!pending_slots[static_cast<std::size_t>(i)].active) {
            slot = i;
            break;
        }
    if (slot < 0)
        return -1;
    auto& files = pending_slots[static_cast<std::size_t>(slot)];
    const char* suffixes[] = {"", "-wal", "-shm", "-journal"};
    for (std::size_t i = 0; i < 4; ++i)
        copy_path(files.temp[i], temp + suffixes[i]);
    for (std::size_t i = 0; i < 8; ++i)
        copy_path(files.dirs[i], i < dirs.size() ? dirs[i] : std::string());
    std::atomic_signal_fence(std::memory_order_seq_cst); // the paths are whole before...
    files.active = 1;                                    // ...the handler may read them
    if (watched++ == 0) {
        for (std::size_t i = 0; i < interrupting_signals.size(); ++i) {
            struct sigaction action {};
            action.sa_handler = on_interrupt;
            sigemptyset(&action.sa_mask);
            sigaction(interrupting_signals[i], nullptr, &previous_actions[i]);
            // A signal the caller ignores (nohup, trap '' INT) stays ignored.
            if (previous_actions[i].sa_handler != SIG_IGN)
                sigaction(interrupting_signals[i], &action, nullptr);
        }
    }
    return slot;
}

void unwatch_pending(int& slot) {
    if (slot < 0)
        return;
    pending_slots[static_cast<std::size_t>(slot)].active = 0;
    slot = -1;
    if (--watched == 0)
        for (std::size_t i = 0; i < interrupting_signals.size(); ++i)
            if (previous_actions[i].sa_handler != SIG_IGN)
                sigaction(interrupting_signals[i], &previous_actions[i], nullptr);
}

// Takes the lock that every rekindle building a new database in `dir` holds until it is in
// place or gone; waits up to `timeout_ms`. Returns the locked folder's descriptor, or -1
// when the folder was removed meanwhile (by another process's failed first write).
int lock_folder(const std::string& dir, const std::string& path, int timeout_ms) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return -1;
        throw CantCreateError(
            fmt::format("cannot create database '{}': {}", path, std::strerror(errno)));
    }
    for (int waited = 0; ::flock(fd, LOCK_EX | LOCK_NB) != 0; waited += 10) {
        if (errno != EWOULDBLOCK && errno != EINTR) {
            ::close(fd);
            throw CantCreateError(
                fmt::format("cannot create database '{}': {}", path, std::strerror(errno)));
        }
        if (waited >= timeout_ms) {
            ::close(fd);
            throw BusyError(fmt::format("database '{}' is busy: another rekindle is creating "
                                        "it; try again in a moment",
                                        path));
        }
        ::usleep(10000);
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || st.st_nlink == 0) {
        ::close(fd); // removed while we waited: start again
        return -1;
    }
    return fd;
}

// Removes files left by a builder that was killed (SIGKILL cannot be caught): whoever holds
// the folder's lock is the only builder, so any other "<name>.new-*" is stale.
void remove_stale_temps(const std::string& dir, const std::string& path) {
    std::string prefix = std::filesystem::path(path).filename().string() + ".new-";
    auto is_ours = [&](const std::string& name) {
        // Exactly what mkostemp makes of "<name>.new-XXXXXX", and SQLite's files beside it;
        // any other file (a backup named by hand, say) is the person's and stays.
        if (!name.starts_with(prefix) || name.size() < prefix.size() + 6)
            return false;
        std::string_view rest = std::string_view(name).substr(prefix.size());
        for (char c : rest.substr(0, 6))
            if (!std::isalnum(static_cast<unsigned char>(c)))
                return false;
        rest.remove_prefix(6);
        return rest.empty() || rest == "-wal" || rest == "-shm" || rest == "-journal";
    };
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        std::string name = entry.path().filename().string();
        if (is_ours(name))
            ::unlink(entry.path().c_str());
    }
}

void configure(sqlite3* db, const std::string& path, int busy_timeout_ms) {
    sqlite3_busy_timeout(db, busy_timeout_ms);
    // Said, not left to how SQLite was built: a commit is on disk before the command reports
    // it, so a power cut afterwards costs nothing that was acknowledged.
    exec_raw(db, path, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL");
}

} // namespace

std::string new_uid() {
    // Seeded once from the system's entropy; asking the kernel for every uid made a large
    // import spend its time in system calls.
    static std::mt19937_64 generator = [] {
        std::random_device device;
        std::seed_seq seed{device(), device(), device(), device(), device(), device()};
        return std::mt19937_64(seed);
    }();
    return fmt::format("{:016x}{:016x}", generator(), generator());
}

std::vector<std::string> make_private_dirs(const std::string& dir) {
    std::vector<std::string> made;
    std::filesystem::path target(dir);
    std::filesystem::path built;
    for (const auto& part : target) {
        built /= part;
        struct stat st {};
        if (::stat(built.c_str(), &st) == 0) {
            if (!S_ISDIR(st.st_mode))
                throw CantCreateError(fmt::format("cannot create folder '{}': '{}' is not a folder",
                                                  dir, built.string()));
            continue;
        }
        if (::mkdir(built.c_str(), 0700) == 0)
            made.push_back(built.string());
        else if (errno != EEXIST)
            throw CantCreateError(
                fmt::format("cannot create folder '{}': {}", built.string(), std::strerror(errno)));
    }
    return made;
}

Database Database::open(const std::string& path, Mode mode,
                        const std::vector<Migration>& migrations, int busy_timeout_ms) {
    if (path.empty())
        throw CantCreateError("the database path is empty");
    bool exists = regular_file_exists(path);
    if (exists && ::access(path.c_str(), R_OK) != 0)
        throw IoError(fmt::format("cannot read database '{}': {}", path, std::strerror(errno)));
    if (mode == Mode::read_only) {
        if (!exists) {
            // Nothing stored yet: answer from an empty in-memory database, create nothing.
            Database db(open_raw(":memory:", SQLITE_OPEN_READWRITE, path), path, true);
            migrate(db.db_, path, migrations);
            return db;
        }
        Database file(nullptr, path, true);
        // Opened for writing (but asked only to read) where that is allowed, so that the
        // -wal and -shm files are removed by the last connection to close, as after a
        // writer. Where it is not, a read-only connection would create them with the file's
        // own restrictive mode and leave them there, blocking a later write: read the file
        // as it is instead, unless they already exist.
        bool writable = ::access(path.c_str(), W_OK) == 0 &&
                        ::access(parent_of(path).c_str(), W_OK | X_OK) == 0;
        bool wal_files = ::access((path + "-wal").c_str(), F_OK) == 0 &&
                         ::access((path + "-shm").c_str(), F_OK) == 0;
        std::string immutable = "file:" + uri_escape(path) + "?immutable=1";
        try {
            if (writable)
                file.db_ = open_raw(path, SQLITE_OPEN_READWRITE, path);
            else if (wal_files)
                file.db_ = open_raw(path, SQLITE_OPEN_READONLY, path);
            else
                file.db_ = open_raw(immutable, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, path);
            sqlite3_busy_timeout(file.db_, busy_timeout_ms);
            file.exec("PRAGMA query_only = ON");
            // Read through a memory map: a new process each time starts with a cold page
            // cache of its own, and a search over a large journal reads many pages.
            file.exec("PRAGMA mmap_size = 268435456");
            check_identity(file.db_, path, migrations);
        } catch (const Error& e) {
            if (e.code() != ExitCode::cant_create && e.code() != ExitCode::io)
                throw;
            // A folder that cannot hold the WAL index: read the file as it is.
            sqlite3_close_v2(std::exchange(file.db_, nullptr));
            file.db_ = open_raw(immutable, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, path);
            check_identity(file.db_, path, migrations);
        }
        if (pragma_int(file.db_, path, "PRAGMA user_version") < latest(migrations)) {
            // An older schema: migrate a private copy in memory, never the file.
            Database copy(open_raw(":memory:", SQLITE_OPEN_READWRITE, path), path, true);
            sqlite3_backup* backup = sqlite3_backup_init(copy.db_, "main", file.db_, "main");
            int rc = backup ? sqlite3_backup_step(backup, -1) : sqlite3_errcode(copy.db_);
            sqlite3_backup_finish(backup);
            if (rc != SQLITE_DONE)
                fail(nullptr, rc, path, "cannot read");
            migrate(copy.db_, path, migrations);
            copy.exec("PRAGMA query_only = ON");
            return copy;
        }
        return file;
    }

    if (exists) {
        // Refused before SQLite opens it: a writer on a file it cannot write would fall back
        // to reading and leave a -shm file with the file's own read-only mode, which blocks
        // every later write even after the mode is put right.
        if (::access(path.c_str(), W_OK) != 0)
            throw IoError(
                fmt::format("database '{}' is read-only here: {}", path, std::strerror(errno)));
        Database db(open_raw(path, SQLITE_OPEN_READWRITE, path), path, false);
        configure(db.db_, path, busy_timeout_ms);
        check_identity(db.db_, path, migrations);
        // An empty file someone made by hand: make it a WAL database like every other.
        if (pragma_int(db.db_, path, "PRAGMA user_version") == 0)
            exec_raw(db.db_, path, "PRAGMA journal_mode = WAL");
        migrate(db.db_, path, migrations);
        return db;
    }
    // A new database is built whole under a temporary name, so no other process ever sees a
    // file without its schema and application id; publish() moves it into place.
    // One builder at a time: the others wait for the folder's lock, then find the database in
    // place (or, if that first command failed, build it themselves).
    Database db(nullptr, path, false);
    db.busy_timeout_ms_ = busy_timeout_ms;
    std::string dir = parent_of(path);
    for (int attempt = 0; db.lock_fd_ < 0; ++attempt) {
        auto made = make_private_dirs(dir);
        db.created_dirs_.insert(db.created_dirs_.end(), made.begin(), made.end());
        db.lock_fd_ = lock_folder(dir, path, busy_timeout_ms);
        if (db.lock_fd_ < 0 && attempt >= 100)
            throw CantCreateError(fmt::format("cannot create database '{}': its folder keeps "
                                              "disappearing",
                                              path));
    }
    if (regular_file_exists(path)) { // made by the builder we waited for
        db.release_lock();
        db.created_dirs_.clear();
        return open(path, mode, migrations, busy_timeout_ms);
    }
    remove_stale_temps(dir, path);
    std::string temp = path + ".new-XXXXXX";
    int fd = ::mkostemp(temp.data(), O_CLOEXEC);
    if (fd < 0)
        throw CantCreateError(
            fmt::format("cannot create database '{}': {}", path, std::strerror(errno)));
    ::close(fd);
    db.temp_path_ = temp;
    db.watch_slot_ = watch_pending(temp, db.created_dirs_);
    db.db_ = open_raw(db.temp_path_, SQLITE_OPEN_READWRITE, path);
    configure(db.db_, path, busy_timeout_ms);
    exec_raw(db.db_, path, "PRAGMA journal_mode = WAL");
    migrate(db.db_, path, migrations);
    db.baseline_changes_ = sqlite3_total_changes64(db.db_);
    return db;
}

void Database::publish() {
    // A command that changed nothing (an empty import, an uncheck of what was not checked)
    // leaves no database behind.
    if (temp_path_.empty() || sqlite3_total_changes64(db_) == baseline_changes_)
        return;
    // Everything into the main file and the connection closed, so the file alone is the
    // whole database: its -wal and -shm are named after the temporary name.
    for (auto* statement : statements_) // a statement in the middle of a read holds it open
        sqlite3_finalize(std::exchange(statement->stmt_, nullptr));
    exec_raw(db_, path_, "PRAGMA wal_checkpoint(TRUNCATE)");
    if (sqlite3_close(db_) != SQLITE_OK)
        throw Error(ExitCode::internal,
                    fmt::format("database '{}': cannot close the new database", path_));
    db_ = nullptr;
    if (int fd = ::open(temp_path_.c_str(), O_RDONLY | O_CLOEXEC); fd >= 0) {
        int rc = ::fsync(fd);
        int err = errno;
        ::close(fd);
        if (rc != 0) {
            discard_pending();
            throw IoError(fmt::format("cannot write database '{}': {}", path_, std::strerror(err)));
        }
    }
    // link() fails rather than replace: a database another process made first is kept. A
    // file system without hard links (vfat, say) gets a rename that refuses to replace.
    int moved = ::link(temp_path_.c_str(), path_.c_str());
    if (moved != 0 && (errno == EPERM || errno == ENOTSUP || errno == EOPNOTSUPP))
        moved =
            ::renameat2(AT_FDCWD, temp_path_.c_str(), AT_FDCWD, path_.c_str(), RENAME_NOREPLACE);
    if (moved != 0) {
        int err = errno;
        if (err == EEXIST) {
            // Only a program that does not take the folder's lock gets here.
            discard_pending();
            throw BusyError(fmt::format("database '{}' was created by another program at the "
                                        "same moment; nothing was stored, so run the command "
                                        "again",
                                        path_));
        }
        discard_pending();
        throw IoError(fmt::format("cannot create database '{}': {}", path_, std::strerror(err)));
    }
    ::unlink(temp_path_.c_str()); // after a rename there is nothing left to remove
    unwatch_pending(watch_slot_);
    temp_path_.clear();
    created_dirs_.clear();
    sync_folder(parent_of(path_));
    release_lock();
    // The command's change is stored from here on; statements are prepared again on the
    // database in place when next used.
    db_ = open_raw(path_, SQLITE_OPEN_READWRITE, path_);
    configure(db_, path_, busy_timeout_ms_);
}

void Database::detach_statements() noexcept {
    for (auto* statement : statements_) {
        sqlite3_finalize(std::exchange(statement->stmt_, nullptr));
        statement->db_ = nullptr;
    }
    statements_.clear();
}

void Database::discard_pending() noexcept {
    if (!temp_path_.empty()) {
        for (auto* statement : statements_)
            sqlite3_finalize(std::exchange(statement->stmt_, nullptr));
        sqlite3_close_v2(std::exchange(db_, nullptr));
        remove_quietly(temp_path_);
        unwatch_pending(watch_slot_);
        temp_path_.clear();
    }
    // Only folders that are still empty go: another process may be using one already. They
    // go before the lock is released, so a process waiting for it sees they are gone.
    for (auto dir = created_dirs_.rbegin(); dir != created_dirs_.rend(); ++dir)
        ::rmdir(dir->c_str());
    created_dirs_.clear();
    release_lock();
}

void Database::release_lock() noexcept {
    if (lock_fd_ >= 0)
        ::close(std::exchange(lock_fd_, -1)); // closing releases the flock
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)),
      read_only_(other.read_only_), busy_timeout_ms_(other.busy_timeout_ms_),
      temp_path_(std::exchange(other.temp_path_, {})),
      created_dirs_(std::move(other.created_dirs_)), statements_(std::move(other.statements_)),
      lock_fd_(std::exchange(other.lock_fd_, -1)),
      watch_slot_(std::exchange(other.watch_slot_, -1)),
      baseline_changes_(other.baseline_changes_) {
    for (auto* statement : statements_)
        statement->db_ = this;
}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        detach_statements();
        discard_pending();
        sqlite3_close_v2(db_);
        db_ = std::exchange(other.db_, nullptr);
        path_ = std::move(other.path_);
        read_only_ = other.read_only_;
        busy_timeout_ms_ = other.busy_timeout_ms_;
        temp_path_ = std::exchange(other.temp_path_, {});
        created_dirs_ = std::move(other.created_dirs_);
        statements_ = std::move(other.statements_);
        lock_fd_ = std::exchange(other.lock_fd_, -1);
        watch_slot_ = std::exchange(other.watch_slot_, -1);
        baseline_changes_ = other.baseline_changes_;
        for (auto* statement : statements_)
            statement->db_ = this;
    }
    return *this;
}

Database::~Database() {
    detach_statements();
    discard_pending();
    sqlite3_close_v2(db_);
}

void Database::exec(std::string_view sql) {
    exec_raw(db_, path_, std::string(sql));
}

Statement Database::prepare(std::string_view sql) {
    return Statement(*this, sql);
}

std::int64_t Database::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(db_);
}

int Database::user_version() {
    return static_cast<int>(pragma_int(db_, path_, "PRAGMA user_version"));
}

Statement::Statement(Database& db, std::string_view sql) : db_(&db), sql_(sql) {
    prepared();
    db.statements_.push_back(this);
}

sqlite3_stmt* Statement::prepared() {
    if (!db_)
        throw Error(ExitCode::internal, "a statement was used after its database was closed");
    if (!stmt_) {
        int rc = sqlite3_prepare_v3(db_->handle(), sql_.data(), static_cast<int>(sql_.size()), 0,
                                    &stmt_, nullptr);
        if (rc != SQLITE_OK)
            fail(db_->handle(), rc, db_->path(), "");
    }
    return stmt_;
}

Statement::Statement(Statement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), sql_(std::move(other.sql_)),
      stmt_(std::exchange(other.stmt_, nullptr)) {
    if (db_)
        std::replace(db_->statements_.begin(), db_->statements_.end(), &other, this);
}

Statement::~Statement() {
    sqlite3_finalize(stmt_);
    if (db_) {
        auto& live = db_->statements_;
        live.erase(std::remove(live.begin(), live.end(), this), live.end());
    }
}

namespace {
void check_bind(Database& db, int rc) {
    if (rc != SQLITE_OK)
        fail(db.handle(), rc, db.path(), "bind");
}
} // namespace

Statement& Statement::bind(int index, std::int64_t value) {
    int rc = sqlite3_bind_int64(prepared(), index, value);
    check_bind(*db_, rc);
    return *this;
}
Statement& Statement::bind(int index, double value) {
    int rc = sqlite3_bind_double(prepared(), index, value);
    check_bind(*db_, rc);
    return *this;
}
Statement& Statement::bind(int index, std::string_view value) {
    int rc = sqlite3_bind_text64(prepared(), index, value.data(), value.size(), SQLITE_TRANSIENT,
                                 SQLITE_UTF8);
    check_bind(*db_, rc);
    return *this;
}
Statement& Statement::bind(int index, std::nullopt_t) {
    int rc = sqlite3_bind_null(prepared(), index);
    check_bind(*db_, rc);
    return *this;
}

bool Statement::step() {
    int rc = sqlite3_step(prepared());
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    fail(db_->handle(), rc, db_->path(), "");
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() {
    if (!stmt_)
        return; // prepared again when next used
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}
std::int64_t Statement::integer(int column) const {
    return sqlite3_column_int64(stmt_, column);
}
double Statement::real(int column) const {
    return sqlite3_column_double(stmt_, column);
}
std::string Statement::text(int column) const {
    const auto* p = sqlite3_column_text(stmt_, column);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
             : std::string();
}
std::string_view Statement::text_view(int column) const {
    const auto* p = sqlite3_column_text(stmt_, column);
    return p ? std::string_view(reinterpret_cast<const char*>(p),
                                static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
             : std::string_view();
}

std::optional<std::string> Statement::optional_text(int column) const {
    if (is_null(column))
        return std::nullopt;
    return text(column);
}

Transaction::Transaction(Database& db, Kind kind) : db_(db) {
    db_.exec(kind == Kind::immediate ? "BEGIN IMMEDIATE" : "BEGIN");
}

Transaction::~Transaction() {
    if (open_)
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
    db_.exec("COMMIT");
    open_ = false;
    db_.publish();
}

} // namespace rekindle::db
