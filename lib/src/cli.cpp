#include "rekindle/cli.hpp"

#include "rekindle/db.hpp"
#include "rekindle/error.hpp"
#include "rekindle/paths.hpp"
#include "rekindle/text.hpp"

#include <algorithm>
#include <cerrno>
#include <clocale>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <iterator>
#include <langinfo.h>
#include <regex>
#include <spawn.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace rekindle::cli {

namespace {
// Where temporary files go: $TMPDIR when it names a folder by an absolute path, else /tmp.
std::string temp_dir() {
    std::string dir = paths::env("TMPDIR").value_or("");
    struct stat st {};
    if (dir.empty() || dir.front() != '/' || ::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        return "/tmp";
    return dir;
}
} // namespace

std::string program(std::string_view tool) {
    return tool.empty() ? std::string("rekindle") : fmt::format("rekindle-{}", tool);
}

void add_common_options(CLI::App& app, CommonOptions& o, std::string_view tool) {
    app.set_version_flag("--version", fmt::format("{} {}", program(tool), REKINDLE_VERSION),
                         "Print the version and exit");
    app.fallthrough();
    app.add_option("--db", o.db,
                   "Database file (default: $REKINDLE_DB, config 'database', "
                   "or $XDG_DATA_HOME/rekindle/rekindle.db)")
        ->type_name("PATH")
        ->each([&o](const std::string&) { o.db_given = true; });
    app.add_option(
           "--config", o.config,
           "Config file (default: $REKINDLE_CONFIG or $XDG_CONFIG_HOME/rekindle/config.toml)")
        ->type_name("PATH")
        ->each([&o](const std::string&) { o.config_given = true; });
    app.add_option("--format", o.format,
                   "Output format: table, tsv, csv, json, jsonl (default: table on a terminal, "
                   "tsv otherwise)")
        ->type_name("FORMAT")
        ->check(CLI::IsMember({"table", "tsv", "csv", "json", "jsonl"}));
    app.add_option("--color", o.color, "Colour: auto, always, never (default: auto)")
        ->type_name("WHEN")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    app.add_flag("-q,--quiet", o.quiet, "Print no notes on stderr, only errors and data");
}

namespace {
// Decimal digits only, with leading zeros dropped in place: CLI11 would read "010" as octal
// and "0x5" as hex, which nobody typing a mood or an entry's number means.
bool decimal_digits(std::string& value, bool sign) {
    std::size_t start = sign && !value.empty() && value[0] == '-' ? 1 : 0;
    if (value.size() == start || value.size() - start > 18 ||
        !std::all_of(value.begin() + static_cast<std::ptrdiff_t>(start), value.end(),
                     [](char c) { return c >= '0' && c <= '9'; }))
        return false;
    auto first = value.find_first_not_of('0', start);
    value.erase(start, (first == std::string::npos ? value.size() - 1 : first) - start);
    if (value == "-0")
        value = "0";
    return true;
}
} // namespace

CLI::Validator counting_number() {
    return CLI::Validator(
        [](std::string& value) -> std::string {
            std::string shown = value;
            if (!decimal_digits(value, false) || value == "0")
                return fmt::format("must be a whole number from 1 to 999999999999999999, not "
                                   "'{}'",
                                   text::escape_controls(shown));
            return {};
        },
        "", "counting number");
}

CLI::Validator whole_number(std::int64_t min, std::int64_t max) {
    return CLI::Validator(
        [min, max](std::string& value) -> std::string {
            std::string shown = value;
            if (decimal_digits(value, min < 0)) {
                std::int64_t n = std::stoll(value);
                if (n >= min && n <= max)
                    return {};
            }
            return fmt::format("must be a whole number from {} to {}, not '{}'", min, max,
                               text::escape_controls(shown));
        },
        "", "whole number");
}

bool want_color(std::string_view flag, std::string_view configured, bool stdout_is_tty,
                bool no_color_set) {
    if (flag == "always")
        return true;
    if (flag == "never")
        return false;
    if (flag.empty() && no_color_set)
        return false;
    std::string_view setting = flag.empty() ? configured : flag;
    if (setting == "always")
        return true;
    if (setting == "never")
        return false;
    return stdout_is_tty && !no_color_set;
}

Context make_context(std::string_view tool, const CommonOptions& o) {
    // An empty path (a script's unset variable, say) must not quietly mean the default.
    if (o.db_given && o.db.empty())
        throw UsageError("--db is empty; give the path of a database file");
    if (o.config_given && o.config.empty())
        throw UsageError("--config is empty; give the path of a config file");
    Context ctx;
    ctx.tool = std::string(tool);
    ctx.share_dir = paths::share_dir();

    config::Sources sources;
    sources.defaults_path = (std::filesystem::path(ctx.share_dir) / "config.toml").string();
    if (!o.config.empty()) {
        sources.user_path = o.config;
        sources.user_required = true;
    } else if (auto env_config = paths::env("REKINDLE_CONFIG")) {
        sources.user_path = *env_config;
        sources.user_required = true;
    } else {
        sources.user_path = paths::default_config();
    }
    ctx.config = config::Config::load(sources);
    for (const auto& w : ctx.config.warnings())
        warn(tool, w);

    if (!o.db.empty()) {
        ctx.db_path = paths::expand(o.db);
    } else if (auto env_db = paths::env("REKINDLE_DB")) {
        ctx.db_path = paths::expand(*env_db);
    } else if (auto configured = ctx.config.string("database")) {
        if (configured->empty())
            throw ConfigError(fmt::format("{}: 'database' is empty; remove the line to use the "
                                          "default place",
                                          ctx.config.where(*ctx.config.node("database"))));
        auto base = std::filesystem::path(ctx.config.user_path()).parent_path().string();
        ctx.db_path = paths::expand(*configured, base);
    } else {
        ctx.db_path = paths::default_database();
        ctx.default_db = true;
    }

    bool tty = ::isatty(STDOUT_FILENO) != 0;
    ctx.format = o.format.empty() ? (tty ? output::Format::table : output::Format::tsv)
                                  : output::parse_format(o.format);
    ctx.color = want_color(o.color, ctx.config.string_or("color", "auto"), tty,
                           paths::env("NO_COLOR").has_value());
    ctx.quiet = o.quiet;
    if (struct winsize ws{}; tty && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        ctx.width = ws.ws_col;
    ctx.day_start = dates::parse_day_start(ctx.config.string_or("day_starts_at", "00:00"));
    return ctx;
}

db::Database open_database(const Context& ctx, db::Mode mode) {
    if (mode == db::Mode::read_write && ctx.default_db)
        paths::secure_default_data_dir();
    return db::Database::open(ctx.db_path, mode);
}

// Messages quote what the person stored; escape it so it cannot drive the terminal.
std::string error_line(std::string_view tool, std::string_view what) {
    return fmt::format("{}: error: {}", program(tool), text::escape_controls(what));
}

void write_stderr(std::string_view text) {
    while (!text.empty()) {
        ssize_t n = ::write(STDERR_FILENO, text.data(), text.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return; // closed or full: there is nowhere left to say anything
        text.remove_prefix(static_cast<std::size_t>(n));
    }
}

void warn(std::string_view tool, std::string_view message) {
    write_stderr(fmt::format("{}: warning: {}\n", program(tool), text::escape_controls(message)));
}

void note(const Context& ctx, std::string_view message) {
    if (!ctx.quiet)
        write_stderr(fmt::format("{}\n", text::escape_controls(message)));
}

dates::Instant past_instant(const Context& ctx, std::string_view text) {
    dates::Instant now = dates::now();
    dates::Instant at = dates::parse(text, now, ctx.day_start);
    if (at > now)
        throw UsageError(
            fmt::format("'{}' is in the future; record things once they happen", text));
    return at;
}

namespace {
dates::Day day_named(const Context& ctx, std::string_view text) {
    return dates::local_day(dates::parse(text, dates::now(), ctx.day_start), ctx.day_start);
}
} // namespace

dates::Instant day_begins(const Context& ctx, std::string_view text) {
    return std::max(dates::local_time(day_named(ctx, text), ctx.day_start / 60, ctx.day_start % 60),
                    dates::earliest_stored);
}

dates::Instant day_ends(const Context& ctx, std::string_view text) {
    dates::Day next = dates::add_days(day_named(ctx, text), 1);
    return std::min(dates::local_time(next, ctx.day_start / 60, ctx.day_start % 60) - 1,
                    dates::latest);
}

void print(const Context& ctx, const output::Table& table) {
    output::write_all(STDOUT_FILENO, output::render(table, ctx.format, ctx.style()));
}

namespace {

// CLI11 words its messages in sentence case; ours are lowercase without a full stop.
std::string tidy(std::string message) {
    // CLI11 2.1's own phrasings, said as the tool would say them, naming the option.
    static const std::vector<std::pair<std::regex, const char*>> rewrites{
        {std::regex(R"(^(\S+): At Most 1 required but received (\d+)$)"),
         "$1 was given $2 times; give it once"},
        {std::regex(R"(^(\S+): At Most (\d+) required but received (\d+)$)"),
         "$1 was given $3 times; give it at most $2"},
        {std::regex(R"(^(\S+): \d+ required (\S+?)(:\{.*\})? missing$)"), "$1 needs a value ($2)"},
        {std::regex(R"(^(\S+): (.*) not in \{(.*)\}$)"), "$1 '$2' is not one of: $3"},
        {std::regex(R"(^(\S+) is required$)"), "$1 is missing"},
        {std::regex(R"(^(\S+): (.*) is not a (.*)$)"), "$1 '$2' is not a $3"},
    };
    // std::regex recurses once a character: a message holding a huge value stays as it is.
    for (const auto& [pattern, replacement] : rewrites) {
        if (message.size() > 1000)
            break;
        if (std::regex_match(message, pattern)) {
            message = std::regex_replace(message, pattern, replacement);
            break;
        }
    }
    if (!message.empty() && message[0] >= 'A' && message[0] <= 'Z' &&
        !(message.size() > 1 && message[1] >= 'A' && message[1] <= 'Z'))
        message[0] = static_cast<char>(message[0] - 'A' + 'a');
    while (!message.empty() && (message.back() == '.' || message.back() == '\n'))
        message.pop_back();
    return message;
}

// For "the following argument was not expected: chek", the closest subcommand name.
std::optional<std::string> suggest_subcommand(const CLI::App& app, const std::string& message) {
    constexpr std::string_view marker = "not expected: ";
    auto at = message.find(marker);
    if (at == std::string::npos)
        return std::nullopt;
    std::vector<std::string> names;
    for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; }))
        names.push_back(sub->get_name());
    // CLI11 lists every unexpected word; any of them may be the misspelt command.
    std::string words = message.substr(at + marker.size());
    for (std::size_t start = 0; start < words.size();) {
        std::size_t end = std::min(words.find(' ', start), words.size());
        if (auto guess = text::did_you_mean(words.substr(start, end - start), names))
            return guess;
        start = end + 1;
    }
    return std::nullopt;
}

} // namespace

