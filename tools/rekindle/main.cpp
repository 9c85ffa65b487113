// rekindle: runs `rekindle-<tool>` for `rekindle <tool> ...`, as git runs `git-<cmd>`.
#include "rekindle/cli.hpp"
#include "rekindle/dispatch.hpp"
#include "rekindle/error.hpp"
#include "rekindle/journey.hpp"
#include "rekindle/output.hpp"
#include "rekindle/paths.hpp"
#include "rekindle/text.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#ifndef REKINDLE_INSTALL_LIBEXECDIR
#define REKINDLE_INSTALL_LIBEXECDIR "/usr/local/libexec/rekindle"
#endif

using namespace rekindle;

namespace {

std::vector<std::string> dirs() {
    auto exe = paths::executable_dir();
    // An installed prefix keeps tools in ../libexec/rekindle; the configured one is the fallback.
    auto beside_libexec = (std::filesystem::path(exe) / ".." / "libexec" / "rekindle").string();
    auto found = dispatch::search_dirs(exe, beside_libexec, paths::env("PATH").value_or(""));
    found.insert(found.begin() + 2, REKINDLE_INSTALL_LIBEXECDIR);
    return found;
}

std::string usage() {
    std::string out =
        "usage: rekindle <tool> [options] [command] [args...]\n"
        "       rekindle status [--short] [options]\n"
        "       rekindle review [--week|--month] [--date DATE] [--full] [options]\n"
        "       rekindle export|import [options] [FILE]\n"
        "       rekindle help <tool>\n"
        "       rekindle --version\n\n"
        "A calm companion for the time after a breakup. Each tool keeps its notes in\n"
        "one private database on this machine.\n\n"
        "tools:\n";
    auto tools = dispatch::available_tools(dirs());
    // A file name can hold anything, escape sequences included: show it escaped, and align
    // by what the terminal shows, not by bytes.
    std::vector<std::string> names;
    std::size_t width = 0;
    for (const auto& t : tools) {
        names.push_back(text::escape_controls(t.name));
        width = std::max(width, text::display_width(names.back()));
    }
    for (std::size_t i = 0; i < tools.size(); ++i)
        out += fmt::format("  {}{}  {}\n", names[i],
                           std::string(width - text::display_width(names[i]), ' '),
                           tools[i].description);
    if (tools.empty())
        out += "  (none found beside this program or on PATH)\n";
    out += "\ncommands:\n"
           "  status  where each part of the journey stands today, on one screen\n"
           "  review  a week or a month looked back on, in Markdown\n"
           "  export  write every tool's records as one JSON Lines stream\n"
           "  import  read such a stream back in, all or nothing\n"
           "  help    show a tool's manual\n";
    out += "\n'rekindle <tool> --help' lists a tool's commands;\n"
           "'rekindle help <tool>' shows its manual.\n";
    return out;
}

int unknown_tool(const std::string& name) {
    std::vector<std::string> names;
    for (const auto& t : dispatch::available_tools(dirs()))
        names.push_back(t.name);
    for (const char* own : {"status", "review", "export", "import", "help"})
        names.emplace_back(own);
    std::string msg = fmt::format("'{}' is not a rekindle tool", text::escape_controls(name));
    if (auto guess = text::did_you_mean(name, names))
        msg += fmt::format("; did you mean '{}'?", text::escape_controls(*guess));
    else
        msg += "; see 'rekindle --help'";
    cli::write_stderr(fmt::format("rekindle: error: {}\n", msg));
    return 2;
}

// The dispatcher ignores SIGPIPE for its own writes; a program it runs must start with the
// default dispositions and no blocked signals, or `rekindle help x | head` makes it complain
// about a broken pipe instead of quietly stopping.
void restore_signals() {
    std::signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
}

// Starts `args` (found on PATH) with the default signal dispositions and no blocked
// signals, its files set up by `actions`; returns posix_spawnp's error (0 on success).
int spawn(std::vector<std::string> args, const posix_spawn_file_actions_t& actions, pid_t& pid) {
    posix_spawnattr_t attrs;
    posix_spawnattr_init(&attrs);
    sigset_t defaults, none;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&attrs, &defaults);
    posix_spawnattr_setsigmask(&attrs, &none);
    posix_spawnattr_setflags(&attrs, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    int rc = posix_spawnp(&pid, argv[0], &actions, &attrs, argv.data(), environ);
    posix_spawnattr_destroy(&attrs);
    return rc;
}

// Runs a command with its output discarded; returns its exit status (-1 if it cannot run).
int run_quietly(std::vector<std::string> args) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    int rc = spawn(std::move(args), actions, pid);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0)
        return -1;
    int status = 0;
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status);
}

