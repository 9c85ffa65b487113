"""Black-box tests of the dispatcher's own two commands, `rekindle status` and `rekindle
review`, and of `rekindle` alone.

The demo file is read here by hand (the `Demo` class below), and every figure the commands
show is worked out from it step by step, so a figure the program gets wrong cannot agree with
the test by being copied from its own output. The signals reading is the rule of the spec as
test_signals.py states it."""
import datetime
import json
import math
import os
import re
import select
import subprocess
import tomllib
import unittest

from harness import BIN, SRC, CliTest
from test_signals import reading

NOW = "2026-11-29T20:00:00Z"              # a Sunday, the last day of the demo
TODAY = datetime.date(2026, 11, 29)
WEEK = (datetime.date(2026, 11, 23), datetime.date(2026, 11, 29))
WEEK_BEFORE = (datetime.date(2026, 11, 16), datetime.date(2026, 11, 22))
SHARE = os.path.join(SRC, "share", "rekindle")
DEMO = os.path.join(SHARE, "demo", "demo.jsonl")
MILESTONES = [1, 3, 7, 14, 21, 30, 60, 90]  # rekindle-nocontact's default milestone days
AFTER_CONTACT = 3                           # days after a slip that count as "after contact"
LINK_MIN_DAYS = 3                           # days each side of a link needs
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
TOO_FEW = "Too few days yet to set one area beside another (each side needs 3 days)."

BEGIN = {
    "no contact": "no period running; begin one with 'rekindle nocontact start'",
    "self-care": "nothing logged yet; begin with 'rekindle selfcare log walking' or "
                 "'rekindle selfcare mood 6'",
    "checklist": "nothing ticked yet; begin with 'rekindle checklist show reflection'",
    "reflection": "no entries yet; begin with 'rekindle reflect'",
    "signals": "no signs noted in the last 90 days; if you want to, note one with "
               "'rekindle signals log KIND'",
}


def day(value):
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def days(lo, hi):
    d = lo
    while d <= hi:
        yield d
        d += datetime.timedelta(days=1)


def within(d, span):
    return span[0] <= d <= span[1]


def half_up(v, places):
    """Rounded as the tools round (half away from zero), never "-0"."""
    scale = 10 ** places
    r = math.copysign(math.floor(abs(v) * scale + 0.5), v) / scale
    return 0.0 if r == 0 else r


def one(v):
    """A figure as the tools show it to a person: one decimal."""
    return f"{half_up(v, 1):.1f}"


def signed(v):
    r = half_up(v, 1)
    return f"{'+' if r > 0 else ''}{r:.1f}"


def plural(n, word, words):
    return f"{n} {word if n == 1 else words}"


def mean(values):
    values = list(values)
    return sum(values) / len(values)


def slope_per_week(points):
    """Least squares over (x, y), times 7; None below two points."""
    if len(points) < 2:
        return None
    n = len(points)
    sx = sum(x for x, _ in points)
    sy = sum(y for _, y in points)
    sxx = sum(x * x for x, _ in points)
    sxy = sum(x * y for x, y in points)
    d = n * sxx - sx * sx
    return None if d == 0 else (n * sxy - sx * sy) / d * 7


