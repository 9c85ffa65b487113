#include "rekindle/journey.hpp"

#include "rekindle/error.hpp"
#include "rekindle/output.hpp"
#include "rekindle/text.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <set>

namespace rekindle::journey {

namespace {

using dates::Day;
using dates::Instant;

std::string shipped(const Sources& s, std::string_view file) {
    return (std::filesystem::path(s.share_dir) / file).string();
}

// The instant `d` begins, after day_starts_at.
Instant begins(const Day& d, dates::DayStart day_start) {
    return dates::local_time(d, day_start / 60, day_start % 60);
}

// A reading of figures, once rounded, as a person reads them (no "-0").
double rounded(double v, int places = 1) {
    double scale = std::pow(10.0, places);
    double r = std::round(v * scale) / scale;
    return r == 0 ? 0.0 : r;
}

std::string decimal(double v) {
    return fmt::format("{:.1f}", rounded(v));
}

std::string signed_decimal(double v) {
    double r = rounded(v);
    return fmt::format("{}{:.1f}", r > 0 ? "+" : "", r);
}

} // namespace

int SelfcareStatus::goals_met() const {
    return static_cast<int>(
        std::count_if(goals.begin(), goals.end(), [](const auto& g) { return g.met(); }));
}

// ---- status ------------------------------------------------------------------------------

Status status(db::Database& db, const Sources& sources, Instant now) {
    const config::Config& config = *sources.config;
    const auto day_start = sources.day_start;
    // Every part reads the same snapshot, even while a tool writes.
    db::Transaction snapshot(db, db::Transaction::Kind::deferred);
    Status s;
    s.today = dates::local_day(now, day_start);
    Instant recent_from = begins(dates::add_days(s.today, -6), day_start);
    Instant before_from = begins(dates::add_days(s.today, -13), day_start);

    nocontact::Store nocontact(db, nocontact::load_settings(config), day_start);
    s.nocontact.running = nocontact.status(now);
    if (!s.nocontact.running)
        for (const auto& p : nocontact.history(now))
            if (p.period.ended_at) {
                auto ended = dates::local_day(*p.period.ended_at, day_start);
                if (!s.nocontact.last_ended || *s.nocontact.last_ended < ended)
                    s.nocontact.last_ended = ended;
            }
    s.nocontact.urges_recent = nocontact.count("urge", recent_from, now);
    s.nocontact.urges_before = nocontact.count("urge", before_from, recent_from - 1);

    auto care_settings = selfcare::load_settings(shipped(sources, "activities.toml"), config);
    selfcare::Store care(db, care_settings, day_start);
    s.selfcare.any = care.last_day().has_value();
    s.selfcare.entries_recent =
        care.entries_on(selfcare::Scope{}, dates::add_days(s.today, -6), s.today);
    s.selfcare.goals = care.goals(s.today);
    auto mood = care.recent_mood(s.today);
    s.selfcare.mood_readings = mood.readings;
    s.selfcare.mood_average = mood.average;
    Day trend_from = dates::add_days(s.today, -27);
    std::vector<std::pair<double, double>> points;
    for (const auto& [day, average] : care.mood_by_day(trend_from, s.today))
        points.emplace_back(dates::days_between(trend_from, day), average);
    if (auto slope = selfcare::trend_of(points))
        s.selfcare.mood_trend = *slope * 7;
    s.selfcare.low_mood = care_settings.low_mood_notice && mood.average &&
                          *mood.average <= care_settings.low_mood_threshold;

    checklist::Store lists(db,
                           checklist::load_catalog(shipped(sources, "checklists.toml"), config));
    for (const auto& list : lists.lists()) {
        ++s.checklist.lists;
        s.checklist.done += list.done();
        s.checklist.total += list.total();
        if (!s.checklist.next_list && list.origin == checklist::Origin::shipped &&
            list.done() < list.total())
            s.checklist.next_list = list.name;
    }

    reflect::Store journal(db, reflect::load_catalog(shipped(sources, "prompts.toml"), config));
    s.reflect.entries_recent = journal.count(recent_from, now);
    if (auto last = journal.last_at())
        s.reflect.last = dates::local_day(*last, day_start);
    s.reflect.untouched = journal.untouched_themes();

    signals::Store signs(db, signals::load_settings(shipped(sources, "signals.toml"), config),
                         day_start);
    s.signals = signs.score(s.today);
    snapshot.commit();
    return s;
}

// ---- review ------------------------------------------------------------------------------

std::pair<Day, Day> period_of(Span span, const Day& day, bool sunday_first) {
    if (span == Span::week) {
        Day from = selfcare::week_start(day, sunday_first);
        return {from, dates::add_days(from, 6)};
    }
    Day from{day.year, day.month, 1};
    Day next = from.month == 12 ? Day{from.year + 1, 1, 1} : Day{from.year, from.month + 1, 1};
    return {from, dates::add_days(next, -1)};
}

namespace {

// The average of `values` over `days`, each day counting once.
struct Side {
    double sum = 0;
    int days = 0;
    void add(double v) {
        sum += v;
        ++days;
    }
    [[nodiscard]] double average() const { return days ? sum / days : 0; }
};

void add_link(std::vector<Link>& links, std::string id, std::string what, std::string with,
              std::string other, const Side& a, const Side& b) {
    if (a.days < link_min_days || b.days < link_min_days)
        return; // too few days to say anything
    links.push_back(Link{std::move(id), std::move(what), std::move(with), std::move(other),
                         a.average(), b.average(), a.days, b.days});
}

} // namespace

Review review(db::Database& db, const Sources& sources, Span span, const Day& day, Instant now,
              bool full) {
    const config::Config& config = *sources.config;
    const auto day_start = sources.day_start;
    const bool sunday = config.sunday_first();
    db::Transaction snapshot(db, db::Transaction::Kind::deferred);
    Review r;
    r.span = span;
    r.day_start = day_start;
    Day today = dates::local_day(now, day_start);
    std::tie(r.from, r.to) = period_of(span, day, sunday);
    // Within the calendar the dates can name.
    r.from = std::max(r.from, Day{1, 1, 1});
    r.to = std::min(r.to, Day{9999, 12, 31});
    r.until = std::min(r.to, today);
    if (span == Span::week) {
        r.before_from = dates::add_days(r.from, -7);
        r.before_to = dates::add_days(r.from, -1);
    } else {
        std::tie(r.before_from, r.before_to) = period_of(span, dates::add_days(r.from, -1), sunday);
    }
    Instant since = begins(r.from, day_start);
    Instant end = std::min(now, begins(dates::add_days(r.until, 1), day_start) - 1);
    Instant before_since = begins(r.before_from, day_start);
    Instant before_end = since - 1;
    auto day_of = [&](Instant t) { return dates::local_day(t, day_start); };

    // No contact.
    nocontact::Store nocontact(db, nocontact::load_settings(config), day_start);
    // Day N as of the period's end, of the period of no contact running then.
    r.nocontact.at_end = nocontact.status_at(end);
    auto urges = nocontact.events("urge", since, end);
    r.nocontact.urges = static_cast<std::int64_t>(urges.size());
    r.nocontact.urges_before = nocontact.count("urge", before_since, before_end);
    std::map<std::string, std::int64_t> triggers;
    double intensity = 0;
    int rated = 0;
    std::map<Day, std::int64_t> urges_per_day;
    for (const auto& u : urges) {
        ++urges_per_day[day_of(u.at)];
        if (u.passed.value_or(false))
            ++r.nocontact.urges_passed;
        if (u.intensity) {
            intensity += static_cast<double>(*u.intensity);
            ++rated;
        }
        if (u.trigger && !u.trigger->empty())
            ++triggers[*u.trigger];
    }
    if (rated)
        r.nocontact.intensity = intensity / rated;
    r.nocontact.triggers.assign(triggers.begin(), triggers.end());
    std::stable_sort(r.nocontact.triggers.begin(), r.nocontact.triggers.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    // Contact shortly before the period still shapes its first days.
    auto slips = nocontact.events(
        "slip", begins(dates::add_days(r.from, -days_after_contact), day_start), end);
    for (const auto& slip : slips)
        if (slip.at >= since)
            r.nocontact.slips.push_back(slip);
    r.nocontact.slips_before = nocontact.count("slip", before_since, before_end);
    r.nocontact.unsent = nocontact.count("unsent", since, end);

    // Self-care.
    auto care_settings = selfcare::load_settings(shipped(sources, "activities.toml"), config);
    selfcare::Store care(db, care_settings, day_start);
    r.selfcare = care.report(r.from, r.until);
    r.selfcare_before = care.report(r.before_from, r.before_to);
    r.low_mood = care_settings.low_mood_notice && r.selfcare.mood_average &&
                 *r.selfcare.mood_average <= care_settings.low_mood_threshold;

    // Checklist.
    checklist::Store lists(db,
                           checklist::load_catalog(shipped(sources, "checklists.toml"), config));
    std::map<std::string, std::string> titles;
    for (const auto& list : lists.lists()) {
        titles[list.name] = list.title;
        r.checklist.done += list.done();
        r.checklist.total += list.total();
    }
    for (const auto& e : lists.history_between(since, end))
        if (e.action == "check") {
            auto title = titles.find(e.list);
            r.checklist.ticked.push_back(
                Ticked{title != titles.end() ? title->second : e.list, e.item_title, e.at, e.note});
        }
    // In the order they happened (a tick dated back, or imported, is stored later).
    std::stable_sort(r.checklist.ticked.begin(), r.checklist.ticked.end(),
                     [](const Ticked& a, const Ticked& b) { return a.at < b.at; });

    // Reflection.
    reflect::Store journal(db, reflect::load_catalog(shipped(sources, "prompts.toml"), config));
    r.reflect.entries = journal.between(since, end);
    r.reflect.entries_before = journal.count(before_since, before_end);
    std::map<std::string, std::int64_t> themes;
    for (const auto& e : r.reflect.entries) {
        ++themes[e.theme.value_or("")];
        if (full)
            r.reflect.full.push_back(journal.get(e.id));
    }
    for (const auto& t : journal.catalog().themes) // the guide's order first
        if (auto it = themes.find(t.name); it != themes.end()) {
            r.reflect.themes.emplace_back(it->first, it->second);
            themes.erase(it);
        }
    for (const auto& [name, n] : themes)
        r.reflect.themes.emplace_back(name, n);

    // Signals.
    signals::Store signs(db, signals::load_settings(shipped(sources, "signals.toml"), config),
                         day_start);
    for (const auto& s :
         signs.list(signals::ListQuery{std::max(r.before_from, Day{1, 1, 1}), {}, {}})) {
        bool known = std::any_of(signs.settings().kinds.begin(), signs.settings().kinds.end(),
                                 [&](const signals::Kind& k) { return k.id == s.kind; });
        if (!known) // a kind no longer configured: the reading leaves it out, and so does this
            continue;
        if (s.at >= since && s.at <= end)
            ++r.signals.logged;
        else if (s.at >= before_since && s.at <= before_end)
            ++r.signals.logged_before;
    }
    r.signals.at_end = signs.score(r.until);
    // Before the year 0001 there is nothing to read (and no day the reading could name).
    if (r.before_to.year >= 1)
        r.signals.before_end = signs.score(r.before_to);
    else
        r.signals.before_end.date = r.before_to;

    // Across the areas: each day of the period so far, once.
    std::set<Day> selfcare_days;
    for (const auto& [d, n] : r.selfcare.per_day)
        if (n > 0)
            selfcare_days.insert(d);
    std::map<Day, double> mood;
    for (const auto& [d, m] : r.selfcare.mood)
        if (m)
            mood[d] = *m;
    // Urges only mean something on days a period of no contact covered.
    std::vector<std::pair<Day, Day>> covered;
    for (const auto& p : nocontact.history(now)) {
        Day last = p.period.ended_at ? day_of(*p.period.ended_at) : today;
        covered.emplace_back(p.period.start_day, last);
        if (p.period.ended_at && *p.period.ended_at >= since && *p.period.ended_at <= end)
            r.nocontact.ended.push_back(p.period);
    }
    auto is_covered = [&](const Day& d) {
        return std::any_of(covered.begin(), covered.end(), [&](const auto& range) {
            return !(d < range.first) && !(range.second < d);
        });
    };
    std::set<Day> contact, after;
    for (const auto& slip : slips)
        contact.insert(day_of(slip.at));
    for (const auto& d : contact)
        for (int i = 1; i <= days_after_contact; ++i)
            after.insert(dates::add_days(d, i));

    Side mood_with, mood_without;
    mood_with.sum = r.selfcare.mood_with.value_or(0) * r.selfcare.days_with;
    mood_with.days = r.selfcare.days_with;
    mood_without.sum = r.selfcare.mood_without.value_or(0) * r.selfcare.days_without;
    mood_without.days = r.selfcare.days_without;
    Side urges_with, urges_without, urges_after, urges_other, mood_after, mood_other;
    for (Day d = r.from; !(r.until < d); d = dates::add_days(d, 1)) {
        auto n = static_cast<double>(urges_per_day.count(d) ? urges_per_day[d] : 0);
        bool after_contact = after.count(d) && !contact.count(d);
        bool far_from_contact = !after.count(d) && !contact.count(d);
        if (is_covered(d)) {
            (selfcare_days.count(d) ? urges_with : urges_without).add(n);
            if (after_contact)
                urges_after.add(n);
            else if (far_from_contact)
                urges_other.add(n);
        }
        if (auto m = mood.find(d); m != mood.end()) {
            if (after_contact)
                mood_after.add(m->second);
            else if (far_from_contact)
                mood_other.add(m->second);
        }
    }
    add_link(r.links, "mood_selfcare", "mood", "days with self-care", "days without", mood_with,
             mood_without);
    add_link(r.links, "urges_selfcare", "urges a day", "days with self-care", "days without",
             urges_with, urges_without);
    add_link(r.links, "urges_contact", "urges a day", "the days after contact", "other days",
             urges_after, urges_other);
    add_link(r.links, "mood_contact", "mood", "the days after contact", "other days", mood_after,
             mood_other);
    snapshot.commit();
    return r;
}

// ---- status output -------------------------------------------------------------------------

namespace {

// One line per part of the screen: its label, then what it says.
struct Part {
    std::string label;
    std::vector<std::string> lines;
};

// "day 12 of 30", or past the planned length "day 41; the 30 days you planned are behind you".
std::string day_of_period(const nocontact::Status& s, bool capital) {
    std::string out =
        s.day > s.period.days
            ? fmt::format("day {}; the {} days you planned are behind you", s.day, s.period.days)
            : fmt::format("day {} of {}", s.day, s.period.days);
    if (capital)
        out[0] = 'D';
    return out;
}

std::string milestone_text(const nocontact::Status& s) {
    const auto* next = s.next_milestone();
    if (!next)
        return "";
    int in = dates::days_between(s.today, next->day);
    return fmt::format(" · {} clear {}", text::plural(next->days, "day", "days"),
                       in == 0   ? std::string("today")
                       : in == 1 ? std::string("tomorrow")
                                 : "in " + text::plural(in, "day", "days"));
}

// "5 days since the last slip"; on its first day, a plain "begun today".
std::string streak_text(const nocontact::Status& s) {
    if (s.streak == 0)
        return s.slips ? "a fresh start today" : "begun today";
    return fmt::format("{} since {}", text::plural(s.streak, "day", "days"),
                       s.slips ? "the last slip" : "the start");
}

std::vector<Part> parts_of(const Status& s) {
    std::vector<Part> parts;
    Part nc{"no contact", {}};
    if (const auto& run = s.nocontact.running) {
        nc.lines.push_back(fmt::format("{} · {}{}", day_of_period(*run, false), streak_text(*run),
                                       milestone_text(*run)));
    } else if (s.nocontact.last_ended) {
        nc.lines.push_back(fmt::format("no period running (the last ended on {}); begin one with "
                                       "'rekindle nocontact start'",
                                       dates::format_day(*s.nocontact.last_ended)));
    } else {
        nc.lines.push_back("no period running; begin one with 'rekindle nocontact start'");
    }
    if (s.nocontact.running || s.nocontact.urges_recent || s.nocontact.urges_before)
        nc.lines.push_back(fmt::format("urges: {} in the last 7 days, {} in the 7 before",
                                       s.nocontact.urges_recent, s.nocontact.urges_before));
    parts.push_back(std::move(nc));

    Part care{"self-care", {}};
    if (!s.selfcare.any) {
        care.lines.push_back(
            "nothing logged yet; begin with 'rekindle selfcare log walking' or 'rekindle "
            "selfcare mood 6'");
    } else {
        std::string line =
            fmt::format("{} in the last 7 days",
                        text::plural(s.selfcare.entries_recent, "activity", "activities"));
        if (!s.selfcare.goals.empty())
            line += fmt::format(" · goals this week: {} of {} met", s.selfcare.goals_met(),
                                s.selfcare.goals.size());
        care.lines.push_back(line);
        if (s.selfcare.mood_average) {
            std::string mood =
                fmt::format("mood {} over the last 7 days ({})", decimal(*s.selfcare.mood_average),
                            text::plural(s.selfcare.mood_readings, "reading", "readings"));
            if (s.selfcare.mood_trend) {
                double t = rounded(*s.selfcare.mood_trend);
                mood += t == 0 ? std::string(", steady")
                               : fmt::format(", {} {:.1f} a week", t > 0 ? "rising" : "falling",
                                             std::fabs(t));
            }
            care.lines.push_back(mood);
        } else {
            care.lines.push_back("no mood noted in the last 7 days; 'rekindle selfcare mood 1-10' "
                                 "notes one");
        }
    }
    parts.push_back(std::move(care));

    Part lists{"checklist", {}};
    if (s.checklist.done == 0) {
        lists.lines.push_back(fmt::format("nothing ticked yet; begin with 'rekindle checklist show "
                                          "{}'",
                                          s.checklist.next_list.value_or("reflection")));
    } else {
        std::string line = fmt::format("{} of {} points ({}%)", s.checklist.done, s.checklist.total,
                                       checklist::percent(s.checklist.done, s.checklist.total));
        if (s.checklist.next_list)
            line += fmt::format(" · next: 'rekindle checklist show {}'", *s.checklist.next_list);
        lists.lines.push_back(line);
    }
    parts.push_back(std::move(lists));

    Part journal{"reflection", {}};
    if (!s.reflect.last) {
        journal.lines.push_back("no entries yet; begin with 'rekindle reflect'");
    } else {
        journal.lines.push_back(
            fmt::format("{} in the last 7 days (the last on {})",
                        text::plural(s.reflect.entries_recent, "entry", "entries"),
                        dates::format_day(*s.reflect.last)));
        if (!s.reflect.untouched.empty()) {
            std::string names;
            for (const auto& t : s.reflect.untouched)
                names += (names.empty() ? "" : ", ") + t;
            journal.lines.push_back("not yet touched: " + names);
        }
    }
    parts.push_back(std::move(journal));

    Part signs{"signals", {}};
    if (s.signals.signals == 0) {
        signs.lines.push_back(fmt::format("no signs noted in the last {} days; if you want to, "
                                          "note one with 'rekindle signals log KIND'",
                                          s.signals.window_days));
    } else {
        signs.lines.push_back(
            fmt::format("{} · leans {} · confidence {} ({} in {} days)",
                        signed_decimal(s.signals.overall), s.signals.lean, s.signals.confidence,
                        text::plural(s.signals.signals, "sign", "signs"), s.signals.window_days));
        signs.lines.push_back(s.signals.summary);
    }
    parts.push_back(std::move(signs));
    return parts;
}

constexpr std::string_view low_mood_line =
    "Your mood has been low this past week. You do not have to carry it alone: a friend you "
    "trust, or a counsellor or doctor, can help.";

// `line` broken at spaces into lines of at most `width` columns (0: no limit); a word
// longer than that stands alone.
std::vector<std::string> wrapped(std::string_view line, std::size_t width) {
    std::vector<std::string> out{""};
    std::size_t used = 0;
    while (!line.empty()) {
        auto space = line.find(' ');
        auto word = line.substr(0, space);
        line = space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
        auto w = text::display_width(word);
        if (width && used > 0 && used + 1 + w > width) {
            out.emplace_back();
            used = 0;
        }
        if (used > 0) {
            out.back() += ' ';
            ++used;
        }
        out.back() += word;
        used += w;
    }
    return out;
}

} // namespace

std::string status_text(const Status& s, bool color, std::size_t width) {
    auto parts = parts_of(s);
    std::size_t label_width = 0;
    for (const auto& p : parts)
        label_width = std::max(label_width, p.label.size());
    // Too narrow a terminal to wrap sensibly: leave the lines to the terminal.
    std::size_t room = width > label_width + 2 + 20 ? width - label_width - 2 : 0;
    std::string out = fmt::format("{}rekindle · {}{}\n\n", color ? "\x1b[1m" : "",
                                  dates::format_day(s.today), color ? "\x1b[0m" : "");
    for (const auto& p : parts)
        for (std::size_t i = 0; i < p.lines.size(); ++i) {
            auto pieces = wrapped(text::escape_controls(p.lines[i]), room ? room - 2 : 0);
            for (std::size_t k = 0; k < pieces.size(); ++k) {
                bool labelled = i == 0 && k == 0;
                out +=
                    fmt::format("{}{:<{}}{}  {}{}\n", color && labelled ? "\x1b[1m" : "",
                                labelled ? p.label : "", label_width,
                                color && labelled ? "\x1b[0m" : "", k > 0 ? "  " : "", pieces[k]);
            }
        }
    if (s.selfcare.low_mood) {
        out += "\n";
        for (const auto& piece : wrapped(low_mood_line, width))
            out += piece + "\n";
    }
    return out;
}

std::string status_line(const Status& s) {
    std::vector<std::string> bits;
    if (const auto& run = s.nocontact.running)
        bits.push_back(
            run->day > run->period.days
                ? fmt::format("day {} (streak {})", run->day, run->streak)
                : fmt::format("day {}/{} (streak {})", run->day, run->period.days, run->streak));
    if (s.nocontact.running || s.nocontact.urges_recent)
        bits.push_back(fmt::format("urges {}", s.nocontact.urges_recent));
    if (!s.selfcare.goals.empty())
        bits.push_back(fmt::format("goals {}/{}", s.selfcare.goals_met(), s.selfcare.goals.size()));
    if (s.selfcare.mood_average)
        bits.push_back(fmt::format("mood {}", decimal(*s.selfcare.mood_average)));
    if (s.checklist.done)
        bits.push_back(
            fmt::format("checklist {}%", checklist::percent(s.checklist.done, s.checklist.total)));
    if (s.reflect.last)
        bits.push_back(fmt::format("reflections {}", s.reflect.entries_recent));
    if (s.signals.signals)
        bits.push_back(fmt::format("signals {}", s.signals.lean));
    if (bits.empty() && s.nocontact.last_ended)
        bits.push_back("no period of no contact running");
    if (bits.empty())
        return "nothing recorded yet; 'rekindle status' shows how to begin\n";
    std::string out;
    for (const auto& b : bits)
        out += (out.empty() ? "" : ", ") + b;
    return out + "\n";
}

namespace {

output::Value optional_number(const std::optional<double>& v, int places = 2) {
    return v ? output::Value(rounded(*v, places)) : output::Value();
}

output::Value optional_day(const std::optional<Day>& d) {
    return d ? output::Value(dates::format_day(*d)) : output::Value();
}

void score_json(output::JsonWriter& j, std::string_view key, const signals::Score& s) {
    j.open_object(key)
        .field("date", dates::format_day(s.date))
        .field("window_days", std::int64_t{s.window_days})
        .field("signals", s.signals)
        .field("words", rounded(s.words, 2))
        .field("actions", rounded(s.actions, 2))
        .field("overall", rounded(s.overall, 2))
        .field("lean", s.lean)
        .field("confidence", s.confidence)
        .field("final_recent", s.final_recent)
        .field("summary", s.summary)
        .close();
}

} // namespace

namespace {

// Every scalar figure of `status`, named "part.field", in the order shown.
std::vector<std::pair<std::string, output::Value>> status_fields(const Status& s) {
    using output::Value;
    std::vector<std::pair<std::string, Value>> f;
    auto add = [&](std::string name, Value v) { f.emplace_back(std::move(name), std::move(v)); };
    auto whole = [](auto n) { return Value(static_cast<std::int64_t>(n)); };
    add("date", dates::format_day(s.today));

    const auto& run = s.nocontact.running;
    const auto* next = run ? run->next_milestone() : nullptr;
    add("nocontact.running", run.has_value());
    add("nocontact.day", run ? whole(run->day) : Value());
    add("nocontact.days", run ? whole(run->period.days) : Value());
    add("nocontact.days_left", run ? whole(run->days_left) : Value());
    add("nocontact.started_on", run ? Value(dates::format_day(run->period.start_day)) : Value());
    add("nocontact.streak", run ? whole(run->streak) : Value());
    add("nocontact.slips", run ? whole(run->slips) : Value());
    add("nocontact.next_milestone", next ? whole(next->days) : Value());
    add("nocontact.next_milestone_on", next ? Value(dates::format_day(next->day)) : Value());
    add("nocontact.last_ended_on", optional_day(s.nocontact.last_ended));
    add("nocontact.urges_last_7_days", s.nocontact.urges_recent);
    add("nocontact.urges_7_days_before", s.nocontact.urges_before);
    add("nocontact.next_step", run ? Value() : Value(std::string("rekindle nocontact start")));

    add("selfcare.activities_last_7_days", s.selfcare.entries_recent);
    add("selfcare.goals_met", whole(s.selfcare.goals_met()));
    add("selfcare.goals", whole(s.selfcare.goals.size()));
    add("selfcare.mood_readings_last_7_days", s.selfcare.mood_readings);
    add("selfcare.mood_average_last_7_days", optional_number(s.selfcare.mood_average));
    add("selfcare.mood_trend_per_week", optional_number(s.selfcare.mood_trend));
    add("selfcare.low_mood", s.selfcare.low_mood);
    add("selfcare.next_step",
        s.selfcare.any ? Value() : Value(std::string("rekindle selfcare log walking")));

    add("checklist.done", whole(s.checklist.done));
    add("checklist.total", whole(s.checklist.total));
    add("checklist.percent", whole(checklist::percent(s.checklist.done, s.checklist.total)));
    add("checklist.lists", whole(s.checklist.lists));
    add("checklist.next_list", s.checklist.next_list ? Value(*s.checklist.next_list) : Value());
    add("checklist.next_step",
        s.checklist.done
            ? Value()
            : Value("rekindle checklist show " + s.checklist.next_list.value_or("reflection")));

    add("reflect.entries_last_7_days", s.reflect.entries_recent);
    add("reflect.last_on", optional_day(s.reflect.last));
    add("reflect.next_step", s.reflect.last ? Value() : Value(std::string("rekindle reflect")));

    const auto& g = s.signals;
    add("signals.window_days", whole(g.window_days));
    add("signals.signals", g.signals);
    add("signals.words", rounded(g.words, 2));
    add("signals.actions", rounded(g.actions, 2));
    add("signals.overall", rounded(g.overall, 2));
    add("signals.lean", g.lean);
    add("signals.confidence", g.confidence);
    add("signals.final_recent", g.final_recent);
    add("signals.summary", g.summary);
    return f;
}

} // namespace

output::Table status_table(const Status& s) {
    output::Table t{{output::Column{"field", output::Shown::always, false, output::Fit::keep},
                     output::Column{"value"}},
                    {}};
    std::string themes;
    for (const auto& name : s.reflect.untouched)
        themes += (themes.empty() ? "" : ",") + name;
    for (auto& [name, value] : status_fields(s)) {
        t.rows.push_back({name, value});
        if (name == "reflect.last_on") // the list beside the other figures of its part
            t.rows.push_back({std::string("reflect.untouched_themes"), themes});
    }
    return t;
}

std::string status_json(const Status& s) {
    output::JsonWriter j;
    j.open_object();
    std::string open; // the part whose object is open
    // The lists of a part go at the end of its object.
    auto close_part = [&] {
        if (open == "selfcare") {
            j.open_array("goals_this_week");
            for (const auto& g : s.selfcare.goals)
                j.open_object()
                    .field("activity",
                           g.goal.activity ? output::Value(*g.goal.activity) : output::Value())
                    .field("category",
                           g.goal.category ? output::Value(*g.goal.category) : output::Value())
                    .field("label", g.goal.label())
                    .field("done", g.done)
                    .field("target", g.target)
                    .field("unit", g.goal.minutes ? "minutes" : "entries")
                    .field("met", g.met())
                    .close();
            j.close();
        } else if (open == "reflect") {
            j.open_array("untouched_themes");
            for (const auto& t : s.reflect.untouched)
                j.item(t);
            j.close();
        }
        if (!open.empty())
            j.close();
    };
    for (const auto& [name, value] : status_fields(s)) {
        auto dot = name.find('.');
        std::string part = dot == std::string::npos ? "" : name.substr(0, dot);
        if (part != open) {
            close_part();
            open = part;
            if (!part.empty())
                j.open_object(part);
        }
        j.field(dot == std::string::npos ? name : name.substr(dot + 1), value);
    }
    close_part();
    j.close();
    return j.text() + "\n";
}

// ---- review output -------------------------------------------------------------------------

namespace {

// Text the person wrote, safe in a Markdown line: control characters escaped, and nothing
// that would start a heading, list or quote at the start of a line.
std::string inline_text(std::string_view s) {
    std::string flat;
    for (char c : s)
        flat += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    return text::escape_controls(flat);
}

// A block of the person's own text as a Markdown quote, line by line.
std::string quote_block(std::string_view s) {
    std::string out;
    std::size_t start = 0;
    while (start <= s.size()) {
        auto end = s.find('\n', start);
        auto line = s.substr(start, end == std::string_view::npos ? s.npos : end - start);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        out += line.empty() ? ">\n" : "> " + text::escape_controls(line) + "\n";
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }
    return out;
}

std::string span_word(Span span) {
    return span == Span::week ? "week" : "month";
}

std::string versus(std::int64_t now, std::int64_t before, Span span) {
    return fmt::format("{} (the {} before: {})", now, span_word(span), before);
}

std::string minutes_text(std::int64_t m) {
    return text::plural(m, "minute", "minutes");
}

} // namespace

std::string review_markdown(const Review& r) {
    std::string out = fmt::format("# Review of the {} {} to {}\n\n", span_word(r.span),
                                  dates::format_day(r.from), dates::format_day(r.to));
    int days = dates::days_between(r.from, r.until) + 1;
    int whole = dates::days_between(r.from, r.to) + 1;
    if (days < whole)
        out += fmt::format("So far: {} of its {} days. ", days, whole);
    out += fmt::format("Compared with {} to {}.\n", dates::format_day(r.before_from),
                       dates::format_day(r.before_to));

    // No contact.
    out += "\n## Space: no contact\n\n";
    const auto& nc = r.nocontact;
    if (nc.at_end)
        out += fmt::format("- {}; {}.\n", day_of_period(*nc.at_end, true), streak_text(*nc.at_end));
    for (const auto& p : nc.ended)
        out +=
            fmt::format("- The period begun on {} ended on {}{}.\n", dates::format_day(p.start_day),
                        dates::format_day(dates::local_day(*p.ended_at, r.day_start)),
                        p.end_reason ? " (" + inline_text(*p.end_reason) + ")" : "");
    if (!nc.at_end && nc.ended.empty() && nc.urges == 0 && nc.slips.empty() && nc.urges_before == 0)
        out += "- Nothing recorded. 'rekindle nocontact start' begins a period of no contact.\n";
    else {
        out += "- Urges: " + versus(nc.urges, nc.urges_before, r.span);
        if (nc.urges_passed)
            out += fmt::format("; {} waited out and passed", nc.urges_passed);
        if (nc.intensity)
            out += fmt::format("; average intensity {}", decimal(*nc.intensity));
        out += ".\n";
        if (!nc.triggers.empty()) {
            std::string list;
            for (std::size_t i = 0; i < nc.triggers.size() && i < 5; ++i)
                list += fmt::format("{}{} ({})", i ? ", " : "", inline_text(nc.triggers[i].first),
                                    nc.triggers[i].second);
            out += "- Triggers: " + list + ".\n";
        }
        out += "- Slips: " +
               versus(static_cast<std::int64_t>(nc.slips.size()), nc.slips_before, r.span) + ".\n";
        for (const auto& slip : nc.slips) {
            out += fmt::format("  - {}", dates::format_day(dates::local_day(slip.at, r.day_start)));
            if (slip.text)
                out += ": " + inline_text(*slip.text);
            out += slip.lesson ? fmt::format(" What I learned: {}\n", inline_text(*slip.lesson))
                               : std::string("\n");
        }
        if (nc.unsent)
            out += fmt::format("- Messages written and not sent: {}.\n", nc.unsent);
    }

    // Self-care.
    out += "\n## Growth: self-care\n\n";
    const auto& sc = r.selfcare;
    const auto& scb = r.selfcare_before;
    if (sc.entries == 0 && sc.mood_readings == 0) {
        out += "- Nothing logged. 'rekindle selfcare log walking' notes an activity.\n";
    } else {
        out += fmt::format("- {} on {} of {} days, {} (the {} before: {} on {}, {}).\n",
                           text::plural(sc.entries, "activity", "activities"), sc.active_days,
                           sc.days, minutes_text(sc.minutes), span_word(r.span), scb.entries,
                           text::plural(scb.active_days, "day", "days"), minutes_text(scb.minutes));
        if (!sc.categories.empty()) {
            std::string list;
            for (const auto& c : sc.categories)
                list += fmt::format("{}{} {} ({} min)", list.empty() ? "" : ", ",
                                    inline_text(c.name), c.entries, c.minutes);
            out += "- By category: " + list + ".\n";
        }
        if (sc.goal_weeks)
            out += fmt::format("- Weekly goals met: {} of {}.\n", sc.goals_met, sc.goal_weeks);
        if (sc.mood_average) {
            out += fmt::format("- Mood: {} from {}", decimal(*sc.mood_average),
                               text::plural(sc.mood_readings, "reading", "readings"));
            if (scb.mood_average)
                out += fmt::format(" (the {} before: {})", span_word(r.span),
                                   decimal(*scb.mood_average));
            if (sc.mood_trend)
                out += rounded(*sc.mood_trend) == 0
                           ? std::string("; steady")
                           : fmt::format("; trend {} a week", signed_decimal(*sc.mood_trend));
            out += ".\n";
        }
    }

    // Checklist.
    out += "\n## The guide's checklist\n\n";
    if (r.checklist.ticked.empty())
        out += "- Nothing ticked this " + span_word(r.span) + ".\n";
    for (const auto& t : r.checklist.ticked) {
        out += fmt::format("- Ticked: {}: {} ({})", inline_text(t.list_title),
                           inline_text(t.item_title),
                           dates::format_day(dates::local_day(t.at, r.day_start)));
        out += t.note ? ": " + inline_text(*t.note) + "\n" : std::string(".\n");
    }
    out += fmt::format("- Overall: {} of {} ({}%).\n", r.checklist.done, r.checklist.total,
                       checklist::percent(r.checklist.done, r.checklist.total));

    // Reflection.
    out += "\n## Reflection\n\n";
    out += "- Entries: " +
           versus(static_cast<std::int64_t>(r.reflect.entries.size()), r.reflect.entries_before,
                  r.span) +
           ".\n";
    if (!r.reflect.themes.empty()) {
        std::string list;
        for (const auto& [name, n] : r.reflect.themes)
            list += fmt::format("{}{} ({})", list.empty() ? "" : ", ",
                                name.empty() ? std::string("free writing") : inline_text(name), n);
        out += "- Themes: " + list + ".\n";
    }
    for (const auto& e : r.reflect.full) {
        out += fmt::format("\n### {}{}\n\n", dates::format_day(dates::local_day(e.at, r.day_start)),
                           e.theme ? " · " + inline_text(*e.theme) : std::string());
        if (e.title)
            out += quote_block(*e.title) + "\n";
        if (e.text)
            out += quote_block(*e.text) + "\n";
        for (const auto& a : e.answers)
            out += fmt::format("**{}**\n\n", inline_text(a.question)) + quote_block(a.text) + "\n";
    }

    // Signals.
    out += r.reflect.full.empty() ? "\n## Signals\n\n" : "## Signals\n\n";
    out += "- Signs noted: " + versus(r.signals.logged, r.signals.logged_before, r.span) + ".\n";
    const auto& s = r.signals.at_end;
    if (s.signals)
        out += fmt::format("- The reading on {}: {}, leans {}, confidence {}. {}\n",
                           dates::format_day(s.date), signed_decimal(s.overall), s.lean,
                           s.confidence, s.summary);

    // Links.
    out += "\n## Across the areas\n\n";
    if (r.links.empty())
        out += fmt::format("Too few days yet to set one area beside another (each side needs "
                           "{} days).\n",
                           link_min_days);
    for (const auto& l : r.links)
        out += fmt::format("- {}: {} on {} ({}), against {} on {} ({}).\n",
                           l.what == "mood" ? "Mood" : "Urges a day", decimal(l.with_value), l.with,
                           text::plural(l.with_days, "day", "days"), decimal(l.other_value),
                           l.other, text::plural(l.other_days, "day", "days"));
    if (!r.links.empty())
        out += "\nThese are the days side by side, not causes.\n";
    if (r.low_mood)
        out += fmt::format("\n{}\n", "Your mood was low this " + span_word(r.span) +
                                         ". You do not have to carry it alone: a friend you "
                                         "trust, or a counsellor or doctor, can help.");
    return out;
}

std::string review_json(const Review& r) {
    output::JsonWriter j;
    j.open_object()
        .field("span", span_word(r.span))
        .field("from", dates::format_day(r.from))
        .field("to", dates::format_day(r.to))
        .field("until", dates::format_day(r.until))
        .field("before_from", dates::format_day(r.before_from))
        .field("before_to", dates::format_day(r.before_to));

    const auto& nc = r.nocontact;
    j.open_object("nocontact");
    j.field("day", nc.at_end ? output::Value(std::int64_t{nc.at_end->day}) : output::Value());
    j.field("streak", nc.at_end ? output::Value(std::int64_t{nc.at_end->streak}) : output::Value());
    j.field("urges", nc.urges)
        .field("urges_before", nc.urges_before)
        .field("urges_passed", nc.urges_passed)
        .field("intensity_average", optional_number(nc.intensity));
    j.open_array("triggers");
    for (const auto& [name, n] : nc.triggers)
        j.open_object().field("trigger", name).field("urges", n).close();
    j.close();
    j.open_array("slips");
    for (const auto& slip : nc.slips)
        j.open_object()
            .field("at", dates::format_utc(slip.at))
            .field("text", slip.text ? output::Value(*slip.text) : output::Value())
            .field("lesson", slip.lesson ? output::Value(*slip.lesson) : output::Value())
            .close();
    j.close();
    j.field("slips_before", nc.slips_before).field("unsent", nc.unsent);
    j.close();

    auto care = [&](std::string_view key, const selfcare::Report& c) {
        j.open_object(key)
            .field("from", dates::format_day(c.from))
            .field("to", dates::format_day(c.to))
            .field("entries", c.entries)
            .field("minutes", c.minutes)
            .field("active_days", std::int64_t{c.active_days})
            .field("goals_met", std::int64_t{c.goals_met})
            .field("goal_weeks", std::int64_t{c.goal_weeks})
            .field("mood_readings", c.mood_readings)
            .field("mood_average", optional_number(c.mood_average))
            .field("mood_trend_per_week", optional_number(c.mood_trend));
        j.open_array("categories");
        for (const auto& t : c.categories)
            j.open_object()
                .field("name", t.name)
                .field("entries", t.entries)
                .field("minutes", t.minutes)
                .close();
        j.close().close();
    };
    care("selfcare", r.selfcare);
    care("selfcare_before", r.selfcare_before);

    j.open_object("checklist")
        .field("done", std::int64_t{r.checklist.done})
        .field("total", std::int64_t{r.checklist.total});
    j.open_array("ticked");
    for (const auto& t : r.checklist.ticked)
        j.open_object()
            .field("list", t.list_title)
            .field("item", t.item_title)
            .field("at", dates::format_utc(t.at))
            .field("note", t.note ? output::Value(*t.note) : output::Value())
            .close();
    j.close().close();

    j.open_object("reflect")
        .field("entries", static_cast<std::int64_t>(r.reflect.entries.size()))
        .field("entries_before", r.reflect.entries_before);
    j.open_array("themes");
    for (const auto& [name, n] : r.reflect.themes)
        j.open_object()
            .field("theme", name.empty() ? output::Value() : output::Value(name))
            .field("entries", n)
            .close();
    j.close();
    j.open_array("written");
    for (const auto& e : r.reflect.entries)
        j.open_object()
            .field("id", e.id)
            .field("at", dates::format_utc(e.at))
            .field("theme", e.theme ? output::Value(*e.theme) : output::Value())
            .field("preview", e.preview)
            .close();
    j.close();
    if (!r.reflect.full.empty()) {
        j.open_array("full");
        for (const auto& e : r.reflect.full) {
            j.open_object()
                .field("id", e.id)
                .field("title", e.title ? output::Value(*e.title) : output::Value())
                .field("text", e.text ? output::Value(*e.text) : output::Value());
            j.open_array("answers");
            for (const auto& a : e.answers)
                j.open_object()
                    .field("prompt", a.prompt)
                    .field("question", a.question)
                    .field("text", a.text)
                    .close();
            j.close().close();
        }
        j.close();
    }
    j.close();

    j.open_object("signals")
        .field("logged", r.signals.logged)
        .field("logged_before", r.signals.logged_before);
    score_json(j, "at_end", r.signals.at_end);
    score_json(j, "before_end", r.signals.before_end);
    j.close();

    j.open_array("links");
    for (const auto& l : r.links)
        j.open_object()
            .field("id", l.id)
            .field("what", l.what)
            .field("with", l.with)
            .field("with_value", rounded(l.with_value, 2))
            .field("with_days", std::int64_t{l.with_days})
            .field("other", l.other)
            .field("other_value", rounded(l.other_value, 2))
            .field("other_days", std::int64_t{l.other_days})
            .close();
    j.close();
    j.field("low_mood", r.low_mood);
    j.close();
    return j.text() + "\n";
}

} // namespace rekindle::journey
