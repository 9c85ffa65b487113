// rekindle-nocontact: wires CLI11 to the nocontact module and prints what it returns.
#include "rekindle/chart.hpp"
#include "rekindle/cli.hpp"
#include "rekindle/error.hpp"
#include "rekindle/nocontact.hpp"
#include "rekindle/text.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>
#include <thread>
#include <unistd.h>

using namespace rekindle;

namespace {

struct Args {
    int days = 0;
    std::string date;
    std::string note;
    std::string text;
    std::string trigger;
    std::string by;
    std::string lesson;
    std::string reason = "completed";
    std::string wait;
    std::string since;
    std::string until;
    std::string kind;
    std::string file;
    std::int64_t intensity = 0;
    std::int64_t id = 0;
    int chart_days = 90;
    bool sparkline = false;
    bool yes = false;
    bool ics = false;
};

// "10m", "90s", "1h", "1h30m": a short wait, at most two hours.
int parse_duration(const std::string& text) {
    long total = 0, number = 0;
    bool digits = false;
    for (char c : text) {
        if (c >= '0' && c <= '9') {
            number = number * 10 + (c - '0');
            digits = true;
            if (number > 100000)
                break;
        } else if ((c == 'h' || c == 'm' || c == 's') && digits) {
            total += number * (c == 'h' ? 3600 : c == 'm' ? 60 : 1);
            number = 0;
            digits = false;
        } else {
            digits = false;
            number = -1;
            break;
        }
    }
    if (digits || number < 0 || total <= 0 || total > 7200)
        throw UsageError(fmt::format("--wait '{}' is not a wait like \"10m\", \"90s\" or "
                                     "\"1h\" (at most two hours)",
                                     text));
    return static_cast<int>(total);
}

std::optional<std::string> optional_text(const CLI::App& command, const char* option,
                                         const std::string& value) {
    if (command.count(option))
        return value;
    return std::nullopt;
}

// Asks on the terminal; nothing when there is none or the person just presses Enter.
std::optional<std::string> ask_tty(std::string_view question) {
    std::FILE* tty = std::fopen("/dev/tty", "r+");
    if (!tty)
        return std::nullopt;
    fmt::print(tty, "{}", question);
    std::fflush(tty);
    // A whole line, however long: a fixed buffer would cut a long answer, even inside a
    // character.
    char* buffer = nullptr;
    std::size_t size = 0;
    std::optional<std::string> reply;
    if (::getline(&buffer, &size, tty) >= 0) {
        std::string line = text::trim(buffer);
        if (!line.empty())
            reply = line;
    } else {
        std::fputc('\n', tty);
    }
    std::free(buffer);
    std::fclose(tty);
    return reply;
}

using text::plural;

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"Keep a period of no contact: its days, the urges you rode out, the slips "
                 "you learned from.\nWith no command, shows where the period stands.",
                 "rekindle-nocontact"};
    cli::CommonOptions common;
    cli::add_common_options(app, common, "nocontact");
    app.require_subcommand(0, 1);
    Args a;

    auto* start = app.add_subcommand("start", "Start a period of no contact");
    start->add_option("--days", a.days, "Its length in days (default: 30, or the config's)")
        ->type_name("N")
        ->transform(cli::whole_number(1, 3650));
    start->add_option("--date", a.date, "The day it began (default: now)")->type_name("DATE");
    start->add_option("--note", a.note, "A few words to start with")->type_name("TEXT");

    auto* status = app.add_subcommand("status", "Day N, the streak, urges and the next milestone "
                                                "(exit 1 when no period runs)");

    auto* urge = app.add_subcommand("urge", "Record an urge to reach out that you did not act on");
    urge->add_option("--intensity", a.intensity, "How strong it was, 1 to 10")
        ->type_name("N")
        ->transform(cli::whole_number(1, 10));
    urge->add_option("--trigger", a.trigger, "What set it off")->type_name("TEXT");
    urge->add_option("--date", a.date, "When (default: now)")->type_name("DATE");
    urge->add_option("--wait", a.wait, "Wait it out (such as 10m), then say whether it passed")
        ->type_name("DURATION");
    auto* urge_text = urge->add_option("TEXT", a.text, "What you felt, or - for stdin");

    auto* slip = app.add_subcommand("slip", "Record contact that happened, and what it taught");
    slip->add_option("--by", a.by, "Who reached out: me, them or both")
        ->type_name("WHO")
        ->check(CLI::IsMember({"me", "them", "both"}));
    slip->add_option("--lesson", a.lesson, "What you learned")->type_name("TEXT");
    slip->add_option("--date", a.date, "When (default: now)")->type_name("DATE");
    auto* slip_text = slip->add_option("TEXT", a.text, "What happened, or - for stdin");

    auto* unsent = app.add_subcommand("unsent", "Keep a message you wanted to send and did not");
    auto* unsent_text = unsent->add_option("TEXT", a.text, "The message, or - for stdin");

    auto* end = app.add_subcommand("end", "End the running period");
    end->add_option("--reason", a.reason, "completed (the default), reconciled or stopped")
        ->type_name("REASON")
        ->check(CLI::IsMember({"completed", "reconciled", "stopped"}));
    end->add_option("--note", a.note, "A few words on how it went")->type_name("TEXT");

    auto* history = app.add_subcommand("history", "Every period: its days, streaks, slips, urges");
    auto* log = app.add_subcommand("log", "Urges, slips and unsent messages, oldest first");
    log->add_option("--since", a.since, "From this day on")->type_name("DATE");
    log->add_option("--until", a.until, "Up to and including this day")->type_name("DATE");
    log->add_option("--kind", a.kind, "Only urge, slip or unsent")
        ->type_name("KIND")
        ->check(CLI::IsMember({"urge", "slip", "unsent"}));
    auto* rm = app.add_subcommand("rm", "Remove an urge, slip or unsent message (kept in export)");
    rm->add_option("ID", a.id, "Its number in log")->required()->transform(cli::counting_number());
    rm->add_flag("-y,--yes", a.yes, "Do not ask for confirmation");

    auto* milestones = app.add_subcommand("milestones", "The milestone days, reached and to come");
    auto* chart = app.add_subcommand("chart", "Urges per day as a calendar heatmap");
    chart->add_flag("--sparkline", a.sparkline, "One line instead of a calendar");
    chart->add_option("--days", a.chart_days, "How many days back (default: 90)")
        ->type_name("N")
        ->transform(cli::whole_number(1, 3660));

    auto* exp = app.add_subcommand("export", "Write everything as JSON Lines to stdout");
    auto* imp = app.add_subcommand("import", "Read JSON Lines written by export (all or nothing)");
    imp->add_option("FILE", a.file, "The file, or - for stdin (the default)");

    // milestones writes an iCalendar file with --format ics, which only it accepts.
    auto* format = app.get_option("--format");
    format->get_validator()->active(false);
    format->check(CLI::IsMember({"table", "tsv", "csv", "json", "jsonl", "ics"}));

    return cli::run("nocontact", app, argc, argv, [&]() -> int {
        if (common.format == "ics") {
            if (!app.got_subcommand(milestones))
                throw UsageError("--format ics is for milestones only");
            a.ics = true;
            common.format.clear();
        }
        auto ctx = cli::make_context("nocontact", common);
        auto settings = nocontact::load_settings(ctx.config);
        bool writes = app.got_subcommand(start) || app.got_subcommand(urge) ||
                      app.got_subcommand(slip) || app.got_subcommand(unsent) ||
                      app.got_subcommand(end) || app.got_subcommand(rm) || app.got_subcommand(imp);

        std::optional<cli::Input> input;
        if (app.got_subcommand(imp))
            input.emplace(ctx, a.file.empty() ? "-" : a.file);
        nocontact::NewEvent event;
        int wait_seconds = 0;
        if (app.got_subcommand(urge)) {
            event.kind = "urge";
            if (urge->count("--intensity")) {
                event.intensity = a.intensity;
            }
            event.trigger = optional_text(*urge, "--trigger", a.trigger);
            if (urge->count("--wait")) {
                wait_seconds = parse_duration(a.wait);
                if (!::isatty(STDERR_FILENO) || !::isatty(STDIN_FILENO))
                    throw UsageError("--wait needs a terminal to count down on and to ask "
                                     "whether the urge passed");
            }
            event.text = cli::optional_text_argument(urge_text, a.text);
        } else if (app.got_subcommand(slip)) {
            event.kind = "slip";
            event.by = optional_text(*slip, "--by", a.by);
            event.lesson = optional_text(*slip, "--lesson", a.lesson);
            event.text = cli::optional_text_argument(slip_text, a.text);
        } else if (app.got_subcommand(unsent)) {
            event.kind = "unsent";
            std::optional<std::string> arg;
            if (unsent_text->count())
                arg = a.text;
            event.text = cli::text_argument(arg, "message");
        }
        std::optional<std::string> date;
        for (auto* command : {start, urge, slip})
            if (app.got_subcommand(command) && command->count("--date"))
                date = a.date;
        if (date)
            event.at = cli::past_instant(ctx, *date);

        auto db = cli::open_database(ctx, writes ? db::Mode::read_write : db::Mode::read_only);
        nocontact::Store store(db, settings, ctx.day_start);
        dates::Instant now = dates::now();

        if (app.got_subcommand(start)) {
            std::optional<int> days;
            if (start->count("--days"))
                days = a.days;
            auto p =
                store.start(days, event.at.value_or(now), optional_text(*start, "--note", a.note));
            auto s = store.status(now);
            cli::note(ctx, fmt::format("started a period of {} on {}. Today is day {}. Be gentle "
                                       "with yourself; the urge to reach out comes and goes.",
                                       plural(p.days, "day", "days"),
                                       dates::format_day(p.start_day), s ? s->day : 1));
        } else if (app.got_subcommand(urge) || app.got_subcommand(slip) ||
                   app.got_subcommand(unsent)) {
            if (app.got_subcommand(slip) && !event.lesson && ::isatty(STDIN_FILENO)) {
                event.lesson = ask_tty("What did this teach you? (Enter skips) ");
                // The slip itself matters more than a lesson typed in another encoding.
                if (event.lesson && text::find_invalid_utf8(*event.lesson)) {
                    cli::warn("nocontact", "the lesson was not valid UTF-8 and was left out; add "
                                           "it again with the slip's text if you like");
                    event.lesson.reset();
                }
            }
            auto id = store.record(event);
            if (app.got_subcommand(urge)) {
                auto s = store.status(dates::now());
                cli::note(ctx,
                          fmt::format("urge {} recorded; you did not act on it.{}", id,
                                      s ? fmt::format(" {} resisted today.", s->urges_today) : ""));
                if (wait_seconds > 0) {
                    // The urge is stored before the wait: Ctrl-C keeps it, with no answer.
                    for (int left = wait_seconds; left > 0; --left) {
                        if (!ctx.quiet)
                            cli::write_stderr(fmt::format(
                                "\r  breathe; this will pass  {:02}:{:02} ", left / 60, left % 60));
                        std::this_thread::sleep_for(std::chrono::seconds(1));
                    }
                    if (!ctx.quiet)
                        cli::write_stderr("\r                                   \r");
                    auto reply = ask_tty("Has the urge passed? [y/n] ");
                    if (reply) {
                        bool passed = text::ascii_lower(*reply).starts_with("y");
                        store.set_passed(id, passed);
                        cli::note(ctx, passed ? "It passed. You made room between the impulse "
                                                "and the action."
                                              : "Not yet, and that is all right. Waves rise and "
                                                "fall; you can ride out this one too.");
                    }
                }
            } else if (app.got_subcommand(slip)) {
                auto s = store.status(dates::now());
                // What stays true, saying only what there is: three zeros comfort nobody.
                std::vector<std::string> facts;
                if (s && s->clean_days > 0)
                    facts.push_back(fmt::format("{} without contact in this period",
                                                plural(s->clean_days, "day", "days")));
                if (s && s->urges_total > 0)
                    facts.push_back(
                        fmt::format("{} resisted", plural(s->urges_total, "urge", "urges")));
                if (s && s->longest_streak > 0)
                    facts.push_back(fmt::format("a longest streak of {}",
                                                plural(s->longest_streak, "day", "days")));
                std::string kept =
                    facts.empty()
                        ? std::string("What stays true: you chose to give this space, and you can "
                                      "begin again from today.")
                        : fmt::format("What stays true: {}.", fmt::join(facts, ", "));
                cli::note(ctx, fmt::format("slip {} recorded. A slip is something to learn from, "
                                           "not a failure. {}",
                                           id, kept));
                if (event.lesson)
                    cli::note(ctx, fmt::format("What it taught you: {}", *event.lesson));
            } else {
                cli::note(ctx, fmt::format("kept message {}. It stays here and is never sent "
                                           "anywhere.",
                                           id));
            }
        } else if (app.got_subcommand(end)) {
            auto p = store.end(a.reason, optional_text(*end, "--note", a.note), now);
            cli::note(ctx, fmt::format("ended the period that began on {} ({}).",
                                       dates::format_day(p.start_day), a.reason));
        } else if (app.got_subcommand(history)) {
            cli::print(ctx, nocontact::history_table(store.history(now), ctx.day_start));
        } else if (app.got_subcommand(log)) {
            // Days as the running period counts them, whatever $TZ is now.
            std::optional<dates::ZoneScope> zone;
            if (auto running = store.active())
                zone.emplace(running->zone);
            std::optional<dates::Instant> since, until;
            if (log->count("--since"))
                since = cli::day_begins(ctx, a.since);
            if (log->count("--until"))
                until = cli::day_ends(ctx, a.until);
            std::optional<std::string> kind;
            if (!a.kind.empty())
                kind = a.kind;
            cli::print(ctx, nocontact::log_table(store.log(since, until, kind), ctx.day_start));
        } else if (app.got_subcommand(rm)) {
            auto e = store.event(a.id);
            if (!a.yes && !cli::confirm(fmt::format(
                              "remove {} {} from {}? (it stays in export)", e.kind, e.id,
                              dates::format_day(dates::local_day(e.at, ctx.day_start))))) {
                cli::note(ctx, "nothing removed");
                return static_cast<int>(ExitCode::conflict);
            }
            store.remove(a.id);
            cli::note(ctx, fmt::format("removed {} {}; it stays in export", e.kind, a.id));
        } else if (app.got_subcommand(milestones)) {
            auto s = store.status(now);
            if (!s) {
                cli::note(ctx, "no period is running; start one with 'rekindle nocontact start'");
                return static_cast<int>(ExitCode::conflict);
            }
            bool upcoming = std::any_of(s->milestones.begin(), s->milestones.end(),
                                        [](const nocontact::Milestone& m) { return !m.reached; });
            if (a.ics && !upcoming) {
                // A calendar must hold at least one event (RFC 5545): say so instead.
                cli::note(ctx, "every milestone of this streak is reached; there is nothing to "
                               "put in a calendar");
                return static_cast<int>(ExitCode::conflict);
            }
            if (a.ics)
                output::write_all(STDOUT_FILENO, nocontact::milestones_ics(*s, now));
            else
                cli::print(ctx, nocontact::milestones_table(s->milestones));
        } else if (app.got_subcommand(chart)) {
            auto days = store.urges_per_day(now, a.chart_days);
            if (a.sparkline) {
                std::vector<double> values;
                for (const auto& [d, n] : days)
                    values.push_back(static_cast<double>(n));
                std::string line = chart::sparkline(values);
                if (!cli::utf8_locale()) {
                    // The same heights as the blocks, in plain characters.
                    std::int64_t most = 0;
                    for (const auto& [d, n] : days)
                        most = std::max(most, n);
                    static constexpr std::string_view steps = ".-=+*#";
                    std::string ascii;
                    for (const auto& [d, n] : days)
                        ascii += most > 0 ? steps[static_cast<std::size_t>(n * 5 / most)] : '.';
                    line = ascii;
                }
                output::write_all(STDOUT_FILENO, line + "\n");
            } else {
                output::write_all(STDOUT_FILENO,
                                  nocontact::urge_heatmap(
                                      days, !cli::utf8_locale(),
                                      ctx.config.string_or("week_starts", "monday") == "sunday"));
            }
        } else if (app.got_subcommand(exp)) {
            store.export_records([](std::string_view t) { output::write_all(STDOUT_FILENO, t); });
        } else if (app.got_subcommand(imp)) {
            jsonl::Reader reader(input->stream(), input->name());
            auto counts = store.import_records(reader);
            cli::note(ctx, fmt::format(
                               "imported {}, {}{}", plural(counts.periods, "period", "periods"),
                               plural(counts.events, "event", "events"),
                               counts.skipped ? fmt::format(" ({} already present)", counts.skipped)
                                              : ""));
        } else { // status, or no command at all
            auto s = store.status(now);
            if (!s) {
                cli::note(ctx, "no period of no contact is running; start one with 'rekindle "
                               "nocontact start'");
                return static_cast<int>(ExitCode::conflict);
            }
            // Like `systemctl is-active -q`, a quiet status only answers with its exit status.
            if (ctx.quiet)
                return 0;
            cli::print(ctx, nocontact::status_table(*s));
            if (ctx.format == output::Format::table) {
                const auto* next = s->next_milestone();
                std::string day =
                    s->day <= s->period.days
                        ? fmt::format("Day {} of {}.", s->day, s->period.days)
                        : fmt::format("Day {}; the {} days you planned are behind you.", s->day,
                                      s->period.days);
                cli::note(ctx,
                          fmt::format("{} {} since the last contact.{}", day,
                                      plural(s->streak, "day", "days"),
                                      next ? fmt::format(" Next milestone: {} days, on {}.",
                                                         next->days, dates::format_day(next->day))
                                           : ""));
            }
        }
        (void)status;
        return 0;
    });
}
