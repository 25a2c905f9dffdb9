"""Reading a filled scoring sheet back: every row checked, a report, then all or nothing.

The sheet is read with ``xlsx.untrusted`` (it has been elsewhere) and each row is checked
against the evaluation: the score must be a number on the scale (typed, not a formula: we never
evaluate formulas, nor trust the results a spreadsheet saved with them), the provider and the
criterion must exist and be scored by hand, the row must belong to the sheet's evaluator and
come only once. Outcomes per row: "new", "changed", "unchanged", "not scored" (blank score:
nothing changes; importing never removes a score), "kept" (changed in SLASelect after the
sheet was written and left as it was in the sheet, so SLASelect's newer score stays), or
"error: <sentence>". When any row has an error nothing is imported.

Problems with the sheet as a whole (not a scoring sheet, another evaluation, an evaluator who
is not in the evaluation) raise ``EvaluationError`` instead of a report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from slaselect.documents.scoring_sheet import sheet as layout
from slaselect.documents.scoring_sheet.row_checks import (
    CHANGED,
    KEPT,
    NEW,
    NOT_SCORED,
    UNCHANGED,
    ImportRow,
    RowChecker,
    cell_key,
    clean,
    field_text,
    normal,
    rationale_text,
    short,
)
from slaselect.documents.xlsx.safety import clean_text
from slaselect.documents.xlsx.untrusted import Sheet, read_workbook
from slaselect.domain.edits import BatchEdit, SetScore
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Evaluation
from slaselect.domain.wording import format_number, plural

__all__ = ["CHANGED", "KEPT", "NEW", "NOT_SCORED", "UNCHANGED", "FilledSheet", "ImportReport",
           "ImportRow", "check_sheet", "edits_from_report", "holds_scores", "import_edit",
           "read_filled_sheet", "read_scoring_sheet", "report_text", "sheet_evaluator"]

_HEADER_SEARCH_ROWS = 30
_REQUIRED_HEADINGS = (layout.SCORE, layout.RATIONALE, layout.PROVIDER_KEY,
                      layout.CRITERION_KEY, layout.EVALUATOR_KEY)


@dataclass(frozen=True)
class ImportReport:
    """What a scoring sheet holds, row by row, checked against one evaluation."""

    evaluation: str
    evaluator: str
    evaluator_name: str
    written: str
    rows: tuple[ImportRow, ...]

    @property
    def errors(self) -> list[ImportRow]:
        """The rows that stop the import."""
        return [r for r in self.rows if r.is_error]

    @property
    def changes(self) -> list[ImportRow]:
        """The rows that would change a score."""
        return [r for r in self.rows if r.is_change]

    def count(self, outcome: str) -> int:
        """How many rows have this outcome ("error" counts every error)."""
        if outcome == "error":
            return len(self.errors)
        return sum(1 for r in self.rows if r.outcome == outcome)


def read_scoring_sheet(
    evaluation: Evaluation, path: Path, *, expected_evaluator: str | None = None
) -> ImportReport:
    """Read and check a filled scoring sheet against ``evaluation``; change nothing.

    With ``expected_evaluator`` a sheet of anyone else is refused. Raises EvaluationError
    when the file cannot be read or is not a scoring sheet of this evaluation.
    """
    return check_sheet(evaluation, read_filled_sheet(path), expected_evaluator=expected_evaluator)


@dataclass(frozen=True)
class FilledSheet:
    """The parts of a scoring workbook the import needs, read but not yet checked."""

    name: str
    fields: dict[str, object]
    scores: Sheet


def read_filled_sheet(path: Path) -> FilledSheet:
    """Read a scoring workbook defensively (see xlsx.untrusted); no checks against an evaluation.

    Raises EvaluationError when the file is not a readable SLASelect scoring sheet.
    """
    content = read_workbook(path, sheets=(layout.SCORES_TITLE, layout.KEYS_TITLE),
                            max_columns=len(layout.HEADINGS) + 8)
    keys = content.sheets.get(layout.KEYS_TITLE)
    scores = content.sheets.get(layout.SCORES_TITLE)
    if keys is None or scores is None:
        missing = layout.KEYS_TITLE if keys is None else layout.SCORES_TITLE
        raise EvaluationError(
            f'{path.name} is not a SLASelect scoring sheet (it has no "{missing}" sheet); '
            "write one with 'slaselect scoring-sheet'"
        )
    fields: dict[str, object] = {}
    for cells in keys.rows[:50]:
        label = cells[0].value if cells else None
        if isinstance(label, str) and len(cells) > 1:
            fields.setdefault(label.strip().lower(), None if cells[1].formula else cells[1].value)
    if fields.get(layout.FIELD_FORMAT) != layout.FORMAT_NAME:
        raise EvaluationError(f"{path.name} is not a SLASelect scoring sheet (its key sheet "
                              "does not name the format)")
    version = fields.get(layout.FIELD_VERSION)
    if not isinstance(version, int | float) or isinstance(version, bool) or version < 1:
        raise EvaluationError(f"{path.name} is a damaged scoring sheet (its format version "
                              "is missing)")
    if version > layout.FORMAT_VERSION:
        raise EvaluationError(f"{path.name} was written by a newer SLASelect (scoring sheet "
                              f"format {format_number(version)}); update SLASelect to import it")
    return FilledSheet(path.name, fields, scores)


def holds_scores(path: Path) -> bool:
    """True when ``path`` is a SLASelect scoring sheet in which someone typed a score or a
    rationale (a row that differs from what was sent): work that writing over it would lose.
    A sheet as written, or a file that is not a scoring sheet at all, is False."""
    try:
        sheet = read_filled_sheet(path)
        columns = _columns(sheet)
    except EvaluationError:
        return False
    score, rationale = columns[normal(layout.SCORE)], columns[normal(layout.RATIONALE)]
    as_sent = columns.get(normal(layout.AS_SENT))
    for cells in sheet.scores.rows[columns["_header_row"]:]:
        typed, written, sent = (cells[column - 1] if column is not None and column <= len(cells)
                                else None for column in (score, rationale, as_sent))
        value = typed.value if typed is not None and not typed.is_empty else None
        text = rationale_text(written)[0] if written is not None else ""
        if value is None and not text:
            continue
        if not isinstance(value, int | float) or isinstance(value, bool) or sent is None:
            return True
        if layout.sent_fingerprint(float(value), text) != cell_key(sent):
            return True
    return False


def sheet_evaluator(sheet: FilledSheet) -> str:
    """The key of the evaluator whose scores the sheet says it holds ('' when it says not).
    ``check_sheet`` reads only that evaluator's scores of the evaluation."""
    return field_text(sheet.fields.get(layout.FIELD_EVALUATOR))


