"""Plain-text reports for the terminal: readable tables with aligned numbers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slaselect.documents.text.terminal import UNSAFE_OR_BREAK, one_line, visible
from slaselect.domain.comparison import FIGURE_TITLES, Comparison, figure_text
from slaselect.domain.figures import FIGURE_NAMES
from slaselect.domain.model import Evaluation
from slaselect.domain.negotiation import RoundComparison
from slaselect.domain.ranking import Method, Ranking, ScoreTable
from slaselect.domain.wording import format_number, plural

METHOD_TITLES = {
    Method.WSM: "weighted sum (WSM), 0-10",
    Method.TOPSIS: "TOPSIS closeness to the ideal provider, 0-1",
}


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    """Lines of a table; columns in ``right`` are right-aligned (numbers). A control character
    in a cell is shown as an escape before the columns are measured, so they stay aligned."""
    if all(len(row) == len(headers) for row in rows):
        columns = [list(column) for column in zip(*rows, strict=True)] if rows else [
            [] for _ in headers]
        return column_table(headers, columns, right)
    headers = [one_line(h) for h in headers]
    rows = [[one_line(cell) for cell in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))

    def line(cells: Sequence[str]) -> str:
        parts = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(cells)
        ]
        return "  ".join(parts).rstrip()

    return [line(headers), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


def column_table(headers: Sequence[str], columns: Sequence[Sequence[str]],
                 right: set[int]) -> list[str]:
    """``table`` given column by column (one list of cells per header, all as long).

    Tens of thousands of rows (a tender's disagreements) are laid out a column at a time: the
    escapes are looked for once per column, and each line is one ``str.format``.
    """
    headers = [one_line(h) for h in headers]
    columns = [[one_line(cell) for cell in column]
               if UNSAFE_OR_BREAK.search("".join(column)) else column for column in columns]
    widths = [max(len(header), max(map(len, column), default=0))
              for header, column in zip(headers, columns, strict=True)]
    # the last column is padded too, then stripped, as ljust/rjust then rstrip would
    layout = "  ".join(f"{{:{'>' if i in right else '<'}{width}}}"
                       for i, width in enumerate(widths))
    return [layout.format(*headers).rstrip(), "  ".join("-" * w for w in widths),
            *(line.rstrip() for line in map(layout.format, *columns))]


def ranking_text(evaluation: Evaluation, ranking: Ranking, scores: ScoreTable) -> str:
    """The ranking, then every criterion score with its weight, so totals can be re-derived."""
    lines = [f"{evaluation.name}", f"Ranking by {METHOD_TITLES[ranking.method]}", ""]
    rows = []
    decimals = 2 if ranking.method is Method.WSM else 3
    for result in ranking.results:
        score = "—" if result.score is None else f"{result.score:.{decimals}f}"
        rows.append(
            [
                str(result.rank) if result.rank is not None else "—",
                result.name,
                score,
                "yes" if result.eligible else "NO",
            ]
        )
    lines += table(["Rank", "Provider", "Score", "Eligible"], rows, {0, 2})
    ineligible = [r for r in ranking.results if not r.eligible]
    if ineligible:
        lines += ["", "Why providers are ineligible:"]
        for result in ineligible:
            for reason in result.reasons:
                lines.append(f"  {result.name}: {reason}")
    if not ranking.complete:
        count = len(ranking.missing)
        lines += ["", f"Incomplete: {plural(count, 'judgement score')} missing, counted as 0:"]
        names = {p.key: p.name for p in evaluation.providers}
        criteria = {c.key: c.name for c in evaluation.criteria}
        for item in ranking.missing[:20]:
            lines.append(f"  {names.get(item.provider, item.provider)} — "
                         f"{criteria.get(item.criterion, item.criterion)}")
        if len(ranking.missing) > 20:
            lines.append(f"  … and {len(ranking.missing) - 20} more")

    lines += ["", "Criterion scores (0-10) and weights:"]
    shares = scores.normalised_weights
    row_of = {p.key: i for i, p in enumerate(scores.providers)}  # not .index: n² at tenders
    order = [row_of[r.provider] for r in ranking.results]
    headers = ["Criterion", "Kind", "Weight"] + [scores.providers[i].name for i in order]
    rows = []
    for j, criterion in enumerate(scores.criteria):
        rows.append(
            [criterion.name, criterion.kind.value, f"{shares[j] * 100:.1f} %"]
            + [f"{scores.scores[i, j]:.2f}" for i in order]
        )
    if ranking.method is Method.WSM:
        rows.append(["Weighted total", "", "100.0 %"] + [
            f"{(ranking.results[k].score or 0.0):.2f}" for k in range(len(order))
        ])
    lines += table(headers, rows, set(range(2, len(headers))))
    if ranking.method is Method.WSM:
        lines += ["", "Total = sum over criteria of weight share x criterion score."]
    else:
        lines += ["", "TOPSIS ranks eligible providers only; ineligible providers have no score."]
    return visible("\n".join(lines) + "\n")


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def figures_text(evaluation: Evaluation, entries: list[dict[str, Any]]) -> str:
    """Derived figures: one column per provider, one row per figure."""
    names = {p.key: p.name for p in evaluation.providers}
    headers = ["Figure"] + [
        f"{names[e['provider']]} (round {e['round'] if e['round'] is not None else '—'})"
        for e in entries
    ]
    rows = []
    for figure in FIGURE_NAMES:
        rows.append([FIGURE_TITLES[figure]] + [
            figure_text(figure, e["figures"][figure], evaluation.currency) for e in entries
        ])
    lines = [evaluation.name, "Derived SLA figures (how: docs/scoring.md, CONTRACT section 5)", ""]
    lines += table(headers, rows, set(range(1, len(headers))))
    scenario = evaluation.scenario
    lines += ["", f"Scenario: exit at month {scenario.exit_month}, "
              f"{format_number(scenario.support_hours_month)} support hours a month, "
              f"claims succeed {format_number(scenario.claim_success * 100)} % of the time, "
              f"costs over {evaluation.horizon_months} months."]
    return visible("\n".join(lines) + "\n")


def comparison_text(evaluation: Evaluation, comparison: Comparison, width: int = 26) -> str:
    """The side-by-side grid by category; + best, - worst, ! fails a must-have."""
    headers = ["Term"] + [
        f"{p.name} (r{comparison.rounds[p.key] if comparison.rounds[p.key] is not None else '—'})"
        for p in comparison.providers
    ]
    legend = "Side by side: + best in row, - worst in row, ! fails a must-have"
    lines = [evaluation.name, legend, ""]
    for category, rows in comparison.categories():
        lines.append(f"== {category}")
        body = []
        for row in rows:
            cells = []
            for cell in row.cells:
                mark = "!" if cell.must_have_failure else "+" if cell.best else "-" if cell.worst \
                    else " "
                cells.append(f"{mark}{_clip(cell.text, width)}")
            body.append([_clip(row.name, 34)] + cells)
        lines += table(headers, body, set())
        lines.append("")
    return visible("\n".join(lines))


def diff_text(evaluation: Evaluation, comparison: RoundComparison, story: str) -> str:
    """A provider's changes between two rounds: the summary sentence, then a table."""
    provider = evaluation.provider(comparison.provider)
    lines = [f"{provider.name}: round {comparison.from_round} -> round {comparison.to_round}",
             "", story, ""]
    if comparison.changes:
        rows = [
            [
                _clip(c.term.name, 34), _clip(c.old_text, 30), _clip(c.new_text, 30), c.verdict,
                "" if c.score_change is None else f"{c.score_change:+.2f}",
            ]
            for c in comparison.changes
        ]
        lines += table(["Term", "Before", "After", "For the buyer", "Score"], rows, {4})
    return visible("\n".join(lines) + "\n")


def check_text(evaluation: Evaluation, warnings: Sequence[str]) -> str:
    """What ``slaselect check`` found in an evaluation: how much it holds, then each warning."""
    lines = [
        f"{len(evaluation.providers)} providers, {len(evaluation.evaluators)} evaluators, "
        f"{len(evaluation.criteria)} criteria, {len(evaluation.terms)} terms, "
        f"{len(evaluation.scores)} scores, {len(evaluation.rounds)} negotiation rounds."
    ]
    if warnings:
        lines.append(f"{plural(len(warnings), 'warning')}:")
        lines += [f"  - {warning}" for warning in warnings]
    else:
        lines.append("No warnings.")
    return visible("\n".join(lines) + "\n")
