"""Black-box tests of --date at the ends of the range of dates rekindle keeps, and on the
mornings when the clocks change."""
import json
import os
import unittest

from harness import CliTest


class DateRange(CliTest):
    def env_for(self, zone, now=None):
        env = {"TZ": zone}
        if now:
            env["REKINDLE_NOW"] = now
        return env

    def assertStillReadable(self, env):
        """Every later command still works, and what is stored moves to another database."""
        self.assertOk(self.cl("list", env=env))
        self.assertOk(self.cl("show", "reflection", env=env))
        self.assertOk(self.cl("history", env=env))
        exported = self.assertOk(self.cl("export", env=env)).out
        for line in exported.splitlines():
            at = json.loads(line).get("at")
            if at is not None:
                self.assertRegex(at, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")
        other = os.path.join(self.home, "other.db")
        self.assertOk(self.cl("import", "--db", other, input=exported, env=env))
        self.assertEqual(self.assertOk(self.cl("export", "--db", other, env=env)).out, exported)

    def test_dates_before_year_one_are_refused_and_the_database_stays_readable(self):
        for zone in ("Asia/Tokyo", "UTC", "America/St_Johns", "Pacific/Kiritimati"):
            with self.subTest(zone=zone):
                env = self.env_for(zone)
                for date in ("0000-01-01T08:00", "0000-12-31", "0000-12-31T23:59"):
                    self.assertFails(self.cl("check", "reflection", "1", "--date", date, env=env),
                                     2, f"'{date}'", "0001 to 9999")
                self.assertStillReadable(env)

    def test_local_year_one_that_is_year_zero_in_utc_is_refused(self):
        env = self.env_for("Asia/Tokyo")  # +09:18:59 local mean time before 1888
        self.assertFails(self.cl("check", "reflection", "1", "--date", "0001-01-01T08:00",
                                 env=env), 2, "0001 to 9999")
        self.assertOk(self.cl("check", "reflection", "1", "--date", "0001-01-01T10:00", env=env))
        history = self.tsv(self.assertOk(self.cl("history", env=env)).out)
        self.assertEqual([row["at"] for row in history], ["0001-01-01T00:41:01Z"])
        self.assertStillReadable(env)

    def test_counting_back_past_year_one_is_refused(self):
        env = self.env_for("America/St_Johns", "0001-01-02T12:00:00Z")
        for date in ("3 days ago", "-100000d", "100000 days ago", "friday"):
            self.assertFails(self.cl("check", "reflection", "1", "--date", date, env=env), 2,
                             "0001 to 9999")
        self.assertOk(self.cl("check", "reflection", "1", "--date", "yesterday", env=env))
        self.assertOk(self.cl("check", "reflection", "2", "--date", "0001-01-01T12:00", env=env))
        self.assertStillReadable(env)

    def test_the_last_day_of_year_9999(self):
        last = "9999-12-31T23:59:59Z"
        env = self.env_for("Pacific/Kiritimati", last)  # already 10000-01-01 on the local clock
        self.assertFails(self.cl("check", "reflection", "1", "--date", "now", env=env), 2,
                         "0001 to 9999")
        self.assertOk(self.cl("check", "reflection", "1", "--date", "yesterday", env=env))
        self.assertOk(self.cl("check", "reflection", "2", "--date", "9999-12-31T23:59", env=env))
        self.assertStillReadable(env)
        env = self.env_for("Pacific/Pago_Pago", last)
        self.assertOk(self.cl("check", "reflection", "3", "--date", "9999-12-31", env=env))
        self.assertOk(self.cl("check", "reflection", "4", "--date", "12:59", env=env))
        self.assertStillReadable(env)

    def test_times_in_year_zero_stored_before_years_were_checked_stay_readable(self):
        self.assertOk(self.cl("check", "reflection", "1"))
        old = self.assertOk(self.cl("export")).out.replace("2026-11-26T15:00:00Z",
                                                             "0000-06-01T12:00:00Z", 1)
        os.remove(self.db)
        self.assertOk(self.cl("import", input=old))
        self.assertStillReadable(self.env_for("America/St_Johns"))

    def test_a_clock_before_year_one_is_bad_data(self):
        self.assertFails(self.cl("check", "reflection", "1",
                                 env=self.env_for("UTC", "0000-12-31T23:59:59Z")), 65, "0001 to 9999")


class ClocksChanging(CliTest):
    def recorded(self, zone, now, date, item="1"):
        env = {"TZ": zone, "REKINDLE_NOW": now}
        self.assertOk(self.cl("check", "reflection", item, "--date", date, env=env))
        row = self.tsv(self.assertOk(self.cl("history", env=env)).out)[-1]
        self.assertOk(self.cl("uncheck", "reflection", item, env=env))
        return row["day"], row["at"]

    def test_a_time_shown_twice_is_the_one_that_has_passed(self):
        # London, 2026-10-25: 02:00 BST goes back to 01:00 GMT; at 01:15 GMT, 01:30 BST
        # (00:30Z) has passed and 01:30 GMT (01:30Z) is still to come.
        for date in ("01:30", "2026-10-25T01:30"):
            with self.subTest(date=date):
                self.assertEqual(self.recorded("Europe/London", "2026-10-25T01:15:00Z", date),
                                 ("2026-10-25", "2026-10-25T00:30:00Z"))
        # Once both have passed, a clock time is the later; a full date-time the first.
        self.assertEqual(self.recorded("Europe/London", "2026-10-25T02:00:00Z", "01:30"),
                         ("2026-10-25", "2026-10-25T01:30:00Z"))
        self.assertEqual(self.recorded("Europe/London", "2026-10-25T02:00:00Z",
                                       "2026-10-25T01:30"),
                         ("2026-10-25", "2026-10-25T00:30:00Z"))
        # Before either has passed, a date-time is in the future.
        env = {"TZ": "Europe/London", "REKINDLE_NOW": "2026-10-25T00:20:00Z"}
        self.assertFails(self.cl("check", "reflection", "2", "--date", "2026-10-25T01:30",
                                 env=env), 2, "future")

    def test_half_hour_and_odd_minute_changes(self):
        # Lord Howe, 2026-04-05: 02:00 +11 goes back to 01:30 +10:30.
        for date in ("01:45", "2026-04-05T01:45"):
            self.assertEqual(self.recorded("Australia/Lord_Howe", "2026-04-04T15:10:00Z", date),
                             ("2026-04-05", "2026-04-04T14:45:00Z"))
        # Chatham, 2026-04-05: 03:45 +13:45 goes back to 02:45 +12:45.
        for date in ("03:00", "2026-04-05T03:00"):
            self.assertEqual(self.recorded("Pacific/Chatham", "2026-04-04T14:10:00Z", date),
                             ("2026-04-05", "2026-04-04T13:15:00Z"))
        self.assertEqual(self.recorded("Pacific/Chatham", "2026-04-04T14:20:00Z", "03:00"),
                         ("2026-04-05", "2026-04-04T14:15:00Z"))
        self.assertEqual(self.recorded("Pacific/Chatham", "2026-04-04T14:20:00Z",
                                       "2026-04-05T03:00"),
                         ("2026-04-05", "2026-04-04T13:15:00Z"))

    def test_a_skipped_time_moves_forward_by_the_skip(self):
        # London, 2026-03-29: 01:00 GMT jumps to 02:00 BST; 01:30 means 02:30 BST.
        self.assertEqual(self.recorded("Europe/London", "2026-03-29T11:00:00Z",
                                       "2026-03-29T01:30"), ("2026-03-29", "2026-03-29T01:30:00Z"))


if __name__ == "__main__":
    unittest.main()