def check_sheet(
    evaluation: Evaluation, sheet: FilledSheet, *, expected_evaluator: str | None = None
) -> ImportReport:
    """Check every row of a read sheet against ``evaluation``: the row-level report.

    Of the evaluation's scores only those of the sheet's evaluator (``sheet_evaluator``)
    are read: an evaluation loaded with only theirs gives the same report."""
    written_for = field_text(sheet.fields.get(layout.FIELD_EVALUATION))
    if written_for != clean_text(evaluation.name).strip():
        raise EvaluationError(
            f'{sheet.name} was written for the evaluation "{short(written_for, 80)}", not '
            f'for "{evaluation.name}"; import it into the project it came from'
        )
    evaluator_key = sheet_evaluator(sheet)
    if not evaluator_key:
        raise EvaluationError(f"{sheet.name} is a damaged scoring sheet (it does not say whose "
                              "scores it holds)")
    evaluator = next((e for e in evaluation.evaluators if e.key == evaluator_key), None)
    if evaluator is None:
        name = field_text(sheet.fields.get(layout.FIELD_EVALUATOR_NAME)) or evaluator_key
        raise EvaluationError(f'{sheet.name} holds the scores of "{short(name, 60)}", who is '
                              "not an evaluator of this evaluation (any more)")
    if expected_evaluator is not None and evaluator.key != expected_evaluator:
        expected = next((e for e in evaluation.evaluators if e.key == expected_evaluator), None)
        whom = expected.name if expected else expected_evaluator
        raise EvaluationError(f"{sheet.name} holds the scores of {evaluator.name}, "
                              f"not of {whom}")
    columns = _columns(sheet)
    rows = tuple(RowChecker(evaluation, evaluator, columns).check_all(sheet.scores))
    return ImportReport(evaluation.name, evaluator.key, evaluator.name,
                        field_text(sheet.fields.get(layout.FIELD_WRITTEN)), rows)


