"""Black-box tests of rekindle-signals: stdout, stderr and exit codes.

The reading is checked three ways: against figures worked out by hand (in the comments),
against `reading` below, which states the rule of the spec step by step, and against the
worked example of the man page, read from the rendered page so the two cannot drift apart."""
import csv
import datetime
import io
import json
import os
import re
import subprocess
import textwrap
import unittest

from harness import BIN, SRC, CliTest

NOW = "2026-11-27T18:00:00Z"        # a Friday: Monday weeks start on 2026-11-23, Sunday on 22
TODAY = datetime.date(2026, 11, 27)
LIST_COLUMNS = ["id", "day", "at", "kind", "direction", "nature", "strength", "text"]
KIND_COLUMNS = ["id", "direction", "nature", "weight", "origin", "description"]
SCORE_COLUMNS = ["date", "signals", "words", "actions", "overall", "lean", "confidence"]
SCORE_MACHINE = ["date", "window_days", "signals", "words", "actions", "words_toward", "backed",
                 "overall", "lean", "confidence", "summary"]
TREND_COLUMNS = ["week", "date", "signals", "words", "actions", "overall", "lean"]
HEADER = '{"type":"rekindle","format":1}'
SPARK = "▁▂▃▄▅▆▇█"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

# The shipped kinds, as the spec and the man page give them: id -> (direction, nature, weight).
SHIPPED = {
    "contacts-more": ("toward", "action", 1), "initiates": ("toward", "action", 1),
    "follows-through": ("toward", "action", 2),
    "regret": ("toward", "word", 1), "asks-about-you": ("toward", "word", 0.5),
    "misses-you": ("toward", "word", 1), "suggests-meeting": ("toward", "word", 1.5),
    "no-reply": ("away", "action", 1), "cancels-plans": ("away", "action", 1.5),
    "new-partner": ("away", "action", 2.5),
    "asks-for-space": ("away", "word", 1.5), "hostile": ("away", "word", 1),
    "says-its-over": ("away", "word", 3),
}
FINAL = {"says-its-over"}

# The summary lines of the spec, word for word.
NO_SIGNALS = "No signals in the last {n} days. Whatever they do, your own growth is worth it."
OVER = ("They have said it is over. That is their choice to make, and it deserves respect; "
        "the growth you are doing is worth it either way.")
AWAY = ("On balance the signs lean away. Their choice deserves respect, and your own growth is "
        "worth it either way.")
MIXED = "The signs are mixed or faint; they do not point either way."
WARM = ("Warm words, with few actions behind them so far. What they do says more than what "
        "they say.")
BACKED = ("Their actions lean toward you, and their words are backed by them. This is a reading "
          "of signs, not a promise of anything.")
ACTIONS = "Their actions lean toward you. This is a reading of signs, not a promise of anything."


def lightly(n):
    return f" It rests on only {n} signal{'' if n == 1 else 's'}, so hold it lightly."


# The worked example of the spec: (kind, day, strength), read on 2026-11-27.
EXAMPLE = [("misses-you", "2026-11-27", 2), ("regret", "2026-11-13", 2),
           ("initiates", "2026-11-20", 1), ("no-reply", "2026-10-30", 2)]
EXAMPLE_LINE = "Words +3.00, actions +0.21: +1.11 on balance (low confidence)."
EXAMPLE_SUMMARY = WARM + lightly(4)


def day(value):
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def ago(n):
    return (TODAY - datetime.timedelta(days=n)).isoformat()


def reading(signals, on=TODAY, h=14, n=90, u=0.25, low=5, clear=1.0, kinds=None, final=FINAL):
    """The rule of the spec, step by step: SIGNALS are (kind, day, strength); the reading
    is taken on ON. Figures are rounded to 2 decimals, as the tool shows them."""
    kinds = SHIPPED if kinds is None else kinds
    on = day(on)
    wp = wm = a_sum = 0.0
    count = 0
    over = False
    for kind, when, strength in signals:
        age = (on - day(when)).days
        if kind in final and 0 <= age < h:                   # a clear no, even past the window
            over = True
        if kind not in kinds or not 0 <= age < n:          # step 1
            continue
        direction, nature, weight = kinds[kind]
        v = (1 if direction == "toward" else -1) * weight * strength * 0.5 ** (age / h)  # 2
        count += 1
        if nature == "action":                               # step 3
            a_sum += v
        elif direction == "toward":
            wp += v
        else:
            wm += v
    backed = min(max(a_sum, 0.0), wp)                        # step 4
    overall = a_sum + wm + backed + u * (wp - backed)        # step 5
    shown = round(overall, 2)
    lean = ("away" if over else "unclear" if count == 0       # step 6
            else "toward" if shown > 0 and shown >= clear
            else "away" if shown < 0 and shown <= -clear else "unclear")
    confidence = "low" if count == 0 or count < low else "moderate"   # step 7
    if over:                                                 # step 8
        summary = OVER
    elif count == 0:
        summary = NO_SIGNALS.format(n=n)
    elif lean == "away":
        summary = AWAY
    elif lean == "unclear":
        summary = MIXED
    elif wp <= 0:
        summary = ACTIONS
    elif backed < wp / 2:
        summary = WARM
    else:
        summary = BACKED
    if confidence == "low" and count:
        summary += lightly(count)
    return {"date": on.isoformat(), "window_days": n, "signals": count,
            "words": round(wp + wm, 2), "actions": round(a_sum, 2), "words_toward": round(wp, 2),
            "backed": round(backed, 2), "overall": shown, "lean": lean,
            "confidence": confidence, "summary": summary}


def render(page):
    """A man page as a person reads it."""
    return subprocess.run(["groff", "-man", "-Tascii", "-P", "-cbou",
                           os.path.join(SRC, "man", page)],
                          capture_output=True, text=True, check=True).stdout


class SignalsTest(CliTest):
    def setUp(self):
        super().setUp()
        self.env["REKINDLE_NOW"] = NOW
        self.env["TZ"] = "UTC"

    def sg(self, *args, **kw):
        return self.run_at("rekindle-signals", *args, **kw)

    def ok(self, *args, **kw):
        return self.assertOk(self.sg(*args, **kw))

    def log(self, *args, **kw):
        return self.ok("log", "-q", *args, **kw)

    def log_all(self, signals, *args, **kw):
        for kind, when, strength in signals:
            self.log(kind, "--date", day(when).isoformat(), "--strength", str(strength), *args,
                     **kw)

    def rows(self, *args, **kw):
        return self.tsv(self.ok(*args, **kw).out)

    def js(self, *args, **kw):
        return json.loads(self.ok(*args, "--format", "json", **kw).out)

    def signals(self, *args, **kw):
        return self.js("list", *args, **kw)

    def score(self, *args, **kw):
        rows = self.js("score", *args, **kw)
        self.assertEqual(len(rows), 1, rows)
        self.assertEqual(list(rows[0]), SCORE_MACHINE)
        return rows[0]

    def table_lines(self, *args, **kw):
        """The two lines that `score` writes below its table."""
        out = self.ok("score", "--format", "table", *args, **kw).out
        self.assertNotIn("\x1b", out)  # not a terminal: no colour
        lines = [line for line in out.split("\n") if line.strip()]
        self.assertEqual(lines[0].split(), SCORE_COLUMNS, out)
        self.assertEqual(len(lines), 4, out)
        return lines[2:]

    def exported(self, *args, **kw):
        lines = self.ok("export", *args, **kw).out.splitlines()
        self.assertEqual(lines[0], HEADER)
        return [json.loads(line) for line in lines[1:]]

    def write(self, name, text):
        path = os.path.join(self.home, name)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        return path

    def session(self, args, steps=(), env=None):
        """Runs rekindle-signals ARGS on a pseudo-terminal (see CliTest.pty_session)."""
        return self.pty_session("rekindle-signals", args, list(steps), env)

    def assertNothingCreated(self):
        self.assertFalse(os.path.exists(os.path.join(self.home, "data")))

    def assertReading(self, got, expected):
        """A reading of the tool, in a machine format, is what the rule gives."""
        self.assertEqual(got, expected)