namespace {
bool stdin_was_closed = false;

// A closed standard stream would be taken by the next file opened (the database, say), and
// then a read of stdin or a message on stderr would land in that file. Each closed one gets
// /dev/null opened the wrong way round, so that using it fails instead of going elsewhere.
void guard_standard_streams() {
    for (int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) {
        if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF)
            continue;
        if (fd == STDIN_FILENO)
            stdin_was_closed = true;
        int flags = fd == STDIN_FILENO ? O_WRONLY : fd == STDOUT_FILENO ? O_RDONLY : O_WRONLY;
        int opened = ::open("/dev/null", flags | O_CLOEXEC);
        if (opened >= 0 && opened != fd) {
            ::dup2(opened, fd);
            ::close(opened);
        }
    }
}
} // namespace

int run(std::string_view tool, CLI::App& app, int argc, char** argv,
        const std::function<int()>& body) {
    // A closed pipe must surface as EPIPE from write(), not kill the process.
    std::signal(SIGPIPE, SIG_IGN);
    guard_standard_streams();
    // The common options are accepted after any command; say so in each command's help.
    for (auto* sub : app.get_subcommands([](CLI::App*) { return true; }))
        sub->footer(fmt::format("The common options (--db, --config, --format, --color, -q) may "
                                "follow the command;\nsee '{} --help'.",
                                app.get_name()));
    try {
        try {
            app.parse(argc, argv);
        } catch (const CLI::Success& e) { // --help and --version
            int code = app.exit(e);
            std::cout.flush();
            if (std::fflush(stdout) != 0 || std::ferror(stdout) || !std::cout) {
                int err = errno;
                if (err == EPIPE)
                    return 0; // the reader has seen all it wanted
                write_stderr(error_line(tool, fmt::format("cannot write to stdout: {}",
                                                          std::strerror(err))) +
                             "\n");
                return static_cast<int>(ExitCode::io);
            }
            return code;
        } catch (const CLI::ParseError& e) {
            std::string message = tidy(e.what());
            if (auto guess = suggest_subcommand(app, message))
                message += fmt::format("; did you mean '{}'?", *guess);
            write_stderr(error_line(tool, message) + "\n");
            write_stderr(fmt::format("try '{} --help' for more information\n", app.get_name()));
            return static_cast<int>(ExitCode::usage);
        }
        return body();
    } catch (const BrokenPipe&) {
        return 0;
    } catch (const Error& e) {
        write_stderr(error_line(tool, e.what()) + "\n");
        return static_cast<int>(e.code());
    } catch (const std::exception& e) {
        write_stderr(
            error_line(tool, fmt::format("internal error (please report it): {}", e.what())) +
            "\n");
        return static_cast<int>(ExitCode::internal);
    }
}

