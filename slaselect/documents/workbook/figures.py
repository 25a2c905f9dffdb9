"""The Figures sheet: what each provider's terms mean in time and money, and the assumptions.

Providers run in ranking order, the ineligible last and marked, as on the Term sheet. Money
figures are live formulas over the Term sheet's numbers (edit a monthly fee there and the
costs, the price scores and the ranking follow); durations are written in the app's words
("2 days", "4 h 30 min"). Imports openpyxl: load only when writing a workbook.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from slaselect.documents.workbook import formulas as f
from slaselect.documents.workbook import style as s
from slaselect.documents.workbook.terms import provider_order
from slaselect.domain.comparison import FIGURE_TITLES
from slaselect.domain.direction import HIGHER_IS_BETTER_FIGURES
from slaselect.domain.figures import FIGURE_NAMES, MONEY_FIGURES, provider_figures
from slaselect.domain.model import SEVERITIES, Evaluation, Scenario
from slaselect.domain.ranking import Ranking
from slaselect.domain.wording import day_names, format_minutes, format_number

FIGURES = "Figures"
HEADER_ROW = 4
ROUND_ROW = 5


@dataclass
class FiguresLayout:
    """Where the money figures are, for the price scores of the Scores sheet."""

    cells: dict[tuple[str, str], str] = field(default_factory=dict)
    """``{(figure name, provider key): "Figures!$C$17"}`` for every figure written as a
    number."""
    rows: dict[str, int] = field(default_factory=dict)
    first: int = 3
    last: int = 2
    eligible: int = 0

    def row_range(self, name: str, *, eligible_only: bool) -> str | None:
        """The figure's row over every provider ("Figures!$C$17:$G$17"), or over the
        eligible ones only (None when there are none)."""
        row = self.rows[name]
        last = self.first + self.eligible - 1 if eligible_only else self.last
        if last < self.first:
            return None
        return (f"{FIGURES}!${get_column_letter(self.first)}${row}:"
                f"${get_column_letter(last)}${row}")


def figure_lines(figures: list[dict[str, Any]]) -> list[tuple[str, str, list[Any]]]:
    """(figure name, row title, one value per provider) with per-severity figures split."""
    lines: list[tuple[str, str, list[Any]]] = []
    for name in FIGURE_NAMES:
        title = FIGURE_TITLES.get(name, name)
        values = [f.get(name) for f in figures]
        if any(isinstance(v, dict) for v in values):
            for severity in SEVERITIES:
                per = [v.get(severity) if isinstance(v, dict) else None for v in values]
                if any(p is not None for p in per):
                    lines.append((name, f"{title}, {severity}", per))
        else:
            lines.append((name, title, values))
    return lines


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def write_figures(workbook: Workbook, evaluation: Evaluation, ranking: Ranking | None = None,
                  numbers: Mapping[tuple[str, str], str] | None = None) -> FiguresLayout:
    """Derived figures x providers at the latest round, then the buyer's assumptions.

    ``numbers`` says where the Term sheet holds each term value as a number (see
    ``terms.write_term_sheet``); the money figures read their inputs from there.
    """
    sheet = workbook.create_sheet(FIGURES)
    order = provider_order(evaluation, ranking)
    providers = [evaluation.providers[i] for i in order]
    ineligible = {r.provider for r in ranking.results if not r.eligible} if ranking else set()
    first, last = 3, 2 + len(providers)
    layout = FiguresLayout(first=first, last=last,
                           eligible=sum(p.key not in ineligible for p in providers))
    s.set_widths(sheet, [40, 12] + [20] * len(providers))
    s.title(sheet, "Derived figures",
            f"What each provider's current terms mean under the buyer's assumptions (below "
            f"the table), providers in ranking order. Money in {evaluation.currency}, worked "
            "out by formulas from the Term sheet: edit a fee there and the costs, price scores "
            "and ranks follow. Green: best in the row; amber: worst.", max(last, 4))
    s.header_row(sheet, HEADER_ROW, ["Figure", "Unit"] + [
        f"{p.name} (ineligible)" if p.key in ineligible else p.name for p in providers])
    s.put(sheet, ROUND_ROW, 1, "Terms of", font=s.BOLD, fill=s.SUBHEADER_FILL,
          alignment=s.MIDDLE)
    s.put(sheet, ROUND_ROW, 2, None, fill=s.SUBHEADER_FILL)
    rounds = evaluation.rounds_by_provider()
    for offset, provider in enumerate(providers):
        own = rounds.get(provider.key)
        latest = max(r.number for r in own) if own else None
        s.put(sheet, ROUND_ROW, first + offset,
              f"round {latest}" if latest is not None else "no offer yet",
              font=s.NOTE_FONT, fill=s.SUBHEADER_FILL, alignment=s.WRAP_CENTRE)

    current = evaluation.current_terms()
    values = [current.get(p.key, {}) for p in providers]
    figures = [provider_figures(v, evaluation.scenario, evaluation.horizon_months)
               for v in values]
    lines = figure_lines(figures)
    layout.rows = {name: ROUND_ROW + 1 + index for index, (name, _, _) in enumerate(lines)
                   if name in MONEY_FIGURES}
    cells: dict[str, dict[str, str]] = {p.key: {} for p in providers}
    for (term, key), cell in (numbers or {}).items():
        cells.setdefault(key, {})[term] = cell
    inputs = [f.inputs(v, cells[p.key]) for p, v in zip(providers, values, strict=True)]
    row = ROUND_ROW
    for name, row_title, row_values in lines:
        row += 1
        money = name in MONEY_FIGURES
        if name == "tco":
            row_title = f"{row_title} ({evaluation.horizon_months} months)"
        s.put(sheet, row, 1, row_title, alignment=s.WRAP)
        s.put(sheet, row, 2, evaluation.currency if money else "duration",
              font=s.NOTE_FONT, alignment=s.TOP)
        if money:
            _money_row(sheet, row, name, row_values, providers, values, inputs, evaluation,
                       layout)
        else:
            _duration_row(sheet, row, row_values, first, name in HIGHER_IS_BETTER_FIGURES)

    table_end = row
    write_assumptions(sheet, evaluation, row + 2, max(last, 4))
    sheet.freeze_panes = sheet.cell(row=ROUND_ROW + 1, column=3)
    wide = s.pages_wide(sheet, last, repeated=2)
    s.prepare_printing(sheet, f"{HEADER_ROW}:{ROUND_ROW}", "A:B", evaluation.name,
                       pages_wide=wide)
    if wide > 1:
        # Spread over pages across, the title and the assumptions (which start in the
        # repeated first columns) would print cut off: the table alone is printed, its
        # title in the page header, and the Summary prints the assumptions.
        sheet.print_area = f"A{HEADER_ROW}:{get_column_letter(last)}{table_end}"
        sheet.oddHeader.left.text = "Derived figures"
        sheet.oddHeader.left.size = 10
    return layout


def write_assumptions(sheet: Worksheet, evaluation: Evaluation, row: int,
                      last_column: int) -> int:
    """The buyer's assumptions from ``row`` on, labels in column A and the text beside them
    within one printed line's width; the last row written."""
    s.put(sheet, row, 1, "The buyer's assumptions", font=s.TITLE_FONT, border=None)
    end = s.columns_for_width(sheet, 2, last_column, s.TEXT_LINE_WIDTH - s.column_width(
        sheet, 1))
    for label, text in assumption_lines(evaluation.scenario, evaluation.horizon_months):
        row += 1
        s.put(sheet, row, 1, label, font=s.BOLD, fill=s.SUBHEADER_FILL, alignment=s.WRAP)
        s.put(sheet, row, 2, text, alignment=s.WRAP)
        if end > 2:
            sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=end)
        sheet.row_dimensions[row].height = s.row_height(
            [(text, sum(s.column_width(sheet, c) for c in range(2, end + 1))),
             (label, s.column_width(sheet, 1))])
    return row


