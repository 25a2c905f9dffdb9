"""``slaselect workbook FILE -o OUT.xlsx``: the term-sheet and scoring workbook."""

from __future__ import annotations

import argparse
from pathlib import Path

from slaselect.commands import load_audit_trail, load_evaluation
from slaselect.domain.errors import EvaluationError

NAME = "workbook"
HELP = "write the term-sheet and scoring workbook (.xlsx) for legal and procurement"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """FILE and the required ``-o OUT.xlsx``."""
    parser.add_argument("file", type=Path, metavar="FILE", help="project or interchange JSON")
    parser.add_argument("-o", "--output", type=Path, metavar="OUT.xlsx", required=True,
                        help="the workbook to write (replaced only when complete)")


def run(args: argparse.Namespace) -> int:
    """Read FILE, write the workbook atomically, say where it went."""
    output: Path = args.output
    if output.suffix.lower() != ".xlsx":
        raise EvaluationError(
            f"{output.name} should end in .xlsx: spreadsheet programs recognise a workbook "
            "by its extension"
        )
    if output.resolve() == Path(args.file).resolve():
        raise EvaluationError("the output would overwrite the evaluation it is made from")
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():  # say so before the work, not after
        raise EvaluationError(f"cannot write {output}: the folder {folder} does not exist")
    evaluation = load_evaluation(args.file)
    trail = load_audit_trail(args.file)
    from slaselect.documents.workbook import write_workbook  # openpyxl loads only now

    write_workbook(evaluation, output, audit_trail=trail)
    print(f"Wrote the workbook of {len(evaluation.providers)} providers to {output}.")
    return 0