// Runs `args` with its stdout into a pipe and copies what it writes to our stdout; 74 when
// that write fails, 0 when the reader has gone, else the command's own status.
int relay(std::vector<std::string> args) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return 74;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    pid_t pid = 0;
    int rc = spawn(std::move(args), actions, pid);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    if (rc != 0) {
        ::close(fds[0]);
        cli::write_stderr(fmt::format("rekindle: error: cannot run man: {}\n", std::strerror(rc)));
        return 74;
    }
    int result = 0;
    char buffer[1 << 15];
    for (;;) {
        ssize_t n = ::read(fds[0], buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        try {
            output::write_all(STDOUT_FILENO, std::string_view(buffer, static_cast<std::size_t>(n)));
        } catch (const BrokenPipe&) {
            break;
        } catch (const std::exception& e) {
            cli::write_stderr(
                fmt::format("rekindle: error: {}\n", text::escape_controls(e.what())));
            result = 74;
            break;
        }
    }
    ::close(fds[0]); // man sees a closed pipe and stops
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (result != 0)
        return result;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 0;
}

int show_manual(const std::string& tool) {
    // The dispatcher's own commands are in its own manual.
    bool own = tool == "status" || tool == "review";
    auto exe = own ? std::optional(paths::executable_dir() + "/rekindle")
                   : dispatch::find_tool(tool, dirs());
    if (!exe)
        return unknown_tool(tool);
    std::string page = own ? std::string("rekindle") : "rekindle-" + tool;
    auto local = std::filesystem::path(paths::executable_dir()) / ".." / "share" / "man" / "man1" /
                 (page + ".1");
    std::error_code ec;
    bool have_local = std::filesystem::exists(local, ec);
    bool have_installed = !have_local && run_quietly({"man", "-w", page}) == 0;
    std::vector<std::string> man_command{"man", have_local ? "-l" : page};
    if (have_local)
        man_command.push_back(local.string());
    // Off a terminal, man(1) exits 0 even when its output is lost (a full disk, a closed
    // stdout): pass its output on ourselves, so a failed write is reported.
    if ((have_local || have_installed) && !::isatty(STDOUT_FILENO))
        return relay(man_command);
    restore_signals();
    if (have_local) {
        std::string path = local.string();
        ::execlp("man", "man", "-l", path.c_str(), static_cast<char*>(nullptr));
    } else if (have_installed) {
        ::execlp("man", "man", page.c_str(), static_cast<char*>(nullptr));
    }
    // No manual (a tool of the person's own, or no man(1) here): its help is the next best.
    ::execl(exe->c_str(), exe->c_str(), "--help", static_cast<char*>(nullptr));
    cli::write_stderr(fmt::format("rekindle: error: cannot show the manual for '{}': {}\n",
                                  text::escape_controls(tool), std::strerror(errno)));
    return 74;
}

// `args` as an argv (null-terminated; the first one stands for the program).
std::vector<char*> arguments(std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    return argv;
}

// `rekindle status`: the view across the tools, in this process (no tool is started), so it
// stays quick enough for a shell's start-up file. `args` start with "status".
int status_command(std::vector<std::string> args) {
    CLI::App app{"Where each part of the journey stands today, on one screen: no contact, "
                 "self-care,\nthe checklist, reflection and signals. Each part without data "
                 "says how to begin.",
                 "rekindle status"};
    cli::CommonOptions common;
    cli::add_common_options(app, common, "");
    bool short_line = false;
    app.add_flag("--short", short_line, "One line, for a shell prompt or a status bar");
    auto argv = arguments(args);
    return cli::run("", app, static_cast<int>(argv.size()) - 1, argv.data(), [&]() -> int {
        auto ctx = cli::make_context("", common);
        auto db = cli::open_database(ctx, db::Mode::read_only);
        auto s = journey::status(db, journey::Sources{ctx.share_dir, &ctx.config, ctx.day_start},
                                 dates::now());
        std::string out;
        if (short_line)
            out = journey::status_line(s);
        else if (ctx.format == output::Format::json || ctx.format == output::Format::jsonl)
            out = journey::status_json(s);
        else if (ctx.format == output::Format::table)
            out = journey::status_text(s, ctx.color, ctx.width);
        else
            out = output::render(journey::status_table(s), ctx.format, ctx.style());
        output::write_all(STDOUT_FILENO, out);
        return 0;
    });
}

