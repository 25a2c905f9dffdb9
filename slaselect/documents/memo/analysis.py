"""The memo's "Sensitivity and robustness" section: how sure the recommendation is, and what
would change it.

From a decision analysis (``slaselect.domain.analysis.analyse``): how often each provider
wins over many scenarios in which the weights and the disputed scores vary; per criterion the
range of weight over which the winner stays first and who overtakes outside it, with a chart
of the nearest tipping point; the TOPSIS cross-check and dominated providers; and the
disagreement notes (``memo.disagreement``). User text goes through ``markup``, ``para`` and
``line_cell``.
"""

from __future__ import annotations

from typing import Any

from reportlab.graphics.shapes import Drawing, Line, PolyLine, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from slaselect.documents.memo.disagreement import disagreement_notes
from slaselect.documents.memo.sections import cell, head, heading, number_cell
from slaselect.documents.memo.styles import (
    ACCENT,
    FAIL_INK,
    INK,
    MUTED,
    NAVY,
    RULE,
    WIN_FILL,
    bullet,
    fit_text,
    grid_style,
    line_cell,
    markup,
    memo_fonts,
    memo_styles,
    para,
    rich,
    run_strings,
)
from slaselect.documents.pdf_tables import WholeRowTable
from slaselect.domain.analysis import Analysis, probability_words
from slaselect.domain.model import Evaluation
from slaselect.domain.sensitivity import WeightInterval, percent_words, weight_sweep
from slaselect.domain.weight_extremes import end_tie_note, stay_words
from slaselect.domain.wording import and_list, format_number

MAX_PROVIDER_ROWS = 12
"""Providers listed by name in the win-probability table; the rest are summed in one row."""
MAX_TIPPING_SENTENCES = 8
MAX_CHART_LINES = 8
TRACK = colors.HexColor("#E3E7EC")
STAY_FILL = colors.HexColor("#9CCBA8")
OTHER_LINES = (colors.HexColor("#8A96A3"), colors.HexColor("#B0B9C3"),
               colors.HexColor("#6F7F8F"), colors.HexColor("#C3CAD2"))


# --------------------------------------------------------------------------- small graphics