class Log(SignalsTest):
    def test_log_by_id_notes_it_on_stderr_and_lists_it(self):
        r = self.ok("log", "misses-you", "Said the flat feels too quiet.")
        self.assertEqual(r.out, "")
        self.assertIn("recorded signal 1 (misses-you, toward word)", r.err)
        r = self.ok("log", "no-reply")
        self.assertIn("recorded signal 2 (no-reply, away action)", r.err)
        self.assertEqual([(x["id"], x["day"], x["at"], x["kind"], x["direction"], x["nature"],
                           x["strength"], x["text"]) for x in self.signals()],
                         [(1, "2026-11-27", NOW, "misses-you", "toward", "word", 2,
                           "Said the flat feels too quiet."),
                          (2, "2026-11-27", NOW, "no-reply", "away", "action", 2, None)])

    def test_quiet_leaves_the_note_out(self):
        r = self.ok("log", "hostile", "-q")
        self.assertEqual((r.out, r.err), ("", ""))
        r = self.ok("--quiet", "log", "hostile")
        self.assertEqual((r.out, r.err), ("", ""))
        self.assertEqual(len(self.signals()), 2)

    def test_every_kind_can_be_logged_by_its_id(self):
        for kind in SHIPPED:
            self.log(kind)
        self.assertEqual({(x["kind"], x["direction"], x["nature"]) for x in self.signals()},
                         {(k, d, n) for k, (d, n, _) in SHIPPED.items()})

    def test_strength_is_1_to_3_and_2_by_default(self):
        self.log("initiates", "--strength", "1")
        self.log("initiates", "--strength", "2")
        self.log("initiates", "--strength", "3")
        self.log("initiates")
        self.assertEqual([x["strength"] for x in self.signals()], [1, 2, 3, 2])
        self.assertEqual([x["strength"] for x in self.rows("list")], ["1", "2", "3", "2"])

    def test_a_strength_of_0_or_4_exits_2(self):
        for strength in ("0", "4", "-1", "two"):
            with self.subTest(strength=strength):
                r = self.sg("log", "regret", "--strength", strength)
                self.assertFails(r, 2, "--strength")
                self.assertEqual(r.out, "")
        self.assertNothingCreated()

    def test_date(self):
        self.log("regret", "--date", "2026-11-20")
        self.log("regret", "--date", "yesterday")
        self.log("regret", "--date", "2026-11-25T21:30")
        self.log("regret", "--date", "3 days ago")
        self.log("regret", "--date", "2026-11-27T17:59")
        self.assertEqual([(x["day"], x["at"]) for x in self.signals()],
                         [("2026-11-20", "2026-11-20T12:00:00Z"),   # a day alone: its middle
                          ("2026-11-24", "2026-11-24T12:00:00Z"),
                          ("2026-11-25", "2026-11-25T21:30:00Z"),
                          ("2026-11-26", "2026-11-26T12:00:00Z"),
                          ("2026-11-27", "2026-11-27T17:59:00Z")])

    def test_a_date_in_the_future_exits_2(self):
        for when in ("2026-11-28", "2026-11-27T18:01", "tomorrow", "2027-01-01"):
            with self.subTest(when=when):
                r = self.sg("log", "regret", "--date", when)
                self.assertEqual(r.code, 2, r)
                self.assertTrue(r.err.startswith("rekindle-signals: error: "), r)
                self.assertEqual(r.out, "")
        self.assertNothingCreated()

    def test_the_local_day_follows_tz(self):
        # 03:00 UTC on Friday is still Thursday evening in New York.
        self.log("regret", now="2026-11-27T03:00:00Z", tz="America/New_York")
        self.assertEqual(self.signals()[0]["day"], "2026-11-26")

    def test_day_starts_at_keeps_late_nights_with_the_evening(self):
        self.write_config('day_starts_at = "04:00"\n')
        self.log("misses-you", "--date", "2026-11-22T01:30")
        self.log("misses-you", "--date", "2026-11-22T04:30")
        self.assertEqual([x["day"] for x in self.signals()], ["2026-11-21", "2026-11-22"])
        # The day is kept with the signal: a later change moves nothing.
        os.remove(self.config)
        self.assertEqual([x["day"] for x in self.signals()], ["2026-11-21", "2026-11-22"])
        self.assertEqual([x["day"] for x in self.signals("--since", "2026-11-22")],
                         ["2026-11-22"])

    def test_the_text_is_the_argument_or_stdin(self):
        self.log("regret", "an argument")
        self.log("regret", "-", input="from a pipe, with -\n")
        self.log("regret", input="from a pipe, without TEXT\n")
        self.log("regret", input="two\nlines\n")
        self.log("regret", input="")     # an empty pipe, as from a script: no text
        self.log("regret")               # stdin is /dev/null: no text
        self.assertEqual([x["text"] for x in self.signals()],
                         ["an argument", "from a pipe, with -", "from a pipe, without TEXT",
                          "two\nlines", None, None])

    def test_piped_stdin_in_a_shell(self):
        self.assertOk(self.sh("echo 'No answer about the keys.' | rekindle-signals log no-reply -"))
        self.assertOk(self.sh("printf 'Came, as promised.' | rekindle-signals log follows-through"))
        self.assertEqual([(x["kind"], x["text"]) for x in self.signals()],
                         [("no-reply", "No answer about the keys."),
                          ("follows-through", "Came, as promised.")])

    def test_empty_text_given_as_an_argument_or_with_dash_exits_2(self):
        self.assertFails(self.sg("log", "regret", ""), 2)
        self.assertFails(self.sg("log", "regret", "-", input=""), 2)
        self.assertNothingCreated()

    def test_text_must_be_utf8_without_nul(self):
        r = self.sg("log", "regret", "-", input=b"bad \xff byte", binary=True)
        self.assertEqual(r.code, 65, r)
        self.assertTrue(r.err.startswith(b"rekindle-signals: error: "), r)
        r = self.sg("log", "regret", "-", input=b"a\x00b", binary=True)
        self.assertEqual(r.code, 65, r)
        self.assertNothingCreated()

    def test_a_misspelt_command_offers_the_closest(self):
        for wrong, right in (("lgo", "log"), ("scroe", "score"), ("trnd", "trend")):
            with self.subTest(wrong=wrong):
                r = self.sg(wrong)
                self.assertFails(r, 2, f"'{right}'")
                self.assertEqual(r.out, "")
        self.assertNothingCreated()

    def test_an_unknown_kind_offers_the_closest(self):
        r = self.sg("log", "mises-you")
        self.assertFails(r, 2, "no kind of signal named 'mises-you'; did you mean 'misses-you'?")
        self.assertEqual(r.out, "")
        r = self.sg("log", "says-its-ovr", "--strength", "3")
        self.assertFails(r, 2, "did you mean 'says-its-over'?")
        self.assertNothingCreated()


class List(SignalsTest):
    ODD = 'tab\there, a "quote"\nand a new line \\ 😊'

    def fill(self):
        # Logged out of order: the list is by day.
        self.log("misses-you", "--date", "2026-11-27", "Said the flat feels too quiet.")
        self.log("regret", "--date", "2026-11-13", self.ODD)
        self.log("initiates", "--date", "2026-11-20", "--strength", "1")
        self.log("no-reply", "--date", "2026-10-30", "--strength", "3")

    def test_oldest_first(self):
        self.fill()
        self.assertEqual([(x["id"], x["day"]) for x in self.signals()],
                         [(4, "2026-10-30"), (2, "2026-11-13"), (3, "2026-11-20"),
                          (1, "2026-11-27")])

    def test_since(self):
        self.fill()
        for since in ("2026-11-13", "14 days ago", "2026-11-13T23:00"):
            with self.subTest(since=since):
                self.assertEqual([x["day"] for x in self.signals("--since", since)],
                                 ["2026-11-13", "2026-11-20", "2026-11-27"])
        self.assertEqual([x["day"] for x in self.signals("--since", "today")], ["2026-11-27"])
        self.assertEqual(self.signals("--since", "2026-11-14")[0]["day"], "2026-11-20")

    def test_direction_and_nature(self):
        self.fill()
        kinds = lambda *args: [x["kind"] for x in self.signals(*args)]  # noqa: E731
        self.assertEqual(kinds("--direction", "toward"), ["regret", "initiates", "misses-you"])
        self.assertEqual(kinds("--direction", "away"), ["no-reply"])
        self.assertEqual(kinds("--nature", "word"), ["regret", "misses-you"])
        self.assertEqual(kinds("--nature", "action"), ["no-reply", "initiates"])
        self.assertEqual(kinds("--direction", "toward", "--nature", "action"), ["initiates"])
        self.assertEqual(kinds("--direction", "away", "--nature", "word"), [])

    def test_an_unknown_direction_or_nature_exits_2(self):
        self.fill()
        for args in (("--direction", "up"), ("--direction", "Toward"), ("--nature", "deed"),
                     ("--nature", "words")):
            with self.subTest(args=args):
                r = self.sg("list", *args)
                self.assertFails(r, 2, args[0])
                self.assertEqual(r.out, "")

    def test_machine_formats(self):
        self.fill()
        js = self.signals()
        self.assertEqual(list(js[0]), LIST_COLUMNS)
        odd = js[1]
        self.assertEqual((odd["kind"], odd["text"], odd["strength"]), ("regret", self.ODD, 2))
        self.assertEqual((js[0]["strength"], js[0]["text"]), (3, None))
        # jsonl: the same objects, one a line.
        lines = self.ok("list", "--format", "jsonl").out.splitlines()
        self.assertEqual([json.loads(line) for line in lines], js)
        # tsv: a header, escapes, and an empty value for no text.
        out = self.ok("list", "--format", "tsv").out
        self.assertEqual(out, self.ok("list").out)  # the default when not a terminal
        lines = out.rstrip("\n").split("\n")
        self.assertEqual(lines[0].split("\t"), LIST_COLUMNS)
        self.assertEqual(len(lines), 5)
        fields = lines[2].split("\t")
        self.assertEqual(len(fields), len(LIST_COLUMNS))
        self.assertEqual(fields[-1], 'tab\\there, a "quote"\\nand a new line \\\\ 😊')
        self.assertEqual(lines[1].split("\t")[-1], "")
        self.assertEqual([row[:7] for row in (line.split("\t") for line in lines[1:])],
                         [[str(x["id"]), x["day"], x["at"], x["kind"], x["direction"],
                           x["nature"], str(x["strength"])] for x in js])
        # csv: RFC 4180 quoting round-trips the text.
        rows = list(csv.reader(io.StringIO(self.ok("list", "--format", "csv").out)))
        self.assertEqual(rows[0], LIST_COLUMNS)
        self.assertEqual(rows[2][-1], self.ODD)
        self.assertEqual([r[3] for r in rows[1:]], [x["kind"] for x in js])

    def test_the_table_leaves_at_out(self):
        self.fill()
        out = self.ok("list", "--format", "table").out
        self.assertEqual(out.split("\n")[0].split(), [c for c in LIST_COLUMNS if c != "at"])
        self.assertNotIn("T12:00:00Z", out)
        self.assertIn("misses-you", out)

    def test_removed_signals_are_not_listed(self):
        self.fill()
        self.ok("rm", "2", "--yes", "-q")
        self.assertEqual([x["id"] for x in self.signals()], [4, 3, 1])