class Demo:
    """share/rekindle/demo/demo.jsonl read by hand, with the shipped lists and prompts. Its
    times are all UTC, and the tests run with TZ=UTC, so a record's day is its date."""

    def __init__(self):
        with open(DEMO, encoding="utf-8") as f:
            lines = [json.loads(line) for line in f if line.strip()]
        assert lines[0] == {"type": "rekindle", "format": 1}, lines[0]
        self.records = [r for r in lines[1:] if not r.get("removed_at")]
        with open(os.path.join(SHARE, "checklists.toml"), "rb") as f:
            self.shipped_lists = tomllib.load(f)["lists"]
        with open(os.path.join(SHARE, "prompts.toml"), "rb") as f:
            self.themes = [t["name"] for t in tomllib.load(f)["themes"]]

    def of(self, tool, rtype, /, **match):
        return [r for r in self.records if r["tool"] == tool and r["type"] == rtype
                and all(r.get(k) == v for k, v in match.items())]

    # -- no contact
    @property
    def period(self):
        (p,) = self.of("nocontact", "period")
        return p

    def events(self, kind, span=None):
        out = [e for e in self.of("nocontact", "event", kind=kind)]
        return [e for e in out if span is None or within(day(e["at"][:10]), span)]

    def urges_on(self, d):
        return sum(1 for e in self.events("urge") if day(e["at"][:10]) == d)

    def slip_days(self):
        return sorted(day(e["at"][:10]) for e in self.events("slip"))

    def day_number(self, on):
        return (on - day(self.period["start_day"])).days + 1

    def streak(self, on):
        """Days since the last slip's day (or the start day), as rekindle-nocontact counts."""
        since = max([day(self.period["start_day"])] + [d for d in self.slip_days() if d <= on])
        return (on - since).days

    # -- self-care
    def activities(self, span):
        return [e for e in self.of("selfcare", "entry")
                if e["activity"] is not None and within(day(e["day"]), span)]

    def moods(self, span, checkins_only=False):
        return [e for e in self.of("selfcare", "entry")
                if e["mood"] is not None and within(day(e["day"]), span)
                and not (checkins_only and e["activity"] is not None)]

    def mood_by_day(self, span, checkins_only=False):
        by = {}
        for e in self.moods(span, checkins_only):
            by.setdefault(day(e["day"]), []).append(e["mood"])
        return {d: mean(v) for d, v in sorted(by.items())}

    def selfcare_days(self, span):
        return {day(e["day"]) for e in self.activities(span)}

    # -- checklist
    def titles(self):
        """list name -> (list title, {item key: item title})."""
        out = {l["name"]: (l["title"], {i["key"]: i["title"] for i in l["items"]})
               for l in self.shipped_lists}
        for l in self.of("checklist", "list"):
            out[l["name"]] = (l["title"], {})
        for i in self.of("checklist", "item"):
            out[i["list"]][1][i["key"]] = i["title"]
        return out

    def checklist(self):
        """(done, total) now: each item's last action decides."""
        state = {}
        for e in sorted(self.of("checklist", "event"), key=lambda e: e["at"]):
            state[(e["list"], e["item"])] = e["action"] == "check"
        total = sum(len(items) for _, items in self.titles().values())
        return sum(state.values()), total

    def ticks(self, span):
        titles = self.titles()
        out = []
        for e in sorted(self.of("checklist", "event", action="check"), key=lambda e: e["at"]):
            if within(day(e["at"][:10]), span):
                list_title, items = titles[e["list"]]
                out.append((list_title, items[e["item"]], e["at"][:10], e["note"]))
        return out

    # -- reflection
    def entries(self, span):
        return sorted((e for e in self.of("reflect", "entry") if within(day(e["at"][:10]), span)),
                      key=lambda e: e["at"])

    def answers(self, entry):
        return sorted(self.of("reflect", "answer", entry=entry["uid"]),
                      key=lambda a: a["position"])

    def untouched(self):
        touched = {e["theme"] for e in self.of("reflect", "entry")}
        return [t for t in self.themes if t != "incident" and t not in touched]

    # -- signals
    def signals(self, span=None):
        return [s for s in self.of("signals", "signal")
                if span is None or within(day(s["day"]), span)]

    def reading(self, on):
        return reading([(s["kind"], s["day"], s["strength"]) for s in self.signals()], on=on)

    # -- the links across areas, by the rule of the review, day by day
    def links(self, span, today=TODAY):
        until = min(span[1], today)
        shown = (span[0], until)
        care = self.selfcare_days(shown)
        checkin_mood = self.mood_by_day(shown, checkins_only=True)
        mood = self.mood_by_day(shown)
        start = day(self.period["start_day"])  # the period runs on: it covers start..today
        contact = {d for d in self.slip_days()
                   if span[0] - datetime.timedelta(days=AFTER_CONTACT) <= d <= until}
        after = {c + datetime.timedelta(days=i) for c in contact
                 for i in range(1, AFTER_CONTACT + 1)} - contact
        near = contact | after
        sides = {k: [] for k in ("mood_with", "mood_without", "urges_with", "urges_without",
                                 "urges_after", "urges_other", "mood_after", "mood_other")}
        for d in days(*shown):
            if d in checkin_mood:
                sides["mood_with" if d in care else "mood_without"].append(checkin_mood[d])
            if start <= d <= today:
                n = self.urges_on(d)
                sides["urges_with" if d in care else "urges_without"].append(n)
                if d in after:
                    sides["urges_after"].append(n)
                elif d not in near:
                    sides["urges_other"].append(n)
            if d in mood:
                if d in after:
                    sides["mood_after"].append(mood[d])
                elif d not in near:
                    sides["mood_other"].append(mood[d])
        out = []
        for id_, what, with_, other, a, b in (
                ("mood_selfcare", "mood", "days with self-care", "days without",
                 "mood_with", "mood_without"),
                ("urges_selfcare", "urges a day", "days with self-care", "days without",
                 "urges_with", "urges_without"),
                ("urges_contact", "urges a day", "the days after contact", "other days",
                 "urges_after", "urges_other"),
                ("mood_contact", "mood", "the days after contact", "other days",
                 "mood_after", "mood_other")):
            if len(sides[a]) >= LINK_MIN_DAYS and len(sides[b]) >= LINK_MIN_DAYS:
                out.append({"id": id_, "what": what, "with": with_, "other": other,
                            "with_value": mean(sides[a]), "with_days": len(sides[a]),
                            "other_value": mean(sides[b]), "other_days": len(sides[b])})
        return out


def link_line(link):
    return (f"- {'Mood' if link['what'] == 'mood' else 'Urges a day'}: "
            f"{one(link['with_value'])} on {link['with']} "
            f"({plural(link['with_days'], 'day', 'days')}), against "
            f"{one(link['other_value'])} on {link['other']} "
            f"({plural(link['other_days'], 'day', 'days')}).")


class JourneyTest(CliTest):
    def setUp(self):
        super().setUp()
        self.env["REKINDLE_NOW"] = NOW
        self.env["TZ"] = "UTC"

    def rk(self, *args, **kw):
        return self.run_tool(*args, tool="rekindle", **kw)

    def ok(self, *args, **kw):
        return self.assertOk(self.rk(*args, **kw))

    def js(self, *args, **kw):
        return json.loads(self.ok(*args, "--format", "json", **kw).out)

    def assertRefused(self, r, code, *fragments):
        """The dispatcher's own errors: `rekindle: error: ...`, nothing on stdout."""
        self.assertEqual(r.code, code, r)
        self.assertTrue(r.err.startswith("rekindle: error: "), r)
        self.assertEqual(r.out, "", r)
        for bad in ("Traceback", "terminate called", "what():", "Aborted"):
            self.assertNotIn(bad, r.err)
        for f in fragments:
            self.assertIn(f, r.err)
        return r

    def import_demo(self):
        r = self.ok("import", DEMO)
        self.assertIn("imported", r.err)
        self.assertTrue(os.path.exists(self.db))


