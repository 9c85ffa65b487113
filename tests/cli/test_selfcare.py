"""Black-box tests of rekindle-selfcare: stdout, stderr and exit codes."""
import csv
import io
import json
import os
import re
import unittest

from harness import CliTest

NOW = "2026-11-26T15:00:00Z"  # a Thursday; Monday weeks start on 2026-11-23, Sunday weeks on 22
LIST_COLUMNS = ["id", "day", "at", "activity", "category", "minutes", "mood", "tags", "text"]
ACTIVITY_COLUMNS = ["name", "category", "aliases", "origin", "entries", "minutes", "last_day"]
CATEGORY_COLUMNS = ["name", "activities", "description"]
STREAK_COLUMNS = ["of", "current", "since", "current_active_days", "longest", "longest_since",
                  "longest_until", "active_days", "last_day"]
GOAL_COLUMNS = ["goal", "unit", "done", "target", "percent", "met", "week"]
REPORT_COLUMNS = ["section", "name", "entries", "minutes", "value"]
HEADER = '{"type":"rekindle","format":1}'
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov")
SPARK = "▁▂▃▄▅▆▇█"           # the mood sparkline, lowest to highest
SHADES = "·░▒▓█"             # the heatmap, emptiest to fullest
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
DAYLIO_OLD = "full_date,date,weekday,time,mood,activities,note\n"
DAYLIO_NEW = "full_date,date,weekday,time,mood,activities,note_title,note\n"


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def notices(err):
    """The lines of the low-mood notice in `err`: the one line that suggests a friend."""
    return [line for line in err.splitlines() if "friend" in line.lower()]


class SelfcareTest(CliTest):
    def setUp(self):
        super().setUp()
        self.env["REKINDLE_NOW"] = NOW
        self.env["TZ"] = "UTC"

    def sc(self, *args, **kw):
        return self.run_at("rekindle-selfcare", *args, **kw)

    def ok(self, *args, **kw):
        return self.assertOk(self.sc(*args, **kw))

    def log(self, *args, **kw):
        return self.ok("log", "-q", *args, **kw)

    def rows(self, *args, **kw):
        return self.tsv(self.ok(*args, **kw).out)

    def js(self, *args, **kw):
        return json.loads(self.ok(*args, "--format", "json", **kw).out)

    def entries(self, *args, **kw):
        return self.js("list", *args, **kw)

    def export_lines(self, *args, **kw):
        return self.ok("export", *args, **kw).out.splitlines()

    def exported(self, *args, **kw):
        return [json.loads(line) for line in self.export_lines(*args, **kw)[1:]]

    def write(self, name, text):
        path = os.path.join(self.home, name)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        return path

    def session(self, args, steps=(), env=None):
        """Runs rekindle-selfcare ARGS on a pseudo-terminal (see CliTest.pty_session)."""
        return self.pty_session("rekindle-selfcare", args, list(steps), env)

    def assertNothingCreated(self):
        self.assertFalse(os.path.exists(os.path.join(self.home, "data")))


class Log(SelfcareTest):
    def test_log_by_name_notes_it_on_stderr_and_lists_it(self):
        r = self.ok("log", "running", "--minutes", "30", "felt lighter")
        self.assertEqual(r.out, "")
        self.assertIn("logged running (30 minutes) as entry 1 on 2026-11-26; 1 this week", r.err)
        r = self.ok("log", "running", "--minutes", "20")
        self.assertIn("as entry 2 on 2026-11-26; 2 this week", r.err)
        e = self.entries()
        self.assertEqual([(x["id"], x["day"], x["at"], x["activity"], x["category"],
                           x["minutes"], x["mood"], x["text"]) for x in e],
                         [(1, "2026-11-26", NOW, "running", "body", 30, None, "felt lighter"),
                          (2, "2026-11-26", NOW, "running", "body", 20, None, None)])

    def test_quiet_leaves_the_note_out(self):
        r = self.ok("log", "yoga", "-q")
        self.assertEqual((r.out, r.err), ("", ""))
        self.assertEqual(len(self.entries()), 1)

    def test_names_and_aliases_ignore_case_and_white_space(self):
        for name in ("balanced meal", "Balanced Meal", "balancedmeal", "good meal", "GoodMeal",
                     "  good   MEAL "):
            with self.subTest(name=name):
                self.log(name)
        self.log("jog")
        self.log("Bouldering", "--new", "--category", "body")
        self.log("BOULDERING")
        self.assertEqual([x["activity"] for x in self.entries()],
                         ["balanced meal"] * 6 + ["running", "Bouldering", "Bouldering"])

    def test_mood_date_and_tags(self):
        self.log("walk", "--mood", "6", "--date", "2026-11-24T18:30", "--tag", "#Outdoors",
                 "--tag", "evening", "--minutes", "45")
        self.log("read", "--date", "yesterday")
        self.log("read", "--date", "3 days ago")
        e = self.entries()
        self.assertEqual([(x["day"], x["at"], x["activity"]) for x in e],
                         [("2026-11-23", "2026-11-23T12:00:00Z", "reading"),  # a day: midday
                          ("2026-11-24", "2026-11-24T18:30:00Z", "walking"),
                          ("2026-11-25", "2026-11-25T12:00:00Z", "reading")])
        walk = e[1]
        self.assertEqual((walk["category"], walk["minutes"], walk["mood"]), ("body", 45, 6))
        self.assertEqual(sorted(walk["tags"].split()), ["evening", "outdoors"])
        tags = [x["tags"] for x in self.exported() if x["activity"] == "walking"][0]
        self.assertEqual(sorted(tags), ["evening", "outdoors"])
        self.assertEqual([x["id"] for x in self.entries("--tag", "OUTDOORS")], [walk["id"]])

    def test_the_note_may_follow_the_tags(self):
        # The synopsis puts TEXT after --tag T..., and a tag is a single word.
        self.log("yoga", "--tag", "calm", "a quiet morning")
        self.log("yoga", "--tag", "calm", "grateful")
        self.log("yoga", "--tag", "calm", "-", input="from stdin\n")
        self.assertEqual([(x["tags"], x["text"]) for x in self.entries()],
                         [("calm", "a quiet morning"), ("calm", "grateful"),
                          ("calm", "from stdin")])

    def test_a_tag_must_be_one_word(self):
        self.assertFails(self.sc("log", "yoga", "--tag", "two words"), 2, "tag")
        self.assertNothingCreated()

    def test_the_note_is_the_text_argument_or_stdin(self):
        self.log("yoga", "an argument")
        self.log("yoga", "-", input="from a pipe, with -\n")
        self.log("yoga", input="from a pipe, without TEXT\n")
        self.log("yoga", input="")   # empty stdin: no note
        self.log("yoga")              # stdin is /dev/null: no note
        self.assertEqual([x["text"] for x in self.entries()],
                         ["an argument", "from a pipe, with -", "from a pipe, without TEXT",
                          None, None])

    def test_new_with_category_adds_an_activity_of_ones_own(self):
        r = self.ok("log", "guitar", "--new", "--category", "growth", "--minutes", "20",
                    "Three chords, slowly.")
        self.assertIn("logged guitar (20 minutes) as entry 1", r.err)
        self.log("Guitar", "--minutes", "10")  # no --new the second time
        acts = {a["name"]: a for a in self.js("activities")}
        self.assertEqual({k: acts["guitar"][k] for k in ("category", "origin", "entries",
                                                          "minutes", "last_day")},
                         {"category": "growth", "origin": "mine", "entries": 2, "minutes": 30,
                          "last_day": "2026-11-26"})
        records = [x for x in self.exported() if x["type"] == "activity"]
        self.assertEqual([(x["name"], x["category"]) for x in records], [("guitar", "growth")])

    def test_category_and_new_go_together(self):
        self.assertFails(self.sc("log", "guitar", "--category", "growth"), 2, "--new")
        self.assertFails(self.sc("log", "running", "--category", "body"), 2, "--new")
        self.assertFails(self.sc("log", "guitar", "--new"), 2, "--category")
        self.assertNothingCreated()

    def test_an_unknown_activity_offers_the_closest_and_new(self):
        r = self.sc("log", "yogga", "--minutes", "20")
        self.assertFails(r, 2, "no activity named 'yogga'; did you mean 'yoga'?", "--new")
        self.assertEqual(r.out, "")
        self.assertNothingCreated()

    def test_mood_on_log_is_from_1_to_10(self):
        for mood in ("0", "11", "-1"):
            with self.subTest(mood=mood):
                r = self.sc("log", "yoga", "--mood", mood)
                self.assertFails(r, 2, "--mood")
                self.assertEqual(r.out, "")
        self.assertNothingCreated()
        self.log("yoga", "--mood", "1")
        self.log("yoga", "--mood", "10")
        self.assertEqual([x["mood"] for x in self.entries()], [1, 10])

    def test_minutes_from_0_to_10080(self):
        for minutes in ("-5", "-1", "10081"):
            with self.subTest(minutes=minutes):
                self.assertFails(self.sc("log", "yoga", "--minutes", minutes), 2, "--minutes")
        self.assertNothingCreated()
        self.log("yoga", "--minutes", "0")
        self.log("yoga", "--minutes", "10080")
        self.assertEqual([x["minutes"] for x in self.entries()], [0, 10080])

    def test_a_date_in_the_future_exits_2(self):
        for when in ("2026-11-27", "2026-11-30T08:00", "2026-11-26T15:01", "2027-01-01"):
            with self.subTest(when=when):
                r = self.sc("log", "yoga", "--date", when)
                self.assertFails(r, 2, "future")
                self.assertEqual(r.out, "")
        self.assertNothingCreated()
        self.log("yoga", "--date", "2026-11-26T14:59")
        self.assertEqual(self.entries()[0]["at"], "2026-11-26T14:59:00Z")

    def test_the_local_day_follows_tz(self):
        # 03:00 UTC on Monday is still Sunday evening in New York.
        self.log("yoga", now="2026-11-23T03:00:00Z", tz="America/New_York")
        self.assertEqual(self.entries()[0]["day"], "2026-11-22")