def _money_row(sheet: Worksheet, row: int, name: str, row_values: list[Any],
               providers: list[Any], values: Sequence[Mapping[str, Any]],
               inputs: list[f.Inputs], evaluation: Evaluation, layout: FiguresLayout) -> None:
    first, last = layout.first, layout.last
    number_format = s.money_format(evaluation.currency)
    for offset, value in enumerate(row_values):
        column = first + offset
        if not _number(value):
            s.put(sheet, row, column, "—", font=s.MUTED, alignment=s.TOP_RIGHT)
            continue
        formula = _money_formula(name, values[offset], inputs[offset], evaluation,
                                 get_column_letter(column), layout.rows)
        if formula is None:
            s.put(sheet, row, column, float(value), number_format=number_format,
                  alignment=s.TOP_RIGHT)
        else:
            s.put_formula(sheet, row, column, formula, number_format=number_format,
                          alignment=s.TOP_RIGHT)
        layout.cells[(name, providers[offset].key)] = (
            f"{FIGURES}!${get_column_letter(column)}${row}")
    if last > first:
        start, end = get_column_letter(first), get_column_letter(last)
        s.best_and_worst(sheet, f"{start}{row}:{end}{row}", f"{start}{row}",
                         f"${start}{row}:${end}{row}", name in HIGHER_IS_BETTER_FIGURES)


