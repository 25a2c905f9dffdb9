"""The Summary and Scores sheets: the recommendation, and totals a reader can recompute.

The Scores sheet holds live formulas: a row of weights (points, editable), their shares, one
row per provider with its 0-10 criterion scores, a weighted total by SUMPRODUCT and a rank
by RANK. Eligible providers form one block, best first, so that RANK works on a plain range;
ineligible providers follow below a rule with their weighted total but no rank ("—"), as in
``slaselect rank``. Imports openpyxl: load only when writing a workbook.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl.formatting.rule import CellIsRule, ColorScaleRule
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from slaselect.documents.workbook import style as s
from slaselect.documents.workbook.figures import write_assumptions
from slaselect.documents.workbook.live import LiveScores
from slaselect.documents.xlsx.safety import write_formula
from slaselect.domain.audit import AuditEntry
from slaselect.domain.comparison import FIGURE_TITLES
from slaselect.domain.cross_checks import topsis_difference
from slaselect.domain.model import Criterion, CriterionKind, Evaluation
from slaselect.domain.ranking import Method, Ranking, ScoreTable, rank_table
from slaselect.domain.sealed_prices import price_sealing_sentence
from slaselect.domain.wording import format_number, option_words, plural, plural_is

SUMMARY = "Summary"
SCORES = "Scores"

# Scores sheet layout (1-based rows and columns).
GROUP_ROW, CRITERION_ROW, HOW_ROW, WEIGHT_ROW, SHARE_ROW = 4, 5, 6, 7, 8
FIRST_PROVIDER_ROW = 9
FIRST_CRITERION_COLUMN = 2


@dataclass(frozen=True)
class ScoresLayout:
    """Where things are on the Scores sheet, for readers and tests."""

    criteria: int
    providers: int
    eligible: int

    @property
    def total_column(self) -> int:
        """The column of the weighted totals."""
        return FIRST_CRITERION_COLUMN + self.criteria

    @property
    def rank_column(self) -> int:
        """The column of the ranks."""
        return self.total_column + 1

    @property
    def last_provider_row(self) -> int:
        """The last row holding a provider (one before the first when there are none)."""
        return FIRST_PROVIDER_ROW + self.providers - 1

    def weights_range(self) -> str:
        """The absolute range of the weight cells ("$B$7:$T$7")."""
        first = get_column_letter(FIRST_CRITERION_COLUMN)
        last = get_column_letter(self.total_column - 1)
        return f"${first}${WEIGHT_ROW}:${last}${WEIGHT_ROW}"


def lowest_row(providers: int) -> int:
    """The row of the lowest eligible figure of each price criterion, below the providers."""
    return FIRST_PROVIDER_ROW + providers + 1


def lowest_cells(criteria: Sequence[Criterion], providers: int) -> dict[str, str]:
    """Where each price criterion's lowest eligible figure goes ("$T$30")."""
    row = lowest_row(providers)
    return {c.key: f"Scores!${get_column_letter(FIRST_CRITERION_COLUMN + j)}${row}"
            for j, c in enumerate(criteria) if c.kind is CriterionKind.PRICE}


def _how_scored(criterion: Criterion, live: bool) -> str:
    """How a criterion is scored; "formula" marks columns that follow the Term sheet."""
    if criterion.kind is CriterionKind.JUDGEMENT:
        if criterion.min_score is not None:
            return f"judgement, minimum {format_number(criterion.min_score)}"
        return "judgement"
    if criterion.kind is CriterionKind.TERM:
        return "term value, formula" if live else "term value"
    figure = FIGURE_TITLES.get(criterion.figure, option_words(criterion.figure)).lower()
    return (f"price, {option_words(criterion.formula.value)} of the {figure}"
            + (", formula" if live else ""))


def _criterion_width(criterion: Criterion) -> float:
    """Wide enough that the longest word of the name (bold) is not broken."""
    longest = max((len(word) for word in criterion.name.split()), default=0)
    narrowest = 14.0 if criterion.kind is CriterionKind.PRICE else 11.0  # room for money
    return min(24.0, max(narrowest, longest * 1.05 + 1.5))


def row_order(ranking: Ranking, table: ScoreTable) -> list[int]:
    """Score-table rows in ranking order: eligible best first, then the ineligible."""
    index = {p.key: i for i, p in enumerate(table.providers)}
    return [index[result.provider] for result in ranking.results]