class Kinds(SignalsTest):
    def kinds(self, *args, **kw):
        return {k["id"]: k for k in self.js("kinds", *args, **kw)}

    def test_the_shipped_kinds_with_direction_nature_and_weight(self):
        r = self.ok("kinds")
        self.assertEqual(r.out.split("\n")[0].split("\t"), KIND_COLUMNS)
        kinds = self.kinds()
        self.assertEqual({k: (v["direction"], v["nature"], v["weight"]) for k, v in kinds.items()},
                         SHIPPED)
        for k in kinds.values():
            self.assertEqual(list(k), KIND_COLUMNS)
            self.assertEqual(k["origin"], "shipped")
            self.assertTrue(k["description"], k)
        self.assertEqual({row["id"]: row["weight"] for row in self.tsv(r.out)},
                         {k: f"{w:g}" for k, (_, _, w) in SHIPPED.items()})
        self.assertNothingCreated()

    def test_the_man_page_lists_the_shipped_kinds_as_they_are(self):
        text = render("rekindle-signals.1")
        part = re.search(r"comes with these kinds.*?\n(.*?)\n\s*says-its-over is also", text,
                         re.S).group(1)
        listed = {}
        for group in re.split(r"\n\s*\n", part.strip()):
            head, body = group.strip().split("\n", 1)
            heading = re.fullmatch(r"(toward|away), (word|action)s", head.strip())
            direction, nature = heading.groups()
            for kind, weight in re.findall(r"([a-z][a-z-]*[a-z])\s+\(([\d.]+)\)", body):
                listed[kind] = (direction, nature, float(weight))
        self.assertEqual(listed, {k: (d, n, float(w)) for k, (d, n, w) in SHIPPED.items()})
        self.assertEqual({k: (v["direction"], v["nature"], v["weight"])
                          for k, v in self.kinds().items()}, listed)

    def test_config_adds_a_kind_and_changes_a_shipped_weight(self):
        self.write_config('[[signals.kind]]\nid = "sends-photos"\n'
                          'description = "Shares photos of things you used to do together"\n'
                          'direction = "toward"\nnature = "word"\nweight = 0.5\n\n'
                          '[[signals.kind]]\nid = "regret"\nweight = 0.5\n')
        kinds = self.kinds()
        self.assertEqual(kinds["sends-photos"],
                         {"id": "sends-photos", "direction": "toward", "nature": "word",
                          "weight": 0.5, "origin": "config",
                          "description": "Shares photos of things you used to do together"})
        regret = kinds["regret"]
        self.assertEqual((regret["direction"], regret["nature"], regret["weight"],
                          regret["origin"]), ("toward", "word", 0.5, "shipped"))
        self.assertEqual(regret["description"], "Says they regret their part in what went wrong")
        self.assertEqual({k: v["origin"] for k, v in kinds.items() if v["origin"] != "shipped"},
                         {"sends-photos": "config"})
        rows = {row["id"]: row for row in self.rows("kinds")}
        self.assertEqual((rows["sends-photos"]["weight"], rows["sends-photos"]["origin"]),
                         ("0.5", "config"))
        self.assertEqual((rows["regret"]["weight"], rows["regret"]["origin"]), ("0.5", "shipped"))
        # Both count with their weights: 0.25 x (0.5 x 2 + 0.5 x 2) = 0.5.
        self.log("sends-photos")
        self.log("regret")
        s = self.score()
        self.assertEqual((s["words"], s["words_toward"], s["overall"]), (2, 2, 0.5))
        kinds = dict(SHIPPED, regret=("toward", "word", 0.5),
                     **{"sends-photos": ("toward", "word", 0.5)})
        self.assertReading(s, reading([("sends-photos", TODAY, 2), ("regret", TODAY, 2)],
                                      kinds=kinds))

    def test_config_changes_any_part_of_a_shipped_kind(self):
        self.log("regret", "--strength", "3")
        self.log("says-its-over", "--strength", "1")
        self.assertEqual(self.score()["summary"], OVER + lightly(2))
        self.write_config('[[signals.kind]]\nid = "regret"\nnature = "action"\n\n'
                          '[[signals.kind]]\nid = "says-its-over"\nfinal = false\n')
        kinds = self.kinds()
        self.assertEqual({k: (kinds[k]["direction"], kinds[k]["nature"], kinds[k]["weight"])
                          for k in ("regret", "says-its-over")},
                         {"regret": ("toward", "action", 1), "says-its-over": ("away", "word", 3)})
        self.assertEqual([(x["kind"], x["nature"]) for x in self.signals()],
                         [("regret", "action"), ("says-its-over", "word")])
        # regret is now an action (+3) and says-its-over no longer final: 3 - 3 = 0.
        s = self.score()
        self.assertEqual((s["actions"], s["words"], s["overall"], s["summary"]),
                         (3, -3, 0, MIXED + lightly(2)))

    def test_a_kind_whose_definition_is_gone_stays_but_counts_in_no_reading(self):
        path = self.write("kind.toml", '[[signals.kind]]\nid = "sends-photos"\n'
                                       'direction = "toward"\nnature = "action"\nweight = 2\n')
        self.log("sends-photos", "--config", path)
        self.assertEqual(self.score("--config", path)["overall"], 4)   # 2 x 2, an action
        self.assertEqual(self.score()["signals"], 0)
        listed = self.signals()
        self.assertEqual([(x["kind"], x["direction"], x["nature"]) for x in listed],
                         [("sends-photos", None, None)])
        self.assertEqual([x["kind"] for x in self.exported()], ["sends-photos"])
        self.assertFails(self.sg("log", "sends-photos"), 2, "sends-photos")

    def test_a_bad_kind_in_the_config_exits_78_naming_the_place(self):
        cases = (
            ('[[signals.kind]]\nid = "x-y"\ndirection = "sideways"\nnature = "word"\n', 3),
            ('[[signals.kind]]\nid = "x-y"\ndirection = "toward"\nnature = "deed"\n', 4),
            ('[[signals.kind]]\nid = "x-y"\ndirection = "toward"\nnature = "word"\n'
             'weight = 101\n', 5),
            ('[[signals.kind]]\nid = "x-y"\ndirection = "away"\nnature = "word"\n'
             'weight = -1\n', 5),
            ('[[signals.kind]]\nid = "-bad"\ndirection = "toward"\nnature = "word"\n', 2),
            ('[[signals.kind]]\nid = "Bad"\ndirection = "toward"\nnature = "word"\n', 2),
            ('[[signals.kind]]\nid = "' + "a" * 41 + '"\ndirection = "toward"\nnature = "word"\n',
             2),
            ('[[signals.kind]]\nid = "x-y"\nnature = "word"\n', None),       # no direction
            ('[[signals.kind]]\nid = "x-y"\ndirection = "away"\n', None),    # no nature
            ('[[signals.kind]]\nid = "regret"\nweight = 200\n', 3),
        )
        for text, line in cases:
            with self.subTest(text=text):
                path = self.write("kinds.toml", text)
                r = self.sg("kinds", "--config", path)
                self.assertFails(r, 78)
                self.assertEqual(r.out, "")
                self.assertRegex(r.err, re.escape(path) + r":\d+:\d+: ")
                if line:
                    self.assertRegex(r.err, re.escape(path) + rf":{line}:\d+: ")
        # The default file is named too, and a bad kind stops every command, log included.
        self.write_config('\n[[signals.kind]]\nid = "x-y"\ndirection = "sideways"\n'
                          'nature = "word"\n')
        for args in (["log", "regret"], ["score"], ["kinds"], []):
            with self.subTest(args=args):
                self.assertFails(self.sg(*args), 78, f"{self.config}:4:")
        self.assertNothingCreated()

    def test_bad_constants_exit_78_naming_the_place(self):
        for key, value in (("half_life_days", "0"), ("half_life_days", "366"),
                           ("window_days", "0"), ("window_days", "3651"),
                           ("window_days", "30.5"),
                           ("unbacked_words", "-0.1"), ("unbacked_words", "1.5"),
                           ("low_confidence_below", "-1"), ("low_confidence_below", "1001"),
                           ("clear_at", "-1"), ("clear_at", "1001"),
                           ("half_life_days", '"two weeks"')):
            with self.subTest(key=key, value=value):
                path = self.write("c.toml", f"[signals]\n{key} = {value}\n")
                r = self.sg("score", "--config", path)
                self.assertFails(r, 78, key)
                self.assertRegex(r.err, re.escape(path) + r":2:\d+: ")
                self.assertEqual(r.out, "")
        self.assertNothingCreated()


