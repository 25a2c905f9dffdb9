"""SIGKILL campaign through the real command line: ``import-json`` and ``import-scores``.

Each round starts the command line on one of three jobs and kills it (SIGKILL). The command
runs in a fresh process forked from a server that imported SLASelect once
(``bench.fork_server``): the same ``slaselect`` main as ``python -m slaselect``, without a
second of start-up per kill.

- ``import-json``: build a new project from a JSON file;
- ``import-json --force``: rebuild an existing project from a JSON file;
- ``import-scores``: import a filled scoring sheet (one transaction).

Where the kill lands is chosen three ways (seeded), so that most kills land inside a write:

- ``statement``: just before the N-th SQLite statement inside a transaction, N drawn from the
  job's own count (``bench.kill_point`` runs the command with that hook; no hook in SLASelect);
- ``commit``: a drawn fraction of a commit's measured duration after that commit starts, while
  SQLite writes the file and removes its journal;
- ``timed``: at a random moment within the job's running time, from outside, as a user's
  ``kill -9`` would.

A kill "landed inside a write" when the SQLite journal of the project (or of the temporary a
new project is built in) is on disk the moment the process is gone. After each kill the outcome
is checked: the new project is absent or complete; a rebuilt project is the old one or the new
one, whole; the scores of the sheet are all in the project or none of them; and the file passes
SQLite's integrity check. Nothing acknowledged is lost, nothing is half done. Hidden
temporaries left by a killed run are counted (the next run of a command cleans its own).

Usage: ``python -m bench.faults [--kills N] [--seed S] [--workers W] [--edit-kills M]``. The
CI variants are ``tests/faults/test_cli_kills.py`` (50 kills, at least half of them inside a
write) and ``tests/faults/test_kill_campaign.py`` (50 kills of an edit stream; ``--edit-kills``
runs it with more).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from bench import kill_point
from bench.fork_server import ForkServer

JOBS = ("import-json", "import-json --force", "import-scores")
KINDS = ("statement", "commit", "statement", "timed", "commit")
"""How each round's kill is placed, in turn (two in five by statement, two by commit)."""


@dataclass
class Outcome:
    """What the campaign saw: kills made, how each ended, and every broken promise."""

    kills: int = 0
    finished_first: int = 0
    inside_write: Counter[str] = field(default_factory=Counter)
    """Kills that left a journal on disk (the write was under way), by kind of kill."""
    kinds: Counter[str] = field(default_factory=Counter)
    results: Counter[str] = field(default_factory=Counter)
    leftovers: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def mid_write(self) -> int:
        """Kills that landed inside a write, of every kind."""
        return sum(self.inside_write.values())

    def add(self, other: Outcome) -> None:
        """Fold another worker's outcome into this one."""
        self.kills += other.kills
        self.finished_first += other.finished_first
        self.inside_write.update(other.inside_write)
        self.kinds.update(other.kinds)
        self.results.update(other.results)
        self.leftovers += other.leftovers
        self.failures += other.failures


@dataclass(frozen=True)
class Material:
    """The inputs every round starts from, made once."""

    folder: Path
    json_file: Path
    project: Path
    other_project: Path
    sheet: Path
    sheet_scores: Scores
    demo: tuple[str, Scores] | None
    template: tuple[str, Scores] | None
    durations: dict[str, float]
    statements: dict[str, int]
    """Statements each job runs inside transactions (its kill points)."""
    commits: dict[str, list[float]]
    """How long each of a job's commits took (at most), in seconds."""


def start(server: ForkServer, argv: list[object], cwd: Path, errors: Path,
          kill_at: str | None = None) -> int:
    """Start ``slaselect ARGV`` in ``cwd`` (a fresh process forked by ``server``), stdout
    discarded, stderr into ``errors``; with ``kill_at``, ``bench.kill_point`` armed. The pid."""
    return server.start(argv=[str(a) for a in argv], cwd=str(cwd), env={"TMPDIR": str(cwd)},
                        stderr=str(errors), kill_at=kill_at)


Scores = frozenset[tuple[str, str, str, float]]


def contents(path: Path) -> tuple[str, Scores] | None:
    """The evaluation's name and every score in the project (None when it cannot be opened:
    a broken promise)."""
    from slaselect.store.project import Project

    try:
        with Project.open(path) as project:  # writable: SQLite rolls back a hot journal
            evaluation = project.load()
    except Exception:  # noqa: BLE001 - any failure to open is what the campaign looks for
        return None
    return evaluation.name, frozenset((s.provider, s.criterion, s.evaluator, s.value)
                                      for s in evaluation.scores)


