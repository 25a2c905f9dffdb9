"""The decision analysis as plain text for the terminal (``slaselect analyse``), summary first.

Then robustness, tipping points, weight stability, evaluator disagreement and calibration, and
the cross-checks, wrapped to 100 columns.
"""

from __future__ import annotations

import math
import textwrap

from slaselect.documents.text.plain_text import column_table, table
from slaselect.documents.text.terminal import visible
from slaselect.domain.analysis import Analysis
from slaselect.domain.wording import and_list, format_number, ordinal, plural

_WIDTH = 100
_GLUE = "\u00a0"  # no-break space while wrapping
_RANK_COLUMNS = 6  # wins and 2nd to 6th place; the rest add up in one column


def analysis_text(analysis: Analysis) -> str:
    """The analysis as a plain-text report, summary first."""
    names = analysis.provider_names
    eligible = len(analysis.eligible)
    heading = (
        f"Decision analysis of the weighted-sum ranking: {plural(eligible, 'eligible provider')}"
    )
    if analysis.ineligible:
        left_out = and_list([names[k] for k in analysis.ineligible])
        verb = "is" if len(analysis.ineligible) == 1 else "are"
        heading += f" ({left_out} {verb} ineligible and left out)"
    lines = [analysis.evaluation_name, *_wrapped(heading + ".", "")]
    lines += ["", "Summary", *_wrapped(" ".join(analysis.summary()), "  ")]
    warnings = analysis.warnings()
    if warnings:
        lines += ["", "Warnings"]
        for warning in warnings:
            lines += _wrapped(warning, "  - ", "    ")
    lines += _robustness_lines(analysis)
    lines += _tipping_lines(analysis)
    lines += _stability_lines(analysis)
    lines += _disagreement_lines(analysis)
    lines += _calibration_lines(analysis)
    lines += _cross_check_lines(analysis)
    return visible("\n".join(lines) + "\n")


def _robustness_lines(analysis: Analysis) -> list[str]:
    carlo = analysis.monte_carlo
    names = analysis.provider_names
    count = len(carlo.providers)
    title = (
        f"Robustness: {carlo.samples:,} scenarios (seed {carlo.seed}, weight concentration "
        f"{format_number(carlo.concentration)}, "
        f"{plural(carlo.varied_cells, 'judgement score')} redrawn within the evaluators' spread)"
    )
    shown = min(count, _RANK_COLUMNS)
    headers = ["Provider", "Wins"] + [ordinal(r) for r in range(2, shown + 1)]
    if count > shown:
        headers.append("Lower")
    rows = []
    for key in carlo.providers:
        distribution = carlo.rank_distribution[key]
        row = [names[key], _pct(carlo.win_probability[key])]
        row += [_pct(p) for p in distribution[1:shown]]
        if count > shown:
            row.append(_pct(sum(distribution[shown:])))
        rows.append(row)
    return ["", *_wrapped(title, ""), *table(headers, rows, set(range(1, len(headers))))]


def _tipping_lines(analysis: Analysis) -> list[str]:
    lines = ["", "Tipping points, nearest first"]
    if not analysis.tipping_points:
        return [*lines, "  None: no single weight change hands first place to another provider."]
    for point in analysis.tipping_points:
        lines += _wrapped(point.sentence, "  - ", "    ")
    if all(s.low_pct <= 0.0 for s in analysis.stability):
        winner = analysis.provider_names[analysis.winner]
        lines += _wrapped(f"Lowering any single weight, even to 0 %, leaves {winner} first.",
                          "  ")
    return lines


def _stability_lines(analysis: Analysis) -> list[str]:
    names = analysis.provider_names
    winner = names[analysis.winner]
    rows = []
    for s in analysis.stability:
        overtaken = [f"{names[k]} {side}" for k, side in
                     ((s.overtaken_below, "below"), (s.overtaken_above, "above")) if k]
        rows.append([analysis.criterion_names[s.criterion], _share(s.weight_pct),
                     _share(s.low_pct), _share(s.high_pct), ", ".join(overtaken)])
    return [
        "",
        *_wrapped(f"Weight stability: the share of the total weight over which {winner} stays "
                  "first (the other weights keep their proportions)", ""),
        *table(["Criterion", "Weight", "From", "To", "Beyond, first is"], rows, {1, 2, 3}),
    ]