class Remove(SignalsTest):
    def fill(self):
        self.log_all(EXAMPLE)   # ids 1 to 4, in the order of EXAMPLE

    def test_rm_with_yes_hides_the_signal_which_stays_in_export(self):
        self.fill()
        self.assertEqual(self.score()["overall"], 1.11)
        r = self.ok("rm", "2", "--yes")        # regret
        self.assertEqual(r.out, "")
        self.assertIn("2", r.err)
        self.assertEqual([x["id"] for x in self.signals()], [4, 3, 1])
        # It no longer counts: W+ = 2, A = 0.2071, overall = 0.4142 + 0.25 x 1.7929 = 0.86.
        rest = [s for s in EXAMPLE if s[0] != "regret"]
        s = self.score()
        self.assertEqual((s["signals"], s["words"], s["overall"], s["lean"]),
                         (3, 2, 0.86, "unclear"))
        self.assertReading(s, reading(rest))
        # Not in past readings either: on 2026-11-15 only the no-reply (age 16) counts.
        past = self.score("--date", "2026-11-15")
        self.assertReading(past, reading(rest, on="2026-11-15"))
        self.assertEqual((past["signals"], past["words"]), (1, 0))
        trend = self.js("trend", "--weeks", "3")
        self.assertEqual([(w["signals"], w["words"], w["overall"]) for w in trend],
                         [(1, 0, -0.91), (2, 0, 0.27), (3, 2, 0.86)])
        # Still in export, with the time it was removed.
        records = self.exported()
        self.assertEqual(len(records), 4)
        gone = [x for x in records if x["kind"] == "regret"]
        self.assertEqual(len(gone), 1)
        self.assertEqual(gone[0]["removed_at"], NOW)
        self.assertTrue(all(x["removed_at"] is None for x in records if x is not gone[0]))
        # -y works too.
        self.ok("rm", "4", "-y", "-q")
        self.assertEqual([x["id"] for x in self.signals()], [3, 1])

    def test_rm_without_yes_and_without_a_terminal_exits_2(self):
        self.fill()
        before = self.digest()
        r = self.sg("rm", "1")
        self.assertFails(r, 2, "--yes")
        self.assertEqual(r.out, "")
        r = self.sg("rm", "1", input="y\n")    # a pipe is not the terminal
        self.assertFails(r, 2, "--yes")
        self.assertEqual(self.digest(), before)
        self.assertEqual(len(self.signals()), 4)

    def test_an_unknown_id_exits_2(self):
        self.fill()
        before = self.digest()
        for signal_id in ("99", "0", "5"):
            with self.subTest(signal_id=signal_id):
                r = self.sg("rm", signal_id, "--yes")
                self.assertFails(r, 2)
                self.assertEqual(r.out, "")
        self.assertEqual(self.digest(), before)
        self.ok("rm", "2", "--yes", "-q")
        self.assertFails(self.sg("rm", "2", "--yes"), 2)   # already removed

    def test_rm_asks_on_the_terminal(self):
        self.fill()
        code, shown = self.session(["rm", "1"], [(b"[y/N] ", b"n\n")])
        self.assertEqual(code, 1, shown)
        self.assertEqual(len(self.signals()), 4)
        code, shown = self.session(["rm", "1"], [(b"[y/N] ", b"\x04")])   # Ctrl-D
        self.assertEqual(code, 1, shown)
        self.assertEqual(len(self.signals()), 4)
        code, shown = self.session(["rm", "1"], [(b"[y/N] ", b"y\n")])
        self.assertEqual(code, 0, shown)
        self.assertEqual([x["id"] for x in self.signals()], [4, 2, 3])