bool stdin_closed() {
    return stdin_was_closed;
}

void require_readable_stdin() {
    struct stat st {};
    if (stdin_was_closed || ::fstat(STDIN_FILENO, &st) != 0)
        throw IoError("cannot read stdin: it is closed");
    if (S_ISDIR(st.st_mode))
        throw IoError("cannot read stdin: it is a folder");
}

Input::Input(const Context& ctx, const std::string& source) : name_(source) {
    if (source != "-") {
        std::error_code ec;
        if (!std::filesystem::exists(source, ec))
            throw NoInputError(fmt::format("input file '{}' does not exist", source));
        if (std::filesystem::is_directory(source, ec))
            throw NoInputError(fmt::format("input file '{}' is a folder", source));
        file_.open(source, std::ios::binary);
        if (!file_)
            throw NoInputError(fmt::format("cannot open input file '{}'", source));
        return;
    }
    require_readable_stdin();
    struct stat st {};
    if (::fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode)) {
        // A file given as stdin is read where stdin stands (a script may have read a line of
        // it already), not from its start.
        off_t at = ::lseek(STDIN_FILENO, 0, SEEK_CUR);
        file_.open("/proc/self/fd/0", std::ios::binary);
        if (file_ && at > 0)
            file_.seekg(at);
        if (file_)
            return;
    }
    if (::isatty(STDIN_FILENO))
        note(ctx, "reading JSON Lines from the terminal; end with Ctrl-D");
    std::string dir = temp_dir();
    std::string spool = dir + "/rekindle-input-XXXXXX";
    int fd = ::mkostemp(spool.data(), O_CLOEXEC);
    if (fd < 0)
        throw IoError(
            fmt::format("cannot make a temporary file in '{}': {}", dir, std::strerror(errno)));
    ::unlink(spool.c_str()); // gone as soon as it is closed
    char buffer[1 << 16];
    for (;;) {
        ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n == 0)
            break;
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int err = errno;
            ::close(fd);
            throw IoError(fmt::format("cannot read stdin: {}", std::strerror(err)));
        }
        for (ssize_t done = 0; done < n;) {
            ssize_t w = ::write(fd, buffer + done, static_cast<std::size_t>(n - done));
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0) {
                int err = errno;
                ::close(fd);
                throw IoError(
                    fmt::format("cannot keep stdin in '{}': {}", dir, std::strerror(err)));
            }
            done += w;
        }
    }
    file_.open(fmt::format("/proc/self/fd/{}", fd), std::ios::binary);
    ::close(fd);
    if (!file_)
        throw IoError("cannot read stdin back from its temporary file");
}

