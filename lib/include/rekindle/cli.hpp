#pragma once
/// What every tool's main() shares: the common options, the colour and format rules, the
/// error line and exit codes of DESIGN.md, and reading text from stdin. This is the one
/// lib module that talks to the terminal; domain modules never print.

#include "rekindle/config.hpp"
#include "rekindle/dates.hpp"
#include "rekindle/db.hpp"
#include "rekindle/output.hpp"

#include <CLI/CLI.hpp>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rekindle::cli {

/// The options every tool takes, as given on the command line.
struct CommonOptions {
    std::string db;
    std::string config;
    std::string format;
    std::string color;
    bool quiet = false;
    bool db_given = false;     ///< --db was on the command line (perhaps empty)
    bool config_given = false; ///< --config was on the command line (perhaps empty)
};

/// The program a message names: "rekindle-<tool>", or "rekindle" for an empty `tool` (the
/// dispatcher's own commands, such as `rekindle status`).
std::string program(std::string_view tool);

/// One definition of each common option, shared by every tool (help, man-page test and
/// completions all follow it). Also sets `--version` and lets the options follow a
/// subcommand.
void add_common_options(CLI::App& app, CommonOptions& options, std::string_view tool);

/// Checks a number the person counts with (an entry's number, a limit): 1 or more, digits
/// only, at most 18 of them, said in our words rather than CLI11's. Give it to
/// Option::transform, not check: it drops leading zeros, which CLI11 would read as octal.
CLI::Validator counting_number();

/// Checks a whole number typed in decimal and within [min, max]; for Option::transform, as
/// counting_number.
CLI::Validator whole_number(std::int64_t min, std::int64_t max);

/// Everything a command needs once the options are resolved.
struct Context {
    std::string tool;      ///< "checklist"
    config::Config config; ///< merged configuration
    std::string db_path;   ///< --db > $REKINDLE_DB > config `database` > XDG default
    /// db_path is the XDG default (none of --db, $REKINDLE_DB or `database` was given), so a
    /// writer should call paths::secure_default_data_dir() before opening it
    bool default_db = false;
    std::string share_dir; ///< shipped content
    output::Format format = output::Format::tsv;
    bool color = false;            ///< colour on stdout
    std::size_t width = 0;         ///< the terminal's width when stdout is one, else 0
    bool quiet = false;            ///< no notes on stderr
    dates::DayStart day_start = 0; ///< minutes after midnight a day begins

    [[nodiscard]] output::Style style() const { return output::Style{color, true, width}; }
};

/// Opens the context's database. A writer first makes the default data folder private again
/// when an earlier install left it open to others.
db::Database open_database(const Context& ctx, db::Mode mode);

/// Resolves paths, loads the config (printing its warnings) and picks format and colour.
Context make_context(std::string_view tool, const CommonOptions& options);

/// Whether colour is wanted: `--color` wins; then NO_COLOR (non-empty) turns it off; then
/// the config's `color`; `auto` means "stdout is a terminal".
bool want_color(std::string_view flag, std::string_view configured, bool stdout_is_tty,
                bool no_color_set);

/// Parses the command line and runs `body`, turning every error into the documented line
/// on stderr and exit code. Returns the process exit status.
int run(std::string_view tool, CLI::App& app, int argc, char** argv,
        const std::function<int()>& body);

/// The message line `rekindle-<tool>: error: <what>` (without newline).
std::string error_line(std::string_view tool, std::string_view what);

/// The instant a date argument names (DESIGN.md's grammar); UsageError (2) when it is in
/// the future, since things are recorded once they happen.
dates::Instant past_instant(const Context& ctx, std::string_view text);

/// The first instant of the person's day that `text` names (for --since), and the last
/// (for --until), kept within the times the database can store.
dates::Instant day_begins(const Context& ctx, std::string_view text);
dates::Instant day_ends(const Context& ctx, std::string_view text);

/// Renders `table` to stdout in the context's format.
void print(const Context& ctx, const output::Table& table);

/// A note for the person on stderr, unless --quiet.
void note(const Context& ctx, std::string_view message);

/// A warning on stderr (`rekindle-<tool>: warning: ...`), shown even with --quiet.
void warn(std::string_view tool, std::string_view message);

/// Writes `text` to stderr as it is, giving up quietly when stderr is closed or full: an
/// error report must never become a crash.
void write_stderr(std::string_view text);

/// Whether stdin was closed when the program started (it reads as empty since).
bool stdin_closed();

/// Throws IoError (74) when stdin is closed or is a folder, before anything reads it.
void require_readable_stdin();

/// The input of an import: FILE, or stdin for "-". Stdin that is not a regular file (a pipe,
/// a terminal) is read to its end first, into a temporary file that is gone once closed, so
/// the database is not locked while the input is still coming. Throws NoInputError (66) for
/// a missing FILE or a folder, IoError (74) when reading fails.
class Input {
  public:
    Input(const Context& ctx, const std::string& source);
    std::istream& stream() { return file_; }
    /// The name for messages ("-" for stdin).
    [[nodiscard]] const std::string& name() const { return name_; }

  private:
    std::ifstream file_;
    std::string name_;
};

/// Text for a command: `arg` itself, or all of stdin when `arg` is "-" or absent and stdin
/// is not a terminal. Throws UsageError when there is none, DataError for invalid UTF-8 or a
/// NUL character, IoError when stdin cannot be read.
std::string text_argument(const std::optional<std::string>& arg, std::string_view what);

/// Optional text for a record (a note, what happened): `value` when `option` was given ("-"
/// reads stdin), else stdin when it is not a terminal and holds something; otherwise none.
std::optional<std::string> optional_text_argument(const CLI::Option* option,
                                                  const std::string& value);

/// The command that edits text: config `editor`, else $VISUAL, else $EDITOR, else "vi".
std::string editor_command(const Context& ctx);

/// A private (0600) temporary file that a text editor is opened on. It is removed when this
/// goes away, unless keep() was called (so text that could not be saved is not lost).
class EditorFile {
  public:
    /// Writes `initial` to a new file in $TMPDIR (or /tmp) ending in `suffix`. Throws IoError.
    EditorFile(std::string_view initial, std::string_view suffix);
    EditorFile(const EditorFile&) = delete;
    EditorFile& operator=(const EditorFile&) = delete;
    ~EditorFile();
    /// Runs `command` on the file (through /bin/sh, as git does) and returns what was saved.
    /// Throws ConflictError (1) when the editor cannot be run or does not exit with 0; the
    /// file is then kept if the editor changed it, and the message says where.
    std::string edit(const std::string& command);
    void keep() { keep_ = true; }
    [[nodiscard]] const std::string& path() const { return path_; }

  private:
    std::string path_;
    std::string initial_;
    bool keep_ = false;
};

/// Whether the locale's character set is UTF-8, so Unicode blocks can be drawn.
bool utf8_locale();

/// Asks a yes/no question on the terminal (/dev/tty). Without a terminal, throws
/// UsageError telling the person to pass --yes.
bool confirm(std::string_view question);

} // namespace rekindle::cli