class Mood(SelfcareTest):
    def test_check_ins_several_a_day_are_listed_without_activity(self):
        r = self.ok("mood", "6", "A quiet evening with a book.", now="2026-11-26T09:00:00Z")
        self.assertEqual(r.out, "")
        self.assertNotEqual(r.err, "")   # a short note, but not the low-mood notice
        self.assertEqual(notices(r.err), [], r)
        self.ok("mood", "7", "-", input="better after lunch\n", now="2026-11-26T13:00:00Z")
        self.ok("mood", "8", "--date", "2026-11-25T21:00")
        e = self.entries()
        self.assertEqual([(x["day"], x["at"], x["activity"], x["category"], x["mood"], x["text"])
                          for x in e],
                         [("2026-11-25", "2026-11-25T21:00:00Z", None, None, 8, None),
                          ("2026-11-26", "2026-11-26T09:00:00Z", None, None, 6,
                           "A quiet evening with a book."),
                          ("2026-11-26", "2026-11-26T13:00:00Z", None, None, 7,
                           "better after lunch")])
        rows = self.rows("list")
        self.assertEqual([(x["activity"], x["category"], x["mood"]) for x in rows],
                         [("", "", "8"), ("", "", "6"), ("", "", "7")])

    def test_a_mood_outside_1_to_10_exits_2(self):
        for mood in ("0", "11", "-3", "five"):
            with self.subTest(mood=mood):
                r = self.sc("mood", mood)
                self.assertEqual(r.code, 2, r)
                self.assertTrue(r.err.startswith("rekindle-selfcare: error: "), r)
        self.assertFails(self.sc("mood", "5", "--date", "2026-11-27"), 2)
        self.assertNothingCreated()

    def test_the_notice_appears_at_the_threshold(self):
        r = self.ok("mood", "4")
        self.assertEqual(len(notices(r.err)), 1, r)
        self.assertEqual(r.out, "")

    def test_the_notice_averages_the_last_seven_days(self):
        self.ok("mood", "5", "--date", "2026-11-20")
        r = self.ok("mood", "3")           # (5 + 3) / 2 = 4: at the threshold
        self.assertEqual(len(notices(r.err)), 1, r)
        r = self.ok("mood", "7")           # 5: above it
        self.assertEqual(notices(r.err), [], r)

    def test_the_notice_is_not_given_above_the_threshold(self):
        r = self.ok("mood", "5")
        self.assertEqual(notices(r.err), [], r)
        self.assertNotEqual(r.err, "")  # the usual note is still there

    def test_moods_older_than_seven_days_do_not_count(self):
        self.ok("mood", "1", "--date", "2026-11-19")   # seven days ago: outside
        r = self.ok("mood", "6")
        self.assertEqual(notices(r.err), [], r)
        self.ok("mood", "1", "--date", "2026-11-20")   # six days ago: inside
        r = self.ok("mood", "6")           # (1 + 6 + 6) / 3 = 4.3
        self.assertEqual(notices(r.err), [], r)
        self.ok("mood", "1", "--date", "2026-11-21")
        r = self.ok("mood", "6")           # (1 + 6 + 6 + 1 + 6) / 5 = 4
        self.assertEqual(len(notices(r.err)), 1, r)

    def test_every_mood_counts_including_those_given_with_log(self):
        self.log("yoga", "--mood", "2", "--date", "yesterday")
        r = self.ok("mood", "6")           # (2 + 6) / 2 = 4
        self.assertEqual(len(notices(r.err)), 1, r)

    def test_every_mood_given_counts_not_the_daily_averages(self):
        self.ok("mood", "8", "--date", "2026-11-25")
        self.ok("mood", "2", "--date", "2026-11-26T09:00")
        self.ok("mood", "2", "--date", "2026-11-26T10:00")
        r = self.ok("mood", "2")           # every mood: 14 / 4 = 3.5; days: (8 + 2) / 2 = 5
        self.assertEqual(len(notices(r.err)), 1, r)

    def test_quiet_hides_the_notice(self):
        r = self.ok("mood", "2", "-q")
        self.assertEqual((r.out, r.err), ("", ""))

    def test_low_mood_notice_false_turns_it_off(self):
        self.write_config("[selfcare]\nlow_mood_notice = false\n")
        r = self.ok("mood", "1")
        self.assertEqual(notices(r.err), [], r)
        path = self.write("quiet.toml", "[selfcare]\nlow_mood_notice = false\n")
        os.remove(self.config)
        r = self.ok("mood", "1", "--config", path)
        self.assertEqual(notices(r.err), [], r)
        r = self.ok("mood", "1")  # without the file, the notice is back
        self.assertEqual(len(notices(r.err)), 1, r)

    def test_a_raised_threshold(self):
        path = self.write("raised.toml", "[selfcare]\nlow_mood_threshold = 6\n")
        r = self.ok("mood", "6", "--config", path)
        self.assertEqual(len(notices(r.err)), 1, r)
        r = self.ok("mood", "7", "--config", path)   # 6.5
        self.assertEqual(notices(r.err), [], r)
        self.write_config("[selfcare]\nlow_mood_threshold = 7\n")
        r = self.ok("mood", "7")                      # (6 + 7 + 7) / 3 = 6.7
        self.assertEqual(len(notices(r.err)), 1, r)

    def test_a_threshold_out_of_range_is_a_config_error(self):
        path = self.write("bad.toml", "[selfcare]\nlow_mood_threshold = 11\n")
        r = self.sc("mood", "5", "--config", path)
        self.assertFails(r, 78, f"{path}:2:")
        self.assertRegex(r.err, re.escape(path) + r":2:\d+: ")
        self.assertNothingCreated()