std::string text_argument(const std::optional<std::string>& arg, std::string_view what) {
    std::string value;
    if (arg && *arg != "-") {
        value = *arg;
    } else if (arg || !::isatty(STDIN_FILENO)) {
        require_readable_stdin();
        value.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
        if (std::cin.bad() || std::ferror(stdin))
            throw IoError(fmt::format("cannot read {} from stdin", what));
        if (value.find('\0') != std::string::npos)
            throw DataError(fmt::format("{} holds a NUL character", what));
        if (value.starts_with("\xEF\xBB\xBF"))
            value.erase(0, 3); // a byte-order mark some editors add
        while (!value.empty() && (value.back() == '\n' || value.back() == '\r'))
            value.pop_back();
    } else {
        throw UsageError(fmt::format("no {} given; pass it as an argument or on stdin", what));
    }
    if (auto bad = text::find_invalid_utf8(value))
        throw DataError(fmt::format("{} is not valid UTF-8 (byte {})", what, bad->offset));
    if (text::trim(value).empty())
        throw UsageError(fmt::format("{} is empty", what));
    return value;
}

bool confirm(std::string_view question) {
    // Ask the terminal itself, so a pipe into stdin can never answer for the person.
    std::FILE* tty = std::fopen("/dev/tty", "r+");
    if (!tty)
        throw UsageError("there is no terminal to ask for confirmation; pass --yes to go ahead");
    fmt::print(tty, "{} [y/N] ", text::escape_controls(question));
    std::fflush(tty);
    char answer[16] = {};
    if (!std::fgets(answer, sizeof answer, tty)) {
        std::fputc('\n', tty); // Ctrl-D: end the prompt's line before saying anything else
        answer[0] = '\0';
    }
    std::fclose(tty);
    std::string reply = text::ascii_lower(text::trim(answer));
    return reply == "y" || reply == "yes";
}

