"""The Term sheet and Negotiation sheets: the offers side by side, and how they moved.

Numeric terms (percent, number, money, duration) go in as numbers with number formats, so
their best/worst colouring and must-have checks are live conditional formats; every other
term is its display text, coloured from the comparison's best and worst. Imports openpyxl:
load only when writing a workbook.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from slaselect.documents.workbook import style as s
from slaselect.domain.comparison import FIGURES_CATEGORY, Cell, Row, compare
from slaselect.domain.direction import higher_is_better
from slaselect.domain.model import (
    NUMERIC_TERM_TYPES,
    Evaluation,
    MoneyPeriod,
    MustHaveKind,
    Term,
    TermType,
)
from slaselect.domain.negotiation import TermChange, round_changes
from slaselect.domain.wording import format_term_value, option_words

TERM_SHEET = "Term sheet"
NEGOTIATION = "Negotiation"
TERM_HEADER_ROW = 4
ROUND_ROW = 5

_PERIODS = {MoneyPeriod.ONCE: "one-off", MoneyPeriod.MONTH: "a month",
            MoneyPeriod.YEAR: "a year", MoneyPeriod.HOUR: "an hour"}


def unit_words(term: Term, currency: str) -> str:
    """The unit a term's values are read in: "%", "days", "USD a month", "h:mm"."""
    if term.type is TermType.PERCENT:
        return "%"
    if term.type is TermType.DURATION:
        return "h:mm"
    if term.type is TermType.MONEY:
        period = _PERIODS.get(term.period) if term.period else None
        return f"{currency} {period}" if period else currency
    if term.type is TermType.SEVERITY_DURATIONS:
        return "per severity"
    if term.type is TermType.CREDIT_TIERS:
        return "% of fee"
    return term.unit


def must_have_words(term: Term, currency: str) -> str:
    """The must-have of a term as the buyer states it: "at least 99.5 %"; "" when none."""
    must_have = term.must_have
    if must_have is None:
        return ""
    kind = must_have.kind
    if kind is MustHaveKind.MIN:
        return f"at least {format_term_value(term, must_have.value, currency)}"
    if kind is MustHaveKind.MAX:
        return f"at most {format_term_value(term, must_have.value, currency)}"
    if kind is MustHaveKind.TRUE:
        return "must be offered"
    if kind is MustHaveKind.INCLUDES:
        items = must_have.value if isinstance(must_have.value, list | tuple) else []
        return "must include " + ", ".join(option_words(item) for item in items)
    return f"at least {option_words(must_have.value)}"


def is_number(value: Any) -> bool:
    """True for an int or float that is not a boolean."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def put_term_value(sheet: Worksheet, row: int, column: int, term: Term, value: Any,
                   text: str, currency: str) -> Any:
    """A term value: a number with a number format when numeric, else its display text."""
    if term.type in NUMERIC_TERM_TYPES and is_number(value):
        if term.type is TermType.DURATION:
            return s.put(sheet, row, column, s.as_excel_duration(float(value)),
                         number_format=s.HOURS_MINUTES, alignment=s.TOP_RIGHT)
        if term.type is TermType.MONEY:
            decimals = 2 if float(value) % 1 else 0
            return s.put(sheet, row, column, value, alignment=s.TOP_RIGHT,
                         number_format=s.money_format(currency, decimals))
        return s.put(sheet, row, column, value, number_format=s.NUMBER_FORMAT,
                     alignment=s.TOP_RIGHT)
    return s.put(sheet, row, column, text, alignment=s.WRAP,
                 font=s.MUTED if value is None else None)


def write_term_sheet(workbook: Workbook, evaluation: Evaluation) -> Worksheet:
    """Terms x providers at each provider's latest round, with units and must-haves."""
    sheet = workbook.create_sheet(TERM_SHEET)
    comparison = compare(evaluation)
    has_ask = bool(evaluation.ask)
    first = 5 if has_ask else 4
    last = first + len(evaluation.providers) - 1
    s.set_widths(sheet, [34, 13, 24] + ([22] if has_ask else [])
                 + [24] * len(evaluation.providers))
    s.title(sheet, "Term sheet: current offers",
            "Each provider's terms at its latest round. Green: the best offer in the row; "
            "amber: the worst; red bold on pink: fails the buyer's must-have (hover for the "
            "reason). Durations are hours:minutes.", max(last, first))
    labels = ["Term", "Unit", "Must-have"] + (["Buyer's ask"] if has_ask else [])
    s.header_row(sheet, TERM_HEADER_ROW, labels + [p.name for p in evaluation.providers])
    s.put(sheet, ROUND_ROW, 1, "Offer shown", font=s.BOLD, fill=s.SUBHEADER_FILL,
          alignment=s.MIDDLE)
    for column in range(2, first):
        s.put(sheet, ROUND_ROW, column, None, fill=s.SUBHEADER_FILL)
    for offset, provider in enumerate(evaluation.providers):
        s.put(sheet, ROUND_ROW, first + offset, _round_words(evaluation, provider.key),
              font=s.NOTE_FONT, fill=s.SUBHEADER_FILL, alignment=s.WRAP_CENTRE)
    s.fit_row(sheet, ROUND_ROW, range(first, last + 1))

    row = ROUND_ROW
    for category, rows in comparison.categories():
        if category == FIGURES_CATEGORY:
            continue  # the Figures sheet has them, with number formats
        row += 1
        s.put(sheet, row, 1, category, font=s.BOLD, fill=s.SECTION_FILL)
        for column in range(2, last + 1):
            s.put(sheet, row, column, None, fill=s.SECTION_FILL)
        for item in rows:
            row += 1
            _term_row(sheet, row, evaluation, item, first, has_ask)
    sheet.freeze_panes = sheet.cell(row=ROUND_ROW + 1, column=2)
    s.prepare_printing(sheet, f"{TERM_HEADER_ROW}:{ROUND_ROW}", "A:A", evaluation.name)
    return sheet