class Score(SignalsTest):
    def test_the_worked_example(self):
        self.log_all(EXAMPLE)
        s = self.score()
        self.assertEqual(s, {"date": "2026-11-27", "window_days": 90, "signals": 4, "words": 3,
                             "actions": 0.21, "words_toward": 3, "backed": 0.21, "overall": 1.11,
                             "lean": "toward", "confidence": "low",
                             "summary": EXAMPLE_SUMMARY})
        self.assertReading(s, reading(EXAMPLE))
        self.assertEqual(self.table_lines(), [EXAMPLE_LINE, EXAMPLE_SUMMARY])
        # The table's row, and the other formats.
        out = self.ok("score", "--format", "table").out
        self.assertEqual(out.split("\n")[1].split(),
                         ["2026-11-27", "4", "3", "0.21", "1.11", "toward", "low"])
        self.assertEqual(self.tsv(self.ok("score").out),
                         [{k: str(v) for k, v in s.items()}])
        rows = list(csv.DictReader(io.StringIO(self.ok("score", "--format", "csv").out)))
        self.assertEqual(rows, [{k: str(v) for k, v in s.items()}])
        lines = self.ok("score", "--format", "jsonl").out.splitlines()
        self.assertEqual([json.loads(line) for line in lines], [s])

    def test_no_command_is_score(self):
        self.log_all(EXAMPLE)
        self.assertEqual(self.ok().out, self.ok("score").out)
        self.assertEqual(self.ok("--format", "json").out, self.ok("score", "--format", "json").out)
        self.assertEqual(self.ok("--format", "table").out,
                         self.ok("score", "--format", "table").out)

    def test_the_worked_example_of_the_man_page_is_what_the_tool_says(self):
        text = render("rekindle-signals.1")
        part = text[text.index("A worked example"):text.index("\nCOMMANDS\n")]
        on = re.search(r"A\s+reading\s+on\s+(\d{4}-\d\d-\d\d)", part).group(1)
        rows = re.findall(r"^\s+([a-z-]+)\s+(toward|away) (word|action)\s+(\d{4}-\d\d-\d\d)\s+"
                          r"(\d+)\s+(\d)\s+([\d.]+)\s+([-+][\d.]+)\s*$", part, re.M)
        self.assertEqual(len(rows), 4, part)
        kinds = self.js("kinds")
        weights = {k["id"]: k["weight"] for k in kinds}
        signals = []
        for kind, direction, nature, when, age, strength, factor, v in rows:
            with self.subTest(kind=kind):
                # The row agrees with itself and with the rule.
                self.assertEqual((day(on) - day(when)).days, int(age))
                self.assertAlmostEqual(float(factor), 0.5 ** (int(age) / 14), places=4)
                self.assertEqual(weights[kind], 1)
                sign = 1 if direction == "toward" else -1
                self.assertAlmostEqual(float(v), sign * int(strength) * float(factor), places=4)
                self.assertEqual(SHIPPED[kind][:2], (direction, nature))
            signals.append((kind, when, int(strength)))
        # The sums: the last "= X" on each line.
        sums = {}
        for name in ("W+", "W-", "W", "A", "backed", "overall"):
            m = re.search(r"^\s+" + re.escape(name) + r"\s+=.*?\n((?:\s{12,}=.*\n)*)", part, re.M)
            self.assertIsNotNone(m, name)
            sums[name] = float(re.findall(r"=\s+(-?[\d.]+)\s*(?:\(.*\))?\s*$",
                                          m.group(0).rstrip("\n").split("\n")[-1])[-1])
        self.assertEqual(sums, {"W+": 3, "W-": 0, "W": 3, "A": 0.2071, "backed": 0.2071,
                                "overall": 1.1124})
        # What the page says score writes below its table.
        block = re.search(r"score\s+writes:\n\n(.*?)\n\n", part, re.S).group(1)
        page_lines = [line.strip() for line in block.split("\n")]
        shown_line, shown_summary = page_lines[0], " ".join(page_lines[1:])
        prose = " ".join(part.split())
        shown_overall = re.search(r"the balance is (-?[\d.]+)", prose).group(1)
        shown_lean = re.search(r"the lean is (\w+)", prose).group(1)
        shown_confidence = re.search(r"the confidence is (\w+)", prose).group(1)
        # Now the tool, with those signals, on that day.
        now = f"{on}T18:00:00Z"
        self.log_all(signals, now=now)
        s = self.score(now=now)
        self.assertEqual(s["date"], on)
        self.assertEqual(s["signals"], len(rows))
        self.assertEqual(s["words"], round(sums["W"], 2))
        self.assertEqual(s["words_toward"], round(sums["W+"], 2))
        self.assertEqual(s["actions"], round(sums["A"], 2))
        self.assertEqual(s["backed"], round(sums["backed"], 2))
        self.assertEqual(s["overall"], round(sums["overall"], 2))
        self.assertEqual(s["overall"], float(shown_overall))
        self.assertEqual(s["lean"], shown_lean)
        self.assertEqual(s["confidence"], shown_confidence)
        self.assertEqual(s["summary"], shown_summary)
        self.assertEqual(self.table_lines(now=now), [shown_line, shown_summary])
        self.assertEqual(self.table_lines(now=now), [EXAMPLE_LINE, EXAMPLE_SUMMARY])

    def test_the_example_of_the_man_page_runs_as_written(self):
        text = render("rekindle-signals.1")
        section = re.search(r"^EXAMPLES\n(.*?)^\S", text, re.M | re.S).group(1)
        block = re.search(r"^( {11,}\(\n.*?^ {11,}\)\n)", section, re.M | re.S)
        self.assertIsNotNone(block, section)
        script = textwrap.dedent(block.group(1))
        self.assertIn("example.db", script)
        env = dict(self.env, PATH=BIN + ":/usr/bin:/bin")
        proc = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], capture_output=True,
                              text=True, env=env, cwd=self.home, stdin=subprocess.DEVNULL,
                              timeout=60, start_new_session=True)
        self.assertEqual(proc.returncode, 0, proc)
        rows = self.tsv(proc.stdout)
        self.assertEqual(len(rows), 1, proc.stdout)
        got = rows[0]
        self.assertEqual((got["date"], got["signals"], got["words"], got["actions"],
                          got["overall"], got["lean"], got["confidence"], got["summary"]),
                         ("2026-11-27", "4", "3", "0.21", "1.11", "toward", "low",
                          EXAMPLE_SUMMARY))
        self.assertNothingCreated()   # it kept to a database of its own

    def test_an_empty_database(self):
        s = self.score()
        self.assertEqual(s, {"date": "2026-11-27", "window_days": 90, "signals": 0, "words": 0,
                             "actions": 0, "words_toward": 0, "backed": 0, "overall": 0,
                             "lean": "unclear", "confidence": "low",
                             "summary": NO_SIGNALS.format(n=90)})
        r = self.ok("score", "--format", "table")
        self.assertEqual([line for line in r.out.split("\n") if line.strip()][-1],
                         NO_SIGNALS.format(n=90))
        self.assertEqual(r.err, "")
        self.assertEqual(self.score("--window", "30")["summary"], NO_SIGNALS.format(n=30))
        self.assertNothingCreated()

    def test_signals_only_outside_the_window_read_as_none(self):
        self.log("says-its-over", "--date", ago(90))
        s = self.score()
        self.assertEqual((s["signals"], s["overall"], s["summary"]),
                         (0, 0, NO_SIGNALS.format(n=90)))

    def test_only_away_signals_lean_away_with_respect(self):
        signals = [("no-reply", TODAY, 2), ("cancels-plans", ago(3), 1),
                   ("asks-for-space", ago(20), 1)]
        self.log_all(signals)
        s = self.score()
        # -2 - 1.5 x 0.5^(3/14) = -3.29 in actions; -1.5 x 0.5^(20/14) = -0.56 in words.
        self.assertEqual((s["words"], s["actions"], s["words_toward"], s["backed"],
                          s["overall"], s["lean"]), (-0.56, -3.29, 0, 0, -3.85, "away"))
        self.assertEqual(s["summary"], AWAY + lightly(3))
        self.assertReading(s, reading(signals))
        self.assertEqual(self.table_lines(),
                         ["Words -0.56, actions -3.29: -3.85 on balance (low confidence).",
                          AWAY + lightly(3)])

    def test_away_words_count_in_full(self):
        # A "no" is taken at its word: -2 + 0.25 x 2 = -1.5.
        signals = [("hostile", TODAY, 2), ("misses-you", TODAY, 2)]
        self.log_all(signals)
        s = self.score()
        self.assertEqual((s["words"], s["words_toward"], s["actions"], s["overall"], s["lean"]),
                         (0, 2, 0, -1.5, "away"))
        self.assertReading(s, reading(signals))

    def test_says_its_over_comes_first_while_recent(self):
        # Actions lean toward: 3 x 2 + 2 x 0.5^(2/14) = 7.8114; the "no" 13 days ago is
        # -3 x 0.5^(13/14) = -1.5759; overall 6.2355. Still, a clear no is taken at its word:
        # the lean is away and the line is the respect one.
        signals = [("follows-through", TODAY, 3), ("contacts-more", ago(2), 2),
                   ("says-its-over", ago(13), 1)]
        self.log_all(signals)
        s = self.score()
        self.assertEqual((s["actions"], s["words"], s["overall"], s["lean"]),
                         (7.81, -1.58, 6.24, "away"))
        self.assertEqual(s["summary"], OVER + lightly(3))
        self.assertReading(s, reading(signals))
        self.assertEqual(self.table_lines()[1], OVER + lightly(3))
        # Fourteen days on (a = h), the reading no longer leads with it.
        later = self.score("--window", "90", now="2026-11-28T18:00:00Z")
        self.assertEqual(later["summary"], ACTIONS + lightly(3))
        self.assertReading(later, reading(signals, on="2026-11-28"))

    def test_says_its_over_alone_and_other_away_words(self):
        self.log("says-its-over", "--strength", "1")
        self.assertEqual(self.score()["summary"], OVER + lightly(1))
        other = os.path.join(self.home, "other.db")
        self.log("follows-through", "--strength", "3", "--db", other)
        self.log("asks-for-space", "--date", ago(1), "--db", other)   # not final
        s = self.score("--db", other)
        self.assertEqual(s["summary"], ACTIONS + lightly(2))  # no warm words to back

    def test_a_final_kind_of_ones_own(self):
        self.write_config('[[signals.kind]]\nid = "moved-away"\ndirection = "away"\n'
                          'nature = "action"\nweight = 0.5\nfinal = true\n')
        self.log("moved-away", "--date", ago(5), "--strength", "1")
        self.log("follows-through", "--strength", "3")
        s = self.score()
        self.assertEqual((s["lean"], s["summary"]), ("away", OVER + lightly(2)))

    def test_a_recent_no_leads_even_past_a_shorter_window(self):
        self.log("says-its-over", "--date", ago(10))
        self.log("follows-through", "--strength", "3")
        s = self.score("--window", "7")
        self.assertEqual((s["signals"], s["lean"], s["summary"]),
                         (1, "away", OVER + lightly(1)))
        self.write_config("[signals]\nwindow_days = 7\n")
        r = self.run_tool("trend", "--weeks", "1", "--format", "json", tool="rekindle-signals")
        self.assertEqual(r.code, 0, r)
        self.assertEqual(json.loads(r.out)[-1]["lean"], "away")

    def test_a_balance_of_zero_leans_nowhere_and_nothing_is_low_confidence(self):
        self.write_config("[signals]\nclear_at = 0\nlow_confidence_below = 0\n")
        s = self.score()
        self.assertEqual((s["lean"], s["confidence"]), ("unclear", "low"))
        self.log("no-reply", "--date", ago(3))
        self.log("initiates", "--date", ago(3))
        s = self.score()
        self.assertEqual((s["overall"], s["lean"]), (0, "unclear"))

    def test_an_import_cannot_hide_a_signal_on_another_day(self):
        path = os.path.join(self.home, "hide.jsonl")
        with open(path, "w") as f:
            f.write('{"type":"signal","tool":"signals","kind":"says-its-over",'
                    '"at":"2026-11-26T10:00:00Z","day":"9999-12-31"}\n')
        r = self.run_tool("import", path, tool="rekindle-signals")
        self.assertEqual(r.code, 65, r)
        self.assertIn("hide.jsonl:1:", r.err)

    def test_weeks_before_the_year_one_are_refused(self):
        r = self.run_tool("trend", "--weeks", "520", tool="rekindle-signals",
                          env={"REKINDLE_NOW": "0005-01-01T12:00:00Z"})
        self.assertEqual(r.code, 2, r)

    def test_words_without_actions_and_actions_without_words(self):
        words = os.path.join(self.home, "words.db")
        actions = os.path.join(self.home, "actions.db")
        # Words alone count at u: 0.25 x (1 x 3 + 1.5 x 2 + 1 x 3) = 2.25.
        said = [("misses-you", TODAY, 3), ("suggests-meeting", TODAY, 2), ("regret", TODAY, 3)]
        self.log_all(said, "--db", words)
        s = self.score("--db", words)
        self.assertEqual((s["words"], s["words_toward"], s["actions"], s["backed"],
                          s["overall"], s["lean"], s["summary"]),
                         (9, 9, 0, 0, 2.25, "toward", WARM + lightly(3)))
        self.assertReading(s, reading(said))
        # Actions alone count in full: 2 x 2 + 1 x 3 + 1 x 2 = 9.
        done = [("follows-through", TODAY, 2), ("initiates", TODAY, 3),
                ("contacts-more", TODAY, 2)]
        self.log_all(done, "--db", actions)
        s = self.score("--db", actions)
        self.assertEqual((s["words"], s["actions"], s["backed"], s["overall"], s["lean"],
                          s["summary"]), (0, 9, 0, 9, "toward", ACTIONS + lightly(3)))
        self.assertReading(s, reading(done))
        # The same raw weight, 2, either way: a word alone is unclear, an action leans.
        one_word = os.path.join(self.home, "w1.db")
        one_action = os.path.join(self.home, "a1.db")
        self.log("misses-you", "--db", one_word)
        self.log("initiates", "--db", one_action)
        self.assertEqual((self.score("--db", one_word)["overall"],
                          self.score("--db", one_word)["lean"]), (0.5, "unclear"))
        self.assertEqual((self.score("--db", one_action)["overall"],
                          self.score("--db", one_action)["lean"]), (2, "toward"))

    def test_words_backed_by_actions(self):
        # W+ = 6. With A = 2, backed = 2 < 3: 2 + 2 + 0.25 x 4 = 5, the warm-words line.
        half = os.path.join(self.home, "half.db")
        said = [("misses-you", TODAY, 3), ("regret", TODAY, 3)]
        self.log_all(said + [("initiates", TODAY, 2)], "--db", half)
        s = self.score("--db", half)
        self.assertEqual((s["words_toward"], s["actions"], s["backed"], s["overall"],
                          s["summary"]), (6, 2, 2, 5, WARM + lightly(3)))
        # With A = 3, backed = 3 = W+/2: 3 + 3 + 0.25 x 3 = 6.75, the backed line.
        full = os.path.join(self.home, "full.db")
        self.log_all(said + [("initiates", TODAY, 3)], "--db", full)
        s = self.score("--db", full)
        self.assertEqual((s["words_toward"], s["actions"], s["backed"], s["overall"],
                          s["summary"]), (6, 3, 3, 6.75, BACKED + lightly(3)))
        # Away actions back nothing: max(A, 0).
        none = os.path.join(self.home, "none.db")
        self.log_all(said + [("new-partner", TODAY, 1)], "--db", none)
        s = self.score("--db", none)
        self.assertEqual((s["actions"], s["backed"], s["overall"], s["lean"]),
                         (-2.5, 0, -1, "away"))

    def test_five_signals_are_moderate_confidence(self):
        signals = EXAMPLE + [("contacts-more", ago(1), 2)]
        self.log_all(signals)
        s = self.score()
        self.assertEqual((s["signals"], s["confidence"]), (5, "moderate"))
        self.assertNotIn("hold it lightly", s["summary"])
        self.assertReading(s, reading(signals))
        self.assertTrue(self.table_lines()[0].endswith("on balance (moderate confidence)."))

    def test_the_window(self):
        # Age 89 counts, 90 does not: -2 x 0.5^(89/14) = -0.02.
        self.log("no-reply", "--date", ago(89))
        self.log("no-reply", "--date", ago(90))
        s = self.score()
        self.assertEqual((s["signals"], s["actions"], s["window_days"]), (1, -0.02, 90))
        # A longer window reads the older one again, at its faded weight.
        s = self.score("--window", "3650")
        self.assertEqual((s["signals"], s["actions"], s["window_days"]), (2, -0.05, 3650))
        self.log("initiates", "--date", ago(29))
        self.log("initiates", "--date", ago(30))
        s = self.score("--window", "30")
        # Only the 29-day-old one: 2 x 0.5^(29/14) = 0.476.
        self.assertEqual((s["signals"], s["actions"], s["window_days"]), (1, 0.48, 30))
        signals = [("no-reply", ago(89), 2), ("no-reply", ago(90), 2), ("initiates", ago(29), 2),
                   ("initiates", ago(30), 2)]
        self.assertReading(s, reading(signals, n=30))
        self.assertReading(self.score("--window", "31"), reading(signals, n=31))
        self.assertEqual(self.score("--window", "1")["signals"], 0)
        self.log("regret")
        self.assertEqual(self.score("--window", "1")["signals"], 1)
        # The config sets the default.
        self.write_config("[signals]\nwindow_days = 30\n")
        self.assertReading(self.score(), reading(signals + [("regret", TODAY, 2)], n=30))

    def test_a_window_outside_1_to_3650_exits_2(self):
        for window in ("0", "3651", "-5", "x", "7.5"):
            with self.subTest(window=window):
                r = self.sg("score", "--window", window)
                self.assertEqual(r.code, 2, r)
                self.assertTrue(r.err.startswith("rekindle-signals: error: "), r)
                self.assertEqual(r.out, "")

    def test_a_date_in_the_past_reads_as_of_then(self):
        self.log_all(EXAMPLE)
        # On 2026-11-20: initiates a=0, regret a=7, no-reply a=21; misses-you not yet.
        # W+ = 2 x 0.5^0.5 = 1.41; A = 1 - 2 x 0.5^1.5 = 0.29; overall = 0.29 + 0.29 +
        # 0.25 x (1.41 - 0.29) = 0.87.
        s = self.score("--date", "2026-11-20")
        self.assertEqual((s["date"], s["signals"], s["words"], s["actions"], s["overall"],
                          s["lean"]), ("2026-11-20", 3, 1.41, 0.29, 0.87, "unclear"))
        self.assertReading(s, reading(EXAMPLE, on="2026-11-20"))
        self.assertEqual(self.score("--date", "7 days ago"), s)
        self.assertEqual(self.score("--date", "friday")["date"], "2026-11-27")
        self.assertReading(self.score("--date", "2026-10-30"), reading(EXAMPLE, on="2026-10-30"))
        self.assertEqual(self.score("--date", "2026-10-29")["signals"], 0)
        self.assertEqual(self.score("--date", "today"), self.score())

    def test_a_date_in_the_future_exits_2(self):
        for when in ("2026-11-28", "tomorrow", "2026-11-27T18:01"):
            with self.subTest(when=when):
                r = self.sg("score", "--date", when)
                self.assertEqual(r.code, 2, r)
                self.assertEqual(r.out, "")

    def test_half_life_days(self):
        # h = 7: misses-you +2; regret 2 x 0.25 = 0.5; initiates 0.5; no-reply -2 x 0.0625.
        # W+ = 2.5, A = 0.375, overall = 0.375 + 0.375 + 0.25 x 2.125 = 1.28.
        self.write_config("[signals]\nhalf_life_days = 7\n")
        self.log_all(EXAMPLE)
        s = self.score()
        self.assertEqual((s["words"], s["actions"], s["backed"], s["overall"], s["lean"]),
                         (2.5, 0.38, 0.38, 1.28, "toward"))
        self.assertReading(s, reading(EXAMPLE, h=7))
        self.assertEqual(self.table_lines()[0],
                         "Words +2.50, actions +0.38: +1.28 on balance (low confidence).")
        # h = 30: a slower fade.
        self.write_config("[signals]\nhalf_life_days = 30\n")
        self.assertReading(self.score(), reading(EXAMPLE, h=30))

    def test_low_confidence_below(self):
        self.log_all(EXAMPLE)
        self.write_config("[signals]\nlow_confidence_below = 4\n")
        s = self.score()
        self.assertEqual((s["confidence"], s["summary"]), ("moderate", WARM))
        self.assertEqual(self.table_lines(),
                         ["Words +3.00, actions +0.21: +1.11 on balance (moderate confidence).",
                          WARM])
        self.write_config("[signals]\nlow_confidence_below = 10\n")
        self.log("contacts-more", "--date", ago(1))
        s = self.score()
        self.assertEqual((s["signals"], s["confidence"], s["summary"][-len(lightly(5)):]),
                         (5, "low", lightly(5)))

    def test_unbacked_words_and_clear_at(self):
        self.log_all(EXAMPLE)
        # u = 0.5: 0.4142 + 0.5 x 2.7929 = 1.81.
        self.write_config("[signals]\nunbacked_words = 0.5\n")
        self.assertEqual(self.score()["overall"], 1.81)
        self.assertReading(self.score(), reading(EXAMPLE, u=0.5))
        self.write_config("[signals]\nunbacked_words = 0\n")
        self.assertEqual(self.score()["overall"], 0.41)
        # clear_at 1.5: 1.11 no longer leans.
        self.write_config("[signals]\nclear_at = 1.5\n")
        s = self.score()
        self.assertEqual((s["overall"], s["lean"], s["summary"]),
                         (1.11, "unclear", MIXED + lightly(4)))

    def test_the_lean_compares_the_rounded_balance(self):
        # 1 x 1 x 0.5^(13/14) = 0.5253, shown 0.53: at clear_at = 0.53, it leans toward.
        self.write_config("[signals]\nclear_at = 0.53\n")
        self.log("initiates", "--strength", "1", "--date", ago(13))
        s = self.score()
        self.assertEqual((s["overall"], s["lean"]), (0.53, "toward"))
        # Exactly at the default clear_at: 0.25 x 4 = 1.00 leans toward; -1.00 away.
        os.remove(self.config)
        other = os.path.join(self.home, "other.db")
        self.log_all([("misses-you", TODAY, 2), ("regret", TODAY, 2)], "--db", other)
        self.assertEqual((self.score("--db", other)["overall"],
                          self.score("--db", other)["lean"]), (1, "toward"))
        away = os.path.join(self.home, "away.db")
        self.log("hostile", "--strength", "1", "--db", away)
        self.assertEqual((self.score("--db", away)["overall"],
                          self.score("--db", away)["lean"]), (-1, "away"))

    def test_ages_are_local_days(self):
        # 23:30 in New York on the 26th is the 27th in UTC; there, it is a day old.
        self.log("follows-through", now="2026-11-27T04:30:00Z", tz="America/New_York")
        s = self.score(now="2026-11-27T18:00:00Z", tz="America/New_York")
        self.assertEqual((s["date"], s["actions"]), ("2026-11-27", 3.81))  # 4 x 0.5^(1/14)


