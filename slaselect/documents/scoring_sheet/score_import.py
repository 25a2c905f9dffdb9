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

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from itertools import compress
from operator import eq, itemgetter
from pathlib import Path

from slaselect.documents.scoring_sheet import sheet as layout
from slaselect.documents.xlsx.safety import clean_text
from slaselect.documents.xlsx.untrusted import EMPTY, Sheet, SheetCell, read_workbook
from slaselect.domain.edits import BatchEdit, SetScore
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import CriterionKind, Evaluation, Evaluator, Score
from slaselect.domain.wording import format_number, plural

NEW, CHANGED, UNCHANGED, NOT_SCORED, KEPT = "new", "changed", "unchanged", "not scored", "kept"
_HEADER_SEARCH_ROWS = 30
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # escapes could drive a terminal
_REQUIRED_HEADINGS = (layout.SCORE, layout.RATIONALE, layout.PROVIDER_KEY,
                      layout.CRITERION_KEY, layout.EVALUATOR_KEY)


@dataclass(frozen=True)
class ImportRow:
    """One data row of the sheet and what importing it would do.

    ``provider`` and ``criterion`` are keys as found in the sheet; ``outcome`` is "new",
    "changed", "unchanged", "not scored", "kept" or "error: <sentence>"; ``value`` and
    ``rationale`` are what the sheet says (``value`` None when blank or unreadable);
    ``before`` is the score SLASelect holds now, if any.
    """

    row: int
    provider: str
    criterion: str
    outcome: str
    value: float | None = None
    rationale: str = ""
    before: Score | None = None
    provider_name: str = ""
    criterion_name: str = ""

    @property
    def is_error(self) -> bool:
        """True when this row stops the import."""
        return self.outcome.startswith("error")

    @property
    def is_change(self) -> bool:
        """True when importing this row changes the evaluation."""
        return self.outcome in (NEW, CHANGED)


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
    score, rationale = columns[_normal(layout.SCORE)], columns[_normal(layout.RATIONALE)]
    as_sent = columns.get(_normal(layout.AS_SENT))
    for cells in sheet.scores.rows[columns["_header_row"]:]:
        typed, written, sent = (cells[column - 1] if column is not None and column <= len(cells)
                                else None for column in (score, rationale, as_sent))
        value = typed.value if typed is not None and not typed.is_empty else None
        text = _rationale(written)[0] if written is not None else ""
        if value is None and not text:
            continue
        if not isinstance(value, int | float) or isinstance(value, bool) or sent is None:
            return True
        if layout.sent_fingerprint(float(value), text) != _key(sent):
            return True
    return False


