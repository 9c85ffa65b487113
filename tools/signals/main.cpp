// rekindle-signals: wires CLI11 to the signals module and prints what it returns.
#include "rekindle/chart.hpp"
#include "rekindle/cli.hpp"
#include "rekindle/error.hpp"
#include "rekindle/signals.hpp"
#include "rekindle/text.hpp"

#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <unistd.h>

using namespace rekindle;

namespace {

struct Args {
    std::string kind;
    std::string text;
    std::string date;
    std::string since;
    std::string direction;
    std::string nature;
    std::string file;
    std::int64_t strength = 2;
    std::int64_t id = 0;
    int window = 0;
    int weeks = 12;
    bool yes = false;
};

std::string signed_number(double v) {
    double r = std::round(v * 100) / 100;
    return fmt::format("{:+.2f}", r == 0 ? 0.0 : r);
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"Record signs from your ex, toward and away, and read them honestly: words "
                 "count fully only when actions back them.\nWith no command, shows the reading.",
                 "rekindle-signals"};
    cli::CommonOptions common;
    cli::add_common_options(app, common, "signals");
    app.require_subcommand(0, 1);
    Args a;

    auto* log = app.add_subcommand("log", "Record a signal");
    log->add_option("KIND", a.kind, "Its kind (see 'kinds')")->required();
    auto* log_text = log->add_option("TEXT", a.text, "What happened, or - for stdin");
    log->add_option("--date", a.date, "When (default: now)")->type_name("DATE");
    log->add_option("--strength", a.strength, "How clear it was: 1, 2 (the default) or 3")
        ->type_name("N")
        ->transform(cli::whole_number(1, 3));
    auto* list = app.add_subcommand("list", "Signals, oldest first");
    list->add_option("--since", a.since, "From this day on")->type_name("DATE");
    list->add_option("--direction", a.direction, "Only toward or away")
        ->type_name("DIRECTION")
        ->check(CLI::IsMember({"toward", "away"}));
    list->add_option("--nature", a.nature, "Only word or action")
        ->type_name("NATURE")
        ->check(CLI::IsMember({"word", "action"}));
    auto* kinds = app.add_subcommand("kinds", "The kinds of signal, with direction and weight");
    auto* rm = app.add_subcommand("rm", "Remove a signal (kept in export)");
    rm->add_option("ID", a.id, "Its number in list")->required()->transform(cli::counting_number());
    rm->add_flag("-y,--yes", a.yes, "Do not ask for confirmation");
    auto* score = app.add_subcommand("score", "The reading: words, actions and the balance");
    score
        ->add_option("--window", a.window,
                     "Days of signals to read (default: the config's window_days, or 90)")
        ->type_name("DAYS")
        ->transform(cli::whole_number(1, 3650));
    score->add_option("--date", a.date, "Read as of this day (default: today)")->type_name("DATE");
    auto* trend = app.add_subcommand("trend", "The reading week by week");
    trend->add_option("--weeks", a.weeks, "How many weeks back (default: 12)")
        ->type_name("N")
        ->transform(cli::whole_number(1, 520));
    auto* exp = app.add_subcommand("export", "Write your signals as JSON Lines to stdout");
    auto* imp = app.add_subcommand("import", "Read JSON Lines written by export (all or nothing)");
    imp->add_option("FILE", a.file, "The file, or - for stdin (the default)");