class Trend(SignalsTest):
    SIGNALS = [("no-reply", "2026-09-20", 2), ("initiates", "2026-10-05", 3),
               ("misses-you", "2026-10-21", 2), ("hostile", "2026-11-02", 1),
               ("follows-through", "2026-11-10", 2), ("regret", "2026-11-24", 3),
               ("no-reply", "2026-11-27", 1)]

    def check_weeks(self, weeks, first_weekday, n):
        self.assertEqual(len(weeks), n)
        for w in weeks:
            self.assertEqual(list(w), TREND_COLUMNS)
        starts = [day(w["week"]) for w in weeks]
        self.assertTrue(all(s.weekday() == first_weekday for s in starts), starts)
        self.assertEqual([(b - a).days for a, b in zip(starts, starts[1:])], [7] * (n - 1))
        self.assertLessEqual(starts[-1], TODAY)
        self.assertGreater(starts[-1] + datetime.timedelta(days=7), TODAY)
        for w in weeks[:-1]:
            self.assertEqual(day(w["date"]), day(w["week"]) + datetime.timedelta(days=6))
        self.assertEqual(weeks[-1]["date"], TODAY.isoformat())   # the current week: today

    def check_numbers(self, weeks, **rule):
        for w in weeks:
            with self.subTest(week=w["week"]):
                s = self.score("--date", w["date"])
                self.assertEqual({k: w[k] for k in TREND_COLUMNS[1:]},
                                 {k: s[k] for k in TREND_COLUMNS[1:]})
                expected = reading(self.SIGNALS, on=w["date"], **rule)
                self.assertEqual({k: w[k] for k in TREND_COLUMNS[1:]},
                                 {k: expected[k] for k in TREND_COLUMNS[1:]})

    def test_weeks_start_on_monday_and_match_score(self):
        self.log_all(self.SIGNALS)
        weeks = self.js("trend", "--weeks", "10")
        self.check_weeks(weeks, 0, 10)
        self.assertEqual(weeks[0]["week"], "2026-09-21")
        self.assertEqual(weeks[-1]["week"], "2026-11-23")
        self.check_numbers(weeks)
        self.assertEqual(weeks[-1]["overall"], self.score()["overall"])

    def test_weeks_can_start_on_sunday(self):
        self.write_config('week_starts = "sunday"\n')
        self.log_all(self.SIGNALS)
        weeks = self.js("trend", "--weeks", "10")
        self.check_weeks(weeks, 6, 10)
        self.assertEqual(weeks[-1]["week"], "2026-11-22")
        self.assertEqual(weeks[-2]["date"], "2026-11-21")
        self.check_numbers(weeks)

    def test_the_number_of_weeks(self):
        self.log_all(self.SIGNALS)
        self.check_weeks(self.js("trend"), 0, 12)
        self.check_weeks(self.js("trend", "--weeks", "1"), 0, 1)
        weeks = self.js("trend", "--weeks", "520")
        self.check_weeks(weeks, 0, 520)
        self.assertEqual(weeks[0]["week"],
                         (day("2026-11-23") - datetime.timedelta(weeks=519)).isoformat())
        self.assertEqual(weeks[0]["signals"], 0)

    def test_weeks_outside_1_to_520_exit_2(self):
        for weeks in ("0", "521", "-1", "x"):
            with self.subTest(weeks=weeks):
                r = self.sg("trend", "--weeks", weeks)
                self.assertEqual(r.code, 2, r)
                self.assertTrue(r.err.startswith("rekindle-signals: error: "), r)
                self.assertEqual(r.out, "")

    def test_machine_formats_are_numbers(self):
        self.log_all(self.SIGNALS)
        weeks = self.js("trend", "--weeks", "4")
        for w in weeks:
            for key in ("signals", "words", "actions", "overall"):
                self.assertIsInstance(w[key], (int, float))
        tsv = self.tsv(self.ok("trend", "--weeks", "4").out)
        self.assertEqual(tsv, [{k: str(v) for k, v in w.items()} for w in weeks])
        rows = list(csv.DictReader(io.StringIO(self.ok("trend", "--weeks", "4",
                                                       "--format", "csv").out)))
        self.assertEqual(rows, tsv)
        lines = self.ok("trend", "--weeks", "4", "--format", "jsonl").out.splitlines()
        self.assertEqual([json.loads(line) for line in lines], weeks)
        for fmt in ("tsv", "csv", "json", "jsonl"):
            self.assertFalse(set(self.ok("trend", "--format", fmt).out) & set(SPARK), fmt)

    def test_a_changed_weight_changes_past_weeks(self):
        self.log_all(self.SIGNALS)
        before = self.js("trend", "--weeks", "4")
        self.write_config('[[signals.kind]]\nid = "follows-through"\nweight = 0.5\n')
        after = self.js("trend", "--weeks", "4")
        kinds = dict(SHIPPED, **{"follows-through": ("toward", "action", 0.5)})
        for w in after:
            expected = reading(self.SIGNALS, on=w["date"], kinds=kinds)
            self.assertEqual(w["overall"], expected["overall"], w)
        self.assertNotEqual([w["overall"] for w in before], [w["overall"] for w in after])

    def sparkline(self, shown):
        lines = [line for line in ANSI.sub("", shown).split("\n")
                 if line.strip() and set(line.strip()) <= set(SPARK)]
        self.assertEqual(len(lines), 1, shown)
        return lines[0].strip()

    def test_a_sparkline_on_a_utf8_terminal(self):
        self.log_all(EXAMPLE)
        # Overall by week: -1.81, -1.28, -0.45, 0.78, 1.11, from the lowest to the highest.
        self.assertEqual([w["overall"] for w in self.js("trend", "--weeks", "5")],
                         [-1.81, -1.28, -0.45, 0.78, 1.11])
        for env in ({"LC_ALL": "C.UTF-8"}, {"LC_ALL": "C.UTF-8", "NO_COLOR": "1"}):
            with self.subTest(env=env):
                code, shown = self.session(["trend", "--weeks", "5"], env=env)
                self.assertEqual(code, 0, shown)
                plain = ANSI.sub("", shown)
                self.assertEqual(plain.split("\n")[0].split(), TREND_COLUMNS)
                self.assertIn("-1.81", plain)
                cells = self.sparkline(shown)
                self.assertEqual(len(cells), 5, repr(cells))
                index = [SPARK.index(c) for c in cells]
                self.assertEqual((cells[0], cells[-1]), ("▁", "█"), repr(cells))
                self.assertEqual(index, sorted(index), repr(cells))

    def test_the_sparkline_is_scaled_from_zero(self):
        # A week with nothing reads 0 and draws the lowest block.
        self.log("follows-through", "--date", "2026-11-20")
        self.log("follows-through")
        env = {"LC_ALL": "C.UTF-8", "NO_COLOR": "1"}
        overall = [w["overall"] for w in self.js("trend", "--weeks", "3")]
        self.assertEqual(overall, [0, 3.62, 6.83])   # 4 x 0.5^(2/14); 4 + 4 x 0.5^(7/14)
        code, shown = self.session(["trend", "--weeks", "3"], env=env)
        self.assertEqual(code, 0, shown)
        cells = self.sparkline(shown)
        self.assertEqual(len(cells), 3, repr(cells))
        self.assertEqual((cells[0], cells[2]), ("▁", "█"), repr(cells))
        self.assertNotIn(cells[1], "▁█", repr(cells))
        # With every balance above zero, the scale still starts at zero: the lower of
        # 3.62 and 6.83 is not drawn as the lowest block, but about half way up.
        code, shown = self.session(["trend", "--weeks", "2"], env=env)
        self.assertEqual(code, 0, shown)
        cells = self.sparkline(shown)
        self.assertEqual(len(cells), 2, repr(cells))
        self.assertEqual(cells[1], "█", repr(cells))
        self.assertIn(cells[0], "▄▅", repr(cells))   # 3.62 / 6.83 x 7 = 3.7

    def test_no_sparkline_without_utf8(self):
        self.log_all(EXAMPLE)
        code, shown = self.session(["trend", "--weeks", "5"], env={"LC_ALL": "C"})
        self.assertEqual(code, 0, shown)
        self.assertFalse(set(shown) & set(SPARK), shown)
        plain = ANSI.sub("", shown)
        self.assertEqual(plain.split("\n")[0].split(), TREND_COLUMNS)
        for value in ("-1.81", "-1.28", "-0.45", "0.78", "1.11"):
            self.assertIn(value, plain)


