"""The Term sheet and Negotiation sheets: the offers side by side, and how they moved.

Numeric terms (percent, number, money) go in as numbers with number formats, so their
best/worst colouring and must-have checks are live conditional formats; every other term,
durations included ("2 days", "4 h", never a clock reading), is its contract wording
(``domain.contract_language``), coloured from the comparison's best and worst. Providers run
in ranking order, the ineligible last and marked. Imports openpyxl: load only when writing a
workbook.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from slaselect.documents.workbook import style as s
from slaselect.domain.comparison import FIGURES_CATEGORY, Cell, Row, compare
from slaselect.domain.contract_language import option_label, value_words
from slaselect.domain.direction import higher_is_better
from slaselect.domain.model import (
    NUMERIC_TERM_TYPES,
    Evaluation,
    MoneyPeriod,
    MustHaveKind,
    Term,
    TermType,
)
from slaselect.domain.negotiation import round_changes
from slaselect.domain.ranking import Ranking
from slaselect.domain.wording import plural

TERM_SHEET = "Term sheet"
NEGOTIATION = "Negotiation"
TERM_HEADER_ROW = 4
ROUND_ROW = 5

_PERIODS = {MoneyPeriod.ONCE: "one-off", MoneyPeriod.MONTH: "a month",
            MoneyPeriod.YEAR: "a year", MoneyPeriod.HOUR: "an hour"}


def unit_words(term: Term, currency: str) -> str:
    """The unit a term's values are read in: "%", "days", "USD a month"; none for a
    duration, whose values carry their own ("2 days", "4 h")."""
    if term.type is TermType.PERCENT:
        return "%"
    if term.type is TermType.DURATION:
        return ""
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
        return f"at least {value_words(term, must_have.value, currency)}"
    if kind is MustHaveKind.MAX:
        return f"at most {value_words(term, must_have.value, currency)}"
    if kind is MustHaveKind.TRUE:
        return "must be offered"
    if kind is MustHaveKind.INCLUDES:
        items = must_have.value if isinstance(must_have.value, list | tuple) else []
        return "must include " + ", ".join(option_label(term.key, item) for item in items)
    return f"at least {option_label(term.key, must_have.value)}"


def is_number(value: Any) -> bool:
    """True for an int or float that is not a boolean."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def put_term_value(sheet: Worksheet, row: int, column: int, term: Term, value: Any,
                   text: str, currency: str) -> Any:
    """A term value: a number with a number format when numeric (a duration in words:
    "2 days" reads better than any clock format), else its contract wording."""
    if term.type in LIVE_TERM_TYPES and is_number(value):
        if term.type is TermType.MONEY:
            decimals = 2 if float(value) % 1 else 0
            return s.put(sheet, row, column, value, alignment=s.TOP_RIGHT,
                         number_format=s.money_format(currency, decimals))
        return s.put(sheet, row, column, value, number_format=s.NUMBER_FORMAT,
                     alignment=s.TOP_RIGHT)
    return s.put(sheet, row, column, text, alignment=s.WRAP,
                 font=s.MUTED if value is None else None)


LIVE_TERM_TYPES = NUMERIC_TERM_TYPES - {TermType.DURATION}
"""Term types written as numbers with live colouring; durations are written in words."""

PRINTABLE_POINTS = 720.0
"""The printable width of a landscape Letter page with half-inch margins; A4 is wider, so a
layout that fits Letter fits both."""
SMALLEST_SCALE = 80
"""The print scale (percent) below which the table would be too small to read comfortably."""
MOST_PER_PAGE = 4
"""The most provider columns printed side by side on one page."""
LABEL_WIDTHS = (28, 9, 18)
ASK_WIDTH = 18
PROVIDER_WIDTH = 22


def column_points(width: float) -> float:
    """A column's printed width in points at 100 % (Calibri 11: 7 px a digit, 5 px padding)."""
    return 0.75 * (7.0 * width + 5.0)