def write_scores(workbook: Workbook, evaluation: Evaluation, table: ScoreTable,
                 ranking: Ranking, live: LiveScores | None = None) -> ScoresLayout:
    """The Scores sheet with live SUMPRODUCT totals and RANK ranks; ``live`` holds the
    formulas of the term and price scores a spreadsheet can compute (the others are
    values)."""
    live = live or LiveScores()
    sheet = workbook.create_sheet(SCORES)
    criteria = table.criteria
    order = row_order(ranking, table)
    layout = ScoresLayout(len(criteria), len(order), int(table.eligible.sum()))
    total_col, rank_col = layout.total_column, layout.rank_column
    eligible_col, reasons_col = rank_col + 1, rank_col + 2

    s.set_widths(sheet, [28] + [_criterion_width(c) for c in criteria] + [11, 7, 9, 40])
    s.title(sheet, "Scores and weighted totals",
            "Criterion scores are 0-10. Change a weight in the yellow row: the shares, totals "
            "and ranks recompute; columns marked \"formula\" follow the Term sheet (edit a fee "
            "there and they recompute too). Eligible providers are listed first, best first; "
            "ineligible providers follow below the line with a total but no rank.", reasons_col)
    live_columns = {criterion for _, criterion in live.formulas}

    for label, row in (("Criterion group", GROUP_ROW), ("Criterion", CRITERION_ROW),
                       ("How it is scored", HOW_ROW), ("Weight (points)", WEIGHT_ROW),
                       ("Share of the weight", SHARE_ROW)):
        fill = s.INPUT_FILL if row == WEIGHT_ROW else s.SUBHEADER_FILL
        s.put(sheet, row, 1, label, font=s.BOLD, fill=fill,
              alignment=Alignment(wrap_text=True, vertical="center"))
    weights = layout.weights_range()
    for j, criterion in enumerate(criteria):
        column = FIRST_CRITERION_COLUMN + j
        letter = get_column_letter(column)
        s.put(sheet, GROUP_ROW, column, criterion.group, font=s.NOTE_FONT,
              fill=s.SUBHEADER_FILL, alignment=s.WRAP_CENTRE)
        s.put(sheet, CRITERION_ROW, column, criterion.name, font=s.HEADER_FONT,
              fill=s.HEADER_FILL, alignment=s.WRAP_CENTRE)
        s.put(sheet, HOW_ROW, column, _how_scored(criterion, criterion.key in live_columns),
              font=s.NOTE_FONT, fill=s.SUBHEADER_FILL, alignment=s.WRAP_CENTRE)
        s.put(sheet, WEIGHT_ROW, column, criterion.weight, font=s.BOLD, fill=s.INPUT_FILL,
              alignment=Alignment(horizontal="center"), number_format=s.NUMBER_FORMAT)
        share = write_formula(
            sheet, SHARE_ROW, column,
            f"=IF(SUM({weights})>0,{letter}{WEIGHT_ROW}/SUM({weights}),0)")
        s.style(share, font=s.NOTE_FONT, fill=s.SUBHEADER_FILL, border=s.GRID,
                alignment=Alignment(horizontal="center"))
        share.number_format = s.SHARE_FORMAT
    for column, label in ((total_col, "Weighted total (0-10)"), (rank_col, "Rank"),
                          (eligible_col, "Eligible"), (reasons_col, "Why ineligible")):
        s.put(sheet, CRITERION_ROW, column, label, font=s.HEADER_FONT, fill=s.HEADER_FILL,
              alignment=s.WRAP_CENTRE)
        for row in (GROUP_ROW, HOW_ROW, WEIGHT_ROW, SHARE_ROW):
            s.put(sheet, row, column, None, fill=s.SUBHEADER_FILL)
    if criteria:
        validation = DataValidation(type="decimal", operator="greaterThanOrEqual",
                                    formula1="0", allow_blank=False, showErrorMessage=True,
                                    errorTitle="Weight", error="A weight is 0 or more points.")
        validation.add(f"{get_column_letter(FIRST_CRITERION_COLUMN)}{WEIGHT_ROW}:"
                       f"{get_column_letter(total_col - 1)}{WEIGHT_ROW}")
        sheet.add_data_validation(validation)

    _provider_rows(sheet, evaluation, table, order, layout, live)

    for row in (GROUP_ROW, HOW_ROW):
        s.fit_row(sheet, row, range(1, reasons_col + 1))
    s.fit_row(sheet, CRITERION_ROW, range(1, reasons_col + 1), minimum_lines=2, scale=0.9)
    sheet.freeze_panes = sheet.cell(row=FIRST_PROVIDER_ROW, column=FIRST_CRITERION_COLUMN)
    s.prepare_printing(sheet, f"{GROUP_ROW}:{SHARE_ROW}", "A:A", evaluation.name,
                       pages_wide=s.pages_wide(sheet, reasons_col))
    # Printed: the table alone, its title in the page header. The title and the notes,
    # which start in the repeated first column, would print cut off on every page after
    # the first across; the Summary explains the sheet instead.
    last_row = lowest_row(layout.providers) if live.lowest else layout.last_provider_row
    sheet.print_area = f"A{GROUP_ROW}:{get_column_letter(reasons_col)}{max(last_row, GROUP_ROW)}"
    sheet.oddHeader.left.text = "Scores and weighted totals"
    sheet.oddHeader.left.size = 10
    return layout