def check_sheet(
    evaluation: Evaluation, sheet: FilledSheet, *, expected_evaluator: str | None = None
) -> ImportReport:
    """Check every row of a read sheet against ``evaluation``: the row-level report."""
    written_for = _text(sheet.fields.get(layout.FIELD_EVALUATION))
    if written_for != clean_text(evaluation.name).strip():
        raise EvaluationError(
            f'{sheet.name} was written for the evaluation "{_short(written_for, 80)}", not '
            f'for "{evaluation.name}"; import it into the project it came from'
        )
    evaluator_key = _text(sheet.fields.get(layout.FIELD_EVALUATOR))
    if not evaluator_key:
        raise EvaluationError(f"{sheet.name} is a damaged scoring sheet (it does not say whose "
                              "scores it holds)")
    evaluator = next((e for e in evaluation.evaluators if e.key == evaluator_key), None)
    if evaluator is None:
        name = _text(sheet.fields.get(layout.FIELD_EVALUATOR_NAME)) or evaluator_key
        raise EvaluationError(f'{sheet.name} holds the scores of "{_short(name, 60)}", who is '
                              "not an evaluator of this evaluation (any more)")
    if expected_evaluator is not None and evaluator.key != expected_evaluator:
        expected = next((e for e in evaluation.evaluators if e.key == expected_evaluator), None)
        whom = expected.name if expected else expected_evaluator
        raise EvaluationError(f"{sheet.name} holds the scores of {evaluator.name}, "
                              f"not of {whom}")
    columns = _columns(sheet)
    rows = tuple(_RowChecker(evaluation, evaluator, columns).check_all(sheet.scores))
    return ImportReport(evaluation.name, evaluator.key, evaluator.name,
                        _text(sheet.fields.get(layout.FIELD_WRITTEN)), rows)


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
             + (f", written {_short(report.written, 30)}" if report.written else "") + ":"]
    table = [("Row", "Provider", "Criterion", "Outcome")]
    shortened: dict[tuple[str, int], str] = {}  # names repeat on every row: shorten each once

    def short(text: str, limit: int) -> str:
        found = shortened.get((text, limit))
        if found is None:
            found = shortened[text, limit] = _short(text, limit)
        return found

    for item in report.rows:
        table.append((str(item.row), short(item.provider_name or item.provider, 28),
                      short(item.criterion_name or item.criterion, 34), _outcome_words(item)))
    widths = [max(len(r[i]) for r in table) for i in range(3)]
    for cells in table:
        lines.append("  " + "  ".join([cells[0].rjust(widths[0]), cells[1].ljust(widths[1]),
                                       cells[2].ljust(widths[2]), cells[3]]).rstrip())
    summary = ", ".join(f"{report.count(o)} {o}" for o in (NEW, CHANGED, UNCHANGED, NOT_SCORED,
                                                           KEPT, "error") if report.count(o))
    lines.append(f"{len(report.rows)} rows: {summary or 'nothing'}.")
    return "\n".join(lines) + "\n"


def _outcome_words(item: ImportRow) -> str:
    before = item.before
    if item.outcome == CHANGED and before is not None and item.value is not None:
        parts = []
        if before.value != item.value:
            parts.append(f"{format_number(before.value)} -> {format_number(item.value)}")
        if clean_text(before.rationale) != item.rationale:
            parts.append("rationale changed")
        return f"changed ({', '.join(parts)})"
    if item.outcome == NEW and item.value is not None:
        return f"new ({format_number(item.value)})"
    if item.outcome == NOT_SCORED and before is not None:
        return f"not scored (keeps {format_number(before.value)})"
    if item.outcome == KEPT and before is not None:
        return (f"kept ({format_number(before.value)}: changed in SLASelect after the sheet "
                "was written)")
    return item.outcome