def _round_words(evaluation: Evaluation, provider: str) -> str:
    rounds = evaluation.rounds_of(provider)
    if not rounds:
        return "no offer yet"
    latest = rounds[-1]
    text = f"Round {latest.number}" + (f": {latest.label}" if latest.label else "")
    return text + (f"\n{latest.date}" if latest.date else "")


def _term_row(sheet: Worksheet, row: int, evaluation: Evaluation, item: Row,
              first: int, has_ask: bool) -> None:
    currency = evaluation.currency
    term = next((t for t in evaluation.terms if t.key == item.key), None)
    s.put(sheet, row, 1, item.name, alignment=s.WRAP)
    s.put(sheet, row, 2, unit_words(term, currency) if term else "", alignment=s.WRAP,
          font=s.NOTE_FONT)
    s.put(sheet, row, 3, must_have_words(term, currency) if term else "", alignment=s.WRAP,
          font=s.BOLD)
    if has_ask:
        asked = evaluation.ask.get(item.key) if term else None
        s.put(sheet, row, 4, format_term_value(term, asked, currency)
              if term and asked is not None else "", alignment=s.WRAP, font=s.NOTE_FONT)
    numeric_row = term is not None and term.type in NUMERIC_TERM_TYPES
    for offset, cell in enumerate(item.cells):
        column = first + offset
        if term is None:
            written = s.put(sheet, row, column, cell.text, alignment=s.WRAP, font=s.NOTE_FONT)
        else:
            written = put_term_value(sheet, row, column, term, cell.value, cell.text, currency)
        _mark(written, cell, live=numeric_row and is_number(cell.value))
    if term is not None and numeric_row and item.cells:
        _live_rules(sheet, row, first, first + len(item.cells) - 1, term)
    s.fit_row(sheet, row, range(1, first + len(item.cells)))


def _mark(written: Any, cell: Cell, *, live: bool) -> None:
    """Static colours for text cells; numbers are coloured by conditional formats."""
    if cell.must_have_failure:
        s.note(written, cell.must_have_failure)
        if not live:
            s.style(written, font=s.FAIL_FONT, fill=s.FAIL_FILL)
        return
    if live:
        return
    if cell.best:
        s.style(written, font=s.BEST_FONT, fill=s.BEST_FILL)
    elif cell.worst:
        s.style(written, font=s.WORST_FONT, fill=s.WORST_FILL)


