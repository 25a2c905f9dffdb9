"""``import-scores FILE SHEET.xlsx [--dry-run] [--evaluator KEY]``: a filled sheet, all or nothing;
``price-envelopes FILE --opened TIME|--clear [--reason TEXT]``: when prices were unsealed.

Every row is checked and reported first. With a problem in any row nothing is imported and the
command fails; ``--dry-run`` only reports. Otherwise the sheet becomes the same one edit the
Export page makes (``score_import.import_edit``), saved by ``Project.apply``: one transaction,
one audit entry, so the project holds either all of the sheet or none of it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from slaselect.cli.common import Commands, check_output, is_json
from slaselect.collector import collector_paused
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

    envelopes = sub.add_parser(
        "price-envelopes",
        help="record when the sealed price envelopes were opened (after quality scoring)")
    envelopes.add_argument("file", type=Path, metavar="FILE", help="the project (.slaselect)")
    when = envelopes.add_mutually_exclusive_group(required=True)
    when.add_argument("--opened", metavar="TIME",
                      help="an ISO date (2026-12-03) or time (2026-12-03T14:05:00+01:00); "
                           "'now' for this moment")
    when.add_argument("--clear", action="store_true", help="remove the record")
    envelopes.add_argument("--reason", default="", metavar="TEXT",
                           help="why; needed to change or clear a recorded opening")
    envelopes.set_defaults(run=record_price_envelopes)


def import_scores(args: argparse.Namespace) -> int:
    """Check the sheet, print the row-level report, then import everything or nothing."""
    # The collector rests for the whole command: what it makes (the sheet's cells, the
    # evaluation, the edits) holds no cycles and lives to the end, and walking millions of
    # objects again and again as more are made took a third of a tender-sized import.
    with collector_paused():
        return _import(args)


def _import(args: argparse.Namespace) -> int:
    from slaselect.documents.scoring_sheet.score_import import (
        check_sheet,
        import_edit,
        read_filled_sheet,
        report_text,
        sheet_evaluator,
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
    # The check and the import need the scores of the sheet's evaluator only: of a tender's
    # 1.4 million scores, 70,000. The project is loaded with only theirs (every score is
    # checked as ever); the loaded evaluation is never saved whole, only the edit is.
    evaluator = sheet_evaluator(filled)
    with EditWatch(project_path) as watch:
        # First check against a read-only view: a dry run, a faulty sheet or one that
        # changes nothing never opens the project for writing.
        with Project.open(project_path, read_only=True) as project:
            evaluation = watch.load(project, scores_of=evaluator)
            checked = project.checked
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
        # SQLite's integrity check of the whole file was made by the read-only open: not
        # again when the file is, byte for byte, the one checked (Project.open(checked=)).
        with Project.open(project_path, checked=checked) as project:
            # Check against what the file holds now that nobody else can write it: again,
            # unless nothing was saved to it since it was read (the same file, schema and
            # audit trail, and no other write).
            if not watch.unchanged(project):
                evaluation = project.load(scores_of=evaluator)
                report = check_sheet(evaluation, filled, expected_evaluator=args.evaluator)
            sys.stdout.write(report_text(report))
            edit = import_edit(report, args.sheet.name)
            if edit.edits:
                project.apply(evaluation, edit)
    print(f"Imported {plural(len(edit.edits), 'score')} of {report.evaluator_name} from "
          f"{args.sheet.name} into {project_path.name}.")
    return 0


def record_price_envelopes(args: argparse.Namespace) -> int:
    """Record (or clear) when the price envelopes were opened; changing a recorded opening
    needs ``--reason``, which the audit trail keeps."""
    import datetime as dt

    from slaselect.cli.common import load_evaluation
    from slaselect.domain.edits import (
        SetPriceEnvelopesOpened,
        check_opening_not_ahead,
        check_opening_time,
    )
    from slaselect.domain.model import Evaluation
    from slaselect.domain.sealed_prices import opening_words
    from slaselect.store.project import Project

    if is_json(args.file):
        raise EvaluationError("price-envelopes needs a project file; build one from the JSON "
                              "with 'slaselect import-json' first")
    opened = "" if args.clear else args.opened.strip()
    if opened.casefold() == "now":
        opened = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    now = dt.datetime.now(dt.UTC)
    edit = SetPriceEnvelopesOpened(check_opening_not_ahead(check_opening_time(opened), now))

    def refusal(evaluation: Evaluation) -> str | None:
        recorded = evaluation.price_envelopes_opened_at
        if recorded == edit.opened_at:
            return ("Nothing to change: the project already records that." if recorded
                    else "Nothing to change: no opening is recorded.")
        if recorded and not args.reason.strip():
            raise EvaluationError(f"the price envelopes are recorded as opened on "
                                  f"{opening_words(recorded)}; "
                                  "changing or clearing that needs --reason")
        return None

    # Checked against a read-only view first: a refused change never opens the file to write.
    said = refusal(load_evaluation(args.file))
    if said is None:
        with Project.open(args.file) as project:
            evaluation = project.load()  # again, now that nobody else can write it
            said = refusal(evaluation)
            if said is None:
                project.apply(evaluation, edit, reason=args.reason.strip())
    if said is not None:
        print(said)
        return 0
    opened = edit.opened_at
    print(f"Recorded the price envelopes as opened on {opening_words(opened)}." if opened
          else "Cleared the record of the price envelopes' opening.")
    return 0
