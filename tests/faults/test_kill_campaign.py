"""SIGKILL campaign: a process streaming edits through ``Project.apply`` is killed, and after
every kill the file opens, passes its checks, and holds every edit that was acknowledged before
the kill, each one whole.

Where each kill lands is seeded, in turn (``KINDS``): just before a drawn SQLite statement
inside a transaction, a drawn fraction of an edit's commit's measured duration into that commit
(both by ``bench.kill_point``, in an editor forked by ``bench.fork_server``), or at a random
moment from outside (an editor of its own, started as a new Python). The editor's page cache
is two pages, so an edit spills into the file before it commits: a kill inside the transaction
leaves a hot journal that must be rolled back. The test asserts that many kills landed inside
a write (the journal was on disk when the process died).

``SLASELECT_KILLS`` sets the number of kills (default 50; the long campaign runs more).
"""

from __future__ import annotations

import collections
import os
import random
import signal
import time
from dataclasses import replace
from pathlib import Path

from bench.fork_server import ForkServer
from bench.generate import random_evaluation
from bench.kill_point import arm
from slaselect.domain.model import CriterionKind, Evaluation
from slaselect.store.project import Project, inspect_file
from tests.store.helpers import REPO_ROOT, Child, leftovers

KINDS = ("statement", "commit", "statement", "timed", "commit")
"""How each kill is placed, in turn."""

EDITOR = """
import itertools, sys
from slaselect.domain import edits
from slaselect.domain.model import CriterionKind
from slaselect.store.project import Project

path, next_cell, next_edit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
project = Project.open(path)
evaluation = project.load()
project.db.execute("PRAGMA cache_size = 2")  # big edits spill into the file mid-transaction
judged = [c.key for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT]
cells = list(itertools.product([p.key for p in evaluation.providers], judged,
                               [e.key for e in evaluation.evaluators]))
print("ready", flush=True)
for number in itertools.count(next_edit):
    size = 8 if number % 3 == 0 else 1
    if next_cell + size > len(cells):
        break
    parts = tuple(edits.SetScore(p, c, e, 5.0, f"e{number}")
                  for p, c, e in cells[next_cell:next_cell + size])
    edit = parts[0] if size == 1 else edits.BatchEdit(parts, "several")
    evaluation, _ = project.apply(evaluation, edit)
    next_cell += size
    print(f"ack {number}", flush=True)
print("done", flush=True)
sys.stdin.read()
"""


def _size(number: int) -> int:
    return 8 if number % 3 == 0 else 1


