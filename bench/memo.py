"""Decision memo benchmarks: the demo's memo (budget 1 s), a 50-provider memo (budget 5 s) and
the demo's board brief with its analysis, as ``slaselect memo --brief`` makes it (budget 0.5 s).

Usage: ``python -m bench.memo [--repeat N]``. Prints each step's median wall time against its
budget (issue 5); a step over budget is marked ``OVER``.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench.generate import random_evaluation
from bench.run import Step, median_seconds
from slaselect.documents.bundled import load_demo
from slaselect.documents.exports import export_memo
from slaselect.documents.memo import write_memo


def memo_steps(folder: Path) -> list[Step]:
    """The memo steps: the demo, and 50 providers x 20 criteria x 3 evaluators."""
    demo = load_demo()
    large = random_evaluation(50, 20, 3)
    tender = random_evaluation(50, 60, 10)  # issue 14: appendix C summarised, not 21,000 rows
    return [
        Step("memo PDF of the demo", lambda: write_memo(demo, folder / "demo.pdf"), 1.0),
        Step("memo PDF of 50 providers x 20 criteria x 3 evaluators",
             lambda: write_memo(large, folder / "large.pdf"), 5.0),
        Step("board brief PDF of the demo (with its analysis)",
             lambda: export_memo(demo, folder / "brief.pdf", brief=True), 0.5),
        Step("memo PDF of 50 providers x 60 criteria x 10 evaluators",
             lambda: write_memo(tender, folder / "tender.pdf"), 5.0),
    ]


def main() -> None:
    """Print the median of each memo step against its budget."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        from reportlab.lib import rl_accel

        accelerated = "in use" if rl_accel._c_funcs else "not installed (pip install rl_accel)"
        print(f"reportlab C accelerator: {accelerated}")
        print(f"{'step':56} {'median':>10} {'budget':>8}")
        for step in memo_steps(Path(folder)):
            seconds = median_seconds(step.work, args.repeat)
            budget = "" if step.budget_s is None else f"{step.budget_s * 1000:.0f} ms"
            flag = " OVER" if step.budget_s is not None and seconds > step.budget_s else ""
            print(f"{step.name:56} {seconds * 1000:8.1f} ms {budget:>8}{flag}", flush=True)


if __name__ == "__main__":
    main()
