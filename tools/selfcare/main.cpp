// rekindle-selfcare: wires CLI11 to the selfcare module and prints what it returns.
#include "rekindle/chart.hpp"
#include "rekindle/cli.hpp"
#include "rekindle/error.hpp"
#include "rekindle/selfcare.hpp"
#include "rekindle/text.hpp"

#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <unistd.h>

using namespace rekindle;

namespace {

struct Args {
    std::string activity;
    std::string text;
    std::string date;
    std::string category;
    std::string since;
    std::string until;
    std::string tag;
    std::string from;
    std::string file;
    std::vector<std::string> tags;
    std::int64_t minutes = 0;
    std::int64_t mood = 0;
    std::int64_t limit = 0;
    std::int64_t id = 0;
    bool is_new = false;
    bool yes = false;
    bool week = false, month = false, year = false;
};

std::string one_decimal(double v) {
    return fmt::format("{:.1f}", v);
}

// The report as a person reads it on a terminal: a few sentences, two small tables and the
// pictures.
std::string report_text(const selfcare::Report& r, const cli::Context& ctx,
                        const selfcare::Settings& settings) {
    using text::plural;
    std::string out = fmt::format("Self-care from {} to {} ({})\n", dates::format_day(r.from),
                                  dates::format_day(r.to), plural(r.days, "day", "days"));
    if (r.entries == 0)
        out += "  Nothing logged yet in these days. Even a short walk counts; log it with "
               "'rekindle selfcare log'.\n";
    else
        out += fmt::format("  {}, {} minutes, on {} of {} days\n",
                           plural(r.entries, "entry", "entries"), r.minutes, r.active_days, r.days);
    if (r.goal_weeks > 0)
        out += fmt::format("  Weekly goals met: {} of {}\n", r.goals_met, r.goal_weeks);
    if (r.mood_average) {
        std::string trend;
        if (r.mood_trend) {
            double t = *r.mood_trend;
            trend = std::fabs(t) < 0.25 ? ", steady"
                    : t > 0             ? fmt::format(", rising by {} a week", one_decimal(t))
                                        : fmt::format(", falling by {} a week", one_decimal(-t));
        }
        out += fmt::format("  Mood: {} on average from {}{}\n", one_decimal(*r.mood_average),
                           plural(r.mood_readings, "reading", "readings"), trend);
    }
    if (r.mood_with || r.mood_without) {
        auto side = [](const std::optional<double>& v, int days) {
            return v ? fmt::format("{} ({})", one_decimal(*v), plural(days, "day", "days"))
                     : std::string("no check-ins yet");
        };
        out += fmt::format("  Mood check-ins on days with self-care: {}; without: {}\n",
                           side(r.mood_with, r.days_with), side(r.mood_without, r.days_without));
    }
    auto style = ctx.style();
    if (!r.categories.empty()) {
        output::Table t;
        t.columns = {output::Column{"category"},
                     output::Column{"entries", output::Shown::always, true},
                     output::Column{"minutes", output::Shown::always, true}};
        for (const auto& c : r.categories)
            t.rows.push_back({c.name, c.entries, c.minutes});
        out += "\n" + output::render(t, output::Format::table, style);
        output::Table a;
        a.columns = {output::Column{"activity"}, output::Column{"category"},
                     output::Column{"entries", output::Shown::always, true},
                     output::Column{"minutes", output::Shown::always, true}};
        for (const auto& x : r.activities)
            a.rows.push_back({x.name, x.category, x.entries, x.minutes});
        out += "\n" + output::render(a, output::Format::table, style);
    }

    chart::Look look{!cli::utf8_locale(), ctx.color, settings.sunday_first};
    // A long period shows its last year, as wide as a terminal takes.
    auto days = r.per_day;
    if (days.size() > 371)
        days.erase(days.begin(), days.end() - 371);
    out += "\n" + chart::heatmap(days, look, days.size() > 31);
    std::vector<std::optional<double>> moods;
    std::string unit = "a day";
    if (r.mood.size() <= 90) {
        for (const auto& [d, m] : r.mood)
            moods.push_back(m);
    } else {
        // Too many days for one line: a cell per week, its mood the average of its days.
        unit = "a week";
        double sum = 0;
        int n = 0;
        for (std::size_t i = 0; i < r.mood.size(); ++i) {
            if (r.mood[i].second) {
                sum += *r.mood[i].second;
                ++n;
            }
            if (i % 7 == 6 || i + 1 == r.mood.size()) {
                moods.push_back(n ? std::optional(sum / n) : std::nullopt);
                sum = 0;
                n = 0;
            }
        }
        if (moods.size() > 72)
            moods.erase(moods.begin(), moods.end() - 72);
    }
    if (r.mood_readings > 0)
        out += fmt::format("\nMood, one cell {} (1 to 10):\n{}\n", unit,
                           chart::level_line(moods, 1, 10, look));
    return out;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"Log self-care and growth: activities, moods, weekly goals and streaks.\nWith no "
                 "command, shows this week's report.",
                 "rekindle-selfcare"};
    cli::CommonOptions common;
    cli::add_common_options(app, common, "selfcare");
    app.require_subcommand(0, 1);
    Args a;