def _unscored(kills: int = 50) -> Evaluation:
    """An evaluation with room for the edits of ``kills`` rounds (about 13 cells each)."""
    evaluation = random_evaluation(max(40, kills // 3), 16, 5, seed=11)
    return replace(evaluation, scores=(), consensus=())


def _check_after_kill(path: Path, acknowledged: set[int], cells: list[tuple[str, str, str]]
                      ) -> tuple[int, int]:
    """Check the file; return (cells filled, next edit number)."""
    assert inspect_file(path).integrity == "ok"  # also finishes a crashed save
    with Project.open(path, read_only=True) as reader:
        scores = reader.load().scores
    # A journal the kill left empty (not hot) stays until the next writer, which removes it.
    Project.open(path).close()
    assert leftovers(path) == []
    by_edit = collections.Counter(int(s.rationale[1:]) for s in scores)
    assert acknowledged <= set(by_edit), "an acknowledged edit is missing"
    for number, count in by_edit.items():
        assert count == _size(number), f"edit {number} was saved in part"
    filled = {(s.provider, s.criterion, s.evaluator) for s in scores}
    assert filled == set(cells[:len(filled)]), "edits must fill the cells in order"
    return len(filled), max(by_edit, default=-1) + 1


def _commit_durations(path: Path, evaluation: Evaluation, cells: list[tuple[str, str, str]]
                      ) -> list[float]:
    """How long an edit's commit takes here (a copy of the project, this disk)."""
    from slaselect.domain import edits

    copy = path.with_name("measure.slaselect")
    Project.create(copy, evaluation)
    with Project.open(copy) as project:
        project.db.execute("PRAGMA cache_size = 2")
        point = arm(project.db.conn, "count")
        current = evaluation
        for number, (provider, criterion, evaluator) in enumerate(cells[:6]):
            current, _ = project.apply(current, edits.SetScore(provider, criterion, evaluator,
                                                               5.0, f"m{number}"))
    copy.unlink()
    return point.commits or [0.02]


def _killed_by_the_hook(server: ForkServer, path: Path, next_cell: int, next_edit: int,
                        where: str) -> tuple[set[int], bool]:
    """Run the editor (forked by ``server``) until the hook kills it at ``where``: (edits
    acknowledged, whether the hook struck)."""
    output, errors = path.with_name("editor.out"), path.with_name("editor.err")
    server.start(code=EDITOR, args=[str(path), str(next_cell), str(next_edit)],
                 cwd=str(REPO_ROOT), stdout=str(output), stderr=str(errors), kill_at=where)
    struck = server.wait() == -signal.SIGKILL and "kill-point: " in errors.read_text()
    acknowledged = {int(line.split()[1]) for line in output.read_text().splitlines()
                    if line.startswith("ack ")}
    output.unlink()
    errors.unlink()
    return acknowledged, struck


def _killed_from_outside(path: Path, next_cell: int, next_edit: int, rng: random.Random
                         ) -> set[int]:
    """Run the editor and SIGKILL it at a random moment: the edits acknowledged before."""
    acknowledged = set()
    with Child(EDITOR, str(path), str(next_cell), str(next_edit)) as editor:
        if rng.random() < 0.2:  # while it opens (perhaps recovering a crashed save)
            time.sleep(rng.uniform(0.0, 0.3))
        else:
            assert editor.read_line() == "ready"
            for _ in range(rng.randrange(6)):
                line = editor.read_line()
                assert line.startswith("ack "), line
                acknowledged.add(int(line.split()[1]))
            time.sleep(rng.uniform(0.0, 0.02))  # perhaps inside the next save
        editor.kill()
    return acknowledged


def test_edits_survive_sigkill_inside_their_writes(tmp_path: Path) -> None:
    kills = int(os.environ.get("SLASELECT_KILLS", "50"))
    rng = random.Random(15)
    path = tmp_path / "killed.slaselect"
    evaluation = _unscored(kills)
    Project.create(path, evaluation)
    judged = [c.key for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT]
    cells = [(p.key, c, e.key) for p in evaluation.providers for c in judged
             for e in evaluation.evaluators]
    commit_seconds = max(_commit_durations(path, evaluation, cells))
    next_cell, next_edit, acknowledged = 0, 0, set()
    inside_write: collections.Counter[str] = collections.Counter()
    with ForkServer() as server:  # a fresh editor process in milliseconds, not a second
        for number in range(kills):
            next_cell, next_edit = _one_kill(server, number, rng, path, cells, next_cell,
                                             next_edit, acknowledged, inside_write,
                                             commit_seconds)
    assert len(acknowledged) > kills  # the campaign really edited
    # Kills of the hook land inside a save by construction; many must have left a journal.
    # A drawn statement is often a transaction's first reads, before any page is written (6 of
    # the 20 statement kills leave one, seeded), and on a loaded machine the thread that kills
    # a fraction into a commit can wake after the commit ended (quiet: 16-17 of 20; under a
    # second test run: 13). A third of the hooked kills is the floor.
    hooked = sum(1 for n in range(kills) if KINDS[n % len(KINDS)] != "timed")
    assert inside_write["statement"] + inside_write["commit"] >= hooked // 3, inside_write
    assert inside_write["statement"] > 0 and inside_write["commit"] > 0, inside_write


def _one_kill(server: ForkServer, number: int, rng: random.Random, path: Path,
              cells: list[tuple[str, str, str]], next_cell: int, next_edit: int,
              acknowledged: set[int], inside_write: collections.Counter[str],
              commit_seconds: float) -> tuple[int, int]:
    """One editor run killed as ``KINDS`` says, then the file checked; (next cell, next
    edit)."""
    kind = KINDS[number % len(KINDS)]
    edits_before = rng.randrange(4)  # whole edits acknowledged before the one killed
    if kind == "timed":
        acknowledged |= _killed_from_outside(path, next_cell, next_edit, rng)
    else:
        if kind == "statement":  # a drawn statement of the next edits (each runs several)
            where = f"statement:{rng.randint(1, 12 * (edits_before + 1))}"
        else:
            # (commit 1 is the open's, recording who holds the file; then one per edit)
            where = f"commit:{edits_before + 2}:{commit_seconds * rng.random():.6f}"
        done, struck = _killed_by_the_hook(server, path, next_cell, next_edit, where)
        assert struck, f"round {number}: the hook did not kill the editor at {where}"
        acknowledged |= done
    inside_write[kind] += Path(f"{path}-journal").exists()
    next_cell, next_edit = _check_after_kill(path, acknowledged, cells)
    assert next_cell + 8 <= len(cells), "the campaign needs a bigger evaluation"
    return next_cell, next_edit
