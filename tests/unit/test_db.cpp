#include "rekindle/db.hpp"
#include "rekindle/error.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>
#include <csignal>
#include <fstream>
#include <iterator>
#include <optional>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace rekindle;
using namespace rekindle::db;

namespace {
const std::vector<Migration> two_steps{
    {1, "CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT;"},
    {2, "ALTER TABLE note ADD COLUMN mood INTEGER;"},
};

std::string bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

unsigned mode_of(const std::string& path) {
    struct stat st {};
    ::stat(path.c_str(), &st);
    return st.st_mode & 0777;
}

// A new database appears at its path when its first transaction that changes something
// commits; this one leaves no row behind.
void publish(Database& db) {
    Transaction tx(db);
    db.exec("INSERT INTO note (body) VALUES ('x'); DELETE FROM note;");
    tx.commit();
}

bool exists(const std::string& path) {
    return ::access(path.c_str(), F_OK) == 0;
}

// Makes a database as a future rekindle would: a schema version this one does not know.
void make_newer(const std::string& path) {
    sqlite3* raw = nullptr;
    sqlite3_open(path.c_str(), &raw);
    sqlite3_exec(raw,
                 "PRAGMA application_id = 1380664396; PRAGMA user_version = 99;"
                 "CREATE TABLE future (x) ;",
                 nullptr, nullptr, nullptr);
    sqlite3_close(raw);
}
} // namespace

TEST_CASE("a new database is created 0600 in 0700 folders and migrated", "[db]") {
    TempDir tmp;
    std::string path = tmp.file("a/b/rekindle.db");
    {
        auto db = Database::open(path, Mode::read_write, two_steps);
        CHECK(db.user_version() == 2);
        auto q = db.prepare("PRAGMA application_id");
        REQUIRE(q.step());
        CHECK(q.integer(0) == application_id);
        {
            auto j = db.prepare("PRAGMA journal_mode");
            REQUIRE(j.step());
            CHECK(j.text(0) == "wal");
        } // an unfinished journal_mode pragma would hold the commit below
        auto f = db.prepare("PRAGMA foreign_keys");
        REQUIRE(f.step());
        CHECK(f.integer(0) == 1);
        publish(db);
    }
    CHECK(mode_of(path) == 0600);
    CHECK(mode_of(tmp.file("a")) == 0700);
    CHECK(mode_of(tmp.file("a/b")) == 0700);
}

TEST_CASE("migrations run each step once, oldest first", "[db]") {
    TempDir tmp;
    std::string path = tmp.file("m.db");
    {
        auto db = Database::open(path, Mode::read_write, {two_steps[0]});
        Transaction tx(db);
        db.prepare("INSERT INTO note (body) VALUES (?)").bind(1, "kept").run();
        tx.commit();
        CHECK(db.user_version() == 1);
    }
    auto db = Database::open(path, Mode::read_write, two_steps);
    CHECK(db.user_version() == 2);
    auto q = db.prepare("SELECT body, mood FROM note");
    REQUIRE(q.step());
    CHECK(q.text(0) == "kept");
    CHECK(q.is_null(1));
}

TEST_CASE("a failing migration leaves the database as it was", "[db]") {
    TempDir tmp;
    std::string path = tmp.file("f.db");
    {
        auto db = Database::open(path, Mode::read_write, {two_steps[0]});
        publish(db);
    }
    std::vector<Migration> broken{two_steps[0], {2, "CREATE TABLE ok (x); THIS IS NOT SQL;"}};
    CHECK_THROWS_AS(Database::open(path, Mode::read_write, broken), Error);
    auto db = Database::open(path, Mode::read_only, {two_steps[0]});
    CHECK(db.user_version() == 1);
    auto q = db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'ok'");
    REQUIRE(q.step());
    CHECK(q.integer(0) == 0);
}

TEST_CASE("a database of a newer schema is refused and left byte-identical", "[db]") {
    TempDir tmp;
    std::string path = tmp.file("new.db");
    make_newer(path);
    std::string before = bytes(path);
    for (auto mode : {Mode::read_write, Mode::read_only}) {
        try {
            (void)Database::open(path, mode, two_steps);
            FAIL("expected a refusal");
        } catch (const ConfigError& e) {
            CHECK(e.code() == ExitCode::config);
            CHECK(std::string(e.what()).find("newer") != std::string::npos);
        }
    }
    CHECK(bytes(path) == before);
    CHECK_FALSE(std::filesystem::exists(path + "-wal"));
}

