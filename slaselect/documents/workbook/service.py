"""The Service sheet: the signed SLA in service, with live formulas over the ticket rows.

What a spreadsheet cannot compute is written as values: each ticket's elapsed response and
resolution minutes (the business clock with its zone, DST and holidays), and each month's
length, planned and unplanned outage minutes (clipped and merged outages). Everything built
on them is a formula a reader can follow and change: each ticket's met/breached/open status
against the target table, and per month the attainment (COUNTIFS over the ticket rows), the
excluded maintenance, downtime and uptime, the credit % (tiers, P1 breach credit, monthly cap),
the fee with its escalator and the credit after the annual cap. After recalculation these
cells equal ``slaselect service --json`` (CONTRACT 7). Imports openpyxl: load only when
writing a workbook.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import numpy as np
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from slaselect.documents.workbook import style as s
from slaselect.documents.xlsx.safety import write_cell, write_formula
from slaselect.domain.model import SEVERITIES
from slaselect.domain.service.attainment import MEASURES, STATUSES, targets_of
from slaselect.domain.service.calendar import zone_info
from slaselect.domain.service.report import ServiceAssessment

SERVICE = "Service"
TERMS_ROW = 4
_TERMS: tuple[tuple[str, str], ...] = (
    ("uptime_pct", "Uptime guarantee, %"),
    ("maintenance_hours_month", "Planned maintenance allowed, hours a month"),
    ("monthly_fee", "Monthly fee"),
    ("annual_escalator_pct", "Annual fee escalator, %"),
    ("response_breach_credit_pct", "Credit per breached P1 response, %"),
    ("credit_monthly_cap_pct", "Monthly credit cap, % of the fee"),
    ("credit_annual_cap_pct", "Annual credit cap, % of the year's fees"),
    ("sla_attainment_pct", "Attainment required (all priorities), %"),
)
MONTH_COLUMNS: tuple[str, ...] = (
    "Month", "Contract year", "Fee", "Covered by monitoring", "Minutes in month",
    "Planned outage minutes", "Unplanned outage minutes", "Excluded maintenance minutes",
    "Downtime minutes", "Uptime %",
    *(f"Response attainment {p} %" for p in SEVERITIES),
    *(f"Resolution attainment {p} %" for p in SEVERITIES),
    "Response attainment, all %", "Resolution attainment, all %", "P1 responses breached",
    "Tier credit %", "Credit %", "Credit before annual cap", "Credit", "Claim", "Failed",
)
TICKET_COLUMNS: tuple[str, ...] = (
    "Ticket", "Priority", "Month", "Opened", "Responded", "Resolved",
    "Response minutes", "Response target, minutes", "Response status",
    "Resolution minutes", "Resolution target, minutes", "Resolution status",
)
_DATETIME = "yyyy-mm-dd hh:mm:ss"
_PERCENT = "0.000"
_MINUTES = "0.0"


def _col(name: str, columns: tuple[str, ...] = MONTH_COLUMNS) -> str:
    return str(get_column_letter(columns.index(name) + 1))


def _number(terms: Mapping[str, Any], key: str) -> float | None:
    value = terms.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def write_service(workbook: Workbook, assessment: ServiceAssessment, currency: str) -> Worksheet:
    """The Service sheet of the months ``assessment`` shows, with their tickets."""
    sheet = workbook.create_sheet(SERVICE)
    contract = assessment.contract
    terms = contract.terms
    s.set_widths(sheet, [14, 10, 14, 12] + [13] * (len(MONTH_COLUMNS) - 4))
    s.title(sheet, f"Service of the signed contract: {contract.provider}, round {contract.round}",
            f"From {contract.start.isoformat()}, times in {contract.zone}. Elapsed minutes and "
            "outage minutes are measured values (business clock, clipped outages); statuses, "
            "attainment, uptime and credits are formulas over them.", 10)

    # The contract's terms, the credit tiers and the targets: inputs of every formula.
    term_cell: dict[str, str] = {}
    s.header_row(sheet, TERMS_ROW, ["Term", "Value"])
    for offset, (key, label) in enumerate(_TERMS, start=1):
        row = TERMS_ROW + offset
        s.put(sheet, row, 1, label, font=s.BOLD, fill=s.SUBHEADER_FILL)
        s.put(sheet, row, 2, _number(terms, key), fill=s.INPUT_FILL)
        term_cell[key] = f"$B${row}"
    tiers = [t for t in terms.get("credit_tiers") or () if isinstance(t, Mapping)]
    s.header_row(sheet, TERMS_ROW, ["Uptime below, %", "Credit, %"], first_column=4)
    for offset, tier in enumerate(tiers, start=1):
        s.put(sheet, TERMS_ROW + offset, 4, float(tier["below"]), fill=s.INPUT_FILL)
        s.put(sheet, TERMS_ROW + offset, 5, float(tier["credit_pct"]), fill=s.INPUT_FILL)
    tier_rows = f"{TERMS_ROW + 1}:{TERMS_ROW + max(len(tiers), 1)}"
    first_tier, last_tier = tier_rows.split(":")
    s.header_row(sheet, TERMS_ROW, ["Priority", "Response target, minutes",
                                    "Resolution target, minutes"], first_column=7)
    targets = {measure: targets_of(terms, measure) for measure in MEASURES}
    for offset, severity in enumerate(SEVERITIES, start=1):
        s.put(sheet, TERMS_ROW + offset, 7, severity, font=s.BOLD, fill=s.SUBHEADER_FILL)
        for column, measure in ((8, "response"), (9, "resolution")):
            target = targets[measure].get(severity)
            s.put(sheet, TERMS_ROW + offset, column,
                  target.minutes if target is not None else "none", fill=s.INPUT_FILL)
    target_range = f"$G${TERMS_ROW + 1}:$I${TERMS_ROW + len(SEVERITIES)}"

    low, high = assessment.shown
    months = assessment.months[low: high + 1]
    month_header = TERMS_ROW + max(len(_TERMS), len(tiers), len(SEVERITIES)) + 2
    first_month = month_header + 1
    last_month = month_header + len(months)
    ticket_rows = _shown_tickets(assessment)
    ticket_header = last_month + 3
    first_ticket = ticket_header + 1
    last_ticket = ticket_header + max(len(ticket_rows), 1)

    def tickets(name: str) -> str:
        column = _col(name, TICKET_COLUMNS)
        return f"${column}${first_ticket}:${column}${last_ticket}"

    s.header_row(sheet, month_header, list(MONTH_COLUMNS))
    sheet.row_dimensions[month_header].height = 3 * s.LINE_HEIGHT
    start_month = (contract.start.year, contract.start.month)
    money = s.money_format(currency, 2)
    for row, month in enumerate(months, start=first_month):
        def at(name: str, r: int = row) -> str:
            return f"{_col(name)}{r}"

        def formula(name: str, text: str, number_format: str | None = None,
                    r: int = row) -> None:
            cell = write_formula(sheet, r, MONTH_COLUMNS.index(name) + 1, text)
            if number_format is not None:
                cell.number_format = number_format

        contract_month = (month.year - start_month[0]) * 12 + month.month - start_month[1]
        availability = month.availability
        covered = availability.uptime_pct is not None
        write_cell(sheet, row, 1, month.key)
        write_cell(sheet, row, 2, contract_month // 12 + 1)
        fee, esc = term_cell["monthly_fee"], term_cell["annual_escalator_pct"]
        formula("Fee", f'=IF({fee}="","",{fee}*(1+N({esc})/100)^({at("Contract year")}-1))',
                money)
        write_cell(sheet, row, 4, "yes" if covered else "no")
        span_minutes = _month_minutes(month.year, month.month, contract.zone)
        write_cell(sheet, row, 5, span_minutes)
        write_cell(sheet, row, 6, availability.planned_minutes if covered else None)
        write_cell(sheet, row, 7, availability.unplanned_minutes if covered else None)
        is_covered = f'{at("Covered by monitoring")}="yes"'
        planned, unplanned = at("Planned outage minutes"), at("Unplanned outage minutes")
        excluded, downtime = at("Excluded maintenance minutes"), at("Downtime minutes")
        length = at("Minutes in month")
        formula("Excluded maintenance minutes",
                f'=IF({is_covered},MIN({planned},60*N({term_cell["maintenance_hours_month"]})),"")',
                _MINUTES)
        formula("Downtime minutes",
                f'=IF({is_covered},{unplanned}+{planned}-{excluded},"")', _MINUTES)
        formula("Uptime %", f'=IF({is_covered},IF({length}-{excluded}>0,'
                f'100*({length}-{excluded}-{downtime})/({length}-{excluded}),0),"")', _PERCENT)
        this_month = at("Month")
        for title in ("Response", "Resolution"):
            status = tickets(f"{title} status")
            for severity in SEVERITIES:
                counts = [f'COUNTIFS({tickets("Month")},{this_month},{tickets("Priority")},'
                          f'"{severity}",{status},"{word}")' for word in STATUSES[:2]]
                formula(f"{title} attainment {severity} %",
                        f'=IF({counts[0]}+{counts[1]}=0,"",'
                        f"100*{counts[0]}/({counts[0]}+{counts[1]}))", _PERCENT)
            pooled = [f'COUNTIFS({tickets("Month")},{this_month},{status},"{word}")'
                      for word in STATUSES[:2]]
            formula(f"{title} attainment, all %",
                    f'=IF({pooled[0]}+{pooled[1]}=0,"",'
                    f"100*{pooled[0]}/({pooled[0]}+{pooled[1]}))", _PERCENT)
        formula("P1 responses breached",
                f'=COUNTIFS({tickets("Month")},{this_month},{tickets("Priority")},"P1",'
                f'{tickets("Response status")},"breached")')
        uptime = at("Uptime %")
        if tiers:
            formula("Tier credit %",
                    f'=IF(ISNUMBER({uptime}),SUMPRODUCT(MAX(({uptime}<$D${first_tier}:'
                    f'$D${last_tier})*$E${first_tier}:$E${last_tier})),0)', _PERCENT)
        else:
            formula("Tier credit %", "=0", _PERCENT)
        raw = (f'{at("Tier credit %")}+N({term_cell["response_breach_credit_pct"]})*'
               f'{at("P1 responses breached")}')
        cap = term_cell["credit_monthly_cap_pct"]
        formula("Credit %", f'=IF({cap}="",{raw},MIN({raw},{cap}))', _PERCENT)
        fee_cell = at("Fee")
        formula("Credit before annual cap",
                f'=IF({fee_cell}="","",{fee_cell}*{at("Credit %")}/100)', money)
        annual = term_cell["credit_annual_cap_pct"]
        credit_column, year_column = _col("Credit"), _col("Contract year")
        used = (f"SUMIFS({credit_column}${month_header}:{credit_column}{row - 1},"
                f"{year_column}${month_header}:{year_column}{row - 1},{at('Contract year')})")
        before = at("Credit before annual cap")
        formula("Credit", f'=IF({fee_cell}="","",IF({annual}="",{before},'
                f"MAX(0,MIN({before},{annual}/100*12*{fee_cell}-{used})))", money)
        write_cell(sheet, row, MONTH_COLUMNS.index("Claim") + 1, _claim_words(month.claim))
        checks = [f'AND(ISNUMBER({uptime}),ISNUMBER({term_cell["uptime_pct"]}),'
                  f'{uptime}<{term_cell["uptime_pct"]})']
        attain = term_cell["sla_attainment_pct"]
        for title in ("Response", "Resolution"):
            pooled_cell = at(f"{title} attainment, all %")
            checks.append(f"AND(ISNUMBER({pooled_cell}),ISNUMBER({attain}),"
                          f"{pooled_cell}<{attain})")
        formula("Failed", f'=IF(OR({",".join(checks)}),"yes","no")')

    total_row = last_month + 1
    s.put(sheet, total_row, 1, "Credits owed", font=s.BOLD, fill=s.SUBHEADER_FILL)
    credit_column = _col("Credit")
    last = max(last_month, first_month)
    cell = write_formula(sheet, total_row, MONTH_COLUMNS.index("Credit") + 1,
                         f"=SUM({credit_column}{first_month}:{credit_column}{last})")
    cell.number_format = money

    s.header_row(sheet, ticket_header, list(TICKET_COLUMNS))
    sheet.row_dimensions[ticket_header].height = 2 * s.LINE_HEIGHT
    _write_tickets(sheet, first_ticket, ticket_rows, target_range)
    sheet.freeze_panes = sheet.cell(row=TERMS_ROW + 1, column=2)
    return sheet


def _shown_tickets(assessment: ServiceAssessment) -> list[tuple[Any, ...]]:
    """(id, priority, month, opened, responded, resolved, response min, resolution min)."""
    tickets = assessment.tickets
    low, high = assessment.shown
    rows = np.nonzero((assessment.ticket_month >= low) & (assessment.ticket_month <= high))[0]
    rows = rows[np.argsort(tickets.opened[rows], kind="stable")]
    tz = zone_info(assessment.contract.zone)
    keys = [m.key for m in assessment.months]

    def local(value: float) -> datetime | None:
        if not np.isfinite(value):
            return None
        return datetime.fromtimestamp(value, tz).replace(tzinfo=None)

    response = assessment.times["response"].minutes
    resolution = assessment.times["resolution"].minutes
    return [
        (tickets.ids[r], SEVERITIES[int(tickets.priority[r])], keys[assessment.ticket_month[r]],
         local(tickets.opened[r]), local(tickets.responded[r]), local(tickets.resolved[r]),
         float(response[r]), float(resolution[r]))
        for r in (int(k) for k in rows)
    ]


def _write_tickets(sheet: Worksheet, first: int, rows: list[tuple[Any, ...]],
                   target_range: str) -> None:
    """One row per ticket: measured values, then target lookups and status formulas."""
    for row, (ident, priority, month, opened, responded, resolved, response,
              resolution) in enumerate(rows, start=first):
        write_cell(sheet, row, 1, ident)  # the help desk's text: never a formula
        write_cell(sheet, row, 2, priority)
        write_cell(sheet, row, 3, month)
        for column, moment in ((4, opened), (5, responded), (6, resolved)):
            if moment is not None:
                write_cell(sheet, row, column, moment).number_format = _DATETIME
        for minutes_column, index, done_column, value in (
                (7, 2, "E", response), (10, 3, "F", resolution)):
            write_cell(sheet, row, minutes_column, value).number_format = _MINUTES
            minutes = f"{get_column_letter(minutes_column)}{row}"
            target = f"{get_column_letter(minutes_column + 1)}{row}"
            write_formula(sheet, row, minutes_column + 1,
                          f'=IFERROR(VLOOKUP(B{row},{target_range},{index},0),"none")')
            write_formula(sheet, row, minutes_column + 2,
                          f'=IF(ISNUMBER({target}),IF({minutes}>{target},"breached",'
                          f'IF({done_column}{row}<>"","met","open")),"")')


def _month_minutes(year: int, month: int, zone: str) -> float:
    from slaselect.domain.service.times import month_span

    start, end = month_span(year, month, zone)
    return (end - start) / 60.0


def _claim_words(claim: Any) -> str:
    if claim is None:
        return ""
    if claim.mechanism == "automatic":
        return "automatic"
    deadline = claim.deadline.isoformat() if claim.deadline is not None else "no deadline"
    return f"{claim.status}, claim by {deadline}"