    auto* log = app.add_subcommand("log", "Log an activity you did for yourself");
    log->add_option("ACTIVITY", a.activity, "The activity, by name or alias")->required();
    auto* log_text = log->add_option("TEXT", a.text, "A note, or - for stdin");
    log->add_option("--minutes", a.minutes, "How long, in minutes")
        ->type_name("M")
        ->transform(cli::whole_number(0, 10080));
    log->add_option("--mood", a.mood, "How you feel, 1 to 10")
        ->type_name("N")
        ->transform(cli::whole_number(1, 10));
    log->add_option("--date", a.date, "When (default: now)")->type_name("DATE");
    // One word per --tag, so a note may follow the last one.
    log->add_option("--tag", a.tags, "A one-word tag (repeat for more)")
        ->type_name("TAG")
        ->allow_extra_args(false);
    log->add_flag("--new", a.is_new, "Add ACTIVITY as one of your own (needs --category)");
    log->add_option("--category", a.category, "The category of a --new activity")
        ->type_name("CATEGORY");

    auto* mood = app.add_subcommand("mood", "Check in with your mood, 1 to 10");
    mood->add_option("MOOD", a.mood, "1 (very low) to 10 (very good)")
        ->required()
        ->transform(cli::whole_number(1, 10));
    auto* mood_text = mood->add_option("TEXT", a.text, "A note, or - for stdin");
    mood->add_option("--date", a.date, "When (default: now)")->type_name("DATE");

    auto* goals = app.add_subcommand("goals", "This week's progress on your goals");
    auto* list = app.add_subcommand("list", "Entries and mood check-ins, oldest first");
    list->add_option("--since", a.since, "From this day on")->type_name("DATE");
    list->add_option("--until", a.until, "Up to and including this day")->type_name("DATE");
    list->add_option("--category", a.category, "Only this category")->type_name("CATEGORY");
    list->add_option("--activity", a.activity, "Only this activity")->type_name("ACTIVITY");
    list->add_option("--tag", a.tag, "Only entries with this tag")->type_name("TAG");
    list->add_option("--limit", a.limit, "Only the newest N")
        ->type_name("N")
        ->transform(cli::counting_number());
    auto* activities =
        app.add_subcommand("activities", "Every activity, with how often and how lately");
    auto* categories = app.add_subcommand("categories", "Every category of activities");
    auto* streak = app.add_subcommand("streak", "Current and longest run of days with self-care");
    streak->add_option("ACTIVITY", a.activity, "Only this activity");
    streak->add_option("--category", a.category, "Only this category")->type_name("CATEGORY");
    auto* rm = app.add_subcommand("rm", "Remove an entry (kept in export)");
    rm->add_option("ID", a.id, "Its number in list")->required()->transform(cli::counting_number());
    rm->add_flag("-y,--yes", a.yes, "Do not ask for confirmation");
    auto* report = app.add_subcommand("report", "Totals, goals met, mood and pictures of a period");
    auto* week = report->add_flag("--week", a.week, "This week so far (the default)");
    auto* month = report->add_flag("--month", a.month, "This month so far");
    auto* year = report->add_flag("--year", a.year, "This year so far");
    auto* since =
        report->add_option("--since", a.since, "From this day to today")->type_name("DATE");
    week->excludes(month)->excludes(year)->excludes(since);
    month->excludes(year)->excludes(since);
    year->excludes(since);

