"""``import-scores FILE SHEET.xlsx [--dry-run] [--evaluator KEY]``: a filled sheet, all or nothing.

Every row is checked and reported first. With a problem in any row nothing is imported and the
command fails; ``--dry-run`` only reports. Otherwise the sheet becomes the same one edit the
Export page makes (``score_import.import_edit``), saved by ``Project.apply``: one transaction,
one audit entry, so the project holds either all of the sheet or none of it.
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from slaselect.cli.common import Commands, check_output, is_json
from slaselect.domain.errors import EvaluationError


def add_commands(sub: Commands) -> None:
    """Declare ``import-scores``."""
    parser = sub.add_parser("import-scores",
                            help="read a filled scoring sheet back into the project, all or "
                                 "nothing")
    parser.add_argument("file", type=Path, metavar="FILE", help="the project (.slaselect)")
    parser.add_argument("sheet", type=Path, metavar="SHEET.xlsx", help="the filled sheet")
    parser.add_argument("--dry-run", action="store_true",
                        help="check and report only; change nothing")
    parser.add_argument("--evaluator", metavar="KEY",
                        help="refuse the sheet unless it is this evaluator's")
    parser.set_defaults(run=import_scores)


def import_scores(args: argparse.Namespace) -> int:
    """Check the sheet, print the row-level report, then import everything or nothing."""
    # The collector rests for the whole command: what it makes (the sheet's cells, the
    # evaluation, the edits) holds no cycles and lives to the end, and walking millions of
    # objects again and again as more are made took a third of a tender-sized import.
    was_collecting = gc.isenabled()
    gc.disable()
    try:
        return _import(args)
    finally:
        if was_collecting:
            gc.enable()


def _import(args: argparse.Namespace) -> int:
    from slaselect.documents.scoring_sheet.score_import import (
        check_sheet,
        import_edit,
        read_filled_sheet,
        report_text,
    )
    from slaselect.domain.wording import plural
    from slaselect.store.project import Project
    from slaselect.store.saved_state import EditWatch

    project_path: Path = args.file
    if is_json(project_path):
        raise EvaluationError(
            "import-scores needs a project file; build one from the JSON with "
            "'slaselect import-json' first"
        )
    check_output(project_path, args.sheet, force=True)  # the sheet is not the project
    filled = read_filled_sheet(args.sheet)
    with EditWatch(project_path) as watch:
        # First check against a read-only view: a dry run, a faulty sheet or one that
        # changes nothing never opens the project for writing.
        with Project.open(project_path, read_only=True) as project:
            evaluation = watch.load(project)
        report = check_sheet(evaluation, filled, expected_evaluator=args.evaluator)
        if args.dry_run or report.errors or not report.changes:
            sys.stdout.write(report_text(report))
            edit = import_edit(report, args.sheet.name)  # raises "N rows have problems; ..."
            if args.dry_run:
                print(f"Dry run: nothing was changed; importing would change "
                      f"{plural(len(edit.edits), 'score')}.")
            else:
                print("Nothing to import: the project already holds every score in the "
                      "sheet.")
            return 0
        with Project.open(project_path) as project:
            # Check against what the file holds now that nobody else can write it: again,
            # unless nothing was saved to it since it was read (the same file, schema and
            # audit trail, and no other write).
            if not watch.unchanged(project):
                evaluation = project.load()
                report = check_sheet(evaluation, filled, expected_evaluator=args.evaluator)
            sys.stdout.write(report_text(report))
            edit = import_edit(report, args.sheet.name)
            if edit.edits:
                project.apply(evaluation, edit)
    print(f"Imported {plural(len(edit.edits), 'score')} of {report.evaluator_name} from "
          f"{args.sheet.name} into {project_path.name}.")
    return 0