class Goals(SelfcareTest):
    CONFIG = ('[[selfcare.goal]]\nactivity = "jog"\nper_week = 3\n\n'
              '[[selfcare.goal]]\ncategory = "body"\nminutes_per_week = 150\n\n'
              '[[selfcare.goal]]\ncategory = "mind"\nper_week = 1\n')

    def fill(self):
        self.log("running", "--minutes", "30", "--date", "2026-11-22")   # Sunday
        self.log("walking", "--minutes", "60", "--date", "2026-11-21")   # Saturday
        self.log("run", "--minutes", "45", "--date", "2026-11-23")       # Monday
        self.log("running", "--minutes", "15")                           # today, Thursday
        self.log("meditation", "--minutes", "10", "--date", "2026-11-24")

    def goals(self, *args, **kw):
        return {g["goal"]: g for g in self.js("goals", *args, **kw)}

    def test_no_goals_is_a_note_and_exit_0(self):
        r = self.ok("goals")
        self.assertEqual(self.tsv(r.out) if r.out else [], [])
        self.assertIn("[[selfcare.goal]]", r.err)
        self.assertEqual(self.js("goals"), [])
        self.assertNothingCreated()

    def test_progress_this_week_starting_on_monday(self):
        self.write_config(self.CONFIG)
        self.fill()
        g = self.goals()
        self.assertEqual(len(g), 3, g)
        run, body, mind = (g["running"],
                           next(v for k, v in g.items() if "body" in k),
                           next(v for k, v in g.items() if "mind" in k))
        self.assertEqual((run["unit"], run["done"], run["target"], run["met"]),
                         ("entries", 2, 3, False))
        self.assertIn(run["percent"], (66, 67))
        self.assertEqual((body["unit"], body["done"], body["target"], body["percent"],
                          body["met"]), ("minutes", 60, 150, 40, False))
        self.assertEqual((mind["unit"], mind["done"], mind["target"], mind["percent"],
                          mind["met"]), ("entries", 1, 1, 100, True))
        for row in g.values():
            for key in ("done", "target", "percent"):
                self.assertTrue(is_number(row[key]), (key, row))
            self.assertIsInstance(row["met"], bool)
        tsv = {r["goal"]: r for r in self.rows("goals")}
        self.assertEqual((tsv["running"]["done"], tsv["running"]["met"]), ("2", "false"))

    def test_progress_this_week_starting_on_sunday(self):
        self.write_config('week_starts = "sunday"\n\n' + self.CONFIG)
        self.fill()
        g = self.goals()
        body = next(v for k, v in g.items() if "body" in k)
        self.assertEqual((g["running"]["done"], g["running"]["percent"], g["running"]["met"]),
                         (3, 100, True))
        self.assertEqual((body["done"], body["percent"], body["met"]), (90, 60, False))
        # On Sunday the 29th a new Sunday week has begun, with nothing in it yet.
        later = "2026-11-29T10:00:00Z"
        g = self.goals(now=later)
        self.assertEqual((g["running"]["done"], g["running"]["met"]), (0, False))
        self.log("running", "--minutes", "20", now=later)
        g = self.goals(now=later)
        self.assertEqual(g["running"]["done"], 1)
        # Monday weeks still hold the whole week 23 to 29 then.
        self.write_config(self.CONFIG)
        self.assertEqual(self.goals(now=later)["running"]["done"], 3)

    def test_goals_name_the_first_day_of_the_week(self):
        self.write_config(self.CONFIG)
        self.fill()
        r = self.ok("goals")
        self.assertEqual(r.out.split("\n")[0].split("\t"), GOAL_COLUMNS)
        self.assertEqual({g["week"] for g in self.js("goals")}, {"2026-11-23"})
        self.write_config('week_starts = "sunday"\n' + self.CONFIG)
        self.assertEqual({g["week"] for g in self.js("goals")}, {"2026-11-22"})

    def test_week_boundaries_are_local_days(self):
        self.write_config(self.CONFIG)
        # 03:00 UTC on Monday the 23rd is Sunday evening in New York: last week there.
        self.log("running", now="2026-11-23T03:00:00Z", tz="America/New_York")
        self.assertEqual(self.goals(tz="America/New_York")["running"]["done"], 0)
        self.log("running", now="2026-11-23T06:00:00Z", tz="America/New_York")
        self.assertEqual(self.goals(tz="America/New_York")["running"]["done"], 1)

    def test_a_goal_can_be_passed(self):
        self.write_config(self.CONFIG)
        self.log("yoga", "--minutes", "200")
        body = next(v for k, v in self.goals().items() if "body" in k)
        self.assertEqual((body["done"], body["met"]), (200, True))
        self.assertGreaterEqual(body["percent"], 100)

    def test_the_bar_is_for_the_table_on_a_terminal_only(self):
        self.write_config(self.CONFIG)
        self.fill()
        self.assertNotIn("bar", self.ok("goals").out.split("\n")[0].split("\t"))
        self.assertNotIn("bar", self.js("goals")[0])
        code, shown = self.session(["goals"], env={"LC_ALL": "C.UTF-8", "NO_COLOR": "1"})
        self.assertEqual(code, 0, shown)
        self.assertIn("bar", shown.split("\n")[0].split())

    def test_a_bad_goal_exits_78_naming_the_place(self):
        cases = (
            ('[[selfcare.goal]]\nactivity = "running"\ncategory = "body"\nper_week = 3\n', None),
            ('[[selfcare.goal]]\nper_week = 3\n', None),
            ('[[selfcare.goal]]\nactivity = "running"\n', None),
            ('[[selfcare.goal]]\nactivity = "running"\nper_week = 3\nminutes_per_week = 60\n',
             None),
            ('[[selfcare.goal]]\nactivity = "running"\nper_week = 0\n', 3),
            ('[[selfcare.goal]]\ncategory = "body"\nminutes_per_week = 10081\n', 3),
            ('\n[[selfcare.goal]]\nactivity = "running"\nper_week = -2\n', 4),
        )
        for text, line in cases:
            with self.subTest(text=text):
                path = self.write("goals.toml", text)
                r = self.sc("goals", "--config", path)
                self.assertFails(r, 78)
                self.assertEqual(r.out, "")
                self.assertRegex(r.err, re.escape(path) + r":\d+:\d+: ")
                if line:
                    self.assertRegex(r.err, re.escape(path) + rf":{line}:\d+: ")
        # The default file is named as well, and a bad goal stops logging too.
        self.write_config('[[selfcare.goal]]\nactivity = "running"\nper_week = 0\n')
        r = self.sc("log", "running")
        self.assertFails(r, 78, f"{self.config}:3:")
        self.assertNothingCreated()


class List(SelfcareTest):
    def fill(self):
        self.log("run", "--date", "2026-11-20", "--minutes", "10")
        self.log("yoga", 'a, "b"', "--date", "2026-11-21", "--tag", "calm")
        self.ok("mood", "6", "-q", "--date", "2026-11-22")
        self.log("read", "--date", "2026-11-23", "--minutes", "40", "--tag", "Calm",
                 "--mood", "7")
        self.log("walk", "--date", "2026-11-24")
        self.ok("mood", "7", "-q")

    def ids(self, *args):
        return [int(r["id"]) for r in self.rows("list", *args)]

    def test_oldest_first_with_check_ins_among_them(self):
        self.fill()
        r = self.ok("list")
        self.assertEqual(r.out.split("\n")[0].split("\t"), LIST_COLUMNS)
        rows = self.tsv(r.out)
        self.assertEqual([(x["id"], x["day"], x["activity"], x["category"], x["minutes"],
                           x["mood"], x["tags"], x["text"]) for x in rows],
                         [("1", "2026-11-20", "running", "body", "10", "", "", ""),
                          ("2", "2026-11-21", "yoga", "body", "", "", "calm", 'a, "b"'),
                          ("3", "2026-11-22", "", "", "", "6", "", ""),
                          ("4", "2026-11-23", "reading", "growth", "40", "7", "calm", ""),
                          ("5", "2026-11-24", "walking", "body", "", "", "", ""),
                          ("6", "2026-11-26", "", "", "", "7", "", "")])
        self.assertEqual(rows[5]["at"], NOW)

    def test_since_and_until(self):
        self.fill()
        self.assertEqual(self.ids("--since", "2026-11-21", "--until", "2026-11-23"), [2, 3, 4])
        self.assertEqual(self.ids("--since", "2026-11-24"), [5, 6])
        self.assertEqual(self.ids("--until", "2026-11-20"), [1])
        self.assertEqual(self.ids("--since", "yesterday"), [6])

    def test_category_and_activity_leave_check_ins_out(self):
        self.fill()
        self.assertEqual(self.ids("--category", "body"), [1, 2, 5])
        self.assertEqual(self.ids("--category", "growth"), [4])
        self.assertEqual(self.ids("--activity", "jog"), [1])
        self.assertEqual(self.ids("--activity", "Walking"), [5])
        self.assertEqual(self.ids("--category", "mind"), [])

    def test_tag(self):
        self.fill()
        self.assertEqual(self.ids("--tag", "calm"), [2, 4])
        self.assertEqual(self.ids("--tag", "#CALM"), [2, 4])
        self.assertEqual(self.ids("--tag", "none"), [])

    def test_limit_gives_the_newest_still_oldest_first(self):
        self.fill()
        self.assertEqual(self.ids("--limit", "2"), [5, 6])
        self.assertEqual(self.ids("--limit", "3", "--category", "body"), [1, 2, 5])
        self.assertEqual(self.ids("--limit", "1", "--until", "2026-11-22"), [3])
        self.assertEqual(self.ids("--limit", "100"), [1, 2, 3, 4, 5, 6])

    def test_an_unknown_category_or_activity_exits_2(self):
        self.fill()
        r = self.sc("list", "--category", "bdy")
        self.assertFails(r, 2, "did you mean 'body'")
        self.assertEqual(r.out, "")
        self.assertFails(self.sc("list", "--activity", "yogga"), 2, "did you mean 'yoga'")

    def test_machine_formats(self):
        self.fill()
        self.log("yoga", "--date", "2026-11-25", "tab\there\nnew line")
        js = self.entries()
        self.assertEqual([list(x) for x in js], [LIST_COLUMNS] * 7)
        for x in js:
            self.assertTrue(is_number(x["id"]), x)
            self.assertTrue(x["minutes"] is None or is_number(x["minutes"]), x)
            self.assertTrue(x["mood"] is None or is_number(x["mood"]), x)
        self.assertEqual((js[0]["minutes"], js[0]["mood"], js[0]["text"]), (10, None, None))
        self.assertEqual((js[2]["activity"], js[2]["mood"]), (None, 6))
        self.assertEqual(js[5]["text"], "tab\there\nnew line")
        jsonl = [json.loads(line) for line in self.ok("list", "--format", "jsonl").out.splitlines()]
        self.assertEqual(jsonl, js)
        rows = list(csv.DictReader(io.StringIO(self.ok("list", "--format", "csv").out)))
        self.assertEqual(list(rows[0]), LIST_COLUMNS)
        self.assertEqual([r["id"] for r in rows], [str(x["id"]) for x in js])
        self.assertEqual(rows[1]["text"], 'a, "b"')
        self.assertEqual(rows[5]["text"], "tab\there\nnew line")
        tsv = self.ok("list").out
        self.assertIn("tab\\there\\nnew line", tsv)
        self.assertTrue(all(len(line.split("\t")) == len(LIST_COLUMNS)
                            for line in tsv.splitlines()))

    def test_the_table_leaves_at_out(self):
        self.fill()
        table = self.ok("list", "--format", "table").out
        header = table.split("\n")[0].split()
        self.assertEqual(header, [c for c in LIST_COLUMNS if c != "at"])
        self.assertNotIn("T12:00:00Z", table)
        self.assertNotIn("\x1b", table)


