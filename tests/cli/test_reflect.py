"""Black-box tests of rekindle-reflect: stdout, stderr and exit codes."""
import json
import os
import re
import signal
import subprocess
import sys
import unittest

from harness import BIN, CliTest

NOW = "2026-11-20T20:00:00Z"
MARKER = b"    > "  # what the guided session prints before each line of an answer


class ReflectTest(CliTest):
    def setUp(self):
        super().setUp()
        self.env["REKINDLE_NOW"] = NOW
        self.env.pop("VISUAL", None)
        self.env.pop("EDITOR", None)
        # The editor's file (and any file kept after a bad edit) stays inside the test's home.
        self.tmp = os.path.join(self.home, "tmp")
        os.makedirs(self.tmp)
        self.env["TMPDIR"] = self.tmp

    def rf(self, *args, **kw):
        return self.run_tool(*args, tool="rekindle-reflect", **kw)

    def rows(self, *args, **kw):
        return self.tsv(self.assertOk(self.rf(*args, **kw)).out)

    def entries(self, *args, **kw):
        return self.rows("list", *args, **kw)

    def show(self, entry_id, *args, **kw):
        return json.loads(self.assertOk(self.rf("show", str(entry_id), "--format", "json",
                                                *args, **kw)).out)

    def answers_of(self, entry_id, **kw):
        return [(r["prompt"], r["text"]) for r in self.show(entry_id, **kw) if r["prompt"]]

    def export_lines(self, *args):
        return self.assertOk(self.rf("export", *args)).out.splitlines()

    def write(self, name, text, mode=0o644):
        path = os.path.join(self.home, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(path, mode)
        return path

    def editor(self, name, python):
        """A small sh script, usable as EDITOR, that runs `python` on the text of the file it
        is given as $1 (in the variable `text`) and writes `text` back."""
        body = ("#!/bin/sh\n"
                f"exec '{sys.executable}' - \"$1\" <<'PY'\n"
                "import sys\n"
                "path = sys.argv[1]\n"
                "text = open(path, encoding='utf-8').read()\n"
                f"{python}\n"
                "open(path, 'w', encoding='utf-8').write(text)\n"
                "PY\n")
        return self.write(name, body, 0o755)

    def session(self, args, steps, env=None):
        """Runs rekindle-reflect ARGS on a pseudo-terminal (see CliTest.pty_session). A step
        is bytes, written once the tool has printed one more answer marker than before, or a
        pair (WAIT, BYTES): written once WAIT shows once more, or at once when WAIT is None."""
        return self.pty_session("rekindle-reflect", args, steps, env, marker=MARKER)


class Guided(ReflectTest):
    def test_session_keeps_multi_line_answers_and_skips_empty_ones(self):
        code, shown = self.session(
            ["--theme", "trust"],
            [b"I broke a promise\n", b"and hid it\n", b"\n",  # question 1: two lines
             b"\n",                                          # question 2: skipped
             b"Keep small promises\n",                        # question 3
             b"\x04"])                                        # Ctrl-D: stop and save
        self.assertEqual(code, 0, shown)
        self.assertIn("1/4  What do I acknowledge I did that hurt their trust?", shown)
        self.assertIn("3/4  What am I actually doing differently now, day to day?", shown)
        self.assertNotIn("4/4", shown)
        self.assertRegex(shown, r"saved entry 1 \(2 answers, \d+ words\)")
        rows = self.show(1)
        self.assertEqual([(r["prompt"], r["text"]) for r in rows],
                         [("trust.acknowledge", "I broke a promise\nand hid it"),
                          ("trust.actions", "Keep small promises")])
        self.assertEqual({r["theme"] for r in rows}, {"trust"})
        self.assertEqual(rows[0]["question"], "What do I acknowledge I did that hurt their trust?")
        self.assertEqual(rows[0]["at"], NOW)

    def test_answers_are_kept_when_the_database_cannot_be_written(self):
        blocker = self.write("not-a-folder", "")
        code, shown = self.session(
            ["--theme", "trust", "--db", os.path.join(blocker, "r.db")],
            [b"words I must not lose\n", b"\n", b"\x04"])
        self.assertEqual(code, 73, shown)
        m = re.search(r"your answers are kept in '(/\S+\.md)'", shown)
        self.assertTrue(m, shown)
        with open(m.group(1), encoding="utf-8") as f:
            self.assertIn("words I must not lose", f.read())
        self.assertEqual(os.stat(m.group(1)).st_mode & 0o777, 0o600)

    def test_ctrl_d_at_the_first_question_saves_nothing(self):
        code, shown = self.session(["--theme", "trust"], [b"\x04"])
        self.assertEqual(code, 0, shown)
        self.assertIn("nothing was answered, so nothing was saved", shown)
        self.assertNotIn("saved entry", shown)
        self.assertEqual(self.entries(), [])

    def test_ctrl_c_mid_session_saves_nothing(self):
        code, shown = self.session(["--theme", "trust"],
                                   [b"An answer I will not keep\n", b"\n", b"half a thought\x03"])
        self.assertNotEqual(code, 0, shown)
        self.assertIn(code, (-signal.SIGINT, 128 + signal.SIGINT), shown)
        self.assertNotIn("saved entry", shown)
        self.assertEqual(self.entries(), [])
        self.assertNotIn("An answer I will not keep", self.rf("export").out)

    def test_incident_asks_the_six_incident_prompts(self):
        ids = [r["id"] for r in self.rows("prompts", "--theme", "incident")]
        self.assertEqual(len(ids), 6)
        self.assertEqual(ids[0], "incident.what-happened")
        steps = [b"I raised my voice at dinner\n", b"\n"] + [b"\n"] * 5  # skip the other five
        code, shown = self.session(["incident"], steps)
        self.assertEqual(code, 0, shown)
        self.assertIn("(6 questions)", shown)
        self.assertIn("1/6  ", shown)
        self.assertIn("6/6  ", shown)
        self.assertNotIn("7/", shown)
        self.assertRegex(shown, r"saved entry 1 \(1 answer, 6 words\)")
        rows = self.show(1)
        self.assertEqual([(r["theme"], r["prompt"], r["text"]) for r in rows],
                         [("incident", "incident.what-happened", "I raised my voice at dinner")])

    def test_without_a_theme_the_least_answered_theme_is_asked(self):
        code, shown = self.session([], [b"We laughed a lot\n", b"\x04"])
        self.assertEqual(code, 0, shown)
        self.assertIn("Why it ended (7 questions)", shown)  # breakup, the first theme
        self.assertIn("1/7  What was good between us before things began to change?", shown)
        self.assertEqual(self.answers_of(1), [("breakup.good-times", "We laughed a lot")])
        self.assertEqual(self.show(1)[0]["theme"], "breakup")
        code, shown = self.session([], [b"\x04"])
        self.assertEqual(code, 0, shown)
        self.assertIn("My part in it (6 questions)", shown)  # my-part, now the least answered
        self.assertIn("1/6  What did I most want to give to this relationship?", shown)
        self.assertNotIn("Why it ended", shown)

    def test_tags_of_a_session_are_kept(self):
        code, shown = self.session(["--theme", "trust", "--tag", "Evening"],
                                   [b"It was me #Honest\n", b"\x04"])
        self.assertEqual(code, 0, shown)
        self.assertEqual(self.entries()[0]["tags"], "evening honest")

    def test_ctrl_d_after_text_on_a_line_keeps_that_text(self):
        # Ctrl-D after some text hands the text over; a second Ctrl-D ends the input.
        code, shown = self.session(["--theme", "trust"],
                                   [b"First line\n", (None, b"last words\x04"), (None, b"\x04")])
        self.assertEqual(code, 0, shown)
        self.assertIn("saved entry 1 (1 answer, 4 words)", shown)
        self.assertEqual(self.answers_of(1), [("trust.acknowledge", "First line\nlast words")])

    def test_a_bad_tag_is_refused_before_any_question_is_asked(self):
        # Regression (a bug found by testing): the --tag is checked only when the answers are saved, so the person answers
        # every question and then loses it all to "tag 'two words' must be one word".
        # An unknown --theme, and a bad --tag with --editor, are refused up front.
        code, shown = self.session(["--theme", "trust", "--tag", "two words"],
                                   [(None, b"A long and careful answer\n"), (None, b"\x04")])
        self.assertEqual(code, 2, shown)
        self.assertIn("tag 'two words' must be one word", shown)
        self.assertNotIn("1/4", shown, "the questions were asked, and the answers thrown away")

    def test_rm_asks_on_the_terminal(self):
        self.assertOk(self.rf("add", "keep me"))
        self.assertOk(self.rf("add", "remove me"))
        code, shown = self.session(["rm", "1"], [(b"[y/N] ", b"n\n")])
        self.assertEqual(code, 1, shown)
        self.assertIn("remove entry 1 from 2026-11-20?", shown)
        self.assertIn("nothing removed", shown)
        code, shown = self.session(["rm", "2"], [(b"[y/N] ", b"y\n")])
        self.assertEqual(code, 0, shown)
        self.assertIn("removed entry 2; it stays in export", shown)
        self.assertEqual([e["preview"] for e in self.entries()], ["keep me"])

    def test_off_a_terminal_a_session_refuses_and_points_elsewhere(self):
        for kw in ({}, {"input": "an answer\n"}):
            r = self.assertFails(self.rf(**kw), 2, "--editor", "add")
            self.assertEqual(r.out, "")
            r = self.assertFails(self.rf("--theme", "trust", **kw), 2, "--editor", "add")
        self.assertFails(self.rf("incident"), 2, "--editor")
        self.assertFalse(os.path.exists(os.path.join(self.home, "data")))

    def test_an_unknown_theme_is_refused_before_anything_is_asked(self):
        self.assertFails(self.rf("--theme", "trsut"), 2, "no theme named 'trsut'",
                         "did you mean 'trust'?")


class Editor(ReflectTest):
    REGRET = ("text = text.replace('{trust.regret}\\n', "
              "'{trust.regret}\\nThat I made her doubt herself.\\n', 1)")

    def test_answer_written_in_the_editor_is_stored(self):
        seen = os.path.join(self.home, "seen.md")
        script = self.editor("ed.sh", f"open({seen!r}, 'w').write(text)\n" + self.REGRET)
        r = self.assertOk(self.rf("--theme", "trust", "--editor", env={"EDITOR": script}))
        self.assertRegex(r.err, r"saved entry 1 \(1 answer, 6 words\)")
        self.assertEqual(r.out, "")
        with open(seen, encoding="utf-8") as f:
            template = f.read()
        for pid in ("trust.acknowledge", "trust.regret", "trust.actions", "trust.dropped"):
            self.assertIn("{%s}" % pid, template)
        self.assertIn("## What do I sincerely regret, and why? {trust.regret}", template)
        self.assertEqual(self.answers_of(1), [("trust.regret", "That I made her doubt herself.")])
        self.assertEqual(self.show(1)[0]["theme"], "trust")
        self.assertEqual(os.listdir(self.tmp), [])  # the editor's file is cleaned up

    def test_an_unchanged_file_saves_nothing(self):
        r = self.assertOk(self.rf("--theme", "trust", "--editor", env={"EDITOR": "true"}))
        self.assertIn("nothing was saved", r.err)
        self.assertEqual(self.entries(), [])

    def test_a_failing_editor_exits_1_and_saves_nothing(self):
        self.assertFails(self.rf("--theme", "trust", "--editor", env={"EDITOR": "false"}), 1,
                         "nothing was saved")
        self.assertEqual(self.entries(), [])

    def test_an_unknown_prompt_id_in_a_heading_exits_65_naming_file_and_line(self):
        script = self.write("bad.sh", "#!/bin/sh\n"
                            "printf '# notes\\n\\n## A question {trust.nope}\\nsomething\\n' > \"$1\"\n",
                            0o755)
        r = self.rf("--theme", "trust", "--editor", env={"EDITOR": script})
        self.assertFails(r, 65, "no prompt with the id")
        self.assertEqual(r.out, "")
        m = re.search(r"error: (/\S+\.md):3: no prompt with the id 'trust\.nope'", r.err)
        self.assertTrue(m, r)
        self.assertEqual(self.entries(), [])
        # The text is kept for the person, and the message says where.
        self.assertIn(f"your text is kept in '{m.group(1)}'", r.err)
        with open(m.group(1), encoding="utf-8") as f:
            self.assertIn("something", f.read())

    def test_an_editor_ending_127_after_writing_keeps_the_text(self):
        # Regression: the "not found" branch deleted what the editor had written.
        script = self.write("gone.sh", "#!/bin/sh\nprintf 'kept words\\n' >> \"$1\"\nexit 127\n",
                            0o755)
        r = self.rf("--theme", "trust", "--editor", env={"EDITOR": script})
        self.assertFails(r, 1, "nothing was saved")
        m = re.search(r"what you wrote is kept in '(/\S+\.md)'", r.err)
        self.assertTrue(m, r)

    def test_a_failing_editor_is_a_failure_even_with_sigchld_ignored(self):
        # Regression: with SIGCHLD inherited as ignored, waitpid failed and the edit counted.
        self.assertOk(self.rf("add", "first words"))
        script = self.editor("bad.sh", "text = text.replace('first', 'garbage')\nimport sys\n"
                                       "open(path, 'w', encoding='utf-8').write(text)\n"
                                       "sys.exit(1)")
        env = dict(self.env, EDITOR=script)
        proc = subprocess.run([os.path.join(BIN, "rekindle-reflect"), "edit", "1"],
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env,
                              start_new_session=True, timeout=60,
                              preexec_fn=lambda: signal.signal(signal.SIGCHLD, signal.SIG_IGN))
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertEqual(self.show(1)[0]["text"], "first words")

    def test_an_editor_leaving_a_folder_or_a_link_saves_nothing(self):
        # Regression: a folder in the file's place was an internal error (70), and a link to
        # /etc/passwd was read and saved as an entry.
        for name, action in (("dir.sh", 'rm -f "$1"; mkdir "$1"'),
                             ("link.sh", 'rm -f "$1"; ln -s /etc/passwd "$1"')):
            script = self.write(name, f"#!/bin/sh\n{action}\n", 0o755)
            r = self.rf("--theme", "trust", "--editor", env={"EDITOR": script})
            self.assertFails(r, 1, "not a plain file")
        self.assertEqual(self.entries(), [])

    def test_an_edit_made_meanwhile_is_never_saved_over(self):
        self.assertOk(self.rf("add", "first words"))
        inner = self.editor("inner.sh", "text = text.replace('first', 'meanwhile')")
        outer = self.write("outer.sh", "#!/bin/sh\n"
                           f"EDITOR='{inner}' '{os.path.join(BIN, 'rekindle-reflect')}' edit 1 -q\n"
                           "sed -i 's/first/mine/' \"$1\"\n", 0o755)
        r = self.rf("edit", "1", env={"EDITOR": outer})
        self.assertFails(r, 1, "changed by another command while the editor was open")
        self.assertIn("your text is kept in", r.err)
        self.assertEqual(self.show(1)[0]["text"], "meanwhile words")

    def test_an_emptied_file_leaves_the_entry_as_it_was(self):
        self.assertOk(self.rf("add", "keep me"))
        script = self.editor("empty.sh", "text = ''")
        r = self.assertOk(self.rf("edit", "1", env={"EDITOR": script}))
        self.assertIn("was not changed", r.err)
        self.assertEqual(self.show(1)[0]["text"], "keep me")

    def test_a_failing_editor_keeps_what_was_written(self):
        script = self.write("fail.sh", "#!/bin/sh\nprintf 'words I wrote\\n' >> \"$1\"\nexit 3\n",
                            0o755)
        r = self.rf("--theme", "trust", "--editor", env={"EDITOR": script})
        self.assertFails(r, 1, "failed (exit status 3); nothing was saved")
        m = re.search(r"what you wrote is kept in '(/\S+\.md)'", r.err)
        self.assertTrue(m, r)
        with open(m.group(1), encoding="utf-8") as f:
            self.assertIn("words I wrote", f.read())
        self.assertEqual(self.entries(), [])

    def test_a_bad_editor_setting_is_a_config_error_for_every_command(self):
        self.write_config("[reflect]\neditor = \"yes\"\n")
        self.assertFails(self.rf("list"), 78, "'reflect.editor' must be true or false")

    def test_config_can_make_the_editor_the_default(self):
        script = self.editor("ed.sh", self.REGRET)
        self.write_config("[reflect]\neditor = true\n")
        r = self.assertOk(self.rf("--theme", "trust", env={"EDITOR": script}))
        self.assertIn("saved entry 1", r.err)
        self.assertEqual(self.answers_of(1), [("trust.regret", "That I made her doubt herself.")])
        self.write_config("[reflect]\neditor = false\n")
        self.assertFails(self.rf("--theme", "trust", env={"EDITOR": script}), 2, "--editor")

    def test_visual_wins_over_editor(self):
        script = self.editor("ed.sh", self.REGRET)
        r = self.assertOk(self.rf("--theme", "trust", "--editor",
                                  env={"VISUAL": script, "EDITOR": "false"}))
        self.assertIn("saved entry 1", r.err)
        self.assertFails(self.rf("--theme", "trust", "--editor",
                                 env={"VISUAL": "false", "EDITOR": script}), 1, "'false' failed")
        self.assertEqual(len(self.entries()), 1)

    def test_edit_keeps_the_old_text_as_a_revision(self):
        self.assertOk(self.rf("add", "--prompt", "trust.regret", "That I made her doubt herself."))
        script = self.editor("ed.sh", "text = text.replace('That I made her doubt herself.', "
                                      "'That I let her down.')")
        later = {"EDITOR": script, "REKINDLE_NOW": "2026-11-21T10:00:00Z"}
        r = self.assertOk(self.rf("edit", "1", env=later))
        self.assertIn("entry 1 saved; the earlier version is kept", r.err)
        revisions = self.show(1, "--revisions")
        self.assertEqual(len(revisions), 1, revisions)
        self.assertIn("That I made her doubt herself.", revisions[0]["text"])
        self.assertNotIn("That I let her down.", revisions[0]["text"])
        self.assertEqual(revisions[0]["replaced_at"], "2026-11-21T10:00:00Z")
        self.assertEqual(self.answers_of(1), [("trust.regret", "That I let her down.")])
        self.assertEqual(self.show(1)[0]["at"], NOW)  # the day it is about does not move

        # A file changed only in its notes, or not at all, adds no revision.
        notes_only = self.editor("notes.sh", "text = '# just looking\\n' + text")
        for editor in (notes_only, "true"):
            r = self.assertOk(self.rf("edit", "1", env={"EDITOR": editor}))
            self.assertIn("entry 1 was not changed", r.err)
            self.assertEqual(len(self.show(1, "--revisions")), 1)
        self.assertEqual(self.answers_of(1), [("trust.regret", "That I let her down.")])

    def edit_upper(self, entry_id, old, new):
        script = self.editor("upper.sh", f"text = text.replace({old!r}, {new!r})")
        return self.rf("edit", str(entry_id), env={"EDITOR": script})

    def test_edit_keeps_lines_of_free_text_that_look_like_notes(self):
        # Regression (a bug found by testing): lines starting with "# " (a Markdown heading, common in jrnl files) or a lone
        # "#" are read back as the template's notes, so an edit of another line drops them.
        self.assertOk(self.rf("add", "# Three things\nreal text line\n#\nend"))
        self.assertOk(self.edit_upper(1, "real text", "REAL text"))
        self.assertEqual(self.show(1)[0]["text"], "# Three things\nREAL text line\n#\nend")

    def test_edit_keeps_free_text_that_starts_like_the_header(self):
        # Regression (a bug found by testing): a first line "title: ..." becomes the entry's title and "tags: ..." its tags,
        # though the person only changed another line.
        self.assertOk(self.rf("add", "title: not a title\nbody"))
        self.assertOk(self.rf("add", "tags: not tags\nbody"))
        for entry_id, first in ((1, "title: not a title"), (2, "tags: not tags")):
            self.assertOk(self.edit_upper(entry_id, "body", "BODY"))
            rows = self.show(entry_id)
            self.assertEqual((rows[0]["text"], rows[0]["tags"]), (first + "\nBODY", ""))

    def test_an_answer_holding_a_heading_line_can_still_be_edited(self):
        # Regression (a bug found by testing): the stored answer's line "## ... {trust.actions}" is read as a heading, so
        # any edit of the entry exits 65 ("the prompt 'trust.actions' appears twice").
        self.assertOk(self.rf("add", "--prompt", "trust.regret",
                              "line one\n## Copied heading {trust.actions}\nline three"))
        r = self.edit_upper(1, "line one", "LINE ONE")
        self.assertEqual(r.code, 0, r)
        self.assertEqual(self.answers_of(1), [
            ("trust.regret", "LINE ONE\n## Copied heading {trust.actions}\nline three")])

    def test_search_follows_an_edit(self):
        self.assertOk(self.rf("add", "--prompt", "trust.regret", "zebra words"))
        self.assertOk(self.rf("add", "free giraffe"))
        self.assertOk(self.edit_upper(1, "zebra", "walrus"))
        self.assertOk(self.edit_upper(2, "giraffe", "okapi"))
        hits = lambda q: [h["id"] for h in self.tsv(self.assertOk(self.rf("search", q)).out)]
        self.assertEqual((hits("zebra"), hits("walrus")), ([], ["1"]))
        self.assertEqual((hits("giraffe"), hits("okapi")), ([], ["2"]))

    def test_edit_of_a_missing_entry_exits_2(self):
        self.assertFails(self.rf("edit", "7", env={"EDITOR": "true"}), 2, "no entry 7")


class Writing(ReflectTest):
    def test_add_from_an_argument_a_dash_and_piped_stdin(self):
        r = self.assertOk(self.rf("add", "First thought"))
        self.assertEqual(r.err, "saved entry 1 (2 words)\n")
        self.assertEqual(r.out, "")
        r = self.assertOk(self.rf("add", "-", input="From a dash\nand a second line\n"))
        self.assertIn("saved entry 2", r.err)
        r = self.assertOk(self.rf("add", input="Piped in\n"))
        self.assertIn("saved entry 3", r.err)
        texts = {int(e["id"]): self.show(e["id"])[0]["text"] for e in self.entries()}
        self.assertEqual(texts, {1: "First thought", 2: "From a dash\nand a second line",
                                 3: "Piped in"})
        self.assertFails(self.rf("add", input=""), 2, "empty")
        self.assertFails(self.rf("add", "   "), 2, "empty")
        self.assertEqual(len(self.entries()), 3)

    def test_add_an_answer_to_a_prompt(self):
        self.assertOk(self.rf("add", "--prompt", "my-part.patience", "I hurried her"))
        rows = self.show(1)
        self.assertEqual([(r["theme"], r["prompt"], r["question"], r["text"]) for r in rows],
                         [("my-part", "my-part.patience",
                           "When could I have been more patient with them?", "I hurried her")])
        self.assertEqual(self.entries()[0]["answers"], "1")
        self.assertOk(self.rf("add", "--theme", "trust", "Free words on trust"))
        self.assertEqual(self.show(2)[0]["theme"], "trust")
        self.assertIsNone(self.show(2)[0]["prompt"])

    def test_tags_from_options_and_hashtags_are_lowercased(self):
        r = self.assertOk(self.rf("add", "A calm #Morning walk, #walk again #1", "--tag", "Hope",
                                  "--tag", "#Outside"))
        self.assertIn("tags: hope outside morning walk", r.err)
        self.assertEqual(self.entries()[0]["tags"], "hope outside morning walk")
        self.assertEqual(self.show(1)[0]["tags"], "hope outside morning walk")

    def test_dates_in_the_past_and_the_future(self):
        self.assertOk(self.rf("add", "Yesterday's note", "--date", "yesterday"))
        self.assertEqual(self.entries()[0]["day"], "2026-11-19")
        self.assertOk(self.rf("add", "At a time", "--date", "2026-11-02T09:30"))
        self.assertEqual(self.show(2)[0]["at"], "2026-11-02T09:30:00Z")
        self.assertFails(self.rf("add", "Not yet", "--date", "2026-11-25"), 2, "future")
        self.assertFails(self.rf("add", "Never", "--date", "someday"), 2, "someday")
        self.assertEqual(len(self.entries()), 2)

    def test_unknown_prompts_and_themes_suggest_the_right_one(self):
        r = self.assertFails(self.rf("add", "--prompt", "my-part.patiense", "x"), 2,
                             "no prompt with the id 'my-part.patiense'",
                             "did you mean 'my-part.patience'")
        self.assertEqual(r.out, "")
        self.assertFails(self.rf("add", "--theme", "trustt", "x"), 2,
                         "no theme named 'trustt'", "did you mean 'trust'")
        self.assertFails(self.rf("list", "--theme", "trustt"), 2, "did you mean 'trust'")
        self.assertFails(self.rf("prompts", "--theme", "trustt"), 2, "did you mean 'trust'")
        self.assertFalse(os.path.exists(os.path.join(self.home, "data")))

    def test_a_prompt_of_another_theme_is_refused(self):
        self.assertFails(self.rf("add", "--theme", "trust", "--prompt", "my-part.patience", "x"),
                         2, "'my-part.patience' belongs to the theme 'my-part', not 'trust'")
        self.assertFalse(os.path.exists(self.db))

    def test_list_header_order_limit_theme_and_tag(self):
        self.assertOk(self.rf("add", "--prompt", "trust.regret", "Regret #guilt", "--date",
                              "2026-11-18"))
        self.assertOk(self.rf("add", "Old free text", "--tag", "walk", "--date", "2026-11-10"))
        self.assertOk(self.rf("add", "--theme", "trust", "Newest, on trust"))
        r = self.assertOk(self.rf("list"))
        self.assertEqual(r.out.split("\n")[0],
                         "id\tday\tat\ttheme\tpreview\tanswers\ttags\tstarred")
        rows = self.tsv(r.out)
        self.assertEqual([e["id"] for e in rows], ["3", "1", "2"])  # newest first, by date
        self.assertEqual(rows[1], {"id": "1", "day": "2026-11-18", "at": "2026-11-18T12:00:00Z",
                                   "theme": "trust", "preview": "Regret #guilt", "answers": "1",
                                   "tags": "guilt", "starred": "false"})
        self.assertEqual([e["id"] for e in self.entries("--limit", "2")], ["3", "1"])
        self.assertEqual([e["id"] for e in self.entries("--theme", "trust")], ["3", "1"])
        self.assertEqual([e["id"] for e in self.entries("--tag", "walk")], ["2"])
        self.assertEqual([e["id"] for e in self.entries("--tag", "GUILT")], ["1"])
        self.assertEqual(self.entries("--tag", "nothing"), [])
        self.assertFails(self.rf("list", "--limit", "0"), 2)

    def test_since_and_until_are_whole_local_days(self):
        ny = {"TZ": "America/New_York"}
        for text, date in (("one", "2026-11-14T23:30"), ("two", "2026-11-15T00:10"),
                           ("three", "2026-11-15T23:50"), ("four", "2026-11-16T00:30")):
            self.assertOk(self.rf("add", text, "--date", date, env=ny))
        previews = lambda *a: [e["preview"] for e in self.entries(*a, env=ny)]
        self.assertEqual(self.entries(env=ny)[3]["at"], "2026-11-15T04:30:00Z")
        self.assertEqual(previews("--since", "2026-11-15", "--until", "2026-11-15"),
                         ["three", "two"])
        self.assertEqual(previews("--since", "2026-11-16"), ["four"])
        self.assertEqual(previews("--until", "2026-11-14"), ["one"])
        self.assertEqual(previews("--since", "2026-11-15"), ["four", "three", "two"])
        # The same entries seen from UTC fall on other days.
        self.assertEqual([e["preview"] for e in self.entries("--until", "2026-11-15")],
                         ["two", "one"])

    def test_rm_hides_an_entry_but_export_keeps_it(self):
        self.assertOk(self.rf("add", "--prompt", "trust.regret", "A rare word: zanzibar"))
        self.assertOk(self.rf("add", "Another entry"))
        before = self.digest()
        self.assertFails(self.rf("rm", "1"), 2, "--yes")
        self.assertFails(self.rf("rm", "1", input="y\n"), 2, "--yes")
        self.assertEqual(self.digest(), before)
        self.assertEqual(len(self.entries()), 2)
        r = self.assertOk(self.rf("rm", "1", "--yes", env={"REKINDLE_NOW": "2026-11-20T21:00:00Z"}))
        self.assertIn("removed entry 1; it stays in export", r.err)
        self.assertEqual([e["id"] for e in self.entries()], ["2"])
        self.assertEqual(self.tsv(self.assertOk(self.rf("search", "zanzibar")).out), [])
        self.assertEqual(self.rows("answers", "trust.regret"), [])
        self.assertFails(self.rf("show", "1"), 2, "no entry 1")
        self.assertFails(self.rf("rm", "1", "--yes"), 2, "no entry 1")
        records = [json.loads(l) for l in self.export_lines()[1:]]
        removed = [r for r in records if r["type"] == "entry" and r["removed_at"]]
        self.assertEqual(len(removed), 1)
        self.assertEqual(removed[0]["removed_at"], "2026-11-20T21:00:00Z")
        self.assertIn("A rare word: zanzibar",
                      [r["text"] for r in records if r["type"] == "answer"])


class Answers(ReflectTest):
    def test_every_answer_to_one_prompt_oldest_first(self):
        self.assertOk(self.rf("add", "--prompt", "trust.regret", "The later one", "--date",
                              "2026-11-15"))
        self.assertOk(self.rf("add", "--prompt", "trust.regret", "The earlier one", "--date",
                              "2026-11-01"))
        self.assertOk(self.rf("add", "--prompt", "trust.actions", "Not this one"))
        self.assertOk(self.rf("add", "Nor free text"))
        r = self.assertOk(self.rf("answers", "trust.regret"))
        self.assertEqual(r.out.split("\n")[0], "entry\tday\tat\tanswer")
        rows = self.tsv(r.out)
        self.assertEqual([(a["entry"], a["day"], a["answer"]) for a in rows],
                         [("2", "2026-11-01", "The earlier one"),
                          ("1", "2026-11-15", "The later one")])
        data = json.loads(self.assertOk(self.rf("answers", "trust.regret", "--format", "json")).out)
        self.assertEqual(data[0]["entry"], 2)

    def test_an_unanswered_prompt_and_an_unknown_one(self):
        r = self.assertOk(self.rf("answers", "trust.regret"))
        self.assertEqual(self.tsv(r.out), [])
        self.assertIn("has not been answered yet", r.err)
        self.assertFails(self.rf("answers", "trust.regrett"), 2, "did you mean 'trust.regret'")


class Search(ReflectTest):
    def fill(self):
        for text in ("We kept score of every favour",
                     "I should apologise properly",
                     "Score keeping again, and an apology",
                     "Coffee at the CAFE was calm",
                     "calm and anger both"):
            self.assertOk(self.rf("-q", "add", text))

    def hits(self, query, *args):
        return self.tsv(self.assertOk(self.rf("search", query, *args)).out)

    def test_hits_are_ranked_and_marked_when_not_a_terminal(self):
        self.assertOk(self.rf("add", "one mention of trust among many other quiet words here"))
        self.assertOk(self.rf("add", "trust, trust and trust again"))
        r = self.assertOk(self.rf("search", "trust"))
        self.assertEqual(r.out.split("\n")[0], "id\tday\tat\ttheme\tsnippet\trank")
        hits = self.tsv(r.out)
        self.assertEqual([h["id"] for h in hits], ["2", "1"])
        self.assertLessEqual(float(hits[0]["rank"]), float(hits[1]["rank"]))
        self.assertEqual(hits[0]["snippet"], "**trust**, **trust** and **trust** again")
        self.assertNotIn("\x1b", r.out)
        self.assertEqual(len(self.hits("trust", "--limit", "1")), 1)

    def test_colour_highlights_the_match_in_a_table(self):
        self.fill()
        r = self.assertOk(self.rf("search", "favour", "--color", "always", "--format", "table"))
        self.assertRegex(r.out, r"\x1b\[[0-9;]*mfavour\x1b\[0?m")
        self.assertNotIn("**", r.out)
        plain = self.assertOk(self.rf("search", "favour", "--format", "table")).out
        self.assertNotIn("\x1b", plain)
        self.assertIn("favour", plain)

    def test_fts5_syntax(self):
        self.fill()
        phrase = self.hits('"kept score"')
        self.assertEqual([h["id"] for h in phrase], ["1"])
        self.assertIn("**kept score**", phrase[0]["snippet"])
        self.assertEqual(sorted(h["id"] for h in self.hits("apolog*")), ["2", "3"])
        self.assertEqual(sorted(h["id"] for h in self.hits("favour OR calm")), ["1", "4", "5"])
        self.assertEqual([h["id"] for h in self.hits("calm NOT anger")], ["4"])
        self.assertEqual(self.hits("nowhere"), [])

    def test_malformed_queries_exit_2_in_our_own_words(self):
        self.fill()
        for query in ('"unterminated', "a AND", "well-being", "NOT calm", "("):
            r = self.assertFails(self.rf("search", query), 2, f"cannot search for '{query}'")
            self.assertEqual(r.out, "")
            for word in ("fts5", "sqlite", "sql"):
                self.assertNotIn(word, r.err.lower(), r)
        self.assertFails(self.rf("search", "  "), 2, "empty")
        self.assertEqual(len(self.hits('"well-being"')), 0)

    def test_an_apostrophe_gets_a_hint_about_quotes_not_about_not(self):
        # Regression (a bug found by testing): "don't" is refused with "it cannot be read near "'"; NOT needs a word before
        # it too, as in 'calm NOT anger'": advice about NOT for a query without NOT.
        self.assertOk(self.rf("add", "I don't want to keep score"))
        r = self.assertFails(self.rf("search", "don't"), 2, "cannot search for 'don't'")
        self.assertNotIn("NOT", r.err.split(": ", 2)[-1].replace("'don't'", ""))
        self.assertIn("double quotes", r.err)
        self.assertEqual(len(self.tsv(self.assertOk(self.rf("search", '"don\'t"')).out)), 1)

    def test_coloured_snippets_still_escape_stored_control_characters(self):
        self.assertOk(self.rf("add", "see \x1b[31mred\x1b[0m here"))
        r = self.assertOk(self.rf("search", "here", "--color", "always", "--format", "table"))
        self.assertIn("\x1b[", r.out)  # the highlight
        self.assertNotIn("\x1b[31m", r.out)
        self.assertIn("\\x1b[31m", r.out)

    def test_removed_entries_are_not_found(self):
        self.fill()
        self.assertEqual([h["id"] for h in self.hits("favour")], ["1"])
        self.assertOk(self.rf("rm", "1", "--yes"))
        self.assertEqual(self.hits("favour"), [])

    def test_case_and_accents_do_not_matter(self):
        self.fill()
        self.assertOk(self.rf("add", "Un sentiment de déjà vu"))
        self.assertEqual([h["id"] for h in self.hits("café")], ["4"])
        self.assertEqual([h["id"] for h in self.hits("cafe")], ["4"])
        self.assertEqual([h["id"] for h in self.hits("CAFÉ")], ["4"])
        self.assertEqual([h["id"] for h in self.hits("DEJA")], ["6"])
        self.assertIn("**déjà**", self.hits("deja")[0]["snippet"])

    def test_answers_and_titles_are_searched(self):
        self.assertOk(self.rf("add", "--prompt", "trust.regret", "The quarrel about keys"))
        jrnl = self.write("j.txt", "[2026-01-02 09:15] Keys again. Nothing else.\n")
        self.assertOk(self.rf("import", "--from", "jrnl", jrnl))
        self.assertEqual(sorted(h["id"] for h in self.hits("keys")), ["1", "2"])
        self.assertEqual(self.hits("quarrel")[0]["theme"], "trust")


class Overview(ReflectTest):
    def test_prompts_of_a_theme_with_answered_counts(self):
        self.assertOk(self.rf("add", "--prompt", "trust.regret", "one", "--date", "2026-11-10"))
        self.assertOk(self.rf("add", "--prompt", "trust.regret", "two", "--date", "2026-11-12"))
        self.assertOk(self.rf("add", "--prompt", "trust.actions", "three"))
        r = self.assertOk(self.rf("prompts", "--theme", "trust"))
        self.assertEqual(r.out.split("\n")[0],
                         "id\ttheme\tquestion\tanswered\tlast_answered\thint\torigin")
        rows = self.tsv(r.out)
        self.assertEqual([(p["id"], p["answered"], p["last_answered"]) for p in rows],
                         [("trust.acknowledge", "0", ""), ("trust.regret", "2", "2026-11-12"),
                          ("trust.actions", "1", "2026-11-20"), ("trust.dropped", "0", "")])
        self.assertEqual({p["theme"] for p in rows}, {"trust"})
        self.assertEqual({p["origin"] for p in rows}, {"shipped"})
        every = self.rows("prompts")
        self.assertGreater(len(every), 40)
        self.assertEqual(every[0]["id"], "breakup.good-times")

    def test_config_themes_add_and_disable_prompts(self):
        self.write_config('[reflect]\ndisabled = ["breakup", "trust.dropped"]\n\n'
                          '[[reflect.themes]]\nname = "mornings"\ntitle = "Mornings"\n\n'
                          '[[reflect.themes.prompts]]\nid = "mornings.first"\n'
                          'question = "What did I notice first?"\n')
        rows = self.rows("prompts")
        ids = [p["id"] for p in rows]
        self.assertNotIn("trust.dropped", ids)
        self.assertFalse(any(i.startswith("breakup.") for i in ids))
        self.assertEqual(rows[-1]["id"], "mornings.first")
        self.assertEqual(rows[-1]["origin"], "config")
        self.assertFails(self.rf("prompts", "--theme", "breakup"), 2, "no theme named 'breakup'")
        self.assertOk(self.rf("add", "--prompt", "mornings.first", "Birdsong"))
        self.assertEqual(self.answers_of(1), [("mornings.first", "Birdsong")])
        code, shown = self.session([], [b"\x04"])  # breakup is off, so my-part comes first
        self.assertEqual(code, 0, shown)
        self.assertIn("My part in it", shown)

    def test_stats_counts_entries_and_words_and_names_untouched_themes(self):
        self.assertOk(self.rf("add", "--prompt", "trust.regret", "one two three #guilt"))
        self.assertOk(self.rf("add", "--theme", "breakup", "four five", "--date", "2026-10-03"))
        self.assertOk(self.rf("add", "six"))
        r = self.assertOk(self.rf("stats"))
        self.assertEqual(r.out.split("\n")[0], "group\tname\tentries\twords")
        rows = {(s["group"], s["name"]): (s["entries"], s["words"]) for s in self.tsv(r.out)}
        self.assertEqual(rows[("total", "all")], ("3", "7"))
        self.assertEqual(rows[("theme", "trust")], ("1", "4"))
        self.assertEqual(rows[("theme", "breakup")], ("1", "2"))
        self.assertEqual(rows[("theme", "my-part")], ("0", "0"))
        self.assertEqual(rows[("theme", "incident")], ("0", "0"))
        self.assertEqual(rows[("theme", "(free)")], ("1", "1"))
        self.assertEqual(rows[("month", "2026-10")], ("1", "2"))
        self.assertEqual(rows[("month", "2026-11")], ("2", "5"))
        self.assertEqual(rows[("tag", "guilt")], ("1", "4"))
        self.assertIn("not yet touched: ", r.err)
        untouched = r.err.split("not yet touched: ")[1].strip().split(", ")
        self.assertIn("my-part", untouched)
        self.assertNotIn("trust", untouched)
        self.assertNotIn("breakup", untouched)
        self.assertEqual(self.assertOk(self.rf("-q", "stats")).err, "")


class ExportImport(ReflectTest):
    def fill(self):
        self.assertOk(self.rf("add", "--prompt", "trust.regret", "That I made her doubt herself."))
        self.assertOk(self.rf("add", "Free text with #tags, \"quotes\"\tand a tab\nand lines",
                              "--date", "2026-11-02T08:00"))
        self.assertOk(self.rf("add", "--theme", "breakup", "Soon to go"))
        self.assertOk(self.rf("rm", "3", "--yes"))
        script = self.editor("ed.sh", "text = text.replace('doubt herself.', 'feel small.')")
        self.assertOk(self.rf("edit", "1", env={"EDITOR": script,
                                                "REKINDLE_NOW": "2026-11-21T09:00:00Z"}))
        jrnl = self.write("j.txt", "[2026-01-05 22:40] A hard evening *\nNearly texted. @urge\n")
        self.assertOk(self.rf("import", "--from", "jrnl", jrnl))

    def test_round_trip_through_a_pipe_loses_nothing(self):
        self.fill()
        first = self.export_lines()
        self.assertEqual(json.loads(first[0]), {"type": "rekindle", "format": 1})
        records = [json.loads(l) for l in first[1:]]
        self.assertEqual(sorted({r["type"] for r in records}), ["answer", "entry", "revision"])
        self.assertTrue(all(r["tool"] == "reflect" for r in records))
        other = os.path.join(self.home, "copy.db")
        r = self.assertOk(self.sh(f"rekindle-reflect export | rekindle-reflect import --db '{other}'"))
        self.assertIn("imported 4 entries, 1 answer, 1 revision", r.err)
        self.assertEqual(self.export_lines("--db", other)[1:], first[1:])
        self.assertEqual(self.rf("list", "--db", other).out, self.rf("list").out)
        self.assertEqual(self.rf("show", "1", "--revisions", "--db", other).out,
                         self.rf("show", "1", "--revisions").out)
        # Importing the same records again adds nothing.
        r = self.assertOk(self.sh(f"rekindle-reflect export | rekindle-reflect import - --db '{other}'"))
        self.assertIn("imported 0 entries, 0 answers, 0 revisions (6 already present)", r.err)
        self.assertEqual(self.export_lines("--db", other)[1:], first[1:])

    def test_markdown_export(self):
        self.fill()
        r = self.assertOk(self.rf("export", "--format", "md"))
        self.assertTrue(r.out.startswith("# Reflection journal\n"), r.out)
        self.assertIn("### What do I sincerely regret, and why?\n\nThat I made her feel small.",
                      r.out)
        self.assertIn("## 2026-01-05 22:40 · A hard evening", r.out)
        self.assertNotIn("Soon to go", r.out)  # removed
        self.assertFails(self.rf("export", "--format", "csv"), 2, "jsonl or md")
        self.assertFails(self.rf("list", "--format", "md"), 2, "export only")

    def test_a_bad_line_exits_65_naming_it_and_writes_nothing(self):
        self.assertOk(self.rf("add", "--prompt", "trust.regret", "sorry"))
        good = self.export_lines()
        unknown_entry = json.dumps({"type": "answer", "tool": "reflect",
                                    "entry": "cdeadbeefdeadbeefdeadbeefdeadbee",
                                    "prompt": "trust.regret", "text": "x"})
        wrong_type = json.dumps({"type": "entry", "tool": "reflect", "text": "x",
                                 "starred": "yes"})
        fresh = os.path.join(self.home, "fresh.db")
        for bad, why in ((unknown_entry, "is not stored"), (wrong_type, "'starred'")):
            path = self.write("bad.jsonl", "\n".join([good[0], good[1], bad, good[2]]) + "\n")
            self.assertFails(self.rf("import", path, "--db", fresh), 65, f"{path}:3:", why)
            self.assertFalse(os.path.exists(fresh))
            before = self.digest()
            self.assertFails(self.rf("import", path), 65, f"{path}:3:", why)
            self.assertEqual(self.digest(), before)
            with open(path, encoding="utf-8") as f:
                self.assertFails(self.rf("import", input=f.read()), 65, "stdin:3:")
        self.assertEqual(len(self.entries()), 1)

    def test_hand_written_records_name_real_themes(self):
        line = json.dumps({"type": "entry", "tool": "reflect", "theme": "trsut", "text": "x"})
        self.assertFails(self.rf("import", input=line + "\n"), 65, "stdin:1:",
                         "did you mean 'trust'")
        self.assertFalse(os.path.exists(self.db))

    def test_the_dispatcher_exports_reflect_records_too(self):
        self.fill()
        self.assertOk(self.run_tool("check", "trust", "1"))  # a checklist record as well
        r = self.assertOk(self.run_tool("export", tool="rekindle"))
        lines = r.out.splitlines()
        self.assertEqual(lines[0], self.export_lines()[0])
        mine = [l for l in lines if json.loads(l).get("tool") == "reflect"]
        self.assertEqual(mine, self.export_lines()[1:])
        self.assertTrue(any(json.loads(l).get("tool") == "checklist" for l in lines))


class Jrnl(ReflectTest):
    JRNL = ("[2026-01-02 09:15] Walked by the river. It was cold but I felt lighter. @walk\n"
            "Second line of the body.\n"
            "\n"
            "[2026-01-05 22:40] A hard evening *\n"
            "Nearly texted. @urge @Evening\n")

    def test_import_keeps_titles_bodies_tags_stars_and_local_times(self):
        path = self.write("journal.txt", self.JRNL)
        berlin = {"TZ": "Europe/Berlin"}
        r = self.assertOk(self.rf("import", "--from", "jrnl", path, env=berlin))
        self.assertIn("imported 2 entries from jrnl", r.err)
        records = [json.loads(l) for l in self.export_lines()[1:]]
        got = [(e["title"], e["text"], e["tags"], e["starred"], e["at"], e["theme"])
               for e in records]
        self.assertEqual(got, [
            ("Walked by the river.", "It was cold but I felt lighter. @walk\nSecond line of the body.",
             ["walk"], False, "2026-01-02T08:15:00Z", None),
            ("A hard evening", "Nearly texted. @urge @Evening", ["urge", "evening"], True,
             "2026-01-05T21:40:00Z", None)])
        rows = self.entries(env=berlin)
        self.assertEqual([(e["preview"], e["day"], e["starred"]) for e in rows],
                         [("A hard evening", "2026-01-05", "true"),
                          ("Walked by the river.", "2026-01-02", "false")])
        # The same file again adds nothing.
        r = self.assertOk(self.rf("import", "--from", "jrnl", path, env=berlin))
        self.assertIn("imported 0 entries from jrnl (2 already present)", r.err)
        self.assertEqual(len(self.entries()), 2)
        r = self.assertOk(self.rf("import", "--from", "jrnl", env=berlin, input=self.JRNL))
        self.assertIn("(2 already present)", r.err)

    def test_twelve_hour_stamps(self):
        path = self.write("j.txt", "[2026-01-02 09:15 PM] Evening walk.\n\n"
                                   "[2026-01-03 12:05 AM] Just after midnight\n"
                                   "[2026-01-03 12:30 pm] Lunch\n")
        self.assertOk(self.rf("import", "--from", "jrnl", path))
        records = [json.loads(l) for l in self.export_lines()[1:]]
        self.assertEqual([(e["title"], e["at"]) for e in records],
                         [("Evening walk.", "2026-01-02T21:15:00Z"),
                          ("Just after midnight", "2026-01-03T00:05:00Z"),
                          ("Lunch", "2026-01-03T12:30:00Z")])

    def test_an_impossible_date_exits_65_naming_its_line(self):
        path = self.write("j.txt", "[2026-01-02 09:15] fine\nbody\n\n[2026-02-30 10:00] bad day\n")
        self.assertFails(self.rf("import", "--from", "jrnl", path), 65, f"{path}:4:")
        self.assertFalse(os.path.exists(self.db))
        self.assertOk(self.rf("add", "already here"))
        before = self.digest()
        self.assertFails(self.rf("import", "--from", "jrnl", path), 65, f"{path}:4:")
        self.assertEqual(self.digest(), before)
        self.assertEqual(len(self.entries()), 1)

    def test_text_before_the_first_entry_exits_65_naming_line_1(self):
        path = self.write("j.txt", "My journal\n[2026-01-02 09:15] fine\n")
        self.assertFails(self.rf("import", "--from", "jrnl", path), 65, f"{path}:1:")
        self.assertFalse(os.path.exists(self.db))

    def test_an_unknown_source_program_is_refused(self):
        path = self.write("j.txt", self.JRNL)
        self.assertFails(self.rf("import", "--from", "dayone", path), 2, "dayone")
        self.assertFalse(os.path.exists(self.db))


class OddBytes(ReflectTest):
    ODD = "tab\there\nnew \"q\" 😊 \x1b[31mred"

    def test_odd_text_survives_every_format_and_a_round_trip(self):
        self.assertOk(self.rf("add", self.ODD))
        self.assertOk(self.rf("add", "--prompt", "trust.regret", self.ODD + " \x07bell"))
        self.assertEqual(self.show(1)[0]["text"], self.ODD)
        self.assertEqual(self.show(2)[0]["text"], self.ODD + " \x07bell")
        tsv = self.assertOk(self.rf("show", "1", "--format", "tsv")).out
        self.assertIn("tab\\there\\nnew \"q\" 😊", tsv)
        self.assertEqual(len(tsv.splitlines()), 2)
        self.assertEqual(len(tsv.splitlines()[1].split("\t")), 9)
        for args in (["show", "1"], ["show", "2"], ["list"], ["answers", "trust.regret"],
                     ["search", "here"]):
            table = self.assertOk(self.rf(*args, "--format", "table")).out
            self.assertNotIn("\x1b", table, args)
            self.assertNotIn("\x07", table, args)
        self.assertIn("\\x1b[31mred", self.rf("show", "1", "--format", "table").out)
        other = os.path.join(self.home, "copy.db")
        self.assertOk(self.sh(f"rekindle-reflect export | rekindle-reflect import --db '{other}'"))
        self.assertEqual(self.show(1, "--db", other)[0]["text"], self.ODD)
        self.assertEqual(self.show(2, "--db", other)[0]["text"], self.ODD + " \x07bell")

    def test_messages_never_echo_raw_escapes(self):
        r = self.assertFails(self.rf("add", "--prompt", "trust.\x1b[2Jx", "x"), 2)
        self.assertNotIn("\x1b", r.err)
        r = self.assertFails(self.rf("search", "\"\x1b[2J"), 2, "cannot search")
        self.assertNotIn("\x1b", r.err)

    def test_invalid_utf8_on_stdin_exits_65(self):
        r = self.rf("add", "-", input=b"caf\xe9 \xff\n", binary=True)
        self.assertEqual(r.code, 65, r)
        self.assertIn(b"not valid UTF-8", r.err)
        r = self.rf("add", input=b"\xff\xfe\n", binary=True)
        self.assertEqual(r.code, 65, r)
        self.assertFalse(os.path.exists(self.db))
        r = self.sh("rekindle-reflect add $'caf\\xe9'")
        self.assertEqual(r.code, 65, r)
        self.assertFalse(os.path.exists(self.db))


class ReadOnly(ReflectTest):
    COMMANDS = (["list"], ["search", "word"], ["prompts"], ["stats"], ["export"],
                ["export", "--format", "md"], ["answers", "trust.regret"],
                ["prompts", "--theme", "trust"], ["list", "--tag", "x"])

    def test_read_only_commands_create_no_database(self):
        for args in self.COMMANDS:
            self.assertOk(self.rf(*args))
        self.assertFails(self.rf("show", "1"), 2, "no entry 1")
        self.assertFalse(os.path.exists(os.path.join(self.home, "data")))
        other = os.path.join(self.home, "elsewhere", "none.db")
        for args in self.COMMANDS:
            self.assertOk(self.rf(*args, "--db", other))
        self.assertFalse(os.path.exists(os.path.dirname(other)))

    def test_read_only_commands_leave_the_database_untouched(self):
        self.assertOk(self.rf("add", "--prompt", "trust.regret", "a word"))
        before = self.digest()
        mtime = os.stat(self.db).st_mtime_ns
        for args in self.COMMANDS + (["show", "1"], ["show", "1", "--revisions"]):
            self.assertOk(self.rf(*args))
        self.assertEqual(self.digest(), before)
        self.assertEqual(os.stat(self.db).st_mtime_ns, mtime)


if __name__ == "__main__":
    unittest.main()


class Bounds(ReflectTest):
    def test_until_the_last_day_there_is_works_behind_utc(self):
        # Regression: the end of 9999-12-31 in Los Angeles is in the year 10000 in UTC.
        self.assertOk(self.rf("add", "x"))
        env = {"TZ": "America/Los_Angeles"}
        self.assertEqual(len(self.entries("--until", "9999-12-31", env=env)), 1)
        self.assertEqual(len(self.entries("--since", "0001-01-01", env={"TZ": "Pacific/Kiritimati"})),
                         1)


class Numbers(ReflectTest):
    def test_entry_numbers_and_limits_are_counting_numbers(self):
        for args in (["show", "0"], ["show", "1x"], ["list", "--limit", "-1"],
                     ["search", "x", "--limit", "0"], ["show", "99999999999999999999"]):
            self.assertFails(self.rf(*args), 2, "must be a whole number from 1")

    def test_a_piped_import_does_not_need_tmpdir(self):
        self.assertOk(self.rf("add", "kept"))
        exported = self.assertOk(self.rf("export")).out
        r = self.rf("--db", os.path.join(self.home, "copy.db"), "import", input=exported,
                    env={"TMPDIR": "/nonexistent"})
        self.assertOk(r)


class ConfigThemes(ReflectTest):
    def test_answers_to_a_prompt_turned_off_stay_readable(self):
        self.assertOk(self.rf("add", "--prompt", "trust.regret", "the silence"))
        self.write_config('[reflect]\ndisabled = ["trust.regret"]\n')
        r = self.assertOk(self.rf("answers", "trust.regret"))
        self.assertEqual([row["answer"] for row in self.tsv(r.out)], ["the silence"])
        self.assertFails(self.rf("answers", "trust.regrets"), 2, "no prompt with the id")

    def test_a_theme_without_prompts_is_not_offered(self):
        self.write_config('[[reflect.themes]]\nname = "empty"\n')
        self.assertFails(self.rf("--theme", "empty"), 2, "no theme named 'empty'")

    def test_the_sessions_tag_does_not_filter_list(self):
        self.assertOk(self.rf("add", "untagged"))
        self.assertEqual(len(self.entries()), 1)
        self.assertEqual(len(self.rows("--tag", "x", "list")), 1)