def _provider_rows(sheet: Worksheet, evaluation: Evaluation, table: ScoreTable,
                   order: list[int], layout: ScoresLayout, live: LiveScores) -> None:
    total_col, rank_col = layout.total_column, layout.rank_column
    eligible_col, reasons_col = rank_col + 1, rank_col + 2
    weights = layout.weights_range()
    missing = {(m.provider, m.criterion) for m in table.missing}
    rank_range = (f"${get_column_letter(total_col)}${FIRST_PROVIDER_ROW}:"
                  f"${get_column_letter(total_col)}${FIRST_PROVIDER_ROW + layout.eligible - 1}")
    first_score = get_column_letter(FIRST_CRITERION_COLUMN)
    last_score = get_column_letter(total_col - 1)
    for position, i in enumerate(order):
        row = FIRST_PROVIDER_ROW + position
        provider = table.providers[i]
        eligible = bool(table.eligible[i])
        border = s.LINE_ABOVE if position == layout.eligible and position > 0 else s.GRID
        s.put(sheet, row, 1, provider.name, font=s.BOLD, alignment=s.TOP, border=border)
        scores = table.scores[i].tolist()
        for j, criterion in enumerate(table.criteria):
            formula = live.formulas.get((provider.key, criterion.key))
            if formula is not None:
                s.put_formula(sheet, row, FIRST_CRITERION_COLUMN + j, formula,
                              number_format=s.SCORE_FORMAT, alignment=s.TOP, border=border)
                continue
            cell = s.put_number(sheet, row, FIRST_CRITERION_COLUMN + j, scores[j],
                                number_format=s.SCORE_FORMAT, alignment=s.TOP, border=border)
            if (provider.key, criterion.key) in missing:
                cell.font = s.MUTED
                s.note(cell, "Not scored yet: counted as 0.")
        if table.criteria:
            formula = (f"=IF(SUM({weights})>0,SUMPRODUCT({weights},{first_score}{row}:"
                       f"{last_score}{row})/SUM({weights}),0)")
            total = write_formula(sheet, row, total_col, formula)
        else:
            total = s.put(sheet, row, total_col, 0.0)
        s.style(total, font=s.BOLD, alignment=s.TOP, border=border)
        total.number_format = s.SCORE_FORMAT
        if eligible:
            ranked = write_formula(sheet, row, rank_col,
                                   f"=RANK({get_column_letter(total_col)}{row},{rank_range})")
            s.style(ranked, font=s.BOLD, alignment=Alignment(horizontal="center",
                                                                vertical="top"), border=border)
        else:
            s.put(sheet, row, rank_col, "—", font=s.MUTED, border=border,
                  alignment=Alignment(horizontal="center", vertical="top"))
        s.put(sheet, row, eligible_col, "yes" if eligible else "no", border=border,
              font=s.BOLD if eligible else s.FAIL_FONT,
              alignment=Alignment(horizontal="center", vertical="top"))
        s.put(sheet, row, reasons_col, " ".join(table.reasons[i]), alignment=s.WRAP,
              border=border, font=s.FAIL_FONT if not eligible else None)
        s.fit_row(sheet, row, [1, reasons_col])

    if order and table.criteria:
        last_row = FIRST_PROVIDER_ROW + len(order) - 1
        sheet.conditional_formatting.add(
            f"{first_score}{FIRST_PROVIDER_ROW}:{last_score}{last_row}",
            ColorScaleRule(start_type="num", start_value=0, start_color="FFFFFF",
                           end_type="num", end_value=10, end_color="9ED3A6"))
    if layout.eligible:
        letter = get_column_letter(rank_col)
        sheet.conditional_formatting.add(
            f"{letter}{FIRST_PROVIDER_ROW}:{letter}{FIRST_PROVIDER_ROW + layout.eligible - 1}",
            CellIsRule(operator="equal", formula=["1"], fill=s.BEST_FILL,
                       font=s.RULE_BEST_FONT))

    notes_row = lowest_row(len(order))
    if live.lowest:
        _lowest_row(sheet, evaluation, table, live, notes_row, reasons_col)
        notes_row += 2
    notes = [
        "Weighted total = SUMPRODUCT(weights, scores) / SUM(weights): the same weighted sum "
        "as slaselect rank. Rank = RANK among the eligible providers; equal totals share a "
        "rank.",
        "Term scores of numeric terms are formulas over the Term sheet (the term's value "
        "function); price scores are formulas over the Figures sheet, against the lowest "
        "figure among eligible providers (row below the table). Edit a fee on the Term sheet "
        "and the figures, price scores, totals and ranks follow.",
        "Values, not formulas: moderated judgement scores, and terms scored from words "
        "(durations, options, yes/no, lists, response times per severity), which SLASelect "
        "works out. Eligibility is the gate's verdict when the workbook was written: an edit "
        "does not move a provider across the line.",
    ]
    if live.fixed:
        names = "; ".join(c.name for c in live.fixed)
        notes.append(f"Scored as values here: {names}.")
    if table.missing:
        notes.append(f"{plural_is(len(table.missing), 'judgement score')} missing and count as 0 "
                     "(grey cells).")
    for offset, text in enumerate(notes):
        cell = s.put(sheet, notes_row + offset, 1, text, font=s.NOTE_FONT, border=None,
                     alignment=s.WRAP)
        end = s.columns_for_width(sheet, 1, reasons_col, s.TEXT_LINE_WIDTH)
        sheet.merge_cells(start_row=notes_row + offset, start_column=1,
                          end_row=notes_row + offset, end_column=end)
        width = sum(s.column_width(sheet, c) for c in range(1, end + 1))
        sheet.row_dimensions[cell.row].height = s.row_height([(text, width)])