std::optional<std::string> optional_text_argument(const CLI::Option* option,
                                                  const std::string& value) {
    if (option->count())
        return text_argument(value, "text");
    if (::isatty(STDIN_FILENO) || stdin_closed())
        return std::nullopt; // a terminal, or stdin closed: no text, which is fine
    try {
        return text_argument(std::nullopt, "text");
    } catch (const UsageError&) {
        return std::nullopt; // nothing on stdin (a script, /dev/null): no text, which is fine
    }
}

std::string editor_command(const Context& ctx) {
    if (auto configured = ctx.config.string("editor");
        configured && !text::trim(*configured).empty())
        return *configured;
    for (const char* name : {"VISUAL", "EDITOR"})
        if (auto value = paths::env(name); value && !text::trim(*value).empty())
            return *value;
    return "vi";
}

EditorFile::EditorFile(std::string_view initial, std::string_view suffix) {
    std::string dir = temp_dir();
    std::string pattern = fmt::format("{}/rekindle-XXXXXX{}", dir, suffix);
    int fd = ::mkstemps(pattern.data(), static_cast<int>(suffix.size()));
    if (fd < 0)
        throw IoError(fmt::format("cannot make a file for the editor in '{}': {}", dir,
                                  std::strerror(errno)));
    path_ = pattern;
    initial_ = std::string(initial);
    ::fchmod(fd, 0600);
    try {
        output::write_all(fd, initial);
    } catch (const std::exception&) {
        ::close(fd);
        ::unlink(path_.c_str());
        throw IoError(fmt::format("cannot write the editor's file '{}'", path_));
    }
    if (::close(fd) != 0) {
        ::unlink(path_.c_str());
        throw IoError(fmt::format("cannot write the editor's file '{}'", path_));
    }
}

EditorFile::~EditorFile() {
    if (!keep_ && !path_.empty())
        ::unlink(path_.c_str());
}