def _money_formula(name: str, values: Mapping[str, Any], cell: f.Inputs,
                   evaluation: Evaluation, column: str, rows: dict[str, int]) -> str | None:
    """The live formula of one money figure of one provider (None: write the value)."""
    scenario = evaluation.scenario
    overage_cell = f"{column}{rows['overage_month']}"
    credit_cell = f"{column}{rows['expected_credit_month']}"
    if name == "expected_credit_month":
        return f.expected_credit(values, scenario, cell)
    if name == "overage_month":
        return f.overage(scenario, cell)
    if name == "effective_monthly_cost":
        return f.effective_monthly_cost(cell, overage_cell, credit_cell)
    if name == "first_year_cost":
        return f.contract_cost(12, cell, overage_cell, credit_cell)
    if name == "tco":
        return f.contract_cost(evaluation.horizon_months, cell, overage_cell, credit_cell)
    if name == "exit_cost":
        return f.exit_cost(values, scenario, cell)
    if name == "liability_cap_amount":
        return f.liability_cap(values, cell)
    return None


def _duration_row(sheet: Worksheet, row: int, row_values: list[Any], first: int,
                  higher_is_better: bool) -> None:
    """Durations in words, the best and worst of the row coloured (they are not live)."""
    numbers = [float(v) for v in row_values if _number(v)]
    spread = len(set(numbers)) > 1
    best = (max(numbers) if higher_is_better else min(numbers)) if spread else None
    worst = (min(numbers) if higher_is_better else max(numbers)) if spread else None
    for offset, value in enumerate(row_values):
        column = first + offset
        if not _number(value):
            s.put(sheet, row, column, "—", font=s.MUTED, alignment=s.TOP_RIGHT)
            continue
        font, fill = ((s.BEST_FONT, s.BEST_FILL) if float(value) == best
                      else (s.WORST_FONT, s.WORST_FILL) if float(value) == worst
                      else (None, None))
        s.put(sheet, row, column, format_minutes(float(value)), alignment=s.TOP_RIGHT,
              font=font, fill=fill)


def _hour(value: float) -> str:
    hours, minutes = divmod(round(value * 60), 60)
    return f"{hours:02d}:{minutes:02d}"


def assumption_lines(scenario: Scenario, horizon_months: int) -> list[tuple[str, str]]:
    """The scenario in words, one (label, text) pair per assumption."""
    hours = scenario.business_hours
    days = day_names(hours.days)
    return [
        ("Incidents a month", "; ".join(
            f"{k} {format_number(v)}" for k, v in scenario.incidents_per_month.items())),
        ("Severity weights (response and resolution scores)", "; ".join(
            f"{k} {format_number(v * 100, 1)} %" for k, v in scenario.severity_weights.items())),
        ("Business hours", f"{days}, {_hour(hours.start_hour)}-{_hour(hours.end_hour)}"),
        ("Months of uptime expected", "; ".join(
            f"{format_number(o.uptime, 3)} % with probability {format_number(o.p, 3)}"
            for o in scenario.uptime_scenario)),
        ("Credits paid when they must be claimed",
         f"{format_number(scenario.claim_success * 100)} %"),
        ("Support hours used a month", format_number(scenario.support_hours_month)),
        ("Leaving at month (cost of leaving)", str(scenario.exit_month)),
        ("Contract horizon (total cost of ownership)", f"{horizon_months} months"),
    ]