// `rekindle review`: a period in Markdown (or JSON). `args` start with "review".
int review_command(std::vector<std::string> args) {
    CLI::App app{"A week or a month looked back on, in Markdown on stdout: each area against the "
                 "period\nbefore, and the links across areas that one database can show.",
                 "rekindle review"};
    cli::CommonOptions common;
    cli::add_common_options(app, common, "");
    bool week = false, month = false, full = false;
    std::string date = "today";
    auto* week_flag = app.add_flag("--week", week, "The calendar week (the default)");
    app.add_flag("--month", month, "The calendar month")->excludes(week_flag);
    app.add_option("--date", date, "A day within the period (default: today)")->type_name("DATE");
    app.add_flag("--full", full, "Include the whole text of each reflection");
    auto argv = arguments(args);
    return cli::run("", app, static_cast<int>(argv.size()) - 1, argv.data(), [&]() -> int {
        auto ctx = cli::make_context("", common);
        auto now = dates::now();
        auto at = dates::parse(date, now, ctx.day_start);
        if (at > now)
            throw UsageError(fmt::format("'{}' is in the future; a review looks back", date));
        auto day = dates::local_day(at, ctx.day_start);
        auto db = cli::open_database(ctx, db::Mode::read_only);
        auto r =
            journey::review(db, journey::Sources{ctx.share_dir, &ctx.config, ctx.day_start},
                            month ? journey::Span::month : journey::Span::week, day, now, full);
        bool json = ctx.format == output::Format::json || ctx.format == output::Format::jsonl;
        if (!json && ctx.format != output::Format::table && !common.format.empty())
            throw UsageError(fmt::format("a review is Markdown or JSON; '--format {}' has no "
                                         "meaning here",
                                         common.format));
        output::write_all(STDOUT_FILENO,
                          json ? journey::review_json(r) : journey::review_markdown(r));
        return 0;
    });
}

} // namespace

int main(int argc, char** argv) {
    std::signal(SIGPIPE, SIG_IGN);
    std::vector<std::string> args(argv + 1, argv + argc);
    try {
        if (args.empty()) {
            // On a terminal the person sees where they stand; a script keeps the usage.
            if (::isatty(STDOUT_FILENO) && ::isatty(STDIN_FILENO))
                return status_command({"status"});
            cli::write_stderr(usage());
            return 2;
        }
        const std::string& first = args[0];
        if (first == "status")
            return status_command(args);
        if (first == "review")
            return review_command(args);
        if (first == "-h" || first == "--help" || (first == "help" && args.size() == 1)) {
            output::write_all(STDOUT_FILENO, usage());
            return 0;
        }
        if (first == "--version") {
            output::write_all(STDOUT_FILENO, fmt::format("rekindle {}\n", REKINDLE_VERSION));
            return 0;
        }
        if (first == "help") {
            if (args.size() > 2) {
                cli::write_stderr("rekindle: error: 'help' takes one tool name\n");
                return 2;
            }
            // The data tool's commands have its manual.
            bool whole_database = args[1] == "export" || args[1] == "import";
            return show_manual(whole_database ? std::string("data") : args[1]);
        }
        if (first.starts_with("-")) {
            // Name the command the person gave, when there is one, in the example.
            std::string command = "checklist";
            for (const auto& a : args)
                if (!a.starts_with("-") &&
                    (a == "status" || a == "review" || dispatch::find_tool(a, dirs()))) {
                    command = a;
                    break;
                }
            cli::write_stderr(fmt::format("rekindle: error: unknown option '{}'; options go after "
                                          "the command, as in 'rekindle {} {}'\n",
                                          text::escape_controls(first),
                                          text::escape_controls(command),
                                          text::escape_controls(first)));
            return 2;
        }
        // `rekindle export` and `rekindle import` are the data tool's two commands.
        bool whole_database = first == "export" || first == "import";
        auto exe = dispatch::find_tool(whole_database ? "data" : first, dirs());
        if (!exe)
            return unknown_tool(first);
        std::vector<char*> child;
        child.push_back(exe->data());
        for (std::size_t i = whole_database ? 0 : 1; i < args.size(); ++i)
            child.push_back(args[i].data());
        child.push_back(nullptr);
        restore_signals();
        ::execv(exe->c_str(), child.data());
        cli::write_stderr(fmt::format("rekindle: error: cannot run '{}': {}\n",
                                      text::escape_controls(*exe), std::strerror(errno)));
        return 74;
    } catch (const BrokenPipe&) {
        return 0;
    } catch (const std::exception& e) {
        cli::write_stderr(fmt::format("rekindle: error: {}\n", text::escape_controls(e.what())));
        return 74;
    }
}
