"""The man pages render without warnings and name every option the tools' --help prints."""
import os
import re
import subprocess
import unittest

from harness import BIN, SRC, CliTest

PAGES = ["rekindle.1", "rekindle-checklist.1", "rekindle-data.1", "rekindle-nocontact.1", "rekindle-reflect.1",
         "rekindle-selfcare.1", "rekindle-signals.1",
         "rekindle.toml.5"]
SUBCOMMANDS = ["list", "show", "check", "uncheck", "reset", "new", "add", "rm", "progress",
               "history", "export", "import"]
SECTIONS = ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS", "ENVIRONMENT", "FILES",
            "EXAMPLES", "SEE ALSO"]


def render(page):
    proc = subprocess.run(["groff", "-man", "-Tascii", "-P", "-cbou", os.path.join(SRC, "man", page)],
                          capture_output=True, text=True, check=True)
    return proc.stdout


class ManPages(CliTest):
    def test_pages_render_without_warnings(self):
        for page in PAGES + ["rekindle.7"]:
            proc = subprocess.run(["groff", "-man", "-ww", "-z", os.path.join(SRC, "man", page)],
                                  capture_output=True, text=True)
            self.assertEqual(proc.returncode, 0, page)
            self.assertEqual(proc.stderr, "", f"{page}: {proc.stderr}")

    def test_every_page_points_to_the_guide(self):
        for page in PAGES:
            see_also = render(page).split("\nSEE ALSO\n")[1]
            self.assertIn("rekindle(7)", see_also, page)

    def test_the_guide_walks_the_stages_in_order(self):
        text = render("rekindle.7")
        stages = ["REFLECTION", "SPACE", "GROWTH", "TRUST AND HONEST CONVERSATION",
                  "TAKING IT SLOW", "HARD QUESTIONS"]
        places = [text.find("\n" + s + "\n") for s in stages]
        self.assertNotIn(-1, places, places)
        self.assertEqual(places, sorted(places))

    def test_pages_have_the_standard_sections(self):
        for page in PAGES:
            text = render(page)
            for section in SECTIONS:
                self.assertRegex(text, re.compile("^" + section + "$", re.M), f"{page}: {section}")

    def test_checklist_page_names_every_option_of_its_help(self):
        text = render("rekindle-checklist.1")
        helps = [self.cl("--help").out] + [self.cl(c, "--help").out for c in SUBCOMMANDS]
        options = set()
        for h in helps:
            options.update(re.findall(r"(?<![\w-])(--?[A-Za-z][\w-]*)", h))
        self.assertIn("--note", options)
        for option in sorted(options):
            self.assertRegex(text, r"(?<![\w-])" + re.escape(option) + r"(?![\w-])",
                             f"rekindle-checklist.1 does not mention {option}")
        for command in SUBCOMMANDS:
            self.assertIn(command, text)

    def test_data_page_names_every_option_of_its_help(self):
        text = render("rekindle-data.1")
        helps = [self.run_tool(*a, tool="rekindle-data").out
                 for a in (["--help"], ["export", "--help"], ["import", "--help"])]
        options = set()
        for h in helps:
            options.update(re.findall(r"(?<![\w-])(--?[A-Za-z][\w-]*)", h))
        self.assertIn("--db", options)
        for option in sorted(options):
            self.assertRegex(text, r"(?<![\w-])" + re.escape(option) + r"(?![\w-])",
                             f"rekindle-data.1 does not mention {option}")

    def test_dispatcher_page_names_its_options(self):
        text = render("rekindle.1")
        for option in ("--help", "--version", "help"):
            self.assertIn(option, text)

    def test_config_page_names_every_key(self):
        text = render("rekindle.toml.5")
        for key in ("database", "day_starts_at", "week_starts", "color", "editor",
                    "[checklist.lists.", "title", "description", "items", "detail", "key"):
            self.assertIn(key, text)


if __name__ == "__main__":
    unittest.main()
