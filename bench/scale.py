"""Tender-scale benchmarks (issue 14): whole-process CLI runs at 200x100x20 and 1000x100x20.

Usage: ``python -m bench.scale [--repeat N] [--sizes 200,1000] [--only NAME]``.

Every figure is the median wall time of ``python -m slaselect ...`` run as a subprocess, so it
includes start-up, loading the project and writing the output: what a buyer waits for. The
evaluations are built deterministically by ``bench.generate`` (two negotiation rounds per
provider). ``import-scores`` also prints the child's peak resident memory. The Monte Carlo
line compares the domain's sampler with a plain numpy reference of the same sampling model,
side by side in one run, and prints the ratio (budget: within 5x).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.generate import random_evaluation
from slaselect.domain.model import CriterionKind

ROOT = Path(__file__).resolve().parents[1]
SIZES = {200: (200, 100, 20), 1000: (1000, 100, 20)}
MEMO_SIZE = (50, 60, 10)
# Budgets in seconds per size (issue 14); None: the issue sets none at that size.
BUDGETS: dict[str, tuple[float | None, float | None]] = {
    "rank": (1.2, 3.0),
    "analyse 10,000 samples": (1.5, 5.0),
    "import-json": (2.0, 8.0),
    "workbook": (3.0, 12.0),
    "scoring-sheet": (3.0, 12.0),
    "import-scores (full evaluator sheet)": (2.0, 8.0),
}
IMPORT_RSS_BUDGET_MB = 400.0
MEMO_BUDGET_S = 5.0


@dataclass(frozen=True)
class Run:
    """One measured process: its wall time and peak resident memory."""

    seconds: float
    peak_mb: float
    ok: bool


def run_cli(args: list[str], timeout: float) -> Run:
    """Run ``python -m slaselect ARGS`` from the repository root; wall time and peak RSS.

    The peak comes from GNU time: a child forked straight from this benchmark (which holds
    large evaluations) would report this process's memory as its own peak.
    """
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    with tempfile.NamedTemporaryFile(suffix=".rss") as rss, tempfile.TemporaryFile() as errors:
        command = [sys.executable, "-m", "slaselect", *args]
        if shutil.which("time") or Path("/usr/bin/time").exists():
            command = ["/usr/bin/time", "-f", "%M", "-o", rss.name, *command]
        start = time.perf_counter()
        try:
            child = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                   stderr=errors, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            return Run(time.perf_counter() - start, 0.0, False)
        seconds = time.perf_counter() - start
        if child.returncode != 0:
            errors.seek(0)
            sys.stderr.write(errors.read().decode(errors="replace")[-2000:])
        text = Path(rss.name).read_text().strip().splitlines()
        peak_kb = float(text[-1]) if text and text[-1].isdigit() else 0.0
    return Run(seconds, peak_kb / 1024.0, child.returncode == 0)


def measure(args: list[str], repeat: int, timeout: float,
            before: list[str] | None = None) -> tuple[float, float, bool]:
    """Median seconds, largest peak RSS (MB) and success of ``repeat`` runs.

    ``before`` is a shell-free preparation step (source, target) copied before each run.
    """
    times: list[float] = []
    peak = 0.0
    for _ in range(repeat):
        if before is not None:
            shutil.copyfile(before[0], before[1])
        result = run_cli(args, timeout)
        times.append(result.seconds)
        peak = max(peak, result.peak_mb)
        if not result.ok:
            return result.seconds, peak, False
    return statistics.median(times), peak, True


def fill_every_score(sheet: Path) -> None:
    """Type a different score into every row of an evaluator's sheet (v -> 10 - v), as an
    evaluator returning a fully re-scored sheet would."""
    import openpyxl

    from slaselect.documents.scoring_sheet import sheet as layout

    workbook = openpyxl.load_workbook(sheet)
    scores = workbook[layout.SCORES_TITLE]
    for (cell,) in scores.iter_rows(min_row=layout.HEADER_ROW + 1, min_col=4, max_col=4):
        if isinstance(cell.value, int | float):
            cell.value = 10 - cell.value if cell.value != 5 else 4.5
    workbook.save(sheet)


def prepare(size: tuple[int, int, int], folder: Path) -> dict[str, Path]:
    """Write the project, its JSON and a filled evaluator sheet for one size."""
    from slaselect.documents.interchange import dumps
    from slaselect.documents.scoring_sheet.sheet import write_scoring_sheet
    from slaselect.store.project import Project

    label = "x".join(map(str, size))
    evaluation = random_evaluation(*size)
    paths = {
        "project": folder / f"{label}.slaselect",
        "json": folder / f"{label}.json",
        "sheet": folder / f"{label}-e0.xlsx",
        "copy": folder / f"{label}-import.slaselect",
        "out": folder / f"{label}-out",
    }
    Project.create(paths["project"], evaluation, overwrite=True)
    paths["json"].write_text(dumps(evaluation), encoding="utf-8")
    write_scoring_sheet(evaluation, "e0", paths["sheet"])
    fill_every_score(paths["sheet"])
    return paths


def actions(paths: dict[str, Path]) -> dict[str, tuple[list[str], list[str] | None]]:
    """Each measured CLI action: its arguments and an optional copy made before each run."""
    out = paths["out"]
    return {
        "rank": (["rank", str(paths["project"])], None),
        "analyse 10,000 samples": (["analyse", str(paths["project"]), "--samples", "10000"],
                                   None),
        "import-json": (["import-json", str(paths["json"]), f"{out}.slaselect", "--force"],
                        None),
        "workbook": (["workbook", str(paths["project"]), "-o", f"{out}.xlsx"], None),
        "scoring-sheet": (["scoring-sheet", str(paths["project"]), "--evaluator", "e0",
                           "-o", f"{out}-sheet.xlsx"], None),
        "import-scores (full evaluator sheet)": (
            ["import-scores", str(paths["copy"]), str(paths["sheet"])],
            [str(paths["project"]), str(paths["copy"])],
        ),
    }


# --------------------------------------------------------------------------- Monte Carlo


def reference_monte_carlo(scores: np.ndarray, shares: np.ndarray,
                          cells: list[tuple[int, int, np.ndarray]], samples: int,
                          concentration: float, seed: int) -> np.ndarray:
    """Plain numpy of the same sampling model: win counts per provider.

    Dirichlet(concentration x share) weights; every disagreeing cell redrawn as a
    flat-Dirichlet (Bayesian bootstrap) mean of its evaluators' scores; the argmax wins.
    Written the obvious way, as a reader would check the model, in blocks of samples.
    """
    rng = np.random.default_rng(seed)
    wins = np.zeros(scores.shape[0])
    rows = np.array([c[0] for c in cells])
    columns = np.array([c[1] for c in cells])
    values = np.array([c[2] for c in cells])  # cells x k (one team size in generated data)
    block = 500
    for start in range(0, samples, block):
        n = min(block, samples - start)
        weights = rng.dirichlet(concentration * shares, size=n)  # n x criteria
        mix = rng.gamma(1.0, size=(n, *values.shape))
        mix /= mix.sum(axis=2, keepdims=True)
        drawn = (mix * values).sum(axis=2)  # n x cells
        matrix = np.broadcast_to(scores, (n, *scores.shape)).copy()
        matrix[:, rows, columns] = drawn
        totals = np.einsum("spc,sc->sp", matrix, weights)
        wins += np.bincount(totals.argmax(axis=1), minlength=scores.shape[0])
    return wins / samples


def weights_only_reference(scores: np.ndarray, shares: np.ndarray, samples: int,
                           concentration: float, seed: int) -> np.ndarray:
    """The issue's plain reference: Dirichlet weights, one matrix product, the argmax."""
    rng = np.random.default_rng(seed)
    weights = rng.dirichlet(concentration * shares, size=samples)
    totals = weights @ scores.T
    return np.bincount(totals.argmax(axis=1), minlength=scores.shape[0]) / samples