    return cli::run("signals", app, argc, argv, [&]() -> int {
        auto ctx = cli::make_context("signals", common);
        auto settings = signals::load_settings(
            (std::filesystem::path(ctx.share_dir) / "signals.toml").string(), ctx.config);
        bool writes = app.got_subcommand(log) || app.got_subcommand(rm) || app.got_subcommand(imp);
        dates::Instant now = dates::now();
        dates::Instant at = now;
        std::optional<std::string> text;
        if (app.got_subcommand(log)) {
            if (log->count("--date"))
                at = cli::past_instant(ctx, a.date);
            text = cli::optional_text_argument(log_text, a.text);
        }
        std::optional<cli::Input> input;
        if (app.got_subcommand(imp))
            input.emplace(ctx, a.file.empty() ? "-" : a.file);
        auto db = cli::open_database(ctx, writes ? db::Mode::read_write : db::Mode::read_only);
        signals::Store store(db, settings, ctx.day_start);
        dates::Day today = dates::local_day(now, ctx.day_start);

        if (app.got_subcommand(log)) {
            const auto& kind = store.kind(a.kind);
            auto id = store.log(a.kind, at, a.strength, text);
            cli::note(ctx, fmt::format("recorded signal {} ({}, {} {}). One sign is only one "
                                       "sign; 'rekindle signals score' reads them together.",
                                       id, kind.id, kind.toward ? "toward" : "away",
                                       kind.action ? "action" : "word"));
        } else if (app.got_subcommand(list)) {
            signals::ListQuery q;
            if (list->count("--since"))
                q.since = dates::local_day(cli::day_begins(ctx, a.since), ctx.day_start);
            if (!a.direction.empty())
                q.toward = a.direction == "toward";
            if (!a.nature.empty())
                q.action = a.nature == "action";
            cli::print(ctx, signals::list_table(store.list(q), settings.kinds));
        } else if (app.got_subcommand(kinds)) {
            cli::print(ctx, signals::kinds_table(settings.kinds));
        } else if (app.got_subcommand(rm)) {
            auto s = store.signal(a.id);
            if (!a.yes && !cli::confirm(fmt::format("remove signal {} ({}, {})? (it stays in "
                                                    "export)",
                                                    s.id, s.kind, dates::format_day(s.day)))) {
                cli::note(ctx, "nothing removed");
                return static_cast<int>(ExitCode::conflict);
            }
            store.remove(a.id);
            cli::note(ctx, fmt::format("removed signal {}; it stays in export", a.id));
        } else if (app.got_subcommand(trend)) {
            auto weeks = store.trend(today, a.weeks, settings.sunday_first);
            cli::print(ctx, signals::trend_table(weeks));
            if (ctx.format == output::Format::table) {
                std::vector<double> values;
                for (const auto& [week, s] : weeks)
                    values.push_back(s.overall);
                std::string line = cli::utf8_locale() ? chart::sparkline(values) : "";
                if (!line.empty())
                    output::write_all(STDOUT_FILENO, "\n" + line + "\n");
            }
        } else if (app.got_subcommand(exp)) {
            store.export_records([](std::string_view t) { output::write_all(STDOUT_FILENO, t); });
        } else if (app.got_subcommand(imp)) {
            jsonl::Reader reader(input->stream(), input->name());
            auto counts = store.import_records(reader);
            cli::note(ctx, fmt::format(
                               "imported {}{}", text::plural(counts.signals, "signal", "signals"),
                               counts.skipped ? fmt::format(" ({} already present)", counts.skipped)
                                              : ""));
        } else { // score, or no command at all
            dates::Day date = today;
            if (score->count("--date")) {
                dates::Instant when = dates::parse(a.date, now, ctx.day_start);
                if (when > now)
                    throw UsageError(fmt::format("'{}' is in the future; a reading is taken as "
                                                 "of today or a day before",
                                                 a.date));
                date = dates::local_day(when, ctx.day_start);
            }
            std::optional<int> window;
            if (score->count("--window"))
                window = a.window;
            auto s = store.score(date, window);
            cli::print(ctx, signals::score_table(s));
            if (ctx.format == output::Format::table)
                output::write_all(
                    STDOUT_FILENO,
                    fmt::format("\nWords {}, actions {}: {} on balance ({} confidence).\n{}\n",
                                signed_number(s.words), signed_number(s.actions),
                                signed_number(s.overall), s.confidence, s.summary));
        }
        return 0;
    });
}
