#pragma once
/// Typed errors. lib/ throws these; only a tool's main() catches them, prints
/// `rekindle-<tool>: error: <what>` and exits with the code the error carries.

#include <stdexcept>
#include <string>

namespace rekindle {

/// The exit codes of DESIGN.md, in one place.
enum class ExitCode : int {
    ok = 0,
    conflict = 1,     ///< a false answer or a conflict with the current state
    usage = 2,        ///< bad arguments
    bad_data = 65,    ///< input data that cannot be read (EX_DATAERR)
    no_input = 66,    ///< an input file that does not exist (EX_NOINPUT)
    internal = 70,    ///< a bug: an exception nobody expected (EX_SOFTWARE)
    cant_create = 73, ///< the database or its folder cannot be created (EX_CANTCREAT)
    io = 74,          ///< reading or writing failed (EX_IOERR)
    busy = 75,        ///< the database stayed locked past the timeout (EX_TEMPFAIL)
    config = 78,      ///< bad configuration, or a database of a newer schema (EX_CONFIG)
};

/// Base of every error rekindle reports to the person.
class Error : public std::runtime_error {
  public:
    Error(ExitCode code, const std::string& what) : std::runtime_error(what), code_(code) {}
    [[nodiscard]] ExitCode code() const noexcept { return code_; }

  private:
    ExitCode code_;
};

/// The request conflicts with what is stored (e.g. a list that already exists).
struct ConflictError : Error {
    explicit ConflictError(const std::string& what) : Error(ExitCode::conflict, what) {}
};
/// The command line asks for something that does not exist or cannot be.
struct UsageError : Error {
    explicit UsageError(const std::string& what) : Error(ExitCode::usage, what) {}
};
/// Input data (an import, a text argument) is malformed.
struct DataError : Error {
    explicit DataError(const std::string& what) : Error(ExitCode::bad_data, what) {}
};
/// A named input file does not exist or cannot be opened.
struct NoInputError : Error {
    explicit NoInputError(const std::string& what) : Error(ExitCode::no_input, what) {}
};
/// The database file or its folder cannot be created or opened for writing.
struct CantCreateError : Error {
    explicit CantCreateError(const std::string& what) : Error(ExitCode::cant_create, what) {}
};
/// A read or write failed.
struct IoError : Error {
    explicit IoError(const std::string& what) : Error(ExitCode::io, what) {}
};
/// Another process held the database lock past the busy timeout.
struct BusyError : Error {
    explicit BusyError(const std::string& what) : Error(ExitCode::busy, what) {}
};
/// The configuration is invalid, or the database is newer than this program.
struct ConfigError : Error {
    explicit ConfigError(const std::string& what) : Error(ExitCode::config, what) {}
};

/// Thrown when stdout is a closed pipe (`| head -1`): the reader has all it wanted,
/// so the tool stops quietly with status 0.
struct BrokenPipe : std::runtime_error {
    BrokenPipe() : std::runtime_error("broken pipe") {}
};

} // namespace rekindle
