"""The Figures sheet: what each provider's terms mean in time and money, and the assumptions.

Money figures are numbers in the evaluation's currency; durations are spreadsheet durations
shown as hours:minutes (downtime with seconds), so a reader can compute with them. Imports
openpyxl: load only when writing a workbook.
"""

from __future__ import annotations

from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from slaselect.documents.workbook import style as s
from slaselect.domain.comparison import FIGURE_TITLES
from slaselect.domain.direction import HIGHER_IS_BETTER_FIGURES
from slaselect.domain.figures import FIGURE_NAMES, MONEY_FIGURES, provider_figures
from slaselect.domain.model import SEVERITIES, Evaluation, Scenario
from slaselect.domain.wording import format_number

FIGURES = "Figures"
HEADER_ROW = 4
ROUND_ROW = 5
_DOWNTIME = ("downtime_minutes_month", "downtime_minutes_year")
_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


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


def write_figures(workbook: Workbook, evaluation: Evaluation) -> Worksheet:
    """Derived figures x providers at the latest round, then the buyer's assumptions."""
    sheet = workbook.create_sheet(FIGURES)
    providers = evaluation.providers
    first, last = 3, 2 + len(providers)
    s.set_widths(sheet, [40, 12] + [20] * len(providers))
    s.title(sheet, "Derived figures",
            f"What each provider's current terms mean under the buyer's assumptions (below "
            f"the table). Money in {evaluation.currency}; durations as hours:minutes. Green: "
            "best in the row; amber: worst.", max(last, 4))
    s.header_row(sheet, HEADER_ROW, ["Figure", "Unit"] + [p.name for p in providers])
    s.put(sheet, ROUND_ROW, 1, "Terms of", font=s.BOLD, fill=s.SUBHEADER_FILL,
          alignment=s.MIDDLE)
    s.put(sheet, ROUND_ROW, 2, None, fill=s.SUBHEADER_FILL)
    for offset, provider in enumerate(providers):
        latest = evaluation.latest_round_number(provider.key)
        s.put(sheet, ROUND_ROW, first + offset,
              f"round {latest}" if latest is not None else "no offer yet",
              font=s.NOTE_FONT, fill=s.SUBHEADER_FILL, alignment=s.WRAP_CENTRE)

    figures = [
        provider_figures(evaluation.terms_at(p.key), evaluation.scenario,
                         evaluation.horizon_months)
        for p in providers
    ]
    row = ROUND_ROW
    for name, row_title, values in figure_lines(figures):
        row += 1
        money = name in MONEY_FIGURES
        s.put(sheet, row, 1, row_title, alignment=s.WRAP)
        if money:
            unit, number_format = evaluation.currency, s.money_format(evaluation.currency)
        elif name in _DOWNTIME:
            unit, number_format = "h:mm:ss", s.HOURS_MINUTES_SECONDS
        else:
            unit, number_format = "h:mm", s.HOURS_MINUTES
        s.put(sheet, row, 2, unit, font=s.NOTE_FONT, alignment=s.TOP)
        for offset, value in enumerate(values):
            if isinstance(value, int | float) and not isinstance(value, bool):
                number = float(value) if money else s.as_excel_duration(float(value))
                s.put(sheet, row, first + offset, number, number_format=number_format,
                      alignment=s.TOP_RIGHT)
            else:
                s.put(sheet, row, first + offset, "—", font=s.MUTED, alignment=s.TOP_RIGHT)
        if last > first:
            start, end = get_column_letter(first), get_column_letter(last)
            s.best_and_worst(sheet, f"{start}{row}:{end}{row}", f"{start}{row}",
                             f"${start}{row}:${end}{row}", name in HIGHER_IS_BETTER_FIGURES)

    row += 2
    s.put(sheet, row, 1, "The buyer's assumptions", font=s.TITLE_FONT, border=None)
    for label, text in assumption_lines(evaluation.scenario, evaluation.horizon_months):
        row += 1
        s.put(sheet, row, 1, label, font=s.BOLD, fill=s.SUBHEADER_FILL, alignment=s.WRAP)
        s.put(sheet, row, 2, text, alignment=s.WRAP)
        end = max(last, 4)
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=end)
        sheet.row_dimensions[row].height = s.row_height(
            [(text, sum(s.column_width(sheet, c) for c in range(2, end + 1))),
             (label, s.column_width(sheet, 1))])
    sheet.freeze_panes = sheet.cell(row=ROUND_ROW + 1, column=2)
    s.prepare_printing(sheet, f"{HEADER_ROW}:{ROUND_ROW}", "A:A", evaluation.name)
    return sheet


def _hour(value: float) -> str:
    hours, minutes = divmod(round(value * 60), 60)
    return f"{hours:02d}:{minutes:02d}"


def assumption_lines(scenario: Scenario, horizon_months: int) -> list[tuple[str, str]]:
    """The scenario in words, one (label, text) pair per assumption."""
    hours = scenario.business_hours
    days = ", ".join(_DAY_NAMES[d] for d in hours.days if 0 <= d < 7) or "none"
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