def _short(text: str, limit: int) -> str:
    """Text from the sheet fit for one terminal line: no control characters, shortened."""
    text = " ".join(_CONTROL.sub("?", text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(value: object) -> str:
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _normal(heading: object) -> str:
    return " ".join(heading.split()).lower() if isinstance(heading, str) else ""


def _columns(sheet: FilledSheet) -> dict[str, int]:
    """Find the heading row and each column by its heading (1-based); raise when absent."""
    wanted = {_normal(h) for h in _REQUIRED_HEADINGS}
    for number, cells in enumerate(sheet.scores.rows[:_HEADER_SEARCH_ROWS], start=1):
        found: dict[str, int] = {}
        for column, cell in enumerate(cells, start=1):
            heading = _normal(cell.value)
            if heading and not cell.formula:
                found.setdefault(heading, column)
        if wanted <= found.keys():
            found["_header_row"] = number
            return found
    raise EvaluationError(
        f"{sheet.name} is a damaged scoring sheet: its heading row (Score, Rationale and the "
        "hidden key columns) is missing or was changed"
    )


class _RowChecker:
    """Checks the data rows of one sheet against the evaluation.

    One pass over the rows, with everything a row needs looked up once beforehand: the
    evaluator's scores come from the evaluation's score index (not a scan of every score),
    and the cells of a row are read straight from its tuple.
    """

    def __init__(self, evaluation: Evaluation, evaluator: Evaluator,
                 columns: dict[str, int]) -> None:
        self.evaluation = evaluation
        self.evaluator = evaluator
        self.columns = columns
        self.providers = {p.key: p for p in evaluation.providers}
        self.criteria = {c.key: c for c in evaluation.criteria}
        self.evaluators = {e.key: e for e in evaluation.evaluators}
        self.scores = _scores_of(evaluation, evaluator.key)
        self.seen: dict[tuple[str, str], int] = {}
        # Each heading's column, found once (not once per row and cell), 0-based.
        self.at = tuple(columns[_normal(heading)] - 1 for heading in
                        (layout.PROVIDER_KEY, layout.CRITERION_KEY, layout.EVALUATOR_KEY,
                         layout.SCORE, layout.RATIONALE))
        as_sent = columns.get(_normal(layout.AS_SENT))
        self.as_sent_at = as_sent - 1 if as_sent is not None else None
        self.width = max(max(self.at) + 1, as_sent or 0)

    def check_all(self, sheet: Sheet) -> Iterator[ImportRow]:
        first = self.columns["_header_row"] + 1
        width = self.width
        for number, cells in enumerate(sheet.rows[first - 1:], start=first):
            if len(cells) < width:
                cells = cells + (EMPTY,) * (width - len(cells))
            row = self._check(cells, number)
            if row is not None:
                yield row

    def _check(self, cells: tuple[SheetCell, ...], number: int) -> ImportRow | None:
        at = self.at
        key_cells = (cells[at[0]], cells[at[1]], cells[at[2]])
        score_cell, rationale_cell = cells[at[3]], cells[at[4]]
        if (key_cells[0].is_empty and key_cells[1].is_empty and key_cells[2].is_empty
                and score_cell.is_empty and rationale_cell.is_empty):
            return None
        provider_key, criterion_key, evaluator_key = (
            _key(key_cells[0]), _key(key_cells[1]), _key(key_cells[2]))
        provider = self.providers.get(provider_key)
        criterion = self.criteria.get(criterion_key)
        pair = (provider_key, criterion_key)
        before = self.scores.get(pair)
        problem = self._problem(key_cells, provider_key, criterion_key, evaluator_key)
        if problem:
            return self._error(number, pair, before, problem)
        assert provider is not None and criterion is not None
        self.seen[pair] = number
        rationale, problem = _rationale(rationale_cell)
        value: float | None = None
        if not problem:
            value, problem = self._score(score_cell)
        if problem:
            return self._error(number, pair, before, problem)
        if value is None:
            if rationale.strip():
                return self._error(number, pair, before, "there is a rationale but no score; "
                                   "type the score too (a blank score is not imported)")
            outcome = NOT_SCORED
        else:
            as_sent = cells[self.as_sent_at] if self.as_sent_at is not None else None
            outcome = self._outcome(before, value, rationale, as_sent)
        return ImportRow(number, provider_key, criterion_key, outcome, value, rationale, before,
                         provider.name, criterion.name)

    def _problem(self, key_cells: tuple[SheetCell, SheetCell, SheetCell], provider_key: str,
                 criterion_key: str, evaluator_key: str) -> str:
        """What is wrong with a row's keys, in a sentence; empty when nothing is."""
        if key_cells[0].formula or key_cells[1].formula or key_cells[2].formula or not (
                provider_key and criterion_key):
            return ("the hidden keys of this row are missing or were changed (was the row "
                    "added or pasted?); only the yellow cells may be changed")
        provider = self.providers.get(provider_key)
        criterion = self.criteria.get(criterion_key)
        if provider is None:
            return f'there is no provider "{_short(provider_key, 40)}" in this evaluation'
        if criterion is None:
            return f'there is no criterion "{_short(criterion_key, 40)}" in this evaluation'
        if criterion.kind is not CriterionKind.JUDGEMENT:
            return f"{criterion.name} is scored from the terms, not by evaluators"
        if evaluator_key != self.evaluator.key:
            other = self.evaluators.get(evaluator_key)
            whose = (f"{other.name}'s sheet" if other
                     else f'the sheet of "{_short(evaluator_key, 40)}"')
            return f"this row was copied from {whose}; this sheet is {self.evaluator.name}'s"
        earlier = self.seen.get((provider_key, criterion_key))
        if earlier is not None:
            return f"{provider.name} on {criterion.name} is already in row {earlier}"
        return ""

    def _error(self, number: int, pair: tuple[str, str], before: Score | None,
               sentence: str) -> ImportRow:
        provider = self.providers.get(pair[0])
        criterion = self.criteria.get(pair[1])
        return ImportRow(number, pair[0], pair[1], f"error: {sentence}", None, "", before,
                         provider.name if provider else "", criterion.name if criterion else "")

    def _score(self, cell: SheetCell) -> tuple[float | None, str]:
        """The score typed in the cell (None when blank), or the sentence saying what is wrong."""
        value = cell.value
        if cell.formula:
            return None, (f"the score is a formula ({_short(str(value), 30)}); type the number "
                          "itself (formulas are never evaluated)")
        if cell.error:
            return None, f"the score cell shows an error ({value}); type a number"
        if cell.is_empty:
            return None, ""
        if isinstance(value, bool) or not isinstance(value, int | float):
            if isinstance(value, str):
                shown = _short(value.strip(), 30)
                if _looks_numeric(value):
                    return None, (f'the score "{shown}" is stored as text; type it as a '
                                  "number")
                return None, f'the score is text ("{shown}"), not a number'
            return None, "the score is not a number (a date, time or TRUE/FALSE)"
        number = float(value)
        scale = self.evaluation.scale
        if not math.isfinite(number) or not scale.min <= number <= scale.max:
            shown = format_number(number) if math.isfinite(number) else str(number)
            return None, (f"the score {shown} is outside the scale "
                          f"{layout.scale_words(self.evaluation)}")
        return number, ""

    def _outcome(self, before: Score | None, value: float, rationale: str,
                 as_sent: SheetCell | None) -> str:
        now = (before.value, clean_text(before.rationale)) if before else (None, "")
        if now == (value, rationale):
            return UNCHANGED
        sent = _key(as_sent) if as_sent is not None else ""
        if sent and layout.sent_fingerprint(*now) != sent:  # changed in SLASelect since
            if layout.sent_fingerprint(value, rationale) == sent:  # ... but not in the sheet
                return KEPT
            shown = format_number(before.value) if before else "no score"
            return (f"error: this score was changed in SLASelect (now {shown}) after the "
                    "sheet was written, and in the sheet too; agree which stands, then "
                    "enter it in SLASelect or in a new sheet")
        return NEW if before is None else CHANGED


def _scores_of(evaluation: Evaluation, evaluator: str) -> dict[tuple[str, str], Score]:
    """One evaluator's scores by (provider, criterion), found in one pass over the scores in
    C (of two scores of one cell the later one, as a scan keeping the last would give)."""
    scores = evaluation.scores
    mine = compress(scores, map(partial(eq, evaluator), map(itemgetter(2), scores)))
    return {(score.provider, score.criterion): score for score in mine}


def _rationale(cell: SheetCell) -> tuple[str, str]:
    """The rationale as text, or the sentence saying what is wrong with the cell."""
    value = cell.value
    if cell.formula:
        return "", "the rationale is a formula; type the text itself (formulas are never " \
                   "evaluated)"
    if cell.error:
        return "", f"the rationale cell shows an error ({value}); type the text"
    if value is None:
        return "", ""
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value)), ""
    return clean_text(str(value)), ""


def _key(cell: SheetCell) -> str:
    value = cell.value
    if cell.formula or cell.error:
        return ""
    if type(value) is str:  # the usual case, quickly
        return value.strip()
    return "" if isinstance(value, bool) else _text(value)


def _looks_numeric(text: str) -> bool:
    try:
        float(text.strip().replace(",", "."))
    except ValueError:
        return False
    return True