TEST_CASE("another program's database or a non-database file is refused", "[db]") {
    TempDir tmp;
    std::string other = tmp.file("other.db");
    sqlite3* raw = nullptr;
    sqlite3_open(other.c_str(), &raw);
    sqlite3_exec(raw, "CREATE TABLE t (x)", nullptr, nullptr, nullptr);
    sqlite3_close(raw);
    CHECK_THROWS_AS(Database::open(other, Mode::read_write, two_steps), ConfigError);
    std::string text = tmp.file("text.db");
    std::ofstream(text) << "this is not sqlite, just some words that are long enough to matter";
    CHECK_THROWS_AS(Database::open(text, Mode::read_write, two_steps), ConfigError);
}

TEST_CASE("read-only opening creates nothing and never writes", "[db]") {
    TempDir tmp;
    std::string missing = tmp.file("none/rekindle.db");
    {
        auto db = Database::open(missing, Mode::read_only, two_steps);
        auto q = db.prepare("SELECT count(*) FROM note");
        REQUIRE(q.step());
        CHECK(q.integer(0) == 0);
    }
    CHECK_FALSE(std::filesystem::exists(tmp.file("none")));

    std::string path = tmp.file("old.db");
    {
        auto db = Database::open(path, Mode::read_write, {two_steps[0]});
        publish(db);
    }
    std::string before = bytes(path);
    {
        // An older schema is migrated in memory only.
        auto db = Database::open(path, Mode::read_only, two_steps);
        CHECK(db.user_version() == 2);
        CHECK_THROWS(db.exec("INSERT INTO note (body) VALUES ('x')"));
    }
    CHECK(bytes(path) == before);
}

TEST_CASE("an uncreatable path is a cant-create error", "[db]") {
    TempDir tmp;
    std::string file = tmp.file("plain");
    std::ofstream(file) << "x";
    try {
        (void)Database::open(file + "/sub/rekindle.db", Mode::read_write, two_steps);
        FAIL("expected an error");
    } catch (const CantCreateError& e) {
        CHECK(e.code() == ExitCode::cant_create);
        CHECK(std::string(e.what()).find("is not a folder") != std::string::npos);
    }
}

TEST_CASE("statements bind every type and transactions roll back unless committed", "[db]") {
    TempDir tmp;
    auto db = Database::open(tmp.file("s.db"), Mode::read_write, two_steps);
    {
        Transaction tx(db);
        db.prepare("INSERT INTO note (body, mood) VALUES (?, ?)").bind_all("lost", 1).run();
    }
    {
        Transaction tx(db);
        std::optional<std::string> none;
        db.prepare("INSERT INTO note (body, mood) VALUES (?, ?)")
            .bind_all(std::string("it's \"quoted\"; DROP TABLE note; --"), none)
            .run();
        tx.commit();
    }
    auto q = db.prepare("SELECT body, mood, typeof(mood) FROM note");
    REQUIRE(q.step());
    CHECK(q.text(0) == "it's \"quoted\"; DROP TABLE note; --");
    CHECK_FALSE(q.optional_text(1));
    CHECK_FALSE(q.step());
    CHECK_THROWS_AS(db.prepare("INSERT INTO note (body) VALUES (NULL)").run(), ConflictError);
}

TEST_CASE("a writer blocked past the timeout gets a busy error", "[db]") {
    TempDir tmp;
    std::string path = tmp.file("busy.db");
    auto holder = Database::open(path, Mode::read_write, two_steps);
    publish(holder);
    Transaction lock(holder);
    auto second = Database::open(path, Mode::read_write, two_steps, 10);
    try {
        Transaction tx(second);
        FAIL("expected busy");
    } catch (const BusyError& e) {
        CHECK(e.code() == ExitCode::busy);
    }
}

TEST_CASE("importing events without a uid looks them up through an index", "[db]") {
    // Without it, matching a hand-written event scanned every event of its item: quadratic.
    TempDir tmp;
    auto db = Database::open(tmp.file("plan.db"), Mode::read_write);
    auto plan = db.prepare("EXPLAIN QUERY PLAN SELECT 1 FROM checklist_event WHERE list = ? AND "
                           "item = ? AND action = ? AND at = ? AND note IS ?");
    REQUIRE(plan.step());
    CHECK(plan.text(3).find("USING INDEX checklist_event_item (list=? AND item=? AND at=?)") !=
          std::string::npos);
}

TEST_CASE("the shipped schema migrates an empty database to its latest step", "[db]") {
    TempDir tmp;
    auto db = Database::open(tmp.file("r.db"), Mode::read_write);
    CHECK(db.user_version() == schema().back().version);
    auto q = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name LIKE "
                        "'checklist_%'");
    REQUIRE(q.step());
    CHECK(q.integer(0) == 4); // list, item, event and the state that points at events
}

