"""Scoring-sheet benchmarks: writing an evaluator's sheet and importing it back.

Usage: ``python -m bench.scoring_sheets [--repeat N]``. Prints medians against budgets
(ours: the issue sets none; an evaluator or a lead waits for these interactively).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench.generate import random_evaluation
from bench.run import Step, median_seconds
from slaselect.documents.bundled import load_demo
from slaselect.documents.scoring_sheet.score_import import edits_from_report, read_scoring_sheet
from slaselect.documents.scoring_sheet.sheet import write_scoring_sheet
from slaselect.domain.model import Evaluation

SIZES = ((50, 30, 8), (200, 100, 20))


def _pair(evaluation: Evaluation, folder: Path, label: str,
          budgets: tuple[float, float]) -> list[Step]:
    path = folder / f"{label}.xlsx"
    evaluator = evaluation.evaluators[0].key
    write_scoring_sheet(evaluation, evaluator, path)

    def write() -> object:
        write_scoring_sheet(evaluation, evaluator, folder / f"{label}-again.xlsx")
        return None

    def read() -> object:
        return edits_from_report(read_scoring_sheet(evaluation, path))

    rows = sum(1 for c in evaluation.criteria if c.kind.value == "judgement") * len(
        [p for p in evaluation.providers if not p.excluded])
    return [Step(f"write scoring sheet {label} ({rows} rows)", write, budgets[0]),
            Step(f"read + check scoring sheet {label}", read, budgets[1])]


def steps(folder: Path) -> list[Step]:
    """The demo, then generated evaluations of growing size."""
    result = _pair(load_demo(), folder, "demo", (0.3, 0.3))
    for providers, criteria, evaluators in SIZES:
        big = providers * criteria >= 20_000
        result += _pair(random_evaluation(providers, criteria, evaluators), folder,
                        f"{providers}x{criteria}x{evaluators}",
                        (8.0, 5.0) if big else (1.0, 1.0))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'step':52} {'median':>10} {'budget':>8}")
        for step in steps(Path(folder)):
            seconds = median_seconds(step.work, args.repeat)
            budget = "" if step.budget_s is None else f"{step.budget_s * 1000:.0f} ms"
            flag = " OVER" if step.budget_s is not None and seconds > step.budget_s else ""
            print(f"{step.name:52} {seconds * 1000:8.1f} ms {budget:>8}{flag}", flush=True)


if __name__ == "__main__":
    main()