def _lowest_row(sheet: Worksheet, evaluation: Evaluation, table: ScoreTable,
                live: LiveScores, row: int, last_column: int) -> None:
    """Under each live price criterion, the lowest figure among eligible providers."""
    label = "Lowest figure among eligible providers (price scores compare with it)"
    s.put(sheet, row, 1, label, font=s.BOLD, fill=s.SUBHEADER_FILL, alignment=s.WRAP)
    money = s.money_format(evaluation.currency)
    for j, criterion in enumerate(table.criteria):
        column = FIRST_CRITERION_COLUMN + j
        formula = live.lowest.get(criterion.key)
        if formula is None:
            s.put(sheet, row, column, None, fill=s.SUBHEADER_FILL)
        else:
            s.put_formula(sheet, row, column, formula, number_format=money,
                          alignment=s.TOP_RIGHT, fill=s.SUBHEADER_FILL)
    for column in range(FIRST_CRITERION_COLUMN + len(table.criteria), last_column + 1):
        s.put(sheet, row, column, None, fill=s.SUBHEADER_FILL)
    s.fit_row(sheet, row, [1])


def _moderation_rows(sheet: Worksheet, evaluation: Evaluation, row: int,
                     last_column: int) -> None:
    """The scores the team agreed in moderation, each with its written rationale."""
    names = {p.key: p.name for p in evaluation.providers}
    criteria = {c.key: c.name for c in evaluation.criteria}
    agreed = [c for c in evaluation.consensus if c.provider in names and c.criterion in criteria]
    if not agreed or last_column < 6:
        return
    scale = evaluation.scale
    s.put(sheet, row, 1, "Scores agreed in moderation", font=s.TITLE_FONT, border=None)
    row += 1
    spans = ((1, 1), (2, 3), (4, 4), (5, last_column))
    labels = ("Provider", "Criterion",
              f"Agreed score ({format_number(scale.min)}-{format_number(scale.max)})",
              "Rationale")
    for (start, end), label in zip(spans, labels, strict=True):
        for column in range(start, end + 1):
            s.put(sheet, row, column, label if column == start else None,
                  font=s.HEADER_FONT, fill=s.HEADER_FILL, alignment=s.WRAP_CENTRE)
        if end > start:
            sheet.merge_cells(start_row=row, start_column=start, end_row=row, end_column=end)
    sheet.row_dimensions[row].height = s.row_height(
        [(labels[2], s.column_width(sheet, 4) * 0.9)])
    widths = [sum(s.column_width(sheet, c) for c in range(a, b + 1)) for a, b in spans]
    for item in agreed:
        row += 1
        values = (names[item.provider], criteria[item.criterion], item.value, item.rationale)
        for (start, end), value in zip(spans, values, strict=True):
            for column in range(start, end + 1):
                s.put(sheet, row, column, value if column == start else None,
                      alignment=s.TOP_CENTRE if start == 4 else s.WRAP,
                      number_format=s.NUMBER_FORMAT)
            if end > start:
                sheet.merge_cells(start_row=row, start_column=start, end_row=row,
                                  end_column=end)
        sheet.row_dimensions[row].height = s.row_height(
            [(str(v), w) for v, w in zip(values, widths, strict=True) if isinstance(v, str)])


