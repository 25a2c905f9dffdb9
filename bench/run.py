"""SLASelect benchmarks: medians of repeated runs on generated evaluations.

Usage: ``python -m bench.run [--repeat N] [--only NAME]``. Each step prints its median and
its budget (from the issues); a step over budget is marked ``OVER``. Later issues add steps.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from bench.generate import random_evaluation
from slaselect.domain.comparison import compare
from slaselect.domain.figures import provider_figures
from slaselect.domain.ranking import Method, rank
from slaselect.store.project import Project

RANK_SIZES = ((5, 10, 3), (20, 20, 5), (50, 30, 8), (200, 100, 20), (1000, 50, 30))


@dataclass(frozen=True)
class Step:
    """One measured thing: a name, the work, and its budget in seconds (None: no budget)."""

    name: str
    work: Callable[[], object]
    budget_s: float | None = None


def median_seconds(work: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` runs after one warm-up run."""
    work()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def print_steps(steps: Iterable[Step], repeat: int, *, width: int = 48, only: str = "") -> None:
    """Measure each step (whose name contains ``only``) and print its median beside its budget."""
    print(f"{'step':{width}} {'median':>10} {'budget':>8}")
    for step in steps:
        if only not in step.name:
            continue
        seconds = median_seconds(step.work, repeat)
        budget = "" if step.budget_s is None else f"{step.budget_s * 1000:.0f} ms"
        flag = " OVER" if step.budget_s is not None and seconds > step.budget_s else ""
        print(f"{step.name:{width}} {seconds * 1000:8.1f} ms {budget:>8}{flag}", flush=True)


def steps(folder: Path) -> list[Step]:
    """Every benchmark step, smallest first."""
    result: list[Step] = []
    for providers, criteria, evaluators in RANK_SIZES:
        evaluation = random_evaluation(providers, criteria, evaluators)
        size = f"{providers}x{criteria}x{evaluators}"
        for method in Method:
            budget = 0.5 if (providers, criteria, evaluators) == (200, 100, 20) else None
            result.append(Step(f"rank {method.value} {size}",
                               lambda e=evaluation, m=method: rank(e, m), budget))

    big = random_evaluation(200, 100, 20)
    path = folder / "big.slaselect"
    Project.create(path, big)

    def load() -> object:
        with Project.open(path, read_only=True) as project:
            return project.load()

    def open_for_writing_and_load() -> object:
        with Project.open(path) as project:
            return project.load()

    sla = random_evaluation(50, 20, 3, rounds=3, extra_terms=49)  # 60 terms

    def figures_and_comparison() -> object:
        for provider in sla.providers:
            provider_figures(sla.terms_at(provider.key), sla.scenario, sla.horizon_months)
        return compare(sla)

    result.append(Step("figures + comparison 50 providers x 3 rounds x 60 terms",
                       figures_and_comparison, 0.05))
    result.append(Step("load project 200x100x20 (read-only)", load, 1.0))
    result.append(Step("open for writing + load 200x100x20", open_for_writing_and_load, 1.0))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--only", default="", help="run the steps whose name contains this")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        print_steps(steps(Path(folder)), args.repeat, only=args.only)


if __name__ == "__main__":
    main()
