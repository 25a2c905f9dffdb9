"""Each data row of a filled scoring sheet, checked against the evaluation: what importing
it would do ("new", "changed", "unchanged", "not scored", "kept") or the sentence saying what
is wrong with it ("error: ...").

A tender's sheet has tens of thousands of rows, so a row that is as SLASelect wrote it, with
a number typed as its score, is checked with as little work as the checks allow: everything
a row needs is looked up once beforehand, the usual cells are read straight from their
values, and a rationale is cleaned (``clean_text``) once, not once per comparison. Every
other row takes the general path, which words its problem.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from itertools import compress
from operator import eq, itemgetter

from slaselect.documents.scoring_sheet import sheet as layout
from slaselect.documents.xlsx.safety import MAX_CELL_TEXT, clean_text
from slaselect.documents.xlsx.untrusted import EMPTY, Sheet, SheetCell
from slaselect.domain.model import CriterionKind, Evaluation, Evaluator, Score
from slaselect.domain.wording import format_number

NEW, CHANGED, UNCHANGED, NOT_SCORED, KEPT = "new", "changed", "unchanged", "not scored", "kept"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # escapes could drive a terminal


@dataclass(frozen=True, slots=True)  # slots: one per row of a tender's sheet, 70,000
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


def normal(heading: object) -> str:
    """A heading as the import compares them: words single-spaced, lower case."""
    return " ".join(heading.split()).lower() if isinstance(heading, str) else ""


class RowChecker:
    """Checks the data rows of one sheet against the evaluation.

    One pass over the rows, with everything a row needs looked up once beforehand: the
    evaluator's scores by cell (found in one pass over the scores), the judgement criteria
    and the providers by key; the cells of a row are read straight from its tuple.
    """

    def __init__(self, evaluation: Evaluation, evaluator: Evaluator,
                 columns: dict[str, int]) -> None:
        self.evaluation = evaluation
        self.evaluator = evaluator
        self.columns = columns
        self.providers = {p.key: p for p in evaluation.providers}
        self.criteria = {c.key: c for c in evaluation.criteria}
        self.judgement = {c.key: c for c in evaluation.criteria
                          if c.kind is CriterionKind.JUDGEMENT}
        self.evaluators = {e.key: e for e in evaluation.evaluators}
        self.scores = _scores_of(evaluation, evaluator.key)
        self.seen: dict[tuple[str, str], int] = {}
        # Each heading's column, found once (not once per row and cell), 0-based.
        self.at = tuple(columns[normal(heading)] - 1 for heading in
                        (layout.PROVIDER_KEY, layout.CRITERION_KEY, layout.EVALUATOR_KEY,
                         layout.SCORE, layout.RATIONALE))
        as_sent = columns.get(normal(layout.AS_SENT))
        self.as_sent_at = as_sent - 1 if as_sent is not None else None
        self.width = max(max(self.at) + 1, as_sent or 0)

    def check_all(self, sheet: Sheet) -> Iterator[ImportRow]:
        """What each data row below the heading row would do; blank rows left out."""
        first = self.columns["_header_row"] + 1
        width = self.width
        check = self._check
        for number, cells in enumerate(sheet.rows[first - 1:], start=first):
            if len(cells) < width:
                cells = cells + (EMPTY,) * (width - len(cells))
            row = check(cells, number)
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
            cell_key(key_cells[0]), cell_key(key_cells[1]), cell_key(key_cells[2]))
        provider = self.providers.get(provider_key)
        criterion = self.judgement.get(criterion_key)
        pair = (provider_key, criterion_key)
        before = self.scores.get(pair)
        if (provider is None or criterion is None or evaluator_key != self.evaluator.key
                or not provider_key or not criterion_key or pair in self.seen
                or key_cells[0].formula or key_cells[1].formula or key_cells[2].formula):
            # Something is wrong with the keys (found quickly above): word it.
            return self._error(number, pair, before, self._problem(
                key_cells, provider_key, criterion_key, evaluator_key))
        self.seen[pair] = number
        value: float | None
        typed = score_cell.value
        if (type(rationale_cell.value) is str and not rationale_cell.formula
                and not rationale_cell.error):
            rationale = clean(rationale_cell.value)  # the usual rationale: text
        else:
            rationale, problem = rationale_text(rationale_cell)
            if problem:
                return self._error(number, pair, before, problem)
        if ((type(typed) is float or type(typed) is int) and not score_cell.formula
                and not score_cell.error and math.isfinite(typed)
                and self.evaluation.scale.min <= typed <= self.evaluation.scale.max):
            value = float(typed)  # the usual score: a number on the scale
        else:
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
        """What is wrong with a row's keys, in a sentence."""
        if key_cells[0].formula or key_cells[1].formula or key_cells[2].formula or not (
                provider_key and criterion_key):
            return ("the hidden keys of this row are missing or were changed (was the row "
                    "added or pasted?); only the yellow cells may be changed")
        provider = self.providers.get(provider_key)
        criterion = self.criteria.get(criterion_key)
        if provider is None:
            return f'there is no provider "{short(provider_key, 40)}" in this evaluation'
        if criterion is None:
            return f'there is no criterion "{short(criterion_key, 40)}" in this evaluation'
        if criterion.kind is not CriterionKind.JUDGEMENT:
            return f"{criterion.name} is scored from the terms, not by evaluators"
        if evaluator_key != self.evaluator.key:
            other = self.evaluators.get(evaluator_key)
            whose = (f"{other.name}'s sheet" if other
                     else f'the sheet of "{short(evaluator_key, 40)}"')
            return f"this row was copied from {whose}; this sheet is {self.evaluator.name}'s"
        earlier = self.seen[(provider_key, criterion_key)]
        return f"{provider.name} on {criterion.name} is already in row {earlier}"

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
            return None, (f"the score is a formula ({short(str(value), 30)}); type the number "
                          "itself (formulas are never evaluated)")
        if cell.error:
            return None, f"the score cell shows an error ({value}); type a number"
        if cell.is_empty:
            return None, ""
        if isinstance(value, bool) or not isinstance(value, int | float):
            if isinstance(value, str):
                shown = short(value.strip(), 30)
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
        # ``rationale`` is clean already (``rationale_text``), as is what ``clean`` gives:
        # their fingerprints need no second cleaning.
        now = (before.value, clean(before.rationale)) if before else (None, "")
        if now == (value, rationale):
            return UNCHANGED
        sent = cell_key(as_sent) if as_sent is not None else ""
        if sent and layout.clean_fingerprint(*now) != sent:  # changed in SLASelect since
            if layout.clean_fingerprint(value, rationale) == sent:  # ... but not in the sheet
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


def clean(text: str) -> str:
    """``clean_text(text)``, without its work for the usual text: printable characters only
    (no line end, no control character or non-character, which are all unprintable) and
    short enough for a cell."""
    if text.isprintable() and len(text) <= MAX_CELL_TEXT:
        return text
    return clean_text(text)


def rationale_text(cell: SheetCell) -> tuple[str, str]:
    """The rationale as text (cleaned), or the sentence saying what is wrong with the cell."""
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
    return clean(str(value)), ""


def cell_key(cell: SheetCell) -> str:
    """A key cell's text ("" for a formula or an error value)."""
    value = cell.value
    if cell.formula or cell.error:
        return ""
    if type(value) is str:  # the usual case, quickly
        return value.strip()
    return "" if isinstance(value, bool) else field_text(value)


def field_text(value: object) -> str:
    """A cell's value as text: a whole number without ".0", nothing for none or TRUE/FALSE."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def short(text: str, limit: int) -> str:
    """Text from the sheet fit for one terminal line: no control characters, shortened."""
    text = " ".join(_CONTROL.sub("?", text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _looks_numeric(text: str) -> bool:
    try:
        float(text.strip().replace(",", "."))
    except ValueError:
        return False
    return True