def write_summary(workbook: Workbook, evaluation: Evaluation, table: ScoreTable,
                  ranking: Ranking, topsis: Ranking, today: date, *,
                  audit_trail: Sequence[AuditEntry] | None = None) -> Worksheet:
    """The first sheet: what was evaluated, who is recommended, the ranking, how to read.

    ``audit_trail`` (None for an interchange file) shows whether prices stayed sealed until
    the last quality score."""
    sheet = workbook.active if workbook.active is not None else workbook.create_sheet()
    sheet.title = SUMMARY
    s.set_widths(sheet, [30, 8, 14, 10, 14, 72])
    s.title(sheet, evaluation.name,
            "Term sheet and scoring workbook for legal and procurement, written by SLASelect.",
            6)
    eligible = [r for r in ranking.results if r.eligible]
    facts: list[tuple[str, object]] = [
        ("Evaluation", evaluation.name),
        ("Written on", today),
        ("Method", "Weighted sum (WSM): each criterion scored 0-10, weighted by its share "
                   "of the points; total 0-10."),
        ("Recommended provider", _recommendation(ranking)),
        ("Providers", f"{len(ranking.results)} compared, {len(eligible)} eligible"),
        ("Currency and horizon", f"{evaluation.currency}, {evaluation.horizon_months} months"),
        ("Criteria and weights", f"locked {evaluation.criteria_locked_at[:10]}"
         if evaluation.criteria_locked_at else "not locked before scoring"),
        ("Price envelopes", price_sealing_sentence(evaluation, audit_trail)),
        ("Cross-check (TOPSIS)", _cross_check(table, ranking, topsis)),
        ("Scores complete", "yes" if ranking.complete else
         f"no: {plural(len(ranking.missing), 'judgement score')} missing, counted as 0"),
    ]
    row = 4
    for label, value in facts:
        s.put(sheet, row, 1, label, font=s.BOLD, fill=s.SUBHEADER_FILL, alignment=s.TOP)
        cell = s.put(sheet, row, 2, value, alignment=Alignment(wrap_text=True, vertical="top",
                                                               horizontal="left"),
                     number_format=s.DATE_FORMAT,
                     font=s.BOLD if label == "Recommended provider" else None)
        for column in range(3, 7):
            s.put(sheet, row, column, None)
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)
        text = cell.value if isinstance(cell.value, str) else ""
        sheet.row_dimensions[row].height = s.row_height(
            [(text, sum(s.column_width(sheet, c) for c in range(2, 7)))])
        row += 1

    row += 1
    s.put(sheet, row, 1, "Ranking", font=s.TITLE_FONT, border=None)
    row += 1
    s.header_row(sheet, row, ["Provider", "Rank", "Weighted total (0-10)", "Eligible",
                              "TOPSIS rank (cross-check)", "Why ineligible"])
    topsis_rank = {r.provider: r.rank for r in topsis.results}
    centre = Alignment(horizontal="center", vertical="top")
    for result in ranking.results:
        row += 1
        s.put(sheet, row, 1, result.name, font=s.BOLD, alignment=s.WRAP)
        s.put(sheet, row, 2, result.rank if result.rank is not None else "—",
              alignment=centre, font=s.BOLD)
        s.put(sheet, row, 3, result.score, number_format=s.SCORE_FORMAT, alignment=centre)
        s.put(sheet, row, 4, "yes" if result.eligible else "no", alignment=centre,
              font=None if result.eligible else s.FAIL_FONT)
        other = topsis_rank.get(result.provider)
        s.put(sheet, row, 5, other if other is not None else "—", alignment=centre)
        s.put(sheet, row, 6, " ".join(result.reasons), alignment=s.WRAP,
              font=s.FAIL_FONT if result.reasons else None)
        s.fit_row(sheet, row, [1, 6])
        if result.rank == 1:
            for column in range(1, 7):
                sheet.cell(row=row, column=column).fill = s.BEST_FILL

    _moderation_rows(sheet, evaluation, row + 2, 6)
    row = write_assumptions(sheet, evaluation, sheet.max_row + 2, 6) + 2
    s.put(sheet, row, 1, "How to read this workbook", font=s.TITLE_FONT, border=None)
    for label, text in _reading_notes(evaluation):
        row += 1
        s.put(sheet, row, 1, label, font=s.BOLD, alignment=s.TOP, border=None)
        s.put(sheet, row, 2, text, alignment=s.WRAP, border=None)
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)
        sheet.row_dimensions[row].height = s.row_height(
            [(text, sum(s.column_width(sheet, c) for c in range(2, 7)))])
    s.prepare_printing(sheet, None, None, evaluation.name)
    return sheet


