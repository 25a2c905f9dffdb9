"""``slaselect memo FILE -o OUT.pdf``: the decision memo as a PDF, written all or nothing."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from slaselect.commands import load_audit_trail, load_evaluation
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Evaluation

if TYPE_CHECKING:
    from slaselect.domain.analysis import Analysis

NAME = "memo"
HELP = "write the decision memo (PDF) for management sign-off"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """FILE, -o OUT.pdf, --paper, --final and --prepared-by."""
    parser.add_argument("file", type=Path, metavar="FILE")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.pdf",
                        help="the PDF to write (replaced only once complete)")
    parser.add_argument("--paper", choices=["A4", "Letter"], type=_paper, default="A4",
                        help="paper size (default: A4)")
    parser.add_argument("--final", action="store_true",
                        help="mark the memo FINAL (default: DRAFT, with a watermark)")
    parser.add_argument("--prepared-by", default="", metavar="NAME",
                        help="who prepared the memo, shown on the cover and the sign-off page")
    parser.add_argument("--no-analysis", action="store_true",
                        help="leave out the sensitivity analysis (the robustness sentences "
                        "and the sensitivity section)")


def decision_analysis(evaluation: Evaluation) -> Analysis | None:
    """The sensitivity analysis for the memo (default samples and seed, as ``slaselect
    analyse``); None when there is nothing to analyse, e.g. no eligible provider."""
    from slaselect.domain.analysis import analyse

    try:
        return analyse(evaluation)
    except EvaluationError:
        return None


def _paper(text: str) -> str:
    return {"a4": "A4", "letter": "Letter"}.get(text.lower(), text)


def run(args: argparse.Namespace) -> int:
    """Write the memo; an unreadable FILE or unwritable OUT is an ``error:`` line."""
    from slaselect.documents.files import write_atomically
    from slaselect.documents.memo import write_memo

    output: Path = args.output
    if output.suffix.lower() != ".pdf":
        raise EvaluationError(f"{output.name} should end in .pdf")
    if output.resolve() == Path(args.file).resolve():
        raise EvaluationError("the memo would overwrite the evaluation it is made from")
    evaluation = load_evaluation(args.file)
    trail = load_audit_trail(args.file)
    status = "FINAL" if args.final else "DRAFT"
    analysis = None if args.no_analysis else decision_analysis(evaluation)
    write_atomically(output, lambda path: write_memo(
        evaluation, path, paper=args.paper, status=status, prepared_by=args.prepared_by,
        analysis=analysis, audit_trail=trail))
    print(f"Wrote the {status.lower()} decision memo of {evaluation.name} to {output}.")
    return 0
