"""Term sheet benchmarks: the demo's term sheet as DOCX and as PDF (budget 0.5 s each).

Usage: ``python -m bench.term_sheet [--repeat N]``. Prints each step's median wall time
against its budget (issue 12); a step over budget is marked ``OVER``.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench.run import Step, median_seconds
from slaselect.documents.bundled import load_demo
from slaselect.documents.exports import export_term_sheet
from slaselect.documents.term_sheet import write_term_sheet


def term_sheet_steps(folder: Path) -> list[Step]:
    """The demo's first provider, with an ask on every term, to Word and to PDF."""
    demo = load_demo()
    provider = demo.providers[0].key
    return [
        Step("term sheet DOCX of the demo",
             lambda: write_term_sheet(demo, provider, folder / "sheet.docx"), 0.5),
        Step("term sheet PDF of the demo",
             lambda: write_term_sheet(demo, provider, folder / "sheet.pdf"), 0.5),
        Step("term sheet PDF via the export job (term-sheet command)",
             lambda: export_term_sheet(demo, provider, folder / "job.pdf"), 0.5),
    ]


def main() -> None:
    """Print the median of each term sheet step against its budget."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'step':40} {'median':>10} {'budget':>8}")
        for step in term_sheet_steps(Path(folder)):
            seconds = median_seconds(step.work, args.repeat)
            budget = "" if step.budget_s is None else f"{step.budget_s * 1000:.0f} ms"
            flag = " OVER" if step.budget_s is not None and seconds > step.budget_s else ""
            print(f"{step.name:40} {seconds * 1000:8.1f} ms {budget:>8}{flag}", flush=True)


if __name__ == "__main__":
    main()