def edits_from_report(report: ImportReport) -> list[SetScore]:
    """The score edits to make, in sheet order; EvaluationError when any row has a problem."""
    if report.errors:
        count = len(report.errors)
        raise EvaluationError(
            f"{count} {'row has a problem' if count == 1 else 'rows have problems'}; "
            "nothing was imported"
        )
    return [SetScore(r.provider, r.criterion, report.evaluator, r.value, r.rationale)
            for r in report.changes]


def import_edit(report: ImportReport, sheet_name: str) -> BatchEdit:
    """The one edit that imports a checked sheet, the same from the app and the command line:
    every changed score, saved in one transaction with one audit entry and undone together.
    EvaluationError when any row has a problem."""
    changes = edits_from_report(report)
    return BatchEdit(tuple(changes), f"Import {plural(len(changes), 'score')} from {sheet_name}")


def report_text(report: ImportReport) -> str:
    """The row-level report as plain text for the terminal, one row a line and a summary."""
    lines = [f'Scoring sheet of {report.evaluator_name} for "{report.evaluation}"'
             + (f", written {short(report.written, 30)}" if report.written else "") + ":"]
    table = [("Row", "Provider", "Criterion", "Outcome")]
    # Names repeat on every row and scores on many: each is shortened or worded once.
    providers: dict[str, str] = {}
    criteria: dict[str, str] = {}
    number = _number_words()
    for item in report.rows:
        provider = item.provider_name or item.provider
        shown_provider = providers.get(provider)
        if shown_provider is None:
            shown_provider = providers[provider] = short(provider, 28)
        criterion = item.criterion_name or item.criterion
        shown_criterion = criteria.get(criterion)
        if shown_criterion is None:
            shown_criterion = criteria[criterion] = short(criterion, 34)
        table.append((str(item.row), shown_provider, shown_criterion,
                      _outcome_words(item, number)))
    widths = [max(map(len, map(itemgetter(i), table))) for i in range(3)]
    for cells in table:
        lines.append("  " + "  ".join([cells[0].rjust(widths[0]), cells[1].ljust(widths[1]),
                                       cells[2].ljust(widths[2]), cells[3]]).rstrip())
    outcomes = Counter(item.outcome for item in report.rows)
    counts = {o: outcomes[o] for o in (NEW, CHANGED, UNCHANGED, NOT_SCORED, KEPT)}
    counts["error"] = sum(n for o, n in outcomes.items() if o.startswith("error"))
    summary = ", ".join(f"{n} {o}" for o, n in counts.items() if n)
    lines.append(f"{len(report.rows)} rows: {summary or 'nothing'}.")
    return "\n".join(lines) + "\n"


def _number_words() -> Callable[[float], str]:
    """``format_number``, remembering what it said for each score."""
    said: dict[float, str] = {}

    def words(value: float) -> str:
        found = said.get(value)
        if found is None:
            found = format_number(value)
            if value:  # 0.0 and -0.0 are one key, but read "0" and "-0"
                said[value] = found
        return found

    return words


def _outcome_words(item: ImportRow, number: Callable[[float], str] = format_number) -> str:
    before = item.before
    if item.outcome == CHANGED and before is not None and item.value is not None:
        parts = []
        if before.value != item.value:
            parts.append(f"{number(before.value)} -> {number(item.value)}")
        if clean(before.rationale) != item.rationale:
            parts.append("rationale changed")
        return f"changed ({', '.join(parts)})"
    if item.outcome == NEW and item.value is not None:
        return f"new ({number(item.value)})"
    if item.outcome == NOT_SCORED and before is not None:
        return f"not scored (keeps {number(before.value)})"
    if item.outcome == KEPT and before is not None:
        return (f"kept ({number(before.value)}: changed in SLASelect after the sheet "
                "was written)")
    return item.outcome


def _columns(sheet: FilledSheet) -> dict[str, int]:
    """Find the heading row and each column by its heading (1-based); raise when absent."""
    wanted = {normal(h) for h in _REQUIRED_HEADINGS}
    for number, cells in enumerate(sheet.scores.rows[:_HEADER_SEARCH_ROWS], start=1):
        found: dict[str, int] = {}
        for column, cell in enumerate(cells, start=1):
            heading = normal(cell.value)
            if heading and not cell.formula:
                found.setdefault(heading, column)
        if wanted <= found.keys():
            found["_header_row"] = number
            return found
    raise EvaluationError(
        f"{sheet.name} is a damaged scoring sheet: its heading row (Score, Rationale and the "
        "hidden key columns) is missing or was changed"
    )
