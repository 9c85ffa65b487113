"""The EXAMPLES of the man pages run as written, taken from the rendered pages (what a
person reads and copies), in a fresh temporary HOME with bash."""
import os
import re
import subprocess
import textwrap
import unittest

from harness import BIN, SRC, CliTest


def examples(page):
    """The code blocks of a page's EXAMPLES section, each dedented, in order. In the
    rendered page prose is indented by 7 columns and examples (.RS 4 .EX) by 11 or more;
    a block may hold blank lines, and ends where prose begins."""
    text = subprocess.run(["groff", "-man", "-Tascii", "-P", "-cbou",
                           os.path.join(SRC, "man", page)],
                          capture_output=True, text=True, check=True).stdout
    section = re.search(r"^EXAMPLES\n(.*?)^\S", text, re.M | re.S).group(1)
    blocks, block = [], []
    for line in section.split("\n") + ["end"]:
        if line.startswith(" " * 11) or (block and not line.strip()):
            block.append(line)
        elif block:
            blocks.append(textwrap.dedent("\n".join(block)).strip("\n") + "\n")
            block = []
    return blocks


class Examples(CliTest):
    def bash(self, script, path):
        env = dict(self.env, PATH=path, MANPAGER="cat", PAGER="cat")
        proc = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script],
                              capture_output=True, text=True, env=env, cwd=self.home,
                              stdin=subprocess.DEVNULL, timeout=60, start_new_session=True)
        self.assertEqual(proc.returncode, 0, f"{script}\nstdout:\n{proc.stdout}\n"
                                             f"stderr:\n{proc.stderr}")
        return proc.stdout

    def test_a_user_tool_of_ones_own_works_as_written_on_a_fresh_account(self):
        block = [b for b in examples("rekindle.1") if "rekindle-gratitude" in b]
        self.assertEqual(len(block), 1, block)
        script = block[0]
        self.assertFalse(os.path.exists(os.path.join(self.home, "bin")))  # a fresh account
        out = self.bash(script, BIN + ":/usr/bin:/bin")
        with open(os.path.join(self.home, "gratitude.tsv")) as f:
            lines = f.read().splitlines()
        self.assertEqual(len(lines), 1, lines)  # `rekindle help gratitude` recorded nothing
        self.assertRegex(lines[0], r"^\d{4}-\d\d-\d\d\ta long walk by the river$")
        self.assertIn("usage: rekindle gratitude", out)
        # Asked for help again, either way, in a later shell: still nothing recorded.
        path = os.path.join(self.home, "bin") + ":" + BIN + ":/usr/bin:/bin"
        for ask in ("rekindle help gratitude", "rekindle gratitude --help",
                    "rekindle gratitude -h"):
            self.assertIn("usage: rekindle gratitude", self.bash(ask, path))
        with open(os.path.join(self.home, "gratitude.tsv")) as f:
            self.assertEqual(f.read().splitlines(), lines)

    def test_every_checklist_example_runs_as_written(self):
        # All of them touch only the temporary home: its database, ~/new.db, and files
        # written in the current folder (the home).
        blocks = examples("rekindle-checklist.1")
        self.assertGreaterEqual(len(blocks), 8)
        path = BIN + ":/usr/bin:/bin"
        outputs = {}
        for block in blocks:
            outputs[block] = self.bash(block, path)
        titles = [b for b in blocks if "cut -f2" in b]
        self.assertEqual(len(titles), 1, blocks)
        lines = outputs[titles[0]].splitlines()
        self.assertNotIn("title", lines)  # no header line
        self.assertEqual(lines[:2], ["The reasons behind the breakup", "Your own shortcomings"])
        self.assertTrue(os.path.isfile(os.path.join(self.home, "new.db")))

    def test_config_example_is_read_without_a_warning(self):
        blocks = examples("rekindle.toml.5")
        config = [b for b in blocks if b.startswith("# ~/.config/rekindle/config.toml")]
        self.assertEqual(len(config), 1, blocks)
        self.write_config(config[0])
        runs = [b for b in blocks if b.startswith("rekindle checklist")]
        self.assertEqual(len(runs), 1, blocks)
        env = dict(self.env, PATH=BIN + ":/usr/bin:/bin")
        proc = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", runs[0]],
                              capture_output=True, text=True, env=env, cwd=self.home,
                              stdin=subprocess.DEVNULL, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stderr, "")  # every key is known, none misspelt
        self.assertIn("Gentle mornings", proc.stdout)
        self.assertIn("Ten minutes outside", proc.stdout)

    def test_config_example_says_which_keys_take_effect_today(self):
        text = subprocess.run(["groff", "-man", "-Tascii", "-P", "-cbou",
                               os.path.join(SRC, "man", "rekindle.toml.5")],
                              capture_output=True, text=True, check=True).stdout
        intro = " ".join(re.search(r"^EXAMPLES\n(.*?):\n\n", text, re.M | re.S)
                         .group(1).replace("-\n", "").split())
        self.assertNotIn("every key that the released tools read", intro)
        today, later = intro.split("take effect today")
        for key in ("database", "day_starts_at", "color", "[checklist.lists]"):
            self.assertIn(key, today)
        self.assertIn("tools still to come", later)
        for key in ("week_starts", "editor", "[hooks]"):
            self.assertIn(key, later)
            self.assertNotIn(key, today)

    def test_readme_titles_example_has_no_header(self):
        with open(os.path.join(SRC, "README.md")) as f:
            lines = [line for line in f.read().splitlines() if "cut -f2" in line]
        self.assertEqual(len(lines), 1, lines)
        out = self.bash(lines[0], BIN + ":/usr/bin:/bin")
        self.assertEqual(out.splitlines()[0], "The reasons behind the breakup")


if __name__ == "__main__":
    unittest.main()
