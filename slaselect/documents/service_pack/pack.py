"""Building the service review pack PDF with reportlab (text through ``pdf_fonts``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from slaselect.documents.files import write_atomically
from slaselect.documents.pdf_fonts import draw_text, paragraph_markup, pdf_fonts
from slaselect.domain.model import SEVERITIES, Evaluation
from slaselect.domain.service.attainment import MEASURES, STATUSES, attainment_pct, targets_of
from slaselect.domain.service.credits import term_number
from slaselect.domain.service.model import ReviewMeeting
from slaselect.domain.service.report import ServiceAssessment, claims_to_make, month_json
from slaselect.domain.wording import format_minutes, format_money, format_number, plural

NAVY = colors.HexColor("#1F3A5F")
RED = colors.HexColor("#B3261E")
GREEN = colors.HexColor("#2E7D32")
GREY = colors.HexColor("#6B7280")
RULE = colors.HexColor("#D0D5DD")
MAX_BREACH_ROWS = 60


def _styles() -> dict[str, ParagraphStyle]:
    fonts = pdf_fonts()
    body = ParagraphStyle("PackBody", fontName=fonts.regular, fontSize=9.5, leading=13,
                          spaceAfter=5)
    return {
        "body": body,
        "title": ParagraphStyle("PackTitle", parent=body, fontName=fonts.bold, fontSize=18,
                                leading=22, textColor=NAVY, spaceAfter=4),
        "sub": ParagraphStyle("PackSub", parent=body, textColor=GREY),
        "h1": ParagraphStyle("PackH1", parent=body, fontName=fonts.bold, fontSize=12.5,
                             leading=16, textColor=NAVY, spaceBefore=10, spaceAfter=4,
                             keepWithNext=1),
        "cell": ParagraphStyle("PackCell", parent=body, fontSize=8.5, leading=10.5,
                               spaceAfter=0),
        "head": ParagraphStyle("PackHead", parent=body, fontName=fonts.bold, fontSize=8.5,
                               leading=10.5, spaceAfter=0, textColor=NAVY),
        "right": ParagraphStyle("PackRight", parent=body, fontSize=8.5, leading=10.5,
                                spaceAfter=0, alignment=TA_RIGHT),
    }


def _p(text: object, style: ParagraphStyle, bold: bool = False) -> Paragraph:
    return Paragraph(paragraph_markup(text, bold=bold), style)


def _grid(rows: list[list[Any]], widths: Sequence[float], bad: Sequence[tuple[int, int]] = ()
          ) -> Table:
    table = Table(rows, colWidths=list(widths), repeatRows=1)
    commands: list[tuple[Any, ...]] = [
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, NAVY),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    commands += [("BACKGROUND", (c, r), (c, r), colors.HexColor("#FDECEA")) for r, c in bad]
    table.setStyle(TableStyle(commands))
    return table


def _pct(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{format_number(value, digits)} %"


def _targets_table(assessment: ServiceAssessment, styles: dict[str, ParagraphStyle],
                   low: int, high: int) -> Table:
    terms = assessment.contract.terms
    months = assessment.months[low:high + 1]
    rows: list[list[Any]] = [[_p(h, styles["head"]) for h in
                              ("Target", "Contract says", "Measured", "Months below")]]
    bad: list[tuple[int, int]] = []
    guarantee = term_number(terms, "uptime_pct")
    uptimes = [m.availability.uptime_pct for m in months]
    known = [u for u in uptimes if u is not None]
    below = [m.key for m in months if guarantee is not None
             and m.availability.uptime_pct is not None and m.availability.uptime_pct < guarantee]
    rows.append([_p("Uptime", styles["cell"]), _p(_pct(guarantee), styles["cell"]),
                 _p(f"lowest {_pct(min(known))}" if known else "not measured", styles["cell"]),
                 _p(", ".join(below) or "none", styles["cell"])])
    if below:
        bad.append((len(rows) - 1, 3))
    floor = term_number(terms, "sla_attainment_pct")
    for measure in MEASURES:
        targets = targets_of(terms, measure)
        for severity in SEVERITIES:
            target = targets.get(severity)
            if target is None:
                continue
            met = breached = 0
            months_below = []
            for m in months:
                counts = (m.response if measure == "response" else m.resolution)[severity]
                met += counts["met"]
                breached += counts["breached"]
                if counts["breached"]:
                    months_below.append(m.key)
            clock = "business time" if target.clock == "business" else "round the clock"
            rows.append([
                _p(f"{measure.capitalize()} {severity}", styles["cell"]),
                _p(f"{format_minutes(target.minutes)} ({clock})", styles["cell"]),
                _p(f"{_pct(attainment_pct(met, breached), 1)} of "
                   f"{plural(met + breached, 'ticket')}", styles["cell"]),
                _p(", ".join(months_below) or "none", styles["cell"]),
            ])
            if months_below:
                bad.append((len(rows) - 1, 3))
    if floor is not None:
        rows.append([_p("Overall attainment per month", styles["cell"]),
                     _p(f"at least {_pct(floor, 1)}", styles["cell"]),
                     _p("pooled over priorities", styles["cell"]),
                     _p(", ".join(m.key for m in months if m.failed) or "none", styles["cell"])])
    return _grid(rows, [48 * mm, 42 * mm, 45 * mm, 40 * mm], bad)


def _uptime_chart(assessment: ServiceAssessment, low: int, high: int, width: float) -> Drawing:
    months = assessment.months[low:high + 1]
    guarantee = term_number(assessment.contract.terms, "uptime_pct")
    values = [m.availability.uptime_pct for m in months]
    known = [v for v in values if v is not None] + ([guarantee] if guarantee else [])
    floor = min(known) if known else 99.0
    bottom = min(99.5, np.floor(floor * 10) / 10 - 0.1)
    drawing = Drawing(width, 150)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 40, 25, width - 60, 105
    chart.data = [[v if v is not None else None for v in values]]
    chart.categoryAxis.categoryNames = [m.key[2:] for m in months]
    chart.categoryAxis.labels.fontName = pdf_fonts().regular
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = bottom, 100.0
    chart.valueAxis.labels.fontName = pdf_fonts().regular
    chart.valueAxis.labels.fontSize = 7
    chart.lines[0].strokeColor = NAVY
    chart.lines[0].strokeWidth = 1.5
    chart.joinedLines = 1
    drawing.add(chart)
    if guarantee is not None and bottom < guarantee <= 100:
        y = chart.y + (guarantee - bottom) / (100.0 - bottom) * chart.height
        drawing.add(Line(chart.x, y, chart.x + chart.width, y, strokeColor=RED,
                         strokeDashArray=[3, 2], strokeWidth=0.8))
        drawing.add(String(chart.x + chart.width - 2, y + 3, f"guarantee {guarantee:g} %",
                           fontName=pdf_fonts().regular, fontSize=7, fillColor=RED,
                           textAnchor="end"))
    drawing.add(String(0, 140, "Uptime per month (%)", fontName=pdf_fonts().bold, fontSize=8.5,
                       fillColor=NAVY))
    return drawing


def _attainment_chart(assessment: ServiceAssessment, low: int, high: int,
                      width: float) -> Drawing:
    months = assessment.months[low:high + 1]
    drawing = Drawing(width, 150)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 25, width - 60, 105
    data = []
    for measure in MEASURES:
        row = []
        for m in months:
            counts = m.response if measure == "response" else m.resolution
            met = sum(c["met"] for c in counts.values())
            breached = sum(c["breached"] for c in counts.values())
            row.append(attainment_pct(met, breached))
        data.append(row)
    measured = [v for row in data for v in row if v is not None]
    floor = float(min(80.0, np.floor(min(measured, default=80.0) / 10) * 10))
    # A month with nothing decided has no bar: drawn at the axis floor, it stays invisible.
    chart.data = [[v if v is not None else floor for v in row] for row in data]
    chart.categoryAxis.categoryNames = [m.key[2:] for m in months]
    chart.categoryAxis.labels.fontName = pdf_fonts().regular
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = floor
    chart.valueAxis.valueMax = 100.0
    chart.valueAxis.labels.fontName = pdf_fonts().regular
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = NAVY
    chart.bars[1].fillColor = colors.HexColor("#8FA9C9")
    drawing.add(chart)
    drawing.add(String(0, 140, "Targets met per month (%): response (dark), resolution (light)",
                       fontName=pdf_fonts().bold, fontSize=8.5, fillColor=NAVY))
    return drawing


def _breaches(assessment: ServiceAssessment, styles: dict[str, ParagraphStyle],
              low: int, high: int) -> list[Any]:
    tickets = assessment.tickets
    inside = (assessment.ticket_month >= low) & (assessment.ticket_month <= high)
    rows: list[list[Any]] = [[_p(h, styles["head"]) for h in
                              ("Month", "Ticket", "Priority", "Target missed", "Took")]]
    keys = [m.key for m in assessment.months]
    found = []
    for measure in MEASURES:
        times = assessment.times[measure]
        for hit in np.nonzero(inside & (times.status == STATUSES.index("breached")))[0]:
            found.append((float(tickets.opened[hit]), measure, int(hit)))
    found.sort()
    for _, measure, row in found[:MAX_BREACH_ROWS]:
        rows.append([_p(keys[assessment.ticket_month[row]], styles["cell"]),
                     _p(tickets.ids[row], styles["cell"]),
                     _p(SEVERITIES[int(tickets.priority[row])], styles["cell"]),
                     _p(measure, styles["cell"]),
                     _p(format_minutes(float(assessment.times[measure].minutes[row])),
                        styles["cell"])])
    if len(found) == 0:
        return [_p("No ticket missed its target in these months.", styles["body"])]
    flowables: list[Any] = [_grid(rows, [22 * mm, 40 * mm, 20 * mm, 35 * mm, 35 * mm])]
    if len(found) > MAX_BREACH_ROWS:
        flowables.append(_p(f"... and {len(found) - MAX_BREACH_ROWS} more breaches; "
                            "'slaselect service --incidents' lists them all.", styles["sub"]))
    return flowables


def _credits(assessment: ServiceAssessment, styles: dict[str, ParagraphStyle], currency: str,
             low: int, high: int) -> Table:
    rows: list[list[Any]] = [[_p(h, styles["head"]) for h in
                              ("Month", "Fee", "Credit %", "Credit", "How it is paid")]]
    bad: list[tuple[int, int]] = []
    for m in assessment.months[low:high + 1]:
        if not m.credit:
            continue
        claim = month_json(m)["claim"] or {}
        status = claim.get("status")
        how = ("paid automatically" if claim.get("mechanism") == "automatic" else
               f"{status}: deadline {claim.get('deadline')}")
        rows.append([_p(m.key, styles["cell"]),
                     _p(format_money(m.fee or 0.0, currency), styles["right"]),
                     _p(_pct(m.credit_pct, 2), styles["right"]),
                     _p(format_money(m.credit, currency, 2), styles["right"]),
                     _p(how, styles["cell"])])
        if status == "expired":
            bad.append((len(rows) - 1, 4))
    if len(rows) == 1:
        rows.append([_p("No credit is owed for these months.", styles["cell"]), "", "", "", ""])
    return _grid(rows, [22 * mm, 28 * mm, 20 * mm, 28 * mm, 72 * mm], bad)


def _actions(reviews: Sequence[ReviewMeeting], styles: dict[str, ParagraphStyle]) -> Any:
    rows: list[list[Any]] = [[_p(h, styles["head"]) for h in
                              ("Agreed", "Action", "Owner", "Due")]]
    for meeting in reviews:
        for action in meeting.actions:
            if action.done:
                continue
            rows.append([_p(meeting.date.isoformat(), styles["cell"]),
                         _p(action.text, styles["cell"]), _p(action.owner, styles["cell"]),
                         _p(action.due.isoformat() if action.due else "—", styles["cell"])])
    if len(rows) == 1:
        return _p("No open actions from earlier reviews.", styles["body"])
    return _grid(rows, [22 * mm, 85 * mm, 45 * mm, 22 * mm])


def _summary(evaluation: Evaluation, assessment: ServiceAssessment, currency: str,
             low: int, high: int, today: date) -> list[str]:
    months = assessment.months[low:high + 1]
    owed = sum(m.credit or 0.0 for m in months)
    failed = [m.key for m in months if m.failed]
    lines = [
        f"Credits owed for these months: {format_money(owed, currency, 2)}."
        if owed else "No service credit is owed for these months.",
    ]
    due = claims_to_make(assessment)
    if due:
        first = due[0]
        lines.append(
            f"Claim {format_money(sum(d.amount for d in due), currency, 2)} still unclaimed; "
            f"the first deadline is {first.deadline.isoformat() if first.deadline else 'open'} "
            f"({first.month}).")
    expired = [m.key for m in assessment.months
               if m.claim is not None and m.claim.status == "expired" and m.credit]
    if expired:
        lines.append(f"Credits lost because the claim window closed: {', '.join(expired)}.")
    lines.append(f"Failed months: {', '.join(failed) if failed else 'none'}.")
    termination = assessment.termination_right_from
    lines.append("Chronic failure: " + (
        f"the right to terminate exists from {termination.isoformat()}." if termination else
        f"not reached ({plural(sum(m.failed for m in assessment.months), 'failed month')} "
        "so far; 3 in a row or 4 within 12 months give the right to terminate)."
        if assessment.contract.terms.get("chronic_failure_termination") is True else
        "the contract has no chronic-failure clause."))
    if assessment.notice_deadline is not None:
        days = (assessment.notice_deadline - today).days
        end = assessment.end_date.isoformat() if assessment.end_date else "—"
        lines.append(f"The contract ends {end}; "
                     f"notice must be given by {assessment.notice_deadline.isoformat()}"
                     + (f" ({days} days from {today.isoformat()})." if days >= 0 else
                        " (passed)."))
    return lines


def write_review_pack(
    evaluation: Evaluation, assessment: ServiceAssessment, reviews: Sequence[ReviewMeeting],
    path: Path,
) -> None:
    """Write the review pack of the months ``assessment`` shows to ``path`` (not atomic)."""
    styles = _styles()
    low, high = assessment.shown
    contract = assessment.contract
    months = assessment.months
    currency = evaluation.currency
    try:
        name = evaluation.provider(contract.provider).name
    except KeyError:
        name = contract.provider
    today = date.fromtimestamp(assessment.as_of)
    period = f"{months[low].key} to {months[high].key}"
    width = A4[0] - 36 * mm
    story: list[Any] = [
        _p(f"Service review: {name}", styles["title"], bold=True),
        _p(f"{evaluation.name} · contract round {contract.round} from "
           f"{contract.start.isoformat()} ({contract.zone}) · months {period} · "
           f"data as of {today.isoformat()}", styles["sub"]),
        _p("What the provider owes and by when", styles["h1"], bold=True),
    ]
    story += [_p(line, styles["body"]) for line in
              _summary(evaluation, assessment, currency, low, high, today)]
    story += [_p("Attainment against every target", styles["h1"], bold=True),
              _targets_table(assessment, styles, low, high), Spacer(1, 6),
              KeepTogether([_p("Trends", styles["h1"], bold=True),
                            _uptime_chart(assessment, low, high, width),
                            _attainment_chart(assessment, low, high, width)]),
              _p("Breaches and the tickets behind them", styles["h1"], bold=True)]
    story += _breaches(assessment, styles, low, high)
    story += [_p("Credits owed and claimed", styles["h1"], bold=True),
              _credits(assessment, styles, currency, low, high),
              _p("Open actions from earlier reviews", styles["h1"], bold=True),
              _actions(reviews, styles)]

    def footer(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFillColor(GREY)
        draw_text(canvas, 18 * mm, 10 * mm, f"Service review pack · {name} · {period}", 7.5)
        draw_text(canvas, A4[0] - 18 * mm, 10 * mm, f"Page {document.page}", 7.5,
                  align="right")
        canvas.restoreState()

    document = SimpleDocTemplate(
        str(path), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
        bottomMargin=18 * mm, title=f"Service review: {name}", author="SLASelect",
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)


def export_review_pack(
    evaluation: Evaluation, assessment: ServiceAssessment, reviews: Sequence[ReviewMeeting],
    path: Path,
) -> None:
    """The review pack at ``path``, written atomically (no partial file on failure)."""
    write_atomically(path, lambda temporary: write_review_pack(evaluation, assessment,
                                                               reviews, temporary))