class Activities(SelfcareTest):
    CONFIG = ('[selfcare]\ncategories = ["creative"]\n\n'
              '[[selfcare.activity]]\nname = "climbing"\ncategory = "body"\n'
              'aliases = ["bouldering"]\n\n'
              '[[selfcare.activity]]\nname = "pottery"\ncategory = "creative"\n'
              'aliases = ["clay", "ceramics"]\n')

    def test_shipped_config_and_mine_with_counts(self):
        before = {c["name"]: c["activities"] for c in self.js("categories")}
        self.write_config(self.CONFIG)
        self.log("bouldering", "--minutes", "60", "--date", "2026-11-20")
        self.log("clay", "--minutes", "30")
        self.log("ceramics", "--minutes", "15", "--date", "2026-11-24")
        self.log("guitar", "--new", "--category", "creative", "--date", "yesterday")
        self.log("jog", "--minutes", "25", "--date", "2026-11-22")
        self.log("running", "--date", "2026-11-23")
        r = self.ok("activities")
        self.assertEqual(r.out.split("\n")[0].split("\t"), ACTIVITY_COLUMNS)
        rows = {a["name"]: a for a in self.tsv(r.out)}
        pick = lambda a: tuple(a[k] for k in ACTIVITY_COLUMNS[1:])
        self.assertEqual(pick(rows["climbing"]),
                         ("body", "bouldering", "config", "1", "60", "2026-11-20"))
        self.assertEqual(pick(rows["pottery"]),
                         ("creative", "clay, ceramics", "config", "2", "45", "2026-11-26"))
        self.assertEqual(pick(rows["guitar"]), ("creative", "", "mine", "1", "0", "2026-11-25"))
        self.assertEqual(pick(rows["running"])[2:], ("shipped", "2", "25", "2026-11-23"))
        self.assertEqual(rows["running"]["category"], "body")
        self.assertIn("jog", rows["running"]["aliases"])
        self.assertEqual(pick(rows["yoga"])[2:], ("shipped", "0", "0", ""))
        js = {a["name"]: a for a in self.js("activities")}
        self.assertEqual((js["pottery"]["entries"], js["pottery"]["minutes"]), (2, 45))
        self.assertIsNone(js["yoga"]["last_day"])
        # Every shipped activity of the four categories is there.
        shipped = [a for a in js.values() if a["origin"] == "shipped"]
        self.assertEqual({a["category"] for a in shipped}, {"body", "mind", "growth", "joy"})
        for name in ("running", "walking", "yoga", "balanced meal", "meditation", "therapy",
                     "reading", "nature", "music", "cooking"):
            self.assertEqual(js[name]["origin"], "shipped", name)
        # Categories: the shipped four and the config's own, with their counts.
        r = self.ok("categories")
        self.assertEqual(r.out.split("\n")[0].split("\t"), CATEGORY_COLUMNS)
        cats = {c["name"]: c for c in self.tsv(r.out)}
        self.assertEqual(list(cats)[:4], ["body", "mind", "growth", "joy"])
        self.assertEqual(cats["body"]["activities"], str(before["body"] + 1))
        self.assertEqual(cats["mind"]["activities"], str(before["mind"]))
        self.assertEqual(cats["creative"]["activities"], "2")
        for name in ("body", "mind", "growth", "joy"):
            self.assertNotEqual(cats[name]["description"], "", name)
        counted = {}
        for a in js.values():
            counted[a["category"]] = counted.get(a["category"], 0) + 1
        self.assertEqual({c["name"]: c["activities"] for c in self.js("categories")}, counted)

    def test_removed_entries_no_longer_count(self):
        self.log("yoga", "--minutes", "20")
        self.log("yoga", "--minutes", "5", "--date", "yesterday")
        self.ok("rm", "1", "--yes", "-q")
        yoga = next(a for a in self.js("activities") if a["name"] == "yoga")
        self.assertEqual((yoga["entries"], yoga["minutes"], yoga["last_day"]),
                         (1, 5, "2026-11-25"))


class Streak(SelfcareTest):
    def streak(self, *args, **kw):
        rows = self.js("streak", *args, **kw)
        self.assertEqual(len(rows), 1, rows)
        return rows[0]

    def on(self, days, activity="running"):
        for day in days:
            self.log(activity, "--date", day)

    def test_gaps_end_a_run_and_today_does_not(self):
        self.on(["2026-11-10", "2026-11-11", "2026-11-12"]
                + [f"2026-11-{d}" for d in (16, 17, 18, 19, 20, 22, 23, 24, 25)])
        r = self.ok("streak")
        self.assertEqual(r.out.split("\n")[0].split("\t"), STREAK_COLUMNS)
        s = self.streak()
        self.assertEqual({k: s[k] for k in STREAK_COLUMNS[1:]},
                         {"current": 4, "since": "2026-11-22", "current_active_days": 4,
                          "longest": 5, "longest_since": "2026-11-16",
                          "longest_until": "2026-11-20", "active_days": 12,
                          "last_day": "2026-11-25"})
        for key in ("current", "current_active_days", "longest", "active_days"):
            self.assertTrue(is_number(s[key]), key)
        # Today extends it.
        self.on(["2026-11-26"])
        s = self.streak()
        self.assertEqual((s["current"], s["since"], s["longest"], s["last_day"]),
                         (5, "2026-11-22", 5, "2026-11-26"))
        # A day missed (the 26th, over by the 28th) ends it.
        s = self.streak(now="2026-11-28T12:00:00Z")
        self.assertEqual((s["current"], s["longest"]), (0, 5))

    def test_a_run_that_ended_before_yesterday_is_not_current(self):
        self.on(["2026-11-22", "2026-11-23", "2026-11-24"])
        s = self.streak()
        self.assertEqual((s["current"], s["current_active_days"], s["longest"],
                          s["longest_since"], s["longest_until"]),
                         (0, 0, 3, "2026-11-22", "2026-11-24"))
        self.assertIn(s["since"], (None, ""))

    def test_check_ins_are_not_entries_of_anything(self):
        self.on(["2026-11-24"])
        self.ok("mood", "5", "-q", "--date", "2026-11-25")
        s = self.streak()
        self.assertEqual((s["current"], s["active_days"]), (0, 1))

    def test_rest_days_per_week(self):
        self.write_config("[selfcare]\nrest_days_per_week = 1\n")
        # The man page's example: Monday, Tuesday, Thursday and Friday.
        self.on(["2026-11-16", "2026-11-17", "2026-11-19", "2026-11-20"])
        s = self.streak()
        self.assertEqual((s["longest"], s["longest_since"], s["longest_until"], s["current"],
                          s["active_days"]), (5, "2026-11-16", "2026-11-20", 0, 4))
        # Without rest days, the same entries make runs of two.
        self.write_config("[selfcare]\nrest_days_per_week = 0\n")
        self.assertEqual(self.streak()["longest"], 2)

    def test_two_rest_days_in_one_week_end_the_run(self):
        self.write_config("[selfcare]\nrest_days_per_week = 1\n")
        self.on(["2026-11-16", "2026-11-17", "2026-11-20"])
        s = self.streak()
        self.assertEqual((s["longest"], s["longest_since"], s["longest_until"]),
                         (2, "2026-11-16", "2026-11-17"))

    def test_rest_days_follow_week_starts(self):
        # Saturday the 21st and Sunday the 22nd are empty.
        self.on(["2026-11-19", "2026-11-20", "2026-11-23", "2026-11-24", "2026-11-25"])
        self.write_config("[selfcare]\nrest_days_per_week = 1\n")
        s = self.streak()   # Monday weeks: both in the week of the 16th, so the run breaks
        self.assertEqual((s["current"], s["since"], s["current_active_days"]),
                         (3, "2026-11-23", 3))
        self.write_config('week_starts = "sunday"\n[selfcare]\nrest_days_per_week = 1\n')
        s = self.streak()   # Sunday weeks: one rest day in each
        self.assertEqual((s["current"], s["since"], s["current_active_days"], s["longest"]),
                         (7, "2026-11-19", 5, 7))

    def test_day_starts_at_keeps_late_nights_with_the_evening(self):
        self.write_config('day_starts_at = "04:00"\n')
        self.on(["2026-11-24T01:30", "2026-11-25T01:30"])
        self.assertEqual([x["day"] for x in self.entries()], ["2026-11-23", "2026-11-24"])
        s = self.streak()
        self.assertEqual((s["current"], s["longest"], s["longest_since"], s["longest_until"],
                          s["last_day"]), (0, 2, "2026-11-23", "2026-11-24", "2026-11-24"))
        # The day stays fixed after the setting changes.
        os.remove(self.config)
        self.assertEqual(self.streak()["last_day"], "2026-11-24")
        # Without the setting the same moments make a current run.
        other = os.path.join(self.home, "other.db")
        self.log("running", "--date", "2026-11-24T01:30", "--db", other)
        self.log("running", "--date", "2026-11-25T01:30", "--db", other)
        s = self.streak("--db", other)
        self.assertEqual((s["current"], s["since"], s["last_day"]), (2, "2026-11-24", "2026-11-25"))

    def test_per_activity_and_category(self):
        self.on(["2026-11-23", "2026-11-24", "2026-11-25"], "running")
        self.on(["2026-11-24", "2026-11-25"], "yoga")
        self.on(["2026-11-20", "2026-11-25"], "reading")
        s = self.streak("jog")
        self.assertEqual((s["current"], s["since"], s["active_days"]), (3, "2026-11-23", 3))
        self.assertIn("running", s["of"])
        s = self.streak("yoga")
        self.assertEqual((s["current"], s["since"], s["active_days"]), (2, "2026-11-24", 2))
        s = self.streak("--category", "growth")
        self.assertEqual((s["current"], s["since"], s["longest"], s["active_days"]),
                         (1, "2026-11-25", 1, 2))
        self.assertIn("growth", s["of"])
        s = self.streak("--category", "body")
        self.assertEqual((s["current"], s["active_days"]), (3, 3))
        s = self.streak()
        self.assertEqual((s["current"], s["active_days"]), (3, 4))

    def test_activity_and_category_together_exit_2(self):
        self.on(["2026-11-25"])
        r = self.sc("streak", "running", "--category", "body")
        self.assertFails(r, 2)
        self.assertEqual(r.out, "")
        self.assertFails(self.sc("streak", "yogga"), 2, "did you mean 'yoga'")
        self.assertFails(self.sc("streak", "--category", "bdy"), 2, "did you mean 'body'")