    auto* exp = app.add_subcommand("export", "Write your activities and entries as JSON Lines");
    auto* imp = app.add_subcommand("import", "Read JSON Lines written by export, or a Daylio CSV "
                                             "export (all or nothing)");
    imp->add_option("FILE", a.file, "The file, or - for stdin (the default)");
    imp->add_option("--from", a.from, "The program that wrote FILE: daylio")
        ->type_name("PROGRAM")
        ->check(CLI::IsMember({"daylio"}));

    return cli::run("selfcare", app, argc, argv, [&]() -> int {
        auto ctx = cli::make_context("selfcare", common);
        auto settings = selfcare::load_settings(
            (std::filesystem::path(ctx.share_dir) / "activities.toml").string(), ctx.config);
        bool writes = app.got_subcommand(log) || app.got_subcommand(mood) ||
                      app.got_subcommand(rm) || app.got_subcommand(imp);
        dates::Instant now = dates::now();

        selfcare::NewEntry entry;
        entry.at = now;
        if (app.got_subcommand(log)) {
            if (log->count("--category") && !a.is_new)
                throw UsageError("--category goes with --new, to add an activity of your own");
            if (a.is_new && !log->count("--category"))
                throw UsageError("--new needs --category, the category the activity counts in");
            entry.activity = a.activity;
            if (a.is_new)
                entry.new_category = a.category;
            if (log->count("--minutes"))
                entry.minutes = a.minutes;
            if (log->count("--mood"))
                entry.mood = a.mood;
            entry.tags = a.tags;
            if (log->count("--date"))
                entry.at = cli::past_instant(ctx, a.date);
            entry.text = cli::optional_text_argument(log_text, a.text);
        } else if (app.got_subcommand(mood)) {
            entry.mood = a.mood;
            if (mood->count("--date"))
                entry.at = cli::past_instant(ctx, a.date);
            entry.text = cli::optional_text_argument(mood_text, a.text);
        }
        std::optional<cli::Input> input;
        if (app.got_subcommand(imp))
            input.emplace(ctx, a.file.empty() ? "-" : a.file);

        auto db = cli::open_database(ctx, writes ? db::Mode::read_write : db::Mode::read_only);
        selfcare::Store store(db, settings, ctx.day_start);
        dates::Day today = dates::local_day(now, ctx.day_start);

        if (app.got_subcommand(log)) {
            auto id = store.add(entry);
            auto e = store.entry(id);
            auto first = selfcare::week_start(today, settings.sunday_first);
            auto n = store.entries_on({selfcare::Scope::Kind::activity, *e.activity}, first,
                                      dates::add_days(first, 6));
            cli::note(ctx, fmt::format("logged {}{} as entry {} on {}; {} this week", *e.activity,
                                       e.minutes
                                           ? fmt::format(" ({})", text::plural(*e.minutes, "minute",
                                                                               "minutes"))
                                           : "",
                                       id, dates::format_day(e.day), n));
        } else if (app.got_subcommand(mood)) {
            auto id = store.add(entry);
            cli::note(ctx, fmt::format("mood {} noted as entry {}", a.mood, id));
            auto recent = store.recent_mood(today);
            if (settings.low_mood_notice && recent.average &&
                *recent.average <= settings.low_mood_threshold)
                cli::note(ctx,
                          fmt::format("Your mood has averaged {} over the last seven days. You do "
                                      "not have to carry this alone: talking with a friend you "
                                      "trust, or with a counsellor or doctor, can help.",
                                      one_decimal(*recent.average)));
        } else if (app.got_subcommand(goals)) {
            auto progress = store.goals(today);
            if (progress.empty())
                cli::note(ctx, "no goals yet; add one to your config, such as [[selfcare.goal]] "
                               "with activity = \"walking\" and per_week = 3 (see "
                               "rekindle-selfcare(1))");
            cli::print(ctx, selfcare::goals_table(progress));
        } else if (app.got_subcommand(list)) {
            selfcare::ListQuery q;
            if (list->count("--since"))
                q.since = dates::local_day(cli::day_begins(ctx, a.since), ctx.day_start);
            if (list->count("--until"))
                q.until = dates::local_day(cli::day_ends(ctx, a.until), ctx.day_start);
            if (list->count("--category"))
                q.category = a.category;
            if (list->count("--activity"))
                q.activity = a.activity;
            if (list->count("--tag"))
                q.tag = a.tag;
            q.limit = a.limit;
            cli::print(ctx, selfcare::list_table(store.list(q)));
        } else if (app.got_subcommand(activities)) {
            cli::print(ctx, selfcare::activities_table(store.activities()));
        } else if (app.got_subcommand(categories)) {
            output::Table t;
            t.columns = {output::Column{"name", output::Shown::always, false, output::Fit::keep},
                         output::Column{"activities", output::Shown::always, true},
                         output::Column{"description"}};
            for (const auto& [c, n] : store.categories())
                t.rows.push_back({c.name, n, c.description});
            cli::print(ctx, t);
        } else if (app.got_subcommand(streak)) {
            if (streak->count("ACTIVITY") && streak->count("--category"))
                throw UsageError("give an activity or --category, not both");
            selfcare::Scope scope;
            if (streak->count("ACTIVITY"))
                scope = {selfcare::Scope::Kind::activity, store.resolve(a.activity).name};
            else if (streak->count("--category"))
                scope = {selfcare::Scope::Kind::category, store.resolve_category(a.category)};
            cli::print(ctx, selfcare::streak_table(store.streak(scope, today), scope));
        } else if (app.got_subcommand(rm)) {
            auto e = store.entry(a.id);
            std::string what = e.activity ? *e.activity : fmt::format("mood {}", *e.mood);
            if (!a.yes &&
                !cli::confirm(fmt::format("remove entry {} ({}, {})? (it stays in export)", e.id,
                                          what, dates::format_day(e.day)))) {
                cli::note(ctx, "nothing removed");
                return static_cast<int>(ExitCode::conflict);
            }
            store.remove(a.id);
            cli::note(ctx, fmt::format("removed entry {}; it stays in export", a.id));
        } else if (app.got_subcommand(exp)) {
            store.export_records([](std::string_view t) { output::write_all(STDOUT_FILENO, t); });
        } else if (app.got_subcommand(imp)) {
            selfcare::ImportStats counts;
            if (a.from == "daylio")
                counts = store.import_daylio(input->stream(), input->name());
            else {
                jsonl::Reader reader(input->stream(), input->name());
                counts = store.import_records(reader);
            }
            cli::note(
                ctx,
                fmt::format("imported {}, {}{}", text::plural(counts.entries, "entry", "entries"),
                            text::plural(counts.activities, "new activity", "new activities"),
                            counts.skipped ? fmt::format(" ({} already present)", counts.skipped)
                                           : ""));
        } else { // report, or no command at all
            dates::Day from = selfcare::week_start(today, settings.sunday_first);
            if (a.month)
                from = {today.year, today.month, 1};
            else if (a.year)
                from = {today.year, 1, 1};
            else if (report->count("--since"))
                from = dates::local_day(cli::day_begins(ctx, a.since), ctx.day_start);
            if (today < from)
                throw UsageError("--since names a day after today");
            auto r = store.report(from, today);
            if (ctx.format == output::Format::json)
                output::write_all(STDOUT_FILENO, selfcare::report_json(r));
            else if (ctx.format == output::Format::table)
                output::write_all(STDOUT_FILENO, report_text(r, ctx, settings));
            else
                cli::print(ctx, selfcare::report_table(r));
        }
        return 0;
    });
}