TEST_CASE("a new database appears whole at its first commit, and not at all without one", "[db]") {
    TempDir tmp;
    std::string path = tmp.file("new/sub/r.db");
    {
        auto db = Database::open(path, Mode::read_write, two_steps);
        CHECK(db.pending());
        CHECK_FALSE(exists(path));
        auto insert = db.prepare("INSERT INTO note (body) VALUES (?)");
        auto count = db.prepare("SELECT count(*) FROM note");
        Transaction tx(db);
        insert.bind(1, "first").run();
        tx.commit();
        CHECK_FALSE(db.pending());
        CHECK(exists(path));
        // Statements prepared before the move into place keep working after it.
        insert.bind(1, "second").run();
        REQUIRE(count.step());
        CHECK(count.integer(0) == 2);
    }
    CHECK(mode_of(path) == 0600);
    auto names = std::distance(std::filesystem::directory_iterator(tmp.file("new/sub")),
                               std::filesystem::directory_iterator());
    CHECK(names == 1); // no temporary file, -wal or -shm left beside it

    std::string never = tmp.file("never/r.db");
    {
        auto db = Database::open(never, Mode::read_write, two_steps);
        Transaction tx(db);
        db.prepare("INSERT INTO note (body) VALUES ('rolled back')").run();
    }
    CHECK_FALSE(exists(tmp.file("never")));
}

TEST_CASE("one builder at a time: a second creator waits, then finds the database", "[db]") {
    TempDir tmp;
    std::string path = tmp.file("race/r.db");
    {
        auto first = Database::open(path, Mode::read_write, two_steps);
        // While the first builds it, another creator waits for the folder's lock.
        CHECK_THROWS_AS(Database::open(path, Mode::read_write, two_steps, 50), BusyError);
        Transaction tx(first);
        first.prepare("INSERT INTO note (body) VALUES ('first')").run();
        tx.commit();
        auto second = Database::open(path, Mode::read_write, two_steps, 50);
        CHECK_FALSE(second.pending());
        auto q = second.prepare("SELECT group_concat(body) FROM note");
        REQUIRE(q.step());
        CHECK(q.text(0) == "first");
    }
    for (const auto& entry : std::filesystem::directory_iterator(tmp.file("race")))
        CHECK(entry.path().filename().string().find(".new-") == std::string::npos);

    // A builder that gives up lets the next one build it.
    std::string other = tmp.file("gone/r.db");
    { auto abandoned = Database::open(other, Mode::read_write, two_steps); }
    CHECK_FALSE(exists(tmp.file("gone")));
    auto next = Database::open(other, Mode::read_write, two_steps, 50);
    CHECK(next.pending());
}

TEST_CASE("a command that changes nothing leaves no database behind", "[db]") {
    TempDir tmp;
    std::string path = tmp.file("quiet/r.db");
    {
        auto db = Database::open(path, Mode::read_write, two_steps);
        Transaction tx(db);
        db.prepare("DELETE FROM note").run(); // nothing to delete
        tx.commit();
        CHECK(db.pending());
    }
    CHECK_FALSE(exists(tmp.file("quiet")));
}

TEST_CASE("files left by a killed builder are cleared by the next", "[db]") {
    TempDir tmp;
    std::string path = tmp.file("r.db");
    std::ofstream(path + ".new-AbC123") << "half made";
    std::ofstream(path + ".new-AbC123-journal") << "x";
    auto db = Database::open(path, Mode::read_write, two_steps);
    publish(db);
    CHECK_FALSE(exists(path + ".new-AbC123"));
    CHECK_FALSE(exists(path + ".new-AbC123-journal"));
}

TEST_CASE("a database path that cannot be a file is refused before anything is made", "[db]") {
    TempDir tmp;
    CHECK_THROWS_WITH(Database::open(tmp.file("newdir/"), Mode::read_write, two_steps),
                      Catch::Contains("names a folder"));
    CHECK_FALSE(exists(tmp.file("newdir")));
    REQUIRE(::symlink(tmp.file("nowhere.db").c_str(), tmp.file("link.db").c_str()) == 0);
    CHECK_THROWS_WITH(Database::open(tmp.file("link.db"), Mode::read_write, two_steps),
                      Catch::Contains("link to a file that does not exist"));
}

TEST_CASE("a FIFO or a device at the database's path is refused at once", "[db]") {
    TempDir tmp;
    std::string fifo = tmp.file("f.db");
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    for (auto mode : {Mode::read_only, Mode::read_write})
        CHECK_THROWS_WITH(Database::open(fifo, mode, two_steps),
                          Catch::Contains("is not a regular file"));
    CHECK_THROWS_WITH(Database::open("/dev/null", Mode::read_only, two_steps),
                      Catch::Contains("is not a regular file"));
}

