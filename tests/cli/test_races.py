"""Several commands at once on a database that does not exist yet: no acknowledged write is
lost, and no process gets an error that it would not get alone."""
import os
import subprocess
import tempfile

from harness import BIN, CliTest

TRIALS = int(os.environ.get("REKINDLE_RACE_TRIALS", "200"))


class Races(CliTest):
    def start(self, *args):
        return subprocess.Popen([os.path.join(BIN, "rekindle-checklist"), *args], env=self.env,
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    def history(self, db):
        r = self.assertOk(self.cl("history", "--db", db))
        return self.tsv(r.out)

    def test_a_failing_first_write_never_deletes_what_another_stored(self):
        lost = []
        for trial in range(TRIALS):
            db = os.path.join(self.home, "race", str(trial), "r.db")
            failing = self.start("--db", db, "check", "reflection", "zzz")
            ok = self.start("--db", db, "check", "-q", "reflection", "1")
            out, err = ok.communicate()
            _, failing_err = failing.communicate()
            self.assertEqual(failing.returncode, 2, failing_err)
            self.assertEqual(ok.returncode, 0, err)
            if not os.path.exists(db) or len(self.history(db)) != 1:
                lost.append(trial)
        self.assertEqual(lost, [], f"acknowledged checks lost in {len(lost)} of {TRIALS} trials")

    def test_eight_writers_creating_one_database_all_succeed(self):
        specs = [("trust", str(n)) for n in range(1, 7)] + [("reflection", "1"),
                                                             ("reflection", "2")]
        for trial in range(TRIALS):
            db = os.path.join(self.home, "eight", str(trial), "r.db")
            procs = [self.start("--db", db, "check", "-q", lst, item) for lst, item in specs]
            for p in procs:
                out, err = p.communicate()
                self.assertEqual((p.returncode, err), (0, ""), f"trial {trial}")
            self.assertEqual(len(self.history(db)), len(specs), f"trial {trial}")
            folder = os.path.dirname(db)
            self.assertEqual(sorted(os.listdir(folder)), ["r.db"], f"trial {trial}")

    def test_readers_beside_a_first_writer_see_an_empty_or_a_whole_database(self):
        for trial in range(TRIALS // 4):
            db = os.path.join(self.home, "readers", str(trial), "r.db")
            writer = self.start("--db", db, "check", "-q", "trust", "1")
            readers = [self.start("--db", db, "show", "trust") for _ in range(3)]
            for p in [writer] + readers:
                out, err = p.communicate()
                self.assertEqual((p.returncode, err), (0, ""), f"trial {trial}")


    def test_piped_input_racing_the_first_write_is_never_lost(self):
        for trial in range(TRIALS // 4):
            db = os.path.join(self.home, "stdin", str(trial), "r.db")
            importer = subprocess.Popen(
                [os.path.join(BIN, "rekindle-checklist"), "--db", db, "import", "-q"],
                env=self.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, text=True)
            adder = subprocess.Popen(
                [os.path.join(BIN, "rekindle-checklist"), "--db", db, "add", "-q", "trust", "-"],
                env=self.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, text=True)
            checker = self.start("--db", db, "check", "-q", "reflection", "1")
            self.assertEqual(checker.wait(), 0)
            _, err = importer.communicate('{"type":"list","name":"mine"}\n')
            self.assertEqual((importer.returncode, err), (0, ""), f"trial {trial}")
            _, err = adder.communicate("Call my sister\n")
            self.assertEqual((adder.returncode, err), (0, ""), f"trial {trial}")
            exported = self.cl("export", "--db", db).out
            self.assertIn('"name":"mine"', exported, f"trial {trial}")
            self.assertIn('"title":"Call my sister"', exported, f"trial {trial}")


class FullDisk(CliTest):
    def test_a_failed_first_write_on_a_full_disk_leaves_no_file_or_folder(self):
        if os.geteuid() != 0:
            self.skipTest("mounting a small tmpfs needs root")
        mnt = tempfile.mkdtemp(prefix="rekindle-full-")
        self.addCleanup(os.rmdir, mnt)
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", mnt],
                          capture_output=True).returncode != 0:
            self.skipTest("cannot mount a tmpfs here")
        self.addCleanup(subprocess.run, ["umount", mnt])
        subprocess.run(["dd", "if=/dev/zero", "of=" + os.path.join(mnt, "fill"), "bs=4k"],
                       capture_output=True)
        r = self.cl("--db", os.path.join(mnt, "sub", "new.db"), "check", "reflection", "1")
        self.assertFails(r, 74, "full")
        self.assertEqual(os.listdir(mnt), ["fill"])


class KilledImport(CliTest):
    def test_an_import_killed_at_any_moment_stores_all_of_it_or_none(self):
        import random
        import signal
        import sqlite3
        import time
        self.assertOk(self.cl("new", "mine"))
        self.assertOk(self.cl("add", "mine", "Kept"))
        self.assertOk(self.cl("check", "mine", "1", "--note", "stored before"))
        path = os.path.join(self.home, "big.jsonl")
        rows = 40000
        with open(path, "w") as f:
            for i in range(rows):
                f.write('{"type":"event","uid":"k%031x","list":"trust","item":"patience",'
                        '"action":"check","at":"2026-11-20T10:00:00Z","note":"n"}\n' % i)
        start = time.perf_counter()
        self.assertOk(self.cl("import", path, "--db", os.path.join(self.home, "timing.db")))
        duration = time.perf_counter() - start
        rng = random.Random(7)
        outcomes = set()
        for trial in range(int(os.environ.get("REKINDLE_KILL_TRIALS", "12"))):
            proc = subprocess.Popen([os.path.join(BIN, "rekindle-checklist"), "import", path,
                                     "-q"], env=self.env, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0, duration * 1.2))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            con = sqlite3.connect(self.db)
            self.assertEqual(con.execute("PRAGMA integrity_check").fetchone()[0], "ok")
            imported = con.execute("SELECT count(*) FROM checklist_event WHERE uid LIKE 'k%'"
                                   ).fetchone()[0]
            self.assertIn(imported, (0, rows), f"trial {trial}: a part of the import was kept")
            note = con.execute("SELECT note FROM checklist_event WHERE list = 'mine'").fetchone()
            self.assertEqual(note, ("stored before",))
            con.close()
            outcomes.add(imported)
            if imported:
                break  # once it is all in, later imports only skip
        self.assertOk(self.cl("list"))