std::string EditorFile::edit(const std::string& command) {
    // The person's editor setting may hold arguments ("code --wait"), so the shell reads it;
    // the file's name is passed as "$1", never spliced into the command.
    std::string script = command + " \"$1\"";
    std::vector<std::string> args{"/bin/sh", "-c", script, "sh", path_};
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    // While the editor runs, Ctrl-C is the editor's to handle, as with system(3); SIGCHLD
    // is ours to wait for, even when whoever started us had it ignored.
    struct sigaction ignore {
    }, defaulted{}, old_int{}, old_quit{}, old_chld{};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    defaulted.sa_handler = SIG_DFL;
    sigemptyset(&defaulted.sa_mask);
    ::sigaction(SIGINT, &ignore, &old_int);
    ::sigaction(SIGQUIT, &ignore, &old_quit);
    ::sigaction(SIGCHLD, &defaulted, &old_chld);
    // The editor gets the dispositions we were started with: SIGPIPE (which rekindle
    // ignores for itself) back to default, and SIGINT and SIGQUIT back to default unless
    // they were ignored already (under nohup, say).
    posix_spawnattr_t attrs;
    posix_spawnattr_init(&attrs);
    sigset_t defaults, none;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    sigaddset(&defaults, SIGTERM);
    if (old_int.sa_handler != SIG_IGN)
        sigaddset(&defaults, SIGINT);
    if (old_quit.sa_handler != SIG_IGN)
        sigaddset(&defaults, SIGQUIT);
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&attrs, &defaults);
    posix_spawnattr_setsigmask(&attrs, &none);
    posix_spawnattr_setflags(&attrs, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    pid_t pid = 0;
    int rc = ::posix_spawn(&pid, "/bin/sh", nullptr, &attrs, argv.data(), environ);
    posix_spawnattr_destroy(&attrs);
    int status = 0;
    bool waited = false;
    if (rc == 0) {
        pid_t got = -1;
        while ((got = ::waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
        }
        waited = got == pid;
    }
    ::sigaction(SIGINT, &old_int, nullptr);
    ::sigaction(SIGQUIT, &old_quit, nullptr);
    ::sigaction(SIGCHLD, &old_chld, nullptr);
    if (rc != 0)
        throw ConflictError(fmt::format("cannot run the editor '{}': {}; nothing was saved",
                                        command, std::strerror(rc)));
    // An editor that fails may still have written the person's words: those are kept.
    auto kept = [&] {
        std::ifstream in(path_, std::ios::binary);
        std::string now((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (!in.bad() && now != initial_) {
            keep_ = true;
            return fmt::format("; what you wrote is kept in '{}'", path_);
        }
        return std::string();
    };
    if (!waited)
        throw ConflictError(fmt::format("cannot tell how the editor '{}' ended ({}); nothing "
                                        "was saved{}",
                                        command, std::strerror(errno), kept()));
    if (WIFSIGNALED(status))
        throw ConflictError(fmt::format("the editor '{}' was stopped by signal {}; nothing was "
                                        "saved{}",
                                        command, WTERMSIG(status), kept()));
    if (WEXITSTATUS(status) == 127)
        throw ConflictError(fmt::format("the editor '{}' was not found; set VISUAL, EDITOR or "
                                        "'editor' in the config; nothing was saved{}",
                                        command, kept()));
    if (WEXITSTATUS(status) != 0)
        throw ConflictError(fmt::format("the editor '{}' failed (exit status {}); nothing was "
                                        "saved{}",
                                        command, WEXITSTATUS(status), kept()));
    // Only a plain file is read back: an editor that left a folder or a link in its place
    // (to /etc/passwd, say) has not written an entry.
    struct stat st {};
    if (::lstat(path_.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
        keep_ = true; // not ours to remove: the message names it
        throw ConflictError(fmt::format("the editor left something that is not a plain file at "
                                        "'{}'; nothing was saved",
                                        path_));
    }
    std::ifstream in(path_, std::ios::binary);
    if (!in)
        throw IoError(fmt::format("cannot read the editor's file '{}' back: {}", path_,
                                  std::strerror(errno)));
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad())
        throw IoError(fmt::format("cannot read the editor's file '{}' back", path_));
    return text;
}

bool utf8_locale() {
    std::setlocale(LC_CTYPE, "");
    std::string codeset = nl_langinfo(CODESET);
    return codeset == "UTF-8" || codeset == "utf8";
}

} // namespace rekindle::cli