def _live_rules(sheet: Worksheet, row: int, first: int, last: int, term: Term) -> None:
    start, end = get_column_letter(first), get_column_letter(last)
    cells, top_left = f"{start}{row}:{end}{row}", f"{start}{row}"
    must_have = term.must_have
    if must_have is not None and must_have.kind in (MustHaveKind.MIN, MustHaveKind.MAX) \
            and is_number(must_have.value):
        limit = float(must_have.value)
        if term.type is TermType.DURATION:
            limit = s.as_excel_duration(limit)
        comparison = "<" if must_have.kind is MustHaveKind.MIN else ">"
        sheet.conditional_formatting.add(cells, FormulaRule(
            formula=[f"AND(ISNUMBER({top_left}),{top_left}{comparison}{limit!r})"],
            fill=s.FAIL_FILL, font=s.RULE_FAIL_FONT, stopIfTrue=True))
    direction = higher_is_better(term)
    if direction is not None and last > first:
        s.best_and_worst(sheet, cells, top_left, f"${start}{row}:${end}{row}", direction)


def write_negotiation(workbook: Workbook, evaluation: Evaluation) -> Worksheet:
    """Every term of every round of every provider, with what changed from the round before."""
    sheet = workbook.create_sheet(NEGOTIATION)
    headers = ["Provider", "Round", "Label", "Date", "Term", "Value", "Previous value",
               "Change", "For the buyer"]
    s.set_widths(sheet, [24, 8, 18, 12, 34, 40, 34, 11, 12])
    s.title(sheet, "Negotiation history",
            "Every term of every round, earlier rounds carried forward. 'changed' marks a term "
            "that moved from the round before; the last column says whether that is better or "
            "worse for the buyer. Filter the Change column to see changes only.", len(headers))
    header = TERM_HEADER_ROW
    s.header_row(sheet, header, headers)
    row = header
    for provider in evaluation.providers:
        rounds = evaluation.rounds_of(provider.key)
        previous_values: dict[str, Any] | None = None
        previous_number = 0
        for negotiation_round in rounds:
            values = evaluation.terms_at(provider.key, negotiation_round.number)
            changes: dict[str, TermChange] = {}
            if previous_values is not None:
                found = round_changes(evaluation, provider.key, previous_number,
                                      negotiation_round.number)
                changes = {change.term.key: change for change in found.changes}
            for term in evaluation.terms:
                row += 1
                _negotiation_row(sheet, row, evaluation, provider.name, negotiation_round,
                                 term, values.get(term.key), previous_values,
                                 changes.get(term.key))
            previous_values, previous_number = values, negotiation_round.number
    if row > header:
        sheet.auto_filter.ref = f"A{header}:{get_column_letter(len(headers))}{row}"
    sheet.freeze_panes = sheet.cell(row=header + 1, column=1)
    s.prepare_printing(sheet, f"{header}:{header}", None, evaluation.name)
    return sheet


def _negotiation_row(sheet: Worksheet, row: int, evaluation: Evaluation, name: str,
                     negotiation_round: Any, term: Term, value: Any,
                     previous_values: dict[str, Any] | None, change: TermChange | None) -> None:
    currency = evaluation.currency
    quiet = previous_values is not None and change is None
    font = s.MUTED if quiet else None
    s.put(sheet, row, 1, name, alignment=s.TOP, font=font)
    s.put(sheet, row, 2, negotiation_round.number, alignment=s.TOP_CENTRE, font=font)
    s.put(sheet, row, 3, negotiation_round.label, alignment=s.TOP, font=font)
    s.put(sheet, row, 4, _as_date(negotiation_round.date), number_format=s.DATE_FORMAT,
          alignment=s.TOP, font=font)
    s.put(sheet, row, 5, term.name, alignment=s.WRAP, font=font)
    s.put(sheet, row, 6, format_term_value(term, value, currency), alignment=s.WRAP,
          font=font if quiet else s.BOLD if change else None)
    previous = ""
    if change is not None:
        previous = change.old_text
    s.put(sheet, row, 7, previous, alignment=s.WRAP, font=s.NOTE_FONT)
    if previous_values is None:
        marker, verdict = "opening", ""
    elif change is not None:
        marker, verdict = "changed", change.verdict
    else:
        marker, verdict = "", ""
    s.put(sheet, row, 8, marker, alignment=s.TOP_CENTRE,
          font=s.BOLD if change else font)
    verdict_cell = s.put(sheet, row, 9, verdict,
                         alignment=s.TOP_CENTRE)
    if verdict == "better":
        s.style(verdict_cell, font=s.BEST_FONT, fill=s.BEST_FILL)
    elif verdict == "worse":
        s.style(verdict_cell, font=s.WORST_FONT, fill=s.WORST_FILL)
    s.fit_row(sheet, row, (5, 6, 7))


def _as_date(text: str) -> date | str:
    """An ISO date as a real date (sortable, formatted); anything else stays text."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return text