def _cross_check(table: ScoreTable, ranking: Ranking, topsis: Ranking) -> str:
    """Whether TOPSIS agrees on the winner and, when it does not, why (as the memo says)."""
    difference = topsis_difference(table, ranking)
    if difference is not None:
        return (f"{difference.sentence()} The recommendation follows the weighted sum, the "
                "evaluation's method.")
    first = [r.name for r in topsis.results if r.rank == 1]
    if not first or not any(r.rank == 1 for r in ranking.results):
        return "No eligible provider to compare."
    return f"TOPSIS (closeness to an ideal bid) also ranks {' and '.join(first)} first."


def _recommendation(ranking: Ranking) -> str:
    winners = [r for r in ranking.results if r.rank == 1]
    if not winners:
        return "None: no provider passes the gate (see the ranking below)."
    total = winners[0].score or 0.0
    if len(winners) > 1:
        names = " and ".join(w.name for w in winners)
        return f"{names}, tied at {total:.2f} of 10."
    runner_up = next((r for r in ranking.results if r.eligible and r.rank != 1), None)
    text = f"{winners[0].name}: weighted total {total:.2f} of 10"
    if runner_up is not None and runner_up.score is not None:
        text += f", {total - runner_up.score:.2f} ahead of {runner_up.name}"
    return text + "."


def _reading_notes(evaluation: Evaluation) -> list[tuple[str, str]]:
    return [
        ("Ranking (above)", "SLASelect's calculation with the agreed weights. It is a record: "
         "it does not change when the Scores sheet is edited. TOPSIS is a second method shown "
         "as a cross-check; it ranks eligible providers only."),
        (SCORES, "One row per provider, one column per criterion (0-10). Change a weight in "
         "the yellow row and the shares, totals and ranks recompute. Term scores of numeric "
         "terms and price scores are formulas over the Term and Figures sheets: edit a "
         "provider's fee on the Term sheet and its costs, the price scores (against the "
         "lowest figure among eligible providers, shown under the table), the totals and the "
         "ranks follow. Judgement scores and terms scored from words stay values. Ineligible "
         "providers are below the line: they keep a weighted total but get no rank (—); an "
         "edit does not move a provider across it."),
        ("Term sheet", "Every term at each provider's latest round, with its unit and "
         "must-have. Green marks the best offer in a row and amber the worst; red bold on pink "
         "marks a value that fails a must-have (hover over it for the reason)."),
        ("Negotiation", "Every term of every round of every provider, what changed from the "
         "round before and whether it moved in the buyer's favour. Use the filter buttons in "
         "the header to show changes only."),
        ("Figures", f"What the terms mean in time and money ({evaluation.currency}) under the "
         "buyer's assumptions, which are listed below the table. Money figures are formulas "
         "over the Term sheet; durations are in words (\"4 h\", \"2 days\")."),
    ]


def rankings(table: ScoreTable) -> tuple[Ranking, Ranking]:
    """The WSM ranking the workbook is built on, and TOPSIS for the cross-check column."""
    return rank_table(table, Method.WSM), rank_table(table, Method.TOPSIS)