def print_layout(label_widths: Sequence[float], providers: int,
                 provider_width: float = PROVIDER_WIDTH) -> tuple[list[int], int]:
    """How many provider columns each printed page holds, and the print scale in percent.

    Every page repeats the label columns (term, unit, must-have, the buyer's ask) and holds
    as many providers as fit at a readable scale, at most ``MOST_PER_PAGE``; the providers
    are spread evenly over the pages (five print as three and two, not four and one).
    """
    labels = sum(column_points(w) for w in label_widths)
    each = column_points(provider_width)
    limit = PRINTABLE_POINTS * 100 / SMALLEST_SCALE
    per_page = next((k for k in range(MOST_PER_PAGE, 0, -1) if labels + k * each <= limit), 1)
    if providers <= 0:
        return [], 100
    pages = -(-providers // per_page)
    sizes = [providers // pages + (1 if i < providers % pages else 0) for i in range(pages)]
    widest = labels + max(sizes) * each
    scale = min(100, int(PRINTABLE_POINTS / widest * 100) - 2)  # 2 % for rounding by programs
    return sizes, max(10, scale)


def provider_order(evaluation: Evaluation, ranking: Ranking | None) -> list[int]:
    """The providers' positions in ranking order (the ineligible last); as entered when there
    is no ranking."""
    if ranking is None:
        return list(range(len(evaluation.providers)))
    where = {p.key: i for i, p in enumerate(evaluation.providers)}
    order = [where[r.provider] for r in ranking.results if r.provider in where]
    return order + [i for i in range(len(evaluation.providers)) if i not in order]


def write_term_sheet(workbook: Workbook, evaluation: Evaluation,
                     ranking: Ranking | None = None, *,
                     numbers: dict[tuple[str, str], str] | None = None) -> Worksheet:
    """Terms x providers at each provider's latest round, with units and must-haves;
    providers in ``ranking`` order, the ineligible last and marked.

    ``numbers``, when given, receives where each term value written as a number sits,
    ``{(term key, provider key): "'Term sheet'!$E$12"}``: the formulas of the Figures and
    Scores sheets read the terms from there, so that an edited fee flows through.
    """
    sheet = workbook.create_sheet(TERM_SHEET)
    comparison = compare(evaluation)
    order = provider_order(evaluation, ranking)
    ineligible = {r.provider for r in ranking.results if not r.eligible} if ranking else set()
    has_ask = bool(evaluation.ask)
    first = 5 if has_ask else 4
    last = first + len(evaluation.providers) - 1
    label_widths = [*LABEL_WIDTHS, *([ASK_WIDTH] if has_ask else [])]
    s.set_widths(sheet, label_widths + [PROVIDER_WIDTH] * len(evaluation.providers))
    pages, scale = print_layout(label_widths, len(order))
    s.title(sheet, "Term sheet: current offers",
            "Each provider's terms at its latest round, providers in ranking order (the "
            "ineligible last). Green: the best offer in the row; amber: the worst; red bold "
            "on pink: fails the buyer's must-have (hover for the reason).",
            first - 1)  # over the label columns only: they print on every page
    labels = ["Term", "Unit", "Must-have"] + (["Buyer's ask"] if has_ask else [])
    names = []
    for index in order:
        provider = evaluation.providers[index]
        names.append(f"{provider.name} (ineligible)" if provider.key in ineligible
                     else provider.name)
    s.header_row(sheet, TERM_HEADER_ROW, labels + names)
    s.fit_row(sheet, TERM_HEADER_ROW, range(1, last + 1), scale=0.85)
    s.put(sheet, ROUND_ROW, 1, "Offer shown", font=s.BOLD, fill=s.SUBHEADER_FILL,
          alignment=s.MIDDLE)
    for column in range(2, first):
        s.put(sheet, ROUND_ROW, column, None, fill=s.SUBHEADER_FILL)
    for offset, index in enumerate(order):
        provider = evaluation.providers[index]
        s.put(sheet, ROUND_ROW, first + offset, _round_words(evaluation, provider.key),
              font=s.NOTE_FONT, fill=s.SUBHEADER_FILL, alignment=s.WRAP_CENTRE)
    s.fit_row(sheet, ROUND_ROW, range(first, last + 1))

    row = ROUND_ROW
    headings = []
    for category, rows in comparison.categories():
        if category == FIGURES_CATEGORY:
            continue  # the Figures sheet has them, with number formats
        row += 1
        headings.append(row)
        s.put(sheet, row, 1, category, font=s.BOLD, fill=s.SECTION_FILL)
        for column in range(2, last + 1):
            s.put(sheet, row, column, None, fill=s.SECTION_FILL)
        for item in rows:
            row += 1
            _term_row(sheet, row, evaluation, replace(
                item, cells=tuple(item.cells[i] for i in order)), first, has_ask)
            if numbers is not None:
                _note_numbers(numbers, sheet, row, first, item.key,
                              [evaluation.providers[i].key for i in order])
    sheet.freeze_panes = sheet.cell(row=ROUND_ROW + 1, column=2)
    s.prepare_printing(sheet, f"{TERM_HEADER_ROW}:{ROUND_ROW}",
                       f"A:{get_column_letter(first - 1)}", evaluation.name)
    _print_in_pages(sheet, first, pages, scale)
    _keep_headings_with_their_rows(sheet, headings, row, scale)
    return sheet


def _note_numbers(numbers: dict[tuple[str, str], str], sheet: Worksheet, row: int,
                  first: int, term: str, providers: list[str]) -> None:
    """Record the cells of one term row that hold a number (not words, not a formula)."""
    for offset, provider in enumerate(providers):
        column = first + offset
        if is_number(sheet.cell(row=row, column=column).value):
            numbers[(term, provider)] = f"'{TERM_SHEET}'!${get_column_letter(column)}${row}"


def _print_in_pages(sheet: Worksheet, first: int, pages: Sequence[int], scale: int) -> None:
    """Print at ``scale`` with a page break after each group of provider columns; the label
    columns repeat on every page. (Fit-to-width would ignore the breaks and shrink or split
    the table wherever it happened to end.)"""
    sheet.sheet_properties.pageSetUpPr.fitToPage = False
    sheet.page_setup.scale = scale
    column = first - 1
    for size in pages[:-1]:
        column += size
        sheet.col_breaks.append(Break(id=column))


PAGE_HEIGHT_POINTS = 595.3 - 2 * 0.6 * 72
"""The printable height of a landscape A4 page (Letter is taller): the page less the top and
bottom margins that ``prepare_printing`` sets."""


def _keep_headings_with_their_rows(sheet: Worksheet, headings: Sequence[int], last_row: int,
                                   scale: int) -> None:
    """A page break before any section heading that would otherwise end a page alone.

    Row heights are set by the workbook, so where a page ends can be worked out: the first
    page holds the title and the header rows, every later page the repeated header rows.
    """
    def height(row: int) -> float:
        return float(sheet.row_dimensions[row].height or 15.0)

    room = PAGE_HEIGHT_POINTS * 100 / scale
    repeated = height(TERM_HEADER_ROW) + height(ROUND_ROW)
    used = sum(height(row) for row in range(1, ROUND_ROW + 1))
    marked = set(headings)
    for row in range(ROUND_ROW + 1, last_row + 1):
        size = height(row)
        if used + size > room:
            used = repeated + size  # the program breaks the page here by itself
            continue
        # In doubt (programs round heights a little differently), the heading moves on.
        if row in marked and row < last_row and used + size + height(row + 1) > room * 0.97:
            sheet.row_breaks.append(Break(id=row - 1))
            used = repeated + size
            continue
        used += size


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
        s.put(sheet, row, 4, value_words(term, asked, currency)
              if term and asked is not None else "", alignment=s.WRAP, font=s.NOTE_FONT)
    numeric_row = term is not None and term.type in LIVE_TERM_TYPES
    for offset, cell in enumerate(item.cells):
        column = first + offset
        if term is None:
            written = s.put(sheet, row, column, cell.text, alignment=s.WRAP, font=s.NOTE_FONT)
        else:
            written = put_term_value(sheet, row, column, term, cell.value,
                                     value_words(term, cell.value, currency), currency)
        _mark(written, cell, live=numeric_row and is_number(cell.value))
    if term is not None and numeric_row and item.cells:
        _live_rules(sheet, row, first, first + len(item.cells) - 1, term)
    _fit_term_row(sheet, row, first + len(item.cells) - 1, has_ask)


def _fit_term_row(sheet: Worksheet, row: int, last: int, has_ask: bool) -> None:
    """The row's height from its wrapped texts: the must-have is bold, the buyer's ask in the
    smaller note font."""
    factors = {column: BODY_FACTOR for column in range(1, last + 1)}
    factors[3] = BOLD_FACTOR
    if has_ask:
        factors[4] = NOTE_FACTOR
    _fit_columns(sheet, row, factors)


BODY_FACTOR, BOLD_FACTOR, NOTE_FACTOR = 0.92, 0.85, 1.0
"""How much of a column's nominal width a font fills per character, by the cell's font
(body, bold, the 10 pt note font): row heights are estimated from them."""


def _fit_columns(sheet: Worksheet, row: int, factors: dict[int, float]) -> None:
    """Set the row's height to show the wrapped text of each column, read at its font's
    width ``factors[column]``."""
    texts = []
    for column, factor in factors.items():
        value = sheet.cell(row=row, column=column).value
        if isinstance(value, str) and value:
            texts.append((value, s.column_width(sheet, column) * factor))
    sheet.row_dimensions[row].height = s.row_height(texts)


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
    """How each provider's offer moved: its opening round in one line, then for every later
    round only the terms that changed (old -> new, better or worse for the buyer)."""
    sheet = workbook.create_sheet(NEGOTIATION)
    headers = ["Provider", "Round", "Label", "Date", "Term", "New value", "Previous value",
               "For the buyer"]
    s.set_widths(sheet, [22, 7, 16, 11, 28, 30, 30, 10])
    s.title(sheet, "Negotiation history",
            "What changed in each round, provider by provider: the opening offer in one line "
            "(its terms as they stand now are on the Term sheet), then each term that moved "
            "from the round before and whether that is better or worse for the buyer.",
            len(headers))
    header = TERM_HEADER_ROW
    s.header_row(sheet, header, headers)
    s.fit_row(sheet, header, range(1, len(headers) + 1))
    row = header
    currency = evaluation.currency
    for provider in evaluation.providers:
        previous_number: int | None = None
        for negotiation_round in evaluation.rounds_of(provider.key):
            lead = (provider.name, negotiation_round)
            if previous_number is None:
                stated = sum(v is not None for v in evaluation.terms_at(
                    provider.key, negotiation_round.number).values())
                row += 1
                _negotiation_row(sheet, row, lead, f"Opening offer: {plural(stated, 'term')} "
                                 "stated", "", "", "", quiet=False)
            else:
                found = round_changes(evaluation, provider.key, previous_number,
                                      negotiation_round.number).changes
                if not found:
                    row += 1
                    _negotiation_row(sheet, row, lead, "No term changed", "", "", "",
                                     quiet=True)
                for change in found:
                    row += 1
                    _negotiation_row(sheet, row, lead, change.term.name,
                                     value_words(change.term, change.new, currency),
                                     value_words(change.term, change.old, currency),
                                     change.verdict, quiet=False)
            previous_number = negotiation_round.number
    if row > header:
        sheet.auto_filter.ref = f"A{header}:{get_column_letter(len(headers))}{row}"
    sheet.freeze_panes = sheet.cell(row=header + 1, column=1)
    s.prepare_printing(sheet, f"{header}:{header}", None, evaluation.name)
    return sheet


def _negotiation_row(sheet: Worksheet, row: int, lead: tuple[str, Any], term: str,
                     new: str, old: str, verdict: str, *, quiet: bool) -> None:
    name, negotiation_round = lead
    font = s.MUTED if quiet else None
    s.put(sheet, row, 1, name, alignment=s.WRAP, font=font)
    s.put(sheet, row, 2, negotiation_round.number, alignment=s.TOP_CENTRE, font=font)
    s.put(sheet, row, 3, negotiation_round.label, alignment=s.WRAP, font=font)
    s.put(sheet, row, 4, _as_date(negotiation_round.date), number_format=s.DATE_FORMAT,
          alignment=s.TOP, font=font)
    s.put(sheet, row, 5, term, alignment=s.WRAP, font=font or (s.BOLD if new else None))
    s.put(sheet, row, 6, new, alignment=s.WRAP, font=s.BOLD if new else None)
    s.put(sheet, row, 7, old, alignment=s.WRAP, font=s.NOTE_FONT)
    verdict_cell = s.put(sheet, row, 8, verdict, alignment=s.TOP_CENTRE)
    if verdict == "better":
        s.style(verdict_cell, font=s.BEST_FONT, fill=s.BEST_FILL)
    elif verdict == "worse":
        s.style(verdict_cell, font=s.WORST_FONT, fill=s.WORST_FILL)
    term_factor = BOLD_FACTOR if new and not quiet else BODY_FACTOR  # bold beside a value
    _fit_columns(sheet, row, {1: BODY_FACTOR, 3: BODY_FACTOR, 5: term_factor,
                              6: BOLD_FACTOR, 7: NOTE_FACTOR})


def _as_date(text: str) -> date | str:
    """An ISO date as a real date (sortable, formatted); anything else stays text."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return text
