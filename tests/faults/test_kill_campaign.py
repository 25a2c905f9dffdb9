"""SIGKILL campaign: a process streaming edits through ``Project.apply`` is killed at random
(seeded) moments; after every kill the file opens, passes its checks, and holds every edit
that was acknowledged before the kill, each one whole.

``SLASELECT_KILLS`` sets the number of kills (default 50; the long campaign runs more).
"""

from __future__ import annotations

import collections
import os
import random
import time
from dataclasses import replace
from pathlib import Path

from bench.generate import random_evaluation
from slaselect.domain.model import CriterionKind, Evaluation
from slaselect.store.project import Project, inspect_file
from tests.store.helpers import Child, leftovers

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


def _unscored() -> Evaluation:
    evaluation = random_evaluation(40, 16, 5, seed=11)
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


def test_edits_survive_sigkill_at_random_moments(tmp_path: Path) -> None:
    kills = int(os.environ.get("SLASELECT_KILLS", "50"))
    rng = random.Random(15)
    path = tmp_path / "killed.slaselect"
    evaluation = _unscored()
    Project.create(path, evaluation)
    judged = [c.key for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT]
    cells = [(p.key, c, e.key) for p in evaluation.providers for c in judged
             for e in evaluation.evaluators]
    next_cell, next_edit, acknowledged = 0, 0, set()
    journals_left = 0  # kills that landed inside a save

    for _ in range(kills):
        with Child(EDITOR, str(path), str(next_cell), str(next_edit)) as editor:
            if rng.random() < 0.2:  # while it opens (perhaps recovering a crashed save)
                time.sleep(rng.uniform(0.0, 0.3))
            else:
                assert editor.read_line() == "ready"
                for _ in range(rng.randrange(6)):
                    line = editor.read_line()
                    assert line.startswith("ack "), line
                    acknowledged.add(int(line.split()[1]))
                time.sleep(rng.uniform(0.0, 0.02))  # somewhere inside the next save
            editor.kill()
        journals_left += Path(f"{path}-journal").exists()
        next_cell, next_edit = _check_after_kill(path, acknowledged, cells)
        assert next_cell + 8 <= len(cells), "the campaign needs a bigger evaluation"
    assert len(acknowledged) > kills  # the campaign really edited
    assert journals_left > 0, "no kill landed inside a save; the campaign tests nothing"
