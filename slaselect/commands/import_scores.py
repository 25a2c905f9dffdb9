"""``slaselect import-scores FILE SHEET.xlsx [--dry-run]``: a filled scoring sheet, all or nothing.

Every row is checked and reported first. With a problem in any row nothing is imported and the
command fails; ``--dry-run`` only reports. Otherwise every changed score is saved in one
transaction with one audit entry, so the project holds either all of the sheet or none of it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import sqlite3
import sys
from pathlib import Path

from slaselect.commands import load_evaluation
from slaselect.domain.edits import BatchEdit, SetScore
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Evaluation
from slaselect.store import repository
from slaselect.store.project import Project

NAME = "import-scores"
HELP = "read a filled scoring sheet back into the project, all or nothing"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """FILE, SHEET, --dry-run and --evaluator."""
    parser.add_argument("file", type=Path, metavar="FILE", help="the project (.slaselect)")
    parser.add_argument("sheet", type=Path, metavar="SHEET.xlsx", help="the filled sheet")
    parser.add_argument("--dry-run", action="store_true",
                        help="check and report only; change nothing")
    parser.add_argument("--evaluator", metavar="KEY",
                        help="refuse the sheet unless it is this evaluator's")


def run(args: argparse.Namespace) -> int:
    """Check the sheet, print the row-level report, then import everything or nothing."""
    from slaselect.documents.score_import import (
        check_sheet,
        edits_from_report,
        read_filled_sheet,
        report_text,
    )

    project_path: Path = args.file
    if project_path.suffix.lower() == ".json":
        raise EvaluationError(
            "import-scores needs a project file; build one from the JSON with "
            "'slaselect import-json' first"
        )
    filled = read_filled_sheet(args.sheet)
    # First check against a read-only view: a dry run, a faulty sheet or one that changes
    # nothing never opens the project for writing.
    report = check_sheet(load_evaluation(project_path), filled,
                         expected_evaluator=args.evaluator)
    if args.dry_run or report.errors or not report.changes:
        sys.stdout.write(report_text(report))
        edits = edits_from_report(report)  # raises "N rows have problems; nothing ..."
        if args.dry_run:
            print(f"Dry run: nothing was changed; importing would change {_scores(len(edits))}.")
        else:
            print("Nothing to import: the project already holds every score in the sheet.")
        return 0
    with Project.open(project_path) as project:
        evaluation = project.load()  # again, now that nobody else can write it
        report = check_sheet(evaluation, filled, expected_evaluator=args.evaluator)
        sys.stdout.write(report_text(report))
        edits = edits_from_report(report)
        _save_all(project, evaluation, edits, args.sheet.name)
    print(f"Imported {_scores(len(edits))} of {report.evaluator_name} from {args.sheet.name} "
          f"into {project_path.name}.")
    return 0


def _save_all(
    project: Project, evaluation: Evaluation, edits: list[SetScore], sheet_name: str
) -> None:
    """Apply every edit in memory first (each checks itself), then write all in one transaction."""
    if not edits:
        return
    batch = BatchEdit(tuple(edits), f"Import {sheet_name}")
    after, _ = batch.apply(evaluation)  # one pass over the scores, however many edits
    evaluator = edits[0].evaluator
    entry = repository.AuditEntry(
        at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        who=_user_name(),
        action=f"Imported {_scores(len(edits))} from {sheet_name}",
        detail=json.dumps({"edit": "ImportScores", "sheet": sheet_name, "evaluator": evaluator,
                           "scores": len(edits)}, ensure_ascii=False),
    )
    try:
        with project.db.atomic():
            repository.apply_edit(project.db, batch, after, entry)
    except sqlite3.Error as error:
        raise EvaluationError(
            f"could not save to {project.path.name}: {error}; nothing was imported"
        ) from error


def _scores(count: int) -> str:
    return f"{count} score" if count == 1 else f"{count} scores"


def _user_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (some containers)
        return "unknown user"