def monte_carlo_ratio(size: tuple[int, int, int],
                      repeat: int) -> tuple[float, float, float]:
    """Median seconds of the domain's Monte Carlo, of the full-model reference (run once:
    it takes over a minute) and of the weights-only reference, 10,000 samples each."""
    from slaselect.domain.ranking import score_table
    from slaselect.domain.robustness import monte_carlo

    evaluation = random_evaluation(*size)
    table = score_table(evaluation)
    eligible = np.flatnonzero(table.eligible)
    scores = table.scores[eligible]
    row_of = {table.providers[i].key: n for n, i in enumerate(eligible.tolist())}
    column_of = {c.key: j for j, c in enumerate(table.criteria)
                 if c.kind is CriterionKind.JUDGEMENT}
    moderated = {(c.provider, c.criterion) for c in evaluation.consensus}
    by_cell: dict[tuple[int, int], list[float]] = {}
    for s in evaluation.scores:
        if s.provider in row_of and (s.provider, s.criterion) not in moderated:
            by_cell.setdefault((row_of[s.provider], column_of[s.criterion]), []).append(
                evaluation.scale.to_ten(s.value))
    cells = [(r, c, np.array(v)) for (r, c), v in by_cell.items() if max(v) > min(v)]
    shares = table.normalised_weights

    def timed(work: object, runs: int) -> float:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            work()  # type: ignore[operator]
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    ours = timed(lambda: monte_carlo(evaluation, table, samples=10_000), repeat)
    light = timed(lambda: weights_only_reference(scores, shares, 10_000, 50.0, 1), repeat)
    full = timed(lambda: reference_monte_carlo(scores, shares, cells, 10_000, 50.0, 1), 1)
    return ours, full, light