TEST_CASE("reading leaves no -wal or -shm that could block a later write", "[db]") {
    TempDir tmp;
    std::string dir = tmp.file("shared");
    std::filesystem::create_directory(dir);
    std::string path = dir + "/r.db";
    {
        auto db = Database::open(path, Mode::read_write, two_steps);
        publish(db);
    }
    // As the owner when run as root (root ignores file modes), as the user did.
    bool as_root = ::geteuid() == 0;
    if (as_root) {
        ::chmod(tmp.path.c_str(), 0755);
        REQUIRE(::chown(dir.c_str(), 65534, 65534) == 0);
        REQUIRE(::chown(path.c_str(), 65534, 65534) == 0);
    }
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        if (as_root && (::setgid(65534) != 0 || ::setuid(65534) != 0))
            ::_exit(10);
        try {
            {
                auto reader = Database::open(path, Mode::read_only, two_steps);
                (void)reader.user_version();
            }
            if (exists(path + "-wal") || exists(path + "-shm"))
                ::_exit(11);
            ::chmod(path.c_str(), 0400);
            {
                auto reader = Database::open(path, Mode::read_only, two_steps);
                (void)reader.user_version();
            }
            if (exists(path + "-wal") || exists(path + "-shm"))
                ::_exit(12);
            ::chmod(path.c_str(), 0600);
            auto writer = Database::open(path, Mode::read_write, two_steps);
            Transaction tx(writer);
            writer.prepare("INSERT INTO note (body) VALUES ('after reading')").run();
            tx.commit();
        } catch (...) {
            ::_exit(13);
        }
        ::_exit(0);
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("a statement that outlives its database fails cleanly", "[db]") {
    TempDir tmp;
    std::optional<Statement> orphan;
    {
        auto db = Database::open(tmp.file("o.db"), Mode::read_write, two_steps);
        publish(db);
        orphan.emplace(db.prepare("SELECT count(*) FROM note"));
    }
    CHECK_THROWS_AS(orphan->step(), Error);
    // Moving another database over one with live statements cuts them loose too.
    auto db = Database::open(tmp.file("a.db"), Mode::read_write, two_steps);
    publish(db);
    auto insert = db.prepare("INSERT INTO note (body) VALUES ('lost?')");
    db = Database::open(tmp.file("b.db"), Mode::read_write, two_steps);
    CHECK_THROWS_AS(insert.run(), Error);
}

TEST_CASE("an interrupted builder removes its temporary files and folders", "[db]") {
    TempDir tmp;
    std::string path = tmp.file("new/sub/r.db");
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        auto db = Database::open(path, Mode::read_write, two_steps);
        ::raise(SIGTERM);
        ::_exit(0);
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    CHECK(WIFSIGNALED(status));
    CHECK_FALSE(exists(tmp.file("new")));
}

TEST_CASE("an empty file given as the database becomes a WAL database", "[db]") {
    TempDir tmp;
    std::string path = tmp.file("empty.db");
    std::ofstream(path).close();
    auto db = Database::open(path, Mode::read_write, two_steps);
    auto mode = db.prepare("PRAGMA journal_mode");
    REQUIRE(mode.step());
    CHECK(mode.text(0) == "wal");
}

TEST_CASE("a signal the caller ignores stays ignored while a database is built", "[db]") {
    TempDir tmp;
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        std::signal(SIGHUP, SIG_IGN); // as nohup does
        auto db = Database::open(tmp.file("n/r.db"), Mode::read_write, two_steps);
        ::raise(SIGHUP);
        ::_exit(0);
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
}

TEST_CASE("a file of the person's named like a temporary one is left alone", "[db]") {
    TempDir tmp;
    std::string path = tmp.file("r.db");
    std::ofstream(path + ".new-laptop-backup") << "mine";
    std::ofstream(path + ".new-Ab12Z9") << "half made";
    auto db = Database::open(path, Mode::read_write, two_steps);
    publish(db);
    CHECK(exists(path + ".new-laptop-backup"));
    CHECK_FALSE(exists(path + ".new-Ab12Z9"));
}

TEST_CASE("two databases built at once are both cleared on an interrupt", "[db]") {
    TempDir tmp;
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        auto a = Database::open(tmp.file("x/a.db"), Mode::read_write, two_steps);
        auto b = Database::open(tmp.file("y/b.db"), Mode::read_write, two_steps);
        ::raise(SIGINT);
        ::_exit(0);
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    CHECK(WIFSIGNALED(status));
    CHECK_FALSE(exists(tmp.file("x")));
    CHECK_FALSE(exists(tmp.file("y")));
}