def _disagreement_lines(analysis: Analysis) -> list[str]:
    points = format_number(analysis.threshold, 1)
    title = f"Evaluator disagreement: scores {points} points or more apart (0-10)"
    if not analysis.disagreement:
        return ["", title, "  None."]
    # A tender lists tens of thousands of disagreements over a few distinct scores: each
    # score, range and pair of scores is worded once (zero once per sign: -0.0 and 0.0 are
    # one key but two words).
    worded: dict[float, str] = {}
    zero: dict[bool, str] = {}
    ranges: dict[float, str] = {}
    pairs: dict[tuple[float, float], str] = {}

    def score(value: float) -> str:
        if not value:
            negative = math.copysign(1.0, value) < 0.0
            text = zero.get(negative)
            if text is None:
                text = zero[negative] = format_number(value, 1)
            return text
        text = worded.get(value)
        if text is None:
            text = worded[value] = format_number(value, 1)
        return text

    def between(lowest: float, highest: float) -> str:
        text = pairs.get((lowest, highest))
        if text is None:
            text = f"{score(lowest)} to {score(highest)}"
            if lowest and highest:
                pairs[lowest, highest] = text
        return text

    def points_apart(value: float) -> str:
        text = ranges.get(value)
        if text is None:
            text = f"{value:.1f}"
            if value:
                ranges[value] = text
        return text

    spreads = analysis.disagreement
    providers, criteria = analysis.provider_names, analysis.criterion_names
    columns = [
        [providers[d.provider] for d in spreads],
        [criteria[d.criterion] for d in spreads],
        [points_apart(d.range) for d in spreads],
        [f"{d.std:.2f}" for d in spreads],
        [between(d.lowest, d.highest) for d in spreads],
        ["yes" if d.moderated else "no" for d in spreads],
    ]
    headers = ["Provider", "Criterion", "Range", "Std dev", "Scores", "Moderated"]
    return ["", title, *column_table(headers, columns, {2, 3})]


def _calibration_lines(analysis: Analysis) -> list[str]:
    if not analysis.calibration:
        return []
    rows = [
        [c.name, str(c.scores), f"{c.mean_offset:+.2f}", f"{c.mean_absolute_offset:.2f}"]
        for c in analysis.calibration
    ]
    return [
        "",
        "Evaluator calibration: offset from the consensus score (0-10; + is more generous)",
        *table(["Evaluator", "Scores", "Mean offset", "Mean distance"], rows, {1, 2, 3}),
    ]


def _cross_check_lines(analysis: Analysis) -> list[str]:
    names = analysis.provider_names
    lines = ["", "Cross-checks"]
    if analysis.dominated:
        for item in analysis.dominated:
            lines += _wrapped(
                f"{names[item.provider]} is dominated by {names[item.by]}: no better on any "
                "criterion and worse on at least one.", "  - ", "    ")
    else:
        lines.append("  - No eligible provider is dominated by another.")
    # Not being dominated does not mean a provider can win: only the exact check says who can.
    for sentence in analysis.optimality_sentences():
        lines += _wrapped(sentence, "  - ", "    ")
    agreement = analysis.method_agreement
    correlation = (
        "undefined" if agreement.spearman is None else f"{agreement.spearman:.2f}"
    )
    verdict = (
        "the same winner" if agreement.same_winner
        else f"a different winner, {names[agreement.topsis_winner]}"
    )
    lines += _wrapped(
        f"WSM and TOPSIS: Spearman rank correlation {correlation}; TOPSIS picks {verdict}.",
        "  - ", "    ")
    return lines


def _wrapped(text: str, first: str, rest: str | None = None) -> list[str]:
    # A number and its unit stay on one line: "6 %" is never split into "6" and "%".
    glued = text.replace(" %", _GLUE + "%")
    lines = textwrap.wrap(glued, _WIDTH, initial_indent=first,
                          subsequent_indent=first if rest is None else rest,
                          break_on_hyphens=False) or [first.rstrip()]
    return [line.replace(_GLUE, " ") for line in lines]


def _pct(probability: float) -> str:
    # Never a false "0.0 %" or "100.0 %" for something that did or did not happen rarely.
    if 0.0 < probability < 0.0005:
        return "<0.1 %"
    if 0.9995 <= probability < 1.0:
        return ">99.9 %"
    return f"{probability * 100:.1f} %"


def _share(value_pct: float) -> str:
    return f"{value_pct:.1f} %"
