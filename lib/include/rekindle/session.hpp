#pragma once
/// Guided sessions on a terminal: questions asked one at a time, answers of several lines
/// read back. The streams are given, so tests drive a session with strings; the tools pass
/// the terminal.

#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace rekindle::session {

/// One question to ask.
struct Question {
    std::string id;
    std::string text;
    std::string hint; ///< may be empty
};

/// What a session collected.
struct Result {
    /// (index into the questions, answer) for every question answered, in order.
    std::vector<std::pair<std::size_t, std::string>> answers;
    bool stopped = false; ///< the input ended (Ctrl-D) before the last question
};

/// Reads one answer: lines until an empty line or the end of input, each after `marker`.
/// Returns the lines joined with '\n' (empty when the first line was empty); `ended` is set
/// when the input ended.
std::string read_answer(std::istream& in, std::ostream& out, std::string_view marker, bool& ended);

/// Asks `questions` in order, each with its number and hint. An empty first line skips a
/// question; the end of input stops the session, keeping what was written (a last answer
/// cut short included).
Result run(const std::string& intro, const std::vector<Question>& questions, std::istream& in,
           std::ostream& out);

/// Asks one line (`question` then the reply); nullopt at the end of input.
std::optional<std::string> ask_line(std::istream& in, std::ostream& out, std::string_view question);

} // namespace rekindle::session