def integrity(path: Path) -> str:
    """SQLite's verdict on the file ("ok" when sound)."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.Error as error:
        return str(error)


def prepare(folder: Path, server: ForkServer) -> Material:
    """The demo as project and JSON, a second project, and a filled sheet of changed scores."""
    import openpyxl

    from slaselect.documents import bundled, interchange
    from slaselect.documents.scoring_sheet import sheet as layout
    from slaselect.store.project import Project

    demo = bundled.load_demo()
    project = folder / "demo.slaselect"
    Project.create(project, demo)
    json_file = folder / "demo.json"
    json_file.write_text(interchange.dumps(demo), encoding="utf-8")
    other = folder / "template.slaselect"
    Project.create(other, bundled.load_template(bundled.DEFAULT_TEMPLATE))
    sheet = folder / "sheet.xlsx"
    errors = folder / "trial.err"
    start(server, ["scoring-sheet", project, "--evaluator", "ecom_it", "-o", sheet], folder,
          errors)
    assert server.wait() == 0, errors.read_text()
    workbook = openpyxl.load_workbook(sheet)
    scores = workbook[layout.SCORES_TITLE]
    for row in range(layout.HEADER_ROW + 1, layout.HEADER_ROW + 31):
        if isinstance(scores[f"D{row}"].value, int | float):
            scores[f"D{row}"] = (float(scores[f"D{row}"].value) + 1.5) % 10
    workbook.save(sheet)
    demo_contents, template_contents = contents(project), contents(other)
    durations, statements, commits = {}, {}, {}
    for job in JOBS:  # one trial run each: how long it takes, and where it writes
        trial = folder / "trial"
        shutil.rmtree(trial, ignore_errors=True)
        trial.mkdir()
        started = time.perf_counter()
        argv = job_argv(job, trial, project, other, json_file, sheet)
        start(server, argv, trial, errors, kill_at="count")
        assert server.wait() == 0, errors.read_text()
        durations[job] = time.perf_counter() - started
        statements[job], commits[job] = kill_point.parse_count(errors.read_text())
        if job == "import-scores":
            imported = contents(trial / "p.slaselect")
    shutil.rmtree(folder / "trial", ignore_errors=True)
    errors.unlink()
    sheet_scores = (imported[1] if imported else frozenset()) - (
        demo_contents[1] if demo_contents else frozenset())
    return Material(folder, json_file, project, other, sheet, sheet_scores, demo_contents,
                    template_contents, durations, statements, commits)


def job_argv(job: str, here: Path, project: Path, other: Path, json_file: Path,
             sheet: Path) -> list[object]:
    """Copy what ``job`` needs into ``here`` and give its command line."""
    target = here / "p.slaselect"
    if job == "import-json":
        return ["import-json", json_file, target]
    if job == "import-json --force":
        shutil.copyfile(other, target)
        return ["import-json", json_file, target, "--force"]
    shutil.copyfile(project, target)
    return ["import-scores", target, sheet]


def kill_at(kind: str, job: str, material: Material, rng: random.Random) -> str | None:
    """Where the hook kills a round of ``kind`` (None: a timed kill from outside)."""
    if kind == "statement":
        return f"statement:{rng.randint(1, material.statements[job])}"
    if kind == "commit":
        number = rng.randint(1, len(material.commits[job]))
        return f"commit:{number}:{material.commits[job][number - 1] * rng.random():.6f}"
    return None


def one_round(material: Material, server: ForkServer, number: int, rng: random.Random,
              outcome: Outcome) -> None:
    """Start one job, kill it (see ``KINDS``), check every promise."""
    job = JOBS[number % len(JOBS)]
    kind = KINDS[number // len(JOBS) % len(KINDS)]
    here = material.folder / f"round{number}"
    here.mkdir()
    argv = job_argv(job, here, material.project, material.other_project, material.json_file,
                    material.sheet)
    target = here / "p.slaselect"
    old_bytes = target.read_bytes() if target.exists() else None
    where = kill_at(kind, job, material, rng)
    errors = material.folder / f"round{number}.err"
    pid = start(server, argv, here, errors, kill_at=where)
    if where is None:
        # Parallel rounds run slower than the lone trial run that measured the duration.
        time.sleep(material.durations[job] * rng.uniform(0.3, 1.5))
        with contextlib.suppress(ProcessLookupError):  # ended already: not a kill
            os.kill(pid, signal.SIGKILL)
        struck = server.wait() == -signal.SIGKILL
    else:
        struck = server.wait() == -signal.SIGKILL and "kill-point: " in errors.read_text()
    errors.unlink()
    if struck:
        outcome.kills += 1
        outcome.kinds[kind] += 1
        if any(p.name.endswith("-journal") for p in here.iterdir()):
            outcome.inside_write[kind] += 1
    else:
        outcome.finished_first += 1
    outcome.leftovers += sum(1 for p in here.iterdir() if p.name.startswith("."))
    outcome.results[f"{job}: {check(job, material, target, old_bytes, outcome, number)}"] += 1
    shutil.rmtree(here, ignore_errors=True)


def check(job: str, material: Material, target: Path, old_bytes: bytes | None,
          outcome: Outcome, number: int) -> str:
    """The state ``target`` was left in, recording a failure when it breaks a promise."""
    def fail(what: str) -> str:
        outcome.failures.append(f"round {number} ({job}): {what}")
        return "FAILED"

    if job == "import-json" and not target.exists():
        return "no project (as before)"
    if not target.exists():
        return fail("the project file is gone")
    journal = Path(f"{target}-journal")
    if target.read_bytes() == old_bytes and not journal.exists():
        return "untouched"
    found = contents(target)  # first: opening for writing rolls back a hot journal
    if journal.exists() or any(p.name.startswith(f".{target.name}.") for p in
                               target.parent.iterdir()):
        return fail("opening it for writing left a journal or a stale temporary beside it")
    if found is None:
        return fail("the project does not open")
    verdict = integrity(target)
    if verdict != "ok":
        return fail(f"integrity check: {verdict}")
    # (the shared inputs are never opened here: a writable open takes their lock)
    if job.startswith("import-json"):
        if found == material.demo:
            return "complete"
        if job.endswith("--force") and found == material.template:
            return "the previous project, whole"
        return fail(f"a partial import ({found[0]!r}, {len(found[1])} scores)")
    scores = found[1]
    if material.demo is not None and scores == material.demo[1]:
        return "none of the sheet (journal rolled back)"
    if material.sheet_scores <= scores:
        return "all of the sheet"
    return fail("part of the sheet was imported")


def campaign(kills: int, seed: int, workers: int = 2) -> Outcome:
    """Run rounds until ``kills`` processes were killed; returns what was seen."""
    total = Outcome()
    with tempfile.TemporaryDirectory(prefix="slaselect-kills-") as name:
        with ForkServer() as server:
            material = prepare(Path(name), server)

        def worker(index: int) -> Outcome:
            rng, outcome, number = random.Random(seed * 1000 + index), Outcome(), index
            with ForkServer() as server:
                while outcome.kills < kills // workers + (index < kills % workers):
                    one_round(material, server, number, rng, outcome)
                    number += workers
            return outcome

        with ThreadPoolExecutor(workers) as pool:
            for outcome in pool.map(worker, range(workers)):
                total.add(outcome)
    return total


def main() -> None:
    """Run the campaign and print what it found."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 2)))
    parser.add_argument("--edit-kills", type=int, default=0, metavar="N",
                        help="also run the edit-stream campaign (tests/faults/"
                             "test_kill_campaign.py) with N kills")
    args = parser.parse_args()
    edits_failed = args.edit_kills > 0 and _edit_stream(args.edit_kills) != 0
    started = time.perf_counter()
    outcome = campaign(args.kills, args.seed, args.workers)
    print(f"{outcome.kills} kills, {outcome.finished_first} runs finished before their kill, "
          f"{time.perf_counter() - started:.0f} s")
    print(f"  {outcome.mid_write} kills landed inside a write (a journal on disk): "
          + ", ".join(f"{outcome.inside_write[kind]} of {outcome.kinds[kind]} {kind}"
                      for kind in sorted(outcome.kinds)))
    for result, count in sorted(outcome.results.items()):
        print(f"  {count:5d}  {result}")
    print(f"  hidden leftovers after killed runs: {outcome.leftovers}")
    print(f"  broken promises: {len(outcome.failures)}")
    for failure in outcome.failures:
        print(f"    {failure}")
    raise SystemExit(1 if outcome.failures or edits_failed else 0)


def _edit_stream(kills: int) -> int:
    """The edit-stream campaign with ``kills`` kills, through pytest; its exit status."""
    root = Path(__file__).resolve().parents[1]
    print(f"Edit stream: {kills} kills (tests/faults/test_kill_campaign.py)")
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "tests/faults/test_kill_campaign.py"], cwd=root, check=False,
                          env={**os.environ, "SLASELECT_KILLS": str(kills)}).returncode


if __name__ == "__main__":
    main()
