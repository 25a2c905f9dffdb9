"""Documents that leave SLASelect: ``memo``, ``term-sheet``, ``workbook`` and ``scoring-sheet``.

The work is ``slaselect.documents.exports``, shared with the Export page; each file is written
all or nothing. Here: the arguments, the checks a terminal user needs, and one line of result.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from slaselect.cli.common import (
    Commands,
    add_force_option,
    check_output,
    is_json,
    load_audit_trail,
    load_evaluation,
)
from slaselect.domain.errors import EvaluationError

if TYPE_CHECKING:
    from slaselect.domain.model import Evaluation
    from slaselect.domain.service.report import ServiceAssessment


def add_commands(sub: Commands) -> None:
    """Declare the document commands."""
    memo = sub.add_parser("memo", help="write the decision memo (PDF) for management sign-off")
    memo.add_argument("file", type=Path, metavar="FILE")
    memo.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.pdf",
                      help="the PDF to write (replaced only once complete)")
    memo.add_argument("--paper", choices=["A4", "Letter"], type=_paper, default="A4",
                      help="paper size (default: A4)")
    memo.add_argument("--final", action="store_true",
                      help="mark the memo FINAL (default: DRAFT, with a watermark)")
    memo.add_argument("--prepared-by", default="", metavar="NAME",
                      help="who prepared the memo, shown on the cover and the sign-off page")
    memo.add_argument("--no-analysis", action="store_true",
                      help="leave out the sensitivity analysis (the robustness sentences "
                      "and the sensitivity section)")
    memo.add_argument("--brief", action="store_true",
                      help="write only the board brief: the memo's first two pages")
    add_force_option(memo)
    memo.set_defaults(run=write_memo)

    terms = sub.add_parser(
        "term-sheet",
        help="write one provider's term sheet for legal (.docx for Word, or .pdf)")
    terms.add_argument("file", type=Path, metavar="FILE", help="project or interchange JSON")
    terms.add_argument("provider", metavar="PROVIDER", help="the provider's key (or its name)")
    terms.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.docx|OUT.pdf",
                       help="the document to write (replaced only once complete)")
    terms.add_argument("--paper", choices=["A4", "Letter"], type=_paper, default="A4",
                       help="paper size (default: A4)")
    terms.add_argument("--round", type=int, default=None, metavar="N",
                       help="the terms as of round N (default: the provider's latest round)")
    add_force_option(terms)
    terms.set_defaults(run=write_term_sheet)

    workbook = sub.add_parser(
        "workbook",
        help="write the term-sheet and scoring workbook (.xlsx) for legal and procurement")
    workbook.add_argument("file", type=Path, metavar="FILE", help="project or interchange JSON")
    workbook.add_argument("-o", "--output", type=Path, metavar="OUT.xlsx", required=True,
                          help="the workbook to write (replaced only when complete)")
    add_force_option(workbook)
    workbook.set_defaults(run=write_workbook)

    sheet = sub.add_parser(
        "scoring-sheet",
        help="an evaluator's offline scoring workbook (.xlsx) to fill in and import back")
    sheet.add_argument("file", type=Path, metavar="FILE", help="project or interchange JSON")
    sheet.add_argument("--evaluator", required=True, metavar="KEY",
                       help="whose sheet: the evaluator's key")
    sheet.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.xlsx",
                       help="the workbook to write (replaced only when complete)")
    add_force_option(sheet)
    sheet.set_defaults(run=write_scoring_sheet)


def _paper(text: str) -> str:
    return {"a4": "A4", "letter": "Letter"}.get(text.lower(), text)


def write_memo(args: argparse.Namespace) -> int:
    """``memo FILE -o OUT.pdf [--brief] [--paper] [--final] [--prepared-by] [--no-analysis]``."""
    from slaselect.documents.exports import export_memo

    output: Path = args.output
    if output.suffix.lower() != ".pdf":
        raise EvaluationError(f"{output.name} should end in .pdf")
    check_output(output, args.file, force=args.force)
    evaluation = load_evaluation(args.file)
    status = "FINAL" if args.final else "DRAFT"
    export_memo(evaluation, output, paper=args.paper, status=status,
                prepared_by=args.prepared_by, with_analysis=not args.no_analysis,
                audit_trail=load_audit_trail(args.file), brief=args.brief)
    what = "board brief" if args.brief else "decision memo"
    print(f"Wrote the {status.lower()} {what} of {evaluation.name} to {output}.")
    return 0


def write_term_sheet(args: argparse.Namespace) -> int:
    """``term-sheet FILE PROVIDER -o OUT.docx|OUT.pdf [--paper] [--round N]``."""
    from slaselect.documents.exports import export_term_sheet

    output: Path = args.output
    if output.suffix.lower() not in (".docx", ".pdf"):
        raise EvaluationError(f"{output.name} should end in .docx (Word) or .pdf")
    check_output(output, args.file, force=args.force)
    evaluation = load_evaluation(args.file)
    key = provider_key(evaluation, args.provider)
    sheet = export_term_sheet(evaluation, key, output, paper=args.paper,
                              round_number=args.round)
    points = len(sheet.open_points)
    open_words = "no open point" if points == 0 else (
        "1 open point" if points == 1 else f"{points} open points")
    print(f"Wrote the term sheet of {sheet.provider.name} as of {sheet.round_title}, with "
          f"{open_words}, to {output}.")
    return 0


def provider_key(evaluation: Evaluation, given: str) -> str:
    """The key of the provider the user named: by key, else by its name (any case)."""
    keys = {p.key for p in evaluation.providers}
    if given in keys:
        return given
    named = [p.key for p in evaluation.providers if p.name.casefold() == given.casefold()]
    if len(named) == 1:
        return named[0]
    known = ", ".join(sorted(keys)) or "none"
    raise EvaluationError(f'there is no provider "{given}" (providers: {known})')


def write_workbook(args: argparse.Namespace) -> int:
    """``workbook FILE -o OUT.xlsx``."""
    from slaselect.documents.exports import export_workbook

    output: Path = args.output
    if output.suffix.lower() != ".xlsx":
        raise EvaluationError(
            f"{output.name} should end in .xlsx: spreadsheet programs recognise a workbook "
            "by its extension"
        )
    check_output(output, args.file, force=args.force)
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():  # say so before the work, not after
        raise EvaluationError(f"cannot write {output}: the folder {folder} does not exist")
    evaluation = load_evaluation(args.file)
    export_workbook(evaluation, output,
                    audit_trail=None if is_json(args.file) else load_audit_trail(args.file),
                    service=_service_assessment(args.file))
    print(f"Wrote the workbook of {len(evaluation.providers)} providers to {output}.")
    return 0


def _service_assessment(path: Path) -> ServiceAssessment | None:
    """The signed contract's assessment for the workbook's Service sheet (None before an
    award, and for an interchange file, which holds no contract)."""
    if is_json(path):
        return None
    from slaselect.cli.service import load_records

    records = load_records(path)
    return None if records.contract is None else records.assess()


def write_scoring_sheet(args: argparse.Namespace) -> int:
    """``scoring-sheet FILE --evaluator KEY -o OUT.xlsx``."""
    from slaselect.documents.exports import export_scoring_sheet
    from slaselect.documents.scoring_sheet.sheet import (
        evaluator_words,
        find_evaluator,
        judgement_criteria,
        providers_to_score,
    )

    output: Path = args.output
    if output.suffix.lower() != ".xlsx":
        raise EvaluationError(f"{output.name}: give the scoring sheet a name ending in .xlsx")
    check_output(output, args.file, force=args.force)
    evaluation = load_evaluation(args.file)
    evaluator = find_evaluator(evaluation, args.evaluator)
    export_scoring_sheet(evaluation, evaluator.key, output)
    providers, criteria = providers_to_score(evaluation), judgement_criteria(evaluation)
    print(f"Wrote the scoring sheet of {evaluator_words(evaluator)} to {output}: "
          f"{len(providers)} providers x {len(criteria)} criteria.")
    return 0
