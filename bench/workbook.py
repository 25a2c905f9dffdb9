"""Workbook benchmarks: the term-sheet and scoring workbook of the demo, and of larger sets.

Usage: ``python -m bench.workbook [--repeat N]``. Prints each step's median and its budget
(issue 5: the demo's workbook under 1 s); a step over budget is marked ``OVER``.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench.generate import random_evaluation
from bench.run import Step, median_seconds
from slaselect.documents.bundled import load_demo
from slaselect.documents.workbook import build_workbook, write_workbook


def workbook_steps(folder: Path) -> list[Step]:
    """Build-and-write steps: the demo (with budget), then generated evaluations."""
    demo = load_demo()
    result = [
        Step("workbook of the demo (write .xlsx)",
             lambda: write_workbook(demo, folder / "demo.xlsx"), 1.0),
        Step("workbook of the demo (build in memory)", lambda: build_workbook(demo)),
    ]
    for providers, criteria, evaluators in ((20, 20, 5), (50, 30, 8)):
        evaluation = random_evaluation(providers, criteria, evaluators, rounds=3)
        size = f"{providers}x{criteria}x{evaluators}, 3 rounds"
        result.append(Step(f"workbook {size}",
                           lambda e=evaluation, s=size: write_workbook(
                               e, folder / f"{s.split(',')[0]}.xlsx")))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'step':48} {'median':>10} {'budget':>8}")
        for step in workbook_steps(Path(folder)):
            seconds = median_seconds(step.work, args.repeat)
            budget = "" if step.budget_s is None else f"{step.budget_s * 1000:.0f} ms"
            flag = " OVER" if step.budget_s is not None and seconds > step.budget_s else ""
            print(f"{step.name:48} {seconds * 1000:8.1f} ms {budget:>8}{flag}", flush=True)


if __name__ == "__main__":
    main()
