"""``slaselect scoring-sheet FILE --evaluator KEY -o OUT.xlsx``: an evaluator's offline sheet."""

from __future__ import annotations

import argparse
from pathlib import Path

from slaselect.commands import load_evaluation
from slaselect.domain.errors import EvaluationError

NAME = "scoring-sheet"
HELP = "an evaluator's offline scoring workbook (.xlsx) to fill in and import back"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """FILE, --evaluator KEY and -o OUT.xlsx."""
    parser.add_argument("file", type=Path, metavar="FILE", help="project or interchange JSON")
    parser.add_argument("--evaluator", required=True, metavar="KEY",
                        help="whose sheet: the evaluator's key")
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.xlsx",
                        help="the workbook to write (replaced only when complete)")


def run(args: argparse.Namespace) -> int:
    """Write the sheet atomically and say what is in it."""
    from slaselect.documents.files import write_atomically
    from slaselect.documents.scoring_sheet.sheet import (
        evaluator_words,
        find_evaluator,
        judgement_criteria,
        providers_to_score,
        write_scoring_sheet,
    )

    output: Path = args.output
    if output.suffix.lower() != ".xlsx":
        raise EvaluationError(f"{output.name}: give the scoring sheet a name ending in .xlsx")
    evaluation = load_evaluation(args.file)
    evaluator = find_evaluator(evaluation, args.evaluator)
    write_atomically(output, lambda path: write_scoring_sheet(evaluation, evaluator.key, path))
    providers, criteria = providers_to_score(evaluation), judgement_criteria(evaluation)
    print(f"Wrote the scoring sheet of {evaluator_words(evaluator)} to {output}: "
          f"{len(providers)} providers x {len(criteria)} criteria.")
    return 0