class ExportImport(SignalsTest):
    ODD = 'tab\there\nnew "q" \\ 😊'

    def fill(self):
        self.log_all(EXAMPLE)
        self.log("hostile", "--date", "2026-11-25T21:30", self.ODD)
        self.log("says-its-over", "--date", "2026-09-01", "--strength", "3")
        self.ok("rm", "6", "--yes", "-q")

    def test_export_then_import_into_an_empty_database_loses_nothing(self):
        self.fill()
        first = self.ok("export").out
        lines = first.splitlines()
        self.assertEqual(lines[0], HEADER)
        records = [json.loads(line) for line in lines[1:]]
        self.assertEqual(len(records), 6)
        self.assertTrue(all(r["type"] == "signal" and r["tool"] == "signals"
                            and re.fullmatch(r"[0-9a-f]{32}", r["uid"]) for r in records),
                        records)
        self.assertEqual(sum(r["removed_at"] is not None for r in records), 1)
        other = os.path.join(self.home, "copy.db")
        r = self.assertOk(self.sh(f"rekindle-signals export | "
                                  f"rekindle-signals import --db '{other}'"))
        self.assertEqual(r.out, "")
        self.assertEqual(self.ok("export", "--db", other).out, first)
        self.assertEqual(self.signals("--db", other), self.signals())
        self.assertEqual(self.score("--db", other), self.score())
        self.assertEqual(self.js("trend", "--db", other), self.js("trend"))

    def test_importing_twice_adds_nothing(self):
        self.fill()
        first = self.ok("export").out
        other = os.path.join(self.home, "copy.db")
        path = self.write("export.jsonl", first)
        self.ok("import", path, "--db", other)
        self.ok("import", path, "--db", other)
        self.ok("import", "-", "--db", other, input=first)
        self.ok("import", "--db", other, input=first)
        self.assertEqual(self.ok("export", "--db", other).out, first)
        self.ok("import", path)
        self.assertEqual(self.ok("export").out, first)
        self.assertEqual(len(self.signals()), 5)

    def test_hand_written_records(self):
        text = ('{"type":"signal","kind":"suggests-meeting",'
                '"at":"2026-11-18T19:00:00Z","text":"Asked about a walk on Saturday."}\n'
                '{"type":"signal","kind":"follows-through","at":"2026-11-21T10:00:00Z",'
                '"strength":3,"text":"Came, and was on time."}\n')
        path = self.write("hand.jsonl", text)
        self.ok("import", path)
        self.ok("import", path)
        self.assertEqual([(x["day"], x["at"], x["kind"], x["strength"], x["text"])
                          for x in self.signals()],
                         [("2026-11-18", "2026-11-18T19:00:00Z", "suggests-meeting", 2,
                           "Asked about a walk on Saturday."),
                          ("2026-11-21", "2026-11-21T10:00:00Z", "follows-through", 3,
                           "Came, and was on time.")])
        self.assertReading(self.score(), reading([("suggests-meeting", "2026-11-18", 2),
                                                  ("follows-through", "2026-11-21", 3)]))

    def test_a_bad_line_exits_65_naming_it_and_writes_nothing(self):
        self.fill()
        good = self.ok("export").out.splitlines()
        fresh = os.path.join(self.home, "fresh.db")
        bad_lines = (
            ('{"type":"signal","kind":"regret","at":"2026-11-20T10:00:00Z","strength":4}',
             "strength"),
            ('{"type":"signal","kind":"regret","at":"2026-11-20T10:00:00Z","strength":0}',
             "strength"),
            ('{"type":"signal","kind":"sends-photos","at":"2026-11-20T10:00:00Z"}', "kind"),
            ('{"type":"signal","at":"2026-11-20T10:00:00Z"}', "kind"),
            ('{"type":"signal","kind":"regret","at":"2026-11-28T10:00:00Z"}', "at"),
            ('{"type":"signal","kind":"regret","colour":"red"}', "colour"),
            ('{"type":"signal","kind":"regret","day":"2026-13-01"}', "day"),
            ("not json at all", ""),
            ('{"type":"signal",', ""),
        )
        for bad, field in bad_lines:
            with self.subTest(bad=bad):
                path = self.write("bad.jsonl", "\n".join([good[0], good[1], bad, good[2]]) + "\n")
                r = self.sg("import", path, "--db", fresh)
                self.assertFails(r, 65, f"{path}:3:", field)
                self.assertEqual(r.out, "")
                self.assertFalse(os.path.exists(fresh))
                before = self.digest()
                self.assertFails(self.sg("import", path), 65, f"{path}:3:")
                self.assertEqual(self.digest(), before)
                with open(path, encoding="utf-8") as f:
                    self.assertFails(self.sg("import", "--db", fresh, input=f.read()), 65, ":3:")
                self.assertFalse(os.path.exists(fresh))
        # An unknown kind points to where kinds are added.
        path = self.write("bad.jsonl", good[0] + "\n" + bad_lines[2][0] + "\n")
        self.assertFails(self.sg("import", path, "--db", fresh), 65, f"{path}:2:",
                         "[[signals.kind]]")

    def test_lines_of_another_tool_or_with_a_field_twice_are_refused(self):
        for bad, what in (
                ('{"type":"entry","tool":"selfcare","activity":"running",'
                 '"at":"2026-11-20T10:00:00Z"}', "rekindle import"),
                ('{"type":"signal","tool":"selfcare","kind":"regret",'
                 '"at":"2026-11-20T10:00:00Z"}', "rekindle import"),
                ('{"type":"signal","kind":"regret","kind":"hostile",'
                 '"at":"2026-11-20T10:00:00Z"}', "kind")):
            with self.subTest(bad=bad):
                path = self.write("bad.jsonl", HEADER + "\n" + bad + "\n")
                self.assertFails(self.sg("import", path), 65, f"{path}:2:", what)
        self.assertNothingCreated()

    def test_left_out_fields_take_their_defaults(self):
        self.write_config('day_starts_at = "04:00"\n')
        self.ok("import", input='{"type":"signal","kind":"regret"}\n'
                                '{"type":"signal","kind":"hostile","at":"2026-11-21T02:00:00Z"}\n')
        records = sorted(self.exported(), key=lambda x: x["at"])
        self.assertEqual([(x["kind"], x["at"], x["day"], x["strength"], x["text"],
                           x["recorded_at"], x["removed_at"]) for x in records],
                         [("hostile", "2026-11-21T02:00:00Z", "2026-11-20", 2, None,
                           "2026-11-21T02:00:00Z", None),
                          ("regret", NOW, "2026-11-27", 2, None, NOW, None)])

    def test_a_missing_file_exits_66(self):
        path = os.path.join(self.home, "nowhere.jsonl")
        self.assertFails(self.sg("import", path), 66)
        self.assertNothingCreated()