class ProbabilityBar(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """A horizontal bar of a probability with its percentage beside it, for a table cell."""

    def __init__(self, probability: float, width: float, *, strong: bool = False) -> None:
        super().__init__()
        self.probability = min(max(probability, 0.0), 1.0)
        self.width = width
        self.height = 9.0
        self.strong = strong
        self.text = probability_words(probability)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """A fixed size: the cell's width as given, one line high."""
        return self.width, self.height

    def draw(self) -> None:
        """The track, the filled part and the percentage."""
        fonts = memo_fonts()
        canvas = self.canv
        label = stringWidth("under 1 %", fonts.regular, 8) + 6
        track = max(self.width - label, 10.0)
        canvas.setFillColor(TRACK)
        canvas.rect(0, 1, track, 7, stroke=0, fill=1)
        canvas.setFillColor(NAVY if self.strong else ACCENT)
        if self.probability > 0:
            canvas.rect(0, 1, max(track * self.probability, 0.8), 7, stroke=0, fill=1)
        canvas.setFillColor(INK)
        canvas.setFont(fonts.bold if self.strong else fonts.regular, 8)
        canvas.drawRightString(self.width, 1.5, self.text)

    def getPlainText(self) -> str:  # noqa: N802 - reportlab's name
        """The percentage, for search and tests."""
        return str(self.text)


class RangeBar(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """0-100 % of weight: the range where the winner stays first, and a tick at today's."""

    def __init__(self, interval: WeightInterval, width: float) -> None:
        super().__init__()
        self.interval = interval
        self.width = width
        self.height = 9.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """A fixed size: the cell's width as given, one line high."""
        return self.width, self.height

    def draw(self) -> None:
        """The 0-100 track, the stable range over it, today's weight as a dark tick."""
        canvas = self.canv
        span = self.width
        low, high = self.interval.low_pct / 100.0, self.interval.high_pct / 100.0
        canvas.setFillColor(TRACK)
        canvas.rect(0, 2, span, 5, stroke=0, fill=1)
        canvas.setFillColor(STAY_FILL)
        canvas.rect(span * low, 2, max(span * (high - low), 0.8), 5, stroke=0, fill=1)
        x = span * min(max(self.interval.weight_pct / 100.0, 0.0), 1.0)
        canvas.setFillColor(NAVY)
        canvas.rect(x - 0.9, 0, 1.8, 9, stroke=0, fill=1)


# --------------------------------------------------------------------------- the section


def sensitivity_section(analysis: Analysis, evaluation: Evaluation, width: float, *,
                        number: str) -> list[Any]:
    """The whole section: scenarios, weight ranges, tipping points, cross-checks and the
    disagreement notes."""
    names = analysis.provider_names
    winner = names.get(analysis.winner, analysis.winner)
    story: list[Any] = [CondPageBreak(260), heading("Sensitivity and robustness", number=number)]
    eligible = len(analysis.eligible)
    left_out = [names.get(k, k) for k in analysis.ineligible]
    tied = [names.get(r.provider, r.provider) for r in analysis.ranking.results
            if r.eligible and r.rank == 1]
    varies = ("This section varies what the team was unsure about, the weights and the "
              f"evaluators' scores, and ranks the {eligible} eligible providers again.")
    if eligible == 1:
        opening = (f"{winner} is the only eligible provider, so no weighting and no "
                   "evaluator's score can change the choice.")
    elif len(tied) > 1:
        opening = (f"{and_list(tied)} share first place; this section follows "
                   f"{winner}, listed first by name. {varies}")
    else:
        opening = f"How sure is the choice of {winner}, and what would change it? {varies}"
    if len(left_out) > 5:
        opening += (f" The {len(left_out)} ineligible providers stay out whatever the weights: "
                    "the gate is not re-run.")
    elif left_out:
        opening += (f" {and_list(left_out)} "
                    f"{'stays' if len(left_out) == 1 else 'stay'} out whatever the weights: "
                    "the gate is not re-run.")
    story.append(para(opening))
    if eligible > 1:
        story += _scenarios(analysis, width)
        story += _weight_ranges(analysis, width)
        story += _tipping_points(analysis, width)
        story += _cross_checks(analysis)
    story += disagreement_notes(analysis, evaluation, width)
    return story


# --------------------------------------------------------------------------- scenarios


def _scenarios(analysis: Analysis, width: float) -> list[Any]:
    styles = memo_styles()
    carlo = analysis.monte_carlo
    names = analysis.provider_names
    samples = f"{carlo.samples:,}"
    varied = carlo.varied_cells
    story: list[Any] = [heading(f"How often each provider wins, over {samples} scenarios", 1)]
    story.append(para(
        f"In each of {samples} scenarios the weights were shifted at random around today's"
        f"{_weight_spread_words(analysis)}, and every judgement score the evaluators disagreed "
        "on and did not moderate was redrawn between its lowest and highest evaluator score "
        f"({varied} score{'s' if varied != 1 else ''}); then the providers were ranked again. "
        "Term and price scores are facts of the offers and stay fixed. The columns give how "
        "often each provider finished in each place."))
    ranks = {r.provider: r.rank for r in analysis.ranking.results if r.eligible}
    order = [k for k in analysis.eligible if k in carlo.win_probability]
    places = min(len(order), 4)
    lower = len(order) > places
    header = [head("Provider"), head("Rank today", right=True), head("Finishes first")]
    place_words = ("first", "second", "third", "fourth")
    for place in range(1, places):
        text = "Lower" if lower and place == places - 1 else place_words[place].capitalize()
        header.append(head(text, right=True))
    bar_width = width * 0.30
    widths = [width * 0.31, width * 0.1, bar_width + 10]
    rest = width - sum(widths)
    widths += [rest / max(places - 1, 1)] * (places - 1)
    rows: list[list[Any]] = [header]
    shown = order[:MAX_PROVIDER_ROWS]
    for key in shown:
        distribution = carlo.rank_distribution.get(key, ())
        line = [line_cell(names.get(key, key), widths[0], bold=key == analysis.winner),
                number_cell(str(ranks.get(key, "—"))),
                ProbabilityBar(carlo.win_probability[key], bar_width,
                               strong=key == analysis.winner)]
        for place in range(1, places):
            if lower and place == places - 1:
                chance = sum(distribution[place:])
            else:
                chance = distribution[place] if place < len(distribution) else 0.0
            line.append(number_cell(probability_words(chance)))
        rows.append(line)
    hidden = order[MAX_PROVIDER_ROWS:]
    if hidden:
        together = sum(carlo.win_probability[k] for k in hidden)
        rows.append([cell(f"The other {len(hidden)} eligible providers", styles.cell_small), "",
                     ProbabilityBar(together, bar_width)] + [""] * (places - 1))
    table = WholeRowTable(rows, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
    style = grid_style(right_columns=(1, *range(3, 3 + places - 1)), rows=len(rows))
    style.add("VALIGN", (0, 1), (-1, -1), "MIDDLE")
    if shown and shown[0] == analysis.winner:
        style.add("BACKGROUND", (0, 1), (-1, 1), WIN_FILL)
    table.setStyle(style)
    story += [table, Spacer(1, 3), para(
        f"Weights drawn from a Dirichlet distribution of concentration "
        f"{format_number(carlo.concentration)} around today's; seed {carlo.seed}, so the same "
        "figures come back every time (slaselect analyse FILE --samples "
        f"{carlo.samples} --seed {carlo.seed}). Providers tied for first place in a scenario "
        "share that win.", styles.muted)]
    return story


def _weight_spread_words(analysis: Analysis) -> str:
    """ " (a weight of 15 % typically landing between 10 % and 20 %)" for the largest weight:
    one standard deviation of its Dirichlet draw either side."""
    shares = [s.weight_pct / 100.0 for s in analysis.stability if s.weight_pct > 0]
    if not shares:
        return ""
    share = max(shares)
    if share >= 1.0:
        return ""
    spread = (share * (1.0 - share) / (analysis.monte_carlo.concentration + 1.0)) ** 0.5
    low, high = max(share - spread, 0.0) * 100, min(share + spread, 1.0) * 100
    return (f" (a weight of {format_number(share * 100, 1)} % typically landing between "
            f"{format_number(low, 0)} % and {format_number(high, 0)} %)")


# --------------------------------------------------------------------------- weight ranges


def _outside_words(interval: WeightInterval, names: dict[str, str]) -> str:
    parts = []
    if interval.overtaken_below is not None and interval.low_pct > 0.0:
        rival = names.get(interval.overtaken_below, interval.overtaken_below)
        parts.append(f"below {percent_words(interval.low_pct, interval.weight_pct)}: {rival}")
    if interval.overtaken_above is not None and interval.high_pct < 100.0:
        rival = names.get(interval.overtaken_above, interval.overtaken_above)
        parts.append(f"above {percent_words(interval.high_pct, interval.weight_pct)}: {rival}")
    return "\n".join(parts)


def _weight_ranges(analysis: Analysis, width: float) -> list[Any]:
    styles = memo_styles()
    names = dict(analysis.provider_names)
    winner = names.get(analysis.winner, analysis.winner)
    story: list[Any] = [CondPageBreak(180), heading("How far each weight can move", 1)]
    story.append(para(
        f"For each criterion, the share of the total weight over which {winner} stays first "
        "when that criterion's weight changes and the other criteria keep their proportions. "
        "In the bar, the green part is that range on a 0–100 % scale and the dark tick "
        "today's weight. Outside the range, the provider named takes first place."))
    header = [head("Criterion"), head("Weight now", right=True),
              head(f"{winner} stays first"), head("0–100 % of the weight"),
              head("Outside the range, first place goes to")]
    widths = [width * w for w in (0.27, 0.1, 0.16, 0.17, 0.30)]
    rows: list[list[Any]] = [header]
    criteria = analysis.criterion_names
    ties = analysis.end_ties or {}
    for interval in analysis.stability:
        outside = _outside_words(interval, names)
        rows.append([
            line_cell(criteria.get(interval.criterion, interval.criterion), widths[0],
                      bold=bool(outside)),
            number_cell(percent_words(interval.weight_pct)),
            line_cell(stay_words(interval), widths[2], bold=bool(outside)),
            RangeBar(interval, widths[3] - 12),
            line_cell(outside, widths[4]) if outside else cell(
                _no_one(end_tie_note(interval, ties.get(interval.criterion), names)),
                styles.cell_small),
        ])
    table = WholeRowTable(rows, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
    style = grid_style(right_columns=(1,), rows=len(rows))
    style.add("VALIGN", (3, 1), (3, -1), "MIDDLE")
    table.setStyle(style)
    story.append(table)
    return story


def _no_one(tie_note: str) -> str:
    """The last column when no one overtakes: any shared first place at an end, in the wide
    column rather than the narrow range column."""
    return f"no one ({tie_note})" if tie_note else "no one"


# --------------------------------------------------------------------------- tipping points


def _tipping_points(analysis: Analysis, width: float) -> list[Any]:
    styles = memo_styles()
    points = analysis.tipping_points
    story: list[Any] = [heading("Tipping points", 1)]
    if not points:
        story.append(para("No change to a single criterion's weight, however large, would hand "
                          "first place to another provider."))
        return story
    story.append(para("The weights at which another provider would take first place, the "
                      "nearest to today's weights first:"))
    story += [bullet(markup(p.sentence)) for p in points[:MAX_TIPPING_SENTENCES]]
    if len(points) > MAX_TIPPING_SENTENCES:
        more = len(points) - MAX_TIPPING_SENTENCES
        story.append(para(f"… and {more} more, further from today's weights (see the table "
                          "above).", styles.muted))
    chart = sweep_chart(analysis, width)
    if chart is not None:
        nearest = points[0]
        criterion = analysis.criterion_names.get(nearest.criterion, nearest.criterion)
        story.append(KeepTogether([
            rich(f"Weighted scores as the weight of {markup(criterion)} changes", styles.h3),
            para("Each line is an eligible provider's weighted score (0–10) when this one "
                 "criterion's share of the weight goes from 0 to 100 % and the others keep "
                 "their proportions. The dotted line is today's weight, the dashed line the "
                 "tipping point.", styles.muted),
            chart,
        ]))
    return story


def sweep_chart(analysis: Analysis, width: float) -> Any | None:
    """A line chart of every eligible provider's total against the weight of the criterion
    of the nearest tipping point (None without a tipping point)."""
    if not analysis.tipping_points:
        return None
    fonts = memo_fonts()
    nearest = analysis.tipping_points[0]
    sweep = weight_sweep(analysis.table, nearest.criterion, points=101)
    names = analysis.provider_names
    order = [analysis.winner, nearest.provider] + [
        k for k in analysis.eligible if k not in (analysis.winner, nearest.provider)]
    keys = [k for k in order if k in sweep.providers][:MAX_CHART_LINES]
    rows = [sweep.providers.index(k) for k in keys]
    totals = sweep.totals[rows]
    low = max(0.0, float(int(totals.min())))
    high = min(10.0, float(int(totals.max()) + 1))
    if high - low < 1.0:
        high = min(10.0, low + 1.0)
    legend_rows = -(-len(keys) // 2)
    legend_height = legend_rows * 12.0 + 6
    left, bottom, top = 30.0, legend_height + 22.0, 12.0
    plot_height = 150.0
    plot_width = width - left - 10
    drawing = Drawing(width, bottom + plot_height + top)

    def at(x_pct: float, total: float) -> tuple[float, float]:
        return (left + plot_width * x_pct / 100.0,
                bottom + plot_height * (total - low) / (high - low))

    step = 0.5 if high - low <= 3 else 1.0 if high - low <= 6 else 2.0
    value = low
    while value <= high + 1e-9:
        _, y = at(0, value)
        drawing.add(Line(left, y, left + plot_width, y, strokeColor=TRACK, strokeWidth=0.5))
        drawing.add(String(left - 4, y - 2.5, format_number(value, 1), fontName=fonts.regular,
                           fontSize=7, fillColor=MUTED, textAnchor="end"))
        value += step
    for tick in range(0, 101, 20):
        x, _ = at(tick, low)
        drawing.add(Line(x, bottom, x, bottom - 3, strokeColor=RULE, strokeWidth=0.5))
        drawing.add(String(x, bottom - 12, f"{tick} %", fontName=fonts.regular, fontSize=7,
                           fillColor=MUTED, textAnchor="middle"))
    drawing.add(Line(left, bottom, left + plot_width, bottom, strokeColor=RULE, strokeWidth=0.6))
    marks = sorted(((sweep.weight_pct, [1, 2], "today"),
                    (nearest.bound_pct, [4, 2], "tipping point")), key=lambda m: m[0])
    for side, (x_pct, dash, label) in enumerate(marks):
        x, _ = at(x_pct, low)
        drawing.add(Line(x, bottom, x, bottom + plot_height, strokeColor=INK, strokeWidth=0.7,
                         strokeDashArray=dash))
        text = f"{label} {percent_words(x_pct)}"
        room = stringWidth(text, fonts.regular, 7) + 4
        # The left mark is labelled on its left, the right one on its right, inside the plot.
        anchor = "end" if side == 0 else "start"
        if anchor == "end" and x - room < left:
            anchor = "start"
        if anchor == "start" and x + room > left + plot_width:
            anchor = "end"
        drawing.add(String(x + (3 if anchor == "start" else -3), bottom + plot_height + 2,
                           text, fontName=fonts.regular, fontSize=7, fillColor=INK,
                           textAnchor=anchor))
    palette = [NAVY, FAIL_INK] + list(OTHER_LINES) * 2
    xs = sweep.x_pct.tolist()
    for index in reversed(range(len(keys))):  # the winner drawn last, on top
        points: list[float] = []
        for x_pct, total in zip(xs, totals[index].tolist(), strict=True):
            points.extend(at(x_pct, total))
        drawing.add(PolyLine(points, strokeColor=palette[index],
                             strokeWidth=1.8 if index < 2 else 0.9))
    column = plot_width / 2
    for index, key in enumerate(keys):
        row, side = divmod(index, 2)
        x = left + side * column
        y = legend_height - 10 - row * 12.0
        drawing.add(Line(x, y + 3, x + 14, y + 3, strokeColor=palette[index],
                         strokeWidth=1.8 if index < 2 else 0.9))
        label = names.get(key, key)
        role = " (recommended)" if key == analysis.winner else (
            " (overtakes)" if key == nearest.provider else "")
        for shape in run_strings(x + 18, y, fit_text(label + role, fonts.regular, 7.5,
                                                     column - 24), fonts.regular, 7.5, INK):
            drawing.add(shape)
    return drawing


# --------------------------------------------------------------------------- cross-checks


def method_words(analysis: Analysis) -> str:
    """Whether TOPSIS agrees with the weighted sum, in one sentence."""
    agreement = analysis.method_agreement
    names = analysis.provider_names
    correlation = (f" (rank correlation {agreement.spearman:.2f}, where 1 is the same order)"
                   if agreement.spearman is not None else "")
    if agreement.same_winner:
        return (f"TOPSIS, a second ranking method, also puts "
                f"{names[agreement.wsm_winner]} first{correlation}.")
    for warning in analysis.warnings():
        if warning.startswith("The two ranking methods disagree"):
            return warning + (
                f" The rank correlation of the two orders is {agreement.spearman:.2f} (1 would "
                "be the same order, −1 the reverse)." if agreement.spearman is not None else "")
    return (f"TOPSIS, a second ranking method, puts {names[agreement.topsis_winner]} first"
            f"{correlation}, so the choice depends on the method.")


def dominated_words(analysis: Analysis) -> list[str]:
    """Who cannot rank first under any weighting, or can only share first place, worded from
    the exact check (CONTRACT 6 ``potentially_optimal``), never from domination alone."""
    return list(analysis.optimality_sentences())


def _cross_checks(analysis: Analysis) -> list[Any]:
    story: list[Any] = [heading("Cross-checks", 1)]
    story.append(bullet(markup(method_words(analysis))))
    story += [bullet(markup(sentence)) for sentence in dominated_words(analysis)]
    for warning in analysis.warnings():
        if not warning.startswith("The two ranking methods disagree"):
            story.append(bullet(markup(warning)))
    return story
