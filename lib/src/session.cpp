#include "rekindle/session.hpp"

#include "rekindle/text.hpp"

#include <fmt/format.h>

namespace rekindle::session {

std::string read_answer(std::istream& in, std::ostream& out, std::string_view marker, bool& ended) {
    std::vector<std::string> lines;
    ended = false;
    while (true) {
        out << marker << std::flush;
        std::string line;
        if (!std::getline(in, line)) {
            // Ctrl-D after some text on the line still hands that text over.
            if (!line.empty())
                lines.push_back(line);
            ended = true;
            out << "\n" << std::flush;
            break;
        }
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (text::trim(line).empty())
            break;
        lines.push_back(line);
    }
    std::string joined;
    for (const auto& l : lines)
        joined += (joined.empty() ? "" : "\n") + l;
    return joined;
}

Result run(const std::string& intro, const std::vector<Question>& questions, std::istream& in,
           std::ostream& out) {
    Result result;
    out << intro << "\n" << std::flush;
    for (std::size_t i = 0; i < questions.size(); ++i) {
        const Question& q = questions[i];
        out << fmt::format("\n{}/{}  {}\n", i + 1, questions.size(), text::escape_controls(q.text));
        if (!q.hint.empty())
            out << "      " << text::escape_controls(q.hint) << "\n";
        bool ended = false;
        std::string answer = read_answer(in, out, "    > ", ended);
        if (!text::trim(answer).empty())
            result.answers.emplace_back(i, answer);
        if (ended) {
            result.stopped = i + 1 < questions.size() || text::trim(answer).empty();
            break;
        }
    }
    return result;
}

std::optional<std::string> ask_line(std::istream& in, std::ostream& out,
                                    std::string_view question) {
    out << question << std::flush;
    std::string line;
    if (!std::getline(in, line)) {
        out << "\n" << std::flush;
        if (line.empty())
            return std::nullopt;
    }
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    return line;
}

} // namespace rekindle::session