class Remove(SelfcareTest):
    def fill(self):
        self.log("running", "--minutes", "30", "first")
        self.log("yoga", "--minutes", "20")
        self.ok("mood", "6", "-q")

    def test_rm_with_yes_hides_the_entry_which_stays_in_export(self):
        self.fill()
        r = self.ok("rm", "1", "--yes")
        self.assertEqual(r.out, "")
        self.assertIn("1", r.err)
        self.assertEqual([x["id"] for x in self.entries()], [2, 3])
        records = self.exported()
        self.assertEqual(len(records), 3)
        gone = [x for x in records if x["activity"] == "running"]
        self.assertEqual(len(gone), 1)
        self.assertRegex(gone[0]["removed_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertEqual(gone[0]["text"], "first")
        self.assertTrue(all(x["removed_at"] is None for x in records if x is not gone[0]))
        # It no longer counts anywhere.
        self.assertEqual(self.js("streak", "running")[0]["active_days"], 0)
        report = self.js("report")
        self.assertEqual((report["entries"], report["minutes"]), (1, 20))
        # The check-in can go too, with -y.
        self.ok("rm", "3", "-y", "-q")
        self.assertEqual([x["id"] for x in self.entries()], [2])

    def test_rm_without_yes_and_without_a_terminal_exits_2(self):
        self.fill()
        before = self.digest()
        r = self.sc("rm", "1")
        self.assertFails(r, 2, "--yes")
        self.assertEqual(r.out, "")
        r = self.sc("rm", "1", input="y\n")  # a pipe is not the terminal
        self.assertFails(r, 2, "--yes")
        self.assertEqual(self.digest(), before)
        self.assertEqual(len(self.entries()), 3)

    def test_an_unknown_id_exits_2(self):
        self.fill()
        before = self.digest()
        for entry_id in ("99", "0"):
            with self.subTest(entry_id=entry_id):
                self.assertFails(self.sc("rm", entry_id, "--yes"), 2)
        self.assertEqual(self.digest(), before)
        self.ok("rm", "2", "--yes", "-q")
        self.assertFails(self.sc("rm", "2", "--yes"), 2)

    def test_rm_asks_on_the_terminal(self):
        self.fill()
        code, shown = self.session(["rm", "1"], [(b"[y/N] ", b"n\n")])
        self.assertEqual(code, 1, shown)
        self.assertEqual(len(self.entries()), 3)
        code, shown = self.session(["rm", "1"], [(b"[y/N] ", b"y\n")])
        self.assertEqual(code, 0, shown)
        self.assertEqual([x["id"] for x in self.entries()], [2, 3])


class Report(SelfcareTest):
    CONFIG = ('[[selfcare.goal]]\nactivity = "running"\nper_week = 1\n\n'
              '[[selfcare.goal]]\ncategory = "body"\nminutes_per_week = 60\n')

    def fill(self):
        self.write_config(self.CONFIG)
        self.log("running", "--minutes", "5", "--date", "2026-11-20")     # last week
        self.log("running", "--minutes", "30", "--date", "2026-11-23")
        self.ok("mood", "6", "-q", "--date", "2026-11-23T08:00")
        self.log("yoga", "--minutes", "20", "--mood", "6", "--date", "2026-11-24")
        self.ok("mood", "3", "-q", "--date", "2026-11-25")
        self.ok("mood", "8", "-q")

    def report_rows(self, *args):
        r = self.ok("report", *args)
        self.assertEqual(r.out.split("\n")[0].split("\t"), REPORT_COLUMNS)
        return {(x["section"], x["name"]): x for x in self.tsv(r.out)}

    def test_this_week_in_json(self):
        self.fill()
        j = self.js("report")
        self.assertEqual({k: j[k] for k in ("from", "to", "days", "active_days", "entries",
                                            "minutes")},
                         {"from": "2026-11-23", "to": "2026-11-26", "days": 4, "active_days": 2,
                          "entries": 2, "minutes": 50})
        self.assertEqual(j["categories"], [{"name": "body", "entries": 2, "minutes": 50}])
        self.assertEqual([(a["name"], a["entries"], a["minutes"]) for a in j["activities"]],
                         [("running", 1, 30), ("yoga", 1, 20)])
        self.assertEqual(j["goals"], {"met": 1, "goal_weeks": 2})
        m = j["mood"]
        self.assertEqual((m["readings"], m["days_with_selfcare"], m["days_without_selfcare"]),
                         (4, 1, 2))
        self.assertAlmostEqual(m["average"], 5.75, places=2)
        # Daily averages 6, 6, 3, 8: a least-squares slope of 0.3 a day.
        self.assertAlmostEqual(m["trend_per_week"], 2.1, places=1)
        # Check-ins only: 6 on the 23rd (a day with an entry), 3 and 8 without.
        self.assertAlmostEqual(m["with_selfcare"], 6, places=2)
        self.assertAlmostEqual(m["without_selfcare"], 5.5, places=2)

    def test_no_command_is_report_week(self):
        self.fill()
        week = self.ok("report", "--week").out
        self.assertEqual(self.ok("report").out, week)
        self.assertEqual(self.ok().out, week)
        self.assertIn("2026-11-23", week)

    def test_tsv_csv_and_jsonl_have_the_same_numbers_as_json(self):
        self.fill()
        j = self.js("report")
        rows = self.report_rows()
        self.assertEqual(rows[("period", "from")]["value"], j["from"])
        self.assertEqual(rows[("period", "to")]["value"], j["to"])
        self.assertEqual(int(rows[("period", "days")]["value"]), j["days"])
        self.assertEqual((int(rows[("total", "all")]["entries"]),
                          int(rows[("total", "all")]["minutes"])), (j["entries"], j["minutes"]))
        for c in j["categories"]:
            row = rows[("category", c["name"])]
            self.assertEqual((int(row["entries"]), int(row["minutes"])),
                             (c["entries"], c["minutes"]))
        for a in j["activities"]:
            row = rows[("activity", a["name"])]
            self.assertEqual((int(row["entries"]), int(row["minutes"])),
                             (a["entries"], a["minutes"]))
        for key, value in j["goals"].items():
            self.assertEqual(int(rows[("goals", key)]["value"]), value)
        for key, value in j["mood"].items():
            self.assertAlmostEqual(float(rows[("mood", key)]["value"]), value, places=1)
        self.assertEqual(len([k for k in rows if k[0] in ("category", "activity")]),
                         len(j["categories"]) + len(j["activities"]))
        csv_rows = list(csv.DictReader(io.StringIO(self.ok("report", "--format", "csv").out)))
        self.assertEqual([(r["section"], r["name"], r["value"]) for r in csv_rows],
                         [(r["section"], r["name"], r["value"]) for r in rows.values()])
        jsonl = [json.loads(line) for line in
                 self.ok("report", "--format", "jsonl").out.splitlines()]
        self.assertEqual([(r["section"], r["name"]) for r in jsonl], list(rows))
        by = {(r["section"], r["name"]): r for r in jsonl}
        self.assertEqual(by[("total", "all")]["entries"], j["entries"])
        self.assertEqual(by[("goals", "goal_weeks")]["value"], j["goals"]["goal_weeks"])

    def test_json_has_no_drawing_and_no_escape_codes(self):
        self.fill()
        for args in (["--color", "always"], []):
            out = self.ok("report", "--format", "json", *args).out
            self.assertNotIn("\x1b", out)
            self.assertFalse(set(out) & set(SPARK + SHADES), out)
            json.loads(out)
        self.assertNotIn("\x1b", self.ok("report", "--color", "always").out)

    def test_month_year_and_since(self):
        self.fill()
        j = self.js("report", "--month")
        self.assertEqual((j["from"], j["to"], j["days"], j["entries"], j["minutes"],
                          j["active_days"]), ("2026-11-01", "2026-11-26", 26, 3, 55, 3))
        self.assertEqual(j["goals"], {"met": 2, "goal_weeks": 8})  # weeks of 2, 9, 16, 23
        j = self.js("report", "--year")
        self.assertEqual((j["from"], j["to"], j["days"], j["entries"]),
                         ("2026-01-01", "2026-11-26", 330, 3))
        self.assertEqual(j["goals"]["goal_weeks"], 2 * 47)  # Mondays from 5 January to 23 Nov.
        j = self.js("report", "--since", "2026-11-17")
        self.assertEqual((j["from"], j["days"], j["entries"], j["minutes"]),
                         ("2026-11-17", 10, 3, 55))
        self.assertEqual(j["goals"], {"met": 1, "goal_weeks": 2})  # only the week of the 23rd
        j = self.js("report", "--since", "2026-11-16")
        self.assertEqual(j["goals"], {"met": 2, "goal_weeks": 4})

    def test_one_period_at_most_and_not_in_the_future(self):
        for args in (["--week", "--month"], ["--year", "--since", "2026-11-01"]):
            with self.subTest(args=args):
                r = self.sc("report", *args)
                self.assertEqual(r.code, 2, r)
                self.assertEqual(r.out, "")
        self.assertFails(self.sc("report", "--since", "2026-11-30"), 2)


class Pictures(SelfcareTest):
    """The report's heatmap and mood sparkline, drawn on a pseudo-terminal."""

    def draw(self, *args, env=None):
        full = {"LC_ALL": "C.UTF-8"}
        full.update(env or {})
        code, shown = self.session(["report", *args], env=full)
        self.assertEqual(code, 0, shown)
        return shown

    def heatmap(self, shown):
        """The heatmap's rows, by weekday: the cells after the row's name and a space."""
        rows = {}
        for line in ANSI.sub("", shown).split("\n"):
            if line[:3] in WEEKDAYS and (len(line) == 3 or line[3] == " "):
                rows[line[:3]] = line[4:]
        return rows

    def sparkline(self, shown):
        lines = [line for line in ANSI.sub("", shown).split("\n")
                 if line.strip() and set(line) <= set(SPARK + " ") and line[:3] not in WEEKDAYS]
        self.assertEqual(len(lines), 1, shown)
        return lines[0]

    def fill(self):
        self.log("running", "--date", "2026-11-23")                  # Monday: one entry
        for _ in range(3):
            self.log("yoga", "--date", "2026-11-24")                 # Tuesday: three
        self.ok("mood", "1", "-q", "--date", "2026-11-23")
        self.ok("mood", "10", "-q", "--date", "2026-11-25")
        self.ok("mood", "5", "-q", "--date", "2026-11-26T08:00")
        self.ok("mood", "6", "-q")

    def test_in_colour_with_unicode_blocks(self):
        self.fill()
        shown = self.draw()
        self.assertIn("\x1b[", shown)
        self.assertTrue(set(shown) & set("▁▂▃▄▅▆▇█░▒▓"), shown)
        self.assertEqual(list(self.heatmap(shown)), list(WEEKDAYS))
        self.assertEqual(len(self.sparkline(shown).strip()), 4)

    def test_no_color_draws_the_blocks_without_escapes(self):
        self.fill()
        for env, args in (({"NO_COLOR": "1"}, []), ({}, ["--color", "never"])):
            with self.subTest(env=env, args=args):
                shown = self.draw(*args, env=env)
                self.assertNotIn("\x1b", shown)
                rows = self.heatmap(shown)
                self.assertEqual(list(rows), list(WEEKDAYS))
                mon, tue, wed = rows["Mon"], rows["Tue"], rows["Wed"]
                self.assertEqual(len(mon), 1, rows)
                self.assertIn(mon, SHADES)
                self.assertIn(tue, SHADES)
                # The more entries on a day, the fuller its cell; empty days are emptiest.
                self.assertGreater(SHADES.index(tue), SHADES.index(mon), rows)
                self.assertLess(SHADES.index(wed), SHADES.index(mon), rows)
                # Days after today are not part of this week so far.
                self.assertEqual(rows["Fri"].strip(), "", rows)
                # One cell a day: 1, nothing, 10, then (5 + 6) / 2 on a fixed scale.
                cells = self.sparkline(shown)
                self.assertEqual(len(cells), 4, repr(cells))
                self.assertEqual((cells[0], cells[1], cells[2]), ("▁", " ", "█"), repr(cells))
                self.assertLess(SPARK.index(cells[0]), SPARK.index(cells[3]))
                self.assertLess(SPARK.index(cells[3]), SPARK.index(cells[2]))

    def test_the_sparkline_scale_is_fixed(self):
        self.fill()
        thursday = self.sparkline(self.draw(env={"NO_COLOR": "1"}))[3]
        other = os.path.join(self.home, "other.db")
        for when, mood in (("2026-11-23T08:00", "5"), ("2026-11-23T09:00", "6"),
                           ("2026-11-26T08:00", "5"), ("2026-11-26T09:00", "6")):
            self.ok("mood", mood, "-q", "--date", when, "--db", other)
        cells = self.sparkline(self.draw("--db", other, env={"NO_COLOR": "1"}))
        self.assertEqual(cells, thursday + "  " + thursday)

    def test_weeks_can_start_on_sunday(self):
        self.write_config('week_starts = "sunday"\n')
        self.fill()
        shown = self.draw(env={"NO_COLOR": "1"})
        self.assertEqual(list(self.heatmap(shown)), ["Sun"] + list(WEEKDAYS[:-1]))

    def test_plain_ascii_in_the_c_locale(self):
        self.fill()
        for env in ({"LC_ALL": "C"}, {"LC_ALL": "C", "NO_COLOR": "1"}):
            with self.subTest(env=env):
                shown = self.draw(env=env)
                lines = shown.split("\n")
                first = next(i for i, line in enumerate(lines) if line.startswith("Mon"))
                picture = lines[first:]
                for line in picture:
                    self.assertTrue(all(ord(c) < 0x80 for c in line), repr(line))
                rows = self.heatmap(shown)
                self.assertEqual(list(rows), list(WEEKDAYS))
                self.assertNotEqual(rows["Mon"].strip(), "")
                self.assertNotEqual(rows["Mon"], rows["Wed"])
                if "NO_COLOR" in env:  # without colour, the character shows how full
                    self.assertNotEqual(rows["Tue"], rows["Mon"])

    def test_a_year_report_names_the_months(self):
        for day in ("2026-01-05", "2026-03-16", "2026-11-24"):
            self.log("running", "--date", day)
        shown = ANSI.sub("", self.draw("--year"))
        header = [line for line in shown.split("\n") if "Jan" in line and "Nov" in line]
        self.assertEqual(len(header), 1, shown)
        names = re.findall(r"[A-Z][a-z]{2}", header[0])
        self.assertEqual(names, list(MONTHS), header[0])
        rows = self.heatmap(shown)
        self.assertEqual(list(rows), list(WEEKDAYS))
        self.assertGreater(len(rows["Thu"]), 40)  # a column a week, the year so far


class ExportImport(SelfcareTest):
    ODD = 'tab\there\nnew "q" \\ 😊'

    def fill(self):
        self.write_config('[[selfcare.activity]]\nname = "climbing"\ncategory = "body"\n')
        self.log("running", "--minutes", "30", "--tag", "park", "--date", "2026-11-20")
        self.log("guitar", "--new", "--category", "growth", "--minutes", "20", self.ODD)
        self.log("climbing", "--mood", "7", "--date", "yesterday")
        self.ok("mood", "4", "-q", "--date", "2026-11-24T21:00", "heavy day")
        self.log("yoga")
        self.ok("rm", "5", "--yes", "-q")

    def test_export_then_import_into_an_empty_database_loses_nothing(self):
        self.fill()
        first = self.ok("export").out
        lines = first.splitlines()
        self.assertEqual(lines[0], HEADER)
        records = [json.loads(line) for line in lines[1:]]
        self.assertEqual([r["type"] for r in records], ["activity"] + ["entry"] * 5)
        self.assertEqual(records[0]["name"], "guitar")  # config activities stay in the config
        self.assertTrue(all(r["tool"] == "selfcare" and re.fullmatch(r"[0-9a-f]{32}", r["uid"])
                            for r in records), records)
        other = os.path.join(self.home, "copy.db")
        r = self.assertOk(self.sh(f"rekindle-selfcare export | "
                                  f"rekindle-selfcare import --db '{other}'"))
        self.assertEqual(r.out, "")
        self.assertEqual(self.ok("export", "--db", other).out, first)
        self.assertEqual(self.entries("--db", other), self.entries())
        self.assertEqual(self.js("activities", "--db", other), self.js("activities"))
        # Twice adds nothing, from a file as from stdin.
        path = self.write("export.jsonl", first)
        self.ok("import", path, "--db", other)
        self.ok("import", "-", "--db", other, input=first)
        self.ok("import", "--db", other, input=first)
        self.assertEqual(self.ok("export", "--db", other).out, first)
        self.ok("import", path)
        self.assertEqual(self.ok("export").out, first)

    def test_hand_written_records(self):
        text = ('{"type":"activity","name":"pottery","category":"growth","aliases":["clay"]}\n'
                '{"type":"entry","activity":"pottery","at":"2026-11-20T17:00:00Z",'
                '"minutes":60,"text":"My first bowl. Lopsided, and mine."}\n'
                '{"type":"entry","mood":7,"at":"2026-11-20T20:30:00Z"}\n')
        path = self.write("hand.jsonl", text)
        self.ok("import", path)
        self.ok("import", path)
        e = self.entries()
        self.assertEqual([(x["day"], x["activity"], x["category"], x["minutes"], x["mood"])
                          for x in e],
                         [("2026-11-20", "pottery", "growth", 60, None),
                          ("2026-11-20", None, None, None, 7)])
        self.assertEqual(len(self.exported()), 3)
        self.assertEqual([x["activity"] for x in self.entries("--activity", "clay")], ["pottery"])

    def test_a_bad_line_exits_65_naming_it_and_writes_nothing(self):
        self.fill()
        good = self.export_lines()
        fresh = os.path.join(self.home, "fresh.db")
        bad_lines = (
            ('{"type":"entry","activity":"running","minutes":-3,"at":"2026-11-20T10:00:00Z"}',
             "minutes"),
            ('{"type":"entry","activity":"running","mood":"x"}', "mood"),
            ('{"type":"entry","activity":"running","mood":11}', "mood"),
            ('{"type":"entry","activity":"running","colour":"red"}', "colour"),
            ('{"type":"entry","activity":"running","day":"2026-13-01"}', "day"),
            ("not json at all", ""),
            ('{"type":"entry",', ""),
        )
        for bad, field in bad_lines:
            with self.subTest(bad=bad):
                path = self.write("bad.jsonl", "\n".join([good[0], good[1], bad, good[2]]) + "\n")
                r = self.sc("import", path, "--db", fresh)
                self.assertFails(r, 65, f"{path}:3:", field)
                self.assertEqual(r.out, "")
                self.assertFalse(os.path.exists(fresh))
                self.assertEqual(self.rows("list", "--db", fresh), [])
                self.assertFalse(os.path.exists(fresh))
                before = self.digest()
                self.assertFails(self.sc("import", path), 65, f"{path}:3:")
                self.assertEqual(self.digest(), before)
                with open(path, encoding="utf-8") as f:
                    self.assertFails(self.sc("import", "--db", fresh, input=f.read()), 65,
                                     ":3:")
                self.assertFalse(os.path.exists(fresh))

    def test_a_missing_file_exits_66(self):
        path = os.path.join(self.home, "nowhere.jsonl")
        self.assertFails(self.sc("import", path), 66)
        self.assertFails(self.sc("import", self.home), 66)
        self.assertNothingCreated()


class Daylio(SelfcareTest):
    OLD = (DAYLIO_OLD
           + '2026-11-20,November 20,Friday,6:50 pm, Rad ,running |  Reading | pottery wheel ,'
             '"A note, with ""quotes""\nand a second line"\n'
           + "2026-11-19,November 19,Thursday,14:58,meh,,\n"
           + "2026-11-18,November 18,Wednesday,12:05 am,So-So ,walk ,\n")
    NEW = (DAYLIO_NEW
           + '2026-11-21,November 21,Saturday,9:05 AM,GOOD,jog | chess  |  Guitar,Title here,'
             '"Body, with comma"\n'
           + "2026-11-22,November 22,Sunday,23:59,awful,,,only a note\n"
           + "2026-11-23,November 23,Monday,12:00 pm, bad ,,only a title,\n")

    def seen(self, **kw):
        return sorted((x["day"], x["at"], x["activity"] or "", x["category"], x["mood"],
                       x["text"]) for x in self.entries(**kw))

    def test_the_older_layout_at_local_times(self):
        self.write_config('[selfcare.daylio.moods]\n"so-so" = 4\nrad = 10\n')
        path = self.write("daylio.csv", self.OLD)
        r = self.ok("import", "--from", "daylio", path, tz="Europe/Berlin")
        self.assertEqual(r.out, "")
        self.assertEqual(self.seen(tz="Europe/Berlin"), sorted([
            ("2026-11-20", "2026-11-20T17:50:00Z", "", None, 10,
             'A note, with "quotes"\nand a second line'),
            ("2026-11-20", "2026-11-20T17:50:00Z", "running", "body", None, None),
            ("2026-11-20", "2026-11-20T17:50:00Z", "reading", "growth", None, None),
            ("2026-11-20", "2026-11-20T17:50:00Z", "pottery wheel", "imported", None, None),
            ("2026-11-19", "2026-11-19T13:58:00Z", "", None, 5, None),
            ("2026-11-18", "2026-11-17T23:05:00Z", "", None, 4, None),
            ("2026-11-18", "2026-11-17T23:05:00Z", "walking", "body", None, None),
        ]))
        acts = {a["name"]: a for a in self.js("activities")}
        self.assertEqual((acts["pottery wheel"]["category"], acts["pottery wheel"]["origin"]),
                         ("imported", "mine"))
        self.assertIn("imported", [c["name"] for c in self.js("categories")])
        # Twice adds nothing.
        first = self.ok("export").out
        self.ok("import", "--from", "daylio", path, tz="Europe/Berlin")
        self.assertEqual(self.ok("export").out, first)
        self.assertEqual(len(self.entries()), 7)

    def test_the_newer_layout_joins_title_and_note(self):
        self.write_config('[selfcare.daylio]\ncategory = "hobbies"\n')
        path = self.write("daylio.csv", self.NEW)
        self.ok("import", "--from", "daylio", path, tz="America/New_York")
        self.assertEqual(self.seen(tz="America/New_York"), sorted([
            ("2026-11-21", "2026-11-21T14:05:00Z", "", None, 7, "Title here\n\nBody, with comma"),
            ("2026-11-21", "2026-11-21T14:05:00Z", "running", "body", None, None),
            ("2026-11-21", "2026-11-21T14:05:00Z", "chess", "hobbies", None, None),
            ("2026-11-21", "2026-11-21T14:05:00Z", "Guitar", "hobbies", None, None),
            ("2026-11-22", "2026-11-23T04:59:00Z", "", None, 1, "only a note"),
            ("2026-11-23", "2026-11-23T17:00:00Z", "", None, 3, "only a title"),
        ]))
        cats = {c["name"]: c["activities"] for c in self.js("categories")}
        self.assertEqual(cats.get("hobbies"), 2)
        self.assertNotIn("imported", cats)
        n = len(self.entries())
        self.ok("import", "--from", "daylio", path, tz="America/New_York")
        self.assertEqual(len(self.entries()), n)
        self.assertEqual(len([x for x in self.exported() if x["type"] == "activity"]), 2)

    def test_default_mood_labels(self):
        text = DAYLIO_OLD + "".join(
            f"2026-11-{d},x,x,10:00,{label},,\n"
            for d, label in ((16, "rad"), (17, "good"), (18, "meh"), (19, "bad"), (20, "awful")))
        self.ok("import", "--from", "daylio", self.write("moods.csv", text))
        self.assertEqual([x["mood"] for x in self.entries()], [9, 7, 5, 3, 1])

    def test_bad_rows_exit_65_naming_the_line_and_write_nothing(self):
        good = "2026-11-24,November 24,Tuesday,10:00,good,running,,fine\n"
        cases = (
            ("2026-11-25,x,x,10:00,superb,,,", "superb"),
            ("2026-13-25,x,x,10:00,good,,,", ""),
            ("25/11/2026,x,x,10:00,good,,,", ""),
            ("2026-11-25,x,x,25:00,good,,,", ""),
            ("2026-11-25,x,x,13:00 pm,good,,,", ""),
            ("2026-11-25,x,x,noon,good,,,", ""),
            ("2026-11-25,x,x,10:00,good,,", ""),
            ("2026-11-25,x,x,10:00,good,,,,", ""),
        )
        self.log("yoga")
        fresh = os.path.join(self.home, "fresh.db")
        for bad, fragment in cases:
            with self.subTest(bad=bad):
                path = self.write("bad.csv", DAYLIO_NEW + good + bad + "\n")
                r = self.sc("import", "--from", "daylio", path, "--db", fresh)
                self.assertFails(r, 65, f"{path}:3:", fragment)
                self.assertEqual(r.out, "")
                self.assertFalse(os.path.exists(fresh))
                before = self.digest()
                self.assertFails(self.sc("import", "--from", "daylio", path), 65, f"{path}:3:")
                self.assertEqual(self.digest(), before)
        self.assertEqual(len(self.entries()), 1)
        # The line is counted in the file, where a note broke over two.
        path = self.write("bad.csv", DAYLIO_OLD + '2026-11-24,x,x,10:00,good,,"two\nlines"\n'
                          + "2026-11-25,x,x,10:00,superb,,\n")
        self.assertFails(self.sc("import", "--from", "daylio", path, "--db", fresh), 65,
                         f"{path}:4:")
        self.assertFalse(os.path.exists(fresh))

    def test_a_mood_label_added_in_the_config(self):
        path = self.write("soso.csv", DAYLIO_OLD + "2026-11-24,x,x,10:00,SO-SO,,\n")
        self.assertFails(self.sc("import", "--from", "daylio", path), 65, f"{path}:2:", "so-so")
        self.write_config('[selfcare.daylio.moods]\n"so-so" = 4\n')
        self.ok("import", "--from", "daylio", path)
        self.assertEqual([x["mood"] for x in self.entries()], [4])


class ReadOnly(SelfcareTest):
    COMMANDS = ([], ["report"], ["report", "--month"], ["report", "--year"],
                ["report", "--format", "json"], ["goals"], ["list"], ["list", "--category", "body"],
                ["list", "--activity", "yoga"], ["activities"], ["categories"], ["streak"],
                ["streak", "running"], ["streak", "--category", "body"], ["export"])

    def test_read_only_commands_on_a_missing_database_create_nothing(self):
        self.write_config('[[selfcare.goal]]\nactivity = "running"\nper_week = 3\n')
        for args in self.COMMANDS:
            with self.subTest(args=args):
                self.ok(*args)
        self.assertNothingCreated()
        other = os.path.join(self.home, "elsewhere", "none.db")
        for args in self.COMMANDS:
            self.ok(*args, "--db", other)
        self.assertFalse(os.path.exists(os.path.dirname(other)))
        self.assertEqual(self.ok("export").out.splitlines(), [HEADER])
        self.assertEqual(self.ok("list").out.rstrip("\n").split("\t"), LIST_COLUMNS)
        self.assertEqual(self.js("streak")[0]["current"], 0)
        self.assertNothingCreated()

    def test_read_only_commands_leave_the_database_untouched(self):
        self.log("running", "--minutes", "10")
        self.ok("mood", "5", "-q")
        before = self.digest()
        mtime = os.stat(self.db).st_mtime_ns
        for args in self.COMMANDS:
            self.ok(*args)
        self.assertEqual(self.digest(), before)
        self.assertEqual(os.stat(self.db).st_mtime_ns, mtime)


if __name__ == "__main__":
    unittest.main()


class ReviewRegressions(SelfcareTest):
    """Defects the hostile and sanitizer reviews found, each kept fixed."""

    def test_numbers_are_decimal_whatever_their_leading_zeros(self):
        for _ in range(10):
            self.log("walking")
        self.log("running", "--minutes", "045", "--mood", "010")
        self.ok("mood", "-q", "08")
        last = self.entries()[-2:]
        self.assertEqual((last[0]["minutes"], last[0]["mood"]), (45, 10))
        self.assertEqual(last[1]["mood"], 8)
        r = self.sc("mood", "0x5")
        self.assertEqual(r.code, 2, r)
        self.assertIn("whole number from 1 to 10", r.err)
        r = self.sc("log", "running", "--minutes", "99999999999999999999")
        self.assertEqual(r.code, 2, r)
        self.assertIn("'99999999999999999999'", r.err)
        self.ok("rm", "--yes", "010")
        self.assertNotIn(10, [e["id"] for e in self.entries()])
        self.assertIn(8, [e["id"] for e in self.entries()])

    def test_a_goal_may_name_a_category_of_ones_own(self):
        self.write_config('[[selfcare.goal]]\ncategory = "crafts"\nper_week = 2\n')
        self.log("knitting", "--new", "--category", "crafts")
        goals = self.js("goals")
        self.assertEqual((goals[0]["done"], goals[0]["target"]), (1, 2))
        self.write_config('[[selfcare.goal]]\ncategory = "craftz"\nper_week = 2\n')
        r = self.sc("goals")
        self.assertEqual(r.code, 78, r)
        self.assertIn("config.toml:2:", r.err)
        self.assertIn("did you mean 'crafts'?", r.err)
        self.assertEqual(self.sc("list").code, 0)  # only what reads goals stops

    def test_a_long_report_counts_goal_weeks(self):
        self.write_config('[[selfcare.goal]]\nactivity = "walking"\nper_week = 1\n')
        self.log("walking", "--date", "2026-11-02")
        self.log("walking", "--date", "2026-11-17")
        report = self.js("report", "--since", "2026-11-02")
        # Weeks starting 2, 9, 16 and 23 November; walked in the first and the third.
        self.assertEqual((report["goals"]["goal_weeks"], report["goals"]["met"]), (4, 2))

    def test_daylio_logs_an_activity_once_per_row_however_it_is_named(self):
        path = self.write("d.csv", "full_date,date,weekday,time,mood,activities,note\n"
                                   "2026-11-20,x,Friday,10:00,good,walk | stroll | Walking | "
                                   "Painting|painting ,\n")
        self.ok("import", "-q", "--from", "daylio", path)
        names = sorted(e["activity"] for e in self.entries() if e["activity"])
        self.assertEqual(names, ["art", "walking"])

    def test_a_daylio_activity_name_that_is_not_a_name_names_its_line(self):
        path = self.write("d.csv", "full_date,date,weekday,time,mood,activities,note\n"
                                   "2026-11-20,x,Friday,10:00,good,walking,\n"
                                   '2026-11-21,x,Saturday,10:00,good,"a\tb",\n')
        r = self.sc("import", "--from", "daylio", path)
        self.assertEqual(r.code, 65, r)
        self.assertIn("d.csv:3:", r.err)
        self.assertEqual(self.entries(), [])

    def test_an_activity_taken_out_of_the_config_is_still_found_by_its_entries(self):
        self.write_config('[[selfcare.activity]]\nname = "climbing"\ncategory = "body"\n')
        self.log("climbing", "--minutes", "40")
        self.write_config("")
        self.assertEqual(len(self.entries("--activity", "climbing")), 1)
        streak = self.js("streak", "climbing")
        self.assertEqual(streak[0]["current"], 1)
        acts = {a["name"]: a for a in self.js("activities")}
        self.assertEqual(acts["climbing"]["entries"], 1)

    def test_imports_follow_the_rules_names_and_days_follow_elsewhere(self):
        bad = [
            '{"type":"entry","tool":"selfcare","activity":"","category":"body"}',
            '{"type":"entry","tool":"selfcare","activity":"x\\u001by","category":"body"}',
            '{"type":"activity","tool":"selfcare","name":"stretchy","category":"body",'
            '"aliases":["yoga"]}',
            '{"type":"entry","tool":"selfcare","activity":"running","at":"2026-11-22T10:00:00Z",'
            '"day":"2030-01-01"}',
            '{"type":"entry","tool":"selfcare","activity":"running","at":"2026-11-22T10:00:00Z",'
            '"day":"2026-11-19"}',
        ]
        for line in bad:
            path = self.write("bad.jsonl", '{"type":"entry","tool":"selfcare",'
                                           '"activity":"walking"}\n' + line + "\n")
            r = self.sc("import", path)
            self.assertEqual(r.code, 65, (line, r))
            self.assertIn("bad.jsonl:2:", r.err)
            self.assertEqual(self.entries(), [])
        good = self.write("good.jsonl", '{"type":"entry","tool":"selfcare","activity":"running",'
                                        '"at":"2026-11-22T01:00:00Z","day":"2026-11-21"}\n')
        self.ok("import", "-q", good)

    def test_one_minute_is_singular(self):
        r = self.ok("log", "running", "--minutes", "1")
        self.assertIn("(1 minute)", r.err)