class ReadOnly(SignalsTest):
    COMMANDS = ([], ["score"], ["score", "--window", "30"], ["score", "--date", "2026-11-01"],
                ["score", "--format", "table"], ["trend"], ["trend", "--weeks", "3"],
                ["trend", "--format", "json"], ["list"], ["list", "--direction", "away"],
                ["list", "--nature", "word", "--since", "2026-11-01"], ["kinds"], ["export"])

    def test_read_only_commands_on_a_missing_database_create_nothing(self):
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
        self.assertEqual(len(self.js("trend")), 12)
        self.assertNothingCreated()

    def test_read_only_commands_leave_the_database_untouched(self):
        self.log_all(EXAMPLE)
        before = self.digest()
        mtime = os.stat(self.db).st_mtime_ns
        for args in self.COMMANDS:
            self.ok(*args)
        self.assertEqual(self.digest(), before)
        self.assertEqual(os.stat(self.db).st_mtime_ns, mtime)


if __name__ == "__main__":
    unittest.main()


class ReviewRegressions(SignalsTest):
    def test_help_shows_each_value_once(self):
        for args in (["log", "--help"], ["score", "--help"], ["trend", "--help"]):
            r = self.run_tool(*args, tool="rekindle-signals")
            self.assertEqual(r.code, 0, r)
            self.assertNotIn(":N", r.out)

    def test_a_one_day_window_says_day(self):
        r = self.run_tool("score", "--window", "1", "--format", "json", tool="rekindle-signals")
        self.assertEqual(r.code, 0, r)
        self.assertIn("No signals in the last day.", json.loads(r.out)[0]["summary"])