class DemoData(JourneyTest):
    """The demo file, imported, read on its last evening."""

    @classmethod
    def setUpClass(cls):
        cls.demo = Demo()

    def setUp(self):
        super().setUp()
        self.import_demo()

    def test_the_hand_derived_figures_agree_with_what_the_demos_author_wrote(self):
        # A check of the reading above, not of the program: the author's own account.
        d = self.demo
        self.assertEqual(d.period["start_day"], "2026-11-01")
        self.assertEqual(d.period["days"], 30)
        self.assertEqual([e["at"] for e in d.events("slip")], ["2026-11-24T22:30:00Z"])
        self.assertEqual(sorted(d.selfcare_days(WEEK)),
                         [datetime.date(2026, 11, n) for n in (23, 24, 25, 28)])
        self.assertEqual([d.urges_on(x) for x in days(*WEEK)], [0, 1, 1, 1, 1, 0, 1])
        self.assertEqual(len(d.events("urge", WEEK_BEFORE)), 7)
        self.assertEqual({x.day: v for x, v in d.mood_by_day(WEEK, checkins_only=True).items()},
                         {23: 6.5, 24: 6, 25: 4.5, 26: 5.5, 27: 5.5, 28: 7, 29: 5.5})

    def test_the_demos_config_gives_this_weeks_goals(self):
        # make demo reads share/rekindle/demo/config.toml: walking 3 times, mind 60 minutes.
        config = os.path.join(os.environ["REKINDLE_SRC"], "share", "rekindle", "demo",
                              "config.toml")
        week = self.demo.activities(WEEK)
        walks = sum(1 for e in week if e["activity"] == "walking")
        mind = sum(e["minutes"] for e in week if e["category"] == "mind")
        s = self.js("status", "--config", config)["selfcare"]
        self.assertEqual(s["goals_this_week"], [
            {"activity": "walking", "category": None, "label": "walking 3x a week",
             "done": walks, "target": 3, "unit": "entries", "met": walks >= 3},
            {"activity": None, "category": "mind", "label": "mind 60 min a week",
             "done": mind, "target": 60, "unit": "minutes", "met": mind >= 60}])
        self.assertEqual((walks, mind), (2, 125))  # therapy 50, a friend 45, 10, 20
        self.assertIn("goals this week: 1 of 2 met",
                      self.ok("status", "--config", config, "--format", "table").out)

    def test_status_json_has_every_figure_of_each_part(self):
        d = self.demo
        s = self.js("status")
        self.assertEqual(s["date"], "2026-11-29")
        self.assertEqual(list(s), ["date", "nocontact", "selfcare", "checklist", "reflect",
                                   "signals"])

        nc = s["nocontact"]
        self.assertEqual(nc["running"], True)
        self.assertEqual(nc["day"], d.day_number(TODAY))
        self.assertEqual(nc["day"], 29)
        self.assertEqual(nc["days"], 30)
        self.assertEqual(nc["days_left"], 1)
        self.assertEqual(nc["started_on"], "2026-11-01")
        self.assertEqual(nc["streak"], d.streak(TODAY))
        self.assertEqual(nc["streak"], 5)
        self.assertEqual(nc["slips"], 1)
        streak = d.streak(TODAY)
        nxt = min(m for m in MILESTONES if m > streak)
        self.assertEqual(nc["next_milestone"], nxt)
        self.assertEqual(nc["next_milestone_on"],
                         (d.slip_days()[-1] + datetime.timedelta(days=nxt)).isoformat())
        last7 = (TODAY - datetime.timedelta(days=6), TODAY)
        before7 = (TODAY - datetime.timedelta(days=13), TODAY - datetime.timedelta(days=7))
        self.assertEqual(nc["urges_last_7_days"], len(d.events("urge", last7)))
        self.assertEqual(nc["urges_last_7_days"], 5)
        self.assertEqual(nc["urges_7_days_before"], len(d.events("urge", before7)))
        self.assertEqual(nc["urges_7_days_before"], 7)
        self.assertIsNone(nc["last_ended_on"])
        self.assertIsNone(nc["next_step"])

        sc = s["selfcare"]
        self.assertEqual(sc["activities_last_7_days"], len(d.activities(last7)))
        self.assertEqual(sc["activities_last_7_days"], 12)
        readings = [e["mood"] for e in d.moods(last7)]
        self.assertEqual(sc["mood_readings_last_7_days"], len(readings))
        self.assertAlmostEqual(sc["mood_average_last_7_days"], half_up(mean(readings), 2))
        self.assertAlmostEqual(sc["mood_average_last_7_days"], 5.67)
        trend_from = TODAY - datetime.timedelta(days=27)
        points = [((x - trend_from).days, v)
                  for x, v in d.mood_by_day((trend_from, TODAY)).items()]
        self.assertAlmostEqual(sc["mood_trend_per_week"], half_up(slope_per_week(points), 2))
        self.assertEqual((sc["goals"], sc["goals_met"], sc["goals_this_week"]), (0, 0, []))
        self.assertEqual(sc["low_mood"], False)
        self.assertIsNone(sc["next_step"])

        cl = s["checklist"]
        done, total = d.checklist()
        self.assertEqual((cl["done"], cl["total"]), (done, total))
        self.assertEqual((done, total), (10, 32))
        self.assertEqual(cl["percent"], done * 100 // total)
        self.assertEqual(cl["lists"], len(d.shipped_lists) + len(d.of("checklist", "list")))
        self.assertEqual(cl["next_list"], "reflection")  # 4 of its 5 ticked; "shared" is not
        self.assertIsNone(cl["next_step"])

        rf = s["reflect"]
        self.assertEqual(rf["entries_last_7_days"], len(d.entries(last7)))
        self.assertEqual(rf["entries_last_7_days"], 2)
        self.assertEqual(rf["last_on"], max(e["at"] for e in d.of("reflect", "entry"))[:10])
        self.assertEqual(rf["untouched_themes"], d.untouched())
        self.assertEqual(rf["untouched_themes"], ["shared", "change", "trust", "conversation"])
        self.assertIsNone(rf["next_step"])

        expected = d.reading(TODAY)
        sg = s["signals"]
        for key in ("window_days", "signals", "lean", "confidence", "summary"):
            self.assertEqual(sg[key], expected[key], key)
        for key in ("words", "actions", "overall"):
            self.assertAlmostEqual(sg[key], expected[key], msg=key)
        self.assertEqual(sg["signals"], len(d.signals()))
        self.assertEqual(sg["lean"], "unclear")
        self.assertEqual(sg["final_recent"], False)

    def test_status_tsv_is_one_field_per_row(self):
        out = self.ok("status", "--format", "tsv").out
        lines = out.rstrip("\n").split("\n")
        self.assertEqual(lines[0], "field\tvalue")
        self.assertIn("nocontact.day\t29", lines)
        self.assertIn("nocontact.streak\t5", lines)
        self.assertIn("nocontact.urges_last_7_days\t5", lines)
        self.assertIn("reflect.untouched_themes\tshared,change,trust,conversation", lines)
        for line in lines:
            self.assertEqual(line.count("\t"), 1, line)
        # Off a terminal, the default is the same rows.
        self.assertEqual(self.ok("status").out, out)
        # And the same figures as the JSON.
        s = self.js("status")
        rows = dict(line.split("\t") for line in lines[1:])
        self.assertEqual(rows["selfcare.activities_last_7_days"],
                         str(s["selfcare"]["activities_last_7_days"]))
        self.assertEqual(rows["checklist.percent"], str(s["checklist"]["percent"]))

    def test_status_agrees_with_the_no_contact_tools_own_status(self):
        (own,) = json.loads(self.assertOk(self.run_tool("status", "--format", "json",
                                                        tool="rekindle-nocontact")).out)
        nc = self.js("status")["nocontact"]
        for key in ("day", "days", "days_left", "streak", "slips", "next_milestone",
                    "next_milestone_on"):
            self.assertEqual(nc[key], own[key], key)
        self.assertEqual(nc["started_on"], own["started"])
        self.assertEqual(nc["urges_last_7_days"], own["urges_7_days"])

    def test_status_short_is_one_exact_line(self):
        d = self.demo
        mood = one(mean(e["mood"] for e in d.moods((TODAY - datetime.timedelta(days=6), TODAY))))
        done, total = d.checklist()
        expected = (f"day {d.day_number(TODAY)}/30 (streak {d.streak(TODAY)}), urges 5, "
                    f"mood {mood}, checklist {done * 100 // total}%, reflections 2, "
                    f"signals {d.reading(TODAY)['lean']}\n")
        self.assertEqual(expected, "day 29/30 (streak 5), urges 5, mood 5.7, checklist 31%, "
                                   "reflections 2, signals unclear\n")
        self.assertEqual(self.ok("status", "--short").out, expected)

    def test_status_table_has_one_line_per_part(self):
        d = self.demo
        out = self.ok("status", "--format", "table").out
        self.assertNotIn("\x1b", out)  # not a terminal: no colour
        lines = out.split("\n")
        self.assertEqual(lines[0], "rekindle · 2026-11-29")
        self.assertEqual(lines[1], "")
        expected = d.reading(TODAY)
        last7 = (TODAY - datetime.timedelta(days=6), TODAY)
        trend_from = TODAY - datetime.timedelta(days=27)
        trend = slope_per_week([((x - trend_from).days, v)
                                for x, v in d.mood_by_day((trend_from, TODAY)).items()])
        self.assertGreater(half_up(trend, 1), 0)
        done, total = d.checklist()
        want = [
            "no contact  day 29 of 30 · 5 days since the last slip · 7 days clear in 2 days",
            "            urges: 5 in the last 7 days, 7 in the 7 before",
            f"self-care   {len(d.activities(last7))} activities in the last 7 days",
            f"            mood {one(mean(e['mood'] for e in d.moods(last7)))} over the last 7 "
            f"days ({len(d.moods(last7))} readings), rising {one(trend)} a week",
            f"checklist   {done} of {total} points ({done * 100 // total}%) · next: "
            "'rekindle checklist show reflection'",
            "reflection  2 entries in the last 7 days (the last on 2026-11-29)",
            "            not yet touched: shared, change, trust, conversation",
            f"signals     {signed(expected['overall'])} · leans {expected['lean']} · confidence "
            f"{expected['confidence']} ({expected['signals']} signs in 90 days)",
            "            " + expected["summary"],
        ]
        self.assertEqual(want[0], "no contact  day 29 of 30 · 5 days since the last slip · "
                                  "7 days clear in 2 days")
        self.assertEqual(want[7], "signals     +0.4 · leans unclear · confidence moderate "
                                  "(14 signs in 90 days)")
        self.assertEqual(lines[2:], want + [""])

    def test_review_week_in_markdown(self):
        d = self.demo
        out = self.ok("review", "--week").out
        self.assertEqual(self.ok("review").out, out)  # the week is the default
        lines = out.split("\n")
        self.assertEqual(lines[0], "# Review of the week 2026-11-23 to 2026-11-29")
        self.assertIn("Compared with 2026-11-16 to 2026-11-22.", lines)
        self.assertNotIn("So far", out)  # the week is whole on its Sunday evening

        # No contact.
        self.assertIn("- Day 29 of 30; 5 days since the last slip.", lines)
        urges = d.events("urge", WEEK)
        passed = sum(1 for u in urges if u["passed"])
        intensity = mean(u["intensity"] for u in urges if u["intensity"] is not None)
        urge_line = (f"- Urges: {len(urges)} (the week before: "
                     f"{len(d.events('urge', WEEK_BEFORE))}); {passed} waited out and passed; "
                     f"average intensity {one(intensity)}.")
        self.assertTrue(urge_line.startswith("- Urges: 5 (the week before: 7);"), urge_line)
        self.assertIn(urge_line, lines)
        (slip,) = d.events("slip", WEEK)
        self.assertIn("- Slips: 1 (the week before: 0).", lines)
        self.assertIn(f"  - 2026-11-24: {slip['text']} What I learned: {slip['lesson']}", lines)
        self.assertIn("One reply rarely stays one reply", out)
        self.assertIn(f"- Messages written and not sent: {len(d.events('unsent', WEEK))}.",
                      lines)

        # Self-care.
        now, before = d.activities(WEEK), d.activities(WEEK_BEFORE)
        self.assertIn(f"- {len(now)} activities on {len(d.selfcare_days(WEEK))} of 7 days, "
                      f"{sum(e['minutes'] for e in now)} minutes (the week before: "
                      f"{len(before)} on {len(d.selfcare_days(WEEK_BEFORE))} days, "
                      f"{sum(e['minutes'] for e in before)} minutes).", lines)
        moods = d.moods(WEEK)
        trend = slope_per_week([((x - WEEK[0]).days, v) for x, v in d.mood_by_day(WEEK).items()])
        self.assertEqual(half_up(trend, 1), 0)  # the week's days average out flat
        self.assertIn(f"- Mood: {one(mean(e['mood'] for e in moods))} from {len(moods)} readings "
                      f"(the week before: {one(mean(e['mood'] for e in d.moods(WEEK_BEFORE)))}); "
                      "steady.", lines)

        # The checklist ticks of the week, each with its note.
        ticks = d.ticks(WEEK)
        self.assertEqual(len(ticks), 3)
        for list_title, item_title, on, note in ticks:
            tail = f": {note}" if note else "."
            self.assertIn(f"- Ticked: {list_title}: {item_title} ({on}){tail}", lines)
        self.assertNotIn("Call my sister", out)  # ticked the week before
        done, total = d.checklist()
        self.assertIn(f"- Overall: {done} of {total} ({done * 100 // total}%).", lines)

        # Reflection and signals.
        self.assertIn(f"- Entries: {len(d.entries(WEEK))} (the week before: "
                      f"{len(d.entries(WEEK_BEFORE))}).", lines)
        self.assertIn("- Themes: growth (1), incident (1).", lines)
        self.assertIn(f"- Signs noted: {len(d.signals(WEEK))} (the week before: "
                      f"{len(d.signals(WEEK_BEFORE))}).", lines)
        g = d.reading(TODAY)
        self.assertIn(f"- The reading on 2026-11-29: {signed(g['overall'])}, leans {g['lean']}, "
                      f"confidence {g['confidence']}. {g['summary']}", lines)

        # Across the areas: each of the four, worked out from the days of the file.
        links = d.links(WEEK)
        self.assertEqual([l["id"] for l in links],
                         ["mood_selfcare", "urges_selfcare", "urges_contact", "mood_contact"])
        want = [link_line(l) for l in links]
        self.assertEqual(want, [
            "- Mood: 6.0 on days with self-care (4 days), against 5.5 on days without (3 days).",
            "- Urges a day: 0.5 on days with self-care (4 days), against 1.0 on days without "
            "(3 days).",
            "- Urges a day: 1.0 on the days after contact (3 days), against 0.3 on other days "
            "(3 days).",
            "- Mood: 5.2 on the days after contact (3 days), against 6.3 on other days (3 days).",
        ])
        tail = out[out.index("## Across the areas"):]
        self.assertEqual(tail, "## Across the areas\n\n" + "\n".join(want) +
                         "\n\nThese are the days side by side, not causes.\n")
        self.assertNotIn("Your mood was low", out)

    def test_review_week_in_json(self):
        d = self.demo
        r = self.js("review", "--week")
        self.assertEqual((r["span"], r["from"], r["to"], r["until"]),
                         ("week", "2026-11-23", "2026-11-29", "2026-11-29"))
        self.assertEqual((r["before_from"], r["before_to"]), ("2026-11-16", "2026-11-22"))
        nc = r["nocontact"]
        self.assertEqual((nc["day"], nc["streak"]), (29, 5))
        self.assertEqual((nc["urges"], nc["urges_before"]), (5, 7))
        self.assertEqual(nc["urges_passed"], sum(1 for u in d.events("urge", WEEK) if u["passed"]))
        self.assertEqual([s["at"] for s in nc["slips"]], ["2026-11-24T22:30:00Z"])
        self.assertEqual(nc["slips"][0]["lesson"], d.events("slip")[0]["lesson"])
        self.assertEqual(r["selfcare"]["entries"], len(d.activities(WEEK)))
        self.assertEqual(r["selfcare"]["entries"], 12)
        self.assertEqual(r["selfcare_before"]["entries"], len(d.activities(WEEK_BEFORE)))
        self.assertEqual(r["selfcare"]["mood_readings"], len(d.moods(WEEK)))
        self.assertEqual([(t["item"], t["note"]) for t in r["checklist"]["ticked"]],
                         [(item, note) for _, item, _, note in d.ticks(WEEK)])
        self.assertEqual(r["reflect"]["entries"], 2)
        self.assertEqual(r["signals"]["logged"], len(d.signals(WEEK)))
        self.assertEqual(r["signals"]["at_end"]["lean"], d.reading(TODAY)["lean"])

        links = d.links(WEEK)
        self.assertEqual([l["id"] for l in r["links"]], [l["id"] for l in links])
        for got, want in zip(r["links"], links):
            for key in ("what", "with", "other", "with_days", "other_days"):
                self.assertEqual(got[key], want[key], (got["id"], key))
            for key in ("with_value", "other_value"):
                self.assertAlmostEqual(got[key], half_up(want[key], 2), msg=(got["id"], key))
        self.assertEqual({l["id"]: (l["with_value"], l["other_value"]) for l in r["links"]},
                         {"mood_selfcare": (6.0, 5.5), "urges_selfcare": (0.5, 1.0),
                          "urges_contact": (1.0, 0.33), "mood_contact": (5.17, 6.33)})
        self.assertEqual(r["low_mood"], False)

    def test_review_month_covers_the_calendar_month_against_the_one_before(self):
        d = self.demo
        month = (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
        october = (datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))
        so_far = (month[0], TODAY)
        out = self.ok("review", "--month", "--date", "2026-11-10").out
        lines = out.split("\n")
        self.assertEqual(lines[0], "# Review of the month 2026-11-01 to 2026-11-30")
        self.assertEqual(lines[2], "So far: 29 of its 30 days. Compared with 2026-10-01 to "
                                   "2026-10-31.")
        self.assertIn(f"- Urges: {len(d.events('urge', month))} (the month before: "
                      f"{len(d.events('urge', october))});", out)
        self.assertIn("- Urges: 19 (the month before: 0);", out)
        now, before = d.activities(so_far), d.activities(october)
        self.assertIn(f"- {len(now)} activities on {len(d.selfcare_days(so_far))} of 29 days, "
                      f"{sum(e['minutes'] for e in now)} minutes (the month before: "
                      f"{len(before)} on {len(d.selfcare_days(october))} "
                      f"{'day' if len(d.selfcare_days(october)) == 1 else 'days'}, "
                      f"{sum(e['minutes'] for e in before)} minutes).", lines)
        self.assertIn(f"- Entries: {len(d.entries(month))} (the month before: "
                      f"{len(d.entries(october))}).", lines)
        for list_title, item_title, on, note in d.ticks(month):
            self.assertIn(f"- Ticked: {list_title}: {item_title} ({on})", out)
        for link in d.links(month):
            self.assertIn(link_line(link), lines)
        self.assertEqual(len(d.links(month)), 4)
        r = self.js("review", "--month", "--date", "2026-11-10")
        self.assertEqual((r["span"], r["from"], r["to"], r["until"]),
                         ("month", "2026-11-01", "2026-11-30", "2026-11-29"))
        self.assertEqual((r["before_from"], r["before_to"]), ("2026-10-01", "2026-10-31"))
        self.assertEqual(r["selfcare"]["entries"], len(now))
        self.assertEqual(r["selfcare_before"]["entries"], len(before))
        self.assertEqual(r["signals"]["logged"], len(d.signals(month)))
        self.assertEqual(r["signals"]["logged_before"], len(d.signals(october)))

    def test_review_of_the_week_before_reads_as_of_its_end(self):
        d = self.demo
        end = WEEK_BEFORE[1]
        out = self.ok("review", "--week", "--date", "2026-11-22").out
        lines = out.split("\n")
        self.assertEqual(lines[0], "# Review of the week 2026-11-16 to 2026-11-22")
        self.assertIn("Compared with 2026-11-09 to 2026-11-15.", lines)
        self.assertEqual(d.day_number(end), 22)
        self.assertIn(f"- Day {d.day_number(end)} of 30; {d.streak(end)} days since the start.",
                      lines)
        before = (datetime.date(2026, 11, 9), datetime.date(2026, 11, 15))
        self.assertIn(f"- Urges: {len(d.events('urge', WEEK_BEFORE))} (the week before: "
                      f"{len(d.events('urge', before))});", out)
        self.assertIn("- Slips: 0 (the week before: 0).", lines)
        self.assertNotIn("What I learned", out)  # the slip is in the week after
        for list_title, item_title, on, note in d.ticks(WEEK_BEFORE):
            self.assertIn(f"- Ticked: {list_title}: {item_title} ({on})", out)
        g = d.reading(end)
        self.assertIn(f"- The reading on 2026-11-22: {signed(g['overall'])}, leans {g['lean']}, "
                      f"confidence {g['confidence']}. {g['summary']}", lines)
        # One day without self-care and no contact near: no link has its three days a side.
        self.assertEqual(d.links(WEEK_BEFORE), [])
        self.assertIn(TOO_FEW, lines)
        self.assertEqual(self.js("review", "--date", "2026-11-22")["links"], [])

    def test_review_full_quotes_each_reflection_of_the_week(self):
        d = self.demo
        plain = self.ok("review").out
        full = self.ok("review", "--full").out
        entries = d.entries(WEEK)
        self.assertEqual(len(entries), 2)
        for e in entries:
            self.assertIn(f"### {e['at'][:10]} · {e['theme']}", full)
            for a in d.answers(e):
                self.assertIn(f"**{a['question']}**", full)
                for line in a["text"].split("\n"):
                    self.assertIn("\n> " + line + "\n", full)
                    self.assertNotIn(line, plain)
        self.assertIn("> Sam, my sister, the Tuesday sessions, and Saturday mornings at the "
                      "pottery studio.\n", full)
        # A free-writing entry of the week before, its title and text quoted.
        (free,) = [e for e in d.entries(WEEK_BEFORE) if e["theme"] is None]
        out = self.ok("review", "--full", "--date", "2026-11-22").out
        self.assertIn(f"\n> {free['title']}\n", out)
        self.assertIn(f"\n> {free['text']}\n", out)
        self.assertNotIn(free["text"], self.ok("review", "--date", "2026-11-22").out)
        r = self.js("review", "--full")
        self.assertEqual([[a["text"] for a in e["answers"]] for e in r["reflect"]["full"]],
                         [[a["text"] for a in d.answers(e)] for e in entries])


class EmptyDatabase(JourneyTest):
    """Nothing recorded yet, and no database file at all."""

    def assertNothingCreated(self):
        self.assertFalse(os.path.exists(self.db))
        self.assertFalse(os.path.exists(os.path.join(self.home, "data")))

    def test_status_says_how_to_begin_each_part_and_creates_nothing(self):
        out = self.ok("status", "--format", "table").out
        lines = out.split("\n")
        self.assertEqual(lines[0], "rekindle · 2026-11-29")
        self.assertEqual(lines[2:], [f"{label:<10}  {text}" for label, text in BEGIN.items()]
                         + [""])
        for start in ("'rekindle nocontact start'", "'rekindle selfcare log walking'",
                      "'rekindle checklist show reflection'", "'rekindle reflect'",
                      "'rekindle signals log KIND'"):
            self.assertIn(start, out)
        self.assertNothingCreated()

    def test_status_json_names_the_next_step_of_every_part(self):
        s = self.js("status")
        self.assertEqual({part: s[part]["next_step"]
                          for part in ("nocontact", "selfcare", "checklist", "reflect")},
                         {"nocontact": "rekindle nocontact start",
                          "selfcare": "rekindle selfcare log walking",
                          "checklist": "rekindle checklist show reflection",
                          "reflect": "rekindle reflect"})
        self.assertEqual((s["nocontact"]["running"], s["nocontact"]["day"]), (False, None))
        self.assertEqual(s["signals"]["signals"], 0)
        self.assertEqual(s["checklist"]["done"], 0)
        self.assertIsNone(s["selfcare"]["mood_average_last_7_days"])
        self.assertNothingCreated()

    def test_status_short_says_nothing_is_recorded(self):
        self.assertEqual(self.ok("status", "--short").out,
                         "nothing recorded yet; 'rekindle status' shows how to begin\n")
        self.assertNothingCreated()

    def test_review_has_too_few_days(self):
        out = self.ok("review").out
        self.assertTrue(out.startswith("# Review of the week 2026-11-23 to 2026-11-29\n"), out)
        self.assertIn(TOO_FEW, out)
        self.assertIn("- Nothing recorded. 'rekindle nocontact start' begins a period of no "
                      "contact.", out)
        self.assertIn("- Nothing logged. 'rekindle selfcare log walking' notes an activity.", out)
        self.assertEqual(self.js("review", "--month")["links"], [])
        self.assertNothingCreated()


class Errors(JourneyTest):
    def test_an_option_before_the_command_names_that_command(self):
        self.assertRefused(self.rk("--db", self.db, "status"), 2,
                           "as in 'rekindle status --db'")
        self.assertRefused(self.rk("--short"), 2, "as in 'rekindle checklist --short'")

    def test_the_usage_fits_eighty_columns(self):
        r = self.rk("--help")
        self.assertEqual(r.code, 0, r)
        for line in r.out.splitlines():
            self.assertLessEqual(len(line), 80, line)

    def test_a_misspelt_command_gets_a_did_you_mean(self):
        for typo, meant in (("statu", "status"), ("revew", "review")):
            self.assertRefused(self.rk(typo), 2, f"did you mean '{meant}'?")

    def test_a_future_or_unknown_date_is_a_usage_error(self):
        self.assertRefused(self.rk("review", "--date", "2026-11-30"), 2, "in the future")
        self.assertRefused(self.rk("review", "--month", "--date", "2026-12-01"), 2)
        self.assertRefused(self.rk("review", "--date", "tomorrow"), 2, "'tomorrow'")
        self.assertFalse(os.path.exists(self.db))

    def test_todays_date_is_not_the_future_in_the_morning(self):
        morning = {"REKINDLE_NOW": "2026-11-29T08:00:00Z"}
        for args in (["--date", "2026-11-29"], ["--date", "today"], ["--date", "sunday"],
                     ["--month", "--date", "2026-11-29"]):
            r = self.ok("review", *args, env=morning)
            self.assertEqual(r.err, "")
            self.assertIn(" to 2026-11-", r.out.split("\n")[0], args)

    def test_week_and_month_together_are_refused(self):
        self.assertRefused(self.rk("review", "--week", "--month"), 2,
                           "try 'rekindle review --help'")

    def test_a_review_has_no_table_formats(self):
        for fmt in ("tsv", "csv"):
            self.assertRefused(self.rk("review", "--format", fmt), 2, f"'--format {fmt}'")
        self.import_demo()
        for fmt in ("tsv", "csv"):
            self.assertRefused(self.rk("review", "--format", fmt), 2)
        self.assertTrue(self.ok("review", "--format", "table").out.startswith("# Review"))

    def test_an_unknown_option_names_the_help(self):
        self.assertRefused(self.rk("status", "--bogus"), 2, "--bogus",
                           "try 'rekindle status --help'")
        self.assertRefused(self.rk("review", "--bogus"), 2, "try 'rekindle review --help'")
        self.assertRefused(self.rk("status", "--format", "yaml"), 2)

    def test_a_file_that_is_no_database_is_refused_and_left_alone(self):
        path = os.path.join(self.home, "notes.db")
        with open(path, "w") as f:
            f.write("these are my notes, not a database\n" * 200)
        before = self.digest(path)
        for args in (["status"], ["status", "--short"], ["review"], ["review", "--month"]):
            self.assertRefused(self.rk(*args, "--db", path), 78, "not a rekindle database")
        self.assertEqual(self.digest(path), before)
        self.assertEqual(sorted(os.listdir(self.home)), ["notes.db"])

    def test_a_closed_or_full_stdout_is_an_io_error_not_a_crash(self):
        self.import_demo()
        before = self.digest()
        for args in ("status", "status --short", "status --format json", "review",
                     "review --month --full", "review --format json"):
            for redirect in (">&-", "> /dev/full"):
                r = self.sh(f"rekindle {args} {redirect}")
                self.assertEqual(r.code, 74, (args, redirect, r))
                self.assertTrue(r.err.startswith("rekindle: error: cannot write output"), r)
        # A reader that stops early is no error.
        r = self.sh("rekindle review --full | head -1")
        self.assertEqual((r.code, r.err), (0, ""), r)
        self.assertEqual(self.digest(), before)


class NoArguments(JourneyTest):
    def test_off_a_terminal_it_prints_the_usage_and_fails(self):
        r = self.rk()
        self.assertEqual(r.code, 2, r)
        self.assertEqual(r.out, "")
        self.assertTrue(r.err.startswith("usage: rekindle <tool>"), r)
        self.assertIn("status  where each part of the journey stands today", r.err)
        self.assertFalse(os.path.exists(self.db))

    def test_a_terminal_on_only_one_side_still_gets_the_usage(self):
        exe = os.path.join(BIN, "rekindle")
        for side in ("stdin", "stdout"):
            master, slave = os.openpty()
            try:
                streams = {"stdin": subprocess.DEVNULL, "stdout": subprocess.PIPE}
                streams[side] = slave
                proc = subprocess.Popen([exe], stderr=subprocess.PIPE, env=self.env,
                                        start_new_session=True, **streams)
                os.close(slave)
                slave = None
                _, err = proc.communicate(timeout=60)
                self.assertEqual(proc.returncode, 2, (side, err))
                self.assertTrue(err.startswith(b"usage: rekindle"), (side, err))
                if side == "stdout":  # nothing reached the terminal
                    ready, _, _ = select.select([master], [], [], 0)
                    try:
                        shown = os.read(master, 4096) if ready else b""
                    except OSError:  # EIO: the terminal was closed with nothing on it
                        shown = b""
                    self.assertEqual(shown, b"")
            finally:
                os.close(master)
                if slave is not None:
                    os.close(slave)

    def test_on_a_terminal_it_shows_the_status_screen(self):
        code, shown = self.pty_session("rekindle", [], [])
        self.assertEqual(code, 0, shown)
        plain = ANSI.sub("", shown)
        self.assertIn("rekindle · 2026-11-29", plain)
        self.assertIn("no contact  " + BEGIN["no contact"], plain)
        self.assertFalse(os.path.exists(self.db))
        self.import_demo()
        code, shown = self.pty_session("rekindle", [], [])
        self.assertEqual(code, 0, shown)
        plain = ANSI.sub("", shown)
        self.assertIn("no contact  day 29 of 30 · 5 days since the last slip", plain)
        self.assertIn("signals     +0.4 · leans unclear", plain)


class AcrossTheClockChange(JourneyTest):
    """Europe/London: the clocks went back at 01:00 UTC on Sunday 2026-10-25, so that
    Monday-to-Sunday week is 169 hours long, and its first day began at 23:00 UTC."""

    def setUp(self):
        super().setUp()
        self.env["TZ"] = "Europe/London"
        self.env["REKINDLE_NOW"] = "2026-11-01T12:00:00Z"
        nc = lambda *a: self.assertOk(self.run_tool(*a, "-q", tool="rekindle-nocontact"))
        nc("start", "--date", "2026-10-12")
        # Local times, as a person in London gives them.
        nc("urge", "--date", "2026-10-18T23:30", "Sunday the 18th, BST")     # 22:30Z
        nc("urge", "--date", "2026-10-19T00:30", "Monday the 19th, BST")     # 18th 23:30Z
        nc("urge", "--date", "2026-10-25T23:30", "Sunday the 25th, GMT")     # 23:30Z
        nc("urge", "--date", "2026-10-26T00:30", "Monday the 26th, GMT")     # 26th 00:30Z

    def test_the_urges_are_stored_at_the_instants_meant(self):
        rows = json.loads(self.assertOk(self.run_tool("log", "--format", "json",
                                                      tool="rekindle-nocontact")).out)
        self.assertEqual([(r["day"], r["at"]) for r in rows],
                         [("2026-10-18", "2026-10-18T22:30:00Z"),
                          ("2026-10-19", "2026-10-18T23:30:00Z"),
                          ("2026-10-25", "2026-10-25T23:30:00Z"),
                          ("2026-10-26", "2026-10-26T00:30:00Z")])

    def test_each_urge_counts_in_the_week_of_its_local_day(self):
        r = self.js("review", "--week", "--date", "2026-10-21")
        self.assertEqual((r["from"], r["to"]), ("2026-10-19", "2026-10-25"))
        self.assertEqual((r["nocontact"]["urges"], r["nocontact"]["urges_before"]), (2, 1))
        out = self.ok("review", "--week", "--date", "2026-10-21").out
        self.assertIn("- Urges: 2 (the week before: 1).\n", out)
        self.assertIn("- Day 14 of 30;", out)
        r = self.js("review", "--week", "--date", "2026-10-26")
        self.assertEqual((r["from"], r["to"]), ("2026-10-26", "2026-11-01"))
        self.assertEqual((r["nocontact"]["urges"], r["nocontact"]["urges_before"]), (1, 2))
        r = self.js("review", "--month", "--date", "2026-10-25")
        self.assertEqual(r["nocontact"]["urges"], 4)

    def test_status_counts_the_last_seven_local_days(self):
        s = self.js("status")
        self.assertEqual(s["date"], "2026-11-01")
        # 26 Oct .. 1 Nov, and 19 .. 25 Oct, each day by the clock on the wall.
        self.assertEqual((s["nocontact"]["urges_last_7_days"],
                          s["nocontact"]["urges_7_days_before"]), (1, 2))


class LateDayStart(JourneyTest):
    """day_starts_at = "04:00": an urge at 02:00 on Monday belongs to the Sunday before, and
    at 02:00 on Monday the 30th the person's today is still Sunday the 29th."""

    def setUp(self):
        super().setUp()
        self.write_config('day_starts_at = "04:00"\n')
        self.env["REKINDLE_NOW"] = "2026-11-30T02:00:00Z"
        nc = lambda *a: self.assertOk(self.run_tool(*a, "-q", tool="rekindle-nocontact"))
        nc("start", "--date", "2026-11-10")
        nc("urge", "--date", "2026-11-23T02:00", "late on Sunday")
        nc("urge", "--date", "2026-11-23T05:00", "Monday morning")

    def test_status_and_review_count_the_persons_days(self):
        s = self.js("status")
        self.assertEqual(s["date"], "2026-11-29")
        self.assertEqual((s["nocontact"]["day"], s["nocontact"]["streak"]), (20, 19))
        self.assertEqual((s["nocontact"]["urges_last_7_days"],
                          s["nocontact"]["urges_7_days_before"]), (1, 1))
        r = self.js("review")
        self.assertEqual((r["from"], r["to"], r["until"]),
                         ("2026-11-23", "2026-11-29", "2026-11-29"))
        self.assertEqual((r["nocontact"]["urges"], r["nocontact"]["urges_before"]), (1, 1))
        r = self.js("review", "--date", "2026-11-22")
        self.assertEqual((r["nocontact"]["urges"], r["nocontact"]["day"]), (1, 13))
        self.assertTrue(self.ok("status", "--short").out.startswith("day 20/30 (streak 19), "
                                                                    "urges 1"))


class LowMood(JourneyTest):
    def test_a_low_week_is_named_with_where_to_find_help(self):
        sc = lambda *a: self.assertOk(self.run_tool(*a, "-q", tool="rekindle-selfcare"))
        sc("mood", "3", "--date", "2026-11-27")
        sc("mood", "2")
        s = self.js("status")["selfcare"]
        self.assertEqual((s["mood_readings_last_7_days"], s["mood_average_last_7_days"]),
                         (2, 2.5))
        self.assertEqual(s["low_mood"], True)
        out = self.ok("status", "--format", "table").out
        self.assertIn("            mood 2.5 over the last 7 days (2 readings), falling 3.5 a "
                      "week\n", out)  # from 3 to 2 in two days: -0.5 a day
        self.assertTrue(out.endswith("\n\nYour mood has been low this past week. You do not "
                                     "have to carry it alone: a friend you trust, or a "
                                     "counsellor or doctor, can help.\n"), out)
        self.assertIn("mood 2.5", self.ok("status", "--short").out)
        review = self.ok("review").out
        self.assertIn("- Mood: 2.5 from 2 readings; trend -3.5 a week.", review)
        self.assertTrue(review.endswith("\n\nYour mood was low this week. You do not have to "
                                        "carry it alone: a friend you trust, or a counsellor "
                                        "or doctor, can help.\n"), review)
        self.assertEqual(self.js("review")["low_mood"], True)
        # The week before, with nothing noted, is not called low.
        self.assertNotIn("Your mood was low", self.ok("review", "--date", "2026-11-20").out)


class ReadOnly(JourneyTest):
    def test_status_and_review_change_nothing(self):
        self.import_demo()
        folder = os.path.dirname(self.db)
        before = (self.digest(), os.stat(self.db).st_mtime_ns, self.ok("export").out)
        self.assertEqual(sorted(os.listdir(folder)), ["rekindle.db"])
        for args in (["status"], ["status", "--format", "table"], ["status", "--short"],
                     ["status", "--format", "json"], ["status", "--format", "csv"],
                     ["review"], ["review", "--month", "--full"],
                     ["review", "--date", "2026-11-22", "--format", "json"],
                     ["review", "--format", "tsv"], ["review", "--date", "2026-12-25"]):
            self.rk(*args)
            self.assertEqual(sorted(os.listdir(folder)), ["rekindle.db"], args)
            self.assertEqual((self.digest(), os.stat(self.db).st_mtime_ns), before[:2], args)
        self.pty_session("rekindle", [], [])
        self.assertEqual(sorted(os.listdir(folder)), ["rekindle.db"])
        self.assertEqual((self.digest(), os.stat(self.db).st_mtime_ns, self.ok("export").out),
                         before)

    def test_a_read_only_database_file_can_still_be_read(self):
        self.import_demo()
        os.chmod(self.db, 0o400)
        self.addCleanup(os.chmod, self.db, 0o600)
        before = self.digest()
        self.assertEqual(self.js("status")["nocontact"]["day"], 29)
        self.assertIn("- Urges: 5 (the week before: 7);", self.ok("review").out)
        self.assertEqual(self.digest(), before)


if __name__ == "__main__":
    unittest.main()
