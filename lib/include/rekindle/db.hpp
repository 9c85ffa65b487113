#pragma once
/// SQLite access: an RAII connection, prepared statements with typed bind and read, a
/// transaction guard, and schema migrations by `user_version`. Every value reaches SQL
/// through a bound parameter.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace rekindle::db {

/// `PRAGMA application_id` of every rekindle database ("RKDL").
inline constexpr std::int32_t application_id = 0x524B444C;

/// One schema step. Steps run in order, each once, all pending ones in one transaction.
struct Migration {
    int version;     ///< the `user_version` after this step
    const char* sql; ///< statements to run (may hold several)
};

/// The whole schema shared by every tool, oldest step first.
const std::vector<Migration>& schema();

enum class Mode {
    /// Migrate as needed. A database that does not exist yet is built under a temporary name
    /// beside it (0600, folders 0700), holding a lock on its folder that other rekindles wait
    /// for, and appears at its path, whole, when the first Transaction that changes something
    /// commits; until then no other process can see it, and if nothing is committed (or the
    /// process is interrupted) it is removed with the folders made for it.
    read_write,
    /// Never write; a missing file reads as an empty database and nothing is created. The
    /// file is opened for writing when it and its folder allow it (so SQLite's -wal and -shm
    /// files are removed by whichever connection closes last, as after a writer), and is
    /// otherwise read as it is, creating nothing beside it.
    read_only,
};

class Statement;

/// An open database. Opening checks the application id and refuses a newer schema before
/// anything is written.
class Database {
  public:
    /// Opens `path`. Throws CantCreateError (73) when the file or folder cannot be made,
    /// ConfigError (78) for a newer schema or a file that is not a rekindle database,
    /// BusyError (75) when locked past `busy_timeout_ms`.
    static Database open(const std::string& path, Mode mode,
                         const std::vector<Migration>& migrations = schema(),
                         int busy_timeout_ms = 5000);

    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    /// Runs SQL without parameters (schema, pragmas).
    void exec(std::string_view sql);
    /// Prepares one statement.
    Statement prepare(std::string_view sql);
    [[nodiscard]] std::int64_t last_insert_rowid() const;
    [[nodiscard]] int user_version();
    [[nodiscard]] bool read_only() const noexcept { return read_only_; }
    [[nodiscard]] const std::string& path() const noexcept { return path_; }
    [[nodiscard]] sqlite3* handle() const noexcept { return db_; }
    /// Whether the database is still being built under a temporary name (see Mode).
    [[nodiscard]] bool pending() const noexcept { return !temp_path_.empty(); }
    /// Moves a database still being built into place at its path once a transaction has
    /// changed something (Transaction::commit calls it). Throws BusyError when a program
    /// that ignores rekindle's lock created the file first. No-op otherwise.
    void publish();

  private:
    friend class Statement;
    Database(sqlite3* db, std::string path, bool read_only)
        : db_(db), path_(std::move(path)), read_only_(read_only) {}
    void discard_pending() noexcept;
    void release_lock() noexcept;
    /// Finalizes every live statement and cuts it loose, so one that outlives this
    /// connection fails cleanly instead of touching freed memory.
    void detach_statements() noexcept;
    sqlite3* db_ = nullptr;
    std::string path_;
    bool read_only_ = false;
    int busy_timeout_ms_ = 5000;
    std::string temp_path_;                 ///< where a new database is built until published
    std::vector<std::string> created_dirs_; ///< folders made for a new database, outermost first
    std::vector<Statement*> statements_;    ///< live statements, prepared again on publish
    int lock_fd_ = -1;                      ///< the folder, locked while a new one is built
    int watch_slot_ = -1;                   ///< its files in the interrupt handler's table
    std::int64_t baseline_changes_ = 0;     ///< changes made by building it, before any command
};

/// A prepared statement. Parameters are 1-based, columns 0-based, as in SQLite.
class Statement {
  public:
    Statement(Database& db, std::string_view sql);
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value) {
        return bind(index, std::string_view(value));
    }
    Statement& bind(int index, std::nullopt_t);
    template <typename T> Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind(index, std::nullopt);
    }

    /// Binds every argument in order, starting at parameter 1.
    template <typename... Args> Statement& bind_all(const Args&... args) {
        int index = 0;
        (bind(++index, args), ...);
        return *this;
    }

    /// Advances to the next row; false when done.
    bool step();
    /// Runs a statement that returns no rows.
    void run();
    /// Makes the statement ready to run again, keeping nothing bound.
    void reset();

    [[nodiscard]] bool is_null(int column) const;
    [[nodiscard]] std::int64_t integer(int column) const;
    [[nodiscard]] double real(int column) const;
    [[nodiscard]] std::string text(int column) const;
    /// The column's text without a copy; valid until the next step or reset.
    [[nodiscard]] std::string_view text_view(int column) const;
    [[nodiscard]] std::optional<std::string> optional_text(int column) const;

  private:
    friend class Database;
    /// The prepared statement, prepared again after the database moved into place.
    sqlite3_stmt* prepared();
    Database* db_;
    std::string sql_;
    sqlite3_stmt* stmt_ = nullptr;
};

/// A transaction that rolls back unless committed. Writers use `immediate`, which takes the
/// write lock at once so that a busy database fails before any work is done.
class Transaction {
  public:
    enum class Kind { deferred, immediate };
    explicit Transaction(Database& db, Kind kind = Kind::immediate);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();
    void commit();

  private:
    Database& db_;
    bool open_ = true;
};

/// A new random identifier (32 hex digits) for a stored record, unique across databases.
std::string new_uid();

/// Creates `dir` and missing parents with mode 0700; returns the folders it made, outermost
/// first. Throws CantCreateError.
std::vector<std::string> make_private_dirs(const std::string& dir);

} // namespace rekindle::db