# --------------------------------------------------------------------------- main


def _line(name: str, seconds: float, budget: float | None, ok: bool, extra: str = "") -> None:
    shown = f"{seconds:8.2f} s" if ok else f">{seconds:7.1f} s (failed or timed out)"
    limit = f"{budget:.1f} s" if budget is not None else ""
    flag = " OVER" if ok and budget is not None and seconds > budget else ""
    flag = flag or (" OVER" if not ok else "")
    print(f"{name:58} {shown} {limit:>8}{flag}{extra}", flush=True)


def main() -> None:
    """Print each whole-process median against its budget."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="200,1000", help="comma list of 200 and/or 1000")
    parser.add_argument("--only", default="", help="run the actions whose name contains this")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per run")
    args = parser.parse_args()
    print(f"{'action':58} {'median':>10} {'budget':>8}")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for key in (int(s) for s in args.sizes.split(",")):
            size = SIZES[key]
            index = 0 if key == 200 else 1
            label = "x".join(map(str, size))
            if args.only in "monte carlo" and key == 200:
                ours, full, light = monte_carlo_ratio(size, args.repeat)
                print(f"{'monte carlo 10,000 samples ' + label + ' (in process)':58} "
                      f"{ours:8.2f} s", flush=True)
                for name, reference in (("full-model numpy reference", full),
                                        ("weights-only numpy reference", light)):
                    ratio = ours / reference
                    print(f"{'  vs ' + name:58} {reference:8.2f} s  ratio {ratio:.2f}x "
                          f"(budget 5x){' OVER' if ratio > 5 else ''}", flush=True)
            paths = prepare(size, folder)
            for action, (cli_args, before) in actions(paths).items():
                if args.only not in action:
                    continue
                seconds, peak, ok = measure(cli_args, args.repeat, args.timeout, before)
                extra = ""
                if action.startswith("import-scores"):
                    over = " OVER" if key == 200 and peak > IMPORT_RSS_BUDGET_MB else ""
                    extra = f"  peak RSS <= {peak:.0f} MB{over}"
                _line(f"{action} {label}", seconds, BUDGETS[action][index], ok, extra)
        if args.only in "memo":
            paths = prepare(MEMO_SIZE, folder)
            seconds, _, ok = measure(
                ["memo", str(paths["project"]), "-o", f"{paths['out']}.pdf"], args.repeat,
                args.timeout)
            _line(f"memo {'x'.join(map(str, MEMO_SIZE))}", seconds, MEMO_BUDGET_S, ok)


if __name__ == "__main__":
    main()
